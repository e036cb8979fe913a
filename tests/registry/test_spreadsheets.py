"""The one spreadsheet writer: texts stay text in XLSX (no formula, quote prefix on formula-like
texts, the cell's own format kept) and are neutralised in CSV; numbers stay numbers."""

import csv
import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from registry.spreadsheets import FormulaRefused, csv_cell, csv_lines, csv_text, workbook

HOSTILE = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)", "-1+1", "\t=1", "\r=1", "{=1+2}"]


def _parts(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml")}


@pytest.mark.parametrize("constant_memory", [False, True])
def test_texts_are_written_as_text_whatever_call_writes_them(constant_memory):
    buffer = io.BytesIO()
    book = workbook(buffer, in_memory=not constant_memory, constant_memory=constant_memory)
    sheet = book.add_worksheet("Danh sách")
    bold = book.add_format({"bold": True, "border": 1})
    for row, text in enumerate(HOSTILE):
        sheet.write(row, 0, text, bold)  # the generic call that turned "=..." into a formula
        sheet.write_string(row, 1, text)
        sheet.write_row(row, 2, [text, "http://x.example", "0123"])
    sheet.write(len(HOSTILE), 0, -150_000)
    sheet.write_string(f"B{len(HOSTILE) + 1}", "=1+2")  # A1 notation too
    book.close()
    parts = _parts(buffer.getvalue())
    sheet_xml = parts["xl/worksheets/sheet1.xml"]
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml and "<hyperlink" not in sheet_xml
    rows = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue())).get_sheet_by_index(0).to_python()
    assert [r[0] for r in rows[: len(HOSTILE)]] == HOSTILE
    assert rows[0][3:5] == ["http://x.example", "0123"]  # no link, no number made of a text
    assert rows[len(HOSTILE)][:2] == [-150_000, "=1+2"]  # a number stays a number
    styles = parts["xl/styles.xml"]
    assert 'quotePrefix="1"' in styles
    # The quoted twin of the bold, bordered format keeps its font and border.
    twin = [x for x in styles.split("<xf ") if 'quotePrefix="1"' in x and 'applyBorder="1"' in x]
    assert twin and 'fontId="1"' in twin[0]


def test_formulas_only_through_the_explicit_call():
    buffer = io.BytesIO()
    book = workbook(buffer, in_memory=True)
    sheet = book.add_worksheet()
    for call in (sheet.write_formula, sheet.write_array_formula, sheet.write_dynamic_array_formula):
        with pytest.raises(FormulaRefused):
            call(0, 0, "=1+2")
    sheet.product_formula(0, 0, "=SUM(B1:B2)")
    book.close()
    assert "<f>SUM(B1:B2)</f>" in _parts(buffer.getvalue())["xl/worksheets/sheet1.xml"]


@pytest.mark.parametrize("option", ["strings_to_formulas", "strings_to_urls", "strings_to_numbers"])
def test_the_conversions_cannot_be_switched_back_on(option):
    with pytest.raises(ValueError, match=option):
        workbook(io.BytesIO(), in_memory=True, **{option: True})


def test_csv_cells():
    assert [csv_cell(t) for t in HOSTILE] == ["'" + t for t in HOSTILE[:-1]] + ["{=1+2}"]
    assert csv_cell("-5") == "'-5"  # a text that looks like a negative number is still a text
    assert csv_cell(-150_000) == "-150000" and csv_cell(Decimal("-1.50")) == "-1.50"  # numbers stay numbers
    assert csv_cell(None) == "" and csv_cell(True) == "1" and csv_cell(date(2026, 3, 2)) == "02/03/2026"
    assert csv_cell("Nguyễn Văn An") == "Nguyễn Văn An" and csv_cell("'quoted") == "'quoted"


def test_csv_file_with_a_preamble():
    text = csv_text(["Họ tên", "Số tiền"], [[HOSTILE[0], -5], ["An, Bình", 7]], preamble=["# k = 5"])
    assert text.startswith("\ufeff# k = 5\r\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[1:] == [["Họ tên", "Số tiền"], ["'" + HOSTILE[0], "-5"], ["An, Bình", "7"]]
    for bad in ("k = 5", "# a, b", "# a\n=1"):
        with pytest.raises(ValueError):
            list(csv_lines(["a"], [], preamble=[bad]))
