"""Fixtures of the cases tests: a case opened by the commune officer, in any status."""

from datetime import date

import pytest

from cases.models import Case, Status
from cases.services import case_open


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Attachments written by the tests go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def creator(make_user, commune_a):
    """A second officer of commune A: opens the cases, so officer_a is neither maker nor assessor."""
    return make_user("commune_officer", commune_a, username="creator_a")


@pytest.fixture
def make_case(creator, person_a):
    def make(*, actor=None, person=None, status: str | None = None, **kwargs) -> Case:
        data = {
            "domain": "health",
            "support_type": "rehabilitation",
            "description": "Cần phục hồi chức năng sau tai biến",
            "requested_on": date(2026, 3, 2),
        }
        data.update(kwargs)
        case = case_open(actor=actor or creator, person=person or person_a, **data)
        if status:
            extra = {"outcome": "achieved", "outcome_on": data["requested_on"]} if status == Status.COMPLETED else {}
            Case.objects.filter(pk=case.pk).update(status=status, **extra)
            case.refresh_from_db()
        return case

    return make


@pytest.fixture
def case_a(make_case) -> Case:
    return make_case()


ALL_STATUSES = list(Status.values)
