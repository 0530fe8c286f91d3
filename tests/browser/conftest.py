"""Browser fixtures: the app served over real HTTP, driven by Debian's chromium through Playwright.

- ``live_server`` (module scope): an app on a temporary SQLite file with the demo county seeded (demo
  password, so a test can sign in through the login page) and the shipped processes deployed, served by
  werkzeug in a daemon thread; yields the base URL. A test module adds test-only routes by overriding the
  ``configure_live_app`` fixture (routes must exist before the first request).
- ``browser`` (session scope): chromium from ``/usr/bin/chromium`` (never a downloaded browser). When it is
  missing the tests FAIL with a message (CI installs it with apt-get), they are not skipped.
- ``page``: a fresh context per test (zh-CN, 1366×900, base URL of the live server). Any console error,
  uncaught page error or CSP violation fails the test at teardown; a test expecting one (a 404 it
  provokes) removes it from ``console_errors``.
- ``shot(page, name)``: a full-page PNG in ``tests/browser/screenshots/<name>.png``.

Every test under tests/browser/ is marked ``browser`` (``pytest -m "not browser"`` leaves them out).
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path
from wsgiref.types import WSGIApplication

import pytest
from werkzeug.serving import make_server

from engine.clock import FixedClock
from engine.db import Base
from engine.db import make_engine
from engine.db import unit_of_work
from engine.persistence import forget_specs
from engine.seed import DEMO_PASSWORD
from engine.seed import deploy_shipped_processes
from engine.seed import seed_demo
from tests.webui.pages import demo_password_hash
from webui import create_app
from webui import extensions
from webui.config import REPO_ROOT
from webui.extensions import db

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
START = "2026-11-02T09:00:00+08:00"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
VENDOR_STAMP = REPO_ROOT / "webui" / "static" / "vendor" / ".copied"
BROWSER_DIR = Path(__file__).resolve().parent

# Reported by the page itself: Chromium logs CSP violations as console errors too, but this says which
# directive refused what. Added by Playwright before any page script, so the page's CSP does not apply.
_CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', function (e) {
  console.error('CSP violation: ' + e.violatedDirective + ' refused ' + (e.blockedURI || 'inline')
    + ' at ' + e.sourceFile + ':' + e.lineNumber);
});
"""


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def configure_live_app() -> Callable:
    """Override in a test module to register test-only routes on the live app before it serves."""
    return lambda app: None


def _seed(app) -> None:
    """The demo county (demo password) and the shipped processes, as tests/webui's ``page_app`` does."""
    with app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            seed_demo(session, clock, password_hash=demo_password_hash())
            deploy_shipped_processes(session, clock)


@pytest.fixture(scope="module")
def live_app(tmp_path_factory, configure_live_app):
    """The app on a fresh SQLite file with the demo county and the shipped processes."""
    if not VENDOR_STAMP.is_file():
        pytest.fail("webui/static/vendor/ is not built: run `make vendor` (npm ci + copy of the dist files)")
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'live.sqlite3'}"
    sql_engine = make_engine(url)
    Base.metadata.create_all(sql_engine)
    sql_engine.dispose()
    forget_specs()
    app = create_app({
        "ENV": "testing",
        "TESTING": True,
        "DATABASE_URL": url,
        "CLOCK": "manual",
        "MANUAL_CLOCK_START": START,
        "SESSION_COOKIE_SECURE": False,
    })
    _seed(app)
    configure_live_app(app)
    yield app
    with app.app_context():
        db.engine.dispose()
    forget_specs()


def _closed_before_sending(app: WSGIApplication) -> WSGIApplication:
    """Buffer each response and close its iterable before werkzeug's test server writes a byte.

    werkzeug's development server closes the response iterable only after draining the socket; when
    chromium resets the connection (it drops a favicon or font request as the page navigates on), the
    drain raises first and the open static file is left to the garbage collector. The resulting
    ResourceWarning then fails whichever test is running (the suite turns warnings into errors) — CI
    failed once on exactly that. The app under test sends no streaming responses, so buffering costs
    nothing here; production servers (gunicorn) close iterables themselves.
    """
    def closing_app(environ: dict, start_response: Callable) -> list[bytes]:
        iterable = app(environ, start_response)
        try:
            return [b"".join(iterable)]
        finally:
            close = getattr(iterable, "close", None)
            if close is not None:
                close()
    return closing_app


@pytest.fixture(scope="module")
def live_server(live_app) -> Iterator[str]:
    """Serve ``live_app`` on 127.0.0.1 (a free port) in a daemon thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, _closed_before_sending(live_app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def playwright_driver():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is not installed: .venv/bin/pip install -e '.[test]' (PyPI wheel, no browser)")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver):
    """Debian's chromium, headless. Never `playwright install`: the browser comes from apt-get."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
                    "(apt-get install -y chromium fonts-noto-cjk; .ci/run does it)")
    chromium = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture()
def console_errors() -> list[str]:
    """What the page reported as errors during the test; a test may remove the ones it provoked."""
    return []


@pytest.fixture()
def page(browser, live_server, console_errors):
    """A new page in a new context (zh-CN, 1366×900) on the live server; fails on console/page/CSP errors."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900},
                                  base_url=live_server)
    context.add_init_script(_CSP_LISTENER)
    new_page = context.new_page()

    def on_console(message) -> None:
        if message.type == "error":
            where = message.location or {}
            if str(where.get("url", "")).endswith("/favicon.ico"):
                return  # chromium asks for /favicon.ico by itself; the app serves none (not the page's doing)
            console_errors.append(f"console: {message.text} ({where.get('url', '')}:{where.get('lineNumber', '')})")

    new_page.on("console", on_console)
    new_page.on("pageerror", lambda error: console_errors.append(f"pageerror: {error}"))
    yield new_page
    context.close()
    assert not console_errors, "the page reported errors:\n" + "\n".join(console_errors)


def save_screenshot(page, name: str) -> Path:
    """Write a full-page PNG of ``page`` to tests/browser/screenshots/<name>.png and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture()
def shot() -> Callable:
    """``shot(page, name)``: save a full-page screenshot (see ``save_screenshot``)."""
    return save_screenshot


@pytest.fixture()
def sign_in(browser, live_server, console_errors):
    """``sign_in(username, viewport=None)``: a fresh browser context signed in as a demo user, its console errors
    collected (the test fails on any); dialogs are accepted; every context is closed afterwards."""
    contexts = []

    def open_as(username: str, viewport: dict | None = None):
        context = browser.new_context(locale="zh-CN", viewport=viewport or {"width": 1440, "height": 960},
                                      base_url=live_server)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and console_errors.append(f"{username}: {m.text}"))
        page.on("pageerror", lambda e: console_errors.append(f"{username}: {e}"))
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto("/login")
        page.fill("#username", username)
        page.fill("#password", DEMO_PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)  # each role lands on its own home (issue 15 §8)
        contexts.append(context)
        return page

    yield open_as
    for context in contexts:
        context.close()
    assert not console_errors, "the pages reported errors:\n" + "\n".join(console_errors)
