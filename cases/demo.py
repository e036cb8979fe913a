"""Demo data for the cases app (settings.DEMO_SEEDERS, called by `manage.py seed_demo`).

Providers across the province; cases in every domain and every status spread over 2023–2026
(older ones mostly closed, some overdue, some awaiting approval); referrals; determination
applications in progress; the 18/4 and 3/12 events and gift days with participants and gifts.
Everything goes through the services, so the demo obeys the same rules as the users; only the
timeline's timestamps are moved back to the dates the story happened on.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from policies.models import Policy
from registry.errors import DomainError
from registry.models import AdminUnit, Person, Role, UnitLevel
from registry.models.persons import ACTIVITIES, PersonStatus

from . import services, workflow
from .models import CaseStep, Domain, EventKind, FundingSource, Outcome, ProviderKind, Status
from .services.cases import DETERMINATION_POLICY_CODES

PROVINCE = "48"
DEMO_COMMUNES = ("20242", "20341")  # Hải Châu, Tam Kỳ: the communes of the demo officers

# name, kind, domains, at the province (True) or in a commune
PROVIDERS = [
    ("Bệnh viện Đa khoa Đà Nẵng", ProviderKind.HOSPITAL, [Domain.HEALTH], True),
    ("Bệnh viện Đa khoa Quảng Nam", ProviderKind.HOSPITAL, [Domain.HEALTH], False),
    ("Bệnh viện Chỉnh hình và Phục hồi chức năng Đà Nẵng", ProviderKind.HOSPITAL, [Domain.HEALTH], True),
    ("Trung tâm Phục hồi chức năng Tam Kỳ", ProviderKind.REHABILITATION_CENTRE, [Domain.HEALTH], False),
    ("Trung tâm Công tác xã hội Đà Nẵng", ProviderKind.REHABILITATION_CENTRE,
     [Domain.HEALTH, Domain.SOCIAL_ASSISTANCE], True),
    ("Trường Hỗ trợ phát triển giáo dục hòa nhập Đà Nẵng", ProviderKind.SCHOOL, [Domain.EDUCATION], True),
    ("Trường Tiểu học Hòa nhập Tam Kỳ", ProviderKind.SCHOOL, [Domain.EDUCATION], False),
    ("Trung tâm Giáo dục nghề nghiệp Người khuyết tật", ProviderKind.VOCATIONAL_TRAINING_CENTRE,
     [Domain.VOCATIONAL_TRAINING, Domain.LIVELIHOOD], True),
    ("Trường Cao đẳng Nghề Quảng Nam", ProviderKind.VOCATIONAL_TRAINING_CENTRE, [Domain.VOCATIONAL_TRAINING], False),
    ("Trung tâm Trợ giúp pháp lý nhà nước TP Đà Nẵng", ProviderKind.LEGAL_AID_CENTRE, [Domain.LEGAL_AID], True),
    ("Công ty May Hòa Thọ", ProviderKind.EMPLOYER, [Domain.LIVELIHOOD, Domain.VOCATIONAL_TRAINING], False),
    ("Hợp tác xã Thủ công mỹ nghệ Hội An", ProviderKind.EMPLOYER, [Domain.LIVELIHOOD], False),
    ("Hội Người khuyết tật TP Đà Nẵng", ProviderKind.ASSOCIATION,
     [Domain.LIVELIHOOD, Domain.CULTURE_SPORT_TOURISM, Domain.OTHER, Domain.SOCIAL_ASSISTANCE], True),
    ("Hội Bảo trợ người khuyết tật và trẻ mồ côi", ProviderKind.ASSOCIATION, [Domain.OTHER, Domain.EDUCATION], True),
    ("Tổ chức Hỗ trợ người khuyết tật Việt Nam (VNAH)", ProviderKind.NGO,
     [Domain.HEALTH, Domain.HOUSING_ACCESSIBILITY], True),
    ("Trung tâm Văn hóa, Thể thao thành phố", ProviderKind.OTHER, [Domain.CULTURE_SPORT_TOURISM], True),
    ("Ngân hàng Chính sách xã hội chi nhánh Đà Nẵng", ProviderKind.OTHER, [Domain.LIVELIHOOD], True),
]  # fmt: skip

NEEDS = {
    Domain.HEALTH: ["Cần xe lăn mới, xe cũ đã hỏng", "Phục hồi chức năng sau tai biến", "Phẫu thuật chỉnh hình bàn chân",
                    "Cấp máy trợ thính", "Khám sàng lọc cho trẻ dưới 6 tuổi"],
    Domain.EDUCATION: ["Hỗ trợ học phí năm học mới", "Cần đồ dùng học tập và sách chữ nổi", "Xin học lớp hòa nhập"],
    Domain.VOCATIONAL_TRAINING: ["Học nghề may công nghiệp", "Học nghề sửa chữa điện thoại", "Tư vấn việc làm"],
    Domain.LIVELIHOOD: ["Vay vốn chăn nuôi bò", "Hỗ trợ con giống (heo, gà)", "Hỗ trợ mở quán tạp hóa nhỏ"],
    Domain.LEGAL_AID: ["Tư vấn thủ tục thừa kế đất", "Trợ giúp pháp lý tranh chấp lao động"],
    Domain.SOCIAL_ASSISTANCE: ["Hỗ trợ khẩn cấp sau bão", "Hỗ trợ chi phí mai táng"],
    Domain.CULTURE_SPORT_TOURISM: ["Tham gia giải thể thao người khuyết tật", "Tham gia câu lạc bộ văn nghệ"],
    Domain.HOUSING_ACCESSIBILITY: ["Làm đường dốc vào nhà", "Sửa nhà vệ sinh tiếp cận", "Hỗ trợ xây nhà tình thương"],
    Domain.OTHER: ["Hỗ trợ sống độc lập", "Quà Tết cho hộ khó khăn"],
}  # fmt: skip


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _pick_status(rng: random.Random, age_days: int) -> str:
    if age_days > 120:
        weights = [(Status.COMPLETED, 70), (Status.REJECTED, 8), (Status.CANCELLED, 7), (Status.IN_PROGRESS, 10),
                   (Status.APPROVED, 3), (Status.ASSESSED, 2)]  # fmt: skip
    elif age_days > 30:
        weights = [(Status.COMPLETED, 35), (Status.IN_PROGRESS, 30), (Status.APPROVED, 12), (Status.ASSESSED, 10),
                   (Status.REQUESTED, 5), (Status.REJECTED, 4), (Status.CANCELLED, 4)]  # fmt: skip
    else:
        weights = [(Status.REQUESTED, 35), (Status.ASSESSED, 30), (Status.APPROVED, 15), (Status.IN_PROGRESS, 15),
                   (Status.COMPLETED, 5)]  # fmt: skip
    values, w = zip(*weights, strict=True)
    return rng.choices(values, weights=w)[0]


PATHS = {
    Status.REQUESTED: [],
    Status.ASSESSED: ["assess"],
    Status.APPROVED: ["assess", "approve"],
    Status.IN_PROGRESS: ["assess", "approve", "start"],
    Status.COMPLETED: ["assess", "approve", "start", "complete"],
    Status.REJECTED: ["assess", "reject"],
    Status.CANCELLED: ["cancel"],
}


class _Cast:
    """Who plays which part for a person: the commune's own officer and leader where the demo has
    them, the provincial officer and the administrator elsewhere (never the same maker and checker)."""

    def __init__(self, users: dict, demo_commune_ids: dict[int, str]):
        self.users = users
        self.demo_commune_ids = demo_commune_ids

    def for_person(self, person) -> tuple:
        code = self.demo_commune_ids.get(person.commune_id)
        if code == "20242":
            return self.users["canbo.haichau"], self.users["chutich.haichau"]
        if code == "20341":
            return self.users["canbo.tamky"], self.users["chutich.tamky"]
        return self.users["sovyte"], self.users["quantri"]


def seed(*, rng: random.Random, persons, users: dict, today: date, stdout) -> None:
    with transaction.atomic():
        providers = _providers(rng, users)
        stdout.write(f"providers={len(providers)}")
    ids = [p.pk for p in persons]
    alive = list(
        Person.objects.filter(pk__in=ids, status=PersonStatus.ACTIVE, deleted_at__isnull=True)
        .select_related("commune")
        .order_by("id")
    )
    if not alive:
        return
    demo_communes = dict(
        AdminUnit.objects.filter(code__in=DEMO_COMMUNES, level=UnitLevel.COMMUNE, is_current=True).values_list(
            "id", "code"
        )
    )
    cast = _Cast(users, demo_communes)
    local = [p for p in alive if p.commune_id in demo_communes]
    others = [p for p in alive if p.commune_id not in demo_communes]
    count = min(max(60, len(alive) // 8), 1200)
    chosen = rng.sample(local, min(len(local), count * 2 // 3))
    chosen += rng.sample(others, min(len(others), count - len(chosen)))
    policies = _policies_by_domain()
    made = {"cases": 0, "referrals": 0}
    domains = list(Domain.values)
    for index, person in enumerate(chosen):
        domain = domains[index % len(domains)]  # every domain, evenly
        with transaction.atomic():
            _one_case(rng, person, domain, policies, providers, cast, users, today, made)
    for index, person in enumerate(rng.sample(local, min(len(local), 12))):  # awaiting the leaders' approval
        with transaction.atomic():
            _one_case(rng, person, domains[index % len(domains)], policies, providers, cast, users, today, made,
                      status=Status.ASSESSED)  # fmt: skip
    with transaction.atomic():
        determinations = _determinations(rng, local or alive, cast, today)
    with transaction.atomic():
        events = _events(rng, alive, users, today, demo_communes)
    stdout.write(
        f"cases={made['cases']} referrals={made['referrals']} determination applications={determinations} "
        f"events={events}"
    )


def _providers(rng, users) -> list:
    actor = users["sovyte"]
    province = AdminUnit.objects.get(code=PROVINCE, level=UnitLevel.PROVINCE, is_current=True)
    communes = list(
        AdminUnit.objects.filter(province_code=PROVINCE, level=UnitLevel.COMMUNE, is_current=True).order_by("code")
    )
    made = []
    for name, kind, domains, provincial in PROVIDERS:
        unit = province if provincial else rng.choice(communes)
        made.append(
            services.provider_create(
                actor=actor,
                data={
                    "name": name,
                    "kind": kind,
                    "unit": unit,
                    "phone": f"0236 3{rng.randint(100000, 999999)}",
                    "contact_person": rng.choice(["Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Thị Mai", "Phạm Quốc Huy"]),
                    "address": unit.name,
                },
                domains=[str(d) for d in domains],
            )  # fmt: skip
        )
    return made


def _policies_by_domain() -> dict[str, list]:
    out: dict[str, list] = {}
    for policy in Policy.objects.filter(is_active=True).exclude(code__in=DETERMINATION_POLICY_CODES):
        out.setdefault(policy.domain, []).append(policy)
    return out


def _support_details(rng, policy, domain, providers) -> dict:
    serving = [p for p in providers if domain in p.domains]
    details: dict = {}
    if serving and rng.random() < 0.75:
        details["provider"] = rng.choice(serving)
    association = details.get("provider") is not None and details["provider"].kind == ProviderKind.ASSOCIATION
    details["funding_source"] = FundingSource.ASSOCIATION if association else rng.choices(
        [FundingSource.STATE_BUDGET, FundingSource.SOCIAL_MOBILISATION, FundingSource.ASSOCIATION,
         FundingSource.NGO_DONOR, FundingSource.OTHER], weights=[50, 20, 15, 12, 3])[0]  # fmt: skip
    if policy.kind == "in_kind":
        item = {Domain.HEALTH: "Xe lăn", Domain.EDUCATION: "Bộ đồ dùng học tập", Domain.LIVELIHOOD: "Con giống",
                Domain.HOUSING_ACCESSIBILITY: "Vật liệu xây dựng"}.get(domain, "Quà")  # fmt: skip
        details.update(in_kind_description=item, in_kind_quantity=rng.randint(1, 3),
                       in_kind_value=rng.choice([500_000, 1_200_000, 2_500_000, 3_500_000]))  # fmt: skip
    elif policy.kind in ("one_off_cash", "fee_exemption") or rng.random() < 0.4:
        details["amount"] = rng.choice([300_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000])
    return details


def _one_case(rng, person, domain, policies, providers, cast, users, today, made, status: str = "") -> None:
    options = policies.get(domain)
    if not options:
        return
    policy = rng.choice(options)
    maker, checker = cast.for_person(person)
    start = date(2023, 1, 1) if not status else today - timedelta(days=15)
    requested = start + timedelta(days=rng.randint(0, max(0, (today - start).days)))
    details = _support_details(rng, policy, domain, providers)
    # The association records its own support for its members in the demo communes.
    if details["funding_source"] == FundingSource.ASSOCIATION and maker.role == Role.COMMUNE_OFFICER:
        if person.association_member_since is None:
            Person.objects.filter(pk=person.pk).update(association_member_since=requested - timedelta(days=365))
            person.association_member_since = requested - timedelta(days=365)
        maker = users["hoinkt"]
    try:
        case = services.case_open(
            actor=maker, person=person, domain=domain, support_type=policy, description=rng.choice(NEEDS[domain]),
            requested_on=requested, assigned_to=maker if maker.role != Role.ASSOCIATION_OFFICER else None, **details,
        )  # fmt: skip
    except DomainError:
        return
    made["cases"] += 1
    status = status or _pick_status(rng, (today - requested).days)
    day = requested
    stamped = _stamp(case, day, 0)
    for name in PATHS[status]:
        day = min(day + timedelta(days=rng.randint(1, 12)), today)
        actor = checker if name in (workflow.APPROVE, workflow.REJECT) else maker
        kwargs = {}
        if name == workflow.COMPLETE:
            kwargs = {"outcome": rng.choices(Outcome.values, weights=[70, 20, 10])[0], "outcome_on": day}
        if name in ("reject", "cancel"):
            kwargs["note"] = {"reject": "Không thuộc đối tượng hỗ trợ của chính sách này",
                              "cancel": "Người dân rút đề nghị"}[name]  # fmt: skip
        try:
            case = services.case_transition(actor=actor, case=case, action=name, **kwargs)
        except DomainError:
            break
        if name == workflow.START and case.provider_id and rng.random() < 0.6:
            _referral(rng, case, maker, day, today, made)
        stamped = _stamp(case, day, stamped)


def _stamp(case, day: date, after_id: int) -> int:
    """Move the timeline entries written since `after_id` to the day the story happened on."""
    CaseStep.objects.filter(case=case, id__gt=after_id).update(at=_at(day, 9 + after_id % 8))
    return CaseStep.objects.filter(case=case).aggregate(last=Max("id"))["last"] or after_id


def _referral(rng, case, actor, day, today, made) -> None:
    try:
        referral = services.referral_create(actor=actor, case=case, provider=case.provider, sent_on=day,
                                            reason="Đề nghị tiếp nhận và hỗ trợ")  # fmt: skip
        made["referrals"] += 1
        roll = rng.random()
        if roll < 0.15:
            services.referral_record(
                actor=actor, referral=referral, action="decline", on=min(day + timedelta(days=3), today)
            )
        elif roll < 0.85:
            answered = min(day + timedelta(days=rng.randint(1, 7)), today)
            services.referral_record(actor=actor, referral=referral, action="accept", on=answered)
            if case.status == Status.COMPLETED or rng.random() < 0.4:
                services.referral_record(
                    actor=actor, referral=referral, action="complete", on=min(answered + timedelta(days=10), today),
                    outcome="Đã tiếp nhận và hỗ trợ theo đề nghị",
                )  # fmt: skip
    except DomainError:
        return


def _determinations(rng, persons, cast, today) -> int:
    """Determination applications: received, in progress before the council, and after it."""
    made = 0
    policy = Policy.objects.filter(code__in=DETERMINATION_POLICY_CODES).first()
    if policy is None:
        return 0
    candidates = rng.sample(persons, min(len(persons), 24))
    for index, person in enumerate(candidates):
        maker, checker = cast.for_person(person)
        requested = today - timedelta(days=rng.randint(3, 40))
        try:
            case = services.case_open(
                actor=maker, person=person, domain=policy.domain, support_type=policy,
                description="Đề nghị xác định lại mức độ khuyết tật do tình trạng sức khỏe thay đổi (Mẫu 01)",
                requested_on=requested, assigned_to=maker,
            )  # fmt: skip
            made += 1
            if index % 4 == 0:
                continue  # just received
            case = services.case_transition(actor=maker, case=case, action="assess", note="Hồ sơ đầy đủ")
            case = services.case_transition(actor=checker, case=case, action="approve", note="Triệu tập Hội đồng")
            case = services.case_transition(actor=maker, case=case, action="start")
            if index % 4 == 2:  # the council has met: the certificate is due within 5 working days
                minutes = min(requested + timedelta(days=rng.randint(7, 20)), today)
                services.case_update(actor=maker, case=case, data={"council_minutes_on": minutes})
            elif index % 4 == 3:
                _complete_determination(rng, case, person, maker, today)
        except DomainError:
            continue
    return made


def _complete_determination(rng, case, person, actor, today) -> None:
    latest = person.determinations.filter(is_valid=True).aggregate(latest=Max("determined_on"))["latest"]
    minutes = today - timedelta(days=2)
    if latest and latest > minutes:
        return
    scores = {key: rng.choice([0, 1, 1, 2, 2]) for key, _label in ACTIVITIES}
    services.case_complete(
        actor=actor, case=case, outcome=Outcome.ACHIEVED,
        determination=services.DeterminationResult(
            determined_on=minutes, disability_types=person.disability_types or ["mobility"], form="03", scores=scores,
            certificate_number=f"{case.pk:05d}/GXN-{today.year}", certificate_issued_on=today,
        ),
    )  # fmt: skip


def _events(rng, persons, users, today, demo_communes) -> int:
    province = AdminUnit.objects.get(code=PROVINCE, level=UnitLevel.PROVINCE, is_current=True)
    by_commune: dict[int, list] = {}
    for person in persons:
        by_commune.setdefault(person.commune_id, []).append(person)
    made = 0
    for year in range(2023, today.year + 1):
        plan = [
            (date(year, 4, 18), EventKind.DISABILITY_DAY_VN, "Hưởng ứng Ngày Người khuyết tật Việt Nam 18/4", 500_000),
            (date(year, 12, 3), EventKind.DISABILITY_DAY_INTL, "Kỷ niệm Ngày Quốc tế Người khuyết tật 3/12", 500_000),
            (date(year, 1, 20), EventKind.GIFT_GIVING, "Trao quà Tết cho người khuyết tật có hoàn cảnh khó khăn", 1_000_000),
            (date(year, 9, 15), EventKind.AWARENESS_TRAINING, "Tập huấn kỹ năng sống độc lập", 0),
            (date(year, 10, 10), EventKind.JOB_FAIR, "Ngày hội việc làm cho người khuyết tật", 0),
            (date(year, 6, 5), EventKind.SPORT_CULTURE, "Giải thể thao người khuyết tật", 300_000),
        ]  # fmt: skip
        for held_on, kind, title, gift in plan:
            if held_on > today:
                continue
            provincial = kind in (EventKind.DISABILITY_DAY_VN, EventKind.DISABILITY_DAY_INTL, EventKind.JOB_FAIR)
            if provincial:
                unit, actor, pool = province, users["sovyte"], persons
            else:
                commune_id = rng.choice(list(demo_communes) or list(by_commune))
                unit = AdminUnit.objects.get(pk=commune_id)
                actor = users["canbo.haichau"] if demo_communes.get(commune_id) == "20242" else users["canbo.tamky"]
                pool = by_commune.get(commune_id, [])
            participants = rng.sample(pool, min(len(pool), rng.randint(15, 40)))
            gifts = len(participants) + rng.randint(0, 10) if gift else 0
            try:
                services.event_create(
                    actor=actor,
                    data={
                        "kind": kind, "title": f"{title} năm {year}", "held_on": held_on, "unit": unit,
                        "organiser": "Sở Y tế và Hội Người khuyết tật thành phố" if provincial else "UBND " + unit.name,
                        "funding_source": rng.choice([FundingSource.STATE_BUDGET, FundingSource.SOCIAL_MOBILISATION,
                                                      FundingSource.ASSOCIATION]),
                        "funding_amount": gifts * gift + rng.choice([2_000_000, 5_000_000, 10_000_000]),
                        "other_participants": rng.randint(10, 120), "gifts_count": gifts, "gift_value": gift,
                        "notes": "",
                    },
                    participants=participants,
                )  # fmt: skip
            except DomainError:
                continue
            made += 1
    return made
