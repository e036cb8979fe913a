from datetime import date, timedelta

import pytest
from django.utils import timezone

from registry.errors import FieldError, InvalidInput, NotPermitted, PossibleDuplicate, StaleVersion
from registry.models import AccessLog, Person
from registry.selectors import person_detail, person_list
from registry.services import (
    certificate_issue,
    determination_record,
    person_mark_deceased,
    person_move,
    person_register,
    person_update,
)
from tests.factories import register_person


def base_data(commune, **extra):
    data = {"full_name": "Hồ Thị Mai", "sex": "female", "date_of_birth": date(1990, 3, 4), "commune": commune}
    data.update(extra)
    return data


def test_second_person_with_same_id_is_refused(officer_a, commune_a, person_a):
    with pytest.raises(FieldError) as info:
        person_register(
            actor=officer_a,
            data=base_data(commune_a, national_id=person_a.national_id, sex="male", date_of_birth=person_a.date_of_birth),
        )
    assert info.value.field == "national_id"
    assert Person.objects.count() == 1


def test_same_folded_name_and_birth_year_in_commune_needs_confirmation(officer_a, commune_a, person_a):
    data = base_data(commune_a, full_name="nguyen van AN", sex="male", date_of_birth=date(1980, 1, 1))
    with pytest.raises(PossibleDuplicate) as info:
        person_register(actor=officer_a, data=data)
    assert [p.pk for p in info.value.candidates] == [person_a.pk]
    assert Person.objects.count() == 1
    confirmed = person_register(actor=officer_a, data=data, confirm_duplicate=True)
    assert confirmed.pk != person_a.pk and Person.objects.count() == 2


def test_same_name_in_another_commune_is_not_a_duplicate(officer_b, commune_b, person_a):
    data = base_data(commune_b, full_name=person_a.full_name, sex="male", date_of_birth=person_a.date_of_birth)
    assert person_register(actor=officer_b, data=data).commune == commune_b


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"date_of_birth": timezone.localdate() + timedelta(days=1)}, "date_of_birth"),
        ({"date_of_birth": date(1850, 1, 1)}, "date_of_birth"),
        ({"national_id": "049085001234"}, "national_id"),  # 0 = male, but the person is a woman
        ({"full_name": "   "}, "full_name"),
        ({"poverty_status": "poor"}, "poverty_year"),
        ({"association_member_since": date(1980, 1, 1)}, "association_member_since"),
        ({"sex": "x"}, "sex"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(officer_a, commune_a, extra, field):
    with pytest.raises(InvalidInput) as info:
        person_register(actor=officer_a, data=base_data(commune_a, **extra))
    assert field in info.value.errors
    assert Person.objects.count() == 0


def test_legacy_unit_is_refused_as_residence(officer_a):
    from registry.models import AdminUnit

    old = AdminUnit.objects.filter(level="commune", is_current=False, province_code="49").first()
    with pytest.raises(InvalidInput) as info:
        person_register(actor=officer_a, data=base_data(old))
    assert "commune" in info.value.errors


def test_level_without_types_is_refused(officer_a, commune_a):
    with pytest.raises(FieldError) as info:
        person_register(actor=officer_a, data=base_data(commune_a), disability_types=[], level="severe")
    assert info.value.field == "disability_types"
    assert Person.objects.count() == 0


def test_officer_cannot_register_in_another_commune(officer_a, commune_b):
    with pytest.raises(FieldError) as info:
        person_register(actor=officer_a, data=base_data(commune_b))
    assert info.value.field == "commune"


@pytest.mark.parametrize("role", ["association_officer", "statistics_officer", "commune_leader"])
def test_only_editing_roles_register(make_user, commune_a, role):
    user = make_user(role, commune_a)
    with pytest.raises(NotPermitted):
        person_register(actor=user, data=base_data(commune_a))


def test_year_only_birth_is_stored_as_first_of_january_and_marked(officer_a, commune_a):
    person = person_register(
        actor=officer_a, data=base_data(commune_a, date_of_birth=date(1970, 8, 9), birth_date_approximate=True)
    )
    assert person.date_of_birth == date(1970, 1, 1) and person.birth_date_approximate


def test_update_records_history_old_to_new(officer_a, person_a):
    person_update(actor=officer_a, person=person_a, data={"village": "Tổ 7", "phone": "0905123456"})
    latest, previous = person_a.history.order_by("-history_id")[:2]
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(previous).changes}
    assert changes["village"] == ("", "Tổ 7")
    assert changes["phone"] == ("", "0905123456")
    assert latest.history_user == officer_a


def test_stale_update_is_refused_with_what_changed(officer_a, person_a):
    version = Person.objects.get(pk=person_a.pk).version
    person_update(actor=officer_a, person=person_a, data={"village": "Tổ 1"}, expected_version=version)
    with pytest.raises(StaleVersion) as info:
        person_update(actor=officer_a, person=person_a, data={"village": "Tổ 2"}, expected_version=version)
    assert "village" in info.value.changes
    assert Person.objects.get(pk=person_a.pk).village == "Tổ 1"


def test_move_hands_the_person_to_the_new_commune_and_keeps_history(officer_a, officer_b, person_a, commune_b):
    person_move(actor=officer_a, person=person_a, commune=commune_b, moved_on=date(2026, 3, 15))
    for_a = person_detail(viewer=officer_a, pk=person_a.pk)
    for_b = person_detail(viewer=officer_b, pk=person_a.pk)
    assert for_a.viewer_status == "moved_out"
    assert for_b.viewer_status == "active"
    periods = list(person_a.residences.order_by("id").values_list("commune__code", "ended_on"))
    assert periods == [("20242", date(2026, 3, 15)), ("20341", None)]
    # the old commune can no longer edit
    with pytest.raises(NotPermitted):
        person_update(actor=officer_a, person=Person.objects.get(pk=person_a.pk), data={"village": "x"})
    assert person_list(viewer=officer_a).filter(viewer_status="moved_out").count() == 1


def test_deceased_needs_a_plausible_date(officer_a, person_a):
    with pytest.raises(FieldError):
        person_mark_deceased(actor=officer_a, person=person_a, died_on=timezone.localdate() + timedelta(days=3))
    person_mark_deceased(actor=officer_a, person=person_a, died_on=date(2026, 1, 2))
    person_a.refresh_from_db()
    assert person_a.status == "deceased" and person_a.died_on == date(2026, 1, 2)


def test_latest_valid_determination_sets_types_and_level(officer_a, commune_a):
    person_a = register_person(actor=officer_a, commune=commune_a, determined_on=date(2024, 5, 1))
    scores = dict.fromkeys(
        ["walking", "eating", "toileting", "hygiene", "dressing", "hearing_understanding", "speaking", "work",
         "social", "learning"], 2)  # fmt: skip
    determination_record(
        actor=officer_a, person=person_a, determined_on=date(2026, 2, 1), disability_types=["vision", "mobility"],
        form="03", scores=scores,
    )  # fmt: skip
    person_a.refresh_from_db()
    assert person_a.level == "especially_severe"
    assert person_a.disability_types == ["mobility", "vision"]


def test_form_03_level_differs_from_total_only_with_reason(officer_a, person_a):
    scores = dict.fromkeys(
        ["walking", "eating", "toileting", "hygiene", "dressing", "hearing_understanding", "speaking", "work",
         "social", "learning"], 0)  # fmt: skip
    with pytest.raises(FieldError) as info:
        determination_record(
            actor=officer_a, person=person_a, determined_on=date(2026, 2, 1), disability_types=["mobility"],
            form="03", scores=scores, level="severe",
        )  # fmt: skip
    assert info.value.field == "level_override_reason"


def test_certificate_replaces_the_valid_one_and_refuses_dates_before_birth(officer_a, commune_a):
    child = register_person(
        actor=officer_a, commune=commune_a, full_name="Lê Minh Khoa", date_of_birth=date(2020, 6, 1),
        determined_on=date(2024, 1, 5),
    )  # fmt: skip
    with pytest.raises(FieldError) as info:
        certificate_issue(actor=officer_a, person=child, number="1/GXN", issued_on=date(2019, 1, 1), issuing_commune=commune_a)
    assert info.value.field == "issued_on"
    first = certificate_issue(actor=officer_a, person=child, number="1/GXN", issued_on=date(2024, 1, 10), issuing_commune=commune_a)
    second = certificate_issue(actor=officer_a, person=child, number="2/GXN", issued_on=date(2025, 2, 1), issuing_commune=commune_a)
    first.refresh_from_db()
    assert (first.status, second.status) == ("reissued", "valid")
    assert first.verification_token != second.verification_token and len(second.verification_token) >= 40


def test_access_log_is_append_only_in_admin(admin_user, person_a):
    from django.contrib.admin.sites import site

    from registry.access import log_access

    log_access(user=admin_user, action="view", person=person_a, detail="test")
    model_admin = site._registry[AccessLog]

    class Request:
        user = admin_user

    assert not model_admin.has_change_permission(Request(), AccessLog.objects.first())
    assert not model_admin.has_delete_permission(Request(), AccessLog.objects.first())
