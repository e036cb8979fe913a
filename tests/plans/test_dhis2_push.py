"""Sending signed-off figures to DHIS2: a small DHIS2 stand-in on a free localhost port checks
the payload and answers like DHIS2 (success, conflicts, a 500 then success); the job retries,
the log keeps what was sent and answered. Never a network call."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.urls import reverse

from cases.plans.interop import dhis2
from cases.plans.interop.values import export_set
from cases.plans.models import Dhis2Push, PushStatus
from cases.plans.services import dhis2_push_request
from registry.errors import NotPermitted, TransitionNotAllowed
from registry.models import AccessLog

from . import interop_fixtures as fx
from .interop_fixtures import DATA_SET, DE_REHAB, OU_A

add_indicator = fx.add_indicator
association_agency = fx.association_agency
commune_a_agency = fx.commune_a_agency
commune_b_agency = fx.commune_b_agency
health_department = fx.health_department
issued_plan = fx.issued_plan
mapping = fx.mapping
plan = fx.plan
quarter_data = fx.quarter_data
signed_q1 = fx.signed_q1

pytestmark = pytest.mark.django_db

SUMMARY = {"responseType": "ImportSummary", "status": "SUCCESS", "importCount": {"imported": 6, "updated": 0,
           "ignored": 0, "deleted": 0}, "conflicts": []}  # fmt: skip
CONFLICT = {
    "httpStatus": "Conflict", "httpStatusCode": 409, "status": "WARNING",
    "message": "One more conflicts encountered, please check import summary.",
    "response": {"responseType": "ImportSummary", "status": "WARNING",
                 "importCount": {"imported": 5, "updated": 0, "ignored": 1, "deleted": 0},
                 "conflicts": [{"object": "ouTamKy0001", "value": "Org unit not in hierarchy of current user",
                                "errorCode": "E7617"}]},
}  # fmt: skip


class FakeDhis2(ThreadingHTTPServer):
    """Answers POST /api/dataValueSets with the next of `answers` ((status, body) pairs); records
    every request (path, headers, parsed JSON)."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answers: list[tuple[int, object]] = []
        self.received: list[dict] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/dhis"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.received.append({"path": self.path, "headers": dict(self.headers), "json": json.loads(body)})
        status, answer = self.server.answers.pop(0) if self.server.answers else (500, {"status": "ERROR"})
        data = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
        self.send_response(status)
        if status in (301, 302, 307):
            self.send_header("Location", "http://127.0.0.1:9/elsewhere")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_dhis2(settings):
    server = FakeDhis2()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.DHIS2_URL = server.url
    settings.DHIS2_TOKEN = "d2pat_test_token"
    settings.DHIS2_PUSH_MAX_RETRIES = 2
    settings.DHIS2_RETRY_BASE_SECONDS = 1
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _push(actor, plan, capture):
    with capture(execute=True):
        push = dhis2_push_request(actor=actor, plan=plan)
    push.refresh_from_db()
    return push


def test_the_data_value_set_reaches_dhis2(signed_q1, mapping, provincial, fake_dhis2,
                                          django_capture_on_commit_callbacks):  # fmt: skip
    fake_dhis2.answers = [(200, SUMMARY)]
    push = _push(provincial, mapping, django_capture_on_commit_callbacks)
    [request] = fake_dhis2.received
    assert request["path"] == "/dhis/api/dataValueSets"
    assert request["headers"]["Authorization"] == "ApiToken d2pat_test_token"
    assert request["headers"]["Content-Type"] == "application/json"
    sent = request["json"]
    assert sent["dataSet"] == DATA_SET and "skipped" not in sent
    assert sent["dataValues"] == dhis2.data_value_set(export_set(mapping), with_skipped=False)["dataValues"]
    assert {"dataElement": DE_REHAB, "period": "2026Q1", "orgUnit": OU_A, "value": "5"} in sent["dataValues"]
    assert (push.status, push.attempts, push.http_status, push.value_count) == (PushStatus.SUCCESS, 1, 200, 6)
    assert push.import_count["imported"] == 6 and push.payload == sent and push.finished_at
    assert any(s["reason"] == "not_signed_off" for s in push.skipped)
    assert AccessLog.objects.filter(user=provincial, action="export", detail__contains="DHIS2 push").exists()


def test_conflicts_are_kept(signed_q1, mapping, provincial, fake_dhis2, django_capture_on_commit_callbacks):
    fake_dhis2.answers = [(409, CONFLICT)]
    push = _push(provincial, mapping, django_capture_on_commit_callbacks)
    assert (push.status, push.attempts, push.http_status) == (PushStatus.WARNING, 1, 409)
    assert push.import_count == {"imported": 5, "updated": 0, "ignored": 1, "deleted": 0}
    assert push.conflicts[0]["errorCode"] == "E7617"


def test_a_server_error_is_retried(signed_q1, mapping, provincial, fake_dhis2, django_capture_on_commit_callbacks):
    fake_dhis2.answers = [(500, b"<html>Internal error</html>"), (200, {"status": "OK", "response": SUMMARY})]
    push = _push(provincial, mapping, django_capture_on_commit_callbacks)
    assert len(fake_dhis2.received) == 2 and fake_dhis2.received[0]["json"] == fake_dhis2.received[1]["json"]
    assert (push.status, push.attempts, push.http_status, push.error) == (PushStatus.SUCCESS, 2, 200, "")


def test_retries_stop_at_the_limit(signed_q1, mapping, provincial, fake_dhis2, django_capture_on_commit_callbacks):
    fake_dhis2.answers = [(503, b"busy")] * 5
    push = _push(provincial, mapping, django_capture_on_commit_callbacks)
    assert len(fake_dhis2.received) == 3  # the first try and DHIS2_PUSH_MAX_RETRIES = 2 retries
    assert (push.status, push.attempts, push.http_status) == (PushStatus.ERROR, 3, 503)


def test_a_refusal_is_not_retried_and_redirects_are_not_followed(signed_q1, mapping, provincial, fake_dhis2,
                                                                 django_capture_on_commit_callbacks):  # fmt: skip
    fake_dhis2.answers = [(401, {"httpStatusCode": 401, "status": "ERROR"})]
    push = _push(provincial, mapping, django_capture_on_commit_callbacks)
    assert (push.status, push.attempts) == (PushStatus.FAILED, 1)
    fake_dhis2.answers = [(302, b"")]
    push = _push(provincial, mapping, django_capture_on_commit_callbacks)
    assert (push.status, push.http_status) == (PushStatus.FAILED, 302) and len(fake_dhis2.received) == 2


def test_retry_waits_grow():
    from cases.plans.services.dhis2 import retry_delay

    assert [retry_delay(n) for n in range(4)] == [60, 120, 240, 480] and retry_delay(30) == 24 * 60 * 60


def test_credentials_never_go_in_clear():
    for url in ("http://dhis2.example.vn", "ftp://dhis2.example.vn", "file:///etc/passwd", "",
                "https://admin:district@dhis2.example.vn"):
        with pytest.raises(dhis2.Dhis2Error) as caught:
            dhis2.post_data_value_set({"dataValues": []}, base_url=url, username="u", password="p")
        assert not caught.value.retry
    assert dhis2._authorization("u", "p", "") == "Basic " + base64.b64encode(b"u:p").decode()


def test_who_may_send(signed_q1, mapping, statistician, officer_a, provincial, settings, fake_dhis2):
    for user in (statistician, officer_a):
        with pytest.raises(NotPermitted):
            dhis2_push_request(actor=user, plan=mapping)
    for url in ("", "http://dhis2.example.vn", "https://admin:district@dhis2.example.vn"):
        settings.DHIS2_URL = url
        with pytest.raises(TransitionNotAllowed):
            dhis2_push_request(actor=provincial, plan=mapping)
    assert not Dhis2Push.objects.exists() and fake_dhis2.received == []


def test_nothing_to_send_is_refused(quarter_data, mapping, provincial, fake_dhis2):
    with pytest.raises(TransitionNotAllowed):
        dhis2_push_request(actor=provincial, plan=mapping)


def test_the_button_and_the_command(signed_q1, mapping, provincial, statistician, client, fake_dhis2,
                                    django_capture_on_commit_callbacks):  # fmt: skip
    fake_dhis2.answers = [(200, SUMMARY), (200, SUMMARY)]
    client.force_login(statistician)
    assert client.post(reverse("plans:dhis2_push", args=[mapping.pk])).status_code == 403
    client.force_login(provincial)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:dhis2_push", args=[mapping.pk]))
    assert response.status_code == 302
    page = client.get(reverse("plans:national_exports", args=[mapping.pk])).content.decode()
    assert "imported: 6" in page
    with django_capture_on_commit_callbacks(execute=True):
        call_command("push_dhis2", plan=mapping.pk, actor=provincial.username)
    assert list(Dhis2Push.objects.values_list("status", flat=True)) == [PushStatus.SUCCESS] * 2
    assert len(fake_dhis2.received) == 2


def test_the_worker_retries_later_with_a_growing_wait(signed_q1, mapping, provincial, fake_dhis2, monkeypatch):
    """Outside eager mode the job hands the retry to Celery with the backoff as countdown."""
    from celery.exceptions import Retry

    from cases.plans.tasks import push_to_dhis2

    push = Dhis2Push.objects.create(plan=mapping, requested_by=provincial, requested_at=signed_q1.decided_at,
                                    url=fake_dhis2.url, payload={"dataValues": []})  # fmt: skip
    fake_dhis2.answers = [(502, b"bad gateway")]
    asked = []

    def retry(countdown):
        asked.append(countdown)
        return Retry("later", when=countdown)

    monkeypatch.setattr(push_to_dhis2, "retry", retry)
    push_to_dhis2.push_request(retries=1, is_eager=False)
    try:
        with pytest.raises(Retry):
            push_to_dhis2.run(push.pk)
    finally:
        push_to_dhis2.pop_request()
    push.refresh_from_db()
    assert asked == [2] and (push.status, push.attempts) == (PushStatus.RETRYING, 1)
