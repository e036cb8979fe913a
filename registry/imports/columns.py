"""The columns of the person register: the template's Vietnamese headers, the variants real files
use, and finding the header row wherever it is.

The header texts are data (the template, the export and the matcher all read this list), not
translatable strings: a file made in Vietnam keeps its Vietnamese headers whatever the UI language.
"""

import re
from dataclasses import dataclass, field

from ..text import fold


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # exactly as in the downloadable template
    variants: tuple[str, ...] = field(default=())


PERSON_COLUMNS: tuple[Column, ...] = (
    Column("row_number", "STT", ("tt", "so tt", "so thu tu")),
    Column(
        "full_name",
        "Họ và tên",
        ("ho ten", "ho va ten nguoi khuyet tat", "ho ten nguoi khuyet tat", "ho va ten nkt", "ho ten nkt", "ten"),
    ),
    Column("date_of_birth", "Ngày sinh", ("ngay thang nam sinh", "nam sinh", "ngay/thang/nam sinh", "sinh ngay")),
    Column("sex", "Giới tính", ("gioi", "nam/nu", "nam nu")),
    Column("ethnicity", "Dân tộc", ("dan toc (ma)",)),
    Column(
        "national_id",
        "Số định danh cá nhân",
        (
            "so dinh danh",
            "ma dinh danh",
            "ma dinh danh ca nhan",
            "so cccd",
            "cccd",
            "so cmnd/cccd",
            "cmnd/cccd",
            "so cccd/cmnd",
            "cccd/cmnd",
            "so cmnd",
            "cmnd",
            "so can cuoc",
            "so can cuoc cong dan",
            "can cuoc cong dan",
            "so dinh danh ca nhan (cccd)",
            "so dinh danh/cccd",
        ),
    ),  # fmt: skip
    Column("province", "Tỉnh/Thành phố", ("tinh", "tinh/tp", "tinh thanh pho", "tinh, thanh pho", "tinh/thanh")),
    Column(
        "district",
        "Huyện/Quận (cũ)",
        ("huyen/quan", "quan/huyen", "huyen", "quan", "huyen (cu)", "quan/huyen (cu)", "huyen/thi xa/thanh pho"),
    ),
    Column(
        "commune",
        "Xã/Phường",
        ("xa", "phuong", "phuong/xa", "xa/phuong/thi tran", "xa, phuong", "xa/phuong/dac khu", "ma xa", "xa (phuong)"),
    ),
    Column(
        "village",
        "Thôn/Tổ dân phố",
        (
            "thon",
            "to dan pho",
            "thon/to",
            "thon, to dan pho",
            "thon/xom",
            "thon/ban",
            "thon/to dan pho/khoi pho",
            "dia chi",
            "thon, xom",
        ),
    ),  # fmt: skip
    Column("types", "Dạng tật", ("dang khuyet tat", "loai tat", "dang tat khuyet tat", "dang tat (*)")),
    Column("level", "Mức độ khuyết tật", ("muc do", "muc do kt", "muc do tat")),
    Column(
        "certificate_number",
        "Số giấy xác nhận khuyết tật",
        ("so giay xac nhan", "so giay xnkt", "so gxn", "so giay xac nhan kt", "giay xac nhan so"),
    ),
    Column(
        "certificate_date",
        "Ngày cấp giấy xác nhận",
        ("ngay cap", "ngay cap giay xac nhan khuyet tat", "ngay cap gxn", "ngay cap giay xnkt"),
    ),
    Column("cause", "Nguyên nhân", ("nguyen nhan khuyet tat", "nguyen nhan tat")),
    Column(
        "poverty",
        "Hộ nghèo/cận nghèo",
        ("ho ngheo", "ngheo/can ngheo", "ho ngheo, can ngheo", "ho ngheo/ho can ngheo", "ho ngheo/can ngheo (nam)"),
    ),
    Column(
        "caregiver_name",
        "Họ tên người chăm sóc",
        ("ho va ten nguoi cham soc", "nguoi cham soc", "nguoi nuoi duong", "ho ten nguoi nuoi duong"),
    ),
    Column("caregiver_relation", "Quan hệ", ("quan he voi nkt", "quan he voi nguoi khuyet tat", "moi quan he")),
    Column(
        "caregiver_phone",
        "Số điện thoại",
        ("dien thoai", "sdt", "so dt", "dt lien he", "so dien thoai lien he", "dien thoai lien he"),
    ),
    Column(
        "association_member",
        "Hội viên Hội NKT",
        ("hoi vien", "hoi vien hoi nguoi khuyet tat", "la hoi vien hoi nkt", "hoi vien hoi nkt (ngay vao hoi)"),
    ),
    Column("notes", "Ghi chú", ()),
)

PERSON_HEADERS = [c.header for c in PERSON_COLUMNS]
HEADER_BY_KEY = {c.key: c.header for c in PERSON_COLUMNS}

_REQUIRED_MARK = re.compile(r"\(\s*\*\s*\)|\*")
_NOT_KEY = re.compile(r"[^a-z0-9/()]")


def header_key(text) -> str:
    """'Số CMND / CCCD (*)' → 'socmnd/cccd': folded, no spaces or punctuation except / and ()."""
    folded = fold(_REQUIRED_MARK.sub("", str(text or "")))
    return _NOT_KEY.sub("", folded.replace(":", "").replace(",", "").replace("-", "").replace(".", ""))


def _index(columns) -> dict[str, str]:
    index: dict[str, str] = {}
    for column in columns:
        for text in (column.header, *column.variants):
            index.setdefault(header_key(text), column.key)
    return index


_PERSON_INDEX = _index(PERSON_COLUMNS)
HEADER_SEARCH_ROWS = 30
MIN_MATCHED = 3


def match_headers(cells, index: dict[str, str] | None = None) -> dict[int, str]:
    """Column position → column key for the cells of one row (the first of duplicates wins)."""
    index = index or _PERSON_INDEX
    found: dict[int, str] = {}
    taken: set[str] = set()
    for position, cell in enumerate(cells):
        if cell is None or cell == "":
            continue
        key = index.get(header_key(cell))
        if key and key not in taken:
            found[position] = key
            taken.add(key)
    return found


def find_header(rows, *, required: str = "full_name", index: dict[str, str] | None = None):
    """(position in `rows`, {column position: key}) of the first row that looks like the header:
    at least three known columns, the required one among them. None when there is none."""
    for position, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = match_headers(cells, index)
        if len(found) >= MIN_MATCHED and required in found.values():
            return position, found
    return None
