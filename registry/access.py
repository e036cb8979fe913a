"""Writing the access log: every view or export of identifiable data."""

from .models import AccessLog


def _client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def log_access(*, user, action: str, request=None, person=None, detail: str = "", row_count: int | None = None) -> None:
    AccessLog.objects.create(
        user=user,
        action=action,
        person=person,
        path=(request.get_full_path()[:500] if request is not None else ""),
        detail=detail[:500],
        row_count=row_count,
        ip=_client_ip(request),
    )
