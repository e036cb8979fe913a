"""A realistic, deterministic synthetic register for Đà Nẵng (with the former Quảng Nam).

Figures follow domain.md §8 (Quảng Nam, end of 2020): levels 18.9 % especially severe, 68.5 %
severe, 12.6 % mild; types in the proportions of the same table, ~10 % with two types. Built in
bulk (with change-history rows) so 200,000 persons load in minutes; every generated value is
valid by construction and the same rules the services enforce (see tests/registry/test_demo.py).
"""

import random
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from .identifiers import example_national_id
from .models import AdminUnit, Certificate, Determination, Person, Residence, Role, User
from .models.persons import TYPE_FIELDS, Cause, CertificateStatus, DeterminationForm, PersonStatus, Poverty
from .services.determinations import ACTIVITY_KEYS, level_for_total
from .services.users import user_create
from .text import fold

DEMO_PASSWORD = "HoaNhap@2026"  # local demo only; documented in the README
PROVINCE = "48"
HAI_CHAU = "20242"
TAM_KY = "20341"

# username, role, units, full name
DEMO_ACCOUNTS = [
    ("quantri", Role.ADMIN, [], "Quản Trị Viên"),
    ("canbo.haichau", Role.COMMUNE_OFFICER, [HAI_CHAU], "Lê Thị Hạnh"),
    ("chutich.haichau", Role.COMMUNE_LEADER, [HAI_CHAU], "Trần Văn Minh"),
    ("canbo.tamky", Role.COMMUNE_OFFICER, [TAM_KY], "Nguyễn Thị Thu"),
    ("chutich.tamky", Role.COMMUNE_LEADER, [TAM_KY], "Phạm Đức Long"),
    ("hoinkt", Role.ASSOCIATION_OFFICER, [PROVINCE], "Võ Văn Tâm"),
    ("sovyte", Role.PROVINCIAL_OFFICER, [PROVINCE], "Huỳnh Thị Lan"),
    ("thongke", Role.STATISTICS_OFFICER, [PROVINCE], "Đặng Quốc Bảo"),
]

FAMILY = [("Nguyễn", 30), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Huỳnh", 6), ("Võ", 6), ("Phan", 4),
          ("Hoàng", 3), ("Đặng", 3), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 3), ("Ngô", 2), ("Dương", 1),
          ("Lý", 1), ("Trương", 2), ("Đoàn", 1), ("Mai", 1), ("Thái", 1), ("Lương", 1)]  # fmt: skip
MALE_MIDDLE = ["Văn", "Văn", "Hữu", "Đức", "Minh", "Công", "Quang", "Thanh", "Ngọc", "Xuân"]
FEMALE_MIDDLE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Kim", "Mỹ", "Thanh", "Hồng", "Bích"]
MALE_GIVEN = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khoa", "Long", "Lộc", "Minh",
              "Nam", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Tiến", "Trung", "Tuấn", "Việt", "Vinh"]  # fmt: skip
FEMALE_GIVEN = ["Anh", "Châu", "Diệp", "Dung", "Hà", "Hằng", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai",
                "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Thủy", "Trang", "Tuyết", "Vân", "Yến"]  # fmt: skip
# Highland names (Cơ-tu, Giẻ-Triêng, Xơ-đăng, Co) as recorded in civil registers.
HIGHLAND_FAMILY = ["Alăng", "Bhling", "Zơrâm", "Briu", "Hồ", "Pơloong", "A Rất", "Đinh", "Hồ Văn", "Y"]
HIGHLAND_GIVEN = ["Bríp", "Chiên", "Hùng", "Lệ", "Nhiên", "Pố", "Thị Dung", "Văn Mía", "Thị Hoa", "Blúi"]
HIGHLAND_DISTRICTS = {"Huyện Tây Giang": "26", "Huyện Đông Giang": "26", "Huyện Nam Giang": "27",
                      "Huyện Phước Sơn": "27", "Huyện Nam Trà My": "14", "Huyện Bắc Trà My": "30"}  # fmt: skip

LEVEL_WEIGHTS = [("especially_severe", 12593), ("severe", 45718), ("mild", 8433)]
TYPE_WEIGHTS = [("mobility", 30621), ("hearing_speech", 5928), ("vision", 5672), ("neuro_psychosocial", 8794),
                ("intellectual", 6488), ("other", 9241)]  # fmt: skip
CAUSE_WEIGHTS = [(Cause.CONGENITAL, 30), (Cause.ILLNESS, 35), (Cause.ACCIDENT, 15), (Cause.WAR, 8),
                 (Cause.OCCUPATIONAL, 3), (Cause.OTHER, 4), (Cause.UNKNOWN, 5)]  # fmt: skip
RELATIONS = ["Vợ", "Chồng", "Con", "Mẹ", "Cha", "Anh", "Chị", "Em", "Cháu"]
VILLAGES = ["Thôn 1", "Thôn 2", "Thôn 3", "Thôn Trung", "Thôn Đông", "Tổ 5", "Tổ 12", "Tổ 21", "Khối phố 3"]


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


@dataclass
class DemoResult:
    persons: list
    users: dict


def ensure_accounts() -> dict[str, User]:
    return {
        username: user_create(
            username=username, role=role, unit_codes=units, password=DEMO_PASSWORD, full_name=name, check_password=False
        )
        for username, role, units, name in DEMO_ACCOUNTS
    }


def _highland_communes(communes) -> dict[int, str]:
    """Current communes whose predecessors lay in the western highland districts → ethnic code."""
    through = AdminUnit.successors.through
    links = through.objects.filter(to_adminunit__in=communes).select_related("from_adminunit__parent")
    out = {}
    for link in links:
        district = link.from_adminunit.parent
        if district is not None and district.name in HIGHLAND_DISTRICTS:
            out[link.to_adminunit_id] = HIGHLAND_DISTRICTS[district.name]
    return out


def _birth_date(rng: random.Random, today: date) -> date:
    age = _pick(rng, [(rng.randint(1, 15), 10), (rng.randint(16, 59), 55), (rng.randint(60, 95), 35)])
    born = today - timedelta(days=age * 365 + rng.randint(0, 364))
    return born


def generate_register(*, count: int, seed: int, today: date, actor: User) -> list[Person]:
    rng = random.Random(seed)
    communes = list(AdminUnit.objects.current().communes().filter(province_code=PROVINCE).order_by("code"))
    if not communes:
        raise RuntimeError("Load the administrative units first (load_admin_units).")
    highland = _highland_communes(communes)
    demo_ids = {c.id for c in communes if c.code in (HAI_CHAU, TAM_KY)}
    weights = [8 if c.id in demo_ids else 1 for c in communes]
    used_ids: set[str] = set(Person.objects.exclude(national_id=None).values_list("national_id", flat=True))

    persons, plans = [], []
    for index in range(count):
        commune = rng.choices(communes, weights=weights, k=1)[0]
        sex = rng.choice(["male", "female"])
        born = _birth_date(rng, today)
        approximate = rng.random() < 0.05
        if approximate:
            born = born.replace(month=1, day=1)
        ethnicity = "01"
        if commune.id in highland and rng.random() < 0.45:
            ethnicity = highland[commune.id]
        elif rng.random() < 0.01:
            ethnicity = rng.choice(["04", "02", "07", "17"])
        if ethnicity == "01" or rng.random() < 0.3:
            family = _pick(rng, FAMILY)
            middle = rng.choice(MALE_MIDDLE if sex == "male" else FEMALE_MIDDLE)
            given = rng.choice(MALE_GIVEN if sex == "male" else FEMALE_GIVEN)
            full_name = f"{family} {middle} {given}"
        else:
            full_name = f"{rng.choice(HIGHLAND_FAMILY)} {rng.choice(HIGHLAND_GIVEN)}"
        national_id = None
        if rng.random() < 0.9 and born.year >= 1900:
            for _attempt in range(5):
                candidate = example_national_id(
                    province=rng.choice(["048", "049", "048", "049", "045", "051"]), sex=sex, birth=born,
                    serial=rng.randint(1, 999_999),
                )  # fmt: skip
                if candidate not in used_ids:
                    national_id = candidate
                    used_ids.add(candidate)
                    break
        poverty = _pick(rng, [(Poverty.NONE, 80), (Poverty.POOR, 12), (Poverty.NEAR_POOR, 8)])
        level = _pick(rng, LEVEL_WEIGHTS) if rng.random() < 0.96 else ""
        types = []
        if level:
            types = [_pick(rng, TYPE_WEIGHTS)]
            if rng.random() < 0.1:
                types.append(_pick(rng, TYPE_WEIGHTS))
            types = sorted(set(types), key=list(TYPE_FIELDS).index)
        age = today.year - born.year
        has_caregiver = level == "especially_severe" or age < 16 or rng.random() < 0.2
        member_since = None
        if rng.random() < 0.18 and age >= 16:
            member_since = max(born + timedelta(days=16 * 366), date(2010, 1, 1)) + timedelta(days=rng.randint(0, 4000))
            if member_since > today:
                member_since = None
        person = Person(
            full_name=full_name,
            name_folded=fold(full_name),
            date_of_birth=born,
            birth_date_approximate=approximate,
            sex=sex,
            ethnicity=ethnicity,
            national_id=national_id,
            commune=commune,
            village=rng.choice(VILLAGES),
            phone=f"09{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.6 else "",
            level=level,
            cause=_pick(rng, CAUSE_WEIGHTS),
            poverty_status=poverty,
            poverty_year=rng.choice([today.year - 1, today.year]) if poverty != Poverty.NONE else None,
            caregiver_name=(f"{_pick(rng, FAMILY)} {rng.choice(FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}" if has_caregiver else ""),
            caregiver_relation=rng.choice(RELATIONS) if has_caregiver else "",
            caregiver_phone=f"09{rng.randint(10_000_000, 99_999_999)}" if has_caregiver else "",
            association_member_since=member_since,
            created_by=actor,
            **{field: code in types for code, field in TYPE_FIELDS.items()},
        )  # fmt: skip
        persons.append(person)
        plans.append((types, level, index))
    return persons, plans, rng, communes


def _determination_for(rng: random.Random, person: Person, types, level, today: date, actor) -> Determination:
    earliest = max(person.date_of_birth + timedelta(days=200), date(2012, 1, 1))
    if earliest >= today:
        earliest = person.date_of_birth
    span = max((today - earliest).days - 30, 1)
    when = earliest + timedelta(days=rng.randint(0, span))
    age = when.year - person.date_of_birth.year
    form = DeterminationForm.FORM_02 if age < 6 else DeterminationForm.FORM_03
    scores, total = {}, None
    if form == DeterminationForm.FORM_03:
        target = {"especially_severe": (14, 20), "severe": (7, 13), "mild": (0, 6)}[level]
        goal = rng.randint(*target)
        scores = dict.fromkeys(ACTIVITY_KEYS, 0)
        keys = ACTIVITY_KEYS[:]
        rng.shuffle(keys)
        remaining = goal
        for key in keys:
            scores[key] = min(2, remaining)
            remaining -= scores[key]
        total = sum(scores.values())
        assert level_for_total(total) == level
    return Determination(
        person=person, determined_on=when, council="commune", form=form, scores=scores, total_score=total,
        disability_types=types, level=level, created_by=actor,
    )  # fmt: skip


@transaction.atomic
def seed_register(*, count: int, seed: int, today: date, stdout=None) -> DemoResult:
    users = ensure_accounts()
    actor = users["canbo.haichau"]
    persons, plans, rng, communes = generate_register(count=count, seed=seed, today=today, actor=actor)
    persons = bulk_create_with_history(persons, Person, batch_size=2000, default_user=actor)
    if persons and persons[0].pk is None:
        raise RuntimeError("The database backend did not return primary keys from bulk_create.")

    residences, determinations = [], []
    for person, (types, level, _index) in zip(persons, plans, strict=True):
        residences.append(Residence(person=person, commune=person.commune, village=person.village, created_by=actor))
        if level:
            determinations.append(_determination_for(rng, person, types, level, today, actor))
    Residence.objects.bulk_create(residences, batch_size=5000)
    determinations = bulk_create_with_history(determinations, Determination, batch_size=2000, default_user=actor)

    certificates = []
    numbers: dict[int, int] = {}
    for det in determinations:
        if rng.random() < 0.93:
            person = det.person
            issued = min(det.determined_on + timedelta(days=rng.randint(2, 12)), today)
            numbers[person.commune_id] = numbers.get(person.commune_id, 0) + 1
            certificates.append(
                Certificate(
                    person=person, number=f"{numbers[person.commune_id]:05d}/GXN-{issued.year}",
                    issued_on=issued, issuing_commune_id=person.commune_id, determination=det,
                    status=CertificateStatus.VALID, verification_token=secrets.token_urlsafe(32), created_by=actor,
                )
            )  # fmt: skip
    bulk_create_with_history(certificates, Certificate, batch_size=2000, default_user=actor)

    _moves_and_deaths(rng, persons, communes, today, actor)
    if stdout:
        stdout.write(
            f"persons={len(persons)} determinations={len(determinations)} certificates={len(certificates)}"
        )
    return DemoResult(persons=persons, users=users)


def _moves_and_deaths(rng: random.Random, persons, communes, today: date, actor) -> None:
    """About 2 % moved to another commune of the province, 2 % deceased: history kept."""
    moved, died = [], []
    for person in persons:
        roll = rng.random()
        if roll < 0.02:
            target = rng.choice(communes)
            if target.id == person.commune_id:
                continue
            when = today - timedelta(days=rng.randint(30, 700))
            if when <= person.date_of_birth:
                continue
            Residence.objects.filter(person=person, ended_on__isnull=True).update(ended_on=when)
            Residence.objects.create(person=person, commune=target, started_on=when, village=rng.choice(VILLAGES), created_by=actor)
            person.commune = target
            person._change_reason = "Chuyển đến"
            person.save(update_fields=["commune", "updated_at"])
            moved.append(person)
        elif roll < 0.04:
            when = today - timedelta(days=rng.randint(10, 900))
            if when <= person.date_of_birth:
                continue
            person.status = PersonStatus.DECEASED
            person.died_on = when
            person.save(update_fields=["status", "died_on", "updated_at"])
            died.append(person)
