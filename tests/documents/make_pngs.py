"""Not collected by the suite (name does not match test_*.py). Writes the PDFs behind docs/*.png
(pdftoppm is in the poppler-utils package):

DJANGO_ENV=test .venv/bin/python -m pytest tests/documents/make_pngs.py
for f in certificate profile decision payroll; do
  pdftoppm -png -r 80 -f 1 -l 1 /tmp/docs/$f.pdf docs/document-$f; done
"""

import os
from datetime import date

import pytest

from registry.documents import certificate, profile
from registry.documents.selectors import printable_certificate, visible_person
from tests.documents.test_policy_documents import catalogue, granted  # noqa: F401 (fixtures)

OUT = os.environ.get("DOCS_PDF_DIR", "/tmp/docs")


def _write(name: str, data: bytes) -> None:
    os.makedirs(OUT, exist_ok=True)
    with open(f"{OUT}/{name}.pdf", "wb") as out:
        out.write(data)


@pytest.mark.django_db
def test_write_pdfs(holder, officer_a, leader_a, commune_a, granted, settings):  # noqa: F811
    from policies.documents import DECISION_TEMPLATE, PAYROLL_TEMPLATE, decision_context, payroll_context
    from policies.services import payroll_approve, payroll_prepare
    from registry.documents.rendering import render_pdf

    settings.HOANHAP_PUBLIC_URL = "https://hoanhap.danang.gov.vn"
    _write("certificate", certificate.certificate_pdf(printable_certificate(holder)))
    _write("profile", profile.profile_pdf(viewer=officer_a, person=visible_person(viewer=officer_a, pk=holder.pk)))
    granted.signer = "Nguyễn Văn Hùng"
    _write("decision", render_pdf(DECISION_TEMPLATE, decision_context(granted)))
    leader_a.first_name, leader_a.last_name = "Nguyễn Văn", "Hùng"  # as registry.services.users stores it
    officer_a.first_name, officer_a.last_name = "Trần Thị", "Lan"
    payroll = payroll_approve(
        actor=leader_a, payroll=payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 8, 1))
    )
    payroll.approved_by, payroll.prepared_by = leader_a, officer_a
    _write("payroll", render_pdf(PAYROLL_TEMPLATE, payroll_context(payroll)))
