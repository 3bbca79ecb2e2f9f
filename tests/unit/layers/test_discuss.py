"""Layer `discuss`: the points to discuss (geo.conflicts) where they are, one marker per
area with a symbol per kind, a dashed outline per polygon area, every sentence in the
popup. Expectations come from geo.conflicts.attention_points, never from the layer."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import folium
import pandas as pd
import pytest
import shapely
from layer_tools import (
    HOSTILE,
    HOSTILE_ESCAPED,
    children,
    geojson_features,
    js_decoded,
    json_argument,
    legend_html_of,
    parse_popup,
    render_on_map,
    scripts,
    svg_parts,
    visible_texts,
    with_table,
)
from pyproj import Transformer
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.config import Settings
from geo.conflicts import KINDS, AttentionPoint, attention_points
from geo.i18n import t
from layers.base import MapContext
from layers.map_builder import selection_group
from layers.registry import DEFAULT_LAYER_IDS, LAYERS_BY_ID

LAYER = LAYERS_BY_ID["discuss"]
POINTS_CALL = "afk.points(parent, "
TO_RD = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
TO_WGS84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
# The marker's place is rounded to 5 decimals (about a metre); Leaflet's coordinates.
NEAR_M = 2.0


# -- what geo.conflicts says ---------------------------------------------------------------


def expected_points(ctx: MapContext) -> list[AttentionPoint]:
    """The points the map should show: geo.conflicts for the context's data and year,
    with the agreement states the map draws."""
    settings = ctx.settings
    return attention_points(
        ctx.dataset,
        ctx.year,
        settings.conflicts,
        (settings.years.first, settings.years.last),
        states=ctx.agreement_states,
        party_names={p.id: p.name for p in settings.parties},
    )


def area_key(point: AttentionPoint) -> object:
    """An area: a buurt or wijk code; a park (or a drawn area) by name and place."""
    if point.kind == "park" or point.area_code is None:
        return ("place", point.area_name, point.geometry.wkb)
    return ("code", point.area_code)


def expected_areas(ctx: MapContext) -> dict[object, list[AttentionPoint]]:
    areas: dict[object, list[AttentionPoint]] = {}
    for point in expected_points(ctx):
        if point.geometry is not None and not point.geometry.is_empty:
            areas.setdefault(area_key(point), []).append(point)
    return areas


# -- what the layer emits ------------------------------------------------------------------


def marker_rows(group) -> list[list]:
    """The rows the group hands to afk.points: [lat, lon, symbols, popup, label, width, lift]."""
    found = [js for js in scripts(group) if js.startswith(POINTS_CALL)]
    assert len(found) == 1, "one afk.points call per group"
    return json_argument(found[0], POINTS_CALL)


class _Items(HTMLParser):
    """The text of every <li>, as the reader sees it (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self._depth += 1
            self.items.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.items[-1] += data


def popup_items(html: str) -> list[str]:
    parser = _Items()
    parser.feed(html)
    parser.close()
    return parser.items


def symbols(html: str) -> list[dict[str, str]]:
    return [svg_parts(svg) for svg in SVG.findall(html)]


def svg_width(svg: str) -> int:
    match = re.search(r"<svg\b[^>]*\swidth='(\d+)'", svg)
    assert match, svg
    return int(match.group(1))


def rd_point(row: list) -> shapely.Point:
    x, y = TO_RD.transform(row[1], row[0])
    return shapely.Point(x, y)


def wgs84(geometry: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geometry, TO_WGS84.transform, interleaved=False)


def lies_in(point: shapely.Point, area: BaseGeometry) -> bool:
    if area.geom_type in ("Polygon", "MultiPolygon"):
        return area.buffer(NEAR_M).contains(point)
    return area.distance(point) <= NEAR_M


def legend_symbols(ctx: MapContext) -> dict[str, dict[str, str]]:
    """The legend's symbol per kind (its entries are in KINDS order)."""
    entries = LAYER.legend(ctx).sections[0].entries
    assert len(entries) == len(KINDS)
    return {kind: svg_parts(e.symbol_html) for kind, e in zip(KINDS, entries, strict=True)}


def match_markers(ctx: MapContext, group) -> dict[object, list]:
    """Each expected area's one marker: titled with the area's name, inside the area."""
    rows = marker_rows(group)
    areas = expected_areas(ctx)
    matched: dict[object, list] = {}
    for key, points in areas.items():
        area = points[0].geometry
        mine = [
            row
            for row in rows
            if parse_popup(row[3]).title == points[0].area_name and lies_in(rd_point(row), area)
        ]
        assert len(mine) == 1, f"{points[0].area_name}: {len(mine)} markers, expected one"
        matched[key] = mine[0]
    assert len(rows) == len(areas), "a marker for an area without points, or one twice"
    assert len({id(r) for r in matched.values()}) == len(rows)
    return matched


# -- tests ---------------------------------------------------------------------------------


def test_the_layer_is_off_on_a_first_visit():
    assert "discuss" not in DEFAULT_LAYER_IDS


def check_markers(ctx: MapContext) -> dict[object, list]:
    """One marker per area, inside it, with exactly the area's kinds (KINDS order, the
    legend's symbols) and every sentence of the area in its popup. Returns the markers."""
    areas = expected_areas(ctx)
    group = LAYER.build(ctx)
    matched = match_markers(ctx, group)
    legend = legend_symbols(ctx)
    lang = ctx.lang
    for key, points in areas.items():
        row = matched[key]
        name = points[0].area_name
        kinds = [k for k in KINDS if any(p.kind == k for p in points)]
        assert symbols(row[2]) == [legend[k] for k in kinds], name
        # the icon is as wide as its row of symbols (afk.points' 6th value)
        assert row[5] == sum(svg_width(s) for s in SVG.findall(row[2]))
        # the marker's title (plain text) names the area and its kinds
        assert row[4].startswith(name)
        assert all(t(f"conflict.kind.{k}", lang) in row[4] for k in kinds)
        expected = [f"{t(f'conflict.kind.{p.kind}', lang)}: {p.text(lang)}" for p in points]
        assert popup_items(row[3]) == expected, name
        popup = parse_popup(row[3])
        assert popup.title == name
        assert popup.demo_tag == t("demo.mark", lang)
    # every point with a place is in exactly one popup
    listed = sum(len(popup_items(r[3])) for r in matched.values())
    assert listed == sum(1 for p in expected_points(ctx) if p.geometry is not None)
    return matched


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026])
def test_one_marker_per_area_with_its_kinds_and_sentences(make_ctx, year, lang):
    ctx = make_ctx(year, lang)
    assert year in ctx.settings.years.all()
    assert expected_areas(ctx), "the demo has points to discuss every year"
    check_markers(ctx)


@pytest.fixture(scope="module")
def crowded(demo_dataset):
    """The demo with one buurt of the 2024 `labels` points also designated in 2024 as
    an attention area without a vision: two kinds in one area."""
    settings = Settings()
    period = (settings.years.first, settings.years.last)
    labels = [
        p
        for p in attention_points(demo_dataset, 2024, settings.conflicts, period)
        if p.kind == "labels"
    ]
    code = labels[0].area_code
    areas = demo_dataset.attention_areas
    template = areas[(areas["status"] == "designated") & (areas["theme"] == "liveability")]
    row = template.iloc[[0]].copy()
    buurt = demo_dataset.buurten.set_index("buurtcode").loc[code]
    row["area_code"], row["area_kind"], row["year"] = code, "buurt", 2024
    row["vision"] = None
    row = row.set_geometry([buurt.geometry], crs=areas.crs)
    row.index = [areas.index.max() + 1]
    return with_table(demo_dataset, "attention_areas", pd.concat([areas, row])), code


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_area_with_two_kinds_has_both_symbols_and_both_sentences(make_ctx, crowded, lang):
    dataset, code = crowded
    ctx = make_ctx(2024, lang, dataset=dataset)
    kinds = [p.kind for p in expected_points(ctx) if p.area_code == code]
    assert kinds == ["no_vision", "labels"]
    matched = check_markers(ctx)
    row = matched[("code", code)]
    assert len(symbols(row[2])) == 2 and row[5] == 2 * svg_width(SVG.findall(row[2])[0])
    assert len(popup_items(row[3])) == 2


def test_parks_in_one_buurt_are_markers_of_their_own(make_ctx):
    """Parks carry the buurt they lie in as area_code; each park is still its own area
    (a marker at the park, titled with its name), not folded into its buurt."""
    ctx = make_ctx(2025)
    parks = [p for p in expected_points(ctx) if p.kind == "park"]
    per_buurt = Counter(p.area_code for p in parks)
    assert max(per_buurt.values()) > 1, "the demo has buurten with several such parks"
    rows = marker_rows(LAYER.build(ctx))
    for park in parks:
        here = [r for r in rows if rd_point(r).distance(park.geometry) <= NEAR_M]
        assert [parse_popup(r[3]).title for r in here] == [park.area_name]
        assert popup_items(here[0][3]) == [
            f"{t('conflict.kind.park', ctx.lang)}: {park.text(ctx.lang)}"
        ]


def test_the_popups_speak_the_language(make_ctx):
    nl = [r[3] for r in marker_rows(LAYER.build(make_ctx(2025, "nl")))]
    en = [r[3] for r in marker_rows(LAYER.build(make_ctx(2025, "en")))]
    assert len(nl) == len(en)
    assert all(a != b for a, b in zip(nl, en, strict=True))


def test_polygon_areas_get_a_dashed_outline_and_parks_none(make_ctx):
    ctx = make_ctx(2024)
    group = LAYER.build(ctx)
    features = geojson_features(group)
    areas = expected_areas(ctx)
    polygons = {
        k: ps[0]
        for k, ps in areas.items()
        if ps[0].geometry.geom_type in ("Polygon", "MultiPolygon")
    }
    points = [ps[0] for ps in areas.values() if ps[0].geometry.geom_type == "Point"]
    assert polygons and points, "the demo has areas and parks to discuss"
    assert len(features) == len(polygons)
    outlines = [shape(f["geometry"]) for f in features]
    assert all(o.geom_type in ("Polygon", "MultiPolygon") for o in outlines)
    matched = match_markers(ctx, group)
    for key, point in polygons.items():
        area = wgs84(point.geometry)
        hits = [
            f for f, o in zip(features, outlines, strict=True) if o.hausdorff_distance(area) < 1e-4
        ]
        assert len(hits) == 1, point.area_name
        # the outline's popup is the marker's: a click on either tells the same
        assert hits[0]["properties"]["popup"] == matched[key][3]
    park_popups = {matched[area_key(p)][3] for p in points}
    assert not any(f["properties"]["popup"] in park_popups for f in features)
    # dashed: the style Leaflet gets has a dash pattern for every outline, and never
    # the selected buurt's (without colour, it would read as the selection)
    (geojson,) = children(group, folium.GeoJson)
    (selection,) = children(
        selection_group(ctx, str(ctx.dataset.buurten["buurtcode"].iloc[0])), folium.GeoJson
    )
    selected_dash = selection.style_function({})["dashArray"]
    for feature in features:
        style = geojson.style_function(feature)
        assert style["dashArray"].strip(), feature["properties"]
        assert style["dashArray"] != selected_dash
        assert style["weight"] >= 3


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_legend_counts_each_kind_and_tells_kinds_apart_without_colour(make_ctx, lang):
    ctx = make_ctx(2024, lang)
    counts = Counter(p.kind for p in expected_points(ctx))
    assert len(counts) == len(KINDS), "the demo has points of every kind in 2024"
    legend = LAYER.legend(ctx)
    expected = [f"{t(f'conflict.kind.{k}', lang)} ({counts[k]})" for k in KINDS]
    assert legend.labels() == expected
    texts = visible_texts(legend_html_of(LAYER.build(ctx)))
    assert all(label in texts for label in expected)
    parts = list(legend_symbols(ctx).values())
    for i, a in enumerate(parts):
        for b in parts[i + 1 :]:
            assert a["shape"] != b["shape"]
            assert a["letter"] != b["letter"]
            assert a["letter"].strip()


def test_the_year_changes_the_markers(make_ctx, demo_settings):
    years = demo_settings.years.all()
    texts = {y: sorted(p.text("nl") for p in expected_points(make_ctx(y))) for y in years}
    pairs = [(a, b) for a in years for b in years if a < b and texts[a] != texts[b]]
    assert pairs, "the demo's years should not all have the same points"
    first, second = pairs[0]
    rows = {y: marker_rows(LAYER.build(make_ctx(y))) for y in (first, second)}
    assert rows[first] != rows[second]
    for year in (first, second):
        popups = "".join(r[3] for r in rows[year])
        shown = sorted(item.split(": ", 1)[1] for r in rows[year] for item in popup_items(r[3]))
        assert shown == sorted(
            p.text("nl") for p in expected_points(make_ctx(year)) if p.geometry is not None
        )
        assert popups
    # years with the same points draw the same markers
    same = [(a, b) for a in years for b in years if a < b and texts[a] == texts[b]]
    for a, b in same:
        assert marker_rows(LAYER.build(make_ctx(a))) == marker_rows(LAYER.build(make_ctx(b)))


def test_the_title_has_no_year_and_is_the_same_every_year(make_ctx, demo_settings):
    for lang in ("nl", "en"):
        titles = {LAYER.title(make_ctx(y, lang)) for y in demo_settings.years.all()}
        assert len(titles) == 1
        (title,) = titles
        assert not re.search(r"\d", title), title
        assert title == t("layer.discuss", lang)
        assert LAYER.build(make_ctx(2023, lang)).layer_name == title
    assert LAYER.title(make_ctx(2025, "nl")) == "Om te bespreken"
    assert LAYER.title(make_ctx(2025, "en")) == "To discuss"


def test_hostile_names_are_escaped(make_ctx, hostile_dataset):
    assert (hostile_dataset.buurten["buurtnaam"] == HOSTILE).all()
    ctx = make_ctx(2024, dataset=hostile_dataset)
    points = expected_points(ctx)
    assert any(HOSTILE in p.text("nl") for p in points), "the sentences hold the names"
    group = LAYER.build(ctx)
    rows = marker_rows(group)
    assert rows
    for _, _, icons, popup, label, *_ in rows:
        assert "<img" not in icons
        assert "<img" not in popup
        assert HOSTILE_ESCAPED in popup
        assert parse_popup(popup).title == HOSTILE
        # a DOM property (Leaflet sets icon.title), so plain text, not escaped twice
        assert label.startswith(HOSTILE)
    assert any(HOSTILE in item for r in rows for item in popup_items(r[3]))
    for feature in geojson_features(group):
        assert "<img" not in feature["properties"]["popup"]
    assert "<img" not in legend_html_of(group)
    assert all("<" not in js and ">" not in js for js in scripts(group))
    page, _ = render_on_map(group)
    assert "<img" not in page
    # decoded (as the browser reads the script strings), the raw name is only in the
    # marker titles: nowhere it would be read as HTML
    decoded = js_decoded(page)
    assert decoded.count("<img") == decoded.count(HOSTILE) == len(rows)


def test_no_points_no_markers_and_a_legend_of_zeros(make_ctx, demo_dataset):
    empty = demo_dataset
    for name in ("heat_phasing", "attention_areas", "private_homes"):
        empty = with_table(empty, name, demo_dataset.table(name).iloc[0:0])
    parks = demo_dataset.holiday_parks.copy()
    parks["target_group_households"] = 0  # parks stay, but none qualifies
    empty = with_table(empty, "holiday_parks", parks)
    ctx = make_ctx(2024, dataset=empty)
    assert expected_points(ctx) == []
    group = LAYER.build(ctx)
    assert marker_rows(group) == []
    assert geojson_features(group) == []
    assert LAYER.legend(ctx).labels() == [f"{t(f'conflict.kind.{k}')} (0)" for k in KINDS]
    page, _ = render_on_map(group)
    assert POINTS_CALL + "[]" in page
