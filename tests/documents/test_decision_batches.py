"""Decisions of a commune for a month: one PDF, one decision per page-set, progress, scope."""

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from registry.documents import batches
from registry.documents.models import BatchStatus, DocumentBatch
from registry.errors import FieldError, NotPermitted
from registry.models import AccessLog
from tests.documents.conftest import pdf_text
from tests.policies.conftest import grant, recipient_maker

pytestmark = pytest.mark.django_db

MARCH = "2025-03"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def march_decisions(officer_a, leader_a, commune_a, make_user, officer_b, commune_b):
    """Three decisions of commune A signed in March 2025, one in April, one of commune B in March."""
    make = recipient_maker(officer_a, commune_a)
    thuy = make(full_name="Phạm Thị Lệ Thủy", sex="female", dob=date(1950, 4, 2), level="especially_severe",
                certified_on=date(2024, 9, 5), village="Tổ 12")  # fmt: skip
    duc = make(
        full_name="Đặng Văn Đức", dob=date(1985, 1, 20), level="especially_severe", certified_on=date(2024, 9, 5)
    )
    ngoc = make(full_name="Huỳnh Bảo Ngọc", sex="female", dob=date(1990, 6, 1), level="severe",
                certified_on=date(2024, 9, 5))  # fmt: skip
    april = make(full_name="Lê Văn Tư", dob=date(1970, 2, 2), level="severe", certified_on=date(2024, 9, 5))
    decisions = [
        grant(leader_a, thuy, effective_month=MARCH, decided_on=date(2025, 3, 3), number="31/QĐ-UBND"),
        grant(leader_a, duc, effective_month=MARCH, decided_on=date(2025, 3, 14), number="32/QĐ-UBND"),
        grant(leader_a, ngoc, effective_month="2025-02", decided_on=date(2025, 3, 31), number="33/QĐ-UBND"),
    ]
    grant(leader_a, april, effective_month=MARCH, decided_on=date(2025, 4, 1), number="40/QĐ-UBND")
    leader_b = make_user("commune_leader", commune_b, username="leader_b")
    other = recipient_maker(officer_b, commune_b)(full_name="Trương Văn Bảy", certified_on=date(2024, 9, 5))
    grant(leader_b, other, effective_month=MARCH, decided_on=date(2025, 3, 5), number="7/QĐ-UBND")
    return decisions


def _start(actor, commune, month=MARCH):
    return batches.batch_start(actor=actor, kind="decisions", params={"commune": commune.code, "month": month})


def test_every_decision_signed_in_the_month_in_one_pdf(officer_a, commune_a, march_decisions, monkeypatch):
    from registry.documents import rendering

    batch = _start(officer_a, commune_a)
    assert (batch.kind, batch.total, batch.commune, batch.params) == (
        "decisions", 3, commune_a, {"commune": commune_a.code, "month": MARCH}
    )  # fmt: skip
    assert batch.title == "Quyết định của Phường Hải Châu ký trong tháng 03/2025"

    seen_progress = []
    render = rendering.render_pdf

    def recording(template, context, **kwargs):
        seen_progress.append(DocumentBatch.objects.get(pk=batch.pk).done)
        return render(template, context, **kwargs)

    monkeypatch.setattr(rendering, "render_pdf", recording)
    batch = batches.batch_run(batch.pk)
    assert batch.status == BatchStatus.DONE
    assert seen_progress == [0, 1, 2]  # one rendering per decision, progress saved after each
    assert (batch.done, batch.total) == (3, 3)
    data = batch.file.read()
    reader = PdfReader(io.BytesIO(data))
    assert batch.pages == len(reader.pages) >= 3
    # One page-set per decision, in register order: each starts with the national heading and its number.
    starts = [
        page.extract_text() for page in reader.pages if "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page.extract_text()
    ]
    assert len(starts) == 3
    for text, number in zip(starts, ["31/QĐ-UBND", "32/QĐ-UBND", "33/QĐ-UBND"], strict=True):
        assert f"Số: {number}" in text
    text = pdf_text(data)
    for expected in [
        "Phạm Thị Lệ Thủy", "Đặng Văn Đức", "Huỳnh Bảo Ngọc",
        "sinh ngày 02/04/1950", "sinh ngày 20/01/1985",
        "Mức hưởng: 1.250.000 đ/tháng",  # 2.5 × 500.000 đ (elderly)
        "Mức hưởng: 1.000.000 đ/tháng",  # 2.0 × 500.000 đ
        "kể từ tháng 02/2025",  # signed in March, effective from February
        "Hải Châu, ngày 03 tháng 3 năm 2025",
    ]:  # fmt: skip
        assert expected in text, expected
    for absent in ["Lê Văn Tư", "Trương Văn Bảy", "40/QĐ-UBND"]:
        assert absent not in text
    assert batches.batch_filename(batch) == f"quyet-dinh-{commune_a.code}-2025-03.pdf"


def test_a_month_without_decisions_says_so_and_makes_no_pdf(client_for, officer_a, commune_a, march_decisions):
    batch = batches.batch_run(_start(officer_a, commune_a, "2025-05").pk)
    assert batch.status == BatchStatus.EMPTY
    assert not batch.file
    client = client_for(officer_a)
    page = client.get(reverse("documents:batch_detail", args=[batch.pk])).content.decode()
    assert "Phường Hải Châu không ký quyết định nào trong tháng 05/2025" in page
    assert reverse("documents:batch_download", args=[batch.pk]) not in page
    assert client.get(reverse("documents:batch_download", args=[batch.pk])).status_code == 404


@pytest.mark.parametrize(
    "params, field",
    [
        ({"commune": "20242", "month": "2025-13"}, "month"),
        ({"commune": "20242", "month": ""}, "month"),
        ({"commune": "20242", "month": "2999-01"}, "month"),
        ({"commune": "20341", "month": MARCH}, "commune"),  # commune B: outside officer A's scope
        ({"month": MARCH}, "commune"),
    ],
)
def test_bad_parameters_name_the_field(officer_a, params, field):
    with pytest.raises(FieldError) as caught:
        batches.batch_start(actor=officer_a, kind="decisions", params=params)
    assert caught.value.field == field
    assert not DocumentBatch.objects.exists()


def test_the_association_may_not_print_decisions_in_bulk(association_a, commune_a):
    with pytest.raises(NotPermitted):
        _start(association_a, commune_a)


@pytest.mark.parametrize("role", ["leader_a", "provincial", "admin_user"])
def test_leader_provincial_officer_and_admin_may_request(request, role, commune_a, march_decisions):
    batch = _start(request.getfixturevalue(role), commune_a)
    assert batch.total == 3


def test_page_flow_and_scope(client_for, officer_a, officer_b, commune_a, march_decisions,
                             django_capture_on_commit_callbacks):  # fmt: skip
    client = client_for(officer_a)
    listing = client.get(reverse("documents:batch_list")).content.decode()
    assert 'type="month"' in listing and 'name="decisions-month"' in listing
    with django_capture_on_commit_callbacks(execute=True):  # the task runs eagerly
        response = client.post(
            reverse("documents:batch_list"),
            {"kind": "decisions", "decisions-commune": commune_a.code, "decisions-month": MARCH},
        )
    batch = DocumentBatch.objects.get()
    assert response["Location"] == reverse("documents:batch_detail", args=[batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page and 'role="status"' in page and "3 / 3" not in page
    assert "3 trên 3" in page
    assert 'http-equiv="refresh"' not in page  # finished: no more refreshing
    download = client.get(reverse("documents:batch_download", args=[batch.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "quyet-dinh-20242-2025-03.pdf" in download["Content-Disposition"]
    assert AccessLog.objects.filter(user=officer_a, action="document", detail__startswith="decision batch").exists()
    assert batch.title in client.get(reverse("documents:batch_list")).content.decode()

    other = client_for(officer_b)
    assert other.get(reverse("documents:batch_detail", args=[batch.pk])).status_code == 404
    assert other.get(reverse("documents:batch_download", args=[batch.pk])).status_code == 404
    assert batch.title not in other.get(reverse("documents:batch_list")).content.decode()


def test_a_running_batch_page_refreshes_itself(client_for, officer_a, commune_a, march_decisions):
    batch = _start(officer_a, commune_a)
    page = client_for(officer_a).get(reverse("documents:batch_detail", args=[batch.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="5">' in page
    assert "0 trên 3" in page


def test_bad_month_on_the_page_is_shown_on_the_field(client_for, officer_a, commune_a):
    response = client_for(officer_a).post(
        reverse("documents:batch_list"),
        {"kind": "decisions", "decisions-commune": commune_a.code, "decisions-month": "2025-13"},
    )
    assert response.status_code == 200
    assert response.context["panels"][1]["form"].errors["month"]
    assert not DocumentBatch.objects.exists()


def test_decision_list_links_to_the_batch(client_for, officer_a, association_a, commune_a):
    link = reverse("documents:batch_list") + "?kind=decisions"
    page = client_for(officer_a).get(reverse("policies:decisions") + f"?commune={commune_a.code}&month=2025-03")
    assert link in page.content.decode()
    prefilled = client_for(officer_a).get(f"{link}&commune={commune_a.code}&month=2025-03").content.decode()
    assert 'value="2025-03"' in prefilled
    assert link not in client_for(association_a).get(reverse("policies:decisions")).content.decode()
