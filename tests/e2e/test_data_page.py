"""The data page in a real browser: a facilitator checks a boundary file, replaces,
and switches the app to the new data directory; a viewer only reads.

The second half fetches from PDOK as a facilitator would (boundaries, then BAG
addresses into the new directory), with PDOK played by local stand-ins: a failing
PDOK, a corporation export with a mapping file, discarding a check, and an apply
refused because the directory changed after the check. Screenshot of a successful
PDOK check: test-artifacts/data-page-pdok.png (1366x900)."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Locator, expect

from geo.access import hash_code
from geo.config import PROJECT_ROOT
from geo.dataset import load_dataset
from geo.i18n import t
from geo.importers import addresses, boundaries
from geo.importers.boundaries import PDOK_CRS
from tests.e2e.conftest import (
    ARTIFACTS,
    IDLE,
    MAP,
    OUTSIDE,
    TABLES_DRAWN,
    streamlit_server,
)
from tests.e2e.test_workshop_browser import choose, sign_in
from tests.fixtures.bag.helpers import BagStub, load_collections, serve
from tests.import_tools import snapshot
from tests.unit.test_import_boundaries import PdokStub, load_pages
from tools.appserver import free_port
from ui.data import ACTIVE

pytestmark = pytest.mark.e2e
REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference-data" / "GM1731"
TIMEOUT = 30_000


@pytest.fixture(scope="module")
def data_app(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app with its own var/ (imports land there) and its own store."""
    var = tmp_path_factory.mktemp("var")
    env = {
        "AFSPRAKENKAART_OFFLINE": "1",
        "AFSPRAKENKAART_VAR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'afsprakenkaart.db'}",
    }
    with streamlit_server("data-page", env) as url:
        yield url, var


def _boundaries() -> Path:
    path = REFERENCE / "buurten.geojson"
    if not path.exists():
        if os.environ.get("REQUIRE_REFERENCE_DATA"):
            pytest.fail(f"reference data missing: {path}")
        pytest.skip(f"reference data not here: {path}")
    return path


def test_a_viewer_sees_the_sources_but_cannot_import(data_app: Any, open_app: Any) -> None:
    url, _ = data_app
    app = open_app(f"{url}/", block_outside=True)
    app.page.get_by_role("link", name=t("data.link")).click()
    main = app.page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name=t("data.title"))).to_be_visible(timeout=TIMEOUT)
    expect(main.get_by_text("data/demo")).to_be_visible()  # the table itself is a canvas
    expect(main.get_by_text(t("data.facilitator_only"))).to_be_visible()
    expect(main.get_by_text(t("data.import"))).to_have_count(0)
    assert not app.aborted


def test_the_facilitator_checks_replaces_and_switches(data_app: Any, open_app: Any) -> None:
    source = _boundaries()
    url, var = data_app
    app = open_app(f"{url}/", block_outside=True)
    sign_in(app, "Gespreksleider", "demo-facilitator", "Fien")
    app.page.get_by_role("link", name=t("data.link")).click()
    main = app.page.get_by_test_id("stMain")
    expect(main.get_by_text(t("data.import"))).to_be_visible(timeout=TIMEOUT)
    main.get_by_label(t("data.gemeente")).fill("GM1731")
    main.get_by_label(t("data.gemeente")).press("Enter")
    app.wait_idle()

    # A file of another kind first: the problem is shown and nothing is made.
    bad = var.parent / "not-a-map.geojson"
    bad.write_text("this is not GeoJSON", encoding="utf-8")
    main.locator("input[type=file]").set_input_files(str(bad))
    expect(main.get_by_text(t("data.problems", count=1))).to_be_visible(timeout=TIMEOUT)
    assert not (var / "data" / "GM1731").exists()

    main.locator("input[type=file]").set_input_files(str(source))
    summary = t("data.done.boundaries", buurten=48, wijken=17, name="Midden-Drenthe")
    checked = main.get_by_text(t("data.checked", summary=summary))
    expect(checked).to_be_visible(timeout=TIMEOUT)
    assert not (var / "data" / "GM1731").exists()  # checked, not yet replaced
    main.get_by_role("button", name=t("data.apply", target=str(var / "data" / "GM1731"))).click()
    expect(main.get_by_text(t("data.applied"))).to_be_visible(timeout=TIMEOUT)
    imported = load_dataset(var / "data" / "GM1731")
    assert len(imported.buurten) == 48 and not imported.manifest.demo

    # Switch everyone to it: the page now describes the imported directory.
    app.wait_idle()
    main.get_by_role("combobox", name=t("data.active")).click()
    app.page.get_by_role("option", name="GM1731").click()
    main.get_by_role("button", name=t("data.switch")).click()
    expect(main.get_by_text(str(var / "data" / "GM1731"))).to_be_visible(timeout=TIMEOUT)
    expect(main.get_by_text(t("demo.mark"))).to_have_count(0)
    assert (var / "active-data-dir").read_text(encoding="utf-8").strip() == str(
        (var / "data" / "GM1731").resolve()
    )
    app.screenshot("data-page-imported")
    assert not app.aborted


# == Fetching from PDOK, corporation exports, discarding and stale checks =================
#
# A second app whose [sources] point at stand-ins served from this test process: the
# recorded CBS pages of tests/fixtures/pdok (PdokStub of the boundary importer's tests)
# and the BAG stand-in of tests/fixtures/bag. It has a facilitator code of its own, so
# signing in works on imported (non-demo) data too. Every test starts from the demo as
# active directory and an empty var/data (fixture `sourced`), and makes what it needs
# with the Python API, so the tests do not depend on each other's order.

CODE = "e2e-facilitator"
GM = "GM1731"
BUURTEN, WIJKEN = 48, 17
BAG_HOMES = 11  # homes of tests/fixtures/bag in GM1731's buurten (see its README)
REPO_BUURTEN = PROJECT_ROOT / "data" / "reference" / GM / "buurten.geojson"
PROBLEM = {"Content-Type": "application/problem+json"}


@dataclass
class Pdok(PdokStub):
    """PdokStub that can also be told to answer every request with an error."""

    status: int = 0

    def respond(self, path_qs: str) -> tuple[int, dict[str, str], str]:
        if self.status:
            self.requests.append(path_qs)
            body = {"status": self.status, "title": "Internal Server Error", "detail": "stand-in"}
            return self.status, PROBLEM, json.dumps(body)
        return super().respond(path_qs)


@contextmanager
def serving(stub: Pdok) -> Iterator[Pdok]:
    """`stub` on a free local port (as the `pdok` fixture of the unit tests does)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, headers, body = stub.respond(self.path)
            data = body.encode("utf-8")
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        block_on_close = False

    server = Server(("127.0.0.1", 0), Handler)
    stub.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Sourced:
    """The app, its var/ and configuration, and the stand-ins it fetches from."""

    url: str
    var: Path
    config: Path
    pdok: Pdok
    bag: BagStub

    @property
    def target(self) -> Path:
        """Where the data page puts GM1731's boundaries."""
        return self.var / "data" / GM

    def config_text(self, boundaries_api: str | None = None) -> str:
        return (
            f"offline = true\n\n[access]\nfacilitator = {json.dumps(FACILITATOR_HASH)}\n\n"
            f"[sources]\nboundaries_api = {json.dumps(boundaries_api or self.pdok.api)}\n"
            f"bag_api = {json.dumps(self.bag.api)}\n"
        )


FACILITATOR_HASH = hash_code(CODE, salt=b"e2e-data-page")


@pytest.fixture(scope="module")
def sourced_app(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sourced]:
    base = tmp_path_factory.mktemp("sourced")
    var, config = base / "var", base / "afsprakenkaart.toml"
    with serving(Pdok(load_pages())) as pdok, serve(BagStub(load_collections())) as bag:
        app = Sourced("", var, config, pdok, bag)
        config.write_text(app.config_text(), encoding="utf-8")
        env = {
            "AFSPRAKENKAART_CONFIG": str(config),
            "AFSPRAKENKAART_VAR": str(var),
            "DATABASE_URL": f"sqlite:///{base / 'afsprakenkaart.db'}",
        }
        with streamlit_server("data-page-sources", env) as url:
            app.url = url
            yield app


@pytest.fixture
def sourced(sourced_app: Sourced) -> Sourced:
    """The app as it started: demo data active, nothing imported, stand-ins answering."""
    app = sourced_app
    (app.var / ACTIVE).unlink(missing_ok=True)
    shutil.rmtree(app.var / "data", ignore_errors=True)
    app.config.write_text(app.config_text(), encoding="utf-8")
    app.pdok.status = 0
    app.pdok.requests.clear()
    app.bag.requests.clear()
    return app


def boundaries_into(app: Sourced, directory: Path) -> None:
    """GM1731's boundaries from the PDOK stand-in, with the Python API (not the page)."""
    boundaries.import_boundaries(directory, GM, year=2022, api=app.pdok.api)


def activate(app: Sourced, directory: Path) -> None:
    """Make `directory` the app's data directory, as the data page's switch does."""
    app.var.mkdir(parents=True, exist_ok=True)
    (app.var / ACTIVE).write_text(f"{directory.resolve()}\n", encoding="utf-8")


def hidden_beside(directory: Path) -> list[str]:
    """Trial copies (and staging directories) beside `directory`: names starting with '.'."""
    if not directory.parent.exists():
        return []
    return sorted(p.name for p in directory.parent.iterdir() if p.name.startswith("."))


def signed_in(open_app: Any, app: Sourced, size: tuple[int, int] = (1920, 1080)) -> Any:
    """A facilitator's tab on the map (the sign-in box is there)."""
    # The map is only passed through: no need to wait for Leaflet to settle its size.
    page = open_app(f"{app.url}/", size=size, block_outside=True, settle=False)
    sign_in(page, "Gespreksleider", CODE, "Fien")
    return page


def to_data_page(page: Any) -> Any:
    page.page.get_by_role("link", name=t("data.link")).click()
    expect(main_of(page).get_by_text(t("data.import"))).to_be_visible(timeout=TIMEOUT)
    page.wait_idle()
    return page


def data_page(open_app: Any, app: Sourced, size: tuple[int, int] = (1920, 1080)) -> Any:
    """A facilitator's tab on the data page (signed in on the map first, as one does)."""
    return to_data_page(signed_in(open_app, app, size))


def main_of(page: Any) -> Locator:
    return page.page.get_by_test_id("stMain")


def choose_kind(page: Any, kind: str) -> None:
    combobox = main_of(page).get_by_role("combobox", name=t("data.kind"))
    choose(page, combobox, t(f"data.kind.{kind}"))


def give_code(page: Any, code: str = GM) -> None:
    field_ = main_of(page).get_by_label(t("data.gemeente"))
    field_.fill(code)
    field_.press("Enter")
    page.wait_idle()


def pick_source(page: Any, source: str) -> None:
    main_of(page).get_by_test_id("stRadio").get_by_text(t(f"data.source.{source}")).click()
    page.wait_idle()


def fetch_boundaries(page: Any, year: int = 2022) -> None:
    """Gemeente code, "from PDOK", the year, and the fetch button."""
    give_code(page)
    pick_source(page, "pdok")
    year_field = main_of(page).get_by_label(t("data.year"))
    year_field.fill(str(year))
    year_field.press("Enter")
    page.wait_idle()
    main_of(page).get_by_role("button", name=t("data.fetch")).click()


def upload(page: Any, *files: Path) -> None:
    """`files[i]` into the page's i-th file input (the file, then the mapping). The last
    input is filled first, so that the file is checked once, with its mapping."""
    for number, file in reversed(list(enumerate(files))):
        main_of(page).locator("input[type=file]").nth(number).set_input_files(str(file))
        # Uploaded and its rerun over before the next: a file set while the run of the
        # one before was going was lost once in CI (the uploader showed no file).
        uploader = main_of(page).get_by_test_id("stFileUploader").nth(number)
        expect(uploader).to_contain_text(file.name, timeout=TIMEOUT)
        page.wait_quiet()


def screenshot(page: Any, name: str) -> Path:
    """The viewport, with the pending import's buttons in view, as test-artifacts/NAME.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.wait_idle()
    main_of(page).get_by_role("button", name=t("data.discard")).scroll_into_view_if_needed()
    page.page.wait_for_function(TABLES_DRAWN, timeout=TIMEOUT)
    page.page.screenshot(path=str(path))
    return path


def wait_until(page: Any, done: Callable[[], bool], timeout_s: float = TIMEOUT / 1000) -> None:
    deadline = time.monotonic() + timeout_s
    while not done():
        assert time.monotonic() < deadline, "timed out"
        page.page.wait_for_timeout(100)
    page.wait_idle()


def checked_text(summary: str) -> str:
    return t("data.checked", summary=summary)


def boundaries_checked() -> str:
    return checked_text(
        t("data.done.boundaries", buurten=BUURTEN, wijken=WIJKEN, name="Midden-Drenthe")
    )


def apply_button(page: Any, target: Path) -> Locator:
    return main_of(page).get_by_role("button", name=t("data.apply", target=str(target)))


def expect_checked(page: Any, text: str) -> None:
    expect(main_of(page).get_by_text(text, exact=True)).to_be_visible(timeout=TIMEOUT)
    page.wait_idle()


def test_boundaries_fetched_from_pdok_checked_then_applied(sourced: Sourced, open_app: Any) -> None:
    app = sourced
    page = data_page(open_app, app, size=(1366, 900))
    choose_kind(page, "boundaries")
    fetch_boundaries(page)

    expect_checked(page, boundaries_checked())
    # The download's status stays with the report.
    expect(main_of(page).get_by_text(t("data.fetched"))).to_be_visible()
    assert not app.target.exists(), "checked only: nothing may be replaced yet"
    assert len(hidden_beside(app.target)) == 1, "the checked copy waits beside the target"
    screenshot(page, "data-page-pdok")

    # Three pages of buurten (by cursor) and one of wijken, all for GM1731 in RD New.
    queries = [parse_qs(urlsplit(u).query) for u in app.pdok.requests]
    collections = [urlsplit(u).path.rsplit("/", 2)[-2] for u in app.pdok.requests]
    assert collections == ["buurten", "buurten", "buurten", "wijken"]
    assert ["cursor" in q for q in queries] == [False, True, True, False]
    assert all(q["gemeentecode"] == [GM] and q["crs"] == [PDOK_CRS] for q in queries)
    assert all("/wijken-en-buurten-2022/" in u for u in app.pdok.requests)

    apply_button(page, app.target).click()
    expect(main_of(page).get_by_text(t("data.applied"), exact=True)).to_be_visible(timeout=TIMEOUT)
    dataset = load_dataset(app.target)
    assert (len(dataset.buurten), len(dataset.wijken)) == (BUURTEN, WIJKEN)
    assert dataset.manifest.municipality_code == GM and dataset.manifest.boundary_year == 2022
    assert "PDOK" in dataset.manifest.tables["buurten"].source
    assert hidden_beside(app.target) == []
    assert not page.aborted and not page.page.get_by_test_id("stException").count()


def test_addresses_fetched_from_the_bag_into_the_new_directory(
    sourced: Sourced, open_app: Any
) -> None:
    app = sourced
    boundaries_into(app, app.target)
    assert len(load_dataset(app.target).table("private_homes")) == 0
    page = data_page(open_app, app)

    # Switch everyone to the new directory; the demo's data cannot take addresses.
    choose(page, main_of(page).get_by_role("combobox", name=t("data.active")), str(app.target))
    main_of(page).get_by_role("button", name=t("data.switch")).click()
    wait_until(page, (app.var / ACTIVE).exists)
    expect(main_of(page).get_by_text(t("demo.mark"))).to_have_count(0, timeout=TIMEOUT)

    choose_kind(page, "addresses")
    pick_source(page, "pdok")
    expect(main_of(page).get_by_label(t("data.year"))).to_have_count(0)  # boundaries only
    main_of(page).get_by_role("button", name=t("data.fetch")).click()
    expect_checked(page, checked_text(t("data.done.addresses", count=BAG_HOMES)))
    assert len(load_dataset(app.target).table("private_homes")) == 0  # not yet

    # Both collections, paged (the stand-in serves at most 5 features a page).
    assert len(app.bag.queries("verblijfsobject")) > 1
    assert app.bag.queries("pand")
    apply_button(page, app.target).click()
    expect(main_of(page).get_by_text(t("data.applied"), exact=True)).to_be_visible(timeout=TIMEOUT)
    assert len(load_dataset(app.target).table("private_homes")) == BAG_HOMES
    assert hidden_beside(app.target) == []
    assert not page.aborted


def test_pdok_failing_shows_an_error_and_changes_nothing(sourced: Sourced, open_app: Any) -> None:
    app = sourced
    boundaries_into(app, app.target)  # an earlier import the failed ones must not touch
    before = snapshot(app.target)
    page = data_page(open_app, app)
    choose_kind(page, "boundaries")

    def refused(where: str) -> str:
        """The problem report naming `where`; no traceback, nothing changed or left."""
        # The fetch retries with back-off (some seconds) before it gives up.
        expect(main_of(page).get_by_test_id("stCode")).to_contain_text(where, timeout=TIMEOUT)
        page.wait_idle()
        main = main_of(page)
        expect(main.get_by_text(t("data.problems", count=1))).to_be_visible()
        problems = main.get_by_test_id("stCode").inner_text()
        assert "PDOK could not be reached" in problems, problems
        assert "Traceback" not in main.inner_text()
        assert not page.page.get_by_test_id("stException").count()
        expect(apply_button(page, app.target)).to_have_count(0)
        assert snapshot(app.target) == before
        assert hidden_beside(app.target) == []
        return problems

    # PDOK answers, with 500 every time.
    app.pdok.status = 500
    fetch_boundaries(page)
    assert "500" in refused(f"127.0.0.1:{app.pdok.port}/")
    assert app.pdok.requests, "the stand-in was asked"

    # PDOK cannot be reached: nothing listens where the configuration points.
    closed = f"127.0.0.1:{free_port()}"
    app.config.write_text(app.config_text(f"http://{closed}/cbs/{{year}}"), encoding="utf-8")
    main_of(page).get_by_role("button", name=t("data.fetch")).click()
    refused(f"{closed}/")
    assert not page.aborted


CORPORATION_MAPPING = """\
corporation = "Fictief Wonen"

[columns]
"VHE nummer" = "home_id"
"Complex" = "complex_id"
"Postcode" = "postcode"
"Huisnr" = "huisnummer"
"Toev" = "toevoeging"
"Label" = "energielabel"
"Ingreep" = "measure"

[values.measure]
"Isoleren" = "verduurzaming"
"""
CORPORATION_EXPORT = (
    "VHE nummer;Complex;Postcode;Huisnr;Toev;Label;Ingreep\r\n"
    "V1;Groenë Hof;9401 SA;12;1;c;Isoleren\r\n"
    "V2;Groenë Hof;9401 SA;12;3;E;\r\n"
    "V3;Zuidrand;9402 SD;4;;;\r\n"
)


def test_corporation_export_with_a_mapping_checked_then_applied(
    sourced: Sourced, open_app: Any, tmp_path: Path
) -> None:
    app = sourced
    boundaries_into(app, app.target)
    addresses.import_addresses(app.target, api=app.bag.api)
    mapping = tmp_path / "koppeling.toml"
    mapping.write_text(CORPORATION_MAPPING, encoding="utf-8")
    export = tmp_path / "vhe-export.csv"
    export.write_bytes(CORPORATION_EXPORT.encode("cp1252"))

    # Signed in on the demo's map; meanwhile the directory was made the active one
    # (the map of such a directory fails: see test_the_map_shows_an_imported_directory).
    page = signed_in(open_app, app)
    activate(app, app.target)
    to_data_page(page)
    expect(main_of(page).get_by_text(str(app.target))).to_be_visible()
    choose_kind(page, "corporation_homes")
    upload(page, export, mapping)  # the mapping first: the file is checked with it
    expect_checked(page, checked_text(t("data.done.corporation_homes", count=3, located=3)))
    assert load_dataset(app.target).corporation_homes.empty  # not yet

    apply_button(page, app.target).click()
    expect(main_of(page).get_by_text(t("data.applied"), exact=True)).to_be_visible(timeout=TIMEOUT)
    dataset = load_dataset(app.target)
    corp = dataset.corporation_homes.set_index("home_id")
    assert sorted(corp.index) == ["V1", "V2", "V3"]
    assert (corp["corporation"] == "Fictief Wonen").all()
    assert corp.loc["V1", "complex_id"] == "Groenë Hof"
    assert corp.loc["V1", "measure"] == "verduurzaming"
    assert corp.loc["V1", "verblijfsobject_id"] == "1731019990000005"
    assert len(dataset.table("private_homes")) == BAG_HOMES - 3  # now corporation homes
    assert not page.aborted


def test_discarding_a_fetched_check_leaves_the_target_as_it_was(
    sourced: Sourced, open_app: Any
) -> None:
    app = sourced
    boundaries_into(app, app.target)
    before = snapshot(app.target)
    page = data_page(open_app, app)
    choose_kind(page, "boundaries")
    fetch_boundaries(page)
    expect_checked(page, boundaries_checked())
    assert len(hidden_beside(app.target)) == 1

    main_of(page).get_by_role("button", name=t("data.discard")).click()
    expect(main_of(page).get_by_text(boundaries_checked())).to_have_count(0, timeout=TIMEOUT)
    page.wait_idle()
    expect(apply_button(page, app.target)).to_have_count(0)
    assert snapshot(app.target) == before
    assert hidden_beside(app.target) == []


def test_discarding_a_checked_upload_leaves_the_target_as_it_was(
    sourced: Sourced, open_app: Any
) -> None:
    app = sourced
    boundaries_into(app, app.target)
    before = snapshot(app.target)
    page = data_page(open_app, app)
    choose_kind(page, "boundaries")
    give_code(page)
    upload(page, REPO_BUURTEN)
    expect_checked(page, boundaries_checked())
    [trial] = hidden_beside(app.target)

    main_of(page).get_by_role("button", name=t("data.discard")).click()
    wait_until(page, lambda: trial not in hidden_beside(app.target))
    assert snapshot(app.target) == before
    assert hidden_beside(app.target) == [], "a new trial copy of the discarded file"
    expect(apply_button(page, app.target)).to_have_count(0, timeout=5_000)
    # The file still sits in the uploader: it is not checked once more.
    expect(main_of(page).get_by_text(t("data.upload_done"))).to_be_visible(timeout=TIMEOUT)


def test_the_fetch_status_says_when_it_is_done(sourced: Sourced, open_app: Any) -> None:
    page = data_page(open_app, sourced)
    choose_kind(page, "boundaries")
    fetch_boundaries(page)
    expect_checked(page, boundaries_checked())
    # PDOK does not say how many pages will come: the status counts them, then says done.
    expect(main_of(page).get_by_text(t("data.fetched"))).to_be_visible(timeout=TIMEOUT)
    expect(main_of(page).get_by_text(t("data.fetching"), exact=True)).to_have_count(0)


def test_apply_refuses_when_the_target_changed_after_the_check(
    sourced: Sourced, open_app: Any
) -> None:
    app = sourced
    page = data_page(open_app, app)
    choose_kind(page, "boundaries")
    give_code(page)
    upload(page, REPO_BUURTEN)
    expect_checked(page, boundaries_checked())
    assert not app.target.exists()

    # Meanwhile someone imports GM1731 from PDOK on the command line.
    boundaries_into(app, app.target)
    behind_the_back = snapshot(app.target)

    apply_button(page, app.target).click()
    expect(main_of(page).get_by_text(t("data.changed_meanwhile"))).to_be_visible(timeout=TIMEOUT)
    expect(main_of(page).get_by_text(t("data.applied"), exact=True)).to_have_count(0)
    assert snapshot(app.target) == behind_the_back
    assert "PDOK" in load_dataset(app.target).manifest.tables["buurten"].source
    assert hidden_beside(app.target) == []


def test_the_map_shows_an_imported_directory(sourced: Sourced, browser: Browser) -> None:
    """After the imports above and the switch (test_addresses_fetched_...), back to
    the map: the directory of boundaries and BAG homes must draw."""
    app = sourced
    boundaries_into(app, app.target)
    addresses.import_addresses(app.target, api=app.bag.api)
    activate(app, app.target)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        context.route(OUTSIDE, lambda route: route.abort())
        page = context.new_page()
        page.goto(f"{app.url}/", timeout=TIMEOUT)
        # The map's frame or the exception, whichever comes.
        page.locator(f'{MAP}, [data-testid="stException"]').first.wait_for(timeout=TIMEOUT)
        page.wait_for_selector(IDLE, timeout=TIMEOUT)
        exception = page.get_by_test_id("stException")
        assert not exception.count(), exception.first.inner_text()[:300]
        expect(page.frame_locator(MAP).locator(".afk-title")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text(t("demo.mark"))).to_have_count(0)
    finally:
        context.close()
