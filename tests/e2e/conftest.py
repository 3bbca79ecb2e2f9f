"""Fixtures of the browser tests: Streamlit servers, one Chromium, recorded pages.

Debian's Chromium (/usr/bin/chromium) is driven by the Playwright package; Playwright's
own browser downloads are never used. Without Chromium the tests skip, except in CI
(the environment variable CI is set), where they fail; likewise the accessibility
tests without axe-core (node_modules/axe-core, installed by npm ci).
"""

from __future__ import annotations

import os
import re
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Frame,
    Page,
    Route,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect as pw_expect

from geo.config import PROJECT_ROOT
from tools import appserver

CHROMIUM, CHROMIUM_ARGS = appserver.CHROMIUM, appserver.CHROMIUM_ARGS
MAP = 'iframe[title="streamlit_folium.st_folium"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
APP_ENV = ("AFSPRAKENKAART_DATA", "AFSPRAKENKAART_OFFLINE", "AFSPRAKENKAART_CONFIG")
SERVER_START_S = 90
LOAD_MS = 30_000
# Silence (s) after which the map's first report and its rerun are over (see wait_quiet).
QUIET_S = 0.5
# Chromium reports these as warnings of Streamlit's iframes; they are not app errors.
BENIGN_CONSOLE = ("Unrecognized feature", "allow-scripts and allow-same-origin")

# A HOSTILE variant (tests/conftest.py) whose script, if it ever ran, leaves a trace.
XSS = "<img src=x onerror=window.__xss=1>"


def is_local(url: str) -> bool:
    """True for requests that stay on this machine (data: and blob: included)."""
    parsed = urlparse(url)
    if parsed.scheme in {"data", "blob", "about"}:
        return True
    return parsed.hostname in LOCAL_HOSTS


# A browser test that fails is run once more (pytest-rerunfailures), and the summary line
# counts it ("N rerun"). On a loaded machine a browser test can race the app's own reruns:
# the map's first report reruns the script (see AppPage.wait_quiet), and a step can land
# in that run or read the page before React has drawn it. Each race found is mended in
# the test; this catches the ones not yet found, which still fail when they fail twice.
# A test in the rerun list is a race to find, not a pass to forget.
BROWSER_RERUNS = 1
E2E_DIR = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.flaky(reruns=BROWSER_RERUNS, reruns_delay=1))


# --- servers ----------------------------------------------------------------------------


@contextmanager
def streamlit_server(name: str, env: dict[str, str]) -> Iterator[str]:
    """`streamlit run app.py` on a free port with `env` added to a clean environment."""
    environment = {k: v for k, v in os.environ.items() if k not in APP_ENV}
    environment.update(env)
    log_path = ARTIFACTS / f"server-{name}.log"
    try:
        with appserver.streamlit_server(
            PROJECT_ROOT / "app.py", environment, log_path, timeout=SERVER_START_S
        ) as (url, _):
            yield url
    except (RuntimeError, TimeoutError) as exc:
        pytest.fail(f"streamlit ({name}): {exc}\n{log_path.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def chromium() -> Path:
    """The browser binary; the e2e tests skip (fail in CI) without it."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (make chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"CI: {message}", pytrace=False)
        pytest.skip(f"end-to-end tests skipped: {message}")
    return CHROMIUM


# axe-core, installed from the npm registry by `make setup` (npm ci; package-lock.json):
# a test asset read from node_modules/, never served by the app.
AXE_JS = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The text of axe.min.js; the accessibility tests skip (fail in CI) without it."""
    if not AXE_JS.exists():
        message = (
            f"{AXE_JS.relative_to(PROJECT_ROOT)} is missing: install the npm packages "
            "(make setup, or npm ci --ignore-scripts)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI: {message}", pytrace=False)
        pytest.skip(f"accessibility tests skipped: {message}")
    return AXE_JS.read_text()


@pytest.fixture(scope="session")
def app_url(chromium: Path) -> Iterator[str]:
    """The app on the demo data, offline: not one request may leave the machine."""
    with streamlit_server("offline", {"AFSPRAKENKAART_OFFLINE": "1"}) as url:
        yield url


@pytest.fixture(scope="session")
def online_app_url(chromium: Path) -> Iterator[str]:
    """The app on the demo data with its background map configured (tiles from outside)."""
    with streamlit_server("online", {}) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_app_url(
    chromium: Path,
    tmp_path_factory: pytest.TempPathFactory,
    hostile_copy: Callable[[Path, str], Path],
) -> Iterator[str]:
    """The app on demo data whose names are all `XSS`."""
    data = hostile_copy(tmp_path_factory.mktemp("hostile") / "data", XSS)
    env = {"AFSPRAKENKAART_OFFLINE": "1", "AFSPRAKENKAART_DATA": str(data)}
    with streamlit_server("hostile", env) as url:
        yield url


@dataclass(frozen=True)
class WorkshopServer:
    """A server whose agreement store is a fresh SQLite file the test can also open."""

    url: str
    database_url: str


@pytest.fixture(scope="module")
def workshop_app(
    chromium: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WorkshopServer]:
    """The app on the demo data, offline, with its own store (never the repository's
    var/): one server per test module, so a module's tests must use distinct cases."""
    database = tmp_path_factory.mktemp("workshop") / "afsprakenkaart.db"
    database_url = f"sqlite:///{database}"
    env = {
        "AFSPRAKENKAART_OFFLINE": "1",
        "DATABASE_URL": database_url,
    }
    with streamlit_server("workshop", env) as url:
        yield WorkshopServer(url, database_url)


# --- browser and pages --------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A bare laptop-sized tab of its own (no recording: see `open_app` for that)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.set_default_timeout(LOAD_MS)
    tab = context.new_page()
    yield tab
    context.close()


TABLES_DRAWN = """() => Array.from(document.querySelectorAll('[data-testid="stDataFrame"]'))
  .filter((table) => table.getBoundingClientRect().top < window.innerHeight)
  .every((table) => table.querySelector('[data-testid^="glide-cell-"]'))"""
# True once Leaflet knows the size its container really has (see AppPage.settle_map).
MAP_FITS_CONTAINER = """() => {
  const map = window.map;
  if (!map || !map._loaded) { return false; }
  const size = map.getSize(), box = map.getContainer();
  return size.x === box.clientWidth && size.y === box.clientHeight;
}"""


@dataclass
class AppPage:
    """One browser tab on the app, with everything it asked for and complained about."""

    page: Page
    context: BrowserContext
    size: tuple[int, int]
    requests: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    resized_to_fit: bool = False
    # time.monotonic() of the last message the page sent to the app (a rerun, a widget).
    last_sent: float = 0.0

    @property
    def size_name(self) -> str:
        return f"{self.size[0]}x{self.size[1]}"

    def map_frame(self) -> Frame:
        handle = self.page.locator(MAP).element_handle(timeout=LOAD_MS)
        frame = handle.content_frame() if handle else None
        assert frame is not None, "the map iframe has no document"
        return frame

    def mark_sent(self) -> None:
        self.last_sent = time.monotonic()

    def wait_idle(self) -> None:
        self.page.wait_for_selector(IDLE, timeout=LOAD_MS)

    def wait_for_map(self) -> None:
        """Streamlit's script run is over and Leaflet has drawn the overlays."""
        self.wait_idle()
        pw_expect(self.page.frame_locator(MAP).locator(".afk-title")).to_be_visible(timeout=LOAD_MS)

    def wait_quiet(self, quiet_s: float = QUIET_S) -> None:
        """Idle, and the page has sent nothing to the app for `quiet_s` seconds.

        A freshly drawn map reports its first state a debounce (250 ms) after Leaflet's
        first moveend, and that report reruns the script: a click landing in that run
        can be lost upstream (a form's submit trigger is dropped when the run it
        started is stopped for the next). Waiting for this quiet removes the race.
        """
        deadline = time.monotonic() + LOAD_MS / 1000
        while time.monotonic() < deadline:
            self.wait_idle()
            since = time.monotonic() - self.last_sent
            if since >= quiet_s:
                self.wait_idle()
                return
            self.page.wait_for_timeout(int((quiet_s - since) * 1000) + 50)
        raise AssertionError(f"the page kept talking to the app for {LOAD_MS} ms")

    def map_eval(self, script: str, arg: object = None) -> object:
        """Evaluate `script` in the current map iframe once its Leaflet map exists
        (after a rerun that redraws the map, the iframe is a new document)."""
        self.wait_for_map()
        frame = self.map_frame()
        frame.wait_for_function("() => window.map && window.map._loaded", timeout=LOAD_MS)
        return frame.evaluate(script, arg)

    def map_wait_for(self, script: str, timeout: float = LOAD_MS) -> None:
        """Wait until `script` (a function) returns true in the map, once Leaflet is
        loaded there. A rerun may replace the map's document meanwhile (the frame waited
        on detaches), so each try takes the current one."""
        guarded = f"() => !!(window.map && window.map._loaded) && ({script})()"
        deadline = time.monotonic() + timeout / 1000
        while True:
            try:
                self.map_frame().wait_for_function(guarded, timeout=min(5_000, timeout))
                return
            except PlaywrightError:
                if time.monotonic() > deadline:
                    raise

    def settle_map(self) -> None:
        """Make sure Leaflet has measured its final container size.

        When map.css arrives after the map script has run (slow loads, or requests
        routed through Playwright), nothing tells Leaflet that its container grew, and
        the map stays at its first, wrong size and zoom (the strict xfail
        test_map_fits_the_municipality_when_its_stylesheet_arrives_late shows it).
        Then this resizes the window by a pixel and back, as a user would, so that the
        other tests test their own subject. `resized_to_fit` records that it did.
        """
        frame = self.map_frame()
        try:
            frame.wait_for_function(MAP_FITS_CONTAINER, timeout=5_000)
            return
        except PlaywrightTimeoutError:
            self.resized_to_fit = True
            warnings.warn(
                "the map did not take its container's size (map.css came late): resized "
                "the window once to refit (see the late-stylesheet xfail test)",
                stacklevel=2,
            )
        width, height = self.size
        self.page.set_viewport_size({"width": width, "height": height + 1})
        self.page.set_viewport_size({"width": width, "height": height})
        frame.wait_for_function(MAP_FITS_CONTAINER, timeout=LOAD_MS)
        frame.wait_for_function("!window.map._animatingZoom", timeout=LOAD_MS)

    def wait_map_fits(self, timeout: float = LOAD_MS) -> None:
        """Wait until Leaflet's idea of the map size matches its container."""
        self.map_frame().wait_for_function(MAP_FITS_CONTAINER, timeout=timeout)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}-{self.size_name}.png"
        self.wait_idle()
        # Tables draw on a canvas a moment after the run; picture them drawn.
        self.page.wait_for_function(TABLES_DRAWN, timeout=LOAD_MS)
        self.page.screenshot(path=str(path))
        return path

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if not is_local(url)]

    def assert_no_errors(self) -> None:
        assert not self.page.get_by_test_id("stException").count(), "Streamlit exception"
        assert not self.page_errors, self.page_errors
        assert not self.console_errors, self.console_errors
        assert not self.dialogs, self.dialogs


# Every URL that is not on this machine. A pattern (not a Python predicate) lets the
# Playwright driver match requests without a round trip to the test process.
OUTSIDE = re.compile(r"^(?!(?:https?|wss?)://(?:127\.0\.0\.1|localhost)[:/])[a-z]+://")


@pytest.fixture
def open_app(browser: Browser) -> Iterator[Callable[..., AppPage]]:
    """`open_app(url, size=(w, h), block_outside=False, prepare=None, settle=True)`:
    a new context and tab on `url` that records every request of the page and its
    frames, console errors, page errors and dialogs. `block_outside` aborts (and
    records) every request leaving the machine; `prepare(context)` runs before the
    page opens. Returns once the map is drawn (and, with `settle`, has its size)."""
    contexts: list[BrowserContext] = []

    def open_(
        url: str,
        size: tuple[int, int] = (1920, 1080),
        block_outside: bool = False,
        prepare: Callable[[BrowserContext], None] | None = None,
        settle: bool = True,
    ) -> AppPage:
        context = browser.new_context(viewport={"width": size[0], "height": size[1]})
        contexts.append(context)
        context.set_default_timeout(LOAD_MS)
        page = context.new_page()
        app = AppPage(page=page, context=context, size=size)
        context.on("request", lambda r: app.requests.append(r.url))
        page.on("websocket", lambda ws: app.requests.append(ws.url))
        page.on("websocket", lambda ws: ws.on("framesent", lambda _: app.mark_sent()))
        page.on("pageerror", lambda e: app.page_errors.append(str(e)))
        page.on("dialog", lambda d: (app.dialogs.append(d.message), d.dismiss()))

        def on_console(msg: ConsoleMessage) -> None:
            if msg.type == "error" and not any(b in msg.text for b in BENIGN_CONSOLE):
                app.console_errors.append(f"{msg.text} ({msg.location.get('url', '')})")

        page.on("console", on_console)
        if block_outside:

            def abort(route: Route) -> None:
                app.aborted.append(route.request.url)
                route.abort()

            context.route(OUTSIDE, abort)
        if prepare:
            prepare(context)
        page.goto(url, timeout=LOAD_MS)
        app.wait_for_map()
        if settle:
            app.settle_map()
        return app

    yield open_
    for context in contexts:
        context.close()
