"""The one writer of every spreadsheet the product hands out: XLSX through `workbook()`, CSV
through `csv_lines()` / `csv_text()`. A text from the data is written as text and never runs.

XLSX: the workbook is XlsxWriter's with `strings_to_formulas`, `strings_to_urls` and
`strings_to_numbers` off (so `write()` stores a string as a string, whatever it starts with),
and every text cell that starts with a formula trigger gets Excel's quote prefix (so editing the
cell in Excel keeps it text). `write_formula` and its array variants are refused: the product
writes no formula today; one it composes itself (never from data) would go through
`SafeWorksheet.product_formula`, an explicit call.

CSV: a text cell that starts with = + - @, a tab, a carriage return or a NUL gets a leading
apostrophe (OWASP CSV injection; ASVS 5.0 1.2.10); RFC 4180 quoting by the csv module. Numbers
stay numbers: an int, float or Decimal the product computed (a negative recovery in a payroll,
say) is written as the number, "-150000", which a spreadsheet reads as a number, not a formula.
A text that merely looks like a number ("-1+1", "-5" typed as a name) is text, so it is
neutralised. The import reader (`registry.imports.parsing.text`) removes the apostrophe again, so
an export re-imports unchanged.
"""

import csv
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
BOM = "\ufeff"  # so that Excel opens UTF-8 (Vietnamese) correctly
SAFE_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def neutralise(value: str) -> str:
    """A text for a CSV cell: a leading apostrophe stops spreadsheets evaluating it."""
    if value and value[0] in FORMULA_TRIGGERS:
        return "'" + value
    return value


# XLSX ---------------------------------------------------------------------------------------------
class FormulaRefused(TypeError):
    """A formula written through the generic calls: the product's spreadsheets hold data only."""


_worksheet_write_string = Worksheet._write_string


class SafeWorksheet(Worksheet):
    """A worksheet whose text cells are text: quote prefix on formula-like texts, no formulas."""

    def _write_string(self, row, col, string, cell_format=None):
        if string and string[0] in FORMULA_TRIGGERS:
            cell_format = self._safe_workbook.quoted(cell_format)
        return _worksheet_write_string(self, row, col, string, cell_format)

    def write_string(self, row, col, string=None, cell_format=None):
        # The exports' hot path, a call per cell: with row/col numbers, straight to the cell.
        if row.__class__ is int:
            if string and string[0] in FORMULA_TRIGGERS:
                cell_format = self._safe_workbook.quoted(cell_format)
            return _worksheet_write_string(self, row, col, string, cell_format)
        return super().write_string(row, col, string)  # "B2", text, format: XlsxWriter converts, then _write_string

    def write_formula(self, *args, **kwargs):
        raise FormulaRefused("The product's spreadsheets hold data only; see SafeWorksheet.product_formula.")

    write_array_formula = write_dynamic_array_formula = write_formula

    def product_formula(self, row: int, col: int, formula: str, cell_format=None, value=0):
        """A formula the product composes itself (cell references, constants), never from data."""
        return super().write_formula(row, col, formula, cell_format, value)


class SafeWorkbook(xlsxwriter.Workbook):
    """XlsxWriter's workbook with the string conversions off and `SafeWorksheet` sheets."""

    worksheet_class = SafeWorksheet

    def __init__(self, target, options: dict | None = None):
        options = dict(options or {})
        for key, safe in SAFE_OPTIONS.items():
            if options.setdefault(key, safe) != safe:
                raise ValueError(f"{key} must stay {safe}: exports store text as text")
        super().__init__(target, options)
        self._quoted_twins: dict[int, object] = {}

    def add_format(self, properties=None):
        cell_format = super().add_format(properties)
        cell_format._safe_properties = dict(properties or {})
        return cell_format

    def add_worksheet(self, name=None, worksheet_class=None):
        if worksheet_class is not None and not issubclass(worksheet_class, SafeWorksheet):
            raise TypeError("exports use SafeWorksheet")
        sheet = super().add_worksheet(name, worksheet_class)
        sheet._safe_workbook = self
        return sheet

    def quoted(self, cell_format):
        """The format with Excel's quote prefix added (one twin per format, made when first needed)."""
        twin = self._quoted_twins.get(id(cell_format))
        if twin is None:
            properties = getattr(cell_format, "_safe_properties", {}) if cell_format is not None else {}
            twin = self._quoted_twins[id(cell_format)] = self.add_format({**properties, "quote_prefix": True})
        return twin


def workbook(target, **options) -> SafeWorkbook:
    """The workbook every XLSX export writes: `workbook(buffer, in_memory=True)`,
    `workbook(file, constant_memory=True)`."""
    return SafeWorkbook(target, options)


# CSV ----------------------------------------------------------------------------------------------
def csv_cell(value) -> str:
    """A value as CSV text: empty for None, numbers as numbers, dates dd/mm/yyyy, texts neutralised."""
    if value is None:
        return ""
    if value.__class__ is str:
        return neutralise(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value}"
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return neutralise(str(value))


class _Line:
    """A write-only buffer for csv.writer that hands back each line."""

    def write(self, value: str) -> str:
        return value


def csv_lines(headers: Iterable, rows: Iterable[Iterable], *, preamble: Iterable[str] = ()) -> Iterator[str]:
    """The CSV, line by line (to stream): a byte-order mark, the preamble lines (each starts
    with "#", holds no separator or line break: notes such as the microdata's disclosure
    statement, skipped by `comment="#"` readers), the headers, then the rows."""
    writer = csv.writer(_Line())
    first = BOM
    for line in preamble:
        if not line.startswith("#") or any(ch in line for ch in ',;"\r\n\t'):
            raise ValueError(f"not a preamble line: {line!r}")
        yield first + line + "\r\n"
        first = ""
    yield first + writer.writerow([csv_cell(h) for h in headers])
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_text(headers: Iterable, rows: Iterable[Iterable], *, preamble: Iterable[str] = ()) -> str:
    return "".join(csv_lines(headers, rows, preamble=preamble))
