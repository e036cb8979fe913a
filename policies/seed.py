"""The seeded catalogue, standard levels and coefficients (domain.md §3).

`load_policies()` is idempotent and never overwrites a row an administrator corrected: it only
adds what is missing (policies by code, rates by policy/group/start date). The data migration
calls it; `manage.py load_policies` runs it again after an upgrade.

Tags from domain.md: [S] secondary sources, [U] unconfirmed. The 540.000 đ level reported from
mid-2026 is [U]: it is seeded *unconfirmed*, so no amount uses it until an administrator checks
the decree and confirms it (docs/adr/policies-entitlements-and-payroll.md §3).
"""

from datetime import date
from decimal import Decimal

D20 = "Nghị định 20/2021/NĐ-CP"
LAW51 = "Luật Người khuyết tật 51/2010/QH12"

# code, name, domain, kind, legal basis, decided by, standard duration (working days)
POLICIES = [
    ("monthly_allowance", "Trợ cấp xã hội hằng tháng", "social_assistance", "monthly_cash",
     f"{D20}, Điều 5, 6, 7; Nghị định 76/2024/NĐ-CP", "commune_chairman", 15),
    ("care_support", "Hỗ trợ kinh phí chăm sóc, nuôi dưỡng", "social_assistance", "monthly_cash",
     f"{D20}, Điều 20", "commune_chairman", 15),
    ("facility_nurturing", "Nuôi dưỡng trong cơ sở trợ giúp xã hội", "social_assistance", "monthly_cash",
     f"{D20}, Điều 25", "facility", 20),
    ("health_insurance", "Thẻ bảo hiểm y tế do Nhà nước đóng", "health", "health_insurance",
     f"{D20}, Điều 9; Luật Bảo hiểm y tế", "automatic", 10),
    ("funeral_support", "Hỗ trợ chi phí mai táng", "social_assistance", "one_off_cash",
     f"{D20}, Điều 11", "commune_chairman", 5),
    ("emergency_support", "Hỗ trợ khẩn cấp", "social_assistance", "one_off_cash",
     f"{D20}, Chương III", "commune_chairman", 5),
    ("rehabilitation", "Phục hồi chức năng", "health", "service", f"{LAW51}, Điều 21, 25", "provider", 20),
    ("assistive_device", "Dụng cụ trợ giúp, phương tiện hỗ trợ", "health", "in_kind",
     f"{LAW51}, Điều 21", "provider", 20),
    ("orthopaedic_surgery", "Phẫu thuật chỉnh hình", "health", "service", f"{LAW51}, Điều 21", "provider", 30),
    ("health_screening", "Khám sàng lọc, phát hiện và can thiệp sớm", "health", "service",
     f"{LAW51}, Điều 21", "provider", 15),
    ("tuition_exemption", "Miễn, giảm học phí", "education", "fee_exemption",
     "Nghị định 81/2021/NĐ-CP", "school", 10),
    ("education_support", "Hỗ trợ học tập (học bổng, phương tiện, đồ dùng)", "education", "in_kind",
     f"{LAW51}, Điều 27", "school", 15),
    ("vocational_training", "Đào tạo nghề", "vocational_training", "service",
     f"{LAW51}, Điều 32, 33", "school", 30),
    ("job_placement", "Tư vấn, giới thiệu việc làm", "vocational_training", "service",
     f"{LAW51}, Điều 33", "provider", 15),
    ("preferential_loan", "Vay vốn ưu đãi", "livelihood", "service", f"{LAW51}, Điều 34", "bank", 20),
    ("livelihood_support", "Hỗ trợ sinh kế (con giống, công cụ sản xuất)", "livelihood", "in_kind",
     "Quyết định 1190/QĐ-TTg", "association", 20),
    ("legal_aid", "Trợ giúp pháp lý miễn phí", "legal_aid", "service", "Luật Trợ giúp pháp lý 2017", "provider", 10),
    ("culture_sport", "Tham gia văn hóa, thể thao, du lịch", "culture_sport_tourism", "service",
     f"{LAW51}, Điều 42, 43, 44", "association", 15),
    ("housing_support", "Hỗ trợ nhà ở", "housing_accessibility", "in_kind",
     "Quyết định 1190/QĐ-TTg", "commune_chairman", 30),
    ("accessibility_adaptation", "Cải tạo tiếp cận nhà ở, công trình", "housing_accessibility", "service",
     f"{LAW51}, Điều 39, 40", "commune_chairman", 30),
    ("independent_living", "Hỗ trợ sống độc lập, hòa nhập cộng đồng", "other", "service",
     "Quyết định 1190/QĐ-TTg", "association", 20),
    ("gift", "Quà tặng ngày 18/4 hoặc 3/12", "other", "in_kind", "Kế hoạch của tỉnh", "association", 5),
]  # fmt: skip

# province code ("" national), amount, from, to, legal basis, confirmed, note
STANDARD_LEVELS = [
    ("", 270_000, date(2014, 1, 1), date(2021, 6, 30), "Nghị định 136/2013/NĐ-CP", True, "[S]"),
    ("", 360_000, date(2021, 7, 1), date(2024, 6, 30), D20, True, ""),
    ("", 500_000, date(2024, 7, 1), None, "Nghị định 76/2024/NĐ-CP", True, "[S]"),
    ("", 540_000, date(2026, 7, 1), None, "Nghị định 335/2026/NĐ-CP", False,
     "[U] reported, not confirmed: check the decree, then confirm (the 500.000 row is ended automatically)."),
]  # fmt: skip

_OLD = (date(2014, 1, 1), date(2021, 6, 30))
_NEW = (date(2021, 7, 1), None)
# policy, group, coefficient, (from, to), legal basis, note
COEFFICIENTS = [
    ("monthly_allowance", "especially_severe_adult", "2.0", _OLD, "Nghị định 28/2012/NĐ-CP, Điều 16", "[S]"),
    ("monthly_allowance", "especially_severe_child_elderly", "2.5", _OLD, "Nghị định 28/2012/NĐ-CP, Điều 16", "[S]"),
    ("monthly_allowance", "severe_adult", "1.5", _OLD, "Nghị định 28/2012/NĐ-CP, Điều 16", "[S]"),
    ("monthly_allowance", "severe_child_elderly", "2.0", _OLD, "Nghị định 28/2012/NĐ-CP, Điều 16", "[S]"),
    ("monthly_allowance", "especially_severe_adult", "2.0", _NEW, f"{D20}, Điều 6", ""),
    ("monthly_allowance", "especially_severe_child_elderly", "2.5", _NEW, f"{D20}, Điều 6", ""),
    ("monthly_allowance", "severe_adult", "1.5", _NEW, f"{D20}, Điều 6", ""),
    ("monthly_allowance", "severe_child_elderly", "2.0", _NEW, f"{D20}, Điều 6", ""),
    ("monthly_allowance", "elderly_poor_alone", "1.5", _NEW, f"{D20}, Điều 6", "[S]"),
    ("monthly_allowance", "elderly_80_no_pension", "1.0", _NEW, f"{D20}, Điều 6", "[S]"),
    ("monthly_allowance", "single_poor_parent", "1.0", _NEW, f"{D20}, Điều 6", "[S]"),
    ("care_support", "pregnant_or_one_child", "1.5", _OLD, "Nghị định 28/2012/NĐ-CP, Điều 17", "[S]"),
    ("care_support", "pregnant_and_child_or_two", "2.0", _OLD, "Nghị định 28/2012/NĐ-CP, Điều 17", "[S]"),
    ("care_support", "household_caring", "1.0", _OLD, "Nghị định 28/2012/NĐ-CP, Điều 17", "[S]"),
    ("care_support", "taking_in_adult", "1.5", _OLD, "Nghị định 28/2012/NĐ-CP, Điều 17", "[S]"),
    ("care_support", "taking_in_child", "2.5", _OLD, "Nghị định 28/2012/NĐ-CP, Điều 17", "[S]"),
    ("care_support", "pregnant_or_one_child", "1.5", _NEW, f"{D20}, Điều 20", ""),
    ("care_support", "pregnant_and_child_or_two", "2.0", _NEW, f"{D20}, Điều 20", ""),
    ("care_support", "household_caring", "1.0", _NEW, f"{D20}, Điều 20", ""),
    ("care_support", "taking_in_adult", "1.5", _NEW, f"{D20}, Điều 20", ""),
    ("care_support", "taking_in_child", "2.5", _NEW, f"{D20}, Điều 20", ""),
    ("facility_nurturing", "facility", "4.0", _NEW, f"{D20}, Điều 25", ""),
    ("facility_nurturing", "facility_under_4", "5.0", _NEW, f"{D20}, Điều 25", ""),
    ("funeral_support", "funeral", "20.0", _OLD, "Nghị định 136/2013/NĐ-CP, Điều 11", "[S]"),
    ("funeral_support", "funeral", "20.0", _NEW, f"{D20}, Điều 11", "at least 20 × the standard level"),
]  # fmt: skip


def load_policies(apps=None) -> dict[str, int]:
    """Add the missing catalogue rows, standard levels and coefficients. Returns counts created."""
    if apps is None:
        from .models import Coefficient, Policy, StandardLevel
    else:
        Policy = apps.get_model("policies", "Policy")
        StandardLevel = apps.get_model("policies", "StandardLevel")
        Coefficient = apps.get_model("policies", "Coefficient")
    created = {"policies": 0, "standard_levels": 0, "coefficients": 0}
    for order, (code, name, domain, kind, basis, decider, days) in enumerate(POLICIES, start=1):
        _obj, made = Policy.objects.get_or_create(
            code=code,
            defaults={
                "name": name, "domain": domain, "kind": kind, "legal_basis": basis, "decided_by": decider,
                "standard_duration_days": days, "sort_order": order * 10,
            },
        )  # fmt: skip
        created["policies"] += made
    for province, amount, start, end, basis, confirmed, note in STANDARD_LEVELS:
        _obj, made = StandardLevel.objects.get_or_create(
            province_code=province,
            valid_from=start,
            amount=amount,
            defaults={"valid_to": end, "legal_basis": basis, "is_confirmed": confirmed, "note": note},
        )
        created["standard_levels"] += made
    policies = {p.code: p for p in Policy.objects.all()}
    for code, group, value, (start, end), basis, note in COEFFICIENTS:
        _obj, made = Coefficient.objects.get_or_create(
            policy=policies[code],
            group=group,
            valid_from=start,
            defaults={"value": Decimal(value), "valid_to": end, "legal_basis": basis, "note": note},
        )
        created["coefficients"] += made
    return created
