"""DHIS2 data value sets: the JSON file, and sending it to a configured DHIS2.

    {"dataSet": "…", "completeDate": "2026-04-02", ["idScheme": "CODE",]
     "dataValues": [{"dataElement": "…", "period": "2026Q1", "orgUnit": "…",
                     ["categoryOptionCombo": "…", "attributeOptionCombo": "…",] "value": "12"}],
     "skipped": [{"reason": "not_signed_off", "message": "…", "count": 1, "period": "2026Q2"}]}

`categoryOptionCombo` / `attributeOptionCombo` are left out when the mapping leaves them empty
(DHIS2 takes its default). With a data set mapped by codes the set says `"idScheme": "CODE"`, which
DHIS2 reads from the payload. `skipped` is ours (DHIS2 ignores a key it does not know); it is not
sent by the push, whose log keeps it.

`post_data_value_set` uses the standard library only (no new dependency), refuses redirects (the
credentials would follow them) and plain HTTP to anything but this machine.
"""

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .codes import IdScheme
from .values import ExportSet

CONTENT_TYPE = "application/json"
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
MAX_CONFLICTS = 200
MAX_ANSWER_CHARS = 20_000


def data_value_set(export: ExportSet, *, with_skipped: bool = True) -> dict:
    body: dict = {}
    data_set = export.data_set
    if data_set is not None:
        body["dataSet"] = data_set.data_set
        if data_set.id_scheme == IdScheme.CODE:
            body["idScheme"] = "CODE"
    if export.complete_date is not None:
        body["completeDate"] = export.complete_date.isoformat()
    values = []
    for v in export.values:
        item = {"dataElement": v.data_element, "period": v.period.id, "orgUnit": v.org_unit}
        if v.category_option_combo:
            item["categoryOptionCombo"] = v.category_option_combo
        if data_set is not None and data_set.attribute_option_combo:
            item["attributeOptionCombo"] = data_set.attribute_option_combo
        item["value"] = v.value
        values.append(item)
    body["dataValues"] = values
    if with_skipped:
        body["skipped"] = export.skipped_dicts()
    return body


# Sending -----------------------------------------------------------------------------------------
class Dhis2Error(Exception):
    """The data value set did not reach DHIS2 or was refused. `retry`: worth trying again later."""

    def __init__(self, message: str, *, retry: bool, http_status: int | None = None, text: str = ""):
        super().__init__(message)
        self.retry = retry
        self.http_status = http_status
        self.text = text


@dataclass
class Dhis2Answer:
    http_status: int
    status: str  # DHIS2's: SUCCESS, WARNING, ERROR (OK from some versions)
    import_count: dict = field(default_factory=dict)
    conflicts: list = field(default_factory=list)
    text: str = ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises the 3xx as an HTTPError


def endpoint(base_url: str) -> str:
    return base_url.rstrip("/") + "/api/dataValueSets"


def check_url(base_url: str) -> None:
    parts = urlsplit(base_url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Dhis2Error("DHIS2_URL is not an http(s) address.", retry=False)
    if parts.username or parts.password:
        raise Dhis2Error("DHIS2_URL must not hold credentials: use DHIS2_TOKEN or DHIS2_USERNAME/DHIS2_PASSWORD.",
                         retry=False)  # fmt: skip
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        raise Dhis2Error("DHIS2_URL must use https: credentials are never sent in clear.", retry=False)


def _authorization(username: str, password: str, token: str) -> str | None:
    if token:
        return f"ApiToken {token}"
    if username:
        return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
    return None


def parse_answer(http_status: int, text: str) -> Dhis2Answer:
    """DHIS2's import summary, bare (before 2.36) or inside a web message (`response`)."""
    try:
        body = json.loads(text) if text else {}
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    summary = body.get("response") if isinstance(body.get("response"), dict) else body
    status = str(summary.get("status") or body.get("status") or "")
    count = summary.get("importCount") if isinstance(summary.get("importCount"), dict) else {}
    conflicts = summary.get("conflicts") if isinstance(summary.get("conflicts"), list) else []
    return Dhis2Answer(http_status, status.upper(), count, conflicts[:MAX_CONFLICTS], text[:MAX_ANSWER_CHARS])


def post_data_value_set(
    payload: dict, *, base_url: str, username: str = "", password: str = "", token: str = "", timeout: float = 30
) -> Dhis2Answer:
    """POST the set to `{base_url}/api/dataValueSets`. An import summary (2xx, or 409 with
    conflicts) is an answer; 5xx, 429 and network failures are worth a retry; the rest is refused."""
    check_url(base_url)
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(endpoint(base_url), data=data, method="POST")  # noqa: S310 (check_url: http(s) only)
    request.add_header("Content-Type", CONTENT_TYPE)
    request.add_header("Accept", "application/json")
    auth = _authorization(username, password, token)
    if auth:
        request.add_header("Authorization", auth)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:  # noqa: S310 (check_url: http(s) only)
            return parse_answer(response.status, response.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as exc:
        text = exc.read().decode("utf-8", "replace") if exc.fp is not None else ""
        if exc.code == 409:
            answer = parse_answer(exc.code, text)
            if answer.import_count or answer.conflicts:
                return answer
        retry = exc.code >= 500 or exc.code == 429
        raise Dhis2Error(f"HTTP {exc.code}", retry=retry, http_status=exc.code, text=text[:MAX_ANSWER_CHARS]) from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        reason = getattr(exc, "reason", exc)
        raise Dhis2Error(f"DHIS2 could not be reached: {reason}", retry=True) from None
