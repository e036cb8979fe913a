"""`find_duplicates`: the summary, the JSON, decisions kept, distinct pairs not proposed again
unless the name, date of birth or ID number changes; the pair model's invariants."""

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from registry.duplicates.fingerprints import changed_fields, pair_changes, record_snapshot
from registry.duplicates.services import duplicates_find
from registry.models import DuplicatePair, PairStatus, Person
from tests.factories import register_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def twice(officer_a, officer_b, commune_a, commune_b):
    """One man registered in two communes (the second time without marks and without an ID),
    and an unrelated woman."""
    first = register_person(
        actor=officer_a, commune=commune_a, full_name="Nguyễn Văn Thắng", date_of_birth=date(1980, 5, 17),
        village="Thôn 2", caregiver_name="Lê Thị Hoa", caregiver_phone="0905123456",
    )  # fmt: skip
    second = register_person(
        actor=officer_b, commune=commune_b, full_name="Nguyen Van Thang", date_of_birth=date(1980, 5, 17),
        with_id=False, village="Tổ 5", caregiver_name="Lê Thị Hoa", caregiver_phone="0905 123 456",
    )  # fmt: skip
    other = register_person(
        actor=officer_a, commune=commune_a, full_name="Trần Thị Bình", sex="female", date_of_birth=date(1991, 2, 3)
    )
    return first, second, other


def run(*args) -> list[str]:
    from io import StringIO

    out = StringIO()
    call_command("find_duplicates", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def the_pair(a, b) -> DuplicatePair:
    return DuplicatePair.objects.get(person_a=min(a.pk, b.pk), person_b=max(a.pk, b.pk))


def test_the_command_proposes_the_person_registered_twice(twice, tmp_path):
    first, second, other = twice
    target = tmp_path / "pairs.json"
    lines = run("--province", "48", "--json", str(target))
    assert lines[-1] == "pairs=1"
    pair = the_pair(first, second)
    assert pair.status == PairStatus.OPEN
    assert pair.match_probability > 0.9
    assert (pair.commune_a_id, pair.commune_b_id) == (first.commune_id, second.commune_id)
    assert pair.reasons["date_of_birth"]["level"] == "agree"
    assert pair.reasons["given_name"] == {
        "level": "near", "code": "unmarked", "field_label": "Tên",
        "label": "trùng tên, một bản ghi gõ không dấu",
    }  # fmt: skip
    assert pair.reasons["national_id"]["level"] == "missing"
    assert pair.reasons["caregiver"]["level"] == "agree"  # the phone written with spaces
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written == [
        {"person_a": pair.person_a_id, "person_b": pair.person_b_id, "match_probability": pair.match_probability,
         "reasons": pair.reasons}
    ]  # fmt: skip
    assert not DuplicatePair.objects.filter(person_b=other.pk).exists()
    assert not DuplicatePair.objects.filter(person_a=other.pk).exists()


def test_a_second_run_updates_the_open_pair_and_reports_it(twice):
    first, second, _other = twice
    run()
    found_at = the_pair(first, second).found_at
    summary = duplicates_find()
    assert (summary.created, summary.updated, summary.pairs) == (0, 1, 1)
    pair = the_pair(first, second)
    assert pair.found_at == found_at and pair.computed_at >= found_at


def decide(pair: DuplicatePair, status: str) -> None:
    pair.status = status
    pair.decided_at = timezone.now()
    pair.save()


def test_a_merged_pair_is_kept_as_decided(twice):
    first, second, _other = twice
    run()
    decide(the_pair(first, second), PairStatus.MERGED)
    lines = run()
    assert lines[-1] == "pairs=0"
    assert the_pair(first, second).status == PairStatus.MERGED


def test_distinct_is_not_proposed_again_while_name_date_and_id_stay(twice, officer_b):
    first, second, _other = twice
    run()
    decide(the_pair(first, second), PairStatus.DISTINCT)
    # A change of another compared field (the village) does not bring it back.
    Person.objects.filter(pk=second.pk).update(village="Thôn 9")
    assert run()[-1] == "pairs=0"
    pair = the_pair(first, second)
    assert pair.status == PairStatus.DISTINCT and pair.decided_at is not None


@pytest.mark.parametrize("change", ["full_name", "date_of_birth", "national_id"])
def test_distinct_is_proposed_again_when_name_date_or_id_changes(twice, change):
    first, second, _other = twice
    run()
    decide(the_pair(first, second), PairStatus.DISTINCT)
    slipped = first.national_id[:-1] + str((int(first.national_id[-1]) + 1) % 10)  # one digit slipped
    value = {"full_name": "Nguyễn Văn Thắng", "date_of_birth": date(1980, 5, 18), "national_id": slipped}[change]
    Person.objects.filter(pk=second.pk).update(**{change: value})
    summary = duplicates_find()
    assert summary.reopened == 1
    pair = the_pair(first, second)
    assert pair.status == PairStatus.OPEN
    assert pair.decided_at is None and pair.decided_by is None
    assert summary.pairs == 1


def test_an_open_pair_that_falls_below_the_threshold_is_closed(twice):
    first, second, _other = twice
    run()
    Person.objects.filter(pk=second.pk).update(
        full_name="Nguyen Van Tung", name_folded="nguyen van tung", date_of_birth=date(1950, 1, 1)
    )
    summary = duplicates_find()
    assert summary.closed == 1 and summary.pairs == 0
    assert the_pair(first, second).status == PairStatus.CLOSED


def test_a_deleted_person_leaves_its_pairs(twice):
    first, second, _other = twice
    run()
    Person.objects.filter(pk=second.pk).update(deleted_at=timezone.now())
    assert run()[-1] == "pairs=0"
    assert the_pair(first, second).status == PairStatus.CLOSED


def test_a_province_run_leaves_the_pairs_of_other_provinces(twice, officer_a, unit):
    first, second, _other = twice
    run()
    assert run("--province", "01")[-1] == "pairs=0"
    assert the_pair(first, second).status == PairStatus.OPEN


def test_an_unknown_province_is_refused(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        run("--province", "99")


def test_changed_fields_name_what_changed_since_the_pair_was_computed(twice):
    first, second, _other = twice
    run()
    pair = the_pair(first, second)
    assert pair_changes(pair) == {"a": [], "b": []}
    Person.objects.filter(pk=second.pk).update(village="Thôn 9", phone="0912000000")
    changed = (
        {"a": [], "b": ["village", "phone"]} if second.pk == pair.person_b_id else {"a": ["village", "phone"], "b": []}
    )
    assert pair_changes(pair) == changed
    now = {p["id"]: record_snapshot(p) for p in Person.objects.values("id", *pair.snapshot["a"])}
    assert changed_fields(pair.snapshot, a=now[pair.person_a_id], b=now[pair.person_b_id]) == changed


# The pair model --------------------------------------------------------------------------------------
def make_pair(a, b, **extra):
    now = timezone.now()
    values = {
        "person_a": a, "person_b": b, "match_probability": 0.9, "match_weight": 5.0, "commune_a": a.commune,
        "commune_b": b.commune, "province_a": "48", "province_b": "48", "found_at": now, "computed_at": now,
        "fields_key": "x", "identity_key": "y",
    }  # fmt: skip
    values.update(extra)
    with transaction.atomic():
        return DuplicatePair.objects.create(**values)


def test_a_pair_is_stored_once_with_the_lower_id_first(twice):
    first, second, other = twice
    low, high = sorted([first, second], key=lambda p: p.pk)
    make_pair(low, high)
    with pytest.raises(IntegrityError):
        make_pair(low, high)
    with pytest.raises(IntegrityError):
        make_pair(high, low)
    with pytest.raises(IntegrityError):
        make_pair(low, low)


def test_a_pair_probability_is_a_probability_and_a_decision_has_its_date(twice):
    first, second, _other = twice
    low, high = sorted([first, second], key=lambda p: p.pk)
    with pytest.raises(IntegrityError):
        make_pair(low, high, match_probability=1.5)
    with pytest.raises(IntegrityError):
        make_pair(low, high, status=PairStatus.DISTINCT)
    assert make_pair(low, high, status=PairStatus.DISTINCT, decided_at=timezone.now()).pk


# After a large import ----------------------------------------------------------------------------------
def import_job(user, **values):
    from registry.models import ImportJob

    return ImportJob.objects.create(user=user, original_name="register.xlsx", written=True, **values)


def test_a_large_import_queues_a_run_for_the_importers_province(
    provincial, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from registry import tasks
    from registry.duplicates.services import duplicates_find_after_import

    queued = []
    monkeypatch.setattr(tasks.find_duplicates, "delay", lambda **kwargs: queued.append(kwargs))
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.DUPLICATES_AFTER_IMPORT_ROWS = 100
    with django_capture_on_commit_callbacks(execute=True):
        assert duplicates_find_after_import(job=import_job(provincial, created=60, updated=40))
    assert queued == [{"province_code": "48"}]
    with django_capture_on_commit_callbacks(execute=True):
        assert not duplicates_find_after_import(job=import_job(provincial, created=60, updated=39))
    assert len(queued) == 1


def test_with_eager_celery_an_import_does_not_wait_for_a_run(provincial, settings):
    from registry.duplicates.services import duplicates_find_after_import

    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.DUPLICATES_AFTER_IMPORT_ROWS = 1
    assert not duplicates_find_after_import(job=import_job(provincial, created=5000))
