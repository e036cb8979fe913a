"""Exports of the case list: XLSX (XlsxWriter in constant-memory mode, via `registry.exports`) and
CSV (streamed line by line), with the case list page's filters (`selectors.case_list`, so the
viewer's scope) and the headers of the cases import template, so an export re-imports as
unchanged. The ID number column is left out for roles that may not see ID numbers; both files come
from the product's one spreadsheet writer (`registry.spreadsheets`): texts stay text (XLSX string
cells with a quote prefix on formula-like texts, CSV apostrophe)."""

import tempfile
from collections.abc import Iterator
from datetime import date

from registry.exports import write_xlsx
from registry.models import AdminUnit, UnitLevel
from registry.scope import scope_of
from registry.spreadsheets import csv_lines as write_csv_lines

from . import selectors
from .imports import DOMAIN_TEXT, FUNDING_TEXT, HEADER_BY_KEY, STATUS_TEXT, TEMPLATE_KEYS

ITERATOR_CHUNK = 2000
_FIELDS = (
    "person__full_name", "person__date_of_birth", "person__birth_date_approximate", "person__national_id",
    "person__commune_id", "domain", "support_type__name", "requested_on", "provider__name", "funding_source",
    "amount", "status", "description",
)  # fmt: skip


def export_columns(viewer) -> list[str]:
    hidden = set() if scope_of(viewer).sees_national_id else {"national_id"}
    return [key for key in TEMPLATE_KEYS if key not in hidden]


def export_headers(keys: list[str]) -> list[str]:
    return [HEADER_BY_KEY[key] for key in keys]


def export_queryset(*, viewer, filters: selectors.CaseFilters):
    return selectors.case_list(viewer=viewer, filters=filters).values_list(*_FIELDS)


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def iter_rows(queryset, keys: list[str]) -> Iterator[list[str]]:
    communes = dict(AdminUnit.objects.filter(level=UnitLevel.COMMUNE, is_current=True).values_list("id", "name"))
    for number, row in enumerate(queryset.iterator(chunk_size=ITERATOR_CHUNK), start=1):
        (name, born, approximate, national_id, commune_id, domain, support_type, on, provider, funding, amount,
         status, description) = row  # fmt: skip
        values = {
            "row_number": str(number),
            "full_name": name,
            "date_of_birth": str(born.year) if approximate and born else _day(born),
            "national_id": national_id or "",
            "commune": communes.get(commune_id, ""),
            "domain": DOMAIN_TEXT.get(domain, ""),
            "support_type": support_type,
            "date": _day(on),
            "provider": provider or "",
            "funding_source": FUNDING_TEXT.get(funding, ""),
            "amount": "" if amount is None else str(amount),
            "status": STATUS_TEXT.get(status, ""),
            "notes": description or "",
        }
        yield [values[key] for key in keys]


def count(*, viewer, filters: selectors.CaseFilters) -> int:
    return selectors.case_list(viewer=viewer, filters=filters).count()


def xlsx_file(*, viewer, filters: selectors.CaseFilters):
    """(temporary file positioned at its start, row count). The file deletes itself when closed."""
    keys = export_columns(viewer)
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by the file response
    rows = write_xlsx(
        target, headers=export_headers(keys), rows=iter_rows(export_queryset(viewer=viewer, filters=filters), keys),
        sheet_name="Danh sách hỗ trợ",
    )  # fmt: skip
    target.seek(0)
    return target, rows


def csv_lines(*, viewer, filters: selectors.CaseFilters) -> Iterator[str]:
    """The CSV, line by line: UTF-8 with a byte-order mark (Excel opens it in Vietnamese)."""
    keys = export_columns(viewer)
    return write_csv_lines(export_headers(keys), iter_rows(export_queryset(viewer=viewer, filters=filters), keys))
