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


# The sections policies and cases add (settings.PERSON_PROFILE_SECTIONS) -------------------------
@pytest.fixture
def recipient_with_case(officer_a, leader_a, commune_a):
    """A woman with the monthly allowance (decision 45/QĐ-UBND) and a rehabilitation case; not a member
    of the association."""
    from cases.services.cases import case_open
    from tests.policies.conftest import grant, recipient_maker

    person = recipient_maker(officer_a, commune_a)(
        full_name="Phạm Thị Lệ Thủy", sex="female", dob=date(1950, 4, 2), level="especially_severe",
        certified_on=date(2024, 3, 15),
    )  # fmt: skip
    grant(leader_a, person, effective_month="2024-08", decided_on=date(2024, 8, 5), number="45/QĐ-UBND")
    case_open(actor=officer_a, person=person, domain="health", support_type="rehabilitation",
              description="Phục hồi chức năng sau tai biến", requested_on=date(2025, 3, 2))  # fmt: skip
    return person


def test_commune_officer_gets_entitlements_decisions_and_cases(recipient_with_case, officer_a):
    text = _profile_text(officer_a, recipient_with_case)
    for expected in [
        "Chế độ được hưởng tháng",
        "Trợ cấp xã hội hằng tháng",
        "1.250.000 đ",  # 2.5 × 500.000 đ (elderly, especially severe)
        "Quyết định trợ giúp xã hội",
        "45/QĐ",  # the number column may wrap after the hyphen
        "05/08/2024",
        "08/2024",
        "Hồ sơ hỗ trợ",
        "Phục hồi chức năng",
        "02/03/2025",
    ]:
        assert expected in text, expected


def test_association_officer_gets_no_case_outside_the_association(recipient_with_case, association_a):
    text = _profile_text(association_a, recipient_with_case)
    assert "Hồ sơ hỗ trợ" in text and "Không có hồ sơ hỗ trợ nào." in text
    assert "02/03/2025" not in text


def test_the_old_commune_does_not_get_the_new_communes_decisions(
    recipient_with_case, officer_a, officer_b, commune_b, make_user
):
    from policies.models import Decision
    from registry.services import person_move
    from tests.policies.conftest import grant

    person = person_move(actor=officer_a, person=recipient_with_case, commune=commune_b, moved_on=date(2025, 1, 10))
    leader_b = make_user("commune_leader", commune_b, username="leader_b")
    Decision.objects.filter(person=person).update(decided_on=date(2024, 8, 5))  # keep A's decision as it was
    grant(leader_b, person, effective_month="2025-02", decided_on=date(2025, 2, 3), number="9/QĐ-UBND")
    old_commune = _profile_text(officer_a, person)  # A still sees the person who moved out
    assert "45/QĐ" in old_commune and "05/08/2024" in old_commune
    assert "9/QĐ" not in old_commune and "03/02/2025" not in old_commune
    new_commune = _profile_text(officer_b, person)
    assert "9/QĐ" in new_commune and "03/02/2025" in new_commune
