"""Hostile uploads: every upload is bounded before anything parses it (registry.uploads).

The attacks that used to kill the server run in a forked child limited to 1 GiB of address space
more than the test process has: on the old code the child aborts (calamine cannot allocate its
dense grid) and the test fails instead of the test runner dying; with the bounds the child answers
400 with a message that names the limit, and the next request in the parent still answers.
"""

import io
import multiprocessing
import resource
import struct
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from registry import uploads
from registry.imports import jobs
from registry.imports.persons import person_import
from registry.imports.reader import read_table
from registry.models import ImportJob, Person
from tests.imports.registers import HEADERS, row, workbook_bytes

pytestmark = pytest.mark.django_db
GiB = 1024**3


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# Files --------------------------------------------------------------------------------------------
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="DS" '
    'sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>{rows}'
    "</sheetData></worksheet>"
)


def cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_rows(cells: list[tuple[str, str]]) -> str:
    rows: dict[int, list[str]] = {}
    for reference, text in cells:
        number = int("".join(ch for ch in reference if ch.isdigit()))
        rows.setdefault(number, []).append(cell(reference, text))
    return "".join(f'<row r="{n}">{"".join(cs)}</row>' for n, cs in sorted(rows.items()))


def xlsx(rows_xml: str, *, dimension: str = "", parts: dict | None = None) -> bytes:
    """A workbook written by hand, part by part (so that it can lie)."""
    sheet = _SHEET.format(dimension=f'<dimension ref="{dimension}"/>' if dimension else "", rows=rows_xml)
    files = {"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _RELS, "xl/workbook.xml": _WORKBOOK,
             "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS, "xl/worksheets/sheet1.xml": sheet, **(parts or {})}  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


HEADER = [("A1", "Họ và tên"), ("B1", "Ngày sinh"), ("C1", "Giới tính"), ("D1", "Xã/Phường")]


def sparse_xlsx() -> bytes:
    """The attack of issue 13: two cells, A1 and XFD1048576, a 16,384 × 1,048,576 grid in 2 KB."""
    return xlsx(sheet_rows([*HEADER, ("XFD1048576", "x")]), dimension="A1:XFD1048576")


def case_header_xlsx(extra: list[tuple[str, str]]) -> bytes:
    header = [("A1", "Họ và tên"), ("B1", "Số định danh cá nhân"), ("C1", "Loại hỗ trợ"), ("D1", "Ngày hỗ trợ")]
    return xlsx(sheet_rows([*header, *extra]))


def in_child(function):
    """Run `function()` in a forked child whose address space is limited to 1 GiB more than this
    process has; (exit code, result). A child calamine aborts exits with -6 (SIGABRT)."""
    with open("/proc/self/status") as status:
        size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def target():
        resource.setrlimit(resource.RLIMIT_AS, (size + GiB, size + GiB))
        try:
            sender.send(("ok", function()))
        except BaseException as exc:  # noqa: BLE001 - the child reports whatever it met
            sender.send(("raised", f"{type(exc).__name__}: {getattr(exc, 'message', exc)}"))

    child = context.Process(target=target)
    child.start()
    child.join(120)
    outcome = receiver.recv() if receiver.poll() else None
    assert child.exitcode == 0, f"the upload killed the process (exit code {child.exitcode})"
    return outcome


def post_in_child(client, url: str, data: bytes, name: str):
    def post():
        with translation.override("vi"):
            response = client.post(url, {"file": SimpleUploadedFile(name, data)}, HTTP_ACCEPT_LANGUAGE="vi")
        return response.status_code, response.content.decode()

    kind, result = in_child(post)
    assert kind == "ok", result
    return result


def rejection(data: bytes, name: str = "ds.xlsx", **kwargs) -> str:
    with translation.override("vi"), pytest.raises(uploads.UploadRejected) as caught:
        list(read_table(data, name, **kwargs).rows())  # csv rows are checked as they are read
    assert caught.value.code == "upload_limit" and caught.value.errors == {"file": [caught.value.message]}
    return caught.value.message


# The sparse sheet of issue 13 ------------------------------------------------------------------
def test_sparse_xlsx_is_refused_before_the_reader_builds_its_grid():
    kind, message = in_child(lambda: rejection(sparse_xlsx()))
    assert kind == "ok", message
    assert message == "Tệp có 16.384 cột, vượt giới hạn 41 cột của mẫu nhập."


def test_sparse_xlsx_to_the_person_import_page(client, importer):
    client.force_login(importer)
    status, page = post_in_child(client, "/imports/", sparse_xlsx(), "ds.xlsx")
    assert status == 400
    assert "Tệp có 16.384 cột, vượt giới hạn 41 cột của mẫu nhập." in page
    assert client.get("/imports/").status_code == 200  # the server still answers
    assert not ImportJob.objects.exists() and not Person.objects.exists()


@pytest.fixture
def importer(make_user, commune_a):
    return make_user("commune_officer", commune_a, username="importer")


def test_sparse_xlsx_to_the_case_import_page(client, association_a):
    client.force_login(association_a)
    status, page = post_in_child(client, "/cases/import/", sparse_xlsx(), "ho-tro.xlsx")
    assert status == 400
    assert "Tệp có 16.384 cột, vượt giới hạn 35 cột của mẫu nhập." in page
    assert client.get("/cases/import/").status_code == 200
    assert not ImportJob.objects.exists()


@pytest.fixture
def case(officer_a, person_a):
    from cases.services import case_open

    return case_open(actor=officer_a, person=person_a, domain="health", support_type="rehabilitation",
                     description="Phục hồi chức năng", requested_on=date(2026, 3, 2))  # fmt: skip


def test_sparse_xlsx_and_oversized_files_as_case_attachments(client, officer_a, case, settings):
    from rest_framework.test import APIClient

    from cases.models import Attachment

    api = APIClient()
    api.force_authenticate(officer_a)
    url = f"/api/v1/cases/{case.pk}/attachments/"
    response = api.post(url, {"file": SimpleUploadedFile("ds.xlsx", sparse_xlsx())}, format="multipart",
                        HTTP_ACCEPT_LANGUAGE="vi")  # fmt: skip
    assert response.status_code == 400 and set(response.json()) == {"detail", "code", "errors"}
    assert "PDF, JPEG" in response.json()["errors"]["file"][0]  # stored as it is, never parsed: refused by type
    big = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)
    response = api.post(url, {"file": SimpleUploadedFile("lon.pdf", big)}, format="multipart",
                        HTTP_ACCEPT_LANGUAGE="vi")  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {"detail": "Tệp vượt quá giới hạn 10 MB.", "code": "upload_limit",
                               "errors": {"file": ["Tệp vượt quá giới hạn 10 MB."]}}  # fmt: skip
    settings.HOANHAP_UPLOAD_MAX_BYTES = 1024 * 1024  # the installation's limit is below the attachments' own
    client.force_login(officer_a)
    page = client.post(f"/cases/{case.pk}/attachments/", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n" * 200_000)},
                       HTTP_ACCEPT_LANGUAGE="vi", follow=True).content.decode()  # fmt: skip
    assert "Tệp vượt quá giới hạn 1 MB." in page
    assert not Attachment.objects.exists()


# Declared and actual extent --------------------------------------------------------------------
def test_declared_dimension_and_actual_cells_are_both_bounded():
    # declared past the limit, though the cells are few
    assert "16.384 cột" in rejection(xlsx(sheet_rows(HEADER), dimension="A1:XFD3"))
    # declared small, a cell far below: the actual extent counts
    assert rejection(xlsx(sheet_rows([*HEADER, ("B900000", "x")]), dimension="A1:D2")) == (
        "Tệp dùng tới 900.000 dòng, vượt giới hạn 200.000 dòng dữ liệu."
    )
    # no dimension at all, a cell far right
    assert "cột" in rejection(xlsx(sheet_rows([*HEADER, ("ZZ2", "x")])))
    # the case import's template is narrower
    assert "vượt giới hạn 35 cột" in rejection(case_header_xlsx([("AQ2", "x")]), header_index=_case_index(),
                                                required="support_type")  # fmt: skip


def _case_index():
    from cases.imports import CASE_INDEX

    return CASE_INDEX


def test_files_not_in_the_plain_form_are_parsed_and_bounded_too():
    prefixed = xlsx('<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Họ và tên</x:t></x:is></x:c>'
                    '<x:c r="XFD7" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row>')  # fmt: skip
    assert "16.384 cột" in rejection(prefixed)
    # cells without a reference follow the previous one: the 42nd of fifty is past the limit
    without_reference = "".join(f'<c t="inlineStr"><is><t>{i}</t></is></c>' for i in range(50))
    assert "Tệp có 42 cột" in rejection(xlsx(f'<row r="1">{without_reference}</row>'))
    # a second `r` (calamine takes the later one) is not XML: refused
    twice = '<row r="1"><c r="A1" r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>'
    assert "bị hỏng" in rejection(xlsx(twice))
    # empty cells far away (formatting) build nothing in the reader: they are accepted
    styled = xlsx(sheet_rows(HEADER) + '<row r="900000"><c r="XFD900000" s="1"/></row>')
    assert read_table(styled, "ds.xlsx").total_rows == 0


def test_a_dtd_is_refused():
    bomb = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            '<worksheet><sheetData><row r="1"><c r="A1"><v>&b;</v></c></row></sheetData></worksheet>')  # fmt: skip
    assert "bị hỏng" in rejection(xlsx("", parts={"xl/worksheets/sheet1.xml": bomb}))


# Zip bombs ----------------------------------------------------------------------------------------
def test_zip_bomb_is_refused_from_its_directory():
    padding = "<row/>" * 2_000_000  # 12 MB of rows that compress more than 100 times
    data = xlsx(sheet_rows(HEADER) + padding)
    assert len(data) < 200_000
    assert "bom zip" in rejection(data)


def test_a_directory_that_lies_about_the_inflated_size_is_refused():
    data = bytearray(xlsx(sheet_rows([*HEADER, *((f"A{n}", "Nguyễn Văn An") for n in range(2, 3000))])))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    member = archive.getinfo("xl/worksheets/sheet1.xml")
    declared = 1000  # the part really inflates to far more
    struct.pack_into("<I", data, member.header_offset + 22, declared)  # local header: uncompressed size
    position = bytes(data).find(b"xl/worksheets/sheet1.xml", bytes(data).index(b"PK\x01\x02")) - 46
    assert bytes(data)[position : position + 4] == b"PK\x01\x02"
    struct.pack_into("<I", data, position + 24, declared)  # central directory: uncompressed size
    assert "bị hỏng" in rejection(bytes(data))


def test_too_many_parts_and_too_much_once_unpacked(settings):
    many = xlsx(sheet_rows(HEADER), parts={f"xl/media/image{i}.png": "x" for i in range(1001)})
    assert "1.006 thành phần" in rejection(many)
    settings.HOANHAP_UPLOAD_MAX_UNZIPPED_BYTES = 1024
    assert rejection(xlsx(sheet_rows(HEADER))) == "Sau khi giải nén, tệp vượt quá giới hạn 1 KB."


def test_shared_strings_cannot_declare_more_than_they_hold():
    strings = '<?xml version="1.0"?><sst xmlns="x" count="1" uniqueCount="4000000000"><si><t>a</t></si></sst>'
    kind, message = in_child(lambda: rejection(xlsx(sheet_rows(HEADER), parts={"xl/sharedStrings.xml": strings})))
    assert kind == "ok" and "bị hỏng" in message


# ODS -------------------------------------------------------------------------------------------------
def ods(rows_xml: str) -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:'
        'opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
        f'<office:spreadsheet><table:table table:name="DS">{rows_xml}</table:table></office:spreadsheet>'
        "</office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:'
                         'oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')  # fmt: skip
    return buffer.getvalue()


def ods_cell(text: str, repeat: int = 1) -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f'<table:table-cell office:value-type="string"{repeated}><text:p>{text}</text:p></table:table-cell>'


ODS_HEADER = "<table:table-row>" + "".join(ods_cell(t) for _r, t in HEADER) + "</table:table-row>"
ODS_ROW = (
    "<table:table-row>"
    + "".join(ods_cell(t) for t in ("Lê Thị Hoa", "05/06/1990", "Nữ", "Hải Châu"))
    + ("</table:table-row>")
)


def test_ods_repeated_rows_and_columns_are_bounded():
    million = ODS_HEADER + f'<table:table-row table:number-rows-repeated="1048576">{ods_cell("x")}</table:table-row>'
    kind, message = in_child(lambda: rejection(ods(million), "ds.ods"))
    assert kind == "ok" and message == "Tệp dùng tới 1.048.577 dòng, vượt giới hạn 200.000 dòng dữ liệu."
    wide = ODS_HEADER + f"<table:table-row>{ods_cell('x', 16384)}</table:table-row>"
    assert rejection(ods(wide), "ds.ods") == "Tệp có 16.384 cột, vượt giới hạn 41 cột của mẫu nhập."


def test_ods_with_the_empty_repeats_office_programs_write_is_read():
    trailing = ('<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
                'table:number-columns-repeated="1024"/></table:table-row>')  # fmt: skip
    data = ods(ODS_HEADER + ODS_ROW.replace("</table:table-row>", '<table:table-cell table:number-columns-repeated='
                                             '"1020"/></table:table-row>') + trailing)  # fmt: skip
    table = read_table(data, "ds.ods")
    assert [cells[:4] for _n, cells in table.rows()][:1] == [["Lê Thị Hoa", "05/06/1990", "Nữ", "Hải Châu"]]


# CSV -----------------------------------------------------------------------------------------------
CSV_HEADER = ",".join(HEADERS)


def test_csv_rows_columns_lines_and_fields_are_bounded(importer):
    line = "1,Nguyễn Văn An,17/05/1980,Nam,Kinh,,,,Hải Châu\n"
    assert rejection((CSV_HEADER + "\n" + line * 200_001).encode(), "ds.csv") == (
        "Tệp có 200.001 dòng dữ liệu, vượt giới hạn 200.000 dòng; hãy tách thành nhiều tệp."
    )
    wide = CSV_HEADER + "\n" + line.strip() + "," * 100 + "\n"
    assert rejection(wide.encode(), "ds.csv") == "Tệp có 109 cột, vượt giới hạn 41 cột của mẫu nhập."
    huge_line = CSV_HEADER + "\n" + "x" * 2_000_000 + "\n"
    assert rejection(huge_line.encode(), "ds.csv") == "Dòng 2 dài 2.000.000 ký tự, vượt giới hạn 1.048.576 ký tự."
    long_field = CSV_HEADER + "\n" + line.strip() + "," + "y" * 40_000 + "\n"
    assert rejection(long_field.encode(), "ds.csv") == "Dòng 2 có ô dài quá giới hạn 32.767 ký tự."
    very_long_field = CSV_HEADER + "\n" + line.strip() + ',"' + "y" * 200_000 + '"\n'
    assert rejection(very_long_field.encode(), "ds.csv") == "Dòng 2 có ô dài quá giới hạn 32.767 ký tự."
    with translation.override("vi"), pytest.raises(uploads.UploadRejected):
        person_import(actor=importer, data=wide.encode(), filename="ds.csv", dry_run=False, partial=True)
    assert not Person.objects.exists()


# Size and the background path -------------------------------------------------------------------
def test_size_limit_on_the_page_and_in_the_upload_handler(client, importer, settings):
    from django.core.handlers.wsgi import WSGIRequest
    from django.http.multipartparser import MultiPartParser
    from django.test.client import FakePayload, encode_multipart

    settings.HOANHAP_UPLOAD_MAX_BYTES = 300 * 1024
    client.force_login(importer)
    data = b"PK\x03\x04" + b"\x00" * (400 * 1024)
    response = client.post("/imports/", {"file": SimpleUploadedFile("ds.xlsx", data)}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400 and "Tệp vượt quá giới hạn 300 KB." in response.content.decode()
    assert not ImportJob.objects.exists()
    # the handler keeps at most the limit and a chunk of an upload, however large
    body = encode_multipart("BoUnDaRy", {"file": SimpleUploadedFile("big.bin", b"0" * (3 * 1024 * 1024))})
    request = WSGIRequest({"REQUEST_METHOD": "POST", "CONTENT_TYPE": "multipart/form-data; boundary=BoUnDaRy",
                           "CONTENT_LENGTH": str(len(body)), "wsgi.input": FakePayload(body)})  # fmt: skip
    _post, files = MultiPartParser(request.META, request, request.upload_handlers).parse()
    assert 300 * 1024 < files["file"].size <= 300 * 1024 + 64 * 1024


def test_the_100000_row_benchmark_register_is_within_the_default_limits():
    from benchmarks.imports import register_file as build_register

    data = build_register(2_000, ["Hải Châu"])  # the benchmark's register, 2,000 of its 100,000 rows
    facts = uploads.survey(data, uploads.upload_limits(columns=len(HEADERS)))
    # 100,000 rows weigh 8.6 MB (74 MB unpacked): under 20 MB and 300 MB
    assert len(data) * 50 < 20 * 1024 * 1024 and facts.content_bytes * 50 < 300 * 1024 * 1024


@pytest.mark.parametrize(
    "rows, background_bytes",
    [(300, 10_000), (5_100, None)],  # content past HOANHAP_IMPORT_BACKGROUND_BYTES; sheets of 5,000+ rows
)
def test_a_large_file_is_read_by_the_worker_never_in_the_request(
    client, importer, settings, monkeypatch, django_capture_on_commit_callbacks, rows, background_bytes
):
    from registry.imports import reader

    if background_bytes:
        settings.HOANHAP_IMPORT_BACKGROUND_BYTES = background_bytes
    opened = []
    original = reader._read_workbook
    monkeypatch.setattr(reader, "_read_workbook", lambda data, **kw: opened.append(1) or original(data, **kw))
    client.force_login(importer)
    data = workbook_bytes([row(f"Người Thứ {i}", "01/01/1980", "Nam", "Hải Châu") for i in range(rows)])
    assert len(data) < 4 * 1024 * 1024
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post("/imports/", {"file": SimpleUploadedFile("ds.xlsx", data)})
    assert response.status_code == 302 and not opened  # the request did not parse it
    job = ImportJob.objects.get()
    assert job.in_background and job.status == ImportJob.Status.QUEUED and jobs.runs_in_background(job)
    page = client.get(response["Location"]).content.decode()
    assert "job-progress" in page  # the job page shows it waiting, and refreshes
    for callback in queued:  # the Celery task (eager here)
        callback()
    job.refresh_from_db()
    assert opened and job.status == ImportJob.Status.CHECKED
    assert (job.created, job.total_rows) == (rows, rows)


def test_a_large_file_past_a_limit_fails_in_the_worker_with_the_message(
    client, importer, settings, django_capture_on_commit_callbacks
):
    settings.HOANHAP_IMPORT_BACKGROUND_BYTES = 1000
    client.force_login(importer)
    data = xlsx(sheet_rows([*HEADER, ("A2", "Lê Thị Hoa"), ("C900000", "x")]))
    with translation.override("vi"), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/imports/", {"file": SimpleUploadedFile("ds.xlsx", data)}, HTTP_ACCEPT_LANGUAGE="vi")
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportJob.Status.FAILED
    assert job.message == "Tệp dùng tới 900.000 dòng, vượt giới hạn 200.000 dòng dữ liệu."
    assert not job.file.storage.exists(job.file.name) and not Person.objects.exists()


# XLS (BIFF records in an OLE2 compound file) ----------------------------------------------------------
def compound_file(stream: bytes) -> bytes:
    """A minimal OLE2 compound file holding one stream, "Workbook" (written by hand: no library here
    writes xls)."""
    stream = stream.ljust(max(4096, -(-len(stream) // 512) * 512), b"\0")  # past the mini-stream cutoff
    size = len(stream)
    sectors = len(stream) // 512
    end, free, fat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fat_sector, end] + [2 + i + 1 for i in range(sectors - 1)] + [end]
    fat += [free] * (128 - len(fat))
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("D0CF11E0A1B11AE1"), b"\0" * 16, 0x3E, 3, 0xFFFE,
                         9, 6, b"\0" * 6, 0, 1, 1, 0, 4096, end, 0, end, 0)  # fmt: skip
    header += struct.pack("<109I", 0, *([free] * 108))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return struct.pack("<64sHBBIII16sIQQIII", encoded, len(encoded), kind, 1, no_stream, no_stream, child,
                           b"\0" * 16, 0, 0, 0, start, size, 0)  # fmt: skip

    directory = entry("Root Entry", 5, 1, end, 0) + entry("Workbook", 2, no_stream, 2, size)
    directory += entry("", 0, no_stream, 0, 0) * 2
    return header + struct.pack("<128I", *fat) + directory + stream


def biff(sheet_records: list[tuple[int, bytes]]) -> bytes:
    def record(kind: int, data: bytes) -> bytes:
        return struct.pack("<HH", kind, len(data)) + data

    bof_globals = record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0))
    name = b"DS"
    globals_length = len(bof_globals) + 4 + 8 + len(name) + 4
    boundsheet = record(0x0085, struct.pack("<IBBBB", globals_length, 0, 0, len(name), 0) + name)
    sheet = record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0))
    sheet += b"".join(record(kind, data) for kind, data in sheet_records) + record(0x000A, b"")
    return bof_globals + boundsheet + record(0x000A, b"") + sheet


def number_cell(row: int, column: int) -> tuple[int, bytes]:
    return 0x0203, struct.pack("<HHHd", row, column, 0, 1.0)


def dimensions(last_row: int, last_column: int) -> tuple[int, bytes]:
    return 0x0200, struct.pack("<IIHHH", 0, last_row, 0, last_column, 0)


def test_xls_declared_dimensions_and_cells_are_bounded():
    sparse = compound_file(biff([dimensions(1, 1), number_cell(0, 0), number_cell(65535, 255)]))
    assert rejection(sparse, "ds.xls") == "Tệp có 256 cột, vượt giới hạn 41 cột của mẫu nhập."
    lying = compound_file(biff([dimensions(16_000_000, 4), number_cell(0, 0)]))
    assert rejection(lying, "ds.xls") == "Tệp dùng tới 16.000.000 dòng, vượt giới hạn 200.000 dòng dữ liệu."
    assert "bị hỏng" in rejection(sparse[:600], "ds.xls")  # a truncated compound file
