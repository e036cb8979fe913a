"""Case-list exports: the list page's filters, the import template's headers, ID numbers left out
per role, formulas kept inert, the access log, and an export that re-imports unchanged."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from python_calamine import CalamineWorkbook

from cases.imports import case_import
from cases.services.records import case_record_completed
from registry.models import AccessLog

pytestmark = pytest.mark.django_db

ID_HEADER = "Số định danh cá nhân"


@pytest.fixture
def recorded(officer_a, person_a, make_case):
    """An open case, two completed ones (one funded by the association), one with a formula-like need."""
    make_case()
    case_record_completed(actor=officer_a, person=person_a, support_type="rehabilitation", on=date(2026, 3, 10),
                          amount=1_500_000, funding_source="state_budget")  # fmt: skip
    case_record_completed(actor=officer_a, person=person_a, support_type="gift", on=date(2026, 4, 18), amount=500_000,
                          funding_source="association", description="=HYPERLINK(\"http://x\")")  # fmt: skip
    return officer_a


def xlsx_rows(content: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def csv_text(response) -> str:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return text[1:]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(csv_text(response))))


def test_xlsx_export_reimports_unchanged(client, recorded, person_a):
    client.force_login(recorded)
    response = client.get(reverse("cases:case_export_xlsx"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    rows = xlsx_rows(content)
    assert rows[0][:5] == ["STT", "Họ và tên", "Ngày sinh", ID_HEADER, "Xã/Phường"]
    assert len(rows) == 4 and all(row[3] == person_a.national_id for row in rows[1:])
    with translation.override("vi"):
        result = case_import(actor=recorded, data=content, filename="xuat.xlsx", dry_run=False)
    assert result.summary_line() == "created=0 updated=0 unchanged=3 errors=0"


def test_csv_export_reimports_unchanged_and_keeps_formulas_inert(client, recorded):
    client.force_login(recorded)
    response = client.get(reverse("cases:case_export_csv"))
    text = csv_text(response)
    assert "'=HYPERLINK" in text
    with translation.override("vi"):
        result = case_import(actor=recorded, data=("\ufeff" + text).encode(), filename="xuat.csv", dry_run=False)
    assert result.summary_line() == "created=0 updated=0 unchanged=3 errors=0"


def test_export_uses_the_list_filters(client, recorded):
    client.force_login(recorded)
    rows = csv_rows(client.get(reverse("cases:case_export_csv") + "?status=completed&support_type=gift"))
    assert len(rows) == 2 and rows[1][6] == "Quà tặng ngày 18/4 hoặc 3/12"
    list_page = client.get(reverse("cases:case_list") + "?status=completed").content.decode()
    assert reverse("cases:case_export_xlsx") + "?status=completed" in list_page
    assert reverse("cases:case_export_csv") + "?status=completed" in list_page


def test_id_numbers_left_out_for_the_association(client, recorded, association_a, person_a):
    client.force_login(association_a)
    rows = csv_rows(client.get(reverse("cases:case_export_csv")))
    assert ID_HEADER not in rows[0] and "Họ và tên" in rows[0]
    assert len(rows) == 2  # the association sees only the support it provides or funds
    assert person_a.national_id not in "".join(rows[1])
    xlsx = xlsx_rows(b"".join(client.get(reverse("cases:case_export_xlsx")).streaming_content))
    assert ID_HEADER not in xlsx[0]


def test_leader_sees_ids_and_the_statistician_gets_nothing(client, recorded, leader_a, statistician, person_a):
    client.force_login(leader_a)
    rows = csv_rows(client.get(reverse("cases:case_export_csv")))
    assert ID_HEADER in rows[0] and len(rows) == 4
    client.force_login(statistician)
    assert client.get(reverse("cases:case_export_csv")).status_code == 404
    assert client.get(reverse("cases:case_export_xlsx")).status_code == 404


def test_other_commune_sees_no_rows(client, recorded, officer_b):
    client.force_login(officer_b)
    assert len(csv_rows(client.get(reverse("cases:case_export_csv")))) == 1


def test_every_export_is_logged(client, recorded):
    client.force_login(recorded)
    client.get(reverse("cases:case_export_xlsx") + "?status=completed")
    client.get(reverse("cases:case_export_csv"))
    logs = list(AccessLog.objects.filter(action="export").order_by("id").values_list("detail", "row_count"))
    assert logs == [("cases.xlsx status=completed", 2), ("cases.csv", 3)]


def test_person_list_links_to_its_exports(client, officer_a, association_a):
    for user in (officer_a, association_a):
        client.force_login(user)
        page = client.get(reverse("registry:person_list") + "?q=an").content.decode()
        assert reverse("imports:export_xlsx") + "?q=an" in page
        assert reverse("imports:export_csv") + "?q=an" in page
