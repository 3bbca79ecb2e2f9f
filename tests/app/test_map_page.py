"""The map page under Streamlit's AppTest: no browser, the script and its widgets.

AppTest cannot run the map's JavaScript. What it can see is the st_folium component's
arguments (`json_args`): the base map script, the overlay feature groups, the layer
control and the assets the iframe will load. A click on the map is injected through the
component's widget state (see ../shared/notes/testing-streamlit.md).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
from shapely.geometry import Point
from streamlit.testing.v1 import AppTest

from geo import neighbourhood
from geo.agreements import Actor
from geo.config import DEMO_DATA_DIR, PROJECT_ROOT, load_settings
from geo.dataset import Dataset
from geo.facts import buurt_facts
from geo.i18n import t
from layers.base import MapContext
from layers.registry import DEFAULT_LAYER_IDS, LAYER_IDS, LAYERS_BY_ID
from tests.app.apptest import checked, map_args, open_page, unescape

SMILDE = "BU17310600"  # Smilde-Centrum
RD = "EPSG:28992"
WGS84 = "EPSG:4326"


# --- helpers -------------------------------------------------------------------------


def outlined(args: dict[str, Any]) -> bool:
    """Whether the overlays draw the selected buurt's dashed outline."""
    return re.search(r'"dashArray":\s*"10 6"', args["feature_group"]) is not None


def click(at: AppTest, lat: float, lng: float) -> AppTest:
    """What the browser sends when the user clicks the map at (lat, lng)."""
    at.session_state[map_args(at)["key"]] = {"last_clicked": {"lat": lat, "lng": lng}}
    return checked(at)


def panel_headings(at: AppTest) -> list[str]:
    return [unescape(s.value) for s in at.header]


def buurten_wgs84() -> gpd.GeoDataFrame:
    return gpd.read_file(DEMO_DATA_DIR / "buurten.geojson").to_crs(WGS84)


def inside_point(code: str) -> tuple[float, float]:
    """(lat, lng) of a point surely inside buurt `code` (its representative point)."""
    buurten = gpd.read_file(DEMO_DATA_DIR / "buurten.geojson").to_crs(RD)
    row = buurten[buurten["buurtcode"] == code]
    assert len(row) == 1, code
    point = gpd.GeoSeries([row.geometry.iloc[0].representative_point()], crs=RD).to_crs(WGS84)
    return float(point.iloc[0].y), float(point.iloc[0].x)


def overlay_title(layer_id: str, demo_dataset: Dataset, year: int = 2024) -> str:
    ctx = MapContext(dataset=demo_dataset, settings=load_settings(env={}), year=year)
    return LAYERS_BY_ID[layer_id].title(ctx)


def control_overlays(layer_control: str) -> dict[str, str]:
    """Overlay name -> JS variable of its feature group, as listed in the layer control."""
    return dict(re.findall(r'"([^"\n]+)"\s*:\s*(feature_group_\w+)', layer_control))


def removed_groups(layer_control: str) -> list[str]:
    return re.findall(r"\.removeLayer\((feature_group_\w+)\)", layer_control)


FEWER = t("nb.fewer", "nl", n=5)


def homes_shown(at: AppTest) -> dict[str, int | None]:
    """The panel's homes per corporation (total last; None: "minder dan 5"), {} when it
    shows no table."""
    columns = [t("panel.col.corporation", "nl"), t("panel.col.homes", "nl")]
    tables = [d.value for d in at.dataframe if list(d.value.columns) == columns]
    assert len(tables) <= 1
    if not tables:
        return {}
    table = tables[0]
    return {
        str(k): None if v == FEWER else int(str(v).replace(".", ""))
        for k, v in zip(table.iloc[:, 0], table.iloc[:, 1], strict=True)
    }


def expected_homes(demo_dataset: Dataset, code: str, year: int) -> dict[str, int | None]:
    """What a viewer is shown: counts of 1-4 (and what would give one away) hidden."""
    facts = buurt_facts(demo_dataset, code, year)
    if not facts.homes_per_corporation:
        return {}
    rows, total = neighbourhood.homes_shown(facts.homes_per_corporation)
    return {**{r.corporation: r.homes for r in rows}, t("panel.homes_total", "nl"): total}


def test_a_viewer_sees_no_small_counts_a_facilitator_does(demo_dataset: Dataset) -> None:
    """A buurt whose works of a year include 1-4 homes: the viewer reads "minder dan 5",
    the facilitator the number (DESIGN.md, "Small numbers")."""
    small = next(
        (code, year, w)
        for code in demo_dataset.buurten["buurtcode"]
        for year in (2023, 2024, 2025, 2026)
        for w in buurt_facts(demo_dataset, code, year).works.itertuples()
        if 0 < int(w.homes) < 5
    )
    code, year, work = small
    line = f"{work.year} · {t(f'measure.{work.measure}', 'nl')} · {work.corporation}: "
    viewer = open_page(buurt=code, year=str(year))
    texts = [unescape(m.value) for m in viewer.markdown]
    assert any(line in x and FEWER in x for x in texts), texts
    at = open_page(buurt=code, year=str(year), actor=Actor("facilitator", None, "Fien"))
    texts = [unescape(m.value) for m in at.markdown]
    assert any(line in x and f"**{int(work.homes)}**" in x for x in texts), texts


# --- the page as a whole ---------------------------------------------------------------


def test_page_runs_and_offers_every_buurt(demo_dataset: Dataset) -> None:
    at = open_page(year="2024")
    assert not at.error
    map_args(at)  # exactly one map component
    assert at.button_group(key="year").value == 2024
    # Meeliften is an analysis a facilitator turns on; the four data layers are on.
    assert at.button_group(key="layers").value == list(DEFAULT_LAYER_IDS)
    assert set(LAYER_IDS) - set(DEFAULT_LAYER_IDS) == {"meeliften", "discuss"}
    select = at.selectbox(key="buurt")
    assert select.value is None
    assert sorted(select.options) == sorted(demo_dataset.buurten["buurtnaam"])
    assert not at.header  # no buurt, so no panel yet
    assert at.info, "the panel tells how to pick a buurt"


def test_map_assets_come_only_from_the_app() -> None:
    args = map_args(open_page(year="2024"))
    links = args["css_links"] + args["js_links"]
    assert args["js_links"], "the iframe needs Leaflet"
    assert any(link.endswith("/leaflet.js") for link in args["js_links"])
    for link in links:
        assert link.startswith("/app/static/"), link
        served = PROJECT_ROOT / "static" / link.removeprefix("/app/static/")
        assert served.is_file(), f"{link} is not in static/ (Streamlit would answer HTML)"
    assert "<script src" not in args["header"] + args["html"]


def test_offline_map_names_no_outside_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFSPRAKENKAART_OFFLINE", "1")
    args = map_args(open_page(year="2024"))
    for part in ("script", "feature_group", "layer_control", "header", "html"):
        urls = re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}", args[part])
        assert not urls, (part, urls[:3])


def test_online_map_reaches_out_only_for_basemap_tiles() -> None:
    args = map_args(open_page(year="2024"))
    basemap = load_settings(env={}).basemap.url
    assert json.dumps(basemap)[1:-1] in args["script"] or basemap in args["script"]
    text = "".join(args[p] for p in ("script", "feature_group", "layer_control", "header"))
    hosts = set(re.findall(r"https?://([\w.-]+)", text))
    assert hosts == {re.match(r"https?://([\w.-]+)", basemap).group(1)}  # type: ignore[union-attr]


# --- year and layers --------------------------------------------------------------------


def _title_text(feature_group: str) -> str:
    """The year title control's HTML, as the overlay script hands it to the browser."""
    match = re.search(r'"afk-title",\s*"((?:[^"\\]|\\.)*)"', feature_group)
    assert match, "no title control in the overlays"
    return json.loads(f'"{match.group(1)}"')


def test_year_change_swaps_overlays_and_keeps_the_base_map(demo_dataset: Dataset) -> None:
    at = open_page(year="2024")
    before = map_args(at)
    assert "· 2024" in _title_text(before["feature_group"])

    at.button_group(key="year").set_value(2023).run()
    assert not at.exception
    after = map_args(at)

    title = _title_text(after["feature_group"])
    assert "· 2023" in title and "· 2024" not in title
    # The legend counts follow the year (attention areas designated in that year).
    attention = LAYERS_BY_ID["attention_areas"]
    counts = {}
    for year, args in ((2024, before), (2023, after)):
        ctx = MapContext(dataset=demo_dataset, settings=load_settings(env={}), year=year)
        label = attention.legend(ctx).labels()[0]
        assert label in args["feature_group"], (year, label)
        counts[year] = len(attention.areas(ctx))
    assert counts[2023] != counts[2024], "pick years whose counts differ"
    assert (
        attention.legend(
            MapContext(dataset=demo_dataset, settings=load_settings(env={}), year=2024)
        ).labels()[0]
        not in after["feature_group"]
    )
    # The base map is untouched, so the browser keeps its map, zoom and position.
    assert after["script"] == before["script"]
    assert after["key"] == before["key"]
    assert after["feature_group"] != before["feature_group"]


@pytest.mark.parametrize("off", LAYER_IDS)
def test_deselected_layer_stays_listed_but_is_removed(off: str, demo_dataset: Dataset) -> None:
    at = open_page(year="2024")
    at.button_group(key="layers").set_value(list(LAYER_IDS)).run()
    all_on = map_args(at)["layer_control"]
    listed = control_overlays(all_on)
    titles = {i: overlay_title(i, demo_dataset) for i in LAYER_IDS}
    assert set(listed) == set(titles.values())
    assert removed_groups(all_on) == []

    at.button_group(key="layers").set_value([i for i in LAYER_IDS if i != off]).run()
    assert not at.exception
    args = map_args(at)
    control = control_overlays(args["layer_control"])
    assert set(control) == set(titles.values()), "all stay in the layer control"
    assert removed_groups(args["layer_control"]) == [control[titles[off]]]
    assert titles[off] not in _title_text(args["feature_group"])


def test_no_layer_selected_removes_them_all(demo_dataset: Dataset) -> None:
    at = open_page(year="2024")
    at.button_group(key="layers").set_value([]).run()
    assert not at.exception
    control = map_args(at)["layer_control"]
    assert sorted(removed_groups(control)) == sorted(control_overlays(control).values())
    assert len(control_overlays(control)) == len(LAYER_IDS)


# --- the buurt panel ------------------------------------------------------------------


def test_url_reproduces_the_view(demo_dataset: Dataset) -> None:
    at = open_page(year="2024", buurt=SMILDE)
    assert at.button_group(key="year").value == 2024
    assert at.selectbox(key="buurt").value == SMILDE
    assert panel_headings(at) == ["Smilde-Centrum"]
    assert any(SMILDE in unescape(c.value) for c in at.caption)
    assert "**Corporatiewoningen in 2024**" in [m.value for m in at.markdown]
    assert homes_shown(at) == expected_homes(demo_dataset, SMILDE, 2024)
    facts = buurt_facts(demo_dataset, SMILDE, 2024)
    # The works list: one line per year, measure and corporation, with its homes.
    [works] = [m.value for m in at.markdown if m.value.startswith("- 2")]
    lines = works.splitlines()
    assert len(lines) == len(facts.works) > 0
    # A viewer: counts of 1-4 read "minder dan 5".
    shown = [re.search(r"\*\*([^*]+)\*\*", line).group(1) for line in lines]  # type: ignore[union-attr]
    assert shown == [FEWER if 0 < n < 5 else str(n) for n in facts.works["homes"]]
    # The selected buurt is outlined on the map (the selection overlay).
    assert outlined(map_args(at))
    assert at.query_params["buurt"] == SMILDE


def test_unknown_buurt_in_url_selects_nothing() -> None:
    at = open_page(year="2024", buurt="BU99999999")
    assert at.selectbox(key="buurt").value is None
    assert not at.header
    assert not outlined(map_args(at))


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("BU17310000", "Beilen"),
        (SMILDE, "Smilde-Centrum"),
        ("BU17310709", "Verspreide huizen Bovensmilde"),  # a MultiPolygon
        ("BU17311609", "Verspreide huizen de Broekstreek"),
    ],
)
def test_click_in_a_buurt_selects_it(code: str, name: str, demo_dataset: Dataset) -> None:
    at = open_page(year="2025")
    assert at.selectbox(key="buurt").value is None
    lat, lng = inside_point(code)
    click(at, lat, lng)
    assert at.selectbox(key="buurt").value == code
    assert panel_headings(at) == [name]
    assert homes_shown(at) == expected_homes(demo_dataset, code, 2025)
    assert at.query_params["buurt"] == code
    assert outlined(map_args(at))


def test_click_outside_every_buurt_selects_nothing() -> None:
    buurten = buurten_wgs84()
    minx, miny, _, _ = buurten.total_bounds
    lat, lng = miny + 0.002, minx + 0.002  # the south-west corner of the bounding box
    assert not buurten.union_all().contains(Point(lng, lat))
    at = open_page(year="2024")
    click(at, lat, lng)
    assert at.selectbox(key="buurt").value is None
    assert not at.header
    assert "buurt" not in at.query_params


def test_an_old_click_does_not_undo_a_later_choice_in_the_selectbox() -> None:
    """st_folium keeps returning the last click on every rerun: it must count once."""
    at = open_page(year="2024")
    click(at, *inside_point("BU17310000"))
    assert at.selectbox(key="buurt").value == "BU17310000"
    at.selectbox(key="buurt").set_value(SMILDE).run()
    assert not at.exception
    assert at.selectbox(key="buurt").value == SMILDE
    assert panel_headings(at) == ["Smilde-Centrum"]
    assert at.query_params["buurt"] == SMILDE
    at.button_group(key="year").set_value(2023).run()  # one more rerun
    assert at.selectbox(key="buurt").value == SMILDE


def test_clearing_the_selectbox_clears_the_url() -> None:
    at = open_page(year="2024", buurt=SMILDE)
    at.selectbox(key="buurt").set_value(None).run()
    assert not at.exception
    assert not at.header
    assert "buurt" not in at.query_params


# --- bad and hostile data ---------------------------------------------------------------


def _rewrite(path: Path, edit: Any) -> None:
    gdf = gpd.read_file(path)
    edit(gdf)
    path.unlink()
    gdf.to_file(path, driver="GeoJSON")


def _duplicate_code(data: Path) -> tuple[str, str, str]:
    def edit(g: gpd.GeoDataFrame) -> None:
        g.loc[1, "buurtcode"] = g.loc[0, "buurtcode"]

    _rewrite(data / "buurten.geojson", edit)
    return "buurten.geojson", "buurtcode", "occurs more than once"


def _unknown_buurt_of_a_home(data: Path) -> tuple[str, str, str]:
    def edit(g: gpd.GeoDataFrame) -> None:
        g.loc[3, "buurtcode"] = "BU99999999"

    _rewrite(data / "corporation_homes.geojson", edit)
    return "corporation_homes.geojson", "buurtcode", "BU99999999"


@pytest.mark.parametrize("breakage", [_duplicate_code, _unknown_buurt_of_a_home])
def test_broken_data_shows_an_error_naming_file_and_field(
    breakage: Any, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file, field, what = breakage(data_copy)
    monkeypatch.setenv("AFSPRAKENKAART_DATA", str(data_copy))
    at = open_page(year="2024")
    assert not at.exception
    # The message names the data directory; the report under it every file and field.
    errors = [unescape(e.value) for e in at.error]
    assert len(errors) == 1 and str(data_copy) in errors[0], errors
    report = "\n".join(c.value for c in at.code)
    assert file in report and f"field '{field}'" in report and what in report, report
    assert not at.get("component_instance"), "no map from broken data"


def test_missing_data_directory_shows_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFSPRAKENKAART_DATA", str(tmp_path / "nowhere"))
    at = open_page()
    assert not at.exception
    errors = [unescape(e.value) for e in at.error]
    assert len(errors) == 1 and str(tmp_path / "nowhere") in errors[0], errors


def test_hostile_names_are_shown_as_text(
    hostile_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile = str(gpd.read_file(hostile_data / "buurten.geojson")["buurtnaam"].iloc[0])
    assert hostile.startswith("<img")
    monkeypatch.setenv("AFSPRAKENKAART_DATA", str(hostile_data))
    at = open_page(year="2024", buurt=SMILDE)
    assert not at.error
    assert at.selectbox(key="buurt").value == SMILDE
    assert panel_headings(at) == [hostile]
    # Markdown-rendered text carries the name escaped, so it cannot become markup.
    assert at.header[0].value != hostile
    for element in [*at.markdown, *at.caption]:
        assert not re.search(r"(?<!\\)<img", element.value), element.value
    # The map's scripts carry data as HTML-safe JSON: no text can close a <script>.
    # (Whether the browser shows it as text is tested in tests/e2e.)
    args = map_args(at)
    for part in ("script", "feature_group", "layer_control"):
        assert "<img" not in args[part], part
        assert "</script" not in args[part].lower(), part


def test_data_is_read_from_the_configured_directory(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache is keyed on the directory: another directory shows its own names."""
    _rewrite(data_copy / "buurten.geojson", lambda g: g.__setitem__("buurtnaam", "Testbuurt"))
    monkeypatch.setenv("AFSPRAKENKAART_DATA", str(data_copy))
    at = open_page(year="2024", buurt=SMILDE)
    assert panel_headings(at) == ["Testbuurt"]
    monkeypatch.delenv("AFSPRAKENKAART_DATA")
    assert panel_headings(open_page(year="2024", buurt=SMILDE)) == ["Smilde-Centrum"]
