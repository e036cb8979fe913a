"""Helpers for policies tests: persons with certificates, built through the real services."""

import itertools
from datetime import date

import pytest

from registry.services import certificate_issue
from tests.factories import register_person

_numbers = itertools.count(1)


@pytest.fixture
def recipient(officer_a, commune_a):
    """A person with a certificate: recipient(dob=..., level=..., certified_on=..., sex=...)."""
    return recipient_maker(officer_a, commune_a)


def recipient_maker(officer_a, commune_a):
    def make(*, dob=date(1980, 5, 17), level="severe", certified_on=date(2022, 3, 15), sex="male",
             full_name=None, commune=None, actor=None, **data):  # fmt: skip
        actor = actor or officer_a
        commune = commune or commune_a
        person = register_person(
            actor=actor, commune=commune, full_name=full_name or f"Người Thứ {next(_numbers)}", sex=sex,
            date_of_birth=dob, level=level, determined_on=certified_on, **data,
        )  # fmt: skip
        if certified_on is not None:
            certificate_issue(
                actor=actor, person=person, number=f"GXN-{next(_numbers)}", issued_on=certified_on,
                issuing_commune=commune,
            )  # fmt: skip
        person.refresh_from_db()
        return person

    return make


@pytest.fixture(autouse=True)
def _catalogue(db):
    """The catalogue comes from a data migration; transactional tests elsewhere may flush it."""
    from policies.models import Policy
    from policies.seed import load_policies

    if not Policy.objects.filter(code="monthly_allowance").exists():
        load_policies()


@pytest.fixture
def rates(db):
    from policies.engine import RateTable

    return RateTable.load()


@pytest.fixture
def items_for(rates):
    """items_for(person, date(2024, 7, 1)) → list of engine items."""
    from policies.engine import entitlements, load_person_facts

    def run(person, month, policy=None):
        result = entitlements(load_person_facts(person), month, rates)
        return [i for i in result if policy is None or i.policy == policy]

    return run


def drafter_for(commune):
    """The commune officer of `commune` who drafts the decisions its leader signs (made once)."""
    from registry.models import User
    from tests.factories import UserFactory

    user = User.objects.filter(username=f"drafter_{commune.code}").first()
    if user is None:
        user = UserFactory(role="commune_officer", username=f"drafter_{commune.code}")
        user.units.set([commune])
    return user


def decide(signer, kind, *, drafter=None, person=None, benefit=None, **fields):
    """A decision drafted by `drafter` (default: an officer of the commune) and signed by `signer`."""
    from policies.services import decision_draft, decision_sign

    commune = benefit.commune if benefit is not None else person.commune
    draft = decision_draft(actor=drafter or drafter_for(commune), kind=kind, person=person, benefit=benefit, **fields)
    return decision_sign(actor=signer, draft=draft)


def grant(leader, person, *, policy="monthly_allowance", effective_month, decided_on=None, number=None, **kwargs):
    """A grant drafted by an officer of the person's commune (or `drafter=`) and signed by `leader`."""
    from datetime import timedelta

    from policies.models import Policy
    from policies.months import parse_month

    if decided_on is None:
        try:
            decided_on = parse_month(effective_month) + timedelta(days=9)
        except Exception:
            decided_on = date(2024, 1, 10)

    return decide(
        leader, "grant", person=person, policy=Policy.objects.get(code=policy),
        number=number or f"{next(_numbers)}/QĐ-UBND", decided_on=decided_on, effective_month=effective_month,
        **kwargs,
    )  # fmt: skip
