"""The monitoring page in Debian Chromium: charts drawn offline, a point to discuss opens
its buurt on the map, and hostile names stay text."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from geo.config import Settings
from geo.conflicts import attention_points
from geo.dataset import Dataset
from geo.i18n import t
from layers.base import MapContext
from layers.registry import DEFAULT_LAYER_IDS, LAYERS_BY_ID
from tests.e2e.conftest import ARTIFACTS, BENIGN_CONSOLE, IDLE, LOAD_MS, MAP, is_local

pytestmark = pytest.mark.e2e

POPUP_SHOWN = """() => {
  const popup = document.querySelector(".leaflet-popup");
  return popup !== null && getComputedStyle(popup).opacity === "1";
}"""
CHART = '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'


def open_monitoring(page: Page, url: str) -> tuple[list[str], list[str]]:
    """Open `url`; returns the requests made and the errors seen (console errors and
    failed responses)."""
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(url)
    page.wait_for_selector(IDLE, timeout=LOAD_MS)
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=LOAD_MS)
    return requests, errors


def app_errors(errors: list[str]) -> list[str]:
    """Errors but those of Streamlit itself on a page below the root: its front end
    first asks /monitoring/_stcore/... (404, logged as "Failed to load resource"), then
    the root's /_stcore/..., which answers."""
    return [
        e
        for e in errors
        if "/monitoring/_stcore/" not in e
        and not e.startswith("Failed to load resource")
        and not any(b in e for b in BENIGN_CONSOLE)
    ]


def test_charts_are_drawn_and_nothing_leaves_the_machine(app_url: str, page: Page) -> None:
    requests, errors = open_monitoring(page, f"{app_url}/monitoring?year=2024")
    # Eight charts of the targets (three stock, two sustainable, senior homes, rent
    # caps, refugees) and the map of the areas to discuss.
    expect(page.locator(CHART)).to_have_count(9, timeout=LOAD_MS)
    assert not page.get_by_test_id("stException").count()
    assert [u for u in requests if not is_local(u)] == []
    assert app_errors(errors) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "monitoring-1366x768.png"))


def test_a_point_to_discuss_opens_its_buurt_on_the_map(
    app_url: str, page: Page, demo_dataset: Dataset
) -> None:
    settings = Settings()
    period = (settings.years.first, settings.years.last)
    points = attention_points(demo_dataset, 2024, settings.conflicts, period)
    first = next(p for p in points if p.buurtcode)
    buurten = demo_dataset.buurten
    names = dict(zip(buurten["buurtcode"], buurten["buurtnaam"], strict=True))
    name = names[first.buurtcode]
    open_monitoring(page, f"{app_url}/monitoring?year=2024")
    link = page.get_by_role("link", name=t("conflict.link", area=name)).first
    href = parse_qs(urlparse(link.get_attribute("href") or "").query)
    assert href["buurt"] == [first.buurtcode] and href["year"] == ["2024"]
    link.click()
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible(timeout=LOAD_MS)
    page.wait_for_selector(IDLE, timeout=LOAD_MS)
    assert f"buurt={first.buurtcode}" in page.url and "year=2024" in page.url
    # The language control still shows the language (each page has its own control
    # under the shared key: the monitoring page's state must not leave it unset).
    checked = page.get_by_test_id("stSidebar").locator('button[aria-checked="true"]')
    expect(checked.filter(has_text="NL")).to_have_count(1, timeout=LOAD_MS)


def test_hostile_names_stay_text(hostile_app_url: str, page: Page) -> None:
    open_monitoring(page, f"{hostile_app_url}/monitoring?year=2024")
    expect(page.locator(CHART)).to_have_count(9, timeout=LOAD_MS)
    page.get_by_text(t("conflict.kind.park"), exact=False).first.click()
    assert page.evaluate("window.__xss") is None
    # The park names are there, as the text they are.
    expect(
        page.get_by_text("<img src=x onerror=window.__xss=1>", exact=False).first
    ).to_be_visible()


def test_a_point_link_shows_the_points_to_discuss_on_the_map(
    app_url: str, browser: Browser, demo_dataset: Dataset
) -> None:
    """From the monitoring page to the map: the buurt selected, the layer "Om te
    bespreken" on, its markers drawn, and a marker's popup listing its sentences."""
    settings = Settings()
    period = (settings.years.first, settings.years.last)
    points = attention_points(demo_dataset, 2024, settings.conflicts, period)
    first = next(p for p in points if p.buurtcode)  # the page lists them in this order
    assert first.buurtcode is not None
    buurten = demo_dataset.buurten
    names = dict(zip(buurten["buurtcode"], buurten["buurtnaam"], strict=True))
    ctx = MapContext(demo_dataset, settings, 2024, "nl")
    discuss = LAYERS_BY_ID["discuss"]
    title = discuss.title(ctx)
    assert title == "Om te bespreken"
    _, markers = discuss.features(ctx)

    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        open_monitoring(page, f"{app_url}/monitoring?year=2024")
        link = page.get_by_role("link", name=t("conflict.link", area=names[first.buurtcode]))
        href = parse_qs(urlparse(link.first.get_attribute("href") or "").query)
        shown = [LAYERS_BY_ID[i].title(ctx) for i in DEFAULT_LAYER_IDS]
        assert href["layers"] == [*shown, title]
        link.first.click()

        # The map, with the buurt of the point selected.
        heading = page.get_by_role("heading", name=names[first.buurtcode], exact=True)
        expect(heading).to_be_visible(timeout=LOAD_MS)
        page.wait_for_selector(IDLE, timeout=LOAD_MS)
        query = parse_qs(urlparse(page.url).query)
        assert query["buurt"] == [first.buurtcode] and query["year"] == ["2024"]
        assert title in query["layers"]
        # The layer's pill is on, and so are the usual layers.
        sidebar = page.get_by_test_id("stSidebar")
        # (Streamlit's pills are buttons with aria-pressed.)
        for layer in [*shown, title]:
            pill = sidebar.get_by_role("button", name=layer, exact=True)
            expect(pill).to_have_attribute("aria-pressed", "true")
        others = [LAYERS_BY_ID[i].title(ctx) for i in LAYERS_BY_ID if i not in DEFAULT_LAYER_IDS]
        assert title in others
        for layer in others:
            if layer != title:
                pill = sidebar.get_by_role("button", name=layer, exact=True)
                expect(pill).to_have_attribute("aria-pressed", "false")

        # Its markers in the map, one per area, and a click opens a popup with the
        # sentences of that area.
        frame = page.frame_locator(MAP)
        drawn = frame.locator(".afk-discuss-marker")
        expect(drawn).to_have_count(len(markers), timeout=LOAD_MS)
        for i in range(len(markers)):
            expect(drawn.nth(i)).to_be_visible()
        expect(frame.locator(".afk-legend-title", has_text=title)).to_be_visible()
        area = first.area_name
        marker = frame.locator(f'.afk-discuss-marker[title^="{area}:"]')
        expect(marker).to_have_count(1)
        expect(marker).to_be_visible()
        marker.click()
        popup = frame.locator(".leaflet-popup-content")
        expect(popup.locator("h2")).to_have_text(area, timeout=LOAD_MS)
        expect(popup.locator("li").first).to_contain_text(first.text("nl"))
        page.wait_for_selector(IDLE, timeout=LOAD_MS)
        expect(popup).to_be_visible()  # still open after any rerun the click caused
        assert not page.get_by_test_id("stException").count()
        assert errors == []
        ARTIFACTS.mkdir(exist_ok=True)
        # Picture the popup faded in (Leaflet fades it over 0.2 s), not half-way.
        map_frame = page.locator(MAP).element_handle().content_frame()
        assert map_frame is not None
        map_frame.wait_for_function(POPUP_SHOWN, timeout=LOAD_MS)
        page.screenshot(path=str(ARTIFACTS / "discuss-map.png"))
    finally:
        context.close()
