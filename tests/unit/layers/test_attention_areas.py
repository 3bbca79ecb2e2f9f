"""Layer `attention_areas`: liveability areas designated in the selected year."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from layer_tools import (
    HOSTILE,
    HOSTILE_ESCAPED,
    geojson_features,
    js_decoded,
    legend_html_of,
    parse_popup,
    render_on_map,
    visible_texts,
    with_table,
)
from shapely.geometry import shape

from geo.codes import split_reasons
from geo.config import DEFAULT_PARTIES, Party, Settings
from geo.dataset import Dataset, load_dataset
from geo.i18n import t
from layers.registry import LAYERS_BY_ID

LAYER = LAYERS_BY_ID["attention_areas"]


@pytest.fixture(scope="module")
def demo_rows(demo_dataset) -> list[dict]:
    """The demo file's decisions, read straight from the file (not through the loader)."""
    raw = json.loads((demo_dataset.directory / "attention_areas.geojson").read_text("utf-8"))
    frame = gpd.GeoDataFrame.from_features(raw["features"], crs="EPSG:28992").to_crs(4326)
    return [
        {**row, "geometry": geom}
        for row, geom in zip(
            frame.drop(columns="geometry").to_dict("records"), frame.geometry, strict=True
        )
    ]


def designated(rows: list[dict], year: int) -> list[dict]:
    return [
        r
        for r in rows
        if r["year"] == year and r["status"] == "designated" and r["theme"] == "liveability"
    ]


def demo_dataset_years(rows: list[dict]) -> list[int]:
    return sorted({int(r["year"]) for r in rows})


def buurt_names(dataset) -> dict[str, str]:
    return dict(zip(dataset.buurten["buurtcode"], dataset.buurten["buurtnaam"], strict=True))


def edited_copy(directory: Path, **values: object) -> Dataset:
    """The demo loaded from `directory` after setting `values` in every attention area."""
    path = directory / "attention_areas.geojson"
    raw = json.loads(path.read_text("utf-8"))
    for feature in raw["features"]:
        feature["properties"].update(values)
    path.write_text(json.dumps(raw), "utf-8")
    return load_dataset(directory)


def popups(group) -> list:
    return [parse_popup(f["properties"]["popup"]) for f in geojson_features(group)]


def test_draws_exactly_the_areas_designated_in_each_year(make_ctx, demo_dataset, demo_rows):
    names = buurt_names(demo_dataset)
    counts = {}
    for year in demo_dataset_years(demo_rows):
        expected = designated(demo_rows, year)
        features = geojson_features(LAYER.build(make_ctx(year)))
        counts[year] = len(features)
        assert len(features) == len(expected), year
        titles = Counter(parse_popup(f["properties"]["popup"]).title for f in features)
        assert titles == Counter(names[r["area_code"]] for r in expected), year
        by_name = {names[r["area_code"]]: r["geometry"] for r in expected}
        for feature in features:
            drawn = shape(feature["geometry"])
            wanted = by_name[parse_popup(feature["properties"]["popup"]).title]
            assert drawn.intersection(wanted).area / wanted.area > 0.99
    # The file also holds other decisions (postponed, ended, proposed) the layer skips.
    assert sum(counts.values()) < len(demo_rows)


def test_other_themes_and_statuses_are_not_drawn(make_ctx, demo_dataset):
    areas = demo_dataset.attention_areas
    template = areas[(areas["year"] == 2025) & (areas["status"] == "designated")].iloc[[0]]
    beilen = demo_dataset.buurten.set_index("buurtcode").loc["BU17310000"]

    def extra(**values: object) -> gpd.GeoDataFrame:
        row = template.copy()
        row["area_code"] = "BU17310000"
        row["geometry"] = [beilen.geometry]
        for key, value in values.items():
            row[key] = value
        return gpd.GeoDataFrame(pd.concat([areas, row], ignore_index=True), crs=areas.crs)

    base = len(geojson_features(LAYER.build(make_ctx(2025))))
    cases = {
        "heat theme": extra(theme="heat"),
        "proposed": extra(status="proposed"),
        "rejected": extra(status="rejected"),
        "another year": extra(year=2024),
    }
    for case, frame in cases.items():
        ctx = make_ctx(2025, dataset=with_table(demo_dataset, "attention_areas", frame))
        titles = [p.title for p in popups(LAYER.build(ctx))]
        assert len(titles) == base, case
        assert beilen["buurtnaam"] not in titles, case

    # the same row as a liveability designation of 2025 is drawn
    ctx = make_ctx(2025, dataset=with_table(demo_dataset, "attention_areas", extra()))
    titles = [p.title for p in popups(LAYER.build(ctx))]
    assert len(titles) == base + 1
    assert beilen["buurtnaam"] in titles


def test_a_year_without_designations_draws_nothing_and_says_so(make_ctx, demo_rows):
    year = min(r["year"] for r in demo_rows) - 1
    for lang in ("nl", "en"):
        ctx = make_ctx(year, lang)
        group = LAYER.build(ctx)
        assert geojson_features(group) == []
        assert LAYER.legend(ctx).labels() == [t("legend.attention.none", lang, year=year)]
        assert t("legend.attention.none", lang, year=year) in visible_texts(legend_html_of(group))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_legend_counts_the_designated_areas(make_ctx, demo_rows, lang):
    for year in demo_dataset_years(demo_rows):
        count = len(designated(demo_rows, year))
        (label,) = LAYER.legend(make_ctx(year, lang)).labels()
        if count:
            assert t("legend.attention.designated", lang, year=year) in label
            assert t("legend.attention.count", lang, count=count) in label
        else:
            assert label == t("legend.attention.none", lang, year=year)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_popups_show_translated_status_reasons_and_party_names(
    make_ctx, demo_dataset, demo_rows, lang
):
    renamed = tuple(
        Party(id=p.id, name=f"Partij {p.id.upper()}", kind=p.kind) for p in DEFAULT_PARTIES
    )
    settings = Settings(parties=renamed)
    names = buurt_names(demo_dataset)
    year = 2025
    expected = {names[r["area_code"]]: r for r in designated(demo_rows, year)}
    shown = popups(LAYER.build(make_ctx(year, lang, settings=settings)))
    assert len(shown) == len(expected)
    for popup in shown:
        row = expected[popup.title]
        fields = popup.fields
        assert fields[t("popup.year", lang)] == str(year)
        assert fields[t("popup.status", lang)] == t("status.designated", lang)
        reasons = set(fields[t("popup.reasons", lang)].split(", "))
        assert reasons == {t(f"reason.{r}", lang) for r in split_reasons(row["reasons"])}
        assert fields[t("popup.lead_party", lang)] == f"Partij {row['lead_party'].upper()}"
        if isinstance(row["vision"], str):
            assert fields[t("popup.vision", lang)] == row["vision"]
        assert popup.demo_tag == t("demo.mark", lang)


def test_popup_has_no_vision_row_when_there_is_no_vision(make_ctx, demo_dataset, demo_rows):
    names = buurt_names(demo_dataset)
    without = {
        names[r["area_code"]]
        for r in designated(demo_rows, 2025)
        if not isinstance(r["vision"], str)
    }
    assert without, "the demo has designated areas without a vision"
    for popup in popups(LAYER.build(make_ctx(2025))):
        if popup.title in without:
            assert t("popup.vision", "nl") not in popup.fields


def test_popup_without_lead_party_shows_a_dash(make_ctx, data_copy):
    ctx = make_ctx(2025, dataset=edited_copy(data_copy, lead_party=None))
    leads = {p.fields[t("popup.lead_party", "nl")] for p in popups(LAYER.build(ctx))}
    assert leads == {"—"}


def test_drawn_area_without_code_is_not_titled_nan(make_ctx, data_copy):
    ctx = make_ctx(2025, dataset=edited_copy(data_copy, area_code=None, area_kind="drawn"))
    titles = [p.title for p in popups(LAYER.build(ctx))]
    assert titles
    assert "nan" not in titles


def test_areas_are_not_layer_control_entries_of_their_own(make_ctx):
    group = LAYER.build(make_ctx(2025))
    inner = [c for c in group._children.values() if getattr(c, "control", False)]
    assert inner == []


def test_hostile_text_is_escaped_everywhere(make_ctx, hostile_dataset):
    areas = hostile_dataset.attention_areas
    assert (areas["vision"] == HOSTILE).all()
    assert (areas["lead_party"] == HOSTILE).all()
    assert (hostile_dataset.buurten["buurtnaam"] == HOSTILE).all()
    ctx = make_ctx(2025, dataset=hostile_dataset)
    group = LAYER.build(ctx)

    raw_popups = [f["properties"]["popup"] for f in geojson_features(group)]
    assert raw_popups
    for raw in raw_popups:
        assert HOSTILE not in raw
        assert raw.count(HOSTILE_ESCAPED) == 3  # title, lead party, vision
        popup = parse_popup(raw)
        assert popup.title == HOSTILE  # shown as text
        assert popup.fields[t("popup.vision", "nl")] == HOSTILE
    assert HOSTILE not in legend_html_of(group)
    page, _ = render_on_map(group)
    assert HOSTILE not in page
    assert HOSTILE not in js_decoded(page)  # not even inside the script strings
