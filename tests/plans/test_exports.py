"""The statistics workbook and the anonymised microdata: scoped to the viewer, small counts hidden
for the statistics officer, no identifying field, logged."""

import csv
import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from cases.plans import exports, microdata
from registry.models import AccessLog

from .helpers import make_case, make_certificate, make_event, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(issued_plan, officer_a, commune_a, commune_b, province):
    a1 = make_person(commune_a, name="Nguyễn Văn Riêng", born=date(1975, 8, 9))
    a2 = make_person(commune_a, sex="female", born=date(2012, 1, 1), types=("vision",))
    make_case(a1, actor=officer_a, domain="health", status="completed", amount=1_000_000, outcome_on=date(2026, 2, 1))
    make_certificate(a2, commune_a, issued_on=date(2026, 2, 2))
    for _ in range(6):
        person = make_person(commune_b)
        make_case(person, actor=officer_a, support_type="legal_aid")
    make_event(commune_b, actor=officer_a, participants=[a1], other_participants=7, gifts_count=3, gift_value=100_000)
    make_event(province, actor=officer_a, kind="disability_day_vn", other_participants=50)
    return issued_plan


def sheets_for(user, plan):
    return {s.slug: s for s in exports.statistics_sheets(viewer=user, plan=plan)[1]}


def test_workbook_has_every_sheet_and_opens(client, data, provincial):
    client.force_login(provincial)
    response = client.get(reverse("plans:export_workbook", args=[data.pk]))
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert len(book.sheet_names) == 6
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[3][0] and "health_access" in [r[2] for r in rows[4:]]
    assert AccessLog.objects.filter(user=provincial, action="export", detail__contains="workbook").exists()


def test_csv_of_each_sheet_and_the_zip(client, data, provincial):
    client.force_login(provincial)
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("plans:export_csv_zip", args=[data.pk])).content))
    assert len(archive.namelist()) == 6
    text = client.get(reverse("plans:export_csv", args=[data.pk, "cases"])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] and any("20341" in r for r in rows[1:])
    assert client.get(reverse("plans:export_csv", args=[data.pk, "nope"])).status_code == 404


def test_sheets_content(data, provincial, commune_a, commune_b):
    sheets = sheets_for(provincial, data)
    persons = sheets["persons"].rows
    assert sum(r[-1] for r in persons) == 8
    assert sum(r[-1] for r in persons if r[0] == commune_a.code) == 2
    certificates = sheets["certificates"].rows
    assert certificates and certificates[0][0] == commune_a.code
    events = {(r[0], r[3]) for r in sheets["events"].rows}
    assert (commune_b.code, 1) in events and ("48", 1) in events  # a provincial event, for a province-wide viewer
    cases = sheets["cases"].rows
    assert sum(r[4] for r in cases) == 7


def test_exports_are_scoped_to_the_viewer(data, officer_a, commune_a, commune_b):
    sheets = sheets_for(officer_a, data)
    for slug in ("persons", "certificates", "cases", "events"):
        assert {r[0] for r in sheets[slug].rows} <= {commune_a.code}, slug
    assert "48" not in {r[0] for r in sheets["events"].rows}
    indicators = sheets["indicators"].rows
    assert {r[0] for r in indicators} <= {"", commune_a.code}
    assert microdata.microdata(viewer=officer_a, plan=data).outcome.total == 2  # the two persons of commune A


def test_statistics_officer_gets_small_counts_hidden(data, statistician, commune_a, commune_b):
    sheets = sheets_for(statistician, data)
    persons = [r for r in sheets["persons"].rows if r[0] == commune_a.code]
    assert all(r[-1] == "<5" for r in persons)
    cases = [r for r in sheets["cases"].rows if r[0] == commune_b.code]
    assert cases[0][4] == 6  # 6 legal-aid cases in B: shown
    health = [r for r in sheets["cases"].rows if r[0] == commune_a.code][0]
    assert health[4] == "<5" and health[6] == ""  # the amount of a hidden row is hidden with it
    indicator_rows = [r for r in sheets["indicators"].rows if r[2] == "health_access" and r[0] == commune_a.code]
    assert indicator_rows[0][4] == "<5"


def test_microdata_is_anonymous(client, data, provincial):
    """k-anonymity, random keys and shuffling: tests/plans/test_microdata.py."""
    client.force_login(provincial)
    text = client.get(reverse("plans:export_microdata", args=[data.pk])).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#")))))
    # Eight persons; seven men of 45–59 in one group; the girl of commune A stands out alone: left out.
    assert len(rows) == 7 and "bỏ ra 1 người" in text
    headers = set(rows[0])
    assert not headers & {"full_name", "name", "national_id", "date_of_birth", "birth_year", "id"}
    assert "Nguyễn" not in text and "1975" not in text and "09/08/1975" not in text
    assert sum(int(r["cases_health"]) for r in rows) == 1 and sum(int(r["cases_legal_aid"]) for r in rows) == 6
    assert AccessLog.objects.filter(user=provincial, action="export", row_count=7).exists()


def test_exports_outside_the_area_are_404(client, data, make_user, unit):
    hanoi = make_user("provincial_officer", unit("01"), username="hanoi")
    client.force_login(hanoi)
    assert client.get(reverse("plans:export_workbook", args=[data.pk])).status_code == 404
    assert client.get(reverse("plans:export_microdata", args=[data.pk])).status_code == 404
