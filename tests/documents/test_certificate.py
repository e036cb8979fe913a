"""The certificate (form 06): content, QR code, font, refusals."""

from datetime import date

import pytest

from registry.documents import certificate
from registry.documents.errors import DocumentUnavailable
from registry.documents.selectors import printable_certificate
from registry.models import Determination
from tests.documents.conftest import pdf_fonts, pdf_page_count, pdf_qr_texts, pdf_text

pytestmark = pytest.mark.django_db


def test_certificate_shows_the_card_in_vietnamese(holder, rf):
    request = rf.get("/")
    data = certificate.certificate_pdf(printable_certificate(holder), request=request)
    assert data.startswith(b"%PDF")
    assert pdf_page_count(data) == 1  # both faces on one A4 sheet
    text = pdf_text(data)
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "GIẤY XÁC NHẬN",
        "Số: 125/GXN-UBND",
        "VÕ THỊ ÁNH TUYẾT",  # the name, upper case on the card (text-transform)
        "Ngày, tháng, năm sinh: 17/05/1980",
        "Giới tính: Nữ",
        "Nơi cư trú: Tổ 5, Phường Hải Châu, Thành phố Đà Nẵng",
        "Dạng khuyết tật: Vận động, Nghe, nói",
        "Mức độ khuyết tật: Đặc biệt nặng",
        "Hải Châu, ngày 05 tháng 02 năm 2024",
        "CHỦ TỊCH UBND PHƯỜNG HẢI CHÂU",
        "cấp ngày 05/02/2024",
    ]:
        assert expected in text, expected


def test_the_font_is_the_embedded_times_metric_serif(holder):
    fonts = pdf_fonts(certificate.certificate_pdf(printable_certificate(holder)))
    assert fonts, "no font in the PDF"
    assert set(fonts.values()) == {"Liberation Serif"}, fonts  # every font embedded, all Liberation Serif


def test_qr_code_decodes_to_the_absolute_verification_url(holder, rf):
    cert = holder.certificates.get()
    request = rf.get("/")
    data = certificate.certificate_pdf(printable_certificate(holder), request=request)
    assert pdf_qr_texts(data) == [f"http://testserver/verify/{cert.verification_token}/"]


def test_year_only_birth_date_prints_the_year(officer_a, commune_a, certify):
    from tests.factories import register_person

    person = register_person(
        actor=officer_a,
        commune=commune_a,
        full_name="Lê Văn Tư",
        date_of_birth=date(1956, 1, 1),
        birth_date_approximate=True,
        determined_on=date(2024, 1, 10),
    )
    certify(person, number="7/GXN")
    text = pdf_text(certificate.certificate_pdf(printable_certificate(person)))
    assert "Ngày, tháng, năm sinh: 1956" in text
    assert "01/01/1956" not in text


def test_the_card_shows_the_determination_it_rests_on(holder, officer_a):
    from registry.services import determination_record

    # A later determination changes the person's level; the printed card keeps its own.
    determination_record(
        actor=officer_a, person=holder, determined_on=date(2024, 3, 1), disability_types=["vision"], level="mild"
    )
    text = pdf_text(certificate.certificate_pdf(printable_certificate(holder)))
    assert "Mức độ khuyết tật: Đặc biệt nặng" in text
    assert "Dạng khuyết tật: Vận động, Nghe, nói" in text


def test_refused_without_a_certificate(person_a):
    with pytest.raises(DocumentUnavailable, match="no valid disability certificate|giấy xác nhận"):
        printable_certificate(person_a)


def test_refused_without_a_valid_determination(holder):
    Determination.objects.filter(person=holder).update(is_valid=False)
    with pytest.raises(DocumentUnavailable):
        printable_certificate(holder)


def test_refused_after_revocation(holder, officer_a):
    from registry.services import certificate_revoke

    certificate_revoke(actor=officer_a, certificate=holder.certificates.get(), revoked_on=date(2024, 6, 1))
    with pytest.raises(DocumentUnavailable):
        printable_certificate(holder)


def test_filename_is_ascii_with_the_number(holder):
    name = certificate.certificate_filename(printable_certificate(holder))
    assert name == "giay-xac-nhan-khuyet-tat-125-gxn-ubnd.pdf"
    assert name.isascii()


def test_both_faces_carry_the_title_and_the_number(holder):
    text = pdf_text(certificate.certificate_pdf(printable_certificate(holder)))
    assert text.count("Số: 125/GXN-UBND") == 2  # outer face and inner face (form 06)
    assert "GIẤY XÁC NHẬN KHUYẾT TẬT" in text  # the inner face's title on one line
