"""The downloadable template: the headers exactly as the import reads them, ID and phone columns
formatted as text (so Excel keeps their leading zero), and a guide sheet with accepted values."""

import io

from django.utils.translation import gettext as _

from ..spreadsheets import csv_text, workbook
from .columns import PERSON_COLUMNS, PERSON_HEADERS
from .parsing import CAUSE_TEXT, LEVEL_TEXT, SEX_TEXT, TYPE_TEXT

TEXT_COLUMNS = {"national_id", "caregiver_phone", "certificate_number", "date_of_birth", "certificate_date",
                "association_member"}  # fmt: skip
WIDTHS = {"row_number": 6, "full_name": 26, "notes": 40, "types": 28, "village": 20, "commune": 22}


def _guide() -> list[tuple[str, str]]:
    return [
        ("Họ và tên", _("Required.")),
        ("Ngày sinh", _("Required: dd/mm/yyyy, or the year alone (e.g. 1980) when only the year is known.")),
        ("Giới tính", _("Required: %(values)s.") % {"values": " / ".join(SEX_TEXT.values())}),
        ("Dân tộc", _("Name or code of the statistics office's list (Kinh, Cơ-tu, ... or 01, 26, ...).")),
        ("Số định danh cá nhân", _("12 digits. Keep the column formatted as Text so the leading zero stays.")),
        ("Tỉnh/Thành phố", _("Optional; helps when a commune name exists in several provinces.")),
        ("Huyện/Quận (cũ)", _("Only for an address written before 1 July 2025: the former district.")),
        (
            "Xã/Phường",
            _(
                "Required: name (with or without “Xã”/“Phường”) or 5-digit code; a former commune is converted to the current one."
            ),
        ),  # noqa: E501
        (
            "Dạng tật",
            _("One or more of: %(values)s; separate them with “;”.") % {"values": "; ".join(TYPE_TEXT.values())},
        ),
        ("Mức độ khuyết tật", " / ".join(LEVEL_TEXT.values())),
        ("Số giấy xác nhận khuyết tật", _("With the issue date; needs the types and the level.")),
        ("Ngày cấp giấy xác nhận", _("dd/mm/yyyy.")),
        ("Nguyên nhân", "; ".join(CAUSE_TEXT.values())),
        ("Hộ nghèo/cận nghèo", _("Hộ nghèo or Hộ cận nghèo, with the year (Hộ nghèo 2024); empty if neither.")),
        ("Hội viên Hội NKT", _("Date of joining (dd/mm/yyyy or year), or “x” if a member and the date is unknown.")),
        ("", _("A cell left empty never erases what is already registered. Title lines above the header are fine.")),
    ]


def template_xlsx() -> bytes:
    buffer = io.BytesIO()
    book = workbook(buffer, in_memory=True)
    sheet = book.add_worksheet("Danh sách")
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1})
    text = book.add_format({"num_format": "@"})
    for col, column in enumerate(PERSON_COLUMNS):
        sheet.write_string(0, col, column.header, bold)
        sheet.set_column(col, col, WIDTHS.get(column.key, 16), text if column.key in TEXT_COLUMNS else None)
    sheet.freeze_panes(1, 0)
    guide = book.add_worksheet("Hướng dẫn")
    guide.set_column(0, 0, 30)
    guide.set_column(1, 1, 100)
    guide.write_string(0, 0, _("Column"), bold)
    guide.write_string(0, 1, _("What to write"), bold)
    for line, (header, advice) in enumerate(_guide(), start=1):
        guide.write_string(line, 0, header)
        guide.write_string(line, 1, advice)
    book.close()
    return buffer.getvalue()


def template_csv() -> bytes:
    return csv_text(PERSON_HEADERS, []).encode("utf-8")
