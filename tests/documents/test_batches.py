"""Certificate batches: one PDF per commune, progress, download, scope."""

from datetime import date

import pytest
from django.urls import reverse

from registry.documents import batches
from registry.documents.models import BatchStatus, DocumentBatch
from registry.models import AccessLog, Determination
from tests.documents.conftest import pdf_page_count, pdf_qr_texts, pdf_text
from tests.factories import register_person

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường"]


@pytest.fixture
def three_holders(officer_a, commune_a, certify):
    persons = []
    for i, name in enumerate(NAMES):
        person = register_person(
            actor=officer_a, commune=commune_a, full_name=name, determined_on=date(2024, 1, 10), sex="male"
        )
        certify(person, number=f"{i + 1}/GXN")
        persons.append(person)
    return persons


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_batch_renders_every_valid_certificate_in_chunks(
    three_holders, officer_a, commune_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        batch = batches.batch_start(actor=officer_a, commune=commune_a, base_url="https://hoanhap.example.vn")
    assert batch.status == BatchStatus.PENDING
    assert batch.total == 3
    assert len(callbacks) == 1  # queued after commit
    batch = batches.batch_run(batch.pk, chunk=2)  # two renderings merged
    assert batch.status == BatchStatus.DONE
    assert (batch.done, batch.pages, batch.skipped) == (3, 3, 0)
    data = batch.file.read()
    assert pdf_page_count(data) == 3
    text = pdf_text(data)
    for name in NAMES:
        assert name.upper() in text
    tokens = sorted(p.certificates.get().verification_token for p in three_holders)
    urls = sorted(pdf_qr_texts(data))
    assert urls == sorted(f"https://hoanhap.example.vn/verify/{t}/" for t in tokens)


def test_batch_leaves_out_certificates_without_a_valid_determination(three_holders, officer_a, commune_a):
    Determination.objects.filter(person=three_holders[0]).update(is_valid=False)
    batch = batches.batch_start(actor=officer_a, commune=commune_a)
    batch = batches.batch_run(batch.pk)
    assert (batch.total, batch.done, batch.skipped) == (3, 2, 1)


def test_empty_commune_finishes_without_a_file(client_for, officer_a, commune_a):
    batch = batches.batch_run(batches.batch_start(actor=officer_a, commune=commune_a).pk)
    assert batch.status == BatchStatus.EMPTY
    assert not batch.file
    page = client_for(officer_a).get(reverse("documents:batch_detail", args=[batch.pk])).content.decode()
    assert "không có giấy xác nhận khuyết tật còn hiệu lực" in page.lower()
    assert client_for(officer_a).get(reverse("documents:batch_download", args=[batch.pk])).status_code == 404


def test_a_failure_is_recorded(three_holders, officer_a, commune_a, monkeypatch):
    from registry.documents import rendering

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(rendering, "render_pdf", broken)
    batch = batches.batch_run(batches.batch_start(actor=officer_a, commune=commune_a).pk)
    assert batch.status == BatchStatus.FAILED
    assert "disk full" in batch.error


def test_batch_outside_the_scope_is_refused(officer_b, commune_a):
    from registry.errors import FieldError

    with pytest.raises(FieldError):
        batches.batch_start(actor=officer_b, commune=commune_a)


def test_batch_pages_from_start_to_download(
    client_for, officer_a, commune_a, three_holders, django_capture_on_commit_callbacks
):
    client = client_for(officer_a)
    assert client.get(reverse("documents:batch_list")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the task runs eagerly
        response = client.post(
            reverse("documents:batch_list"), {"kind": "certificates", "certificates-commune": commune_a.code}
        )
    batch = DocumentBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:batch_detail", args=[batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert reverse("documents:batch_download", args=[batch.pk]) in page
    download = client.get(reverse("documents:batch_download", args=[batch.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert f"giay-xac-nhan-khuyet-tat-{commune_a.code}-" in download["Content-Disposition"]
    assert pdf_page_count(b"".join(download.streaming_content)) == 3
    assert AccessLog.objects.filter(user=officer_a, action="document", row_count=3).exists()


@pytest.mark.parametrize("role", ["officer_b", "statistician", "association_a"])
def test_batch_pages_outside_the_scope_are_404(client_for, request, officer_a, commune_a, three_holders, role):
    batch = batches.batch_run(batches.batch_start(actor=officer_a, commune=commune_a).pk)
    client = client_for(request.getfixturevalue(role))
    for name in ("documents:batch_detail", "documents:batch_download"):
        assert client.get(reverse(name, args=[batch.pk])).status_code == 404
    if role != "officer_b":
        assert client.get(reverse("documents:batch_list")).status_code == 404


def test_officer_b_cannot_post_a_commune_of_a(client_for, officer_b, commune_a):
    response = client_for(officer_b).post(
        reverse("documents:batch_list"), {"kind": "certificates", "certificates-commune": commune_a.code}
    )
    assert response.status_code == 200  # the form refuses: not one of the choices
    assert not DocumentBatch.objects.exists()


def test_anonymous_is_sent_to_login(client):
    assert client.get(reverse("documents:batch_list")).status_code == 302
