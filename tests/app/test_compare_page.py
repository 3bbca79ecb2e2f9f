"""The comparison page (/vergelijken) under AppTest: two years side by side.

AppTest runs no JavaScript; it sees the st_folium component's arguments. For a DualMap
streamlit-folium hands over one script: the left map (`map_div`), then the right map
(`map_div2`), then the script that syncs them. The browser half is in
tests/e2e/test_compare_browser.py.
"""

from __future__ import annotations

import json
import re
from typing import Any

import folium
import pytest
from streamlit.testing.v1 import AppTest

from geo.agreements import designated
from geo.config import PROJECT_ROOT, Settings, load_settings
from geo.dataset import Dataset
from geo.i18n import t
from layers.base import MapContext
from layers.registry import DEFAULT_LAYER_IDS, LAYERS_BY_ID
from tests.app.apptest import map_args, open_page

RIGHT_MAP = re.compile(r"var map_div2 = L\.map\(")
POPUP = re.compile(r'"popup":\s*"((?:[^"\\]|\\.)*)"')


def compare_app() -> None:
    """The comparison page as the landing page, with the map page to link back to."""
    import streamlit as st

    from ui import compare_page, map_page

    st.navigation(
        [
            st.Page(compare_page.render, title="Vergelijken", url_path="vergelijken", default=True),
            st.Page(map_page.render, title="Kaart", url_path="kaart"),
        ],
        position="hidden",
    ).run()


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings(env={})


def halves(at: AppTest) -> tuple[str, str]:
    """The script of the left map and that of the right map (with the sync script)."""
    script = map_args(at)["script"]
    found = RIGHT_MAP.search(script)
    assert found, "no right map in the script"
    assert "map_div.sync(map_div2" in script and "map_div2.sync(map_div" in script
    return script[: found.start()], script[found.start() :]


def popups(text: str) -> set[str]:
    """Every popup's HTML in a map script (folium JSON-escapes it)."""
    return {json.loads(f'"{raw}"') for raw in POPUP.findall(text)}


def layer_popups(layer_id: str, ctx: MapContext) -> set[str]:
    """The popups of one layer drawn for `ctx` on its own."""
    m = folium.Map(tiles=None)
    LAYERS_BY_ID[layer_id].build(ctx).add_to(m)
    return popups(m.get_root().render())


def year_of(half: str) -> str:
    match = re.search(r'afk\.yearBadge\(parent, "(\d+)"', half)
    assert match, "no year badge"
    return match.group(1)


def segmented(at: AppTest, key: str) -> Any:
    return at.button_group(key=key)


# --- years ------------------------------------------------------------------------------


def test_default_years_are_the_first_and_last_configured(settings: Settings) -> None:
    at = open_page(compare_app, timeout=90)
    first, last = settings.years.first, settings.years.last
    assert first != last
    assert segmented(at, "compare_left").value == first
    assert segmented(at, "compare_right").value == last
    assert segmented(at, "compare_left").options == [str(y) for y in settings.years.all()]
    assert at.query_params["left"] == str(first) and at.query_params["right"] == str(last)
    left, right = halves(at)
    assert (year_of(left), year_of(right)) == (str(first), str(last))
    assert f"· {first}" in left and f"· {first}" not in right
    assert f"· {last}" in right and f"· {last}" not in left
    # The map page's default layers, on both sides; a legend per layer on each side.
    assert segmented(at, "layers").value == list(DEFAULT_LAYER_IDS)
    assert left.count("afk.boundLegend(") == right.count("afk.boundLegend(")
    assert left.count("afk.boundLegend(") == len(DEFAULT_LAYER_IDS)
    assert not at.warning or all(t("demo.mark") in w.value for w in at.warning)


def test_a_link_with_both_years_and_english_shows_them(settings: Settings) -> None:
    years = settings.years.all()
    left_year, right_year = years[1], years[2]
    at = open_page(compare_app, timeout=90, left=str(left_year), right=str(right_year), lang="en")
    assert segmented(at, "compare_left").value == left_year
    assert segmented(at, "compare_right").value == right_year
    assert segmented(at, "compare_left").label == t("compare.left", "en")
    assert segmented(at, "compare_right").label == t("compare.right", "en")
    assert segmented(at, "lang").value == "en"
    left, right = halves(at)
    assert (year_of(left), year_of(right)) == (str(left_year), str(right_year))
    assert t("compare.badge", "en", year=left_year) in left
    assert t("demo.mark", "en") in left and t("demo.mark", "en") in right
    assert t("demo.mark", "nl") not in left + right
    assert '"legend":"Legend"' in right  # the phone's legend button, in English
    assert at.query_params["lang"] == "en"


@pytest.mark.parametrize(("left", "right"), [("1999", "2026"), ("2023", "morgen")])
def test_an_unknown_year_in_the_link_falls_back(left: str, right: str, settings: Settings) -> None:
    at = open_page(compare_app, timeout=90, left=left, right=right)
    shown_left = int(left) if left.isdigit() and int(left) in settings.years.all() else None
    shown_right = int(right) if right.isdigit() and int(right) in settings.years.all() else None
    assert segmented(at, "compare_left").value == (shown_left or settings.years.first)
    assert segmented(at, "compare_right").value == (shown_right or settings.years.last)
    bad = left if shown_left is None else right
    warnings = [w.value for w in at.warning if "morgen" in w.value or "1999" in w.value]
    assert len(warnings) == 1 and bad in warnings[0]
    # The link is mended: it names the years shown.
    assert at.query_params["left"] == str(segmented(at, "compare_left").value)
    assert at.query_params["right"] == str(segmented(at, "compare_right").value)
    halves(at)  # both maps are there


def test_the_same_year_on_both_sides_says_so(settings: Settings) -> None:
    year = str(settings.years.first)
    at = open_page(compare_app, timeout=90, left=year, right=year)
    assert t("compare.same_year") in [i.value for i in at.info]


def test_changing_a_year_redraws_that_side_and_updates_the_link(settings: Settings) -> None:
    at = open_page(compare_app, timeout=90)
    years = settings.years.all()
    segmented(at, "compare_right").set_value(years[1]).run()
    assert not at.exception
    assert at.query_params["right"] == str(years[1])
    left, right = halves(at)
    assert (year_of(left), year_of(right)) == (str(years[0]), str(years[1]))


# --- the data of each year ------------------------------------------------------------


def differing_years(ds: Dataset, settings: Settings) -> tuple[int, int]:
    """Two configured years whose designated attention areas differ (first and last
    when they do), from the data."""
    years = settings.years.all()
    ctx = MapContext(ds, settings, years[0])
    areas = {y: set(designated(ctx.agreement_states, y)["area_code"]) for y in years}
    pairs = [(years[0], years[-1])] + [(a, b) for a in years for b in years if a < b]
    return next((a, b) for a, b in pairs if areas[a] != areas[b])


def test_each_map_shows_the_attention_areas_of_its_own_year(
    demo_dataset: Dataset, settings: Settings
) -> None:
    left_year, right_year = differing_years(demo_dataset, settings)
    at = open_page(compare_app, timeout=90, left=str(left_year), right=str(right_year))
    left, right = halves(at)
    attention = LAYERS_BY_ID["attention_areas"]
    contexts = {y: MapContext(demo_dataset, settings, y) for y in (left_year, right_year)}
    expected = {y: layer_popups("attention_areas", ctx) for y, ctx in contexts.items()}
    assert expected[left_year] != expected[right_year]
    assert expected[left_year] <= popups(left) and expected[right_year] <= popups(right)
    assert not (expected[left_year] - expected[right_year]) & popups(right)
    assert not (expected[right_year] - expected[left_year]) & popups(left)
    # The legends count each year's areas.
    for year, half in ((left_year, left), (right_year, right)):
        label = attention.legend(contexts[year]).labels()[0]
        assert json.dumps(label, ensure_ascii=False)[1:-1] in half, (year, label)


def test_layers_chosen_in_the_menu_apply_to_both_maps(demo_dataset: Dataset) -> None:
    at = open_page(compare_app, timeout=90)
    chosen = ["attention_areas"]
    segmented(at, "layers").set_value(chosen).run()
    assert not at.exception
    left, right = halves(at)
    ctx = MapContext(demo_dataset, load_settings(env={}), 2024)
    for half in (left, right):
        assert half.count("afk.boundLegend(") == 1
        assert LAYERS_BY_ID["attention_areas"].title(ctx) in half
        assert "afk.homeCluster(" not in half  # corporation housing is off
    assert not map_args(at)["layer_control"]  # the page's menu is the one layer control


# --- offline ----------------------------------------------------------------------------


def test_both_maps_load_only_the_apps_own_assets() -> None:
    args = map_args(open_page(compare_app, timeout=90))
    assert any(link.endswith("/L.Map.Sync.js") for link in args["js_links"])
    assert any(link.endswith("/compare.js") for link in args["js_links"])
    for link in args["css_links"] + args["js_links"]:
        assert link.startswith("/app/static/"), link
        served = PROJECT_ROOT / "static" / link.removeprefix("/app/static/")
        assert served.is_file(), f"{link} is not in static/ (make setup copies it)"
    assert "<script src" not in args["header"] + args["html"]
    assert "jsdelivr" not in json.dumps(args)


def test_offline_maps_name_no_outside_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFSPRAKENKAART_OFFLINE", "1")
    args = map_args(open_page(compare_app, timeout=90))
    for part in ("script", "header", "html"):
        urls = re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}", args[part])
        assert not urls, (part, urls[:3])
    assert args["returned_objects"] == [], "nothing on the maps reruns the page"
