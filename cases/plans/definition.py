"""An indicator's definition: what is counted, over which records and persons. Data, not code.

Stored as JSON on `Indicator.definition`, checked and normalised by `parse_definition`, which
refuses anything the roll-up cannot compute and names the problem (`definition.<path>` keys):

    {
      "measure": "persons",              # persons | cases | events | event_participants | gifts | amount
      "source": "cases",                 # for persons: cases | events | benefits | certificates | registry
      "date_field": "completed",         # cases: requested | approved | completed; events: held;
                                         # benefits: paid; certificates: issued; registry: reference
      "cases": {"domains": [], "support_types": [], "statuses": [], "funding_sources": [], "kinds": []},
      "events": {"kinds": [], "funding_sources": []},
      "benefits": {"policies": []},
      "amount_fields": [],               # amount: case_amount, case_in_kind_value, event_funding, event_gifts_value
      "persons": {"age_min": null, "age_max": null, "sexes": [], "types": [], "levels": [],
                  "association_member": null, "statuses": [], "certified": null},
      "denominator": null                # or a population: {"source": ..., "date_field": ..., filters...}
    }

Meaning (the roll-up in `rollup.py` implements exactly this; the tests recount it by brute force):

* The period runs from the plan's first day to its last day or the as-of date, whichever is
  earlier; that last day is the **reference date** R. A record counts when its date
  (`date_field`) falls in the period. Person filters read the person on R: age on R, member of the
  association on R, alive or deceased on R, a certificate in force on R.
* **Commune of a record**: a case, a participation or a certificate-less record belongs to the
  commune where its person lived on the record's date (residence periods); a person of the
  register (`registry`) to the commune where they lived on R; a benefit to its paying commune; a
  certificate to its issuing commune; an event to the commune where it was held (a provincial
  event counts only in the province's total).
* `persons` counts distinct persons at every level: a person with three cases, or with cases in
  two communes after a move, is one person at the province.
* With a `denominator` (a population of persons), the value is a percentage recomputed from the
  numerator and the denominator at every level, never averaged. The numerator then counts only
  persons who are also in the denominator population **of the same unit**, so it never exceeds
  the denominator.
"""

from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cases.models import CaseKind, EventKind, FundingSource, Status
from policies.models.catalogue import Domain
from registry.errors import InvalidInput
from registry.models import DisabilityLevel, DisabilityType, Sex

MEASURES = ("persons", "cases", "events", "event_participants", "gifts", "amount")
PERSON_SOURCES = ("cases", "events", "benefits", "certificates", "registry")
DATE_FIELDS = {
    "cases": ("requested", "approved", "completed"),
    "events": ("held",),
    "benefits": ("paid",),
    "certificates": ("issued",),
    "registry": ("reference",),
}
DEFAULT_DATE_FIELD = {
    "cases": "requested",
    "events": "held",
    "benefits": "paid",
    "certificates": "issued",
    "registry": "reference",
}
AMOUNT_FIELDS = ("case_amount", "case_in_kind_value", "event_funding", "event_gifts_value")
PERSON_STATUSES = ("active", "deceased")
MAX_AGE = 130

TOP_KEYS = {"measure", "source", "date_field", "cases", "events", "benefits", "amount_fields", "persons", "denominator"}
POPULATION_KEYS = {"source", "date_field", "cases", "events", "benefits", "persons"}
FILTER_KEYS = {
    "cases": {"domains", "support_types", "statuses", "funding_sources", "kinds"},
    "events": {"kinds", "funding_sources"},
    "benefits": {"policies"},
    "persons": {"age_min", "age_max", "sexes", "types", "levels", "association_member", "statuses", "certified"},
}


@dataclass(frozen=True)
class CaseFilter:
    domains: tuple[str, ...] = ()
    support_types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    funding_sources: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventFilter:
    kinds: tuple[str, ...] = ()
    funding_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class BenefitFilter:
    policies: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonFilter:
    age_min: int | None = None
    age_max: int | None = None
    sexes: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    association_member: bool | None = None
    statuses: tuple[str, ...] = ()
    certified: bool | None = None

    @property
    def is_empty(self) -> bool:
        return self == PersonFilter()


@dataclass(frozen=True)
class Population:
    """A set of records (and their persons): the numerator's records or the denominator's."""

    source: str
    date_field: str
    cases: CaseFilter = field(default_factory=CaseFilter)
    events: EventFilter = field(default_factory=EventFilter)
    benefits: BenefitFilter = field(default_factory=BenefitFilter)
    persons: PersonFilter = field(default_factory=PersonFilter)


@dataclass(frozen=True)
class Definition:
    measure: str
    records: Population
    amount_fields: tuple[str, ...] = ()
    denominator: Population | None = None

    @property
    def is_percentage(self) -> bool:
        return self.denominator is not None

    @property
    def case_amount_fields(self) -> tuple[str, ...]:
        return tuple(f for f in self.amount_fields if f.startswith("case_"))

    @property
    def event_amount_fields(self) -> tuple[str, ...]:
        return tuple(f for f in self.amount_fields if f.startswith("event_"))

    def to_json(self) -> dict[str, Any]:
        """The normalised JSON stored on the indicator (empty filters left out)."""
        out: dict[str, Any] = {"measure": self.measure}
        out.update(_population_json(self.records))
        if self.amount_fields:
            out["amount_fields"] = list(self.amount_fields)
        out["denominator"] = _population_json(self.denominator) if self.denominator else None
        return out


def _population_json(pop: Population) -> dict[str, Any]:
    out: dict[str, Any] = {"source": pop.source, "date_field": pop.date_field}
    for name in ("cases", "events", "benefits", "persons"):
        values = {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(getattr(pop, name)).items()}
        values = {k: v for k, v in values.items() if v not in (None, [], ())}
        if values:
            out[name] = values
    return out


class _Errors:
    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        self.errors.setdefault(f"definition.{path}" if path else "definition", []).append(message)


def _codes(errors: _Errors, path: str, value, allowed, label: str) -> tuple[str, ...]:
    if value in (None, ""):
        return ()
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        errors.add(path, _("Give a list of codes."))
        return ()
    unknown = [v for v in value if v not in allowed]
    if unknown:
        errors.add(path, _("Unknown %(what)s: %(codes)s.") % {"what": label, "codes": ", ".join(unknown)})
    return tuple(dict.fromkeys(v for v in value if v in allowed))


def _bool(errors: _Errors, path: str, value) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    errors.add(path, _("Give true, false or nothing."))
    return None


def _age(errors: _Errors, path: str, value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        errors.add(path, _("Give the age as a whole number of years."))
        return None
    if not 0 <= value <= MAX_AGE:
        errors.add(path, _("The age must be between 0 and %(max)d.") % {"max": MAX_AGE})
        return None
    return value


def _unknown_keys(errors: _Errors, path: str, data: dict, allowed: set[str]) -> None:
    for key in sorted(set(data) - allowed):
        errors.add(f"{path}.{key}" if path else key, _("Unknown field “%(field)s”.") % {"field": key})


def _section(errors: _Errors, path: str, data: dict, name: str) -> dict:
    value = data.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.add(f"{path}{name}", _("Give the filters as an object."))
        return {}
    _unknown_keys(errors, f"{path}{name}", value, FILTER_KEYS[name])
    return value


def _population(
    errors: _Errors, path: str, data: dict, *, source: str, policies: set[str] | None, used: set[str]
) -> Population:
    """Parse the filters of one population; `used` names the filter sections that apply."""
    for name in ("cases", "events", "benefits", "persons"):
        if name not in used and data.get(name) and f"definition.{path}{name}" not in errors.errors:
            errors.add(f"{path}{name}", _("These filters do not apply to what is counted here."))
    date_field = data.get("date_field") or DEFAULT_DATE_FIELD.get(source, "")
    if source in DATE_FIELDS and date_field not in DATE_FIELDS[source]:
        errors.add(
            f"{path}date_field",
            _("Unknown date “%(value)s” for this source; choose one of: %(choices)s.")
            % {"value": date_field, "choices": ", ".join(DATE_FIELDS[source])},
        )
    c = _section(errors, path, data, "cases")
    e = _section(errors, path, data, "events")
    b = _section(errors, path, data, "benefits")
    p = _section(errors, path, data, "persons")
    cases = CaseFilter(
        domains=_codes(errors, f"{path}cases.domains", c.get("domains"), Domain.values, _("domain")),
        support_types=_codes(
            errors,
            f"{path}cases.support_types",
            c.get("support_types"),
            _Any() if policies is None else policies,
            _("support type"),
        ),  # fmt: skip
        statuses=_codes(errors, f"{path}cases.statuses", c.get("statuses"), Status.values, _("case status")),
        funding_sources=_codes(
            errors, f"{path}cases.funding_sources", c.get("funding_sources"), FundingSource.values, _("funding source")
        ),
        kinds=_codes(errors, f"{path}cases.kinds", c.get("kinds"), CaseKind.values, _("case type")),
    )
    if source == "cases" and date_field == "completed" and cases.statuses and Status.COMPLETED not in cases.statuses:
        errors.add(
            f"{path}cases.statuses",
            _("Only completed cases have a completion date: include the status “completed” or count by another date."),
        )
    if source == "cases" and date_field == "approved" and cases.statuses and set(cases.statuses) <= {
        Status.REQUESTED, Status.ASSESSED,
    }:  # fmt: skip
        errors.add(f"{path}cases.statuses", _("Cases that are only requested or assessed have no approval date."))
    events = EventFilter(
        kinds=_codes(errors, f"{path}events.kinds", e.get("kinds"), EventKind.values, _("event kind")),
        funding_sources=_codes(
            errors, f"{path}events.funding_sources", e.get("funding_sources"), FundingSource.values, _("funding source")
        ),
    )
    benefits = BenefitFilter(
        policies=_codes(
            errors,
            f"{path}benefits.policies",
            b.get("policies"),
            _Any() if policies is None else policies,
            _("support type"),
        )  # fmt: skip
    )
    age_min = _age(errors, f"{path}persons.age_min", p.get("age_min"))
    age_max = _age(errors, f"{path}persons.age_max", p.get("age_max"))
    if age_min is not None and age_max is not None and age_min > age_max:
        errors.add(f"{path}persons.age_max", _("The age range is empty: the maximum age is below the minimum."))
    persons = PersonFilter(
        age_min=age_min,
        age_max=age_max,
        sexes=_codes(errors, f"{path}persons.sexes", p.get("sexes"), Sex.values, _("sex")),
        types=_codes(errors, f"{path}persons.types", p.get("types"), DisabilityType.values, _("disability type")),
        levels=_codes(errors, f"{path}persons.levels", p.get("levels"), DisabilityLevel.values, _("disability level")),
        association_member=_bool(errors, f"{path}persons.association_member", p.get("association_member")),
        statuses=_codes(errors, f"{path}persons.statuses", p.get("statuses"), PERSON_STATUSES, _("status")),
        certified=_bool(errors, f"{path}persons.certified", p.get("certified")),
    )
    return Population(
        source=source, date_field=date_field, cases=cases, events=events, benefits=benefits, persons=persons
    )


SOURCE_FILTERS = {
    "cases": {"cases", "persons"},
    "events": {"events", "persons"},
    "benefits": {"benefits", "persons"},
    "certificates": {"persons"},
    "registry": {"persons"},
}


class _Any:
    """Accepts every code (stored definitions were checked against the catalogue when saved)."""

    def __contains__(self, item) -> bool:
        return True


def parse_definition(data: Any, *, policies: set[str] | None) -> Definition:
    """The definition, checked: every problem is reported at once as InvalidInput. `policies` is
    the set of known support-type codes (None: do not check them, for stored definitions)."""
    errors = _Errors()
    if not isinstance(data, dict) or not data:
        errors.add("", _("The definition is empty: say what is counted."))
        raise InvalidInput(errors.errors)
    _unknown_keys(errors, "", data, TOP_KEYS)
    measure = data.get("measure")
    if measure not in MEASURES:
        errors.add("measure", _("Choose what is counted: %(choices)s.") % {"choices": ", ".join(MEASURES)})
        raise InvalidInput(errors.errors)

    amount_fields: tuple[str, ...] = ()
    if measure == "persons":
        source = data.get("source") or ""
        if source not in PERSON_SOURCES:
            errors.add(
                "source", _("Choose where the persons come from: %(choices)s.") % {"choices": ", ".join(PERSON_SOURCES)}
            )
            raise InvalidInput(errors.errors)
        used = SOURCE_FILTERS[source]
    elif measure == "cases":
        source, used = "cases", {"cases", "persons"}
    elif measure == "amount":
        amount_fields = _codes(
            errors, "amount_fields", data.get("amount_fields"), AMOUNT_FIELDS, pgettext("amount field", "amount")
        )
        if not amount_fields and "definition.amount_fields" not in errors.errors:
            errors.add("amount_fields", _("Choose which amounts are summed."))
        has_cases = any(f.startswith("case_") for f in amount_fields)
        has_events = any(f.startswith("event_") for f in amount_fields)
        source = "cases" if has_cases or not has_events else "events"
        used = set()
        if has_cases or not amount_fields:
            used |= {"cases", "persons"}
        if has_events:
            used |= {"events"}
        if has_events and not has_cases and (data.get("persons") or {}):
            errors.add("persons", _("Person filters apply only to amounts of cases."))
    else:  # events, event_participants, gifts
        source, used = "events", {"events"}
        if data.get("persons"):
            errors.add(
                "persons",
                _(
                    "Person filters cannot apply to events, gifts or participant counts: count distinct persons from events instead."
                ),
            )
    if "source" in data and data["source"] not in (None, "", source) and measure != "persons":
        errors.add("source", _("This count always reads %(source)s.") % {"source": source})
    if measure != "amount" and data.get("amount_fields"):
        errors.add("amount_fields", _("Amounts are chosen only when a sum of amounts is counted."))
    records = _population(errors, "", data, source=source, policies=policies, used=used)

    denominator = None
    raw = data.get("denominator")
    if raw is not None:
        if measure != "persons":
            errors.add("denominator", _("Only a count of distinct persons can have a denominator population."))
        elif not isinstance(raw, dict) or not raw.get("source"):
            errors.add("denominator", _("The denominator is empty: choose the population it counts."))
        else:
            _unknown_keys(errors, "denominator", raw, POPULATION_KEYS)
            den_source = raw["source"]
            if den_source not in PERSON_SOURCES:
                errors.add(
                    "denominator.source",
                    _("Choose where the persons come from: %(choices)s.") % {"choices": ", ".join(PERSON_SOURCES)},
                )
            else:
                denominator = _population(
                    errors, "denominator.", raw, source=den_source, policies=policies, used=SOURCE_FILTERS[den_source]
                )
    if errors.errors:
        raise InvalidInput(errors.errors)
    return Definition(measure=measure, records=records, amount_fields=amount_fields, denominator=denominator)


def known_policy_codes() -> set[str]:
    from policies.models import Policy

    return set(Policy.objects.values_list("code", flat=True))


def load_definition(data: Any) -> Definition:
    """Parse a stored definition (already checked when saved; no query)."""
    return parse_definition(data, policies=None)
