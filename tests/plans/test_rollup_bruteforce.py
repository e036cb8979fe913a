"""The roll-up against a brute-force recount on random data: they must agree to the unit, for every
commune and for the province, numerator and denominator, on SQLite and PostgreSQL alike."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cases.plans.definition import parse_definition
from cases.plans.rollup import Period, compute
from registry.errors import InvalidInput
from registry.models import AdminUnit, Residence

from .bruteforce import World, recount
from .helpers import approve, make_benefit, make_case, make_certificate, make_event, make_person, move

pytestmark = pytest.mark.django_db

DAY0 = date(2025, 11, 1)
DAYS = 450  # to January 2027: records before, inside and after the 2026 period
SUPPORT_TYPES = ["rehabilitation", "assistive_device", "legal_aid", "vocational_training", "education_support",
                 "health_insurance"]  # fmt: skip
STATUSES = ["requested", "assessed", "approved", "in_progress", "completed", "rejected", "cancelled"]
FUNDING = ["", "state_budget", "social_mobilisation", "association"]
EVENT_KINDS = ["awareness_training", "disability_day_vn", "disability_day_intl", "gift_giving"]
TYPES = ["mobility", "hearing_speech", "vision", "neuro_psychosocial", "intellectual", "other"]
LEVELS = ["especially_severe", "severe", "mild"]
UTC = ZoneInfo("UTC")

# Boundaries are where mistakes hide: the period's first and last days, a mid-year as-of date, the
# day of a move, the first day of a month. Half of the dates are drawn from them.
KEY_DAYS = [date(2025, 12, 31), date(2026, 1, 1), date(2026, 6, 30), date(2026, 7, 1), date(2026, 12, 31),
            date(2027, 1, 1)]  # fmt: skip
days = st.sampled_from(KEY_DAYS) | st.integers(0, DAYS).map(lambda n: DAY0 + timedelta(days=n))


def subset(values, max_size=2):
    return st.lists(st.sampled_from(values), max_size=max_size, unique=True)


person_filters = st.fixed_dictionaries(
    {},
    optional={
        "age_min": st.integers(0, 70),
        "age_max": st.integers(5, 90),
        "sexes": subset(["male", "female"], 1),
        "types": subset(TYPES),
        "levels": subset(LEVELS),
        "association_member": st.booleans(),
        "statuses": subset(["active", "deceased"], 1),
        "certified": st.booleans(),
    },
)
case_filters = st.fixed_dictionaries(
    {},
    optional={
        "support_types": subset(SUPPORT_TYPES, 3),
        "statuses": subset(STATUSES, 4),
        "funding_sources": subset(FUNDING[1:]),
        "domains": subset(["health", "legal_aid", "education", "vocational_training"]),
    },
)
event_filters = st.fixed_dictionaries(
    {}, optional={"kinds": subset(EVENT_KINDS), "funding_sources": subset(FUNDING[1:])}
)


@st.composite
def population(draw, source=None):
    source = source or draw(st.sampled_from(["cases", "events", "benefits", "certificates", "registry"]))
    pop = {"source": source, "persons": draw(st.just({}) | person_filters)}
    if source == "cases":
        pop["date_field"] = draw(st.sampled_from(["requested", "approved", "completed"]))
        pop["cases"] = draw(st.just({}) | case_filters)
    elif source == "events":
        pop["events"] = draw(event_filters)
    elif source == "benefits":
        pop["benefits"] = {"policies": draw(subset(["monthly_allowance", "care_support"]))}
    return pop


@st.composite
def definitions(draw):
    measure = draw(st.sampled_from(["persons"] * 5 + ["cases", "events", "event_participants", "gifts", "amount"]))
    if measure == "persons":
        data = {"measure": "persons", **draw(population())}
        if draw(st.integers(0, 2)):
            data["denominator"] = draw(population(draw(st.sampled_from(["registry", "registry", "cases", "benefits"]))))
        return data
    if measure == "cases":
        return {"measure": "cases", **draw(population("cases"))}
    if measure == "amount":
        fields = draw(st.lists(st.sampled_from(["case_amount", "case_in_kind_value", "event_funding", "event_gifts_value"]),
                               min_size=1, max_size=3, unique=True))  # fmt: skip
        data = {"measure": "amount", "amount_fields": fields, "events": draw(event_filters)}
        if any(f.startswith("case_") for f in fields):
            data.update({k: v for k, v in draw(population("cases")).items() if k != "source"})
        return data
    return {"measure": measure, "events": draw(event_filters)}


person_rows = st.fixed_dictionaries({
    "born": st.dates(date(1935, 1, 1), date(2024, 12, 31)),
    "sex": st.sampled_from(["male", "female"]),
    "types": subset(TYPES),
    "level": st.sampled_from(LEVELS + [""]),
    "member_since": st.none() | days,
    "died_on": st.none() | days,
    "deleted": st.integers(0, 9).map(lambda n: n == 0),
    "home": st.integers(0, 3),
    "moves": st.lists(st.tuples(days, st.integers(0, 3)), max_size=3),
    "certificates": st.lists(st.tuples(days, st.sampled_from(["valid", "exchanged", "revoked"]), st.none() | days), max_size=2),
})  # fmt: skip
case_rows = st.fixed_dictionaries({
    "person": st.integers(0, 50),
    "support_type": st.sampled_from(SUPPORT_TYPES),
    "status": st.sampled_from(STATUSES),
    "requested_on": days,
    "outcome_on": days,
    "funding_source": st.sampled_from(FUNDING),
    "amount": st.none() | st.integers(0, 5_000_000),
    "in_kind_value": st.none() | st.integers(0, 2_000_000),
    # approvals at any time of day: a UTC evening is the next day in Vietnam
    "approvals": st.lists(st.tuples(days, st.integers(0, 23)), max_size=2),
})  # fmt: skip
event_rows = st.fixed_dictionaries({
    "unit": st.integers(0, 5),
    "kind": st.sampled_from(EVENT_KINDS),
    "held_on": days,
    "participants": st.lists(st.integers(0, 50), max_size=4, unique=True),
    "other_participants": st.integers(0, 20),
    "gifts_count": st.integers(0, 10),
    "gift_value": st.integers(1, 500) .map(lambda n: n * 1000),
    "funding_source": st.sampled_from(FUNDING),
    "funding_amount": st.none() | st.integers(0, 10_000_000),
})  # fmt: skip
benefit_rows = st.fixed_dictionaries({
    "person": st.integers(0, 50),
    "commune": st.integers(0, 3),
    "policy": st.sampled_from(["monthly_allowance", "care_support"]),
    "started": days.map(lambda d: d.replace(day=1)),  # a stop on 1/1/2026 pays nothing in 2026
    "stopped": st.none() | days,
})  # fmt: skip


def build(world, units, province, outside_province, actor):
    persons = []
    for row in world["persons"]:
        born = row["born"]
        died = row["died_on"] if row["died_on"] and row["died_on"] > born else None
        since = row["member_since"] if row["member_since"] and row["member_since"] > born else None
        person = make_person(units[row["home"]], born=born, sex=row["sex"], types=row["types"] or ["other"],
                             level=row["level"], member_since=since, died_on=died, deleted=row["deleted"])  # fmt: skip
        for day, target in sorted(set(row["moves"])):
            if (
                units[target].pk != person.commune_id
                and not Residence.objects.filter(person=person, started_on__gte=day).exists()
            ):
                move(person, units[target], day)
        valid_given = False
        for issued, status, changed in row["certificates"]:
            if status == "valid":
                if valid_given:
                    status = "exchanged"
                valid_given = True
            make_certificate(person, units[row["home"]], issued_on=issued, status=status,
                             changed_on=None if status == "valid" else changed)  # fmt: skip
        persons.append(person)
    for row in world["cases"]:
        person = persons[row["person"] % len(persons)]
        case = make_case(person, actor=actor, support_type=row["support_type"], status=row["status"],
                         requested_on=row["requested_on"], outcome_on=row["outcome_on"],
                         funding_source=row["funding_source"], amount=row["amount"],
                         in_kind_value=row["in_kind_value"])  # fmt: skip
        for day, hour in row["approvals"]:
            approve(case, actor=actor, at=datetime(day.year, day.month, day.day, hour, 30, tzinfo=UTC))
    event_units = [*units, province, outside_province]
    for row in world["events"]:
        make_event(event_units[row["unit"]], actor=actor, kind=row["kind"], held_on=row["held_on"],
                   participants=[persons[i % len(persons)] for i in {i % len(persons) for i in row["participants"]}],
                   other_participants=row["other_participants"], gifts_count=row["gifts_count"],
                   gift_value=row["gift_value"], funding_source=row["funding_source"],
                   funding_amount=row["funding_amount"])  # fmt: skip
    open_benefits = set()
    for row in world["benefits"]:
        stopped = row["stopped"] if row["stopped"] and row["stopped"] >= row["started"] else None
        key = (row["person"] % len(persons), row["commune"], row["policy"])
        if stopped is None:
            if key in open_benefits:
                continue  # one open benefit per person, policy and commune
            open_benefits.add(key)
        make_benefit(persons[row["person"] % len(persons)], units[row["commune"]], actor=actor, code=row["policy"],
                     started=row["started"], stopped=stopped)  # fmt: skip


worlds = st.fixed_dictionaries({
    "persons": st.lists(person_rows, min_size=3, max_size=10),
    "cases": st.lists(case_rows, min_size=4, max_size=20),
    "events": st.lists(event_rows, min_size=1, max_size=5),
    "benefits": st.lists(benefit_rows, min_size=1, max_size=5),
})  # fmt: skip


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(world=worlds, defs=st.lists(definitions(), min_size=2, max_size=6), as_of=st.none() | st.sampled_from(KEY_DAYS[1:5]) | st.dates(date(2026, 1, 1), date(2026, 12, 31)))  # fmt: skip
def test_rollup_agrees_with_brute_force(officer_a, commune_a, commune_b, province, unit, world, defs, as_of):
    third = AdminUnit.objects.filter(level="commune", is_current=True, province_code="48").exclude(
        pk__in=[commune_a.pk, commune_b.pk]).order_by("code").first()  # fmt: skip
    outside = unit("00004")  # Hà Nội: never counted
    units = [commune_a, commune_b, third, outside]
    communes = [commune_a.pk, commune_b.pk, third.pk]
    period = Period(date(2026, 1, 1), as_of or date(2026, 12, 31))
    parsed = []
    for data in defs:
        try:
            parsed.append(parse_definition(data, policies=None))
        except InvalidInput:
            continue
    assume(parsed)
    with transaction.atomic():
        build(world, units, province, unit("01"), officer_a)
        brute_world = World()
        for definition in parsed:
            normalised = definition.to_json()
            counts = compute(definition, period, communes, province_id=province.pk)
            expected = recount(brute_world, normalised, period.start, period.end, communes, province_id=province.pk)
            got = (
                {c: v for c, v in counts.by_commune.items() if v},
                counts.total,
                None if counts.den_by_commune is None else {c: v for c, v in counts.den_by_commune.items() if v},
                counts.den_total,
            )
            assert got == expected, normalised
            # The per-commune and the whole-area queries agree on a single commune, too.
            single = compute(definition, period, [commune_b.pk])
            assert single.total == counts.by_commune.get(commune_b.pk, 0), normalised
        transaction.set_rollback(True)
