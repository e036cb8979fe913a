"""The parts of a zip spreadsheet (xlsx, xlsm, ods) read as the spreadsheet reader (calamine)
would, to know the extent it would build before it builds it.

calamine turns a sheet into a dense grid from its top-left to its bottom-right non-empty cell (32
bytes a cell): one cell at XFD1048576 is a grid of 17 billion cells. It places an xlsx cell at its
`r` reference, or after the previous cell when there is none; an ods cell after the previous ones,
`table:number-columns-repeated` times, in a row repeated `table:number-rows-repeated` times.

Two ways to know the extent, on the bytes `zips.read_member` inflates: a sheet in the plain form
spreadsheet programs write (`_patterns`) is checked by regular expressions over its bytes
(`_fast_scan`, about ten times faster than a parser calling Python for each element); any other
part (a namespace prefix, cells without a reference, an ods table) is parsed by `SheetScan`, which
follows calamine's rules with the standard library's expat, without DTDs (so without entity
expansion). Both stop at the first cell past a limit. Shared strings are counted, not parsed:
calamine reserves room for the count the file declares before reading them."""

import itertools
import re
import xml.parsers.expat as expat
import zipfile

from .limits import UploadLimits, damaged, too_many_columns, too_many_rows
from .zips import read_member

_CELL_REF = re.compile(r"([A-Za-z]*)([0-9]+)")
_ROOT = re.compile(rb"\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*)*<([^\s/>!?]+)", re.S)
_UNIQUE_COUNT = re.compile(rb"\suniqueCount\s*=\s*[\"']\s*([0-9]+)")
_SHEET_MARKERS = (b"sheetData", b"table-row")  # where calamine finds cells: xlsx, ods
_BOM = b"\xef\xbb\xbf"
_HEAD = 64 * 1024  # the part's first bytes, where a sheet declares its dimension
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\s[^>]*?ref\s*=\s*[\"']([A-Za-z0-9:$]+)[\"']")


def check_parts(archive: zipfile.ZipFile, limits: UploadLimits) -> None:
    """Every part of the archive within the limits, or UploadRejected: XML parts are scanned (the
    sheets' declared and actual extent), shared strings counted, and no other part may hold cells."""
    for member in archive.infolist():
        if member.is_dir():
            continue
        name = member.filename.lower()
        if name.endswith(".bin") and "workbook" in name:
            raise damaged()  # an Excel binary workbook (.xlsb): its sheets are not XML
        chunks = read_member(archive, member)
        first = next(chunks, b"")
        root = _root(first)
        if root is None:
            if name.endswith((".xml", ".rels")) or first.lstrip(_BOM + b" \t\r\n").startswith(b"<"):
                raise damaged()  # XML whose root cannot be read (a DTD, another encoding)
            _check_binary(first, chunks)
        elif root.rsplit(":", 1)[-1] == "sst":
            _check_strings(first, chunks, limits)
        elif not _fast_scan(first, chunks, limits):
            scan = SheetScan(limits)  # from the start again, with the full XML parser
            for chunk in read_member(archive, member):
                scan.feed(chunk)
            scan.close()


def _at_most(limit: str, first: str, digit: str) -> str:
    """A regular expression for the numerals up to `limit` (no leading zero), in the digits
    `first`..`digit` ranges given: '41' → 1–9, 10–39, 40, 41; 'AO' → A–Z, AA–AN, AO."""
    width, lowest = len(limit), first[1]
    options = [f"{first}{digit}{{0,{width - 2}}}"] if width > 1 else []
    for position, character in enumerate(limit):
        low = lowest if position == 0 else digit[1]
        if character > low:
            rest = width - position - 1
            options.append(
                f"{limit[:position]}[{low}-{chr(ord(character) - 1)}]" + (f"{digit}{{{rest}}}" if rest else "")
            )
    options.append(limit)
    return "(?:" + "|".join(options) + ")"


def _column_letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_fast_patterns: dict[tuple[int, int], tuple[re.Pattern, re.Pattern]] = {}


def _patterns(limits: UploadLimits) -> tuple[re.Pattern, re.Pattern]:
    """(a cell tag not in the plain form with a reference within the limits; a cell tag in the plain
    form with any reference). The plain form is what spreadsheet programs write: `<c r="B7"`, then
    attributes of one or two letters other than `r` (s, t, cm, vm, ph), double-quoted, one space
    apart, then `>` or `/>`."""
    key = (limits.max_columns, limits.max_sheet_rows)
    if key not in _fast_patterns:
        inside = _at_most(_column_letters(limits.max_columns), "[A-Z]", "[A-Z]") + _at_most(
            str(limits.max_sheet_rows), "[1-9]", "[0-9]"
        )
        tail = r'(?: (?:[a-qs-z][a-z]?|r[a-z])="[^"<>]*")*(/?)>'
        _fast_patterns[key] = (
            re.compile(rf'<c(?=[\s/>])(?! r="{inside}"{tail})'.encode()),
            re.compile(rf'<c r="([A-Za-z]+[0-9]+)"{tail}'.encode()),
        )
    return _fast_patterns[key]


_PREFIXED_CELL = re.compile(rb":c[\s/>]")
_DECLARED_ENCODING = re.compile(rb"\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)")


def _fast_scan(first: bytes, chunks, limits: UploadLimits) -> bool:
    """The xlsx cells of a part, when every cell tag is in the plain form (`_patterns`): a few
    regular expressions over the bytes instead of a parser call per element (for the 100,000-row
    benchmark register, 1.5 s instead of 20 s on a busy 2-core machine). True when the part is within the limits; an
    UploadRejected when a cell is past them; False when the part is not in the plain form (a
    prefix, a cell without a reference, an ods table, another encoding) and must be parsed.

    Sound because calamine places an xlsx cell at its `r` reference and only there, and every cell
    it reads is a tag starting `<c` + a space, `/` or `>` (or `<prefix:c`, which sends the part
    to the parser): each one is either plain with a reference within the limits (the first
    pattern skips it), or looked at here; an empty cell (`<c …/>`) builds nothing."""
    encoding = _DECLARED_ENCODING.match(first)
    if encoding and encoding.group(1).lower() not in (b"utf-8", b"utf8"):
        return False
    declared_extent(first[:_HEAD], limits)
    outside, plain = _patterns(limits)
    carry = b""
    for chunk in itertools.chain((first,), chunks, (b"<",)):
        block = carry + chunk
        cut = block.rfind(b"<")  # a tag never holds `<`: the block ends before the last one
        block, carry = block[:cut], block[cut:]
        if b"table-row" in block or _PREFIXED_CELL.search(block):
            return False
        for match in outside.finditer(block):
            tag = plain.match(block, match.start())
            if tag is None:
                return False
            if not tag.group(2):  # a cell with a value may hold one: `<c …/>` holds none
                _check_extent(*_reference(tag.group(1).decode("ascii")), limits)
    return True


def declared_extent(head: bytes, limits: UploadLimits) -> None:
    """The `<dimension ref>` an xlsx sheet declares (in the first bytes of the sheet part) within
    the limits: the cheap check done before a file is queued."""
    match = _DIMENSION.search(head)
    if match:
        _check_extent(*_reference(match.group(1).decode("ascii").split(":")[-1].replace("$", "")), limits)


def _root(first: bytes) -> str | None:
    """The name of the root element, or None for a part that is not XML (an image, a macro)."""
    if first.startswith(_BOM):
        first = first[len(_BOM) :]
    match = _ROOT.match(first)
    return match.group(1).decode("latin-1") if match else None


def _check_binary(first: bytes, chunks) -> None:
    """A part that is not XML (an image, macros) must not hold what calamine reads as cells."""
    for _chunk, window in _windows(first, chunks):
        if any(marker in window for marker in (*_SHEET_MARKERS, b"uniqueCount")):
            raise damaged()


def _check_strings(first: bytes, chunks, limits: UploadLimits) -> None:
    """The shared strings: no more than the cells allowed could use (an element named `si` is
    written `<si` or `<prefix:si`, so counting those is an upper bound), and no more declared in
    `uniqueCount` (calamine reserves that many before reading) than there are."""
    strings = 0
    cut = b""
    for chunk, window in _windows(first, chunks):
        if any(marker in window for marker in _SHEET_MARKERS):
            raise damaged()
        counted = cut + chunk  # two bytes carried: a `<si` cut in two is counted once
        strings += counted.count(b"<si") + counted.count(b":si")
        cut = chunk[-2:]
        if strings > limits.max_sheet_rows * limits.max_columns:
            raise damaged()
    declared = _UNIQUE_COUNT.search(first)
    if declared and int(declared.group(1)) > strings:
        raise damaged()


def _windows(first: bytes, chunks):
    """(chunk, the chunk with the end of the one before): a marker cut in two is found."""
    tail = b""
    for chunk in itertools.chain((first,), chunks):
        yield chunk, tail + chunk
        tail = chunk[-16:]


def _reference(reference: str) -> tuple[int, int]:
    """(row, column), 1-based, of a cell reference as calamine reads it (column letters in either
    case, then digits); anything else is a damaged file, as it is for calamine."""
    match = _CELL_REF.fullmatch(reference)
    if not match or match.group(2).lstrip("0") == "" or len(reference) > 20:
        raise damaged()
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)), column


def _check_extent(row: int, column: int, limits: UploadLimits) -> None:
    if column > limits.max_columns:
        raise too_many_columns(column, limits)
    if row > limits.max_sheet_rows:
        raise too_many_rows(row, limits)


def _count(value: str | None) -> int:
    """An ods repeat count (1 when absent)."""
    if value is None:
        return 1
    if not value.strip().isdigit() or int(value) < 1:
        raise damaged()
    return int(value)


class SheetScan:
    """One XML part fed chunk by chunk: xlsx cells (`c` in `row` in `sheetData`, any prefix, as
    calamine matches local names) and ods cells (`table:table-cell` in `table:table-row`, the
    names calamine matches). A cell counts once it has a child element (a value, a formula, a
    text); calamine skips the empty ones."""

    def __init__(self, limits: UploadLimits):
        self.limits = limits
        parser = expat.ParserCreate()
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._refuse  # no DTD: no entities to expand
        parser.EntityDeclHandler = self._refuse
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        self.parser = parser
        # xlsx: calamine's row and column cursors (0-based) for cells without a reference
        self.row = self.column = 0
        self.in_data = False
        self.cell: tuple[int, int] | None = None  # the open xlsx cell (1-based row, column)
        self.filled = False
        # ods: the row being read, its repeat count, the next column, the open cell's last column
        self.ods_row = 0
        self.ods_repeats = 1
        self.ods_column = 0
        self.ods_cell: int | None = None
        self.ods_row_filled = False

    def _refuse(self, *args) -> None:
        raise damaged()

    def feed(self, chunk: bytes) -> None:
        try:
            self.parser.Parse(chunk, False)
        except expat.ExpatError:
            raise damaged() from None

    def close(self) -> None:
        self.feed(b"")
        try:
            self.parser.Parse(b"", True)
        except expat.ExpatError:
            raise damaged() from None

    def _start(self, name: str, attrs: dict) -> None:
        if self.cell is not None or self.ods_cell is not None:
            self.filled = True  # a child of a cell: its value
        local = name.rsplit(":", 1)[-1]
        if name == "table:table-row":
            self.ods_repeats = _count(attrs.get("table:number-rows-repeated"))
            self.ods_column = 0
            self.ods_row_filled = False
        elif name in ("table:table-cell", "table:covered-table-cell"):
            self.ods_column += _count(attrs.get("table:number-columns-repeated"))
            self.ods_cell = self.ods_column
            self.filled = "office:value-type" in attrs or "table:formula" in attrs
        elif name == "table:table":
            self.ods_row = 0
        elif local == "dimension" and "ref" in attrs:
            _check_extent(*_reference(attrs["ref"].split(":")[-1].replace("$", "")), self.limits)
        elif local == "sheetData":
            self.in_data = True
        elif not self.in_data:
            return
        elif local == "row":
            if "r" in attrs:
                self.row = _reference(attrs["r"])[0] - 1
        elif local == "c":
            if "r" in attrs:
                row, column = _reference(attrs["r"])
                self.column = column - 1
            else:
                row, column = self.row + 1, self.column + 1
            self.cell = (row, column)
            self.filled = False

    def _end(self, name: str) -> None:
        local = name.rsplit(":", 1)[-1]
        if self.cell is not None and local == "c":
            row, column = self.cell
            if self.filled:
                _check_extent(row, column, self.limits)
            self.cell = None
            self.column += 1
        elif self.ods_cell is not None and name in ("table:table-cell", "table:covered-table-cell"):
            if self.filled:
                if self.ods_cell > self.limits.max_columns:
                    raise too_many_columns(self.ods_cell, self.limits)
                self.ods_row_filled = True
            self.ods_cell = None
        elif name == "table:table-row":
            last = self.ods_row + self.ods_repeats
            if self.ods_row_filled and last > self.limits.max_sheet_rows:
                raise too_many_rows(last, self.limits)
            self.ods_row = last
        elif self.in_data and local == "row":
            self.row += 1
            self.column = 0
