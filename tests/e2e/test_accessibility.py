"""Automated accessibility check of every page, in Dutch and in English, with axe-core.

axe-core (npm, pinned in package-lock.json, read from node_modules/) is injected into the
page and into each of its frames (the folium map is an iframe, the session summary a
srcdoc iframe), then `axe.run` scans the page from the top document, frames included.
A test fails on every violation of impact serious or critical whose element is in the
app's own markup, and on text of ours whose contrast axe could not decide (it gives up on
text next to an image, such as a legend row with its symbol) and that measures below
WCAG's 4.5:1 (3:1 for large text).

"The app's own markup" is everything on the page, except what `NOT_OURS` names: markup of
Streamlit's framework chrome or of Leaflet's default controls that the app cannot change,
each entry one axe rule on one narrow selector, with the reason and the upstream issue.
Everything our code emits counts: Markdown and st.html, captions, legends, popups, the
title box, the controls we add to the map, the map's interactive shapes and our CSS.
Moderate and minor findings, and what axe left for review ("incomplete"), are printed.

Popups and legends are opened first (a buurt clicked, a holiday park and a home popup
opened, every folded legend section unfolded), so what they show is scanned too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Frame, Page, expect

from geo.i18n import t
from tests.e2e.conftest import IDLE, MAP

pytestmark = pytest.mark.e2e

SIZE = (1366, 768)  # a laptop: legends and the layer list start folded, so we open them
FAILING_IMPACTS = ("serious", "critical")


@dataclass(frozen=True)
class Exclusion:
    """One axe rule on elements that are not ours (inside `selector`)."""

    rule: str  # axe rule id
    selector: str  # CSS selector; an element inside a match is excluded
    frame: str | None  # selector of the iframe the element is in (None: the page)
    reason: str  # why the app cannot change it, and the upstream issue

    def covers(self, rule: str, frame: str | None, inside: Callable[[str], bool]) -> bool:
        return rule == self.rule and frame == self.frame and inside(self.selector)


# Framework markup the app cannot change. Empty: with streamlit 1.67.0, streamlit-folium
# 0.27.4, Leaflet 1.9.4 and axe-core 4.14.1 neither Streamlit's chrome (header, toolbar,
# sidebar, widget internals) nor Leaflet's controls have a serious or critical
# violation on these pages. Add an entry only for such markup, never for ours, e.g.
#   Exclusion("color-contrast", ".leaflet-control-attribution > a[href$='leafletjs.com']",
#             MAP, "Leaflet's own link; https://github.com/Leaflet/Leaflet/issues/NNNN"),
NOT_OURS: tuple[Exclusion, ...] = ()


@dataclass(frozen=True)
class Finding:
    rule: str
    impact: str
    help: str
    target: str
    html: str

    def __str__(self) -> str:
        return f"{self.rule} [{self.impact}] {self.help}\n    at {self.target}\n    {self.html}"


# --- opening the pages ---------------------------------------------------------------------


def with_lang(url: str, lang: str) -> str:
    if lang == "nl":
        return url
    return f"{url}{'&' if '?' in url else '?'}lang={lang}"


def open_page(page: Page, url: str, *, has_map: bool) -> None:
    page.goto(url)
    page.wait_for_selector(IDLE)
    if has_map:
        expect(page.frame_locator(MAP).locator(".afk-title").first).to_be_visible()
    # Charts draw after the run (Vega): wait until every one has its SVG or canvas.
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"]'))
                 .every((c) => c.querySelector('svg, canvas'))"""
    )
    page.wait_for_selector(IDLE)


def map_frame(page: Page) -> Frame:
    handle = page.locator(MAP).first.element_handle()
    frame = handle.content_frame() if handle else None
    assert frame is not None
    return frame


def unfold_map(page: Page) -> None:
    """Open every folded legend section and the folded layer list, as a user does."""
    frame = page.frame_locator(MAP)
    closed = frame.locator("details.afk-legend-section:not([open]) > summary")
    while closed.count():
        closed.first.click()
    toggle = frame.locator(".leaflet-control-layers:not(.leaflet-control-layers-expanded)")
    if toggle.count():
        toggle.first.hover()
        expect(frame.locator(".leaflet-control-layers-expanded")).to_have_count(1)


# A popup is open and its fade-in is over (its colours are the final ones).
POPUP_OPEN = """() => {
  const popup = document.querySelector(".leaflet-popup");
  return popup !== null && getComputedStyle(popup).opacity === "1";
}"""

# Opens the popup of one corporation home (hidden in a cluster: opened directly).
OPEN_HOME_POPUP = """() => {
  const map = window.map;
  let done = false;
  map.eachLayer((l) => {
    if (!done && l instanceof L.MarkerClusterGroup && l.getLayers().length) {
      const marker = l.getLayers()[0];
      map.openPopup(marker.getPopup().setLatLng(marker.getLatLng()));
      done = true;
    }
  });
  return done;
}"""


def close_popups(page: Page) -> None:
    frame = map_frame(page)
    frame.evaluate("() => window.map.closePopup()")
    frame.wait_for_function("() => document.querySelector('.leaflet-popup') === null")


def click_a_buurt_with_a_popup(page: Page) -> None:
    """Click the map where an area layer answers with a popup (and the buurt is chosen)."""
    frame = map_frame(page)
    spot = frame.evaluate(
        """() => {
          const box = window.map.getContainer().getBoundingClientRect();
          for (const path of document.querySelectorAll("path.leaflet-interactive")) {
            const r = path.getBoundingClientRect();
            const x = r.left + r.width / 2, y = r.top + r.height / 2;
            if (x < box.left + 60 || x > box.right - 60 || y < box.top + 60
                || y > box.bottom - 60) { continue; }
            if (document.elementFromPoint(x, y) === path) { return {x, y}; }
          }
          return null;
        }"""
    )
    assert spot, "no free spot on a shape of the map"
    box = page.locator(MAP).first.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
    frame.wait_for_function(POPUP_OPEN)
    page.wait_for_selector(IDLE)


def sign_in_as_facilitator(page: Page, lang: str) -> None:
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.locator("summary", has_text=t("access.sign_in", lang)).click()
    sidebar.get_by_label(t("access.code", lang)).fill("demo-facilitator")
    # Enter, as in test_workshop_browser.sign_in: a click on the button is lost now and
    # then on a loaded machine (the form keeps its values; the cause is not found).
    sidebar.get_by_label(t("access.code", lang)).press("Enter")
    expect(sidebar.get_by_text(t("access.signed_in_as", lang))).to_be_visible()
    page.wait_for_selector(IDLE)


# --- axe -----------------------------------------------------------------------------------


def inject_axe(page: Page, axe_source: str) -> None:
    """axe in the page and in each of its frames (axe only scans frames that have it)."""
    for frame in page.frames:
        if frame.is_detached():
            continue
        if not frame.evaluate("() => typeof window.axe !== 'undefined'"):
            frame.add_script_tag(content=axe_source)


# Every iframe holds its own document, loaded: axe put into a frame's document before
# its page arrived (about:blank, or still loading) is gone when it does, and axe then
# cannot scan the frame. (A frame not yet in the DOM at all is for `PAGES`' `ready`.)
# The app's frames are all same-origin, so a frame without a readable document is
# waited for, not skipped.
FRAMES_LOADED = """() => Array.from(document.querySelectorAll('iframe')).every((f) => {
  const doc = f.contentDocument;
  return !!doc && doc.URL !== 'about:blank' && doc.readyState === 'complete';
})"""


def run_axe(page: Page, axe_source: str) -> dict[str, Any]:
    page.wait_for_selector(IDLE)
    page.wait_for_function(FRAMES_LOADED)
    inject_axe(page, axe_source)
    result: dict[str, Any] = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations', 'incomplete']})"
    )
    untested = [n["target"] for r in result["incomplete"] if r["id"] == "frame-tested"
                for n in r["nodes"]]  # fmt: skip
    assert not untested, f"frames axe could not scan: {untested}"
    return result


def frame_of(page: Page, target: list[Any]) -> tuple[Frame, str | None, str]:
    """The frame an axe node is in, that frame's selector (None: the page), and the
    node's selector inside it. axe names an element in an iframe [iframe, element]."""
    if len(target) == 1:
        return page.main_frame, None, str(target[0])
    assert len(target) == 2, f"nested frames are not expected: {target}"
    handle = page.locator(str(target[0])).first.element_handle()
    frame = handle.content_frame() if handle else None
    assert frame is not None, target
    frame_selector = MAP if page.locator(str(target[0])).first.evaluate(
        f"(el) => el.matches({MAP!r})"
    ) else str(target[0])  # fmt: skip
    return frame, frame_selector, str(target[1])


def is_ours(page: Page, rule: str, target: list[Any]) -> bool:
    candidates = [e for e in NOT_OURS if e.rule == rule]
    if not candidates:
        return True
    frame, frame_selector, selector = frame_of(page, target)

    def inside(outer: str) -> bool:
        return bool(
            frame.evaluate(
                "([sel, outer]) => { const el = document.querySelector(sel);"
                " return !!(el && el.closest(outer)); }",
                [selector, outer],
            )
        )

    return not any(e.covers(rule, frame_selector, inside) for e in candidates)


# Contrast of an element's text as shown: its colour (and the opacity of it and its
# ancestors) over the backgrounds drawn behind its centre, composited down to the first
# opaque one. What lies under the map's boxes (SVG shapes, tiles) is not counted: the
# boxes are 95% white.
CONTRAST = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) { return null; }
  const parse = (text) => {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) { return {r: 0, g: 0, b: 0, a: 0}; }
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a), a: 1});
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const style = getComputedStyle(el);
  const fg = parse(style.color);
  let opacity = 1;
  for (let node = el; node; node = node.parentElement) {
    opacity *= parseFloat(getComputedStyle(node).opacity);
  }
  // Behind the text: what is drawn at its centre, from the element down (a positioned
  // element sits on what is under it, not necessarily on its parent).
  const box = el.getBoundingClientRect();
  const stack = document.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  const below = stack.includes(el) ? stack.slice(stack.indexOf(el)) : [el];
  const layers = [];
  for (const node of below) {
    const bg = parse(getComputedStyle(node).backgroundColor);
    if (bg.a > 0) { layers.push(bg); if (bg.a >= 1) { break; } }
  }
  let bg = {r: 255, g: 255, b: 255, a: 1};
  for (const layer of layers.reverse()) { bg = over(layer, bg); }
  const shown = over({...fg, a: fg.a * opacity}, bg);
  const [hi, lo] = [lum(shown), lum(bg)].sort((x, y) => y - x);
  const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
  const large = size >= 24 || (size >= 18.66 && bold);
  return {ratio: (hi + 0.05) / (lo + 0.05), required: large ? 3 : 4.5,
          text: (el.textContent || "").trim().slice(0, 60), svg: el instanceof SVGElement};
}"""


def low_contrast(page: Page, result: dict[str, Any]) -> list[str]:
    """Text of ours that axe could not judge ("incomplete") and that is too faint."""
    out = []
    for rule in result["incomplete"]:
        if rule["id"] != "color-contrast":
            continue
        for node in rule["nodes"]:
            if not is_ours(page, "color-contrast", node["target"]):
                continue
            frame, _, selector = frame_of(page, node["target"])
            measured = frame.evaluate(CONTRAST, selector)
            # Letters inside a map symbol are graphics (aria-hidden SVG); the legend
            # says in words what each letter means.
            if measured is None or measured["svg"] or not measured["text"]:
                continue
            if measured["ratio"] < measured["required"]:
                out.append(
                    f"{measured['text']!r}: {measured['ratio']:.2f}:1 < "
                    f"{measured['required']}:1 at {node['target']}"
                )
    return out


def failures(page: Page, result: dict[str, Any]) -> list[Finding]:
    found = []
    for rule in result["violations"]:
        for node in rule["nodes"]:
            impact = node.get("impact") or rule.get("impact") or ""
            if impact in FAILING_IMPACTS and is_ours(page, rule["id"], node["target"]):
                found.append(
                    Finding(
                        rule["id"], impact, rule["help"], str(node["target"]), node["html"][:200]
                    )
                )
    return found


def report(name: str, result: dict[str, Any]) -> None:
    """Print what does not fail the test, for a human to review."""
    for kind in ("violations", "incomplete"):
        for rule in result[kind]:
            impact = rule.get("impact") or ""
            if kind == "violations" and impact in FAILING_IMPACTS:
                continue
            where = rule["nodes"][0]["target"] if kind == "violations" else ""
            print(
                f"[{name}] {kind}: {rule['id']} ({impact}), {len(rule['nodes'])} element(s) {where}"
            )


def check(page: Page, axe_source: str, name: str) -> None:
    result = run_axe(page, axe_source)
    report(name, result)
    found = failures(page, result)
    faint = low_contrast(page, result)
    assert not found, f"{name}: axe violations in the app's markup:\n" + "\n".join(map(str, found))
    assert not faint, f"{name}: text below the contrast WCAG asks:\n" + "\n".join(faint)


def assert_language(page: Page, lang: str, *, has_map: bool) -> None:
    """The page (and the map inside it) says which language its text is in."""
    page.wait_for_function(f"() => document.documentElement.lang === {lang!r}")
    if has_map:
        assert map_frame(page).evaluate("() => document.documentElement.lang") == lang


# --- the pages -----------------------------------------------------------------------------

LANGS = [pytest.param("nl", id="nl"), pytest.param("en", id="en")]
YEAR = "year=2024"


@pytest.mark.parametrize("lang", LANGS)
def test_map_page_for_a_viewer(app_url: str, page: Page, axe_source: str, lang: str) -> None:
    open_page(page, with_lang(f"{app_url}/?{YEAR}", lang), has_map=True)
    assert_language(page, lang, has_map=True)
    # Leaflet's buttons are named in the page's language, not in English.
    zoom_in = page.frame_locator(MAP).locator(".leaflet-control-zoom-in")
    expect(zoom_in).to_have_attribute("aria-label", t("map.zoom_in", lang))
    unfold_map(page)
    check(page, axe_source, "map")
    # A buurt clicked: its facts in the panel, an area layer's popup on the map.
    click_a_buurt_with_a_popup(page)
    expect(page.get_by_test_id("stMain").get_by_role("heading", level=2)).to_be_visible()
    check(page, axe_source, "map, buurt chosen, area popup")
    # A holiday park's popup (a marker: opened by click like a user), then a home's;
    # each after the one before has faded out (a fading popup is faint on purpose).
    close_popups(page)
    page.frame_locator(MAP).locator(".afk-park").first.click()
    expect(page.frame_locator(MAP).locator(".leaflet-popup-content .afk-popup")).to_be_visible()
    map_frame(page).wait_for_function(POPUP_OPEN)
    check(page, axe_source, "map, park popup")
    close_popups(page)
    assert map_frame(page).evaluate(OPEN_HOME_POPUP), "no corporation home on the map"
    map_frame(page).wait_for_function(POPUP_OPEN)
    check(page, axe_source, "map, home popup")


@pytest.mark.parametrize("lang", LANGS)
def test_map_page_for_the_facilitator(app_url: str, page: Page, axe_source: str, lang: str) -> None:
    open_page(page, with_lang(f"{app_url}/?{YEAR}&panel=agreements", lang), has_map=True)
    sign_in_as_facilitator(page, lang)
    # The workshop's tools: choosing areas on the map (with the drawing tool).
    main = page.get_by_test_id("stMain")
    main.locator("summary", has_text=t("ws.new_proposal", lang)).click()
    main.get_by_text(t("ws.select_mode", lang)).click()
    page.wait_for_selector(IDLE)
    tool = page.frame_locator(MAP).locator(".leaflet-draw-draw-polygon")
    expect(tool).to_have_attribute("title", t("draw.polygon", lang))  # not Leaflet's English
    unfold_map(page)
    check(page, axe_source, "map, facilitator, agreements")


# Path, whether it has the map, and what shows the page is all there: the run can be
# over a moment before React has drawn its last element (seen in CI: the summary's
# iframe was not there yet, and axe met it half made).
PAGES = [
    pytest.param("/?year=2024&panel=agreements", True, None, id="agreements"),
    pytest.param("/?year=2024&panel=meeliften", True, None, id="meeliften"),
    pytest.param("/?year=2024&present=1", True, None, id="presentation"),
    pytest.param("/monitoring", False, '[data-testid="stVegaLiteChart"]', id="monitoring"),
    pytest.param("/gegevens", False, '[data-testid="stDataFrame"]', id="data"),
    pytest.param("/verslag", False, '[data-testid="stIFrame"]', id="summary"),
    pytest.param("/buurt?code=BU17310000", True, None, id="buurt"),
    pytest.param("/vergelijken", True, None, id="compare"),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("path", "has_map", "ready"), PAGES)
def test_page(
    app_url: str, page: Page, axe_source: str, path: str, has_map: bool, ready: str | None,
    lang: str,
) -> None:  # fmt: skip
    open_page(page, with_lang(f"{app_url}{path}", lang), has_map=has_map)
    if ready:
        expect(page.locator(ready).first).to_be_visible()
    assert_language(page, lang, has_map=has_map)
    if has_map:
        unfold_map(page)
    check(page, axe_source, re.sub(r"\W+", " ", path).strip() or "map")
