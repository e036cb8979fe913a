"""The exact roll-up of an indicator: numerator and denominator per commune and for the province.

Each indicator costs a handful of GROUP BY queries whatever the number of communes: one grouped by
commune and one total for the numerator, the same for the denominator (events add one for their
registered participants). Nothing is computed per commune in Python and nothing is averaged: a
percentage is numerator / denominator at every level, and distinct persons are counted by
`COUNT(DISTINCT person)` at every level, so a person with cases in two communes is one person at
the province. The meaning of every part of a definition is documented in `definition.py`; the
tests recount it by brute force on random data.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    BigIntegerField,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models import Case as CaseWhen
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext as _

from cases.models import Case, CaseStep, Event, EventParticipant, Status, StepAction
from policies.models import Benefit, Decision
from registry.errors import FieldError
from registry.models import AdminUnit, Certificate, Person, Residence, UnitLevel
from registry.models.persons import TYPE_FIELDS, CertificateStatus, PersonStatus
from registry.selectors import years_before

from .definition import Definition, PersonFilter, Population


@dataclass(frozen=True)
class Period:
    """From the plan's first day to the reference date (the plan's last day or the as-of date)."""

    start: date
    end: date

    @property
    def reference(self) -> date:
        return self.end


def plan_period(plan, as_of: date | None = None) -> Period:
    end = plan.period_end if as_of is None else min(as_of, plan.period_end)
    if end < plan.period_start:
        raise FieldError(
            "as_of",
            _("The date is before the plan's period, which starts on %(date)s.")
            % {"date": plan.period_start.strftime("%d/%m/%Y")},
        )
    return Period(plan.period_start, end)


def month_ends(period: Period) -> list[date]:
    """The last day of every month of the period up to its end (the end itself last)."""
    out = []
    month = period.start.replace(day=1)
    while True:
        following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        last = following - timedelta(days=1)
        if last >= period.end:
            out.append(period.end)
            return out
        out.append(last)
        month = following


def territory_ids(province: AdminUnit) -> list[int]:
    """The current communes of a plan's province; for a pre-2025 province, the current communes
    that succeeded its communes (Quảng Nam → part of Đà Nẵng)."""
    qs = AdminUnit.objects.filter(level=UnitLevel.COMMUNE, is_current=True)
    if province.is_current:
        qs = qs.filter(parent=province)
    else:
        qs = qs.filter(predecessors__province_code=province.code, predecessors__is_current=False)
    return sorted(set(qs.values_list("id", flat=True)))


# Building blocks ---------------------------------------------------------------------------------
def commune_on(person_id: str, fallback: str, day) -> Coalesce:
    """The commune where the person lived on `day` (an OuterRef to a date annotation, or a date):
    the residence period that covers the day, else the person's current commune."""
    residence = (
        Residence.objects.filter(person_id=OuterRef(person_id))
        .filter(Q(started_on__isnull=True) | Q(started_on__lte=day))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .order_by("-id")
        .values("commune_id")[:1]
    )
    return Coalesce(Subquery(residence), F(fallback), output_field=BigIntegerField())


def person_q(f: PersonFilter, day: date, prefix: str, person_id: str) -> Q:
    """The person filters read on the reference date `day`; `prefix` leads to the person."""
    q = Q()
    if f.age_min is not None:
        q &= Q(**{f"{prefix}date_of_birth__lte": years_before(day, f.age_min)})
    if f.age_max is not None:
        q &= Q(**{f"{prefix}date_of_birth__gt": years_before(day, f.age_max + 1)})
    if f.sexes:
        q &= Q(**{f"{prefix}sex__in": f.sexes})
    if f.types:
        any_type = Q()
        for code in f.types:
            any_type |= Q(**{f"{prefix}{TYPE_FIELDS[code]}": True})
        q &= any_type
    if f.levels:
        q &= Q(**{f"{prefix}level__in": f.levels})
    if f.association_member is True:
        q &= Q(**{f"{prefix}association_member_since__lte": day})
    elif f.association_member is False:
        q &= Q(**{f"{prefix}association_member_since__isnull": True}) | Q(
            **{f"{prefix}association_member_since__gt": day}
        )
    if set(f.statuses) == {"deceased"}:
        q &= Q(**{f"{prefix}status": PersonStatus.DECEASED, f"{prefix}died_on__lte": day})
    elif set(f.statuses) == {"active"}:
        q &= ~Q(**{f"{prefix}status": PersonStatus.DECEASED, f"{prefix}died_on__lte": day})
    if f.certified is not None:
        in_force = Exists(
            Certificate.objects.filter(person_id=OuterRef(person_id), issued_on__lte=day).filter(
                Q(status=CertificateStatus.VALID) | Q(status_changed_on__gt=day)
            )
        )
        q &= in_force if f.certified else ~in_force
    return q


def _approved_on():
    """The local date of the case's latest approval (a case has no approval date of its own)."""
    steps = (
        CaseStep.objects.filter(case_id=OuterRef("pk"), action=StepAction.APPROVE)
        .order_by("-at", "-id")
        .annotate(day=TruncDate("at"))
        .values("day")[:1]
    )
    return Subquery(steps, output_field=DateField())


def case_rows(pop: Population, period: Period) -> QuerySet:
    """Cases whose date falls in the period, with `_p` (person), `_d` (date), `_c` (commune on `_d`)."""
    if pop.date_field == "approved":
        day = _approved_on()
    elif pop.date_field == "completed":
        day = CaseWhen(When(status=Status.COMPLETED, then=F("outcome_on")), default=None, output_field=DateField())
    else:
        day = F("requested_on")
    qs = Case.objects.filter(person__deleted_at__isnull=True).annotate(_d=day)
    qs = qs.filter(_d__gte=period.start, _d__lte=period.end)
    f = pop.cases
    if f.domains:
        qs = qs.filter(domain__in=f.domains)
    if f.support_types:
        qs = qs.filter(support_type__code__in=f.support_types)
    if f.statuses:
        qs = qs.filter(status__in=f.statuses)
    if f.funding_sources:
        qs = qs.filter(funding_source__in=f.funding_sources)
    if f.kinds:
        qs = qs.filter(kind__in=f.kinds)
    qs = qs.filter(person_q(pop.persons, period.reference, "person__", "person_id"))
    return qs.annotate(_p=F("person_id"), _c=commune_on("person_id", "person__commune_id", OuterRef("_d")))


def participation_rows(pop: Population, period: Period) -> QuerySet:
    """Registered participations in events held in the period; `_c` is the participant's commune
    on the event's date."""
    qs = EventParticipant.objects.filter(
        person__deleted_at__isnull=True, event__held_on__gte=period.start, event__held_on__lte=period.end
    )
    qs = _event_filters(qs, pop, "event__")
    qs = qs.filter(person_q(pop.persons, period.reference, "person__", "person_id"))
    return qs.annotate(
        _d=F("event__held_on"), _p=F("person_id"), _c=commune_on("person_id", "person__commune_id", OuterRef("_d"))
    )


def benefit_rows(pop: Population, period: Period) -> QuerySet:
    """Benefits being paid in the period: started by its end and not stopped before it began
    (suspensions are not read). `_c` is the paying commune."""
    stopped_before = Decision.objects.filter(benefit_id=OuterRef("pk"), kind="stop", effective_month__lte=period.start)
    qs = Benefit.objects.filter(person__deleted_at__isnull=True, started_month__lte=period.end).exclude(
        Exists(stopped_before)
    )
    if pop.benefits.policies:
        qs = qs.filter(policy__code__in=pop.benefits.policies)
    qs = qs.filter(person_q(pop.persons, period.reference, "person__", "person_id"))
    return qs.annotate(_p=F("person_id"), _c=F("commune_id"))


def certificate_rows(pop: Population, period: Period) -> QuerySet:
    """Certificates issued in the period; `_c` is the issuing commune."""
    qs = Certificate.objects.filter(
        person__deleted_at__isnull=True, issued_on__gte=period.start, issued_on__lte=period.end
    ).filter(person_q(pop.persons, period.reference, "person__", "person_id"))
    return qs.annotate(_p=F("person_id"), _c=F("issuing_commune_id"))


def registry_rows(pop: Population, period: Period) -> QuerySet:
    """Persons of the register born by the reference date; `_c` is their commune on that date."""
    day = period.reference
    qs = Person.objects.filter(deleted_at__isnull=True, date_of_birth__lte=day)
    qs = qs.filter(person_q(pop.persons, day, "", "pk"))
    return qs.annotate(_p=F("pk"), _c=commune_on("pk", "commune_id", day))


PERSON_ROWS = {
    "cases": case_rows,
    "events": participation_rows,
    "benefits": benefit_rows,
    "certificates": certificate_rows,
    "registry": registry_rows,
}


def _event_filters(qs: QuerySet, pop: Population, prefix: str = "") -> QuerySet:
    if pop.events.kinds:
        qs = qs.filter(**{f"{prefix}kind__in": pop.events.kinds})
    if pop.events.funding_sources:
        qs = qs.filter(**{f"{prefix}funding_source__in": pop.events.funding_sources})
    return qs


def event_rows(pop: Population, period: Period) -> QuerySet:
    qs = Event.objects.filter(held_on__gte=period.start, held_on__lte=period.end)
    return _event_filters(qs, pop)


def person_rows(pop: Population, period: Period, communes: Sequence[int]) -> QuerySet:
    return PERSON_ROWS[pop.source](pop, period).filter(_c__in=list(communes))


def numerator_person_rows(defn: Definition, period: Period, communes: Sequence[int], *, same_commune: bool) -> QuerySet:
    """The numerator's person rows; for a percentage, only persons who are in the denominator
    population of the same unit (the same commune when `same_commune`, else the set of communes)."""
    rows = person_rows(defn.records, period, communes)
    den = defn.denominator
    if den is None:
        return rows
    if den.source == "registry":
        day = period.reference
        person_id = "pk" if defn.records.source == "registry" else "person_id"
        prefix = "" if defn.records.source == "registry" else "person__"
        fallback = "commune_id" if defn.records.source == "registry" else "person__commune_id"
        rows = rows.filter(**{f"{prefix}date_of_birth__lte": day}).filter(person_q(den.persons, day, prefix, person_id))
        rows = rows.annotate(_pc=commune_on(person_id, fallback, day))
        return rows.filter(_c=F("_pc")) if same_commune else rows.filter(_pc__in=list(communes))
    members = person_rows(den, period, communes).filter(_p=OuterRef("_p"))
    if same_commune:
        members = members.filter(_c=OuterRef("_c"))
    return rows.filter(Exists(members))


# Counting ----------------------------------------------------------------------------------------
@dataclass
class Counts:
    """Numerators and denominators of one indicator: per commune id, and the total."""

    by_commune: dict[int, int] = field(default_factory=dict)
    total: int = 0
    den_by_commune: dict[int, int] | None = None
    den_total: int | None = None

    def commune(self, commune_id: int) -> tuple[int, int | None]:
        den = None if self.den_by_commune is None else self.den_by_commune.get(commune_id, 0)
        return self.by_commune.get(commune_id, 0), den


def _grouped(qs: QuerySet, key: str, aggregate) -> dict[int, int]:
    return {row[key]: int(row["n"] or 0) for row in qs.values(key).annotate(n=aggregate).order_by()}


def _total(qs: QuerySet, aggregate) -> int:
    return int(qs.aggregate(n=aggregate)["n"] or 0)


def _add(target: dict[int, int], other: dict[int, int]) -> None:
    for key, value in other.items():
        target[key] = target.get(key, 0) + value


def _case_amount(fields: Sequence[str]):
    parts = []
    if "case_amount" in fields:
        parts.append(Coalesce(F("amount"), Value(0)))
    if "case_in_kind_value" in fields:
        parts.append(Coalesce(F("in_kind_value"), Value(0)))
    expr = parts[0]
    for part in parts[1:]:
        expr = expr + part
    return Sum(expr, output_field=BigIntegerField())


def _event_aggregate(measure: str, fields: Sequence[str] = ()):
    if measure == "events":
        return Count("pk")
    if measure == "gifts":
        return Sum("gifts_count")
    if measure == "event_participants":
        return Sum("other_participants")
    parts = []
    if "event_funding" in fields:
        parts.append(Coalesce(F("funding_amount"), Value(0)))
    if "event_gifts_value" in fields:
        parts.append(F("gifts_count") * F("gift_value"))
    expr = parts[0]
    for part in parts[1:]:
        expr = expr + part
    return Sum(expr, output_field=BigIntegerField())


def _events(defn: Definition, period: Period, communes: Sequence[int], province_id: int | None, counts: Counts,
            *, by_commune: bool, total: bool) -> None:  # fmt: skip
    """Event measures: an event belongs to the commune where it was held; a provincial event
    (held at the province) only to the total, when `province_id` is given."""
    events = event_rows(defn.records, period)
    in_communes = events.filter(unit_id__in=list(communes))
    in_total = events.filter(Q(unit_id__in=list(communes)) | Q(unit_id=province_id)) if province_id else in_communes
    aggregate = _event_aggregate(defn.measure, defn.event_amount_fields)
    if by_commune:
        _add(counts.by_commune, _grouped(in_communes, "unit_id", aggregate))
    if total:
        counts.total += _total(in_total, aggregate)
    if defn.measure == "event_participants":
        registered = EventParticipant.objects.filter(person__deleted_at__isnull=True)
        if by_commune:
            rows = registered.filter(event__in=in_communes)
            _add(counts.by_commune, _grouped(rows, "event__unit_id", Count("pk")))
        if total:
            counts.total += _total(registered.filter(event__in=in_total), Count("pk"))


def compute(
    defn: Definition,
    period: Period,
    communes: Sequence[int],
    *,
    province_id: int | None = None,
    by_commune: bool = True,
    total: bool = True,
) -> Counts:
    """Numerator and denominator of one indicator for each of `communes` and for all of them
    together (plus provincial events when `province_id` is given)."""
    counts = Counts()
    communes = list(communes)
    if defn.measure == "persons":
        agg = Count("_p", distinct=True)
        if by_commune:
            counts.by_commune = _grouped(numerator_person_rows(defn, period, communes, same_commune=True), "_c", agg)
        if total:
            counts.total = _total(numerator_person_rows(defn, period, communes, same_commune=False), agg)
        if defn.denominator is not None:
            den_rows = person_rows(defn.denominator, period, communes)
            if by_commune:
                counts.den_by_commune = _grouped(den_rows, "_c", agg)
            if total:
                counts.den_total = _total(den_rows, agg)
        return counts
    if defn.measure == "cases" or (defn.measure == "amount" and defn.case_amount_fields):
        rows = case_rows(defn.records, period).filter(_c__in=communes)
        agg = Count("pk") if defn.measure == "cases" else _case_amount(defn.case_amount_fields)
        if by_commune:
            _add(counts.by_commune, _grouped(rows, "_c", agg))
        if total:
            counts.total += _total(rows, agg)
    if defn.measure in ("events", "gifts", "event_participants") or (
        defn.measure == "amount" and defn.event_amount_fields
    ):
        _events(defn, period, communes, province_id, counts, by_commune=by_commune, total=total)
    return counts


def record_ids(defn: Definition, period: Period, communes: Sequence[int], *, part: str, commune_id: int | None,
               province_id: int | None = None) -> tuple[str, QuerySet]:  # fmt: skip
    """What lies behind a figure, for the drill-down: ("persons", person ids) / ("cases", case ids)
    / ("events", event ids). `commune_id` None means the total over `communes`."""
    communes = [commune_id] if commune_id is not None else list(communes)
    if defn.measure == "persons":
        if part == "denominator" and defn.denominator is not None:
            rows = person_rows(defn.denominator, period, communes)
        else:
            rows = numerator_person_rows(defn, period, communes, same_commune=commune_id is not None)
        return "persons", rows.values("_p")
    if defn.measure == "cases" or (defn.measure == "amount" and defn.case_amount_fields):
        return "cases", case_rows(defn.records, period).filter(_c__in=communes).values("pk")
    events = event_rows(defn.records, period)
    if commune_id is None and province_id:
        events = events.filter(Q(unit_id__in=communes) | Q(unit_id=province_id))
    else:
        events = events.filter(unit_id__in=communes)
    return "events", events.values("pk")
