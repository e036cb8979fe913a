"""Every uploaded file is bounded before anything parses it: one mechanism for every upload path
(the register and support-list imports, case attachments, the import commands).

A 2 KB spreadsheet can make a reader allocate hundreds of gigabytes (a sheet whose only cells are
A1 and XFD1048576 is, to calamine, a dense grid of 17 billion cells), a zip of a few kilobytes can
inflate to gigabytes, an ods row can repeat itself a million times. So, before the file reaches a
parser:

* its size (`check_size`, HOANHAP_UPLOAD_MAX_BYTES; a path may set a smaller one): from the
  uploaded size, before the body is read where Django allows (`handlers.BoundedUploadHandler`
  stops storing an upload past the limit);
* for a zip container (xlsx, xlsm, ods: `zips`): its part count, each part's and the total
  declared inflated size (HOANHAP_UPLOAD_MAX_UNZIPPED_BYTES), each part's compression ratio; its
  parts are then inflated here, chunk by chunk, and reading stops as soon as a part passes the
  size its directory declares, so a lying directory gains nothing;
* the extent the reader would build (`sheets`, `xls`): the sheets' declared dimension and their
  actual cells, streamed through expat without DTDs, for xlsx, ods (repeated rows and columns
  counted) and xls (BIFF records): at most the template's columns plus a margin and
  HOANHAP_UPLOAD_MAX_ROWS data rows (with the title lines above a header);
* csv files are read row by row with the same row, column and field limits (`check_csv_row`).

`survey` is the cheap part (size, zip directory, declared dimensions) that decides, before any full
parse, whether an import is read in the request or in the background worker
(HOANHAP_IMPORT_BACKGROUND_BYTES). Every refusal is an `UploadRejected` (a `FieldError` on
`file`, code `upload_limit`) whose Vietnamese message names the limit; nothing has been written.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from .limits import (
    MAX_FIELD_CHARS,
    MAX_LINE_CHARS,
    UploadLimits,
    UploadRejected,
    check_size,
    field_too_long,
    number,
    too_many_columns,
    too_many_rows,
    upload_limits,
)
from .sheets import check_parts, declared_extent
from .xls import check_xls
from .zips import open_zip, read_member

__all__ = [
    "Survey", "UploadLimits", "UploadRejected", "check_csv_row", "check_csv_text", "check_size", "check_spreadsheet", "field_too_long",
    "is_spreadsheet", "number", "survey", "upload_limits",
]  # fmt: skip

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0"
_HEAD = 64 * 1024  # bytes of a sheet part read by the survey, for its declared dimension


def is_spreadsheet(data: bytes) -> bool:
    return data[:4] in (ZIP, OLE)


def check_spreadsheet(data: bytes, limits: UploadLimits) -> None:
    """The whole check of a zip or OLE2 spreadsheet (UploadRejected), to run before calamine
    opens it. Its cost grows with the file (the sheets are streamed once)."""
    check_size(len(data), limits)
    if data[:4] == ZIP:
        check_parts(open_zip(data, limits), limits)
    elif data[:4] == OLE:
        check_xls(data, limits)


@dataclass(frozen=True)
class Survey:
    content_bytes: int  # what a reader goes through: the inflated parts of a zip, else the file

    @property
    def in_background(self) -> bool:
        """Whether an import of this file must be read by the background worker only."""
        return self.content_bytes >= settings.HOANHAP_IMPORT_BACKGROUND_BYTES


def survey(data: bytes, limits: UploadLimits) -> Survey:
    """The cheap checks (size; a zip's directory and its sheets' declared dimension), done in the
    request for any file before it is queued: nothing is parsed past the first bytes of a sheet."""
    check_size(len(data), limits)
    if data[:4] != ZIP:
        return Survey(content_bytes=len(data))
    archive = open_zip(data, limits)
    for member in archive.infolist():
        name = member.filename.replace("\\", "/").lower()
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            head = b""
            for chunk in read_member(archive, member):
                head += chunk
                if len(head) >= _HEAD:
                    break
            declared_extent(head, limits)
    return Survey(content_bytes=sum(member.file_size for member in archive.infolist()))


def check_csv_text(text: str, limits: UploadLimits) -> None:
    """A csv file's text before it is parsed: no line longer than a row of the template could be
    (the csv module would make a list of every field of it), no more lines than rows allowed
    (a cell may hold a line break, so lines are at least rows)."""
    for line_number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE_CHARS:
            raise UploadRejected(
                _("Line %(row)s is %(n)s characters long, more than the limit of %(max)s.")
                % {"row": number(line_number), "n": number(len(line)), "max": number(MAX_LINE_CHARS)}
            )
        if line_number > limits.max_sheet_rows and line.strip():
            raise too_many_rows(line_number, limits)


def check_csv_row(cells: list, row: int, limits: UploadLimits) -> None:
    """One parsed csv row (`row`: its number, 1-based) within the column and field limits."""
    if len(cells) > limits.max_columns:
        raise too_many_columns(len(cells), limits)
    if cells and max(map(len, cells)) > MAX_FIELD_CHARS:
        raise field_too_long(row)
