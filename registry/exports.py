"""Exports of the person list: XLSX (XlsxWriter in constant-memory mode, streamed as a file) and
CSV (streamed row by row), with the list page's filters and the import template's headers, so an
export can be imported again.

Scope and masking are decided in `scope.py`: rows come from `person_list` (the viewer's scope),
and the ID number column is left out for roles that may not see ID numbers. Both files come from
the product's one spreadsheet writer (`spreadsheets.py`): every text cell is text, never a
formula (XLSX: a string cell, Excel's quote prefix on = + - @; CSV: behind an apostrophe). Every
export is written to the access log.
"""

import tempfile
from collections.abc import Iterator
from datetime import date

from django.db.models import FilteredRelation, Q

from .imports.columns import PERSON_COLUMNS
from .imports.parsing import (
    CAUSE_TEXT,
    ETHNICITY_TEXT,
    LEVEL_TEXT,
    POVERTY_TEXT,
    SEX_TEXT,
    TYPE_SEPARATOR,
    TYPE_TEXT,
)
from .models import AdminUnit, UnitLevel
from .models.persons import TYPE_FIELDS, CertificateStatus
from .scope import scope_of
from .selectors import PersonFilters, person_list
from .spreadsheets import csv_lines as write_csv_lines
from .spreadsheets import workbook

ITERATOR_CHUNK = 2000
_FIELDS = (
    "full_name", "date_of_birth", "birth_date_approximate", "sex", "ethnicity", "national_id", "commune_id",
    "village", *TYPE_FIELDS.values(), "level", "valid_certificate__number", "valid_certificate__issued_on",
    "cause", "poverty_status", "poverty_year", "caregiver_name", "caregiver_relation", "caregiver_phone",
    "association_member_since", "notes",
)  # fmt: skip


def export_columns(viewer) -> list[str]:
    """Column keys of the export for this viewer: the template's, without the ID number when the
    role may not see it."""
    hidden = set() if scope_of(viewer).sees_national_id else {"national_id"}
    return [c.key for c in PERSON_COLUMNS if c.key not in hidden]


def export_headers(keys: list[str]) -> list[str]:
    by_key = {c.key: c.header for c in PERSON_COLUMNS}
    return [by_key[k] for k in keys]


def export_queryset(*, viewer, filters: PersonFilters):
    return (
        person_list(viewer=viewer, filters=filters)
        .annotate(
            valid_certificate=FilteredRelation(
                "certificates", condition=Q(certificates__status=CertificateStatus.VALID)
            )
        )
        .values_list(*_FIELDS)
    )


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


class PersonRows:
    """Person rows as the cells of the template's columns (text, ready to write)."""

    def __init__(self, keys: list[str]):
        self.keys = keys
        communes = AdminUnit.objects.filter(level=UnitLevel.COMMUNE, is_current=True).values_list(
            "id", "name", "parent__name"
        )
        self.communes = {pk: (name, parent or "") for pk, name, parent in communes}
        self.type_order = [(TYPE_FIELDS[code], text) for code, text in TYPE_TEXT.items()]

    def cells(self, number: int, row: tuple) -> list[str]:
        (full_name, born, approximate, sex, ethnicity, national_id, commune_id, village, *rest) = row
        types = rest[: len(TYPE_FIELDS)]
        (level, certificate_number, certificate_date, cause, poverty, poverty_year, caregiver_name,
         caregiver_relation, caregiver_phone, member_since, notes) = rest[len(TYPE_FIELDS) :]  # fmt: skip
        commune, province = self.communes.get(commune_id, ("", ""))
        poverty_text = POVERTY_TEXT.get(poverty, "")
        if poverty_text and poverty_year:
            poverty_text = f"{poverty_text} {poverty_year}"
        values = {
            "row_number": str(number),
            "full_name": full_name,
            "date_of_birth": str(born.year) if approximate else _day(born),
            "sex": SEX_TEXT.get(sex, ""),
            "ethnicity": ETHNICITY_TEXT.get(ethnicity, ""),
            "national_id": national_id or "",
            "province": province,
            "district": "",
            "commune": commune,
            "village": village,
            "types": TYPE_SEPARATOR.join(text for flag, (_f, text) in zip(types, self.type_order, strict=True) if flag),
            "level": LEVEL_TEXT.get(level, ""),
            "certificate_number": certificate_number or "",
            "certificate_date": _day(certificate_date),
            "cause": CAUSE_TEXT.get(cause, ""),
            "poverty": poverty_text,
            "caregiver_name": caregiver_name,
            "caregiver_relation": caregiver_relation,
            "caregiver_phone": caregiver_phone,
            "association_member": _day(member_since),
            "notes": notes,
        }
        return [values[k] for k in self.keys]


def iter_rows(queryset, keys: list[str]) -> Iterator[list[str]]:
    rows = PersonRows(keys)
    for number, row in enumerate(queryset.iterator(chunk_size=ITERATOR_CHUNK), start=1):
        yield rows.cells(number, row)


def write_xlsx(target, *, headers: list[str], rows: Iterator[list[str]], sheet_name: str = "Danh sách") -> int:
    """Write the rows in constant memory; every text as a string cell. Returns the row count."""
    book = workbook(target, constant_memory=True)
    sheet = book.add_worksheet(sheet_name[:31])
    bold = book.add_format({"bold": True})
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, bold)
    sheet.freeze_panes(1, 0)
    write_string = sheet.write_string
    count = 0
    for line, cells in enumerate(rows, start=1):
        for col, value in enumerate(cells):
            if value:
                write_string(line, col, value)
        count = line
    book.close()
    return count


def xlsx_file(*, viewer, filters: PersonFilters):
    """(temporary file positioned at its start, row count). The file deletes itself when closed."""
    keys = export_columns(viewer)
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by the file response
    count = write_xlsx(
        target, headers=export_headers(keys), rows=iter_rows(export_queryset(viewer=viewer, filters=filters), keys)
    )
    target.seek(0)
    return target, count


def csv_lines(*, viewer, filters: PersonFilters) -> Iterator[str]:
    """The CSV, line by line: UTF-8 with a byte-order mark (Excel opens it in Vietnamese)."""
    keys = export_columns(viewer)
    return write_csv_lines(export_headers(keys), iter_rows(export_queryset(viewer=viewer, filters=filters), keys))
