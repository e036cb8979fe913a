"""The exact roll-up of an indicator: numerator and denominator per commune and for the province.

Each indicator costs one to four GROUP BY queries whatever the number of communes: for the
numerator and for the denominator, one grouped by commune and, for distinct persons of records
(cases, events, benefits, certificates), one total. Where a row belongs to exactly one commune — a
case, an event, a person of the register on the reference date — the total is the sum of the
communes and costs no query. Nothing is computed per commune in Python and nothing is averaged: a
percentage is numerator / denominator at every level, and distinct persons of records are counted
by `COUNT(DISTINCT person)` at every level, so a person with cases in two communes is one person at
the province. The meaning of every part of a definition is documented in `definition.py`; the
tests recount it by brute force on random data.

Speed, measured by `manage.py benchmark` (A-1) against hand-written SQL: the commune of a row is
computed once per row (grouped over every commune, the communes asked for kept afterwards, rather
than computed again in a WHERE); SQLite is kept off the date-of-birth index for the wide "born by"
ranges (`Unindexed`); PostgreSQL is kept from JIT-compiling these queries (`_planner_settings`).
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    Count,
    DateField,
    Exists,
    F,
    Func,
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
from django.db.models.lookups import GreaterThan, LessThanOrEqual
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
def commune_on(person_id: str, fallback, day) -> Coalesce:
    """The commune where the person lived on `day` (an OuterRef to a date annotation, or a date):
    the residence period that covers the day, else the person's current commune (`fallback`: the
    path to it, or an expression)."""
    residence = (
        Residence.objects.filter(person_id=OuterRef(person_id))
        .filter(Q(started_on__isnull=True) | Q(started_on__lte=day))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .order_by("-id")
        .values("commune_id")[:1]
    )
    fallback = F(fallback) if isinstance(fallback, str) else fallback
    return Coalesce(Subquery(residence), fallback, output_field=BigIntegerField())


def current_commune_of(person_id: str) -> Subquery:
    """The person's current commune, read by its own lookup (no join to the person)."""
    return Subquery(Person.objects.filter(pk=OuterRef(person_id)).values("commune_id")[:1])


def person_not_deleted(person_id: str) -> Q:
    """The record's person is not deleted — without joining the person: the few deleted persons
    are one small list (an index holds them). With a join and no usable index on the records'
    own filters, SQLite starts from the persons and reaches a million cases through their person
    index one by one (1.4 s instead of 0.2 s for a year of cases funded by social mobilisation)."""
    return ~Q(**{f"{person_id}__in": Person.objects.filter(deleted_at__isnull=False).values("pk")})


class Unindexed(Func):
    """A column as it is, written so that SQLite does not read the condition through an index
    (`+column`; other engines get the plain column).

    For the date of birth: "born by the reference date" or "aged 6 or more" keep nearly every
    person, but without a histogram SQLite's planner takes the index on the date of birth for
    the range and then visits the persons in its order, row by row — several times slower than
    reading the table straight through. PostgreSQL has the histogram and chooses well itself."""

    arity = 1
    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


def born_by(prefix: str, day: date) -> Q:
    """Born on or before `day` (the date of birth of the person `prefix` leads to)."""
    return Q(LessThanOrEqual(Unindexed(F(f"{prefix}date_of_birth")), day))


def born_after(prefix: str, day: date) -> Q:
    return Q(GreaterThan(Unindexed(F(f"{prefix}date_of_birth")), day))


def person_q(f: PersonFilter, day: date, prefix: str, person_id: str) -> Q:
    """The person filters read on the reference date `day`; `prefix` leads to the person."""
    q = Q()
    if f.age_min is not None:
        q &= born_by(prefix, years_before(day, f.age_min))
    if f.age_max is not None:
        q &= born_after(prefix, years_before(day, f.age_max + 1))
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
    qs = Case.objects.filter(person_not_deleted("person_id")).annotate(_d=day)
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
    return qs.annotate(_p=F("person_id"), _c=commune_on("person_id", current_commune_of("person_id"), OuterRef("_d")))


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
    qs = Person.objects.filter(born_by("", day), deleted_at__isnull=True)
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


def person_rows(pop: Population, period: Period, communes: Sequence[int] | None) -> QuerySet:
    """The population's rows in `communes` (None: in any commune — the caller keeps the ones it
    needs after grouping, so the commune of a row is not computed a second time in a WHERE)."""
    rows = PERSON_ROWS[pop.source](pop, period)
    return rows if communes is None else rows.filter(_c__in=list(communes))


def numerator_person_rows(
    defn: Definition, period: Period, communes: Sequence[int] | None, *, same_commune: bool
) -> QuerySet:
    """The numerator's person rows; for a percentage, only persons who are in the denominator
    population of the same unit (the same commune when `same_commune`, else the set of communes).
    `communes` may be None only with `same_commune` (rows of every commune, grouped by commune)."""
    if communes is None and not same_commune:
        raise ValueError("the numerator over a set of communes needs the communes")
    rows = person_rows(defn.records, period, communes)
    den = defn.denominator
    if den is None:
        return rows
    if den.source == "registry":
        day = period.reference
        if defn.records.source == "registry":
            # The record is the person on the reference date: its commune (`_c`) is already the
            # person's commune on that day, and `born_by` is already applied.
            return rows.filter(person_q(den.persons, day, "", "pk"))
        rows = rows.filter(born_by("person__", day)).filter(person_q(den.persons, day, "person__", "person_id"))
        rows = rows.annotate(_pc=commune_on("person_id", "person__commune_id", day))
        return rows.filter(_c=F("_pc")) if same_commune else rows.filter(_pc__in=list(communes))
    # Within the denominator population of the same commune: its commune is the row's, which is
    # in `communes` whenever the row is kept, so the population needs no commune filter of its own.
    members = person_rows(den, period, None if same_commune else communes).filter(_p=OuterRef("_p"))
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


def _per_commune(qs: QuerySet, aggregate, communes: Sequence[int]) -> dict[int, int]:
    """Grouped by the row's commune (`_c`) over every commune, keeping `communes`: the commune of a
    row is computed once, in the GROUP BY, and not again in a WHERE."""
    keep = set(communes)
    return {commune: n for commune, n in _grouped(qs, "_c", aggregate).items() if commune in keep}


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
        # The others counted on the event, and its registered participants (not deleted persons).
        # COUNT(*) written as a plain function: one row for the event, no GROUP BY in the subquery.
        registered = (
            EventParticipant.objects.filter(event_id=OuterRef("pk"), person__deleted_at__isnull=True)
            .order_by()
            .annotate(n=Func(template="COUNT(*)", output_field=BigIntegerField()))
            .values("n")
        )
        return Sum(F("other_participants") + Subquery(registered), output_field=BigIntegerField())
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
    (held at the province) only to the total, when `province_id` is given. One query grouped by
    unit: an event has one unit, so the total is the sum over the units."""
    units = list(communes)
    if total and province_id:
        units.append(province_id)
    rows = event_rows(defn.records, period).filter(unit_id__in=units)
    per_unit = _grouped(rows, "unit_id", _event_aggregate(defn.measure, defn.event_amount_fields))
    if by_commune:
        keep = set(communes)
        _add(counts.by_commune, {unit: n for unit, n in per_unit.items() if unit in keep})
    if total:
        counts.total += sum(per_unit.values())


def _persons(defn: Definition, period: Period, communes: list[int], counts: Counts, *, by_commune: bool,
             total: bool) -> None:  # fmt: skip
    """Distinct persons. A person of the register is one row, in one commune (where they lived on
    the reference date): counted with COUNT(*), and the total is the sum of the communes. Other
    sources count `COUNT(DISTINCT person)` per commune and, separately, over all the communes."""
    registry = defn.records.source == "registry"
    # With a denominator of other records, a person of the register may be in the denominator
    # population of the area but not of their own commune: the total is then counted on its own.
    additive = registry and (defn.denominator is None or defn.denominator.source == "registry")
    agg = Count("*") if registry else Count("_p", distinct=True)
    if by_commune or (total and additive):
        per = _per_commune(numerator_person_rows(defn, period, None, same_commune=True), agg, communes)
        if by_commune:
            counts.by_commune = per
        if total and additive:
            counts.total = sum(per.values())
    if total and not additive:
        counts.total = _total(numerator_person_rows(defn, period, communes, same_commune=False), agg)
    den = defn.denominator
    if den is None:
        return
    if den.source == "registry":
        per = _per_commune(person_rows(den, period, None), Count("*"), communes) if by_commune or total else {}
        if by_commune:
            counts.den_by_commune = per
        if total:
            counts.den_total = sum(per.values())
        return
    agg = Count("_p", distinct=True)
    if by_commune:
        counts.den_by_commune = _per_commune(person_rows(den, period, None), agg, communes)
    if total:
        counts.den_total = _total(person_rows(den, period, communes), agg)


@contextmanager
def _planner_settings() -> Iterator[None]:
    """On PostgreSQL, no JIT compilation for the roll-up's queries.

    The commune of a row is a correlated subquery, which the planner prices high (it does not
    know it is one index probe), so the cost passes `jit_above_cost` and PostgreSQL spends about
    100 ms compiling a query that then runs in about as long. `SET LOCAL` holds until the end of
    the transaction (the roll-up's own, or the caller's): only reads follow it here."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


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
    with _planner_settings():
        return _compute(defn, period, list(communes), province_id, by_commune=by_commune, total=total)


def _compute(defn: Definition, period: Period, communes: list[int], province_id: int | None, *, by_commune: bool,
             total: bool) -> Counts:  # fmt: skip
    counts = Counts()
    if defn.measure == "persons":
        _persons(defn, period, communes, counts, by_commune=by_commune, total=total)
        return counts
    if defn.measure == "cases" or (defn.measure == "amount" and defn.case_amount_fields):
        # A case belongs to one commune: the total is the sum of the communes.
        agg = Count("pk") if defn.measure == "cases" else _case_amount(defn.case_amount_fields)
        if by_commune or total:
            per = _per_commune(case_rows(defn.records, period), agg, communes)
            if by_commune:
                _add(counts.by_commune, per)
            if total:
                counts.total += sum(per.values())
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
