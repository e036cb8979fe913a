"""Registers as communes keep them, built in memory: title lines above the header, header
variants, clean rows, rows needing each repair, and one row for each kind of error."""

import io
import unicodedata
from datetime import date, datetime

import xlsxwriter

from registry.identifiers import example_national_id

HAI_CHAU = "20242"
BAN_THACH = "20335"
TAM_KY = "20341"


def nid(sex: str, born: date, serial: int) -> str:
    return example_national_id(province="48", sex=sex, birth=born, serial=serial)


HEADERS = [
    "STT", "Họ tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số CCCD", "Tỉnh/Thành phố", "Huyện/Quận (cũ)",
    "Xã/Phường", "Thôn/Tổ dân phố", "Dạng tật", "Mức độ", "Số giấy xác nhận khuyết tật", "Ngày cấp giấy xác nhận",
    "Nguyên nhân", "Hộ nghèo/cận nghèo", "Họ tên người chăm sóc", "Quan hệ", "Số điện thoại", "Hội viên Hội NKT",
    "Ghi chú",
]  # fmt: skip

AN_ID = nid("male", date(1980, 5, 17), 101)
BINH_ID = nid("female", date(1975, 1, 1), 102)
CUONG_ID = nid("male", date(1990, 3, 2), 103)
DUNG_ID = nid("female", date(1960, 7, 8), 104)
EM_ID = nid("male", date(2001, 11, 20), 105)
NFD_NAME = unicodedata.normalize("NFD", "Trần Thị Bình")


def row(name, born, sex, commune, *, national_id="", province="", district="", village="Tổ 1", types="Vận động",
        level="Nặng", number="", issued="", cause="Bẩm sinh", poverty="", caregiver="", relation="", phone="",
        member="", notes="", ethnicity="Kinh"):  # fmt: skip
    return [None, name, born, sex, ethnicity, national_id, province, district, commune, village, types, level, number,
            issued, cause, poverty, caregiver, relation, phone, member, notes]  # fmt: skip


# (row, expectation) — expectation is "new" or ("error", column header, fragment of the message).
CLEAN_ROWS = [
    (
        row(
            "Nguyễn Văn An",
            "17/05/1980",
            "Nam",
            "Phường Hải Châu",
            national_id=AN_ID,
            province="Thành phố Đà Nẵng",
            number="HC-001",
            issued="10/03/2020",
            poverty="Hộ nghèo 2024",
            caregiver="Nguyễn Thị Hoa",
            relation="Mẹ",
            phone="0905123456",
            member="15/04/2015",
            notes="Cần xe lăn",
        ),
        "new",
    ),  # fmt: skip
    (
        row(
            "Phạm Thị Dung",
            date(1960, 7, 8),
            "Nữ",
            "Hải Châu",
            national_id=DUNG_ID,
            types="Nhìn",
            level="Đặc biệt nặng",
            cause="Bệnh tật",
            ethnicity="Cơ-tu",
        ),
        "new",
    ),  # fmt: skip
    (
        row(
            "Hoàng Văn Em",
            "20/11/2001",
            "Nam",
            "20242",
            national_id=EM_ID,
            types="Trí tuệ",
            level="Nhẹ",
            number="HC-002",
            issued="01/02/2021",
        ),
        "new",
    ),  # fmt: skip
]
REPAIR_ROWS = [
    # NFD name, year of birth only, sex and level without diacritics, two types with inner commas.
    (
        row(
            NFD_NAME,
            "1975",
            "nu",
            "hai chau",
            national_id=BINH_ID,
            types="Nghe, nói; Thần kinh, tâm thần",
            level="dac biet nang",
            member="x",
        ),
        "new",
    ),  # fmt: skip
    # ID as a number that lost its leading zero, stray spaces, Excel serial date, phone without its zero.
    (
        row(
            "  Lê   Văn  Cường ",
            32934,
            "NAM",
            " Phường  Hải Châu ",
            national_id=int(CUONG_ID),
            phone=905123456,
            notes="=1+2",
        ),
        "new",
    ),  # fmt: skip
    # A pre-2025 Quảng Nam address.
    (
        row(
            "Võ Thị Giang",
            "2/9/1985",
            "Nữ",
            "Phường Tân Thạnh",
            province="Tỉnh Quảng Nam",
            district="Thành phố Tam Kỳ",
            types="Khác",
            level="Nhẹ",
        ),
        "new",
    ),  # fmt: skip
]
ERROR_ROWS = [
    (
        row("Đặng Văn Hùng", "31/02/1990", "Nam", "Hải Châu"),
        ("error", "Ngày sinh", "31/02/1990 không phải là ngày có thật"),
    ),
    (row("Bùi Văn Khoa", "12/12/1992", "Không rõ", "Hải Châu"), ("error", "Giới tính", "ghi Nam hoặc Nữ")),
    (row("Đỗ Văn Lâm", "01/01/1993", "Nam", "Hải Châu", types="Tim mạch"), ("error", "Dạng tật", "“Tim mạch”")),
    (row("Ngô Văn Minh", "02/02/1994", "Nam", "Hải Châu", level="Vừa"), ("error", "Mức độ", "“Vừa”")),
    (row("Dương Văn Nam", "03/03/1995", "Nam", "Hải Châu", national_id="999095000001"), ("error", "Số CCCD", "(999)")),
    (row("Lý Văn Oanh", "04/04/1996", "Nam", "Xã Không Có"), ("error", "Xã/Phường", "“Xã Không Có”")),
    (
        row("Mai Văn Phúc", "05/05/1997", "Nam", "Tam Thành", province="Quảng Nam"),
        ("error", "Xã/Phường", "Xã Tam Thành (20365, Huyện Phú Ninh)"),
    ),  # fmt: skip
    (row("Trịnh Văn Quang", "06/06/1998", "Nam", "Phường Tam Kỳ"), ("error", "Xã/Phường", "ngoài địa bàn")),
    (row("Nguyễn Văn An", "17/05/1980", "Nam", "Hải Châu", national_id=AN_ID), ("error", "Số CCCD", "dòng 5")),
    (row("", "07/07/1999", "Nam", "Hải Châu"), ("error", "Họ tên", "Nhập họ và tên")),
    (
        row("Cao Văn Sơn", "08/08/1988", "Nam", "Hải Châu", types="", level="", number="HC-009", issued="01/01/2022"),
        ("error", "Số giấy xác nhận khuyết tật", "dạng tật và mức độ"),
    ),  # fmt: skip
    (row("Lưu Văn Tài", "09/09/1989", "Nam", "Hải Châu", level=""), ("error", "Mức độ", "mức độ khuyết tật")),
]
FIRST_DATA_ROW = 5  # title, a line of text, an empty line, the header


def workbook_bytes(rows, *, headers=HEADERS, title=True, merged_header=False) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Danh sách")
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    top = 0
    if title:
        sheet.merge_range(0, 0, 0, 8, "DANH SÁCH NGƯỜI KHUYẾT TẬT NĂM 2025")
        sheet.write_string(1, 0, "UBND phường Hải Châu")
        top = 3
    if merged_header:  # a two-row header: "Họ tên" merged over two rows, as in many real files
        sheet.merge_range(top, 1, top + 1, 1, headers[1])
        for col, header in enumerate(headers):
            if col != 1:
                sheet.write_string(top, col, header)
        top += 1
    else:
        for col, header in enumerate(headers):
            sheet.write_string(top, col, header)
    line = top
    for values in rows:
        line += 1
        if values is None:  # an empty row
            continue
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, (date, datetime)):
                sheet.write_datetime(line, col, datetime(value.year, value.month, value.day), date_format)
            elif isinstance(value, (int, float)):
                sheet.write_number(line, col, value)
            else:
                sheet.write_string(line, col, value)
    book.close()
    return buffer.getvalue()


def fixture_register() -> tuple[bytes, list]:
    """The fixture register (clean rows, repairs, an empty row, errors) and the expectations."""
    cases = CLEAN_ROWS + REPAIR_ROWS + [(None, None)] + ERROR_ROWS
    numbered = []
    for i, (values, _expect) in enumerate(cases, start=1):
        if values is not None:
            values = list(values)
            values[0] = i
        numbered.append(values)
    return workbook_bytes(numbered), cases
