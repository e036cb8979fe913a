"""What the person page and panel show: this month's entitlements, benefits with their
decisions, arrears owed and paid. Everything read through the viewer's scope."""

from django.utils import timezone

from .engine import RateTable
from .models import CASH_KINDS, BenefitStatus, Decider, LineKind, PayrollStatus, Policy
from .months import add_months, first_day
from .permissions import can_decide, can_draft_decision, can_edit_facts
from .selectors import person_entitlements
from .selectors.ledger import benefit_ledgers
from .selectors.lists import person_benefits, person_decision_drafts, person_decisions
from .selectors.scope import payrolls_visible_to


def person_policy_summary(request, person, *, month=None, result=None) -> dict:
    viewer = request.user
    rates = RateTable.load()
    this_month = first_day(timezone.localdate())
    month = month or this_month
    if result is None:
        result = person_entitlements(person=person, month=month, rates=rates)
    benefits = person_benefits(viewer=viewer, person=person)
    ledgers = benefit_ledgers(benefits, until=add_months(this_month, -1), rates=rates)
    owed = []
    for benefit in benefits:
        months = [entry for entry in ledgers.get(benefit.id, []) if entry.difference]
        if months:
            owed.append({"benefit": benefit, "months": months, "total": sum(e.difference for e in months)})
    paid_arrears = _paid_arrears(viewer, person)
    open_codes = {
        b.policy.code for b in benefits if b.status != BenefitStatus.STOPPED and b.commune_id == person.commune_id
    }
    drafts = list(person_decision_drafts(viewer=viewer, person=person))
    open_codes |= {d.policy.code for d in drafts if d.kind == "grant"}  # a grant already waiting for signature
    entitled_codes = {item.policy for item in (result.items if result else [])}
    grantable = [
        p for p in Policy.objects.filter(kind__in=CASH_KINDS, decided_by=Decider.COMMUNE_CHAIRMAN, is_active=True)
        if p.code in entitled_codes and p.code not in open_codes
    ]  # fmt: skip
    return {
        "month": month,
        "result": result,
        "benefits": benefits,
        "decisions": list(person_decisions(viewer=viewer, person=person)),
        "owed": owed,
        "owed_total": sum(o["total"] for o in owed),
        "paid_arrears": paid_arrears,
        "can_decide": can_decide(viewer, person.commune_id),
        "can_draft": can_draft_decision(viewer, person.commune_id),
        "drafts": drafts,
        "drafting_benefits": {d.benefit_id for d in drafts if d.benefit_id},
        "can_edit_facts": can_edit_facts(viewer, person),
        "grantable": grantable,
        "policy_names": dict(Policy.objects.values_list("code", "name")),
    }


def _paid_arrears(viewer, person):
    from .models import PayrollLine

    payrolls = payrolls_visible_to(viewer).filter(status=PayrollStatus.APPROVED)
    return list(
        PayrollLine.objects.filter(person=person, payroll__in=payrolls)
        .exclude(kind=LineKind.CURRENT)
        .select_related("payroll", "policy")
        .order_by("-payroll__month", "for_month")
    )
