"""Plain data the rules read. No database access here: `loader.py` fills these."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Span:
    """A dated period; `end` None means still going."""

    start: date | None
    end: date | None

    def covers(self, day: date) -> bool:
        """True when `day` is inside [start, end] (both included)."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def overlaps(self, first: date, last: date) -> bool:
        return (self.start is None or self.start <= last) and (self.end is None or self.end >= first)


@dataclass(frozen=True)
class ResidenceFact:
    commune_id: int
    province_code: str
    started_on: date | None
    ended_on: date | None  # the day of the move out

    def holds_on(self, day: date) -> bool:
        return (self.started_on is None or self.started_on <= day) and (self.ended_on is None or day < self.ended_on)


@dataclass(frozen=True)
class CertificateFact:
    issued_on: date
    status: str  # valid / exchanged / reissued / revoked
    status_changed_on: date | None
    level: str


@dataclass(frozen=True)
class CareFact:
    kind: str  # household / taking_in
    span: Span
    carer_name: str


@dataclass(frozen=True)
class ChildFact:
    date_of_birth: date
    raised_until: date | None


@dataclass(frozen=True)
class GroundFact:
    ground: str
    span: Span


@dataclass(frozen=True)
class SpouseFact:
    spouse_id: int
    span: Span


@dataclass
class PersonFacts:
    person_id: int
    full_name: str
    date_of_birth: date
    sex: str
    died_on: date | None
    commune_id: int
    province_code: str
    residences: list[ResidenceFact] = field(default_factory=list)
    certificates: list[CertificateFact] = field(default_factory=list)
    facility_stays: list[Span] = field(default_factory=list)
    pregnancies: list[Span] = field(default_factory=list)
    children: list[ChildFact] = field(default_factory=list)
    care: list[CareFact] = field(default_factory=list)
    grounds: list[GroundFact] = field(default_factory=list)
    spouses: list[SpouseFact] = field(default_factory=list)
    # Facts of the spouses (without their own spouses), for the one-care-support-per-couple rule.
    spouse_facts: dict[int, "PersonFacts"] = field(default_factory=dict)


@dataclass(frozen=True)
class Item:
    """One entitlement for one month."""

    policy: str
    group: str
    coefficient: Decimal | None
    standard_level: int | None
    amount: int
    legal_basis: str
    explanation: str
    paying_commune_id: int | None  # None: paid by a facility or in kind
    recipient: str = ""
