"""Reading an uploaded register: XLSX, XLS, ODS (python-calamine) or CSV (any of , ; tab, UTF-8 or
Windows-1258), located by its header row. Every refusal is an `ImportFileError` (or, for a file past
a limit, the `registry.uploads.UploadRejected` of the one upload mechanism) with a Vietnamese
message; nothing is written before a file is read successfully.

A spreadsheet is checked by `registry.uploads` before calamine opens it (calamine builds a sheet
whole, as a dense grid: the check bounds its rows and columns); a csv file is checked row by row.
The column limit is the template's column count (the header index's keys) plus a margin."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .. import uploads
from ..errors import DomainError
from .columns import _PERSON_INDEX, HEADER_SEARCH_ROWS, find_header

SPREADSHEET_EXTENSIONS = {".xlsx", ".xlsm", ".xls", ".ods"}
CSV_EXTENSIONS = {".csv", ".txt"}
ACCEPTED_EXTENSIONS = sorted(SPREADSHEET_EXTENSIONS | CSV_EXTENSIONS)


class ImportFileError(DomainError):
    """The file as a whole cannot be imported (type, corruption, no header, too many rows...)."""

    code = "import_file"


@dataclass
class Table:
    """The rows below the header, with their spreadsheet row numbers (1-based, as Excel shows)."""

    sheet: str
    header_row: int  # spreadsheet row number of the header
    header_cells: list
    columns: dict[int, str]  # position in a row → column key
    total_rows: int  # data rows below the header (empty ones included), for progress
    _rows: Iterator[tuple[int, list]] = field(repr=False, default_factory=lambda: iter(()))

    def rows(self) -> Iterator[tuple[int, list]]:
        return self._rows


def _extension(name: str) -> str:
    name = (name or "").lower()
    return name[name.rfind(".") :] if "." in name else ""


def check_extension(name: str) -> None:
    extension = _extension(name)
    if extension not in SPREADSHEET_EXTENSIONS | CSV_EXTENSIONS:
        raise ImportFileError(
            _("Files of type “%(ext)s” cannot be imported. Use the template: Excel (.xlsx, .xls), .ods or .csv.")
            % {"ext": extension or name}
        )


def table_limits(header_index=None) -> uploads.UploadLimits:
    """The upload limits of a table import: its columns are the template's (the keys its header
    index knows) plus a margin."""
    return uploads.upload_limits(columns=len(set((header_index or _PERSON_INDEX).values())))


def read_table(data: bytes, name: str, *, header_index=None, required: str = "full_name") -> Table:
    """Find the sheet and header row of `data` (the uploaded bytes) and iterate the rows below it."""
    if not data:
        raise ImportFileError(_("The file is empty."))
    check_extension(name)
    limits = table_limits(header_index)
    if _extension(name) in SPREADSHEET_EXTENSIONS or uploads.is_spreadsheet(data):
        table = _read_workbook(data, header_index=header_index, required=required, limits=limits)
    else:
        table = _read_csv(data, header_index=header_index, required=required, limits=limits)
    if table.total_rows > limits.max_rows:
        raise uploads.UploadRejected(
            _("The file has %(n)s data rows, more than the limit of %(max)s rows; split it into several files.")
            % {"n": uploads.number(table.total_rows), "max": uploads.number(limits.max_rows)}
        )
    return table


# Spreadsheets ---------------------------------------------------------------------------------
def _read_workbook(data: bytes, *, header_index, required: str, limits: uploads.UploadLimits) -> Table:
    import python_calamine

    if not uploads.is_spreadsheet(data):
        raise ImportFileError(_("The file is damaged or is not a spreadsheet. Open it in Excel and save it as .xlsx."))
    uploads.check_spreadsheet(data, limits)  # before calamine: it builds each sheet whole
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise ImportFileError(_("The file is protected by a password. Remove the password and upload it again."))
    except Exception:
        raise ImportFileError(_("The file is damaged or is not a spreadsheet. Open it in Excel and save it as .xlsx."))
    any_rows = False
    for metadata in workbook.sheets_metadata:
        if metadata.visible != python_calamine.SheetVisibleEnum.Visible:
            continue
        if metadata.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        try:
            sheet = workbook.get_sheet_by_name(metadata.name)
        except Exception:  # noqa: S112 - a sheet calamine cannot read is skipped; others may hold the register
            continue
        if sheet.height == 0:
            continue
        any_rows = True
        start_row, start_col = sheet.start or (0, 0)
        rows = sheet.iter_rows()
        head = []
        for _i in range(HEADER_SEARCH_ROWS):
            try:
                head.append(next(rows))
            except StopIteration:
                break
        found = find_header(head, required=required, index=header_index)
        if found is None:
            continue
        position, columns = found
        header_row = start_row + position  # 0-based absolute
        _check_merged(sheet, header_row, start_col, columns)
        total = sheet.height - position - 1

        def iterate(head=head, rows=rows, position=position, start_row=start_row):
            number = start_row + position + 1  # 1-based number of the header row
            for cells in head[position + 1 :]:
                number += 1
                yield number, cells
            for cells in rows:
                number += 1
                yield number, cells

        return Table(
            sheet=metadata.name,
            header_row=header_row + 1,
            header_cells=list(head[position]),
            columns=columns,
            total_rows=max(total, 0),
            _rows=iterate(),
        )
    if not any_rows:
        raise ImportFileError(_("The file has no rows."))
    raise ImportFileError(_no_header_message())


def _check_merged(sheet, header_row: int, start_col: int, columns: dict[int, str]) -> None:
    try:
        ranges = sheet.merged_cell_ranges or []
    except Exception:  # formats without merge information
        ranges = []
    for (r0, c0), (r1, c1) in ranges:
        if r0 <= header_row <= r1 and (r1 > r0 or c1 > c0):
            raise ImportFileError(
                _(
                    "The header row (row %(row)d) has merged cells (%(range)s). Unmerge them so that each column "
                    "has its own header, as in the template, and upload the file again."
                )
                % {"row": header_row + 1, "range": f"{_cell_name(r0, c0)}:{_cell_name(r1, c1)}"}
            )


def _cell_name(row: int, col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def _no_header_message() -> str:
    return _(
        "No header row was found. The first rows of the sheet must include the column headers of the template "
        "(at least “Họ và tên” and two other columns such as “Ngày sinh”, “Giới tính”, “Xã/Phường”)."
    )


# CSV ------------------------------------------------------------------------------------------
def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise ImportFileError(_("The file is damaged or is not a spreadsheet. Open it in Excel and save it as .xlsx."))
    return data.decode("cp1258", errors="replace")


def _read_csv(data: bytes, *, header_index, required: str, limits: uploads.UploadLimits) -> Table:
    uploads.check_size(len(data), limits)
    text = _decode(data)
    if not text.strip():
        raise ImportFileError(_("The file is empty."))
    uploads.check_csv_text(text, limits)  # every line short enough to parse, not too many of them
    # The delimiter is the one under which the header row is found (Excel writes “;” on
    # Vietnamese Windows, “,” elsewhere); csv.Sniffer alone is fooled by title lines.
    best = None
    for delimiter in (",", ";", "\t"):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        head = []
        try:
            for _i in range(HEADER_SEARCH_ROWS):
                head.append(next(reader))
        except StopIteration:
            pass
        except csv.Error as exc:
            if "field larger" in str(exc):  # the csv module's own field limit (131,072 characters)
                raise uploads.field_too_long(reader.line_num) from None
            continue
        found = find_header(head, required=required, index=header_index)
        if found and (best is None or len(found[1]) > len(best[2][1])):
            best = (delimiter, head, found)
    if best is None:
        raise ImportFileError(_no_header_message())
    delimiter, head, (position, columns) = best
    line_count = text.count("\n") + (0 if text.endswith("\n") else 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for _i in range(len(head)):
        next(reader)

    for number, cells in enumerate(head[: position + 1], 1):
        uploads.check_csv_row(cells, number, limits)

    def iterate():
        number = position + 1
        for cells in head[position + 1 :]:
            number += 1
            uploads.check_csv_row(cells, number, limits)
            yield number, cells
        try:
            for cells in reader:
                number += 1
                uploads.check_csv_row(cells, number, limits)
                yield number, cells
        except csv.Error as exc:
            if "field larger" in str(exc):  # the csv module's own field limit (131,072 characters)
                raise uploads.field_too_long(number + 1) from None
            raise ImportFileError(
                _("Row %(row)d of the file cannot be read (broken quotes).") % {"row": number + 1}
            ) from None

    return Table(
        sheet="",
        header_row=position + 1,
        header_cells=list(head[position]),
        columns=columns,
        total_rows=max(line_count - position - 1, 0),
        _rows=iterate(),
    )
