"""Real headless Chromium (Debian's `chromium`) driven by Playwright, plus axe-core checks.

`.ci/run` installs Chromium when it is missing and sets HOANHAP_REQUIRE_BROWSER=1 so a missing
browser fails there; elsewhere these tests are skipped with the reason when Chromium is absent.
"""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]  # fmt: skip


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        if os.environ.get("HOANHAP_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (apt-get install chromium) but was not found.")
        pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    yield page
    context.close()


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    checker = Axe()

    def check(page, name: str):
        results = checker.run(page)
        serious = [
            v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
        ]
        details = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in serious
        )
        assert not serious, f"axe found serious/critical violations on {name}:\n{details}"
        return results

    return check


@pytest.fixture
def login(page):
    def do(username: str, password: str = "Secret-pass-123"):
        page.goto(page.base + "/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Đăng nhập").click()

    return do


def screenshot(page, name: str) -> None:
    """Save docs/screenshots/<name>.png for the README when HOANHAP_SCREENSHOTS=1 (kept out of
    ordinary runs so tests leave the work tree as they found it)."""
    if not os.environ.get("HOANHAP_SCREENSHOTS"):
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
