"""The two seeded plans and their agencies (data, corrected in the UI like any other row).

* Quảng Nam's Plan 785/KH-UBND of 16/02/2023 (domain.md §1, the seed article): led by the
  Department of Labour, Invalids and Social Affairs (Sở LĐTBXH); agencies send their plans before
  10/3/2023 and their results before 15/11/2023. Its targets come from Quảng Nam's Plan
  7704/KH-UBND (2020) and Decision 1190/QĐ-TTg (domain.md §4); where neither gives a number the
  target is marked illustrative.
* A 2026 plan for Đà Nẵng (which Quảng Nam joined on 01/07/2025), led by the Department of Health
  (Sở Y tế): social protection moved to the health sector in 2025. Its document number is an
  example, and so are the targets marked illustrative.

`load_seed_plans(actor=…)` goes through the services and is idempotent (agencies by code, plans by
province and document number).
"""

from datetime import date
from decimal import Decimal

from registry.models import AdminUnit

from .models import Agency, Plan

ELIGIBLE = {"levels": ["severe", "especially_severe"], "certified": True, "statuses": ["active"]}
REGISTERED = {"statuses": ["active"]}
SCHOOL_AGE = {"age_min": 6, "age_max": 17, "statuses": ["active"]}
SERVED = ["approved", "in_progress", "completed"]

# code, name, short name, kind, province code, unit (commune/district code, is current), active from, until, successor
AGENCIES = [
    ("so-ldtbxh-49", "Sở Lao động - Thương binh và Xã hội tỉnh Quảng Nam", "Sở LĐTBXH Quảng Nam", "department", "49",
     None, None, date(2025, 2, 28), "so-y-te-49"),
    ("so-y-te-49", "Sở Y tế tỉnh Quảng Nam", "Sở Y tế Quảng Nam", "department", "49", None, None, date(2025, 6, 30),
     "so-y-te-48"),
    ("so-gddt-49", "Sở Giáo dục và Đào tạo tỉnh Quảng Nam", "Sở GD&ĐT Quảng Nam", "department", "49", None, None,
     date(2025, 6, 30), "so-gddt-48"),
    ("so-tu-phap-49", "Sở Tư pháp tỉnh Quảng Nam", "Sở Tư pháp Quảng Nam", "department", "49", None, None,
     date(2025, 6, 30), "so-tu-phap-48"),
    ("so-vhttdl-49", "Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Nam", "Sở VHTTDL Quảng Nam", "department", "49", None,
     None, date(2025, 6, 30), "so-vhttdl-48"),
    ("hoi-nkt-49", "Hội Người khuyết tật tỉnh Quảng Nam", "Hội NKT Quảng Nam", "association", "49", None, None,
     date(2025, 6, 30), "hoi-nkt-48"),
    ("ubmttq-49", "Ủy ban MTTQ Việt Nam tỉnh Quảng Nam", "UBMTTQ Quảng Nam", "mass_organisation", "49", None, None,
     date(2025, 6, 30), "ubmttq-48"),
    ("ubnd-tam-ky-502", "UBND thành phố Tam Kỳ", "UBND TP Tam Kỳ", "peoples_committee", "49", ("502", False), None,
     date(2025, 6, 30), "ubnd-20341"),
    ("ubnd-hoi-an-503", "UBND thành phố Hội An", "UBND TP Hội An", "peoples_committee", "49", ("503", False), None,
     date(2025, 6, 30), None),
    ("ubnd-nui-thanh-517", "UBND huyện Núi Thành", "UBND H. Núi Thành", "peoples_committee", "49", ("517", False), None,
     date(2025, 6, 30), None),
    ("so-y-te-48", "Sở Y tế thành phố Đà Nẵng", "Sở Y tế", "department", "48", None, date(2025, 3, 1), None, None),
    ("so-gddt-48", "Sở Giáo dục và Đào tạo thành phố Đà Nẵng", "Sở GD&ĐT", "department", "48", None, None, None, None),
    ("so-noi-vu-48", "Sở Nội vụ thành phố Đà Nẵng", "Sở Nội vụ", "department", "48", None, date(2025, 3, 1), None, None),
    ("so-tu-phap-48", "Sở Tư pháp thành phố Đà Nẵng", "Sở Tư pháp", "department", "48", None, None, None, None),
    ("so-vhttdl-48", "Sở Văn hóa, Thể thao và Du lịch thành phố Đà Nẵng", "Sở VHTTDL", "department", "48", None, None,
     None, None),
    ("hoi-nkt-48", "Hội Người khuyết tật thành phố Đà Nẵng", "Hội NKT", "association", "48", None, None, None, None),
    ("ubmttq-48", "Ủy ban MTTQ Việt Nam thành phố Đà Nẵng", "UBMTTQ", "mass_organisation", "48", None, None, None, None),
    ("ubnd-20242", "UBND phường Hải Châu", "UBND P. Hải Châu", "peoples_committee", "48", ("20242", True),
     date(2025, 7, 1), None, None),
    ("ubnd-20341", "UBND phường Tam Kỳ", "UBND P. Tam Kỳ", "peoples_committee", "48", ("20341", True),
     date(2025, 7, 1), None, None),
]  # fmt: skip
# More communes of Đà Nẵng report on the 2026 plan: the first few current communes by code.
EXTRA_COMMUNE_AGENCIES = 2


def _indicators(year: int) -> list[dict]:
    """The indicators of a year's plan; targets of 2021–25 (7704/KH-UBND, 1190/QĐ-TTg) for 2023 and
    of 2026–30 for 2026. `lead`/`with` name agencies by code suffix (the province is added)."""
    late = year >= 2026
    return [
        {
            "code": "allowance_coverage", "name": "Người khuyết tật đủ điều kiện được hưởng trợ cấp xã hội hằng tháng",
            "domain": "social_assistance", "unit_label": "%", "target": 100,
            "target_source": "KH 7704/KH-UBND (2020): 100% đối tượng đủ điều kiện",
            "definition": {"measure": "persons", "source": "benefits", "benefits": {"policies": ["monthly_allowance"]},
                           "persons": ELIGIBLE,
                           "denominator": {"source": "registry", "persons": ELIGIBLE}},
            "lead": "social", "with": [],
            "notes": "Tử số: người có quyết định hưởng trợ cấp đang chi trả trong kỳ. Mẫu số: người khuyết tật nặng, "
                     "đặc biệt nặng có giấy xác nhận còn hiệu lực, còn sống vào ngày tham chiếu.",
        },
        {
            "code": "health_insurance", "name": "Người khuyết tật được cấp thẻ bảo hiểm y tế do Nhà nước đóng",
            "domain": "health", "unit_label": "%", "target": 100,
            "target_source": "KH 7704/KH-UBND (2020): 100% được cấp thẻ BHYT miễn phí",
            "definition": {"measure": "persons", "source": "benefits",
                           "benefits": {"policies": ["monthly_allowance", "facility_nurturing"]}, "persons": ELIGIBLE,
                           "denominator": {"source": "registry", "persons": ELIGIBLE}},
            "lead": "social", "with": [],
            "notes": "Người hưởng trợ cấp hằng tháng hoặc nuôi dưỡng tại cơ sở được cấp thẻ BHYT (NĐ 20/2021, Điều 9).",
        },
        {
            "code": "health_access", "name": "Người khuyết tật được tiếp cận dịch vụ y tế",
            "domain": "health", "unit_label": "%", "target": 80 if late else 70,
            "target_source": "KH 7704/KH-UBND: 70% (2021–2025), 80% (2026–2030)",
            "definition": {"measure": "persons", "source": "cases", "date_field": "requested",
                           "cases": {"domains": ["health"], "statuses": SERVED}, "persons": REGISTERED,
                           "denominator": {"source": "registry", "persons": REGISTERED}},
            "lead": "health", "with": ["hoi-nkt"],
        },
        {
            "code": "rehabilitation", "name": "Người khuyết tật được phục hồi chức năng, cấp dụng cụ trợ giúp hoặc phẫu thuật chỉnh hình",
            "domain": "health", "unit_label": "%", "target": 30,
            "target_source": "KH 7704/KH-UBND: 30% (2021–2025)" + ("; giữ 30% minh họa cho 2026" if late else ""),
            "target_is_illustrative": late,
            "definition": {"measure": "persons", "source": "cases", "date_field": "requested",
                           "cases": {"support_types": ["rehabilitation", "assistive_device", "orthopaedic_surgery"],
                                     "statuses": SERVED},
                           "persons": REGISTERED, "denominator": {"source": "registry", "persons": REGISTERED}},
            "lead": "health", "with": ["hoi-nkt"],
        },
        {
            "code": "children_education", "name": "Trẻ em khuyết tật trong độ tuổi đi học được tiếp cận giáo dục",
            "domain": "education", "unit_label": "%", "target": 90 if late else 70,
            "target_source": "QĐ 1190/QĐ-TTg: 70% (2021–2025, chưa xác nhận), 90% (2026–2030)",
            "target_is_illustrative": not late,
            "definition": {"measure": "persons", "source": "cases", "date_field": "requested",
                           "cases": {"domains": ["education"], "statuses": SERVED}, "persons": SCHOOL_AGE,
                           "denominator": {"source": "registry", "persons": SCHOOL_AGE}},
            "lead": "so-gddt", "with": [],
        },
        {
            "code": "vocational_jobs", "name": "Người khuyết tật được học nghề hoặc hỗ trợ việc làm",
            "domain": "vocational_training", "unit_label": "người", "target": 150 if late else 120,
            "target_source": "Minh họa: QĐ 1190 chỉ có chỉ tiêu toàn quốc (250.000 / 300.000 người)",
            "target_is_illustrative": True,
            "definition": {"measure": "persons", "source": "cases", "date_field": "completed",
                           "cases": {"support_types": ["vocational_training", "job_placement"], "statuses": ["completed"]}},
            "lead": "jobs", "with": ["hoi-nkt"],
        },
        {
            "code": "legal_aid", "name": "Người khuyết tật có yêu cầu được trợ giúp pháp lý",
            "domain": "legal_aid", "unit_label": "%", "target": 100,
            "target_source": "QĐ 1190/QĐ-TTg: 100% người có nhu cầu",
            "definition": {"measure": "persons", "source": "cases", "date_field": "requested",
                           "cases": {"domains": ["legal_aid"], "statuses": ["completed", "in_progress"]},
                           "denominator": {"source": "cases", "date_field": "requested",
                                           "cases": {"domains": ["legal_aid"]}}},
            "lead": "so-tu-phap", "with": [],
        },
        {
            "code": "awareness_participants", "name": "Lượt người tham gia tập huấn nâng cao nhận thức",
            "domain": "other", "unit_label": "lượt người", "target": 600 if late else 400,
            "target_source": "Minh họa: kế hoạch không nêu số", "target_is_illustrative": True,
            "definition": {"measure": "event_participants", "events": {"kinds": ["awareness_training"]}},
            "lead": "social", "with": ["hoi-nkt", "ubmttq"],
        },
        {
            "code": "gifts_days", "name": "Suất quà tặng nhân Ngày NKT Việt Nam (18/4) và Ngày Quốc tế NKT (3/12)",
            "domain": "other", "unit_label": "suất quà", "target": 1500 if late else 1000,
            "target_source": "Minh họa: kế hoạch không nêu số", "target_is_illustrative": True,
            "definition": {"measure": "gifts", "events": {"kinds": ["disability_day_vn", "disability_day_intl", "gift_giving"]}},
            "lead": "hoi-nkt", "with": ["ubmttq"],
        },
        {
            "code": "social_mobilisation", "name": "Kinh phí vận động từ nguồn xã hội",
            "domain": "other", "unit_label": "đồng", "target": 2_000_000_000 if late else 1_500_000_000,
            "target_source": "Minh họa: kế hoạch không nêu số", "target_is_illustrative": True,
            "definition": {"measure": "amount",
                           "amount_fields": ["case_amount", "case_in_kind_value", "event_funding", "event_gifts_value"],
                           "cases": {"funding_sources": ["social_mobilisation"]},
                           "events": {"funding_sources": ["social_mobilisation"]}},
            "lead": "ubmttq", "with": ["hoi-nkt"],
        },
    ]  # fmt: skip


def _unit(code: str, current: bool) -> AdminUnit | None:
    level = {2: "province", 3: "district", 5: "commune"}[len(code)]
    return AdminUnit.objects.filter(code=code, level=level, is_current=current).first()


def load_agencies() -> dict[str, Agency]:
    """Create the agencies that are missing (never overwrites a corrected row)."""
    out: dict[str, Agency] = {}
    provinces = {"48": _unit("48", True), "49": _unit("49", False)}
    for code, name, short, kind, province, unit, since, until, _successor in AGENCIES:
        if provinces[province] is None:
            continue
        unit_row = _unit(*unit) if unit else None
        if unit and unit_row is None:
            continue
        agency, _created = Agency.objects.get_or_create(
            code=code,
            defaults={"name": name, "short_name": short, "kind": kind, "province": provinces[province], "unit": unit_row,
                      "active_from": since, "active_until": until},
        )  # fmt: skip
        out[code] = agency
    for code, *_rest, successor in AGENCIES:
        if successor and code in out and successor in out and out[code].replaced_by_id is None:
            out[code].replaced_by = out[successor]
            out[code].save(update_fields=["replaced_by"])
    if provinces["48"] is not None:
        extra = (
            AdminUnit.objects.filter(parent=provinces["48"], level="commune", is_current=True)
            .exclude(code__in=["20242", "20341"])
            .order_by("code")[:EXTRA_COMMUNE_AGENCIES]
        )
        for commune in extra:
            agency, _created = Agency.objects.get_or_create(
                code=f"ubnd-{commune.code}",
                defaults={"name": f"UBND {commune.name.replace('Phường', 'phường').replace('Xã', 'xã')}",
                          "kind": "peoples_committee", "province": provinces["48"], "unit": commune,
                          "active_from": date(2025, 7, 1)},
            )  # fmt: skip
            out[agency.code] = agency
    return out


def _agency_for(agencies: dict[str, Agency], key: str, province: str, year: int) -> Agency | None:
    aliases = {
        "social": "so-ldtbxh" if year < 2025 else "so-y-te",
        "health": "so-y-te",
        "jobs": "so-ldtbxh" if year < 2025 else "so-noi-vu",
    }
    return agencies.get(f"{aliases.get(key, key)}-{province}")


PLANS = [
    {
        "province": ("49", False), "year": 2023, "document_number": "785/KH-UBND", "document_date": date(2023, 2, 16),
        "title": "Kế hoạch công tác người khuyết tật năm 2023", "issuing_body": "UBND tỉnh Quảng Nam",
        "lead": "so-ldtbxh-49",
        "cooperating": ["so-y-te-49", "so-gddt-49", "so-tu-phap-49", "so-vhttdl-49", "hoi-nkt-49", "ubmttq-49",
                        "ubnd-tam-ky-502", "ubnd-hoi-an-503", "ubnd-nui-thanh-517"],
        "objectives": (
            "Nâng cao nhận thức, trách nhiệm của các cấp, các ngành, cộng đồng về bảo vệ, chăm sóc và trợ giúp người "
            "khuyết tật; tạo điều kiện để người khuyết tật tiếp cận chính sách trợ giúp về y tế, giáo dục, đào tạo nghề, "
            "việc làm, sinh kế, pháp lý, văn hóa, thể thao, du lịch; vận động nguồn lực xã hội. Các Sở, ngành, Hội, "
            "đoàn thể và UBND các huyện, thị xã, thành phố gửi kế hoạch về Sở LĐTBXH trước ngày 10/3/2023 và báo cáo "
            "kết quả năm 2023 trước ngày 15/11/2023."
        ),
        "notes": "Chỉ tiêu lấy từ KH 7704/KH-UBND (2020) và QĐ 1190/QĐ-TTg; chỉ tiêu đánh dấu minh họa khi kế hoạch không nêu số.",
    },
    {
        "province": ("48", True), "year": 2026, "document_number": "45/KH-UBND", "document_date": date(2026, 2, 10),
        "title": "Kế hoạch thực hiện công tác người khuyết tật năm 2026", "issuing_body": "UBND thành phố Đà Nẵng",
        "lead": "so-y-te-48",
        "cooperating": ["so-gddt-48", "so-noi-vu-48", "so-tu-phap-48", "so-vhttdl-48", "hoi-nkt-48", "ubmttq-48",
                        "ubnd-20242", "ubnd-20341", "*communes"],
        "objectives": (
            "Tiếp tục thực hiện Chương trình trợ giúp người khuyết tật giai đoạn 2021–2030 trên địa bàn thành phố sau "
            "hợp nhất với tỉnh Quảng Nam; Sở Y tế chủ trì (lĩnh vực bảo trợ xã hội chuyển về ngành y tế từ năm 2025)."
        ),
        "notes": "Số hiệu văn bản và các chỉ tiêu đánh dấu minh họa là dữ liệu mẫu.",
    },
]  # fmt: skip


def load_seed_plans(*, actor) -> list[Plan]:
    """Create the seeded plans that are missing, with their indicators (as drafts)."""
    from .services import indicator_create, plan_create

    agencies = load_agencies()
    plans = []
    for spec in PLANS:
        province = _unit(*spec["province"])
        if province is None or spec["lead"] not in agencies:
            continue
        existing = Plan.objects.filter(province=province, document_number=spec["document_number"]).first()
        if existing is not None:
            plans.append(existing)
            continue
        cooperating = []
        for code in spec["cooperating"]:
            if code == "*communes":
                cooperating += [a for c, a in agencies.items() if c.startswith("ubnd-") and c[5:].isdigit()
                                and c not in ("ubnd-20242", "ubnd-20341")]  # fmt: skip
            elif code in agencies:
                cooperating.append(agencies[code])
        plan = plan_create(
            actor=actor,
            data={k: spec[k] for k in ("year", "document_number", "document_date", "title", "issuing_body", "objectives", "notes")}
            | {"province": province, "lead_agency": agencies[spec["lead"]]},
            cooperating_agencies=cooperating,
        )  # fmt: skip
        province_code = spec["province"][0]
        for order, item in enumerate(_indicators(spec["year"]), start=1):
            data = {k: v for k, v in item.items() if k not in ("lead", "with")}
            data["target"] = Decimal(data["target"])
            data["sort_order"] = order * 10
            data["lead_agency"] = _agency_for(agencies, item["lead"], province_code, spec["year"])
            helpers = [_agency_for(agencies, key, province_code, spec["year"]) for key in item["with"]]
            indicator_create(actor=actor, plan=plan, data=data, cooperating_agencies=[a for a in helpers if a])
        plans.append(plan)
    return plans
