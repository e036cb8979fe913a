"""The public verification page: status, initials and birth year — nothing else."""

import secrets
from datetime import date

import pytest
from django.urls import reverse

from registry.documents.urls_for import verification_url

pytestmark = pytest.mark.django_db


def _page(client, token):
    return client.get(reverse("certificate_verify", args=[token]))


def test_valid_certificate_reveals_only_status_initials_and_birth_year(client, holder):
    cert = holder.certificates.get()
    response = _page(client, cert.verification_token)
    assert response.status_code == 200
    html = response.content.decode()
    assert "V. T. Á. T." in html
    assert "1980" in html
    assert "còn hiệu lực" in html.lower()
    for secret in [
        holder.full_name,
        "Tuyết",
        holder.national_id,
        "17/05/1980",
        "Hải Châu",  # the commune
        "Tổ 5",
        cert.number,
        "Đặc biệt nặng",
        "Vận động",
    ]:
        assert secret not in html, secret
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


def test_random_token_is_not_found(client, holder):
    response = _page(client, secrets.token_urlsafe(32))
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("token", ["x", "a" * 200, "%20" * 15, "a.b" + "c" * 40])
def test_malformed_tokens_are_not_found(client, token):
    assert client.get(f"/verify/{token}/").status_code == 404


def test_reissued_and_revoked_certificates(client, holder, certify, officer_a):
    from registry.services import certificate_revoke

    old = holder.certificates.get()
    new = certify(holder, number="126/GXN-UBND", issued_on=date(2024, 3, 1))
    assert "đã được cấp lại" in _page(client, old.verification_token).content.decode().lower()
    certificate_revoke(actor=officer_a, certificate=new, revoked_on=date(2024, 6, 1))
    assert "đã bị thu hồi" in _page(client, new.verification_token).content.decode().lower()


def test_verification_url_for_the_api(holder, rf, settings):
    cert = holder.certificates.get()
    assert verification_url(cert, rf.get("/")) == f"http://testserver/verify/{cert.verification_token}/"
    settings.HOANHAP_PUBLIC_URL = "https://hoanhap.danang.gov.vn/"
    assert verification_url(cert) == f"https://hoanhap.danang.gov.vn/verify/{cert.verification_token}/"


def test_api_certificates_carry_the_verification_url(client_for, officer_a, holder):
    cert = holder.certificates.get()
    response = client_for(officer_a).get(f"/api/v1/persons/{holder.pk}/certificates/")
    assert response.status_code == 200
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    assert rows[0]["verification_url"].endswith(f"/verify/{cert.verification_token}/")
