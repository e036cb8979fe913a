"""The demo seeder: providers, cases in every domain and status over 2023–2026, referrals,
determinations in progress, the 18/4 and 3/12 events with participants and gifts."""

import io
import random

import pytest
from django.utils import timezone

from cases.demo import seed
from cases.models import Case, Event, EventKind, Provider, Referral, Status
from registry.demo import seed_register


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_seeder_tells_the_whole_story():
    today = timezone.localdate()
    result = seed_register(count=400, seed=7, today=today)
    seed(rng=random.Random(8), persons=result.persons, users=result.users, today=today, stdout=io.StringIO())
    assert Provider.objects.count() >= 15
    assert set(Case.objects.values_list("domain", flat=True)) >= {
        "health", "education", "vocational_training", "livelihood", "legal_aid", "social_assistance",
        "culture_sport_tourism", "housing_accessibility", "other",
    }  # fmt: skip
    assert set(Case.objects.values_list("status", flat=True)) == set(Status.values)
    assert {d.year for d in Case.objects.values_list("requested_on", flat=True)} >= {2023, 2024, 2025}
    assert Case.objects.overdue(today).exists()
    assert Case.objects.filter(status=Status.ASSESSED).count() >= 5
    assert Case.objects.filter(kind="determination", status__in=["requested", "in_progress"]).exists()
    assert Referral.objects.exists()
    for kind in (EventKind.DISABILITY_DAY_VN, EventKind.DISABILITY_DAY_INTL):
        event = Event.objects.filter(kind=kind).first()
        assert event and event.participants.exists() and event.gifts_count > 0 and event.gift_value > 0
