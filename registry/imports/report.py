"""The outcome of an import, on django-import-export's own report classes (`Result`, `RowResult`,
`InvalidRow`), and the downloadable XLSX of the error rows (the original cells plus an error
column, to fix and upload again)."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export.results import InvalidRow, Result, RowResult

from ..spreadsheets import workbook

NEW = RowResult.IMPORT_TYPE_NEW
UPDATE = RowResult.IMPORT_TYPE_UPDATE
UNCHANGED = RowResult.IMPORT_TYPE_SKIP
ERROR = RowResult.IMPORT_TYPE_INVALID
ROW = NON_FIELD_ERRORS  # an error about the row as a whole


class ImportRow(RowResult):
    """One data row: its spreadsheet number, what it would become, and its warnings."""

    def __init__(self, number: int, import_type: str, warnings=None):
        super().__init__()
        self.number = number
        self.import_type = import_type
        self.warnings: list[tuple[str, str]] = list(warnings or [])


class ImportResult(Result):
    """Counts and the rows worth showing (errors and warnings). Clean rows are counted, not kept."""

    def __init__(self):
        super().__init__()
        self.headers: list[str] = []  # the header cells of the file
        self.header_row = 0
        self.sheet = ""
        self.written = False
        self.cancelled = False
        self.dry_run = True
        self.warning_rows: list[ImportRow] = []

    # Counts -----------------------------------------------------------------------------------
    @property
    def created(self) -> int:
        return self.totals[NEW] if self.written or self.dry_run else 0

    @property
    def updated(self) -> int:
        return self.totals[UPDATE] if self.written or self.dry_run else 0

    @property
    def unchanged(self) -> int:
        return self.totals[UNCHANGED]

    @property
    def errors(self) -> int:
        return self.totals[ERROR]

    @property
    def warnings(self) -> int:
        return len(self.warning_rows)

    def summary_line(self) -> str:
        return f"created={self.created} updated={self.updated} unchanged={self.unchanged} errors={self.errors}"

    # Rows -------------------------------------------------------------------------------------
    def add(self, row: ImportRow, *, cells=None, errors: dict[str, list[str]] | None = None) -> None:
        self.increment_row_result_total(row)
        if errors:
            values = dict(enumerate(cells or []))
            self.append_invalid_row(row.number, values, ValidationError(errors))
            self.invalid_rows[-1].warnings = row.warnings
        elif row.warnings:
            self.warning_rows.append(row)

    def prepare(self, headers: list) -> None:
        self.headers = [("" if h is None else str(h)) for h in headers]
        self.diff_headers = list(range(len(self.headers)))

    def error_rows_data(self) -> list[dict]:
        """JSON-ready error rows: number, original cells, messages by column."""
        return [
            {"row": r.number, "values": [_json_cell(v) for v in r.values], "errors": _messages(r.error_dict)}
            for r in self.invalid_rows
        ]

    def warning_rows_data(self) -> list[dict]:
        return [{"row": r.number, "warnings": [list(w) for w in r.warnings]} for r in self.warning_rows]


def _json_cell(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _messages(error_dict: dict) -> list[list[str]]:
    return [[column, message] for column, messages in error_dict.items() for message in messages]


def describe(messages: list[list[str]] | list[tuple[str, str]]) -> str:
    """'Ngày sinh: …; Dòng: …' for the error column."""
    parts = []
    for column, message in messages:
        label = _("Row") if column == ROW else column
        parts.append(f"{label}: {message}")
    return "; ".join(parts)


def invalid_row_messages(row: InvalidRow) -> list[list[str]]:
    return _messages(row.error_dict)


def write_error_workbook(target, *, headers: list[str], rows: list[dict]) -> None:
    """An XLSX of the error rows: the file's own columns, then “Lỗi” (the reasons). Every cell is
    written as a value, never as a formula (the product's one spreadsheet writer)."""
    book = workbook(target, constant_memory=True)
    sheet = book.add_worksheet(_("Rows to fix")[:31])
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    error_format = book.add_format({"font_color": "#9C0006", "text_wrap": True})
    width = len(headers)
    sheet.write_string(0, 0, _("Row in the file"), bold)
    for col, header in enumerate(headers, start=1):
        sheet.write_string(0, col, header, bold)
    sheet.write_string(0, width + 1, "Lỗi", bold)
    sheet.set_column(width + 1, width + 1, 60)
    for line, row in enumerate(rows, start=1):
        sheet.write_number(line, 0, row["row"])
        values = list(row.get("values", []))[:width]
        for col, value in enumerate(values, start=1):
            write_cell(sheet, line, col, value)
        sheet.write_string(line, width + 1, describe(row["errors"]), error_format)
    book.close()


def write_cell(sheet, row: int, col: int, value) -> None:
    """A value of the uploaded file as a cell: numbers stay numbers, every other value is a string
    (the writer's sheet adds Excel's quote prefix to a text starting with = + - @)."""
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_string(row, col, "x" if value else "")
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value)
    else:
        sheet.write_string(row, col, value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else str(value))
