"""Files that cannot be imported: a clear Vietnamese message and nothing written."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from registry.imports.persons import person_import
from registry.imports.reader import ImportFileError
from registry.models import ImportJob, Person
from registry.uploads import UploadRejected
from tests.imports.registers import HEADERS, row, workbook_bytes

pytestmark = pytest.mark.django_db


def _zip_garbage() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _big_csv(rows: int) -> bytes:
    line = "1,Nguyễn Văn An,17/05/1980,Nam,Kinh,,,,Hải Châu\n"
    return (",".join(HEADERS) + "\n" + line * rows).encode("utf-8")


BAD_FILES = [
    ("ds.pdf", b"%PDF-1.4 ...", "không nhập được"),
    ("ds.xlsx", b"this is not a spreadsheet", "bị hỏng"),
    ("ds.xlsx", _zip_garbage(), "bị hỏng"),
    ("ds.csv", b"", "rỗng"),
    ("ds.csv", "Tên,Tuổi\nAn,40\n".encode(), "Không tìm thấy dòng tiêu đề"),
    ("ds.xlsx", workbook_bytes([row("Phạm Văn Bé", "01/02/2003", "Nam", "Hải Châu")], merged_header=True), "gộp"),
    ("ds.xlsx", workbook_bytes([]), "không có dòng"),
]


@pytest.mark.parametrize("name, data, fragment", BAD_FILES)
def test_bad_files_get_a_clear_message_and_write_nothing(importer, name, data, fragment):
    with translation.override("vi"), pytest.raises(ImportFileError) as caught:
        person_import(actor=importer, data=data, filename=name, dry_run=False, partial=True)
    assert fragment.lower() in caught.value.message.lower()
    assert not Person.objects.exists()


@pytest.mark.parametrize("name, data, fragment", BAD_FILES[:5])
def test_upload_page_shows_the_message(client, importer, name, data, fragment):
    client.force_login(importer)
    response = client.post("/imports/", {"file": SimpleUploadedFile(name, data)}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert fragment.lower() in response.content.decode().lower()
    assert not ImportJob.objects.exists()


def test_more_than_200000_data_rows_are_refused_for_every_role(importer, admin_user):
    data = _big_csv(200_001)
    for actor in (importer, admin_user):
        with translation.override("vi"), pytest.raises(UploadRejected) as caught:
            person_import(actor=actor, data=data, filename="ds.csv", dry_run=True)
        assert "200.001" in caught.value.message
        assert "200.000" in caught.value.message
    assert not Person.objects.exists()
