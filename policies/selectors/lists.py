"""List selectors with their joins, built on the `*_visible_to` selectors."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, IntegerField, QuerySet, Sum, Value, When

from registry.models import AdminUnit, Person
from registry.scope import scope_of

from ..engine import RateTable, entitlements, load_facts
from ..engine.ledger import is_paid, paid_intervals
from ..models import Benefit, LineKind, Payroll, PayrollLine
from .ledger import decision_facts
from .scope import benefits_visible_to, decision_drafts_visible_to, decisions_visible_to, payrolls_visible_to


def decision_list(*, viewer) -> QuerySet:
    return decisions_visible_to(viewer).select_related(
        "person", "commune", "benefit__policy", "created_by", "drafted_by"
    )


def decision_draft_list(*, viewer) -> QuerySet:
    """Drafts in the viewer's scope, with what their pages and the API show."""
    return decision_drafts_visible_to(viewer).select_related(
        "person", "commune", "policy", "benefit", "drafted_by", "closed_by", "decision"
    )


def payroll_list(*, viewer) -> QuerySet:
    return payrolls_visible_to(viewer).select_related("commune", "prepared_by", "refreshed_by", "approved_by")


def payroll_lines(payroll: Payroll) -> QuerySet:
    return payroll.lines.select_related("person", "policy").order_by(
        "person__name_folded", "person_id", "policy__sort_order", "for_month"
    )


def payroll_totals_by_policy(payroll: Payroll) -> list[dict]:
    rows = (
        payroll.lines.values("policy__code", "policy__name", "policy__sort_order")
        .annotate(
            current=Sum(
                Case(When(kind=LineKind.CURRENT, then="amount"), default=Value(0), output_field=IntegerField())
            ),
            total=Sum("amount"),
        )
        .order_by("policy__sort_order")
    )
    return [
        {
            "policy": r["policy__code"],
            "name": r["policy__name"],
            "current": r["current"],
            "arrears": r["total"] - r["current"],
            "total": r["total"],
        }  # fmt: skip
        for r in rows
    ]


@dataclass
class PersonLines:
    person: Person
    lines: list[PayrollLine]

    @property
    def current(self) -> int:
        return sum(line.amount for line in self.lines if line.kind == LineKind.CURRENT)

    @property
    def arrears(self) -> int:
        return sum(line.amount for line in self.lines if line.kind != LineKind.CURRENT)

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)


def payroll_by_person(payroll: Payroll) -> list[PersonLines]:
    out: list[PersonLines] = []
    for line in payroll_lines(payroll):
        if not out or out[-1].person.pk != line.person_id:
            out.append(PersonLines(line.person, []))
        out[-1].lines.append(line)
    return out


@dataclass
class HealthInsuranceRow:
    person: Person
    commune: AdminUnit
    group: str
    national_id: str | None


def health_insurance_list(*, viewer, month: date, commune: AdminUnit | None = None) -> list[HealthInsuranceRow]:
    """Persons entitled to a state-paid health-insurance card in `month`: a monthly allowance paid
    under a decision of a commune in the viewer's scope."""
    benefits = benefits_visible_to(viewer).filter(policy__code="monthly_allowance", started_month__lte=month)
    if commune is not None:
        benefits = benefits.filter(commune=commune)
    benefits = list(benefits.select_related("person", "commune", "policy").prefetch_related("decisions"))
    facts = load_facts({b.person_id for b in benefits})
    rates = RateTable.load()
    sees_id = scope_of(viewer).sees_national_id
    rows = []
    for benefit in benefits:
        if not is_paid(paid_intervals(decision_facts(benefit)), month):
            continue
        items = entitlements(facts[benefit.person_id], month, rates)
        allowance = [i for i in items if i.policy == "monthly_allowance" and i.paying_commune_id == benefit.commune_id]
        if allowance and any(i.policy == "health_insurance" for i in items):
            rows.append(
                HealthInsuranceRow(
                    benefit.person, benefit.commune, allowance[0].group, benefit.person.national_id if sees_id else None
                )  # fmt: skip
            )
    rows.sort(key=lambda r: (r.commune.name_folded, r.person.name_folded, r.person.pk))
    return rows


def person_benefits(*, viewer, person: Person) -> list[Benefit]:
    return list(
        benefits_visible_to(viewer)
        .filter(person=person)
        .select_related("policy", "commune")
        .prefetch_related("decisions")
        .order_by("policy__sort_order", "started_month")
    )


def person_decision_drafts(*, viewer, person: Person) -> QuerySet:
    """The person's drafts waiting for signature."""
    return decision_draft_list(viewer=viewer).filter(person=person, status="draft").order_by("drafted_at", "id")


def person_decisions(*, viewer, person: Person) -> QuerySet:
    return decision_list(viewer=viewer).filter(person=person).order_by("-effective_month", "-decided_on", "-id")
