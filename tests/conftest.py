"""Shared fixtures: the units of Đà Nẵng (48) and its predecessors, loaded once per session,
and one user per role. Tests run with DJANGO_ENV=test (set in the Makefile and here)."""

import os

os.environ.setdefault("DJANGO_ENV", "test")

import pytest  # noqa: E402

from tests.factories import UserFactory  # noqa: E402

# Two current communes of Đà Nẵng used throughout the tests, and one of Hà Nội.
HAI_CHAU = "20242"  # Phường Hải Châu
TAM_KY = "20341"  # Phường Tam Kỳ: former Quảng Nam communes, now in Đà Nẵng
OTHER_PROVINCE_COMMUNE = "00004"  # Phường Ba Đình, Hà Nội


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _load_test_units()


def _load_test_units():
    from registry.services.units import admin_units_load

    admin_units_load(province_code="48")
    admin_units_load(province_code="01")


def _restore_migration_data():
    """Transactional tests flush every table, the data migrations' rows included: put back the
    policy catalogue and rates (policies.0002) and the determination support type (cases.0002)."""
    import importlib

    from django.apps import apps as django_apps

    from policies.models import Policy
    from policies.seed import load_policies

    if not Policy.objects.exists():
        load_policies()
        importlib.import_module("cases.migrations.0002_disability_determination_policy").add_policy(
            django_apps, None
        )


@pytest.fixture(autouse=True)
def _units_for_transactional_tests(request):
    """Transactional tests flush every table afterwards; reload the units when they are gone."""
    marker = request.node.get_closest_marker("django_db")
    uses_transactions = (marker and marker.kwargs.get("transaction")) or "transactional_db" in request.fixturenames
    if not uses_transactions:
        yield
        return
    request.getfixturevalue("transactional_db")
    from registry.models import AdminUnit

    if not AdminUnit.objects.exists():
        _load_test_units()
    _restore_migration_data()
    yield


@pytest.fixture(autouse=True)
def _empty_local_cache():
    """Counters kept in the cache (the hourly limit of ID checks) start empty in every test: user
    ids are reused from one test to the next. Only the in-process cache of the test settings."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()


@pytest.fixture
def unit():
    from registry.models import AdminUnit

    def get(code: str, current: bool = True):
        level = {2: "province", 3: "district", 5: "commune"}[len(code)]
        return AdminUnit.objects.get(code=code, level=level, is_current=current)

    return get


@pytest.fixture
def commune_a(unit):
    return unit(HAI_CHAU)


@pytest.fixture
def commune_b(unit):
    return unit(TAM_KY)


@pytest.fixture
def province(unit):
    return unit("48")


@pytest.fixture
def make_user(db):
    def make(role: str, *units, **kwargs):
        user = UserFactory(role=role, **kwargs)
        if units:
            user.units.set(units)
        return user

    return make


@pytest.fixture
def officer_a(make_user, commune_a):
    return make_user("commune_officer", commune_a, username="officer_a")


@pytest.fixture
def officer_b(make_user, commune_b):
    return make_user("commune_officer", commune_b, username="officer_b")


@pytest.fixture
def leader_a(make_user, commune_a):
    return make_user("commune_leader", commune_a, username="leader_a")


@pytest.fixture
def association_a(make_user, commune_a):
    return make_user("association_officer", commune_a, username="association_a")


@pytest.fixture
def provincial(make_user, province):
    return make_user("provincial_officer", province, username="provincial")


@pytest.fixture
def statistician(make_user, province):
    return make_user("statistics_officer", province, username="statistician")


@pytest.fixture
def admin_user(make_user):
    return make_user("admin", username="administrator", is_staff=True, is_superuser=True)


@pytest.fixture
def person_a(officer_a, commune_a):
    from tests.factories import register_person

    return register_person(actor=officer_a, commune=commune_a, full_name="Nguyễn Văn An")


@pytest.fixture
def person_b(officer_b, commune_b):
    from tests.factories import register_person

    return register_person(actor=officer_b, commune=commune_b, full_name="Trần Thị Bình", sex="female")
