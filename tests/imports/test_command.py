import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from registry.models import Person
from tests.imports.registers import fixture_register, row, workbook_bytes

pytestmark = pytest.mark.django_db


def command(path, *args):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("import_persons", str(path), *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def register_file(tmp_path):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(fixture_register()[0])
    return path


def test_dry_run_reports_and_exits_1_with_error_rows(register_file, importer):
    code, out, err = command(register_file, "--dry-run", "--user", "importer")
    assert code == 1
    assert out.strip().splitlines()[-1] == "created=6 updated=0 unchanged=0 errors=12"
    assert "100%" in err  # the progress bar
    assert "12: Ngày sinh: 31/02/1990 không phải là ngày có thật" in err
    assert not Person.objects.exists()


def test_all_or_nothing_then_partial_then_idempotent(register_file, importer):
    code, out, _err = command(register_file, "--user", "importer")
    assert (code, out.strip()) == (1, "created=0 updated=0 unchanged=0 errors=12")
    assert not Person.objects.exists()
    code, out, _err = command(register_file, "--partial", "--user", "importer")
    assert (code, out.strip()) == (1, "created=6 updated=0 unchanged=0 errors=12")
    code, out, _err = command(register_file, "--partial", "--user", "importer")
    assert out.strip() == "created=0 updated=0 unchanged=6 errors=12"
    assert Person.objects.count() == 6


def test_clean_file_exits_0(tmp_path, importer):
    path = tmp_path / "ok.xlsx"
    path.write_bytes(workbook_bytes([row("Phạm Văn Bé", "01/02/2003", "Nam", "Hải Châu")]))
    code, out, _err = command(path, "--user", "importer")
    assert (code, out.strip()) == (0, "created=1 updated=0 unchanged=0 errors=0")


def test_unusable_file_or_user(tmp_path, importer):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="rỗng"):
        call_command("import_persons", str(path), "--user", "importer", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="nobody"):
        call_command("import_persons", str(path), "--user", "nobody")
