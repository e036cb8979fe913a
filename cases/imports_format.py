"""The file format of lists of support given, shared by the import (`cases.imports`) and the
case-list export (`cases.exports`): the columns and their header variants, the Vietnamese texts
of domains, funding sources and statuses, the amount cell, and the downloadable template.

Header texts and the Vietnamese texts are file-format data (like the person register's), not
translatable strings.
"""

import io
import re

from policies.models.catalogue import Policy
from registry.errors import InvalidInput
from registry.imports.columns import Column, header_key
from registry.imports.parsing import CellError, text
from registry.spreadsheets import csv_text, workbook
from registry.text import fold

from .models import Domain, FundingSource, Status
from .services._common import money

CASE_COLUMNS: tuple[Column, ...] = (
    Column("row_number", "STT", ("tt", "so tt", "so thu tu")),
    Column("full_name", "Họ và tên", ("ho ten", "ho va ten nguoi khuyet tat", "ho ten nguoi khuyet tat", "ho ten nkt")),
    Column("date_of_birth", "Ngày sinh", ("ngay thang nam sinh", "nam sinh", "sinh ngay")),
    Column(
        "national_id",
        "Số định danh cá nhân",
        ("so dinh danh", "ma dinh danh", "so cccd", "cccd", "so cmnd/cccd", "cmnd/cccd", "so cmnd", "cmnd"),
    ),  # fmt: skip
    Column("province", "Tỉnh/Thành phố", ("tinh", "tinh/tp", "tinh thanh pho")),
    Column("district", "Huyện/Quận (cũ)", ("huyen/quan", "quan/huyen", "huyen", "quan", "huyen (cu)")),
    Column("commune", "Xã/Phường", ("xa", "phuong", "phuong/xa", "xa/phuong/thi tran", "ma xa")),
    Column("domain", "Lĩnh vực", ("linh vuc ho tro",)),
    Column("support_type", "Loại hỗ trợ", ("hinh thuc ho tro", "noi dung ho tro", "chinh sach", "loai chinh sach")),
    Column("date", "Ngày hỗ trợ", ("ngay", "ngay thuc hien", "thoi gian ho tro", "ngay nhan")),
    Column("provider", "Cơ sở cung cấp", ("don vi cung cap", "don vi ho tro", "co so cung cap dich vu", "don vi")),
    Column("funding_source", "Nguồn kinh phí", ("nguon", "nguon von", "nguon ho tro")),
    Column("amount", "Số tiền (đồng)", ("so tien", "so tien (vnd)", "so tien (d)", "kinh phi", "thanh tien")),
    Column("status", "Trạng thái", ("tinh trang",)),
    Column("notes", "Ghi chú", ()),
)
# The template's columns (the export's, too); province and district are only read.
TEMPLATE_KEYS = [c.key for c in CASE_COLUMNS if c.key not in ("province", "district")]
HEADER_BY_KEY = {c.key: c.header for c in CASE_COLUMNS}
CASE_INDEX = {header_key(t): c.key for c in reversed(CASE_COLUMNS) for t in (c.header, *c.variants)}

DOMAIN_TEXT = {
    Domain.HEALTH: "Y tế và phục hồi chức năng", Domain.EDUCATION: "Giáo dục",
    Domain.VOCATIONAL_TRAINING: "Giáo dục nghề nghiệp và việc làm", Domain.LIVELIHOOD: "Sinh kế",
    Domain.LEGAL_AID: "Trợ giúp pháp lý", Domain.SOCIAL_ASSISTANCE: "Trợ giúp xã hội",
    Domain.CULTURE_SPORT_TOURISM: "Văn hóa, thể thao, du lịch", Domain.HOUSING_ACCESSIBILITY: "Nhà ở và tiếp cận",
    Domain.OTHER: "Khác",
}  # fmt: skip
FUNDING_TEXT = {
    FundingSource.STATE_BUDGET: "Ngân sách nhà nước", FundingSource.SOCIAL_MOBILISATION: "Vận động xã hội",
    FundingSource.ASSOCIATION: "Hội Người khuyết tật", FundingSource.NGO_DONOR: "Tổ chức phi chính phủ, nhà tài trợ",
    FundingSource.OTHER: "Nguồn khác",
}  # fmt: skip
STATUS_TEXT = {
    Status.REQUESTED: "Mới tiếp nhận", Status.ASSESSED: "Đã thẩm định", Status.APPROVED: "Đã phê duyệt",
    Status.IN_PROGRESS: "Đang thực hiện", Status.COMPLETED: "Hoàn thành", Status.REJECTED: "Bị từ chối",
    Status.CANCELLED: "Đã hủy",
}  # fmt: skip
FUNDING_ALIASES = {"ngan sach": FundingSource.STATE_BUDGET, "nsnn": FundingSource.STATE_BUDGET,
                    "xa hoi hoa": FundingSource.SOCIAL_MOBILISATION, "hoi": FundingSource.ASSOCIATION,
                    "hoi nkt": FundingSource.ASSOCIATION, "ngo": FundingSource.NGO_DONOR,
                    "khac": FundingSource.OTHER}  # fmt: skip
COMPLETED_TEXTS = {"", "hoan thanh", "da hoan thanh", "completed", "x", "da ho tro", "da nhan", "dat"}
# Service field → column of the file.
FIELD_COLUMNS = {"support_type": "support_type", "domain": "domain", "requested_on": "date", "provider": "provider",
                 "funding_source": "funding_source", "amount": "amount", "description": "notes",
                 "person": "full_name"}  # fmt: skip


def match_key(value) -> str:
    """A cell or a name as compared: no marks, lower case, punctuation as spaces."""
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", fold(text(value))).split())


def parse_amount(value) -> int | None:
    """Đồng as a number cell or a text such as “1.500.000”, “1,500,000 đ”; ≥ 0 (the services' rule)."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        raw = re.sub(r"(?i)\s*(vnđ|vnd|đồng|đ)\s*$", "", text(value))
        if re.fullmatch(r"-?\d{1,3}([.,]\d{3})+", raw):
            raw = raw.replace(".", "").replace(",", "")
        value = raw.replace(" ", "")
    try:
        return money("amount", value)
    except InvalidInput as exc:
        raise CellError(exc.message) from None


# The downloadable template ------------------------------------------------------------------------
TEXT_FORMAT_KEYS = {"national_id", "date_of_birth", "date"}


def template_headers() -> list[str]:
    return [HEADER_BY_KEY[k] for k in TEMPLATE_KEYS]


def template_xlsx() -> bytes:
    buffer = io.BytesIO()
    book = workbook(buffer, in_memory=True)
    sheet = book.add_worksheet("Danh sách hỗ trợ")
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1})
    as_text = book.add_format({"num_format": "@"})
    for col, key in enumerate(TEMPLATE_KEYS):
        sheet.write_string(0, col, HEADER_BY_KEY[key], bold)
        sheet.set_column(col, col, 26 if key in ("full_name", "support_type", "provider") else 16,
                         as_text if key in TEXT_FORMAT_KEYS else None)  # fmt: skip
    sheet.freeze_panes(1, 0)
    guide = book.add_worksheet("Hướng dẫn")
    guide.set_column(0, 0, 30)
    guide.set_column(1, 1, 100)
    rows = [
        ("Loại hỗ trợ", "; ".join(p.name for p in Policy.objects.filter(is_active=True).order_by("sort_order"))),
        ("Lĩnh vực", "; ".join(DOMAIN_TEXT.values())),
        ("Nguồn kinh phí", "; ".join(FUNDING_TEXT.values())),
        ("Trạng thái", STATUS_TEXT[Status.COMPLETED]),
    ]
    for line, (header, values) in enumerate(rows):
        guide.write_string(line, 0, header, bold)
        guide.write_string(line, 1, values)
    book.close()
    return buffer.getvalue()


def template_csv() -> bytes:
    return csv_text(template_headers(), []).encode("utf-8")
