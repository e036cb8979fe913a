"""Zip containers (xlsx, xlsm, ods) judged from their central directory, and their parts read with
a hard bound whatever the directory declares."""

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator

from django.utils.translation import gettext as _

from .limits import (
    MAX_ZIP_MEMBERS,
    MAX_ZIP_RATIO,
    RATIO_FLOOR,
    UploadLimits,
    UploadRejected,
    damaged,
    number,
    size_text,
)

CHUNK = 1024 * 1024
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature … file name length, extra field length


def zip_bomb() -> UploadRejected:
    return UploadRejected(
        _("The file inflates to far more than it weighs (a “zip bomb” or a damaged file); it was not opened.")
    )


def open_zip(data: bytes, limits: UploadLimits) -> zipfile.ZipFile:
    """The archive, once its directory is within bounds: member count, each member's and the
    total declared inflated size, each member's ratio, no duplicate names, no encryption, and
    only the stored and deflated methods (the ones the spreadsheet reader knows)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error):
        raise damaged() from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise UploadRejected(
            _("The file holds %(n)s parts; a spreadsheet holds at most %(max)s.")
            % {"n": number(len(members)), "max": number(MAX_ZIP_MEMBERS)}
        )
    names = set()
    total = 0
    for member in members:
        key = member.filename.replace("\\", "/").lower()
        if key in names or member.flag_bits & 0x1:
            raise damaged()
        names.add(key)
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise damaged()
        _check_member(member.file_size, member.compress_size)
        total += member.file_size
    if total > limits.max_unzipped_bytes:
        raise unzipped_too_large(limits)
    return archive


def unzipped_too_large(limits: UploadLimits) -> UploadRejected:
    return UploadRejected(
        _("Once unpacked, the file is larger than the limit of %(limit)s.")
        % {"limit": size_text(limits.max_unzipped_bytes)}
    )


def _check_member(inflated: int, stored: int) -> None:
    if inflated > RATIO_FLOOR and inflated > MAX_ZIP_RATIO * max(stored, 1):
        raise zip_bomb()


def read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """The inflated bytes of one part, chunk by chunk, inflated here from its stored bytes (not by
    `zipfile`, which trusts the directory): reading stops with an error as soon as they pass the
    size the directory declares, so the bounds `open_zip` checked on the declared sizes hold for
    what is actually inside."""
    handle = archive.fp
    handle.seek(member.header_offset)
    header = handle.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size:
        raise damaged()
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if signature != b"PK\x03\x04":
        raise damaged()
    handle.seek(member.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    left = member.compress_size
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if member.compress_type == zipfile.ZIP_DEFLATED else None
    produced = 0
    while left > 0 or (inflater is not None and inflater.unconsumed_tail):
        if inflater is not None and inflater.unconsumed_tail:
            chunk = inflater.decompress(inflater.unconsumed_tail, CHUNK)
        else:
            stored = handle.read(min(CHUNK, left))
            if not stored:
                raise damaged()
            left -= len(stored)
            chunk = inflater.decompress(stored, CHUNK) if inflater is not None else stored
        produced += len(chunk)
        if produced > member.file_size:
            raise damaged()
        if chunk:
            yield chunk
        if inflater is not None and inflater.eof:
            break
    if produced != member.file_size:
        raise damaged()
