"""Monthly payroll per commune: prepare (a draft, re-prepared at will), approve (frozen) by another
person than the one who prepared it and the one who last prepared it again (registry.maker_checker).

A frozen month is never rewritten: when rates or facts change later, the difference between
what is due and what approved payrolls paid appears on the next payroll as arrears or recovery.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from registry.errors import FieldError, NotPermitted, StaleVersion, TransitionNotAllowed
from registry.maker_checker import require_second_person
from registry.models import AdminUnit, UnitLevel

from ..engine import RateTable
from ..models import CASH_KINDS, Benefit, LineKind, Payroll, PayrollLine, PayrollStatus
from ..money import money
from ..months import add_months, first_day, last_day, month_key, month_label
from ..permissions import can_approve_payroll, can_prepare_payroll
from ..selectors.entitlements import check_month
from ..selectors.ledger import benefit_ledgers


@dataclass(frozen=True)
class LineDraft:
    benefit_id: int
    person_id: int
    policy_id: int
    for_month: date
    kind: str
    amount: int
    explanation: str


def compute_lines(*, commune: AdminUnit, month: date, rates: RateTable | None = None) -> list[LineDraft]:
    """What the payroll of `commune` for `month` pays now (no writes)."""
    rates = rates or RateTable.load()
    benefits = list(
        Benefit.objects.filter(commune=commune, policy__kind__in=CASH_KINDS, ledger_start__lte=month)
        .select_related("policy")
        .prefetch_related("decisions")
    )
    ledgers = benefit_ledgers(benefits, until=month, rates=rates, known_by=last_day(month))
    lines: list[LineDraft] = []
    with translation.override("vi"):
        for benefit in benefits:
            for entry in ledgers.get(benefit.id, []):
                text = " | ".join(item.explanation for item in entry.items)
                if entry.month == month:
                    if entry.due:
                        lines.append(LineDraft(benefit.id, benefit.person_id, benefit.policy_id, month,
                                               LineKind.CURRENT, entry.due, text[:600]))  # fmt: skip
                    continue
                diff = entry.difference
                if diff == 0:
                    continue
                if diff > 0:
                    note = _("Arrears for %(month)s: due %(due)s, paid %(paid)s") % {
                        "month": month_label(entry.month), "due": money(entry.due), "paid": money(entry.paid),
                    }  # fmt: skip
                else:
                    note = _("Recovery for %(month)s: due %(due)s, paid %(paid)s") % {
                        "month": month_label(entry.month), "due": money(entry.due), "paid": money(entry.paid),
                    }  # fmt: skip
                kind = LineKind.ARREARS if diff > 0 else LineKind.RECOVERY
                explanation = f"{note}. {text}" if text else note
                lines.append(LineDraft(benefit.id, benefit.person_id, benefit.policy_id, entry.month, kind, diff,
                                       explanation[:600]))  # fmt: skip
    return lines


def _signature(lines) -> list[tuple]:
    return sorted((line.benefit_id, line.for_month, line.kind, line.amount) for line in lines)


def _write_lines(payroll: Payroll, lines: list[LineDraft]) -> None:
    payroll.lines.all().delete()
    PayrollLine.objects.bulk_create(
        [
            PayrollLine(
                payroll=payroll,
                benefit_id=line.benefit_id,
                person_id=line.person_id,
                policy_id=line.policy_id,
                for_month=line.for_month,
                kind=line.kind,
                amount=line.amount,
                explanation=line.explanation,
            )  # fmt: skip
            for line in lines
        ],
        batch_size=1000,
    )
    payroll.current_total = sum(line.amount for line in lines if line.kind == LineKind.CURRENT)
    payroll.arrears_total = sum(line.amount for line in lines if line.kind != LineKind.CURRENT)
    payroll.total = payroll.current_total + payroll.arrears_total
    payroll.person_count = len({line.person_id for line in lines})


@transaction.atomic
def payroll_prepare(*, actor, commune: AdminUnit, month: date) -> Payroll:
    """Create or refresh the draft payroll of a commune for a month."""
    if not isinstance(commune, AdminUnit) or commune.level != UnitLevel.COMMUNE or not commune.is_current:
        raise FieldError("commune", _("Choose a current commune."))
    if not can_prepare_payroll(actor, commune.pk):
        raise NotPermitted(_("You cannot prepare payrolls for this commune."))
    rates = RateTable.load()
    month = check_month(first_day(month), rates)
    if month > add_months(first_day(timezone.localdate()), 1):
        raise FieldError("month", _("A payroll can be prepared at most one month ahead."))
    latest = (
        Payroll.objects.filter(commune=commune, status=PayrollStatus.APPROVED)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    payroll = Payroll.objects.select_for_update().filter(commune=commune, month=month).first()
    if payroll is not None and payroll.is_frozen:
        raise TransitionNotAllowed(
            _("The payroll of %(month)s is approved and frozen; changes appear on the next month's payroll.")
            % {"month": month_label(month)}
        )
    if latest and month < latest:
        raise TransitionNotAllowed(
            _("The payroll of %(month)s is already approved; earlier months are settled through its arrears.")
            % {"month": month_label(latest)}
        )
    if payroll is None:
        payroll = Payroll(commune=commune, month=month, prepared_at=timezone.now(), prepared_by=actor)
    else:
        payroll.refreshed_at, payroll.refreshed_by = timezone.now(), actor
    payroll.save()
    _write_lines(payroll, compute_lines(commune=commune, month=month, rates=rates))
    payroll.save(update_fields=["current_total", "arrears_total", "total", "person_count"])
    return payroll


@transaction.atomic
def payroll_approve(*, actor, payroll: Payroll) -> Payroll:
    """Approve the payroll as prepared: from now on it is frozen."""
    payroll = Payroll.objects.select_for_update().select_related("commune").get(pk=payroll.pk)
    if not can_approve_payroll(actor, payroll.commune_id):
        raise NotPermitted(_("Only the commune leader approves the payroll."))
    if payroll.is_frozen:
        raise TransitionNotAllowed(_("This payroll is already approved."))
    require_second_person(
        actor=actor, makers=payroll.makers, pair="payroll", commune_id=payroll.commune_id,
        what=f"payroll {payroll.pk} {payroll.commune.code} {month_key(payroll.month)}",
    )  # fmt: skip
    earlier = Payroll.objects.filter(commune_id=payroll.commune_id, status=PayrollStatus.DRAFT, month__lt=payroll.month)
    if earlier.exists():
        raise TransitionNotAllowed(
            _("Approve the payroll of %(month)s first.") % {"month": month_label(earlier.order_by("month")[0].month)}
        )
    fresh = compute_lines(commune=payroll.commune, month=payroll.month)
    if _signature(fresh) != _signature(payroll.lines.all()):
        raise StaleVersion(_("Records changed since this payroll was prepared: prepare it again and check it."))
    payroll.status = PayrollStatus.APPROVED
    payroll.approved_at = timezone.now()
    payroll.approved_by = actor
    payroll.save(update_fields=["status", "approved_at", "approved_by"])
    return payroll


@transaction.atomic
def payroll_line_set_uncollected(*, actor, line: PayrollLine, uncollected: bool) -> PayrollLine:
    """Record that a paid amount was not collected (the ground for a suspension after 3 months).
    The amounts of a frozen payroll do not change."""
    line = PayrollLine.objects.select_for_update().select_related("payroll").get(pk=line.pk)
    if not can_prepare_payroll(actor, line.payroll.commune_id):
        raise NotPermitted(_("You cannot change this payroll."))
    if not line.payroll.is_frozen:
        raise TransitionNotAllowed(_("Collection is recorded after the payroll is approved."))
    if line.kind != LineKind.CURRENT:
        raise TransitionNotAllowed(_("Collection is recorded on the month's own amount."))
    line.uncollected = bool(uncollected)
    line.save(update_fields=["uncollected"])
    return line
