"""The neighbourhood page and the search box in a real browser (Debian Chromium).

Offline (nothing may leave the machine): results change while typing, a choice opens
the sheet, a village lists its buurten, the map link keeps the buurt and year, hostile
names stay text. Screenshots at 1920x1080, 1366x768 and 390x844 go to test-artifacts/;
on the phone the page must not scroll sideways, text must be at least 16 px and the
search, links and buttons at least 44 px high.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Locator, Page, expect

from geo.config import DEMO_DATA_DIR
from geo.dataset import Dataset, load_dataset
from geo.i18n import t
from geo.search import SearchIndex, build_index, label

pytestmark = pytest.mark.e2e

MAP = 'iframe[title="streamlit_folium.st_folium"]'
XSS = "<img src=x onerror=window.__xss=1>"  # as in conftest.py
WIDE, LAPTOP, PHONE = (1920, 1080), (1366, 768), (390, 844)
SIZES = [
    pytest.param(WIDE, id="1920x1080"),
    pytest.param(LAPTOP, id="1366x768"),
    pytest.param(PHONE, id="390x844"),
]
WESTERBORK = "BU17310900"
TIMEOUT = 30_000
MIN_TARGET_PX = 44
MIN_TEXT_PX = 16


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return load_dataset(DEMO_DATA_DIR)


@pytest.fixture(scope="module")
def index(demo: Dataset) -> SearchIndex:
    return build_index(demo)


def search_box(page: Page, where: str = "search_buurt") -> Locator:
    return page.locator(f'.st-key-afk-search-{where} input[role="combobox"]')


def options(page: Page) -> list[str]:
    return [o.strip() for o in page.get_by_role("option").all_inner_texts()]


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def subsequence(typed: str, text: str) -> bool:
    """Streamlit's fuzzy filter: the typed letters occur in the label in order."""
    rest = iter(text.lower())
    return all(c in rest for c in typed.lower())


ALL_OPTIONS_MATCH = """(typed) => {
  const shown = Array.from(document.querySelectorAll('[role="option"]'));
  const inOrder = (text) => { let i = 0; for (const c of text.toLowerCase()) {
    if (c === typed[i]) { i += 1; } } return i === typed.length; };
  return shown.length > 0 && shown.every((o) => inOrder(o.textContent));
}"""


def no_errors(app: Any) -> None:
    """Like AppPage.assert_no_errors, but for Streamlit's own way of finding its server
    from a page below the root: it first asks /buurt/_stcore/... (404, logged as a
    console error), then the root's /_stcore/..., which answers."""
    app.console_errors[:] = [e for e in app.console_errors if "/buurt/_stcore/" not in e]
    app.assert_no_errors()


def sheet_of(app: Any, name: str) -> None:
    """Wait until the page shows the sheet of `name` and its map."""
    expect(app.page.get_by_role("heading", level=1)).to_have_text(name, timeout=TIMEOUT)
    app.wait_idle()
    # The previous buurt's map goes when the run is over: then there is one.
    expect(app.page.locator(MAP)).to_have_count(1, timeout=TIMEOUT)
    expect(app.page.frame_locator(MAP).locator(".afk-title")).to_be_visible(timeout=TIMEOUT)


# --- search as you type ---------------------------------------------------------------


def test_typing_updates_the_results_and_a_choice_opens_the_sheet(
    app_url: str, open_app: Any, demo: Dataset, index: SearchIndex
) -> None:
    app = open_app(f"{app_url}/buurt?code={WESTERBORK}", size=LAPTOP, block_outside=True)
    page = app.page
    box = search_box(page)
    box.click()
    box.press_sequentially("B", delay=50)
    expect(page.get_by_role("option").first).to_be_visible()
    after_b = options(page)
    assert not all(subsequence("beil", o) for o in after_b), after_b
    box.press_sequentially("eil", delay=50)
    # In the browser, with no round trip: every option left has b-e-i-l in order.
    page.wait_for_function(ALL_OPTIONS_MATCH, arg="beil", timeout=TIMEOUT)
    after_beil = options(page)
    assert after_beil and after_beil != after_b
    # Best first: an entry whose name starts with what was typed.
    starting = {label(e) for e in index.entries if e.name.lower().startswith("beil")}
    assert after_beil[0] in starting, after_beil[:3]
    assert query(page)["code"] == [WESTERBORK], "typing alone does not navigate"

    beilen = index.get("buurt:BU17310000")
    assert beilen is not None
    page.get_by_role("option", name=label(beilen), exact=True).click()
    sheet_of(app, beilen.name)
    assert query(page)["code"] == ["BU17310000"]
    expect(search_box(page)).to_have_value("")  # empty for the next search
    assert app.outside_requests() == [] and app.aborted == []
    no_errors(app)


def test_a_village_lists_its_buurten_and_a_link_opens_one(
    app_url: str, open_app: Any, demo: Dataset, index: SearchIndex
) -> None:
    app = open_app(f"{app_url}/buurt?code={WESTERBORK}", size=LAPTOP, block_outside=True)
    page = app.page
    village = next(e for e in index.entries if e.kind == "village" and len(e.codes) >= 4)
    box = search_box(page)
    box.click()
    box.press_sequentially(village.name, delay=30)
    page.get_by_role("option", name=label(village), exact=True).click()
    heading = t("search.choose", name=village.name, count=len(village.codes))
    expect(page.get_by_text(heading)).to_be_visible(timeout=TIMEOUT)
    app.wait_idle()
    assert query(page)["q"] == [village.id]
    names = [index.buurtnamen[c] for c in village.codes]
    links = page.get_by_test_id("stMain").get_by_test_id("stPageLink")
    expect(links.filter(has_text=names[-1])).to_be_visible()
    assert [x.split("\n")[-1].strip() for x in links.all_inner_texts()[1:]] == names
    links.filter(has_text=names[-1]).click()
    sheet_of(app, names[-1])
    # The address bar follows (a link to this same page leaves it alone unless told).
    assert query(page)["code"] == [village.codes[-1]] and "q" not in query(page)
    no_errors(app)


def test_the_map_sidebar_search_opens_the_sheet(
    app_url: str, open_app: Any, index: SearchIndex
) -> None:
    app = open_app(f"{app_url}/?year=2024", size=WIDE, block_outside=True)
    page = app.page
    postcode = next(e for e in index.entries if e.kind == "postcode" and len(e.codes) == 1)
    box = search_box(page, "search_map")
    box.click()
    box.press_sequentially(postcode.name, delay=30)
    page.get_by_role("option", name=label(postcode), exact=True).click()
    sheet_of(app, index.buurtnamen[postcode.codes[0]])
    assert query(page)["code"] == [postcode.codes[0]]
    no_errors(app)


def test_the_sheet_links_back_to_the_map_with_its_buurt_and_year(
    app_url: str, open_app: Any, index: SearchIndex
) -> None:
    app = open_app(f"{app_url}/buurt?code={WESTERBORK}&year=2024", size=WIDE)
    app.page.get_by_role("link", name=t("nb.to_map")).click()
    name = index.buurtnamen[WESTERBORK]
    heading = app.page.get_by_test_id("stMain").get_by_role("heading", name=name, exact=True)
    expect(heading).to_be_visible(timeout=TIMEOUT)
    app.wait_for_map()
    title = app.page.frame_locator(MAP).locator(".afk-title")
    expect(title).to_contain_text("2024", timeout=TIMEOUT)
    assert query(app.page)["buurt"] == [WESTERBORK] and query(app.page)["year"] == ["2024"]
    no_errors(app)


# --- three screen sizes ---------------------------------------------------------------


PAGE_FITS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return {doc: document.documentElement.scrollWidth, inner: window.innerWidth,
          main: main.scrollWidth, mainClient: main.clientWidth};
}"""
TEXT_SIZES = """() => Array.from(document.querySelectorAll(
    '[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,'
    + ' [data-testid="stMain"] [data-testid="stMarkdownContainer"] li'))
  .filter((e) => e.offsetParent !== null && e.textContent.trim())
  .map((e) => [e.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(e).fontSize)])"""


def heights(locator: Locator) -> list[tuple[str, float]]:
    out = []
    for i in range(locator.count()):
        box = locator.nth(i).bounding_box()
        assert box is not None, locator.nth(i)
        out.append((locator.nth(i).inner_text()[:30], box["height"]))
    return out


@pytest.mark.parametrize("size", SIZES)
def test_sheet_and_search_at_three_sizes(
    app_url: str, open_app: Any, index: SearchIndex, size: tuple[int, int]
) -> None:
    app = open_app(f"{app_url}/buurt?code={WESTERBORK}&year=2025", size=size, block_outside=True)
    page = app.page
    sheet_of(app, index.buurtnamen[WESTERBORK])
    for key in ("nb.homes.title", "nb.plans.title", "nb.heat.title", "nb.att.title"):
        expect(page.get_by_role("heading", name=t(key))).to_be_attached()
    app.screenshot("buurt-sheet")

    fits = page.evaluate(PAGE_FITS)
    assert fits["doc"] <= fits["inner"], fits  # no sideways scrolling
    assert fits["main"] <= fits["mainClient"], fits
    small = [(text, px) for text, px in page.evaluate(TEXT_SIZES) if px < MIN_TEXT_PX]
    assert not small, small

    main = page.get_by_test_id("stMain")
    targets = heights(page.locator(".st-key-afk-search-search_buurt div[role='group']"))
    targets += heights(main.get_by_test_id("stPageLink").locator("a"))
    targets += heights(page.locator(".st-key-afk-lang button"))
    targets += heights(main.get_by_test_id("stExpander").locator("summary"))
    if size == PHONE:
        targets += heights(page.locator(".st-key-afk-jump a"))
    assert len(targets) >= 5, targets
    assert all(h >= MIN_TARGET_PX for _, h in targets), targets

    # The map is reachable: beside the sheet, or below it after the jump link on a phone.
    frame = page.locator(MAP)
    if size == PHONE:
        below = frame.bounding_box()
        assert below is not None and below["y"] > size[1], "on a phone the sheet comes first"
        page.locator(".st-key-afk-jump a").click()
    expect(frame).to_be_in_viewport(timeout=TIMEOUT)
    box = frame.bounding_box()
    assert box is not None and box["width"] <= size[0] and box["height"] >= 250, box

    # The search, typed into, with its results open.
    page.evaluate("document.querySelector('[data-testid=stMain]').scrollTo(0, 0)")
    searched = search_box(page)
    searched.click()
    searched.press_sequentially("smil", delay=40)
    expect(page.get_by_role("option").first).to_be_visible()
    option_heights = heights(page.get_by_role("option"))
    assert all(h >= MIN_TARGET_PX for _, h in option_heights), option_heights
    app.screenshot("buurt-search")
    fits = page.evaluate(PAGE_FITS)
    assert fits["doc"] <= fits["inner"], fits
    assert app.outside_requests() == [] and app.aborted == []
    no_errors(app)


# --- hostile names ----------------------------------------------------------------------


def test_hostile_names_stay_text_on_the_sheet_and_in_the_search(
    hostile_app_url: str, open_app: Any
) -> None:
    app = open_app(f"{hostile_app_url}/buurt?code={WESTERBORK}", size=LAPTOP)
    page = app.page
    expect(page.get_by_role("heading", level=1)).to_have_text(XSS)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(re.compile(re.escape(XSS))).first).to_be_visible()
    box = search_box(page)
    box.click()
    box.press_sequentially("onerror", delay=30)
    expect(page.get_by_role("option").first).to_contain_text(XSS)
    app.screenshot("buurt-hostile")
    page.keyboard.press("Tab")
    for target in (page, app.map_frame()):
        assert target.evaluate("window.__xss") is None
        assert target.locator('img[src="x"]').count() == 0
    assert [u for u in app.requests if urlparse(u).path.endswith("/x")] == []
    assert not app.dialogs and not app.page_errors
