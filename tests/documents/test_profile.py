"""The person profile: content, sensitive fields by role, extension sections."""

from datetime import date

import pytest
from django.test import override_settings

from registry.documents import profile
from registry.documents.selectors import visible_person
from tests.documents.conftest import pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db


def _profile_text(viewer, person) -> str:
    return pdf_text(profile.profile_pdf(viewer=viewer, person=visible_person(viewer=viewer, pk=person.pk)))


def test_profile_holds_identity_determinations_and_certificates(holder, officer_a):
    text = _profile_text(officer_a, holder)
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG HẢI CHÂU",
        "HỒ SƠ NGƯỜI KHUYẾT TẬT",
        "Võ Thị Ánh Tuyết",
        "17/05/1980",
        "Nữ",
        "Tổ 5, Phường Hải Châu, Thành phố Đà Nẵng",
        "Vận động, Nghe, nói",
        "Đặc biệt nặng",
        "10/01/2024",  # determination date
        "125/GXN-UBND",
        "05/02/2024",  # certificate issue date
        "Còn hiệu lực",
        "Số định danh cá nhân",
        holder.national_id,
    ]:
        assert expected in text, expected


def test_association_officer_gets_no_id_number(holder, association_a):
    text = _profile_text(association_a, holder)
    assert "Võ Thị Ánh Tuyết" in text
    assert holder.national_id not in text
    assert "Số định danh" not in text


def test_caregiver_id_only_for_roles_that_see_ids(officer_a, association_a, commune_a):
    from tests.factories import register_person

    person = register_person(
        actor=officer_a,
        commune=commune_a,
        full_name="Đặng Minh Khôi",
        date_of_birth=date(2015, 3, 2),
        caregiver_name="Đặng Thị Hương",
        caregiver_relation="Mẹ",
        caregiver_national_id="048180000123",
    )
    assert "048180000123" in _profile_text(officer_a, person)
    text = _profile_text(association_a, person)
    assert "Đặng Thị Hương (Mẹ)" in text
    assert "048180000123" not in text


def entitlements_section(*, viewer, person):
    return {
        "title": "Chế độ trợ giúp xã hội",
        "columns": ["Chế độ", "Số tiền"],
        "rows": [["Trợ cấp xã hội hằng tháng", "1.250.000 đ"]],
    }


def nothing_section(*, viewer, person):
    return None


@override_settings(
    PERSON_PROFILE_SECTIONS=[
        "tests.documents.test_profile.entitlements_section",
        "tests.documents.test_profile.nothing_section",
    ]
)
def test_other_apps_add_sections(holder, officer_a):
    text = _profile_text(officer_a, holder)
    assert "V. Chế độ trợ giúp xã hội" in text
    assert "Trợ cấp xã hội hằng tháng 1.250.000 đ" in text


def test_profile_font_is_embedded(holder, officer_a):
    data = profile.profile_pdf(viewer=officer_a, person=visible_person(viewer=officer_a, pk=holder.pk))
    assert set(pdf_fonts(data).values()) == {"Liberation Serif"}


def test_filename_is_ascii_with_the_id(person_a):
    assert profile.profile_filename(person_a) == f"ho-so-nguoi-khuyet-tat-{person_a.pk}.pdf"
