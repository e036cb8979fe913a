"""Registering and editing a person through the web forms."""

from datetime import date

import pytest
from django.urls import reverse

from registry.identifiers import example_national_id
from registry.models import Person

pytestmark = pytest.mark.django_db


def form_data(commune, **overrides):
    data = {
        "full_name": "Phạm Văn Hùng",
        "date_of_birth": "17/05/1980",
        "sex": "male",
        "ethnicity": "01",
        "national_id": example_national_id(province="48", sex="male", birth=date(1980, 5, 17), serial=777),
        "commune": commune.pk,
        "village": "Tổ 5",
        "disability_types": ["mobility", "vision"],
        "level": "severe",
        "cause": "accident",
        "poverty_status": "none",
        "wg_walking": "3",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post(client, user, url, data):
    client.force_login(user)
    return client.post(url, data)


def test_register_a_person(client, officer_a, commune_a):
    response = post(client, officer_a, reverse("registry:person_create"), form_data(commune_a))
    person = Person.objects.get(full_name="Phạm Văn Hùng")
    assert response.status_code == 302 and response["Location"] == reverse("registry:person_detail", args=[person.pk])
    assert person.disability_types == ["mobility", "vision"] and person.level == "severe"
    assert person.determinations.count() == 1
    assert person.wg_walking == 3 and person.cause == "accident"
    assert person.created_by == officer_a
    page = client.get(response["Location"]).content.decode()
    assert "Đã đăng ký hồ sơ Phạm Văn Hùng." in page


def test_year_only_birth_date_is_approximate(client, officer_a, commune_a):
    data = form_data(commune_a, date_of_birth="1975", national_id="")
    assert post(client, officer_a, reverse("registry:person_create"), data).status_code == 302
    person = Person.objects.get(full_name="Phạm Văn Hùng")
    assert person.birth_date_approximate and person.date_of_birth == date(1975, 1, 1)
    listing = client.get(reverse("registry:person_list")).content.decode()
    assert "<td>1975</td>" in listing


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"national_id": "04818000123"}, "national_id", "Số định danh cá nhân phải có đúng 12 chữ số (đang có 11)."),
        ({"national_id": "999180000123"}, "national_id", "Ba chữ số đầu (999) không phải mã tỉnh hợp lệ."),
        ({"national_id": "048180000123"}, "national_id", "Chữ số thứ tư (1) không khớp với giới tính."),
        (
            {"national_id": "048099000123"},
            "national_id",
            "Chữ số thứ năm và thứ sáu (99) không khớp với năm sinh 1980.",
        ),
        ({"date_of_birth": "31/02/1980"}, "date_of_birth", "Ngày này không tồn tại."),
        ({"date_of_birth": "hôm qua"}, "date_of_birth", "Nhập ngày sinh theo dạng ngày/tháng/năm"),
        ({"date_of_birth": "01/01/2999", "national_id": ""}, "date_of_birth", "Ngày sinh không được sau ngày hôm nay."),
        ({"disability_types": None}, "disability_types", "Đã chọn mức độ thì phải chọn ít nhất một dạng tật."),
        ({"poverty_status": "poor"}, "poverty_year", "Nhập năm công nhận hộ nghèo, cận nghèo."),
        ({"full_name": ""}, "full_name", "Trường này là bắt buộc."),
    ],
)
def test_bad_input_is_refused_field_by_field_in_vietnamese(client, officer_a, commune_a, overrides, field, message):
    response = post(client, officer_a, reverse("registry:person_create"), form_data(commune_a, **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    html = response.content.decode()
    assert message in html
    assert 'class="error-summary"' in html and f'href="#id_{field}' in html
    assert 'aria-invalid="true"' in html
    assert not Person.objects.filter(full_name="Phạm Văn Hùng").exists()
    assert not Person.objects.filter(full_name="").exists()


def test_commune_outside_scope_is_not_offered_nor_accepted(client, officer_a, commune_a, commune_b):
    response = post(client, officer_a, reverse("registry:person_create"), form_data(commune_b))
    assert response.status_code == 200
    assert "commune" in response.context["form"].errors
    assert list(response.context["form"].fields["commune"].queryset) == [commune_a]
    assert not Person.objects.filter(full_name="Phạm Văn Hùng").exists()


def test_second_person_with_same_id_number_is_refused(client, officer_a, person_a, commune_a):
    data = form_data(commune_a, national_id=person_a.national_id, date_of_birth="17/05/1980", full_name="Khác Tên")
    response = post(client, officer_a, reverse("registry:person_create"), data)
    assert "Số định danh cá nhân này đã được đăng ký cho người khác." in response.content.decode()
    assert not Person.objects.filter(full_name="Khác Tên").exists()


def test_possible_duplicate_warns_then_confirm_registers(client, officer_a, person_a, commune_a):
    data = form_data(commune_a, full_name="nguyen van AN", date_of_birth="1980", national_id="")
    warned = post(client, officer_a, reverse("registry:person_create"), data)
    html = warned.content.decode()
    assert warned.status_code == 200
    assert "Có thể trùng hồ sơ" in html
    assert reverse("registry:person_detail", args=[person_a.pk]) in html
    assert 'name="confirm_duplicate"' in html
    assert Person.objects.filter(name_folded="nguyen van an").count() == 1
    confirmed = post(client, officer_a, reverse("registry:person_create"), {**data, "confirm_duplicate": "on"})
    assert confirmed.status_code == 302
    assert Person.objects.filter(name_folded="nguyen van an").count() == 2


def test_edit_a_person(client, officer_a, person_a):
    url = reverse("registry:person_edit", args=[person_a.pk])
    client.force_login(officer_a)
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(date_of_birth="17/05/1980", village="Tổ 9", phone="0905123456")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    person_a.refresh_from_db()
    assert person_a.village == "Tổ 9" and person_a.phone == "0905123456"


def test_stale_edit_is_refused_with_a_clear_message(client, officer_a, person_a):
    from registry.services import person_update

    url = reverse("registry:person_edit", args=[person_a.pk])
    client.force_login(officer_a)
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["date_of_birth"] = "17/05/1980"
    # someone else saves first
    person_update(actor=officer_a, person=person_a, data={"phone": "0911000111"})
    response = client.post(url, {**data, "village": "Tổ 12"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Người khác đã sửa hồ sơ này trong lúc bạn đang sửa." in html
    assert "Thay đổi của bạn chưa được lưu." in html
    person_a.refresh_from_db()
    assert person_a.village != "Tổ 12" and person_a.phone == "0911000111"


def test_edit_form_has_no_commune_types_or_level(client, officer_a, person_a):
    client.force_login(officer_a)
    form = client.get(reverse("registry:person_edit", args=[person_a.pk])).context["form"]
    assert not {"commune", "disability_types", "level"} & set(form.fields)
    assert form.initial["version"] == person_a.version


def test_caregiver_may_be_a_registered_person_of_the_area(client, officer_a, person_a, person_b, commune_a):
    outside = post(
        client, officer_a, reverse("registry:person_create"), form_data(commune_a, caregiver_person=person_b.pk)
    )
    assert "Không có người đã đăng ký với số hồ sơ này trên địa bàn của bạn." in outside.content.decode()
    response = post(
        client, officer_a, reverse("registry:person_create"), form_data(commune_a, caregiver_person=person_a.pk)
    )
    assert response.status_code == 302
    person = Person.objects.get(full_name="Phạm Văn Hùng")
    assert person.caregiver_person == person_a
    page = client.get(response["Location"]).content.decode()
    assert reverse("registry:person_detail", args=[person_a.pk]) in page
