"""Old Excel files (.xls: BIFF records in an OLE2 compound file) bounded before calamine opens
them. calamine reads every sheet of an xls when it opens the file, reserves room for the rows ×
columns a sheet's DIMENSIONS record declares, and builds each sheet's dense grid from its cell
records; so both are checked here first: the compound file is read by olefile (strict: any defect
refuses the file), its Workbook stream walked record by record as calamine walks it (the sheets
start where the BOUNDSHEET records of the globals say)."""

import struct

from .limits import UploadLimits, damaged, too_many_columns, too_many_rows

_RECORD = struct.Struct("<HH")
_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")
EOF, BOF, BOUNDSHEET, DIMENSIONS, MULRK, FORMULA = 0x000A, 0x0809, 0x0085, 0x0200, 0x00BD, 0x0006
# Records calamine turns into cells, all starting with row and column (u16 each); blanks are not.
CELLS = {0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, MULRK, FORMULA}


def check_xls(data: bytes, limits: UploadLimits) -> None:
    import olefile

    try:
        ole = olefile.OleFileIO(data, raise_defects=olefile.DEFECT_INCORRECT)
        names = [entry for entry in ole.listdir(streams=True, storages=False) if len(entry) == 1]
        streams = [ole.openstream(entry).read() for entry in names if entry[0].lower() in ("workbook", "book")]
    except Exception:  # olefile raises many kinds of errors on a damaged container
        raise damaged() from None
    if not streams:
        raise damaged()
    for stream in streams:
        check_biff(stream, limits)


def _records(stream: bytes, position: int):
    """(type, data) of the records from `position` to the end of the stream."""
    end = len(stream)
    while position + 4 <= end:
        kind, length = _RECORD.unpack_from(stream, position)
        position += 4
        if position + length > end:
            raise damaged()
        yield kind, stream[position : position + length]
        position += length


def check_biff(stream: bytes, limits: UploadLimits) -> None:
    sheets = []
    for kind, data in _records(stream, 0):
        if kind == BOUNDSHEET:
            if len(data) < 4:
                raise damaged()
            sheets.append(_U32.unpack_from(data)[0])
        elif kind == EOF:
            break
    for start in sheets:
        _check_sheet(stream, start, limits)


def _check_sheet(stream: bytes, start: int, limits: UploadLimits) -> None:
    depth = 0  # nested substreams (charts) end with their own EOF
    for kind, data in _records(stream, start):
        if kind == BOF:
            depth += 1
        elif kind == EOF:
            depth -= 1
            if depth <= 0:
                return
        elif kind == DIMENSIONS:
            if len(data) == 14:
                last_row, last_column = _U32.unpack_from(data, 4)[0], _U16.unpack_from(data, 10)[0]
            elif len(data) == 10:
                last_row, last_column = _U16.unpack_from(data, 2)[0], _U16.unpack_from(data, 6)[0]
            else:
                raise damaged()
            _check(last_row, last_column, limits)  # both one past the last used
        elif kind in CELLS:
            if len(data) < 6:
                raise damaged()
            row, column = _U16.unpack_from(data)[0], _U16.unpack_from(data, 2)[0]
            if kind == MULRK:
                column = max(column, _U16.unpack_from(data, len(data) - 2)[0])
            _check(row + 1, column + 1, limits)


def _check(rows: int, columns: int, limits: UploadLimits) -> None:
    if columns > limits.max_columns:
        raise too_many_columns(columns, limits)
    if rows > limits.max_sheet_rows:
        raise too_many_rows(rows, limits)
