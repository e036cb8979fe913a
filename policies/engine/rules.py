"""The entitlement rules of Decree 20/2021/NĐ-CP (amended by Decree 76/2024/NĐ-CP), as pure code.

`entitlements(facts, month, rates)` → the items the rules give one person for one month. Dates
follow the conventions (docs/adr/policies-entitlements-and-payroll.md):

* a status that depends on age (child under 16, 60+, under 4, child under 36 months) switches in
  the month the birthday falls in: the age counted is the age on the last day of the month;
* where the person lives and whether they are in a facility is read on the last day of the
  previous month: a move or an admission on any day of March changes who pays from April;
* the certificate starts payment in the month it was issued; death stops it from the next month.
"""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from ..money import coefficient_vi, money, times
from ..months import last_day, previous_day
from .facts import CertificateFact, Item, PersonFacts
from .rates import RateTable

MONTHLY_ALLOWANCE = "monthly_allowance"
CARE_SUPPORT = "care_support"
FACILITY_NURTURING = "facility_nurturing"
HEALTH_INSURANCE = "health_insurance"
FUNERAL_SUPPORT = "funeral_support"

ESPECIALLY_SEVERE = "especially_severe"
SEVERE = "severe"
QUALIFYING_LEVELS = (ESPECIALLY_SEVERE, SEVERE)


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def months_old(born: date, day: date) -> int:
    months = (day.year - born.year) * 12 + (day.month - born.month)
    return months - (day.day < born.day)


def certificate_for(facts: PersonFacts, month: date) -> CertificateFact | None:
    """The certificate governing the month: the latest issued by its end, unless revoked earlier."""
    end = last_day(month)
    issued = [c for c in facts.certificates if c.issued_on <= end]
    if not issued:
        return None
    current = max(issued, key=lambda c: c.issued_on)
    if current.status == "revoked" and current.status_changed_on and current.status_changed_on < month:
        return None
    return current


def paying_place(facts: PersonFacts, month: date) -> tuple[int, str]:
    """(commune id, province code) that pays for the month: where the person lived on the day before it."""
    day = previous_day(month)
    for residence in facts.residences:
        if residence.holds_on(day):
            return residence.commune_id, residence.province_code
    if facts.residences:
        first = min(facts.residences, key=lambda r: r.started_on or date.min)
        return first.commune_id, first.province_code
    return facts.commune_id, facts.province_code


def in_facility(facts: PersonFacts, month: date) -> bool:
    day = previous_day(month)
    return any(stay.covers(day) and stay.end != day for stay in facts.facility_stays)


def _basis(*parts: str) -> str:
    out: list[str] = []
    for part in parts:
        part = (part or "").strip()
        if part and not any(existing.startswith(part) or part in existing for existing in out):
            out.append(part)
    return "; ".join(out)


def _item(policy, group, coef_row, level_row, subject, paying, *, recipient="", multiplier=1, suffix=""):
    value = coef_row.value * multiplier
    amount = times(value, level_row.amount)
    basis = _basis(coef_row.legal_basis, level_row.legal_basis)
    explanation = _("%(subject)s: coefficient %(coefficient)s × standard level %(level)s = %(amount)s (%(basis)s)") % {
        "subject": subject,
        "coefficient": coefficient_vi(value),
        "level": money(level_row.amount),
        "amount": money(amount),
        "basis": basis,
    }
    return Item(
        policy=policy,
        group=group,
        coefficient=Decimal(value),
        standard_level=level_row.amount,
        amount=amount,
        legal_basis=basis,
        explanation=explanation + suffix,
        paying_commune_id=paying,
        recipient=recipient,
    )


def _disability_subject(level: str, age: int) -> str:
    if level == ESPECIALLY_SEVERE:
        if age < 16:
            return _("Especially severe disability, child under 16")
        if age < 60:
            return _("Especially severe disability, aged 16 to 59")
        return _("Especially severe disability, elderly aged 60 or over")
    if age < 16:
        return _("Severe disability, child under 16")
    if age < 60:
        return _("Severe disability, aged 16 to 59")
    return _("Severe disability, elderly aged 60 or over")


def _disability_group(level: str, age: int) -> str:
    band = "adult" if 16 <= age < 60 else "child_elderly"
    return f"{level}_{band}"


def _level_label(level: str) -> str:
    return _("especially severe") if level == ESPECIALLY_SEVERE else _("severe")


def _qualifying_level(facts: PersonFacts, month: date) -> str | None:
    certificate = certificate_for(facts, month)
    if certificate is None or certificate.level not in QUALIFYING_LEVELS:
        return None
    return certificate.level


def _own_care_group(facts: PersonFacts, month: date) -> tuple[str, str] | None:
    """(group, subject) of the pregnancy / child care support the person qualifies for alone."""
    end = last_day(month)
    level = _qualifying_level(facts, month)
    if level is None or in_facility(facts, month):
        return None
    if facts.died_on and facts.died_on < month:
        return None
    pregnant = any(p.start is not None and p.start <= end and (p.end is None or p.end > end) for p in facts.pregnancies)
    children = sum(
        1
        for c in facts.children
        if c.date_of_birth <= end
        and months_old(c.date_of_birth, end) < 36
        and (c.raised_until is None or c.raised_until >= month)
    )
    label = _level_label(level)
    if (pregnant and children >= 1) or children >= 2:
        if pregnant:
            subject = _("Person with %(level)s disability, pregnant and raising a child under 36 months") % {
                "level": label
            }
        else:
            subject = _("Person with %(level)s disability raising %(n)d children under 36 months") % {
                "level": label,
                "n": children,
            }
        return "pregnant_and_child_or_two", subject
    if pregnant:
        return "pregnant_or_one_child", _("Person with %(level)s disability, pregnant") % {"level": label}
    if children == 1:
        return "pregnant_or_one_child", _("Person with %(level)s disability raising a child under 36 months") % {
            "level": label
        }
    return None


def _spouse_takes_care_support(facts: PersonFacts, month: date, mine: str, rates: RateTable) -> bool:
    """True when a spouse also qualifies and is the one paid (higher row; tie: the mother, then lower id)."""
    end = last_day(month)
    for link in facts.spouses:
        if not link.span.covers(end):
            continue
        spouse = facts.spouse_facts.get(link.spouse_id)
        if spouse is None:
            continue
        theirs = _own_care_group(spouse, month)
        if theirs is None:
            continue
        mine_value = rates.coefficient(CARE_SUPPORT, mine, month)
        their_value = rates.coefficient(CARE_SUPPORT, theirs[0], month)
        mine_v = mine_value.value if mine_value else Decimal(0)
        their_v = their_value.value if their_value else Decimal(0)
        if their_v > mine_v:
            return True
        if their_v == mine_v:
            if spouse.sex != facts.sex:
                return spouse.sex == "female"
            return spouse.person_id < facts.person_id
    return False


def entitlements(facts: PersonFacts, month: date, rates: RateTable) -> list[Item]:
    """Everything the rules entitle the person to in `month` (first day of the month)."""
    month = month.replace(day=1)
    end = last_day(month)
    if facts.died_on and facts.died_on < month:
        return []
    paying, province = paying_place(facts, month)
    level_row = rates.standard_level(month, province)
    if level_row is None:
        return []
    items: list[Item] = []
    age = age_on(facts.date_of_birth, end)
    level = _qualifying_level(facts, month)
    facility = in_facility(facts, month)

    # Nurturing in a facility replaces the monthly allowance.
    if facility and level:
        group = "facility_under_4" if age < 4 else "facility"
        row = rates.coefficient(FACILITY_NURTURING, group, month)
        if row:
            subject = (
                _("Child under 4 with a disability in a social-assistance facility")
                if age < 4
                else _("Person with a disability in a social-assistance facility")
            )
            items.append(_item(FACILITY_NURTURING, group, row, level_row, subject, None))

    # Monthly allowance: the highest of the grounds that apply.
    if not facility:
        candidates: list[Item] = []
        if level:
            group = _disability_group(level, age)
            row = rates.coefficient(MONTHLY_ALLOWANCE, group, month)
            if row:
                candidates.append(
                    _item(MONTHLY_ALLOWANCE, group, row, level_row, _disability_subject(level, age), paying)
                )
        for ground in facts.grounds:
            if ground.ground == "single_poor_parent" or not ground.span.overlaps(month, end):
                continue
            row = rates.coefficient(MONTHLY_ALLOWANCE, ground.ground, month)
            if row:
                subject = {
                    "elderly_poor_alone": _("Elderly in a poor household without a carer"),
                    "elderly_80_no_pension": _("Aged 80 or over without a pension"),
                }.get(ground.ground, ground.ground)
                candidates.append(_item(MONTHLY_ALLOWANCE, ground.ground, row, level_row, subject, paying))
        if candidates:
            best = max(candidates, key=lambda item: item.amount)  # first wins a tie: disability first
            if len(candidates) > 1:
                note = _("; only the highest of %(n)d monthly allowances is paid") % {"n": len(candidates)}
                best = Item(**{**best.__dict__, "explanation": best.explanation + note})
            items.append(best)
        # The poor single parent's per-child amount is paid on top (Art 6.2 exception).
        if any(g.ground == "single_poor_parent" and g.span.overlaps(month, end) for g in facts.grounds):
            children = sum(
                1
                for c in facts.children
                if c.date_of_birth <= end
                and age_on(c.date_of_birth, end) < 16
                and (c.raised_until is None or c.raised_until >= month)
            )
            row = rates.coefficient(MONTHLY_ALLOWANCE, "single_poor_parent", month)
            if row and children:
                subject = _("Single parent in a poor household raising %(n)d children") % {"n": children}
                items.append(
                    _item(MONTHLY_ALLOWANCE, "single_poor_parent", row, level_row, subject, paying, multiplier=children)
                )

    # Care support for pregnancy or a child under 36 months: the highest row only, one per couple.
    own = _own_care_group(facts, month)
    if own is not None:
        group, subject = own
        row = rates.coefficient(CARE_SUPPORT, group, month)
        if row and not _spouse_takes_care_support(facts, month, group, rates):
            items.append(_item(CARE_SUPPORT, group, row, level_row, subject, paying))

    # Care support to the household caring for (or taking in) an especially severe person.
    if level == ESPECIALLY_SEVERE and not facility:
        for care in facts.care:
            if not care.span.covers(end):
                continue
            if care.kind == "taking_in":
                group = "taking_in_child" if age < 16 else "taking_in_adult"
                subject = (
                    _("Taking in a child with especially severe disability (to %(carer)s)")
                    if age < 16
                    else _("Taking in an adult with especially severe disability (to %(carer)s)")
                ) % {"carer": care.carer_name}
            else:
                group = "household_caring"
                subject = _(
                    "Household directly caring for a person with especially severe disability (to %(carer)s)"
                ) % {"carer": care.carer_name}
            row = rates.coefficient(CARE_SUPPORT, group, month)
            if row:
                items.append(_item(CARE_SUPPORT, group, row, level_row, subject, paying, recipient=care.carer_name))

    # A state-paid health-insurance card for every allowance or nurturing recipient.
    if any(item.policy in (MONTHLY_ALLOWANCE, FACILITY_NURTURING) for item in items):
        basis = rates.policy_bases.get(HEALTH_INSURANCE, "")
        items.append(
            Item(
                policy=HEALTH_INSURANCE,
                group="",
                coefficient=None,
                standard_level=None,
                amount=0,
                legal_basis=basis,
                explanation=_("Monthly allowance recipient: state-paid health-insurance card (%(basis)s)")
                % {"basis": basis},
                paying_commune_id=None,
            )
        )

    # Funeral support when a recipient dies in the month.
    if (
        facts.died_on
        and month <= facts.died_on <= end
        and any(item.policy in (MONTHLY_ALLOWANCE, FACILITY_NURTURING) for item in items)
    ):
        row = rates.coefficient(FUNERAL_SUPPORT, "funeral", month)
        if row:
            subject = _("Funeral support for a recipient who died on %(date)s") % {
                "date": facts.died_on.strftime("%d/%m/%Y")
            }
            items.append(_item(FUNERAL_SUPPORT, "funeral", row, level_row, subject, paying))
    return items
