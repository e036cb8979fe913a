"""What each benefit owes month by month (due) against what approved payrolls paid.

The difference for a past month is arrears (positive) or a recovery (negative) on the next
payroll: this is how a late grant pays from the certificate month and how a later rate or data
change reaches a frozen month without rewriting it.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Sum

from ..engine import Item, RateTable, entitlements, load_facts
from ..engine.ledger import DecisionFact, is_paid, paid_intervals
from ..models import Benefit, PayrollLine, PayrollStatus
from ..months import iter_months


@dataclass
class LedgerMonth:
    month: date
    due: int
    paid: int
    items: list[Item] = field(default_factory=list)

    @property
    def difference(self) -> int:
        return self.due - self.paid


def paid_amounts(benefit_ids) -> dict[tuple[int, date], int]:
    rows = (
        PayrollLine.objects.filter(benefit_id__in=list(benefit_ids), payroll__status=PayrollStatus.APPROVED)
        .values("benefit_id", "for_month")
        .annotate(total=Sum("amount"))
    )
    return {(row["benefit_id"], row["for_month"]): row["total"] for row in rows}


def decision_facts(benefit: Benefit, known_by: date | None = None) -> list[DecisionFact]:
    """The benefit's decisions (prefetched); with `known_by`, only those decided by that day."""
    return [
        DecisionFact(d.kind, d.effective_month, d.decided_on, d.id, d.pay_suspended_months)
        for d in benefit.decisions.all()
        if known_by is None or d.decided_on <= known_by
    ]


def benefit_ledgers(
    benefits: list[Benefit], *, until: date, rates: RateTable, known_by: date | None = None
) -> dict[int, list[LedgerMonth]]:
    """For every benefit (decisions prefetched), one LedgerMonth per month from its ledger start to
    `until`. `known_by` leaves out decisions made after that day (a payroll knows the decisions
    made by the end of its month)."""
    benefits = [b for b in benefits if b.ledger_start <= until]
    facts = load_facts({b.person_id for b in benefits})
    paid = paid_amounts(b.id for b in benefits)
    cache: dict[tuple[int, date], list[Item]] = {}
    out: dict[int, list[LedgerMonth]] = {}
    for benefit in benefits:
        intervals = paid_intervals(decision_facts(benefit, known_by))
        months = []
        for month in iter_months(benefit.ledger_start, until):
            items: list[Item] = []
            if is_paid(intervals, month):
                key = (benefit.person_id, month)
                if key not in cache:
                    cache[key] = entitlements(facts[benefit.person_id], month, rates)
                items = [
                    i
                    for i in cache[key]
                    if i.policy == benefit.policy.code and i.paying_commune_id == benefit.commune_id
                ]
            months.append(LedgerMonth(month, sum(i.amount for i in items), paid.get((benefit.id, month), 0), items))
        out[benefit.id] = months
    return out
