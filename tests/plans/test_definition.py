"""Indicator definitions are data: what cannot be computed is refused, naming the problem."""

import pytest
from django.utils import translation

from cases.plans.definition import parse_definition
from registry.errors import InvalidInput

from .conftest import HEALTH_ACCESS

POLICIES = {"rehabilitation", "legal_aid", "monthly_allowance", "vocational_training"}


def errors_of(data) -> dict:
    with translation.override("en"), pytest.raises(InvalidInput) as exc:
        parse_definition(data, policies=POLICIES)
    return exc.value.errors


def test_a_valid_definition_is_normalised():
    definition = parse_definition(HEALTH_ACCESS, policies=POLICIES)
    assert definition.is_percentage
    data = definition.to_json()
    assert data["measure"] == "persons" and data["source"] == "cases"
    assert data["denominator"]["source"] == "registry"
    assert parse_definition(data, policies=POLICIES) == definition  # stable


@pytest.mark.parametrize(
    ("data", "key", "words"),
    [
        ({}, "definition", "empty"),
        ({"measure": "smiles"}, "definition.measure", "counted"),
        ({"measure": "persons", "colour": "red"}, "definition.colour", "colour"),
        ({"measure": "persons", "source": "cases", "cases": {"colour": ["red"]}}, "definition.cases.colour", "colour"),
        ({"measure": "persons", "source": "cases", "cases": {"domains": ["astrology"]}}, "definition.cases.domains", "astrology"),
        ({"measure": "cases", "cases": {"support_types": ["teleport"]}}, "definition.cases.support_types", "teleport"),
        ({"measure": "persons", "source": "cases", "date_field": "held"}, "definition.date_field", "held"),
        ({"measure": "persons", "source": "registry", "persons": {"age_min": 18, "age_max": 6}},
         "definition.persons.age_max", "empty"),
        ({"measure": "persons", "source": "cases", "denominator": {}}, "definition.denominator", "empty"),
        ({"measure": "persons", "source": "cases", "denominator": {"persons": {"age_min": 6}}}, "definition.denominator", "empty"),
        ({"measure": "cases", "denominator": {"source": "registry"}}, "definition.denominator", "distinct persons"),
        ({"measure": "gifts", "persons": {"sexes": ["female"]}}, "definition.persons", "events"),
        ({"measure": "amount"}, "definition.amount_fields", "amounts"),
        ({"measure": "persons", "source": "cases", "date_field": "completed", "cases": {"statuses": ["requested"]}},
         "definition.cases.statuses", "completed"),
        ({"measure": "persons", "source": "registry", "events": {"kinds": ["gift_giving"]}}, "definition.events", "apply"),
        ({"measure": "persons", "source": "registry", "persons": {"age_min": "six"}}, "definition.persons.age_min", "whole"),
    ],
)  # fmt: skip
def test_uncomputable_definitions_are_refused_naming_the_problem(data, key, words):
    errors = errors_of(data)
    assert key in errors, errors
    assert words.lower() in " ".join(errors[key]).lower()


def test_all_problems_are_reported_at_once():
    errors = errors_of(
        {"measure": "persons", "source": "cases", "cases": {"domains": ["x"], "statuses": ["y"]}, "z": 1}
    )
    assert {"definition.cases.domains", "definition.cases.statuses", "definition.z"} <= set(errors)


def test_stored_definitions_parse_without_the_catalogue():
    assert parse_definition({"measure": "cases", "cases": {"support_types": ["anything"]}}, policies=None)
