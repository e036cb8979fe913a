"""The person list builds each row directly (P-1); it must say exactly what the declared fields say."""

from datetime import date

import pytest
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from api.serializers.registry import NATIONAL_ID_FIELDS, PersonSerializer
from registry.models import AccessLog
from registry.selectors import person_list
from registry.services import person_mark_deceased, person_move
from tests.factories import register_person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["officer_a", "provincial", "association_a"])
def test_direct_rows_equal_the_generic_field_walk(request, role, officer_a, commune_a, commune_b):
    viewer = request.getfixturevalue(role)
    register_person(actor=officer_a, commune=commune_a, full_name="Lê Văn Bốn", phone="0905123456",
                    village="Tổ 3", caregiver_name="Lê Thị Năm", caregiver_relation="mẹ",
                    caregiver_national_id="048190000999", poverty_status="poor", poverty_year=2025,
                    association_member_since=date(2021, 3, 1), wg_seeing=2, wg_walking=4, notes="Ghi chú")  # fmt: skip
    register_person(actor=officer_a, commune=commune_a, full_name="Phan Thị Sáu", sex="female", level="",
                    disability_types=(), with_id=False, date_of_birth=date(1975, 1, 1), birth_date_approximate=True)  # fmt: skip
    moved = register_person(actor=officer_a, commune=commune_a, full_name="Trần Văn Bảy")
    person_move(actor=officer_a, person=moved, commune=commune_b, moved_on=date(2026, 1, 5))
    died = register_person(actor=officer_a, commune=commune_a, full_name="Hồ Văn Tám")
    person_mark_deceased(actor=officer_a, person=died, died_on=date(2026, 2, 1))
    http = APIRequestFactory().get("/api/v1/persons/")
    http.user = viewer
    context = {"request": http}
    persons = list(person_list(viewer=viewer))
    assert len(persons) == 4
    for person in persons:
        direct = PersonSerializer(person, context=context).data
        walked = serializers.Serializer.to_representation(PersonSerializer(context=context), person)
        if role == "association_a":
            for field in NATIONAL_ID_FIELDS:
                walked.pop(field)
        assert dict(direct) == walked
        assert list(direct) == list(walked)  # the same keys in the same order


def test_the_list_writes_one_access_log_row(api, provincial, officer_a, commune_a):
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        register_person(actor=officer_a, commune=commune_a, full_name=name)

    response = api(provincial).get("/api/v1/persons/", {"commune": commune_a.code})

    assert response.status_code == 200
    row = AccessLog.objects.exclude(action="id_check").get()  # not the setup's registrations
    assert (row.user, row.action, row.row_count) == (provincial, AccessLog.Action.LIST, 2)
    assert row.path == f"/api/v1/persons/?commune={commune_a.code}"
