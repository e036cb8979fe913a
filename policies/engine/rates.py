"""The rate tables in memory: looked up per day without further queries."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class LevelRow:
    province_code: str
    amount: int
    valid_from: date
    valid_to: date | None
    legal_basis: str

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class CoefficientRow:
    value: Decimal
    valid_from: date
    valid_to: date | None
    legal_basis: str

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass
class RateTable:
    levels: list[LevelRow] = field(default_factory=list)
    coefficients: dict[tuple[str, str], list[CoefficientRow]] = field(default_factory=dict)
    policy_bases: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "RateTable":
        from ..models import Coefficient, Policy, StandardLevel

        table = cls()
        table.levels = [
            LevelRow(r.province_code, r.amount, r.valid_from, r.valid_to, r.legal_basis)
            for r in StandardLevel.objects.filter(is_confirmed=True).order_by("valid_from")
        ]
        for row in Coefficient.objects.select_related("policy").order_by("valid_from"):
            table.coefficients.setdefault((row.policy.code, row.group), []).append(
                CoefficientRow(row.value, row.valid_from, row.valid_to, row.legal_basis)
            )
        table.policy_bases = dict(Policy.objects.values_list("code", "legal_basis"))
        return table

    def standard_level(self, day: date, province_code: str = "") -> LevelRow | None:
        """The province's own level when it has one for the day, else the national level."""
        national = None
        for row in self.levels:
            if row.covers(day):
                if province_code and row.province_code == province_code:
                    return row
                if row.province_code == "":
                    national = row
        return national

    def coefficient(self, policy: str, group: str, day: date) -> CoefficientRow | None:
        for row in self.coefficients.get((policy, group), []):
            if row.covers(day):
                return row
        return None

    def first_month(self) -> date | None:
        national = [r.valid_from for r in self.levels if r.province_code == ""]
        return min(national).replace(day=1) if national else None
