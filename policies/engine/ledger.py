"""Which months a benefit pays, from its decisions. Pure.

grant → paid from its effective month; suspend → not paid from its effective month; resume →
paid again (and, when the decision says so, the suspended months too); stop → not paid from its
effective month; adjust changes nothing here (amounts always follow the rules).
"""

from dataclasses import dataclass
from datetime import date

from ..months import add_months


@dataclass(frozen=True)
class DecisionFact:
    kind: str
    effective_month: date
    decided_on: date
    id: int
    pay_suspended_months: bool = False


def paid_intervals(decisions) -> list[tuple[date, date | None]]:
    intervals: list[tuple[date, date | None]] = []
    state = None
    since: date | None = None
    suspended_since: date | None = None
    for d in sorted(decisions, key=lambda d: (d.effective_month, d.decided_on, d.id)):
        if d.kind == "grant":
            state, since = "active", d.effective_month
        elif d.kind == "suspend" and state == "active":
            intervals.append((since, add_months(d.effective_month, -1)))
            state, suspended_since = "suspended", d.effective_month
        elif d.kind == "resume" and state == "suspended":
            if d.pay_suspended_months:
                intervals.append((suspended_since, add_months(d.effective_month, -1)))
            state, since = "active", d.effective_month
        elif d.kind == "stop" and state in ("active", "suspended"):
            if state == "active":
                intervals.append((since, add_months(d.effective_month, -1)))
            state = "stopped"
    if state == "active":
        intervals.append((since, None))
    return [(start, end) for start, end in intervals if end is None or end >= start]


def is_paid(intervals, month: date) -> bool:
    return any(start <= month and (end is None or month <= end) for start, end in intervals)
