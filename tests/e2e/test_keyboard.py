"""The app by keyboard alone, in Debian Chromium (offline).

- A walkthrough of the main controls with nothing but `page.keyboard` (Tab, Shift+Tab,
  arrows, Enter, Space, typing): the year, a layer on and off, a buurt from the list
  and its facts, the panel switch, the language, the link to the monitoring page; and
  in presentation mode the year and the way out. The test reads the page only to know
  where the focus is and what changed; it never clicks or focuses by code.
- Every control Tab reaches shows that it has the focus: its outline, box-shadow,
  border or background (or one of its three nearest ancestors') differs between focused
  and not, on the map page, in presentation mode, and on the monitoring and buurt pages.
- Nothing depends on hover: the map's tooltips (buurt names) are also in the buurt
  list of the panel (or in the popup of their layer), and no Streamlit widget carries
  a hover-only help tooltip.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from geo.dataset import Dataset
from geo.i18n import t
from tests.e2e.conftest import IDLE, MAP

pytestmark = pytest.mark.e2e

SIZE = (1366, 768)
MAX_STOPS = 160  # Tab stops in one pass over the map page (about 70 on the demo)

# The focused element, through the (same-origin) map iframe: what a user perceives of it.
FOCUSED = """() => {
  let doc = document, el = doc.activeElement, inMap = false;
  while (el && el.tagName === "IFRAME" && el.contentDocument) {
    inMap = true; doc = el.contentDocument; el = doc.activeElement;
  }
  if (!el || el === doc.body) { return null; }
  const name = (el.getAttribute("aria-label") || el.getAttribute("title") ||
                el.innerText || el.value || "").replace(/\\s+/g, " ").trim();
  const owner = el.closest("[data-testid]");
  return {tag: el.tagName.toLowerCase(), role: el.getAttribute("role") || "", name,
          checked: el.getAttribute("aria-checked"), inMap,
          testid: owner ? owner.dataset.testid : "",
          sidebar: !!el.closest('[data-testid="stSidebar"]')};
}"""

Focus = dict[str, Any]


def open_map(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(IDLE)
    expect(page.frame_locator(MAP).locator(".afk-title")).to_be_visible()
    page.wait_for_selector(IDLE)


def focused(page: Page) -> Focus | None:
    value: Focus | None = page.evaluate(FOCUSED)
    return value


def press(page: Page, key: str) -> None:
    page.keyboard.press(key)
    page.wait_for_timeout(60)  # let the focus move (and a rerun start) first
    page.wait_for_selector(IDLE)


def tab_to(page: Page, wanted: Callable[[Focus], bool], what: str, key: str = "Tab") -> Focus:
    """Press Tab (or Shift+Tab) until the focused element is `wanted`."""
    seen = []
    for _ in range(MAX_STOPS):
        now = focused(page)
        if now and wanted(now):
            return now
        seen.append(now and f"{now['role'] or now['tag']} {now['name'][:30]!r}")
        page.keyboard.press(key)
    raise AssertionError(f"{what} not reached with {key}; went through {seen}")


def arrow_to(page: Page, name: str) -> Focus:
    """Within a group (segmented control, pills), move with the arrow keys to `name`:
    right first, then left (the group's focus may enter at either end)."""
    for key, presses in (("ArrowRight", 8), ("ArrowLeft", 16)):
        for _ in range(presses):
            now = focused(page)
            assert now is not None
            if now["name"] == name:
                return now
            page.keyboard.press(key)
    raise AssertionError(f"{name!r} not reached with the arrow keys")


def map_title(page: Page) -> Any:
    return page.frame_locator(MAP).locator(".afk-title")


# --- the walkthrough -------------------------------------------------------------------------


def test_the_main_controls_work_by_keyboard_alone(app_url: str, page: Page) -> None:
    open_map(page, f"{app_url}/?year=2024")
    expect(map_title(page)).to_contain_text("· 2024")

    # The year: Tab into the sidebar's year control, arrow to 2025, Enter.
    tab_to(page, lambda f: f["sidebar"] and f["role"] == "radio" and f["name"].isdigit(), "year")
    arrow_to(page, "2025")
    press(page, "Enter")
    expect(map_title(page)).to_contain_text("· 2025")
    expect(page).to_have_url(re.compile("year=2025"))

    # A layer off and on again: the pills are one Tab stop; arrows move between them.
    parks = t("layer.holiday_parks")
    tab_to(page, lambda f: f["sidebar"] and f["testid"] == "stButtonGroup" and not f["role"],
           "layer pills")  # fmt: skip
    arrow_to(page, parks)
    press(page, "Enter")
    expect(map_title(page).locator("small")).not_to_contain_text(parks)
    press(page, "Space")
    expect(map_title(page).locator("small")).to_contain_text(parks)

    # A buurt from the panel's list (after the map: Shift+Tab from the top is the short
    # way round): type part of its name, Enter; its facts appear.
    buurt = t("app.choose_buurt")
    tab_to(page, lambda f: f["role"] == "combobox" and f["name"] == buurt, "buurt list",
           key="Shift+Tab")  # fmt: skip
    page.keyboard.type("Smilde-Cen")
    press(page, "Enter")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Smilde-Centrum", exact=True)).to_be_visible()
    expect(main.get_by_text(t("panel.homes", year=2025))).to_be_visible()
    expect(page).to_have_url(re.compile("buurt=BU17310600"))

    # The panel: Shift+Tab back to its switch, arrows, Enter.
    panels = {t(f"app.panel.{p}") for p in ("facts", "agreements", "meeliften")}
    tab_to(page, lambda f: not f["sidebar"] and f["role"] == "radio" and f["name"] in panels,
           "panel switch", key="Shift+Tab")  # fmt: skip
    arrow_to(page, t("app.panel.agreements"))
    press(page, "Enter")
    expect(page).to_have_url(re.compile("panel=agreements"))
    expect(main.get_by_role("combobox", name=buurt)).to_have_count(0)
    arrow_to(page, t("app.panel.meeliften"))
    press(page, "Enter")
    expect(page).to_have_url(re.compile("panel=meeliften"))
    expect(main.get_by_text(t("mee.intro"))).to_be_visible()
    arrow_to(page, t("app.panel.facts"))
    press(page, "Enter")
    expect(main.get_by_role("combobox", name=buurt)).to_be_visible()

    # The language: the sidebar's NL / EN control.
    tab_to(page, lambda f: f["sidebar"] and f["role"] == "radio" and f["name"] in ("NL", "EN"),
           "language")  # fmt: skip
    arrow_to(page, "EN")
    press(page, "Enter")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("heading", level=1)).to_have_text(t("app.title", "en"))
    expect(page).to_have_url(re.compile("lang=en"))

    # The monitoring page, by its link in the sidebar.
    link = t("mon.link", "en")
    tab_to(page, lambda f: f["tag"] == "a" and link in f["name"], "monitoring link")
    press(page, "Enter")
    page.wait_for_url(re.compile(r"/monitoring"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        t("mon.title", "en", municipality="Midden-Drenthe")
    )


def test_map_markers_open_by_keyboard(app_url: str, page: Page, demo_dataset: Dataset) -> None:
    """A holiday park's popup opens with Enter; a cluster of homes zooms in."""
    open_map(page, f"{app_url}/?year=2024")
    parks = set(demo_dataset.holiday_parks["name"])
    park = tab_to(page, lambda f: f["inMap"] and f["role"] == "button"
                  and f["name"].split(" (")[0] in parks, "a holiday park")  # fmt: skip
    press(page, "Enter")
    popup = page.frame_locator(MAP).locator(".leaflet-popup-content h2")
    expect(popup).to_have_text(park["name"].split(" (")[0])
    handle = page.locator(MAP).element_handle()
    frame = handle.content_frame() if handle else None
    assert frame is not None
    zoom = frame.evaluate("() => window.map.getZoom()")
    homes = t("map.cluster", count=0).split("0", 1)[1]  # "... woningen, klik ..."
    tab_to(page, lambda f: f["inMap"] and f["role"] == "button" and homes in f["name"],
           "a cluster of homes")  # fmt: skip
    press(page, "Enter")
    frame.wait_for_function(f"() => window.map.getZoom() > {zoom} && !window.map._animatingZoom")


def test_presentation_mode_by_keyboard_alone(app_url: str, page: Page) -> None:
    open_map(page, f"{app_url}/?year=2024")
    on = t("present.on")
    tab_to(page, lambda f: f["role"] != "radio" and on in f["name"], "presentation button")
    press(page, "Enter")
    bar = page.locator(".st-key-present_bar")
    expect(bar).to_contain_text("Midden-Drenthe · 2024")
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()

    tab_to(page, lambda f: f["tag"] == "button" and f["name"] == "2026", "year 2026")
    press(page, "Enter")
    expect(bar).to_contain_text("Midden-Drenthe · 2026")
    expect(map_title(page)).to_contain_text("· 2026")

    close = t("present.close")
    tab_to(page, lambda f: f["tag"] == "button" and close in f["name"], "the way out")
    press(page, "Enter")
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    expect(bar).to_have_count(0)
    expect(page).not_to_have_url(re.compile("present"))


# --- a visible focus -------------------------------------------------------------------------

MARK = """(mark) => {
  let doc = document, el = doc.activeElement;
  while (el && el.tagName === "IFRAME" && el.contentDocument) {
    doc = el.contentDocument; el = doc.activeElement;
  }
  if (!el || el === doc.body) { return false; }
  el.setAttribute("data-afk-stop", mark);
  return true;
}"""
# How the marked element and its three nearest ancestors look (the focus ring of a
# Streamlit widget is often drawn by a wrapper around its input).
LOOK = """(mark) => {
  const find = (doc) => {
    const el = doc.querySelector(`[data-afk-stop="${mark}"]`);
    if (el) { return el; }
    for (const frame of doc.querySelectorAll("iframe")) {
      try { const inner = find(frame.contentDocument); if (inner) { return inner; } }
      catch (e) { /* another origin */ }
    }
    return null;
  };
  const el = find(document);
  if (!el) { return null; }
  const look = [];
  for (let node = el, i = 0; node && i < 4; node = node.parentElement, i++) {
    const s = getComputedStyle(node);
    look.push([s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor,
               s.backgroundColor].join(" | "));
  }
  const name = (el.getAttribute("aria-label") || el.getAttribute("title") || el.innerText ||
                "").replace(/\\s+/g, " ").trim().slice(0, 40);
  // Where it is on the screen (through the iframes it is in), for a picture of it: a
  // Streamlit element as a whole (a table's focus is drawn on its canvas).
  const r = (el.closest('[data-testid="stElementContainer"]') || el).getBoundingClientRect();
  let x = r.left, y = r.top;
  for (let win = el.ownerDocument.defaultView; win.frameElement; win = win.parent) {
    const f = win.frameElement.getBoundingClientRect();
    x += f.left; y += f.top;
  }
  return {look, what: `${el.tagName.toLowerCase()} ${el.getAttribute("role") || ""} ${name}`,
          box: {x, y, width: r.width, height: r.height}};
}"""


def picture(page: Page, box: dict[str, float]) -> bytes | None:
    """The element's area and a margin around it (where a focus ring is drawn); None
    when it is not on the screen."""
    size = page.viewport_size
    assert size is not None
    left, top = max(box["x"] - 6, 0), max(box["y"] - 6, 0)
    right = min(box["x"] + box["width"] + 6, size["width"])
    bottom = min(box["y"] + box["height"] + 6, size["height"])
    if right - left < 1 or bottom - top < 1:
        return None
    clip = {"x": left, "y": top, "width": right - left, "height": bottom - top}
    return page.screenshot(clip=clip, animations="disabled", caret="hide")


def stops_without_focus_indicator(page: Page) -> tuple[int, list[str]]:
    """Tab once round the page; returns the number of stops and those that do not show
    the focus. Each stop is compared focused and after Tab has moved on: its look (and
    its nearest ancestors'), or where that does not change (a ring drawn on a canvas, a
    state kept by script), a picture of its area."""
    first: str | None = None
    previous: tuple[str, Any, bytes | None] | None = None
    missing, count = [], 0
    for i in range(MAX_STOPS):
        page.keyboard.press("Tab")
        page.wait_for_timeout(150)  # focus rings fade in
        mark = str(i)
        if not page.evaluate(MARK, mark):
            continue
        now = page.evaluate(LOOK, mark)
        if previous is not None:
            before_mark, before, shot = previous
            after = page.evaluate(LOOK, before_mark)
            same_look = after is not None and after["look"] == before["look"]
            if same_look and (shot is None or picture(page, after["box"]) == shot):
                missing.append(before["what"] + (" (off screen)" if shot is None else ""))
        if first is None:
            first = now["what"]
        elif now["what"] == first:
            return count, missing  # round the page once
        count += 1
        previous = (mark, now, picture(page, now["box"]))
    raise AssertionError(f"Tab did not come round in {MAX_STOPS} stops")


# The pages walked with the keyboard: the map with a buurt, presentation, monitoring,
# and a buurt's sheet.
PAGES = [
    pytest.param("/?year=2024&buurt=BU17310600", id="map"),
    pytest.param("/?year=2024&present=1", id="presentation"),
    pytest.param("/monitoring", id="monitoring"),
    pytest.param("/buurt?code=BU17310000", id="buurt"),
]


@pytest.mark.parametrize("path", PAGES)
def test_every_control_shows_its_focus(app_url: str, page: Page, path: str) -> None:
    page.goto(f"{app_url}{path}")
    page.wait_for_selector(IDLE)
    page.wait_for_timeout(1_000)
    page.wait_for_selector(IDLE)
    count, missing = stops_without_focus_indicator(page)
    assert count >= 5, f"only {count} Tab stops"
    assert not missing, f"no visible focus on {len(missing)} of {count} stops: {missing}"


# --- nothing depends on hover ----------------------------------------------------------------

# Every map layer with a tooltip: the tooltip's text and its popup's (if it has one).
TOOLTIPS = """() => {
  const out = [];
  const seen = new Set();
  const walk = (layer) => {
    if (seen.has(L.stamp(layer))) { return; }
    seen.add(L.stamp(layer));
    if (layer.getLayers) { layer.getLayers().forEach(walk); return; }
    const tip = layer.getTooltip && layer.getTooltip();
    if (!tip) { return; }
    const text = (html) => {
      const div = document.createElement("div");
      div.innerHTML = html;
      return div.textContent.trim();
    };
    const popup = layer.getPopup && layer.getPopup();
    const content = popup ? popup.getContent() : null;
    out.push({tip: text(tip.getContent()),
              popup: typeof content === "string" ? text(content) : null});
  };
  window.map.eachLayer(walk);
  return out;
}"""


def test_map_tooltips_are_also_in_the_panel_or_a_popup(
    app_url: str, page: Page, demo_dataset: Dataset
) -> None:
    # Every layer on, so every tooltip the map can show is there.
    layers = "&".join(
        f"layers={t(f'layer.{i}')}"
        for i in ("corporation_housing", "holiday_parks", "attention_areas", "heat_phasing",
                  "meeliften", "discuss")
    )  # fmt: skip
    open_map(page, f"{app_url}/?year=2024&{layers}")
    handle = page.locator(MAP).element_handle()
    content = handle.content_frame() if handle else None
    assert content is not None
    tips = content.evaluate(TOOLTIPS)
    assert len(tips) >= len(demo_dataset.buurten), "every buurt's name is a tooltip"
    # In its popup, or else one of the panel's buurten (typed into the list, which then
    # offers it; the list is the keyboard's way to choose a buurt).
    elsewhere = [tip for tip in tips if not (tip["popup"] and tip["tip"] in tip["popup"])]
    combobox = page.get_by_test_id("stMain").get_by_role("combobox", name=t("app.choose_buurt"))
    missing = []
    for tip in sorted({e["tip"] for e in elsewhere}):
        combobox.fill(tip)
        if not page.get_by_role("option", name=tip, exact=True).count():
            missing.append(tip)
    page.keyboard.press("Escape")
    assert not missing, f"tooltip texts neither in a popup nor in the buurt list: {missing}"


@pytest.mark.parametrize("path", PAGES)
def test_no_hover_only_help(app_url: str, page: Page, path: str) -> None:
    """Streamlit's `help=` shows its text only on hover (a "?" icon, or a tooltip on a
    button): none on these pages (the texts are captions; tests/unit/test_i18n_usage.py
    checks the source for the pages and states not opened here)."""
    page.goto(f"{app_url}{path}")
    page.wait_for_selector(IDLE)
    expect(page.get_by_test_id("stMain").first).to_be_visible()
    page.wait_for_timeout(1_000)
    page.wait_for_selector(IDLE)
    # Not Streamlit's own toolbar buttons (fullscreen, "show data"): their tooltip
    # repeats their accessible name.
    hover_only = page.locator(
        '[data-testid="stTooltipIcon"], [data-testid="stTooltipHoverTarget"]'
        ':not(:has([data-testid="stBaseButton-elementToolbar"]))'
    )
    assert hover_only.count() == 0, hover_only.first.evaluate("(e) => e.outerHTML.slice(0, 300)")
