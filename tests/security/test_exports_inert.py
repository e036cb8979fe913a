"""Exports that execute: hostile texts in the data (names, notes, case needs, a plan's title, an
indicator's name, rows of uploaded files) and every spreadsheet the product writes, for every role
that may download it. Each XLSX is opened (the sheet XML inside the zip: no formula element, no
hyperlink) and each CSV read (no cell starts with a formula trigger, except a plain number).
"""

import csv
import io
import re
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases.imports import template_headers as case_template_headers
from cases.models import Case
from cases.plans.exports import SHEET_LIST
from cases.plans.models import Indicator, Plan
from policies.services import payroll_prepare
from registry.imports.columns import PERSON_HEADERS
from registry.models import ImportJob, Person
from tests.plans.conftest import (  # noqa: F401 - fixtures
    add_indicator,
    association_agency,
    commune_a_agency,
    commune_b_agency,
    health_department,
    issued_plan,
    plan,
)
from tests.plans.helpers import make_case
from tests.policies.conftest import grant, recipient_maker
from tests.security.test_login_required import ROUTES

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)", "-1+1", "\t=1"]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")  # numbers stay numbers: "-150000" is a value, not a formula
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Reading what was downloaded ----------------------------------------------------------------------
def live_xlsx_parts(content: bytes) -> list[str]:
    """Parts of the workbook that would run or link: formula elements, hyperlinks."""
    found = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8")
                found += [f"{name}: {m}" for m in re.findall(r"<f[\s>/][^<]*", xml)]
                found += [f"{name}: hyperlink" for _ in re.findall(r"<hyperlink[\s>]", xml)]
    return found


def xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml"))


def live_csv_cells(text: str) -> list[str]:
    cells = [cell for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"))) for cell in row]
    return [c for c in cells if c.startswith(TRIGGERS) and not PLAIN_NUMBER.match(c)]


def inspect(response) -> tuple[list[str], str]:
    """(live parts, all text) of a downloaded XLSX, CSV or ZIP of CSVs."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response["Content-Type"]
    if kind.startswith(XLSX):
        return live_xlsx_parts(content), xlsx_text(content)
    if kind.startswith("text/csv"):
        text = content.decode("utf-8")
        return live_csv_cells(text), text
    if kind.startswith("application/zip"):
        live, texts = [], []
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for name in archive.namelist():
                text = archive.read(name).decode("utf-8")
                live += [f"{name}: {c!r}" for c in live_csv_cells(text)]
                texts.append(text)
        return live, "".join(texts)
    raise AssertionError(f"not a spreadsheet: {kind}")


# The data ---------------------------------------------------------------------------------------
def _csv_upload(headers: list[str], rows: list[dict], name: str) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers])
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


@pytest.fixture
def hostile(issued_plan, officer_a, leader_a, commune_a, client):  # noqa: F811
    """Hostile texts everywhere a person, a case, a plan or an uploaded row carries free text."""
    make = recipient_maker(officer_a, commune_a)
    persons = []
    for text in HOSTILE:
        person = make(level="severe", certified_on=date(2024, 1, 5))
        grant(leader_a, person, effective_month="2024-01", paid_outside_through="2024-05")
        make_case(person, actor=officer_a, requested_on=date(2026, 3, 2))
        persons.append((person, text))
    payroll = payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 6, 1))
    for person, text in persons:
        # Straight into the rows, as an old import or a direct database edit would leave them.
        Person.objects.filter(pk=person.pk).update(full_name=text, notes=text, village=text, caregiver_name=text)
        Case.objects.filter(person=person).update(description=text)
    Plan.objects.filter(pk=issued_plan.pk).update(title=HOSTILE[0], document_number=HOSTILE[2])
    Indicator.objects.filter(plan=issued_plan).update(name=HOSTILE[0])

    # Uploaded files whose rows fail (a date that does not exist): the error rows come back.
    client.force_login(officer_a)
    bad_persons = [{"Họ tên": text, "Ngày sinh": "31/02/1990", "Giới tính": "Nam", "Ghi chú": text} for text in HOSTILE]
    client.post(reverse("imports:index"), {"file": _csv_upload(PERSON_HEADERS, bad_persons, "nkt.csv")})
    bad_cases = [{"Họ và tên": text, "Ngày sinh": "31/02/1990", "Loại hỗ trợ": text} for text in HOSTILE]
    client.post(reverse("cases:case_import"), {"file": _csv_upload(case_template_headers(), bad_cases, "ht.csv")})
    jobs = {job.kind: job for job in ImportJob.objects.filter(user=officer_a)}
    assert set(jobs) == {"persons", "cases"} and all(job.errors == len(HOSTILE) for job in jobs.values())
    return {"plan": issued_plan, "payroll": payroll, "jobs": jobs}


def export_urls(data) -> dict[str, str]:
    """Every download of a spreadsheet the product offers, pages and API (the names are the URL
    names; the health-insurance list is its page with format=xlsx)."""
    plan_id, payroll, jobs = data["plan"].pk, data["payroll"].pk, data["jobs"]
    urls = {
        "imports:export_xlsx": reverse("imports:export_xlsx"),
        "imports:export_csv": reverse("imports:export_csv"),
        "imports:template xlsx": reverse("imports:template", args=["xlsx"]),
        "imports:template csv": reverse("imports:template", args=["csv"]),
        "imports:job_errors persons": reverse("imports:job_errors", args=[jobs["persons"].pk]),
        "imports:job_errors cases": reverse("imports:job_errors", args=[jobs["cases"].pk]),
        "cases:case_export_xlsx": reverse("cases:case_export_xlsx"),
        "cases:case_export_csv": reverse("cases:case_export_csv"),
        "cases:case_import_template xlsx": reverse("cases:case_import_template", args=["xlsx"]),
        "cases:case_import_template csv": reverse("cases:case_import_template", args=["csv"]),
        "plans:export_workbook": reverse("plans:export_workbook", args=[plan_id]),
        "plans:export_csv_zip": reverse("plans:export_csv_zip", args=[plan_id]),
        "plans:export_microdata": reverse("plans:export_microdata", args=[plan_id]),
        "policies:payroll_export": reverse("policies:payroll_export", args=[payroll]),
        "policies:health_insurance xlsx": reverse("policies:health_insurance") + "?month=2024-07&format=xlsx",
        "payroll-export": f"/api/v1/payrolls/{payroll}/export/",
        "plan-statistics": f"/api/v1/plans/{plan_id}/exports/statistics/",
        "plan-microdata": f"/api/v1/plans/{plan_id}/exports/microdata/",
    }
    for slug, _title in SHEET_LIST:
        urls[f"plans:export_csv {slug}"] = reverse("plans:export_csv", args=[plan_id, slug])
        urls[f"plan-statistics csv {slug}"] = f"/api/v1/plans/{plan_id}/exports/statistics/?file=csv&sheet={slug}"
    return urls


# Each role that may export, with what it must be able to download (so the walk is not empty).
MUST_DOWNLOAD = {
    "officer_a": {"imports:export_xlsx", "imports:export_csv", "imports:job_errors persons",
                  "imports:job_errors cases", "cases:case_export_xlsx", "cases:case_export_csv",
                  "policies:payroll_export", "payroll-export", "policies:health_insurance xlsx",
                  "plans:export_workbook", "plan-statistics", "plans:export_microdata"},
    "leader_a": {"imports:export_xlsx", "policies:payroll_export", "payroll-export", "policies:health_insurance xlsx"},
    "association_a": {"imports:export_xlsx", "imports:export_csv", "cases:case_export_xlsx", "plans:export_workbook"},
    "provincial": {"imports:export_xlsx", "cases:case_export_csv", "policies:payroll_export", "payroll-export",
                   "policies:health_insurance xlsx", "plans:export_workbook", "plans:export_csv_zip", "plan-microdata"},
    "statistician": {"plans:export_workbook", "plans:export_csv_zip", "plan-statistics", "plans:export_microdata"},
    "admin_user": {"imports:export_xlsx", "cases:case_export_xlsx", "policies:payroll_export",
                   "policies:health_insurance xlsx", "plans:export_workbook", "plan-microdata"},
}  # fmt: skip
# Downloads that carry the hostile texts (so "no formula" is not met by leaving the data out).
CARRIES_HOSTILE = {
    "imports:export_xlsx", "imports:export_csv", "imports:job_errors persons", "imports:job_errors cases",
    "cases:case_export_xlsx", "cases:case_export_csv", "policies:payroll_export", "payroll-export",
    "policies:health_insurance xlsx", "plans:export_workbook", "plan-statistics", "plans:export_csv indicators",
}  # fmt: skip


def test_no_export_of_any_role_carries_a_live_formula(hostile, request):
    urls = export_urls(hostile)
    downloaded: dict[str, set[str]] = {}
    failures, carried = [], set()
    for role in MUST_DOWNLOAD:
        client = Client()
        client.force_login(request.getfixturevalue(role))
        for name, url in urls.items():
            response = client.get(url)
            if response.status_code != 200:
                assert response.status_code in (403, 404), (role, name, response.status_code)
                continue
            downloaded.setdefault(role, set()).add(name)
            live, text = inspect(response)
            if live:
                failures.append((role, name, live[:3]))
            if "HYPERLINK" in text:
                carried.add(name)
    assert not failures, "; ".join(sorted({f"{role} {name}" for role, name, _live in failures}))
    assert carried >= CARRIES_HOSTILE, CARRIES_HOSTILE - carried
    for role, names in MUST_DOWNLOAD.items():
        assert names <= downloaded.get(role, set()), (role, names - downloaded.get(role, set()))


SPREADSHEET_ROUTE = re.compile(r"export|template\.|errors\.xlsx|microdata|statistic")
NOT_SPREADSHEETS = {
    "plans:exports",  # the export page itself (HTML)
    # figures for national systems: pages, numbers as ADX XML and DHIS2 JSON (tests/plans/test_interop*.py)
    "plans:national_exports", "plans:export_adx", "plans:export_dhis2", "plans:figures_prepare", "plans:dhis2_push",
    "plans:sign_off_detail", "plans:sign_off_reject", "plans:sign_off_sign", "plan-adx", "plan-adx-report", "plan-dhis2",
}


def test_every_export_route_is_walked(hostile):
    """A new export URL must join the walk above."""
    walked = {name.split(" ")[0] for name in export_urls(hostile)}
    routes = {name for route, name in ROUTES if SPREADSHEET_ROUTE.search(route) and not route.startswith("admin/")}
    assert routes - NOT_SPREADSHEETS <= walked, routes - NOT_SPREADSHEETS - walked
