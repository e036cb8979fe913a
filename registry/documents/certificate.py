"""The disability certificate (Giấy xác nhận khuyết tật, form 06 of Circular 01/2019/TT-BLĐTBXH).

A card of 66 × 98 mm on light blue: the outer face (national heading, title, number, QR code
of the public check) and the inner face (holder, residence, types, level, place and date, the
commune chairman's title) side by side on one A4 sheet, to cut out and fold.
"""

from django.utils import translation

from registry.models.persons import DisabilityType

from .formatting import commune_heading, initials, pdf_filename, place_and_date, residence_line
from .qr import qr_data_uri
from .rendering import PDF_LANGUAGE, chunked, render_pdf, write_in_chunks
from .selectors import PrintableCertificate
from .urls_for import verification_url

TEMPLATE = "documents/pdf/certificate.html"
FILENAME_STEM = "giay-xac-nhan-khuyet-tat"
BATCH_CHUNK = 25  # certificates (= pages) per WeasyPrint rendering in a batch


def birth_text(person) -> str:
    """dd/mm/yyyy, or the year alone when only the year is known."""
    if person.birth_date_approximate:
        return str(person.date_of_birth.year)
    return person.date_of_birth.strftime("%d/%m/%Y")


def card(printable: PrintableCertificate, *, request=None, base_url: str | None = None) -> dict:
    """What one card shows, in Vietnamese."""
    certificate, determination, person = printable.certificate, printable.determination, printable.person
    url = verification_url(certificate, request, base_url=base_url)
    with translation.override(PDF_LANGUAGE):
        commune = certificate.issuing_commune
        return {
            "number": certificate.number,
            "full_name": person.full_name,
            "birth": birth_text(person),
            "sex": str(person.get_sex_display()),
            "residence": residence_line(person.village, person.commune),
            "types": [str(DisabilityType(code).label) for code in determination.disability_types],
            "level": str(determination.get_level_display()),
            "issuer_lines": commune_heading(commune),
            "place_date": place_and_date(commune, certificate.issued_on),
            "issued_on": certificate.issued_on.strftime("%d/%m/%Y"),
            "chairman_title": f"CHỦ TỊCH UBND {commune.name.upper()}",
            "verification_url": url,
            "qr": qr_data_uri(url),
            "initials": initials(person.full_name),
        }


def certificate_pdf(printable: PrintableCertificate, *, request=None) -> bytes:
    return render_pdf(TEMPLATE, {"cards": [card(printable, request=request)]})


def certificate_filename(printable: PrintableCertificate) -> str:
    return pdf_filename(FILENAME_STEM, printable.certificate.number or printable.person.pk)


def write_certificates(
    printables, target, *, base_url: str | None = None, on_chunk=None, chunk: int = BATCH_CHUNK
) -> int:
    """Every certificate into one PDF (one A4 sheet each), rendered `chunk` at a time."""
    chunks = (
        (TEMPLATE, {"cards": [card(p, base_url=base_url) for p in group]}) for group in chunked(printables, chunk)
    )
    return write_in_chunks(chunks, target, on_chunk=on_chunk)
