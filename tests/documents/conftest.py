"""Fixtures and PDF readers for the document tests."""

import io
import re
from datetime import date

import pytest

ISSUED_ON = date(2024, 2, 5)


def pdf_text(data: bytes) -> str:
    """All the text of a PDF, pages joined, white space runs collapsed to one space."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def pdf_page_count(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def pdf_fonts(data: bytes) -> dict[str, str | None]:
    """Base font name → family name read from the embedded font program (None: not embedded)."""
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    fonts: dict[str, str | None] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            descriptors = [font.get("/FontDescriptor")]
            for descendant in font.get("/DescendantFonts") or []:
                descriptors.append(descendant.get_object().get("/FontDescriptor"))
            family = None
            for descriptor in filter(None, descriptors):
                program = descriptor.get_object().get("/FontFile2")
                if program is not None:
                    with TTFont(io.BytesIO(program.get_object().get_data())) as tt:
                        family = tt["name"].getDebugName(1)
            fonts[str(font.get("/BaseFont"))] = family
    return fonts


def pdf_qr_texts(data: bytes) -> list[str]:
    """The texts of the QR codes drawn as images in the PDF, each once (pages of one rendering
    share their image resources)."""
    import zxingcpp
    from pypdf import PdfReader

    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for image in page.images:
            for barcode in zxingcpp.read_barcodes(image.image.convert("L")):
                if barcode.text not in found:
                    found.append(barcode.text)
    return found


@pytest.fixture
def certify(officer_a, commune_a):
    """certify(person, number=...) issues a certificate through the real service."""
    from registry.services import certificate_issue

    def issue(person, number: str = "125/GXN-UBND", issued_on: date = ISSUED_ON, actor=None, commune=None):
        return certificate_issue(
            actor=actor or officer_a,
            person=person,
            number=number,
            issued_on=issued_on,
            issuing_commune=commune or commune_a,
        )

    return issue


@pytest.fixture
def holder(officer_a, commune_a, certify):
    """A resident of commune A with a valid determination and a valid certificate."""
    from tests.factories import register_person

    person = register_person(
        actor=officer_a,
        commune=commune_a,
        full_name="Võ Thị Ánh Tuyết",
        sex="female",
        date_of_birth=date(1980, 5, 17),
        disability_types=("mobility", "hearing_speech"),
        level="especially_severe",
        determined_on=date(2024, 1, 10),
        village="Tổ 5",
    )
    certify(person)
    return person


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login
