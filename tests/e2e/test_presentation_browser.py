"""Presentation mode and the map's place in the link, in Debian Chromium (offline):
the bar states the year and layers in type readable across a room, the sidebar is
gone and the map fills the screen at beamer and laptop sizes; the year buttons work by
keyboard; and a moved map's place goes into the link, so the link opens there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from geo.agreements import Actor
from geo.i18n import t
from geo.store import open_store
from geo.store.repository import Agenda
from tests.e2e.conftest import MAP, AppPage
from tests.e2e.test_workshop_browser import sign_in

pytestmark = pytest.mark.e2e

SIZES = [(1920, 1080), (1366, 768)]
OpenApp = Callable[..., AppPage]


AT_BEILEN = """() => {
  const c = window.map.getCenter();
  return Math.abs(c.lat - 52.8632) < 1e-3 && Math.abs(c.lng - 6.5273) < 1e-3
    && window.map.getZoom() === 14;
}"""


def _wait_at_beilen(app: AppPage) -> None:
    """st_folium moves the map after the run: wait for it (slow under load)."""
    app.map_wait_for(AT_BEILEN, timeout=30_000)


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
    app.map_eval("() => window.map.setView([52.8632, 6.5273], 14, {animate: false})")
    app.page.wait_for_function("() => location.search.includes('at=')", timeout=10_000)
    assert "at=52.86320%2C6.52730%2C14" in app.page.url
    again = open_app(app.page.url, size=(1366, 768))
    _wait_at_beilen(again)


def _save_item(app: AppPage, place: tuple[float, float, int], numbered: str) -> None:
    """Move the map to `place` (lat, lon, zoom), then save it as the agenda item whose
    button will read `numbered` ("1. title")."""
    lat, lon, zoom = place
    app.map_eval(f"() => window.map.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
    app.page.wait_for_function(f"() => location.search.includes('at={lat:.5f}')", timeout=10_000)
    app.wait_quiet()  # the facilitator's map reports its place: a rerun
    sidebar = app.page.get_by_test_id("stSidebar")
    sidebar.get_by_label(t("agenda.new_title")).fill(numbered.split(". ", 1)[1])
    sidebar.get_by_role("button", name=t("agenda.save")).click()
    expect(sidebar.get_by_role("button", name=numbered)).to_be_visible(timeout=30_000)
    app.wait_idle()


def test_the_facilitator_saves_agenda_items_and_the_room_steps_through(
    workshop_app: Any, open_app: OpenApp
) -> None:
    """Saved views in a real browser: the facilitator saves two views of different years
    and places; stepping through them in presentation mode shows each year and place,
    and an item's link opens it in a fresh browser."""
    # An empty agenda, also when this is the rerun of a failed attempt (the server and
    # its store live for the module).
    book = Agenda(open_store(workshop_app.database_url), "GM1731")
    for item in book.views():
        book.remove(item.id, Actor("facilitator", None, "test"))
    app = open_app(f"{workshop_app.url}/?year=2023", size=(1366, 768), block_outside=True)
    sign_in(app, "Gespreksleider", "demo-facilitator", "Fien")
    sidebar = app.page.get_by_test_id("stSidebar")
    sidebar.locator("summary", has_text="Agendapunten").click()
    _save_item(app, (52.8632, 6.5273, 14), "1. Beilen in 2023")
    first_link = app.page.url
    assert "agenda=" in first_link
    # A second item: another year, the whole municipality.
    app.wait_quiet()
    app.page.get_by_test_id("stSidebar").get_by_role("radio", name="2026").or_(
        sidebar.get_by_role("button", name="2026", exact=True)
    ).first.click()
    expect(app.page.frame_locator(MAP).locator(".afk-title")).to_contain_text("2026")
    _save_item(app, (52.83, 6.50, 11), "2. Alles in 2026")
    # Presentation: back to the first item, then forward.
    sidebar.get_by_role("button", name=t("present.on")).click()
    app.wait_idle()
    bar = app.page.locator(".st-key-present_bar")
    bar.get_by_role("button", name=t("agenda.previous")).click()
    app.wait_idle()
    expect(bar).to_contain_text("1 van 2")
    expect(bar).to_contain_text("Midden-Drenthe · 2023")
    _wait_at_beilen(app)
    bar.get_by_role("button", name=t("agenda.next")).click()
    app.wait_idle()
    expect(bar).to_contain_text("2 van 2")
    expect(bar).to_contain_text("Midden-Drenthe · 2026")
    app.screenshot("presentation-agenda")
    # Anyone with the first item's link (not signed in) sees it.
    viewer = open_app(first_link.replace("present=1", ""), size=(1366, 768))
    expect(viewer.page.get_by_test_id("stSidebar")).to_contain_text("1 van 2")
    _wait_at_beilen(viewer)
    expect(viewer.page.frame_locator(MAP).locator(".afk-title")).to_contain_text("2023")


@pytest.mark.parametrize("url", ["/?year=2025", "/?year=2025&present=1"], ids=["map", "present"])
def test_on_a_phone_the_map_fits_the_width(app_url: str, open_app: OpenApp, url: str) -> None:
    app = open_app(f"{app_url}{url}", size=(390, 844))
    width = app.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390
    box = app.page.locator(MAP).bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert box["height"] >= 400
    app.screenshot("phone-" + ("present" if "present" in url else "map"))
    app.assert_no_errors()
