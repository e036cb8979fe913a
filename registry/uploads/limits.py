"""The limits every upload is held to, the one error they raise, and the size check."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from ..errors import FieldError

MB = 1024 * 1024
# Zip containers (xlsx, xlsm, ods): an office file has a few dozen parts and compresses text about
# ten times; a part inflating more than 100 times its stored size is what a zip bomb looks like
# (the ratio Apache POI refuses by default).
MAX_ZIP_MEMBERS = 1000
MAX_ZIP_RATIO = 100
RATIO_FLOOR = 1 * MB  # parts smaller than this once inflated are not judged by their ratio
MAX_FIELD_CHARS = 32_767  # the most text an Excel cell holds; longer CSV fields are not a register
MAX_LINE_CHARS = 1024 * 1024  # a csv line past this is not a row of a template (41 columns of notes)
EXTRA_COLUMNS = 20  # columns a file may have beyond its template's (notes, old columns, a blank one)
HEADER_ROWS = 30  # title lines the header may sit below (registry.imports.columns.HEADER_SEARCH_ROWS)


class UploadRejected(FieldError):
    """The uploaded file is past a limit, or cannot be checked; nothing was parsed or written."""

    code = "upload_limit"

    def __init__(self, message: str, *, limit: str = ""):
        super().__init__("file", message)
        self.limit = limit  # "rows", "columns", or "" for the others


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int  # the file as uploaded
    max_rows: int = 200_000  # data rows below the header
    max_columns: int = 16_384  # the template's columns + EXTRA_COLUMNS for imports
    max_unzipped_bytes: int = 300 * MB  # all parts of a zip container, inflated

    @property
    def max_sheet_rows(self) -> int:
        """The last sheet row a table of `max_rows` data rows may use (title lines and header above)."""
        return self.max_rows + HEADER_ROWS + 1


def upload_limits(*, columns: int | None = None, max_bytes: int | None = None) -> UploadLimits:
    """The configured limits; `columns` is the template's column count for a table import,
    `max_bytes` a path's own smaller limit (never more than HOANHAP_UPLOAD_MAX_BYTES)."""
    ceiling = settings.HOANHAP_UPLOAD_MAX_BYTES
    return UploadLimits(
        max_bytes=min(max_bytes, ceiling) if max_bytes else ceiling,
        max_rows=settings.HOANHAP_UPLOAD_MAX_ROWS,
        max_columns=columns + EXTRA_COLUMNS if columns else UploadLimits.max_columns,
        max_unzipped_bytes=settings.HOANHAP_UPLOAD_MAX_UNZIPPED_BYTES,
    )


def number(value: int) -> str:
    """1250000 → '1.250.000', as Vietnamese documents write numbers."""
    return f"{value:,}".replace(",", ".")


def size_text(value: int) -> str:
    """Bytes as the page says them: '20 MB', '1,5 MB', '300 KB'."""
    if value >= MB:
        megabytes = value / MB
        text = f"{megabytes:.0f}" if megabytes == int(megabytes) or megabytes >= 10 else f"{megabytes:.1f}"
        return f"{text.replace('.', ',')} MB"
    return f"{max(value // 1024, 1)} KB"


def check_size(size: int | None, limits: UploadLimits) -> None:
    """Refuse a file larger than the limit (from its size alone: nothing is read)."""
    if size is not None and size > limits.max_bytes:
        raise UploadRejected(
            _("The file is larger than the limit of %(limit)s.") % {"limit": size_text(limits.max_bytes)}
        )


def too_many_columns(columns: int, limits: UploadLimits) -> UploadRejected:
    return UploadRejected(
        _("The file has %(n)s columns, more than the limit of %(max)s columns of the template.")
        % {"n": number(columns), "max": number(limits.max_columns)},
        limit="columns",
    )


def too_many_rows(rows: int, limits: UploadLimits) -> UploadRejected:
    """`rows`: the last row the file uses (sheet row number, title lines included)."""
    return UploadRejected(
        _("The file uses %(n)s rows, more than the limit of %(max)s data rows.")
        % {"n": number(rows), "max": number(limits.max_rows)},
        limit="rows",
    )


def field_too_long(row: int) -> UploadRejected:
    return UploadRejected(
        _("Row %(row)s has a cell longer than the limit of %(max)s characters.")
        % {"row": number(row), "max": number(MAX_FIELD_CHARS)}
    )


def damaged() -> UploadRejected:
    return UploadRejected(_("The file is damaged or is not a spreadsheet. Open it in Excel and save it as .xlsx."))
