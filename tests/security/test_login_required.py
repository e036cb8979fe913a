"""Walk every URL pattern: each one requires login unless it is on the short public list."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# name (or route prefix) → why it is public
PUBLIC = {
    "login": "the login page",
    "documents:verify": "certificate verification by QR code (reveals status, initials, birth year only)",
    "verify": "certificate verification by QR code",
    "set_language": "language switch",
    "admin:login": "Django admin login",
    "admin:logout": "Django admin logout (ends a session; shows nothing)",
    "logout": "ends the session; shows nothing",
    "api-token": "API token: it checks credentials itself",
    "auth-token": "API token: it checks credentials itself",
}
PUBLIC_ROUTE_PREFIXES = ("verify/", "static/")


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            yield prefix + str(entry.pattern), name


def _sample_path(route: str) -> str:
    path = route.lstrip("^").rstrip("$")
    path = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", path)  # regex groups first (admin, DRF routers)
    path = re.sub(r"<int:[^>]+>", "1", path)
    path = re.sub(r"<(?:str|slug):[^>]+>", "abc", path)
    path = re.sub(r"<path:[^>]+>", "abc", path)
    path = re.sub(r"<[^>]+>", "1", path)
    path = path.replace("\\.", ".").replace("^", "").replace("$", "").replace("\\", "")
    path = re.sub(r"\[[^\]]*\][+*]?", "x", path)
    path = re.sub(r"\(\?:[^)]*\)\??", "", path)
    return "/" + path.replace("//", "/")


ROUTES = sorted(set(_walk(get_resolver())))


def _is_public(route: str, name: str) -> bool:
    return name in PUBLIC or name.split(":")[-1] in PUBLIC or route.startswith(PUBLIC_ROUTE_PREFIXES)


@pytest.mark.parametrize("route, name", [r for r in ROUTES if not _is_public(*r)], ids=lambda v: str(v))
def test_every_page_and_endpoint_requires_login(client, db, route, name):
    path = _sample_path(route)
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        assert response.status_code in (301, 302, 401, 403, 404, 405), (method, path, response.status_code)
        if response.status_code in (301, 302):
            assert "login" in response["Location"], (method, path, response["Location"])
        if response.status_code == 404:
            # a 404 is acceptable only when the path itself does not resolve with sample values;
            # it must never carry data
            assert b"full_name" not in response.content


def test_public_list_is_short_and_known():
    public = [r for r in ROUTES if _is_public(*r)]
    assert len(public) <= 10, public
