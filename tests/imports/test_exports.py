"""Exports: the list page's filters, the template's headers, masking per role, formulas kept
inert, the access log, and an export that imports again without changing anything."""

import csv
import io
import zipfile

import pytest
from django.utils import translation
from python_calamine import CalamineWorkbook

from registry.imports.columns import PERSON_HEADERS
from registry.imports.persons import person_import
from registry.models import AccessLog, Person
from tests.imports.registers import AN_ID, fixture_register, row, workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(importer):
    data, _cases = fixture_register()
    with translation.override("vi"):
        person_import(actor=importer, data=data, filename="ds.xlsx", dry_run=False, partial=True)
    assert Person.objects.count() == 6
    return importer


def xlsx_rows(content: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_xlsx_export_has_the_template_headers_and_reimports_unchanged(client, registered):
    client.force_login(registered)
    response = client.get("/imports/persons/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="nguoi-khuyet-tat-')
    content = b"".join(response.streaming_content)
    rows = xlsx_rows(content)
    assert rows[0] == PERSON_HEADERS
    assert len(rows) == 7
    an = next(r for r in rows if r[1] == "Nguyễn Văn An")
    assert an[PERSON_HEADERS.index("Số định danh cá nhân")] == AN_ID
    assert an[PERSON_HEADERS.index("Dạng tật")] == "Vận động"
    assert an[PERSON_HEADERS.index("Hộ nghèo/cận nghèo")] == "Hộ nghèo 2024"

    with translation.override("vi"):
        again = person_import(actor=registered, data=content, filename="export.xlsx", dry_run=False)
    assert again.summary_line() == "created=0 updated=0 unchanged=6 errors=0"


def test_csv_export_streams_and_reimports_unchanged(client, registered):
    client.force_login(registered)
    response = client.get("/imports/persons/export.csv")
    assert response.streaming
    content = b"".join(response.streaming_content)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == PERSON_HEADERS
    with translation.override("vi"):
        again = person_import(actor=registered, data=content, filename="export.csv", dry_run=False)
    assert again.summary_line() == "created=0 updated=0 unchanged=6 errors=0"


def test_formulas_are_never_evaluated(client, registered):
    client.force_login(registered)
    content = b"".join(client.get("/imports/persons/export.xlsx").streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    assert 'quotePrefix="1"' in archive_styles(content)
    notes = [r[PERSON_HEADERS.index("Ghi chú")] for r in xlsx_rows(content)]
    assert "=1+2" in notes  # a string cell showing the text, not 3
    rows = csv_rows(client.get("/imports/persons/export.csv"))
    assert "'=1+2" in [r[PERSON_HEADERS.index("Ghi chú")] for r in rows]


def archive_styles(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/styles.xml").decode()


def test_id_numbers_left_out_for_roles_that_may_not_see_them(client, registered, association_a, provincial):
    client.force_login(association_a)
    rows = xlsx_rows(b"".join(client.get("/imports/persons/export.xlsx").streaming_content))
    assert "Số định danh cá nhân" not in rows[0]
    assert rows[0] == [h for h in PERSON_HEADERS if h != "Số định danh cá nhân"]
    assert len(rows) == 6  # Hải Châu only: not the person of Bàn Thạch
    assert not any(AN_ID in str(cell) for r in rows for cell in r)
    csv_content = csv_rows(client.get("/imports/persons/export.csv"))
    assert "Số định danh cá nhân" not in csv_content[0]

    client.force_login(provincial)
    rows = xlsx_rows(b"".join(client.get("/imports/persons/export.xlsx").streaming_content))
    assert "Số định danh cá nhân" in rows[0]
    assert len(rows) == 7


def test_roles_without_person_access_cannot_export(client, registered, statistician):
    client.force_login(statistician)
    assert client.get("/imports/persons/export.xlsx").status_code == 403
    assert client.get("/imports/persons/export.csv").status_code == 403


def test_list_filters_apply_and_every_export_is_logged(client, registered):
    client.force_login(registered)
    rows = csv_rows(client.get("/imports/persons/export.csv?sex=female"))
    sexes = {r[PERSON_HEADERS.index("Giới tính")] for r in rows[1:]}
    assert sexes == {"Nữ"}
    client.get("/imports/persons/export.xlsx?q=nguyen")
    logs = list(AccessLog.objects.filter(action="export").order_by("id"))
    assert [(log.user, log.row_count) for log in logs] == [(registered, 3), (registered, 1)]
    assert "sex=female" in logs[0].detail


def test_templates_have_the_listed_headers(client, importer):
    client.force_login(importer)
    listed = (  # noqa: SIM905 - the list as the issue writes it
        "STT, Họ và tên, Ngày sinh, Giới tính, Dân tộc, Số định danh cá nhân, Tỉnh/Thành phố, Huyện/Quận (cũ), "
        "Xã/Phường, Thôn/Tổ dân phố, Dạng tật, Mức độ khuyết tật, Số giấy xác nhận khuyết tật, Ngày cấp giấy xác nhận, "
        "Nguyên nhân, Hộ nghèo/cận nghèo, Họ tên người chăm sóc, Quan hệ, Số điện thoại, Hội viên Hội NKT, Ghi chú"
    ).split(", ")
    xlsx = client.get("/imports/template.xlsx")
    assert xlsx_rows(xlsx.content)[0] == listed
    csv_template = client.get("/imports/template.csv").content.decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(csv_template))) == listed
    assert client.get("/imports/template.pdf").status_code == 404


def test_filled_template_imports(client, importer):
    client.force_login(importer)
    template = xlsx_rows(client.get("/imports/template.xlsx").content)
    data = workbook_bytes([row("Phạm Văn Bé", "01/02/2003", "Nam", "Hải Châu")], headers=template[0], title=False)
    with translation.override("vi"):
        result = person_import(actor=importer, data=data, filename="mau.xlsx", dry_run=False)
    assert result.summary_line() == "created=1 updated=0 unchanged=0 errors=0"
