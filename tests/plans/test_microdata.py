"""The microdata export, attacked as the statistics officer (and every other role that may download
it) would: the test itself groups every export by its quasi-identifier columns (k ≥ 5), checks
that the rows are shuffled, that two exports share no key, and that no key is a hash of a person's
id (the old key was an HMAC of the id under SECRET_KEY)."""

import csv
import hashlib
import hmac
import io
import random
from collections import Counter
from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from registry.models import AccessLog, AdminUnit, Person, Residence
from registry.models.persons import TYPE_FIELDS
from registry.text import fold

pytestmark = pytest.mark.django_db

K = 5
# Columns an attacker links on: today's names and the old export's (birth_year, commune_code, type_*).
QUASI_IDENTIFIERS = {"age_band", "birth_year", "sex", "area", "commune_code", "ethnicity_group", "ethnicity",
                     "types", "level"}  # fmt: skip
ROLES = ("officer_a", "leader_a", "association_a", "provincial", "statistician", "admin_user")
ETHNIC = ["01"] * 88 + ["02", "05", "26", "27", "30", "41", "42", "55", "99", "99", "04", "06"]


@pytest.fixture
def register(issued_plan, commune_a, commune_b):
    """300 persons of Đà Nẵng, most in communes A and B, registered men first, then by level and age
    (so rows in id order would come sorted)."""
    rng = random.Random(2026)
    others = list(
        AdminUnit.objects.filter(level="commune", is_current=True, province_code="48")
        .exclude(pk__in=[commune_a.pk, commune_b.pk])
        .order_by("code")[:10]
    )
    births = sorted(date(rng.randint(1930, 2024), rng.randint(1, 12), rng.randint(1, 28)) for _ in range(300))
    persons = []
    for i, born in enumerate(births):
        commune = commune_a if i % 5 < 2 else commune_b if i % 5 < 4 else rng.choice(others)
        types = rng.sample(list(TYPE_FIELDS), 1 if rng.random() < 0.8 else rng.randint(2, 3))
        name = f"Người Thứ {i}"
        persons.append(Person(
            full_name=name, name_folded=fold(name), date_of_birth=born, sex=rng.choice(["male", "female"]),
            ethnicity=rng.choice(ETHNIC), commune=commune, level=rng.choice(["especially_severe", "severe", "mild"]),
            association_member_since=date(2020, 1, 1) if rng.random() < 0.3 else None,
            **{field: code in types for code, field in TYPE_FIELDS.items()},
        ))  # fmt: skip
    persons.sort(key=lambda p: (p.sex != "male", p.level, p.date_of_birth))
    created = Person.objects.bulk_create(persons)
    Residence.objects.bulk_create([Residence(person=p, commune_id=p.commune_id) for p in created])
    return issued_plan


def download(user, plan, door: str) -> tuple[list[str], list[dict[str, str]]]:
    """(the `#` statement lines, the rows) of one microdata download."""
    client = Client()
    client.force_login(user)
    url = (
        reverse("plans:export_microdata", args=[plan.pk])
        if door == "page"
        else f"/api/v1/plans/{plan.pk}/exports/microdata/"
    )
    response = client.get(url)
    assert response.status_code == 200, (user.username, door, response.status_code)
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8").removeprefix("\ufeff").splitlines()
    statement = [line for line in lines if line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(line for line in lines if not line.startswith("#")))))
    return statement, rows


def quasi_identifier_columns(rows: list[dict]) -> list[str]:
    return [c for c in rows[0] if c in QUASI_IDENTIFIERS or c.startswith("type_")] if rows else []


def smallest_group(rows: list[dict]) -> int:
    columns = quasi_identifier_columns(rows)
    return min(Counter(tuple(r[c] for c in columns) for r in rows).values())


@pytest.mark.parametrize("door", ["page", "api"])
def test_every_microdata_export_is_k_anonymous(register, request, door, commune_a):
    for role in ROLES:
        user = request.getfixturevalue(role)
        _statement, rows = download(user, register, door)
        assert rows, role
        assert smallest_group(rows) >= K, (role, door, smallest_group(rows))
        assert set(quasi_identifier_columns(rows)) == {"age_band", "sex", "area", "ethnicity_group", "types", "level"}
        assert not {"birth_year", "commune_code", "date_of_birth", "full_name", "national_id"} & set(rows[0])


def test_keys_are_random_per_export_and_no_hash_of_a_person(register, statistician):
    _s, first = download(statistician, register, "page")
    _s, second = download(statistician, register, "api")
    keys, again = [r["key"] for r in first], [r["key"] for r in second]
    assert len(set(keys)) == len(keys) and len(set(again)) == len(again)
    assert not set(keys) & set(again)  # nothing links two exports
    derived = set()
    for pk in Person.objects.values_list("pk", flat=True):
        for message in (str(pk), f"hoanhap-person:{pk}"):
            derived.add(hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256).hexdigest())
            derived |= {getattr(hashlib, name)(message.encode()).hexdigest() for name in ("sha256", "sha1", "md5")}
        derived.add(str(pk))
    width = len(keys[0])
    assert not {d[:width] for d in derived} & set(keys + again)


def test_rows_are_shuffled(register, provincial):
    _s, first = download(provincial, register, "page")
    _s, second = download(provincial, register, "page")

    def without_key(rows):
        return [tuple(v for c, v in r.items() if c != "key") for r in rows]

    assert sorted(without_key(first)) == sorted(without_key(second))  # the same persons, generalised the same way
    assert without_key(first) != without_key(second)  # in another order
    # Men were registered first: rows in id order would have every "male" before every "female".
    sexes = [r["sex"] for r in first if r["sex"] != "*"]
    assert len(sexes) > 250
    assert sexes != sorted(sexes) and sexes != sorted(sexes, reverse=True)


def test_the_file_says_what_was_generalised_and_suppressed(register, provincial):
    statement, rows = download(provincial, register, "page")
    text = "\n".join(statement)
    assert "k = 5" in text and "age_band · sex · area · ethnicity_group · types · level" in text
    assert "Khái quát hóa" in text and "Đã che" in text  # in Vietnamese
    living = Person.objects.count()
    assert f"{living} người" in statement[0]
    left_out = int(text.split("bỏ ra ")[1].split(" ")[0])
    assert len(rows) + left_out == living
    # The cells written * in the rows kept, in the columns not generalised away as a whole.
    local = [c for c in QUASI_IDENTIFIERS & set(rows[0]) if any(r[c] != "*" for r in rows)]
    stars = sum(r[c] == "*" for r in rows for c in local)
    assert f"{stars} ô ghi *" in text
    assert AccessLog.objects.filter(user=provincial, action="export", row_count=len(rows)).exists()


def test_a_commune_officer_gets_only_its_commune(register, officer_a, commune_a, commune_b):
    _s, rows = download(officer_a, register, "page")
    areas = {r["area"] for r in rows}
    assert commune_b.code not in areas and len(areas - {commune_a.code, "*"}) <= 1  # the commune or a coarser area
    assert len(rows) <= Person.objects.filter(commune=commune_a).count()
