"""The rendering service: the font, the administrative format, local-only resources."""

from datetime import date

import pytest

from registry.documents import fonts, rendering
from registry.documents.errors import FontMissing
from registry.documents.formatting import initials, long_date, pdf_filename, place_and_date, slug
from tests.documents.conftest import pdf_fonts, pdf_page_count, pdf_text

VIETNAMESE = "Nguyễn Thị Ánh Tuyết, Hồ Đắc Ửng, Phường Hải Châu, Thành phố Đà Nẵng: 1.250.000 đ"


def _admin_doc(**extra) -> bytes:
    context = {
        "issuer_lines": ["ỦY BAN NHÂN DÂN", "PHƯỜNG HẢI CHÂU"],
        "number": "12/QĐ-UBND",
        "place_date": "Hải Châu, ngày 05 tháng 02 năm 2024",
        "doc_title": "Quyết định",
        "doc_subtitle": "Về việc thử nghiệm",
        "rows": [["1", VIETNAMESE, "", "", "1.250.000 đ", ""]],
        "recipients": ["Như Điều 3", "Lưu: VT"],
        "signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Trần Văn Bảy",
        **extra,
    }
    return rendering.render_pdf("documents/pdf/bench_table.html", context)


def test_extracted_text_equals_the_vietnamese_source():
    data = _admin_doc()
    text = pdf_text(data)
    assert VIETNAMESE in text
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/QĐ-UBND",
        "Hải Châu, ngày 05 tháng 02 năm 2024",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "Trần Văn Bảy",
    ]:
        assert expected in text, expected


def test_every_font_is_embedded_liberation_serif():
    assert set(pdf_fonts(_admin_doc()).values()) == {"Liberation Serif"}


def test_a4_page_and_page_numbers_from_page_two():
    import io

    from pypdf import PdfReader

    data = _admin_doc(rows=[[str(i), "Nguyễn Văn An", "", "", "750.000 đ", ""] for i in range(80)])
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    box = reader.pages[0].mediabox
    # bench_table is landscape A4: 297 × 210 mm
    assert round(float(box.width) / 72 * 25.4) == 297 and round(float(box.height) / 72 * 25.4) == 210
    assert "Họ và tên" in (reader.pages[1].extract_text() or "")  # the table header repeats


def test_network_resources_are_refused():
    fetcher = rendering._url_fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("http://example.com/x.png")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")


def test_missing_font_fails_clearly(settings, monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "SEARCH_DIRS", [str(tmp_path)])
    monkeypatch.setattr(fonts, "_find_dir", lambda: None)
    fonts.document_fonts.cache_clear()
    try:
        with pytest.raises(FontMissing, match="fonts-liberation2"):
            rendering.render_pdf("documents/pdf/bench_table.html", {"rows": []})
    finally:
        fonts.document_fonts.cache_clear()


def test_a_font_without_vietnamese_is_refused(settings, monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "_missing_letters", lambda path: "ẠạẢả")
    fonts.document_fonts.cache_clear()
    try:
        with pytest.raises(FontMissing, match="Vietnamese"):
            fonts.document_fonts()
    finally:
        fonts.document_fonts.cache_clear()


def test_pdf_of_one_page():
    assert pdf_page_count(_admin_doc()) == 1


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 2, 5), "ngày 05 tháng 02 năm 2024"),
        (date(2024, 1, 15), "ngày 15 tháng 01 năm 2024"),
        (date(2024, 11, 3), "ngày 03 tháng 11 năm 2024"),
        (date(2024, 3, 30), "ngày 30 tháng 3 năm 2024"),
    ],
)
def test_long_date_follows_decree_30(day, expected):
    assert long_date(day) == expected


def test_names_places_and_filenames():
    from registry.models import AdminUnit

    assert initials("Nguyễn Văn An") == "N. V. A."
    assert initials("  Đặng   thị  ơn ") == "Đ. T. Ơ."
    unit = AdminUnit(name="Phường Hải Châu", division_type="phường")
    assert place_and_date(unit, date(2024, 2, 5)) == "Hải Châu, ngày 05 tháng 02 năm 2024"
    assert slug("GXN 12/2024 Đà Nẵng") == "gxn-12-2024-da-nang"
    assert pdf_filename("Hồ sơ người khuyết tật", 42) == "ho-so-nguoi-khuyet-tat-42.pdf"
