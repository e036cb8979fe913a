"""P-1, the shape the person and the case list share: the API's list against a values() +
JsonResponse view of the same query and columns, and (for the reader) of fewer columns, the three
taking turns query by query."""

from collections.abc import Callable

from django.test import RequestFactory
from rest_framework.test import force_authenticate

from benchmarks.harness import Context, Result, ms, p50, p95, timed_side_by_side


def api_get(view, user, path: str, params: dict):
    """The product path: a DRF view answering GET `path` for `user`, rendered; a 200 or it fails."""
    request = RequestFactory().get(path, params)
    force_authenticate(request, user=user)
    response = view(request)
    if hasattr(response, "render"):
        response.render()
    assert response.status_code == 200, response.content[:300]
    return response


def plain_request(user, path: str, params: dict):
    """A request for a baseline view (no DRF): the user set as a session would set it."""
    request = RequestFactory().get(path, params)
    request.user = user
    return request


def list_result(
    ctx: Context,
    *,
    id: str,
    path: str,
    queries: list[dict],
    product: Callable[[dict], object],
    baseline: Callable[[dict], object],
    narrow: Callable[[dict], object],
    narrow_columns: int,
    narrow_key: str,
) -> Result:
    """Time `product`, `baseline` (the same query and columns) and `narrow` (`narrow_columns` of
    the row's columns) on every query after a warm-up; the row judges p50 and p95 against the
    baseline, the narrow figures go to the output and to `extra[narrow_key]`."""
    for params in queries[:5]:
        product(params)
        baseline(params)
        narrow(params)
    runs = timed_side_by_side({"product": product, "baseline": baseline, "narrow": narrow}, queries)
    ours, reference, fewer = runs["product"], runs["baseline"], runs["narrow"]
    r50, r95 = p50(ours) / p50(reference), p95(ours) / p95(reference)
    n50, n95 = p50(ours) / p50(fewer), p95(ours) / p95(fewer)
    against = f"against values() of {narrow_columns} of the row's columns"
    ctx.say(f"  {id} {against}: {n50:.2f} / {n95:.2f} (for the reader)")
    return Result(
        id=id,
        path=path,
        baseline="values() + JsonResponse, same query and columns",
        ratio=r50,
        target="p50 ≤ 1.5, p95 ≤ 2.0; p95 ≤ 50 ms",
        ok=r50 <= 1.5 and r95 <= 2.0 and p95(ours) <= 0.050,
        product=f"p50 {ms(p50(ours))}, p95 {ms(p95(ours))}",
        reference=f"p50 {ms(p50(reference))}, p95 {ms(p95(reference))}",
        extra={
            "ratio_p50": r50,
            "ratio_p95": r95,
            "ratio_text": f"{r50:.2f} / {r95:.2f}",
            narrow_key: f"{n50:.2f} / {n95:.2f} {against} (p50 {ms(p50(fewer))}, p95 {ms(p95(fewer))})",
        },
    )
