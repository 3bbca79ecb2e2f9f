"""The data page in a real browser: a facilitator checks a boundary file, replaces,
and switches the app to the new data directory; a viewer only reads."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from geo.dataset import load_dataset
from geo.i18n import t
from tests.e2e.conftest import streamlit_server
from tests.e2e.test_workshop_browser import sign_in

pytestmark = pytest.mark.e2e
REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference-data" / "GM1731"
TIMEOUT = 30_000


def tr(key: str, **values: object) -> str:
    return t(key, "nl", **values)


@pytest.fixture(scope="module")
def data_app(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app with its own var/ (imports land there) and its own store."""
    var = tmp_path_factory.mktemp("var")
    env = {
        "AFSPRAKENKAART_OFFLINE": "1",
        "AFSPRAKENKAART_VAR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'afsprakenkaart.db'}",
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
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
    app.page.get_by_role("link", name=tr("data.link")).click()
    main = app.page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name=tr("data.title"))).to_be_visible(timeout=TIMEOUT)
    expect(main.get_by_text("data/demo")).to_be_visible()  # the table itself is a canvas
    expect(main.get_by_text(tr("data.facilitator_only"))).to_be_visible()
    expect(main.get_by_text(tr("data.import"))).to_have_count(0)
    assert not app.aborted


def test_the_facilitator_checks_replaces_and_switches(data_app: Any, open_app: Any) -> None:
    source = _boundaries()
    url, var = data_app
    app = open_app(f"{url}/", block_outside=True)
    sign_in(app, "Gespreksleider", "demo-facilitator", "Fien")
    app.page.get_by_role("link", name=tr("data.link")).click()
    main = app.page.get_by_test_id("stMain")
    expect(main.get_by_text(tr("data.import"))).to_be_visible(timeout=TIMEOUT)
    main.get_by_label(tr("data.gemeente")).fill("GM1731")
    main.get_by_label(tr("data.gemeente")).press("Enter")
    app.wait_idle()

    # A file of another kind first: the problem is shown and nothing is made.
    bad = var.parent / "not-a-map.geojson"
    bad.write_text("this is not GeoJSON", encoding="utf-8")
    main.locator("input[type=file]").set_input_files(str(bad))
    expect(main.get_by_text(tr("data.problems", count=1))).to_be_visible(timeout=TIMEOUT)
    assert not (var / "data" / "GM1731").exists()

    main.locator("input[type=file]").set_input_files(str(source))
    checked = main.get_by_text("Gecontroleerd op een kopie: 48 buurten, 17 wijken")
    expect(checked).to_be_visible(timeout=TIMEOUT)
    assert not (var / "data" / "GM1731").exists()  # checked, not yet replaced
    main.get_by_role("button", name=tr("data.apply", target=str(var / "data" / "GM1731"))).click()
    expect(main.get_by_text(tr("data.applied"))).to_be_visible(timeout=TIMEOUT)
    imported = load_dataset(var / "data" / "GM1731")
    assert len(imported.buurten) == 48 and not imported.manifest.demo

    # Switch everyone to it: the page now describes the imported directory.
    app.wait_idle()
    main.get_by_role("combobox", name=tr("data.active")).click()
    app.page.get_by_role("option", name="GM1731").click()
    main.get_by_role("button", name=tr("data.switch")).click()
    expect(main.get_by_text(str(var / "data" / "GM1731"))).to_be_visible(timeout=TIMEOUT)
    expect(main.get_by_text(tr("demo.mark"))).to_have_count(0)
    assert (var / "active-data-dir").read_text(encoding="utf-8").strip() == str(
        (var / "data" / "GM1731").resolve()
    )
    app.screenshot("data-page-imported")
    assert not app.aborted
