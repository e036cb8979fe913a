from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from registry.identifiers import validate_national_id
from registry.models import Certificate, Person, User
from registry.scope import scope_of


@pytest.fixture
def demo(db):
    out = StringIO()
    call_command("seed_demo", "--persons", "150", "--seed", "7", "--skip-units", stdout=out)
    return out.getvalue()


def test_demo_creates_role_accounts_and_a_valid_register(demo):
    assert "canbo.haichau" in demo
    roles = set(User.objects.values_list("role", flat=True))
    assert roles >= {"commune_officer", "commune_leader", "association_officer", "provincial_officer",
                     "statistics_officer", "admin"}  # fmt: skip
    persons = list(Person.objects.all())
    assert len(persons) == 150
    for person in persons:
        if person.national_id:
            validate_national_id(person.national_id, sex=person.sex, birth_year=person.date_of_birth.year)
        if person.level:
            assert person.disability_types, person
            latest = person.determinations.order_by("-determined_on").first()
            assert latest.level == person.level
            assert latest.determined_on >= person.date_of_birth
        assert person.commune.is_current and person.commune.province_code == "48"
    assert Certificate.objects.filter(status="valid").count() > 100
    assert any(p.birth_date_approximate for p in persons)
    assert any(p.status == "deceased" for p in persons)
    assert len({p.name_folded for p in persons}) > 60  # varied names
    assert any(ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ" for p in persons for ch in p.full_name.lower())
    officer = User.objects.get(username="canbo.haichau")
    assert scope_of(officer).commune_ids and Person.objects.filter(commune_id__in=scope_of(officer).commune_ids).exists()


def test_demo_is_deterministic_for_a_seed(db, settings):
    settings.DEMO_SEEDERS = []  # the register alone; the other apps' seeders have their own tests
    call_command("seed_demo", "--persons", "40", "--seed", "3", "--skip-units", stdout=StringIO())
    first = list(Person.objects.order_by("id").values_list("full_name", "date_of_birth", "national_id", "commune__code"))
    Person.history.all().delete()
    from registry.models import AccessLog, Determination, Residence

    AccessLog.objects.all().delete()
    Certificate.history.all().delete()
    Certificate.objects.all().delete()
    Determination.history.all().delete()
    Determination.objects.all().delete()
    Residence.objects.all().delete()
    Person.objects.all().delete()
    call_command("seed_demo", "--persons", "40", "--seed", "3", "--skip-units", stdout=StringIO())
    second = list(Person.objects.order_by("id").values_list("full_name", "date_of_birth", "national_id", "commune__code"))
    assert first == second


def test_seed_demo_refuses_a_non_empty_register(person_a):
    with pytest.raises(CommandError):
        call_command("seed_demo", "--persons", "5", "--skip-units", stdout=StringIO())


def test_add_user_creates_a_scoped_account(db):
    out = StringIO()
    call_command("add_user", "lan", "--role", "commune_officer", "--unit", "20242", "--password", "Hai-chau-2026!", stdout=out)
    user = User.objects.get(username="lan")
    assert user.role == "commune_officer" and [u.code for u in user.units.all()] == ["20242"]
    assert user.check_password("Hai-chau-2026!")


@pytest.mark.parametrize(
    "args",
    [
        ["--role", "commune_officer", "--unit", "99999", "--password", "Hai-chau-2026!"],  # unknown unit
        ["--role", "commune_officer", "--unit", "48", "--password", "Hai-chau-2026!"],  # province for a commune role
        ["--role", "commune_officer", "--unit", "20242", "--password", "123"],  # weak password
    ],
)
def test_add_user_refuses_bad_input(db, args):
    with pytest.raises(CommandError):
        call_command("add_user", "bad", *args, stdout=StringIO())
    assert not User.objects.filter(username="bad").exists()
