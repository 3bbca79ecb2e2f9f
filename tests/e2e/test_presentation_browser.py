"""Presentation mode and the map's place in the link, in Debian Chromium (offline):
the bar states the year and layers in type readable across a room, the sidebar is
gone and the map fills the screen at beamer and laptop sizes; the year buttons work by
keyboard; and a moved map's place goes into the link, so the link opens there."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import MAP, AppPage

SIZES = [(1920, 1080), (1366, 768)]
OpenApp = Callable[..., AppPage]


def _center_zoom(app: AppPage) -> tuple[float, float, float]:
    lat, lon, zoom = app.map_frame().evaluate(
        "() => [window.map.getCenter().lat, window.map.getCenter().lng, window.map.getZoom()]"
    )
    return float(lat), float(lon), float(zoom)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_presentation_fills_the_screen_in_large_type(
    app_url: str, open_app: OpenApp, size: tuple[int, int]
) -> None:
    app = open_app(f"{app_url}/?year=2025&present=1", size=size, block_outside=True)
    page = app.page
    assert not page.locator('section[data-testid="stSidebar"]').is_visible()
    bar = page.locator(".st-key-present_bar")
    expect(bar).to_contain_text("Midden-Drenthe · 2025")
    expect(bar).to_contain_text("Warmtetransitie per wijk")
    # Readable from the back of a room: at least 20 px type in the bar.
    sizes = bar.locator("p").evaluate_all(
        "(ps) => ps.map((p) => parseFloat(getComputedStyle(p).fontSize))"
    )
    assert sizes and min(sizes) >= 20, sizes
    # The map takes the width and most of the height of the window.
    box = page.locator(MAP).bounding_box()
    assert box is not None
    assert box["width"] >= 0.95 * size[0] - 40
    assert box["height"] >= 0.75 * size[1]
    assert box["y"] + box["height"] <= size[1] + 1  # nothing cut off below
    # Year buttons: whole labels, big enough to hit.
    for year in ("2023", "2024", "2025", "2026"):
        button = bar.get_by_role("button", name=year, exact=True)
        expect(button).to_have_text(year)
        hit = button.bounding_box()
        assert hit is not None and hit["height"] >= 44 and hit["width"] >= 60
    # Legends inside the map grow with the mode.
    legend_px = app.map_frame().evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.afk-legend-row')).fontSize)"
    )
    assert legend_px >= 18
    app.screenshot("presentation")
    assert not app.outside_requests() or app.aborted
    app.assert_no_errors()


def test_presentation_by_keyboard(app_url: str, open_app: OpenApp) -> None:
    app = open_app(f"{app_url}/?year=2025&present=1", size=(1920, 1080))
    page = app.page
    bar = page.locator(".st-key-present_bar")
    bar.get_by_role("button", name="2023", exact=True).focus()
    page.keyboard.press("Enter")
    app.wait_for_map()
    expect(bar).to_contain_text("Midden-Drenthe · 2023")
    expect(app.page.frame_locator(MAP).locator(".afk-title")).to_contain_text("2023")
    bar.get_by_role("button", name="Sluiten").focus()
    page.keyboard.press("Enter")
    app.wait_idle()
    expect(page.locator('section[data-testid="stSidebar"]')).to_be_visible()
    assert "present" not in page.url


def test_a_moved_map_is_in_the_link_and_the_link_opens_there(
    app_url: str, open_app: OpenApp
) -> None:
    app = open_app(f"{app_url}/?year=2024", size=(1366, 768))
    app.map_frame().evaluate("() => window.map.setView([52.8632, 6.5273], 14, {animate: false})")
    app.page.wait_for_function("() => location.search.includes('at=')", timeout=10_000)
    assert "at=52.86320%2C6.52730%2C14" in app.page.url
    again = open_app(app.page.url, size=(1366, 768))
    again.page.wait_for_timeout(1500)  # st_folium moves the map after it is drawn
    lat, lon, zoom = _center_zoom(again)
    assert abs(lat - 52.8632) < 1e-3 and abs(lon - 6.5273) < 1e-3 and zoom == 14
