"""Layer `holiday_parks`: a symbol per park, shape and colour per vitality class."""

from __future__ import annotations

import json
from collections import Counter

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from layer_tools import (
    HOSTILE,
    HOSTILE_ESCAPED,
    js_decoded,
    json_argument,
    legend_html_of,
    parse_popup,
    render_on_map,
    scripts,
    svg_parts,
    with_manifest,
)

from geo.codes import VITALITY
from geo.i18n import t
from layers.registry import LAYERS_BY_ID

LAYER = LAYERS_BY_ID["holiday_parks"]
POINTS_CALL = "afk.points(parent, "


@pytest.fixture(scope="module")
def park_file(demo_dataset) -> gpd.GeoDataFrame:
    """The demo's parks, read straight from the file (not through the loader)."""
    raw = json.loads((demo_dataset.directory / "holiday_parks.geojson").read_text("utf-8"))
    return gpd.GeoDataFrame.from_features(raw["features"], crs="EPSG:28992")


def emitted_rows(group) -> list[list]:
    """The rows the group hands to afk.points: [lat, lon, icon, popup, label]."""
    found = [js for js in scripts(group) if js.startswith(POINTS_CALL)]
    assert len(found) == 1
    return json_argument(found[0], POINTS_CALL)


def rows_by_park(group, names: set[str]) -> dict[str, list]:
    out = {}
    for row in emitted_rows(group):
        title = parse_popup(row[3]).title
        assert title in names
        assert title not in out, f"{title} drawn twice"
        out[title] = row
    return out


def test_every_park_is_drawn_once_where_it_lies(make_ctx, park_file):
    assert len(park_file) == 25
    group = LAYER.build(make_ctx(2025))
    rows = rows_by_park(group, set(park_file["name"]))
    assert set(rows) == set(park_file["name"])

    where = park_file.set_index("name").to_crs(4326).geometry
    for name, row in rows.items():
        lat, lon = row[0], row[1]
        assert shapely.Point(lon, lat).distance(where[name].representative_point()) < 2e-5


def test_the_year_does_not_change_the_parks(make_ctx):
    assert emitted_rows(LAYER.build(make_ctx(2023))) == emitted_rows(LAYER.build(make_ctx(2026)))


def test_symbol_shape_and_colour_differ_per_vitality_class(make_ctx, park_file):
    rows = rows_by_park(LAYER.build(make_ctx(2025)), set(park_file["name"]))
    vitality = dict(zip(park_file["name"], park_file["vitality"], strict=True))
    icons: dict[str, set[str]] = {}
    for name, row in rows.items():
        icons.setdefault(vitality[name], set()).add(row[2])
    assert set(icons) == set(VITALITY), "the demo has parks of every class"
    assert all(len(v) == 1 for v in icons.values()), "one symbol per class"
    parts = {v: svg_parts(next(iter(s))) for v, s in icons.items()}
    # readable without colour: the shapes differ, and so do the colours
    assert len({p["shape"] for p in parts.values()}) == len(VITALITY)
    assert len({p["stroke"] for p in parts.values()}) == len(VITALITY)

    # the legend shows the same shape and colour for each class
    for lang in ("nl", "en"):
        for entry in LAYER.legend(make_ctx(2025, lang)).sections[0].entries:
            (cls,) = [v for v in VITALITY if entry.label.startswith(t(f"vitality.{v}", lang))]
            legend = svg_parts(entry.symbol_html)
            assert (legend["shape"], legend["stroke"]) == (
                parts[cls]["shape"],
                parts[cls]["stroke"],
            )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_legend_counts_parks_per_class(make_ctx, park_file, lang):
    labels = LAYER.legend(make_ctx(2025, lang)).labels()
    counts = Counter(park_file["vitality"])
    assert counts["niet-vitaal"] == 14  # the public figure the demo follows
    assert labels == [f"{t(f'vitality.{v}', lang)} ({counts[v]})" for v in VITALITY]
    assert f"{t('vitality.niet-vitaal', lang)} (14)" in labels


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_popups_and_labels_show_the_park(make_ctx, park_file, lang):
    rows = rows_by_park(LAYER.build(make_ctx(2025, lang)), set(park_file["name"]))
    for park in park_file.to_dict("records"):
        row = rows[park["name"]]
        popup = parse_popup(row[3])
        vitality = t(f"vitality.{park['vitality']}", lang)
        assert popup.fields[t("popup.vitality", lang)] == vitality
        for column, key in (
            ("units", "popup.units"),
            ("permanent_residents", "popup.permanent"),
            ("target_group_households", "popup.target_group"),
        ):
            value = park[column]
            assert popup.fields[t(key, lang)] == ("" if pd.isna(value) else str(int(value)))
        assert popup.demo_tag == t("demo.mark", lang)
        # the marker's title/alt text (a DOM property, so plain text) names park and class
        assert park["name"] in row[4]
        assert vitality in row[4]


def test_popups_carry_no_demo_mark_for_real_data(make_ctx, demo_dataset):
    real = with_manifest(demo_dataset, demo=False)
    for row in emitted_rows(LAYER.build(make_ctx(2025, dataset=real))):
        assert parse_popup(row[3]).demo_tag is None


def test_hostile_text_is_escaped_everywhere(make_ctx, hostile_dataset):
    assert (hostile_dataset.holiday_parks["name"] == HOSTILE).all()
    group = LAYER.build(make_ctx(2025, dataset=hostile_dataset))

    rows = emitted_rows(group)
    assert len(rows) == len(hostile_dataset.holiday_parks)
    for _, _, icon, popup, label in rows:
        assert HOSTILE not in icon
        assert HOSTILE not in popup
        assert HOSTILE_ESCAPED in popup
        assert parse_popup(popup).title == HOSTILE
        # the marker title is set as a DOM property (Leaflet: icon.title = ...), so it
        # is plain text and must not be escaped twice
        assert label.startswith(HOSTILE)
    assert HOSTILE not in legend_html_of(group)
    page, _ = render_on_map(group)
    assert HOSTILE not in page
    # inside the script strings the name occurs only as the marker titles
    assert js_decoded(page).count(HOSTILE) == len(rows)
    # no data text can close the script or read as markup
    assert all("<" not in js and ">" not in js for js in scripts(group))
