"""Layer `corporation_housing`: one marker per located home, coloured per corporation."""

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
    legend_html_of,
    render_on_map,
    strings_in,
    svg_parts,
    visible_texts,
    with_manifest,
    with_table,
)

from geo.codes import MEASURES
from geo.i18n import t
from layers.elements import HomeCluster
from layers.registry import LAYERS_BY_ID

LAYER = LAYERS_BY_ID["corporation_housing"]
# Lookup tables that hold text (escaped data or translations); `icons` and `demo` are
# trusted HTML built from constants.
TEXT_LOOKUPS = ("title", "corps", "complexes", "types", "labels", "measures", "states", "fields")


def located(homes: gpd.GeoDataFrame) -> pd.Series:
    return ~(homes.geometry.isna() | homes.geometry.is_empty)


def expected_state(home: pd.Series, year: int) -> str:
    """The spec: a measure is carried out in `year` only once completed in or before it."""
    if pd.isna(home["measure"]):
        return "none"
    done = pd.notna(home["completed_year"]) and home["completed_year"] <= year
    return "done" if done else "planned"


def shown(value: object, fallback: str) -> str:
    return fallback if pd.isna(value) or value == "" else str(value)


def expected_popups(homes: gpd.GeoDataFrame, year: int, lang: str) -> Counter:
    """What each located home's popup should say, as map.js builds it from a row."""
    unknown = t("popup.unknown", lang)
    out: Counter = Counter()
    for _, home in homes[located(homes)].iterrows():
        measure = "none" if pd.isna(home["measure"]) else home["measure"]
        out[
            (
                home["corporation"],
                shown(home["complex_id"], ""),
                shown(home["bouwjaar"], unknown),
                shown(home["woningtype"], unknown),
                shown(home["energielabel"], unknown),
                t(f"measure.{measure}", lang),
                shown(home["measure_year"], ""),
                t(f"state.{expected_state(home, year)}", lang),
            )
        ] += 1
    return out


def decoded_popups(rows: list[list[object]], lk: dict) -> Counter:
    """Each row decoded the way afk.homeMarker (map.js) fills its popup."""
    return Counter(
        (
            lk["corps"][r[2]],
            lk["complexes"][r[5]],
            str(r[6] or lk["unknown"]),
            lk["types"][r[7]],
            lk["labels"][r[8]],
            lk["measures"][r[3]],
            str(r[9] or ""),
            lk["states"][r[4]],
        )
        for r in rows
    )


def corporation_colour_map(lk: dict) -> dict[str, str]:
    """Corporation -> the colour its map symbols are drawn in."""
    colours = {}
    for corp, per_corp in zip(lk["corps"], lk["icons"], strict=True):
        strokes = {svg_parts(icon)["stroke"] for per_measure in per_corp for icon in per_measure}
        assert len(strokes) == 1, f"{corp} is drawn in several colours: {strokes}"
        colours[corp] = strokes.pop()
    return colours


@pytest.mark.parametrize("year", [2023, 2026])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_located_home_appears_once_with_its_data_and_state(
    make_ctx, demo_dataset, year, lang
):
    homes = demo_dataset.corporation_homes
    rows, lk = LAYER.payload(make_ctx(year, lang))

    assert len(rows) == int(located(homes).sum())
    assert decoded_popups(rows, lk) == expected_popups(homes, year, lang)


def test_markers_stand_where_the_homes_are(make_ctx, demo_dataset):
    homes = demo_dataset.corporation_homes
    expected = homes[located(homes)].to_crs("EPSG:4326").geometry.values
    rows, _ = LAYER.payload(make_ctx(2025))
    drawn = shapely.points([(r[1], r[0]) for r in rows])  # rows are [lat, lon, ...]

    tree = shapely.STRtree(expected)
    _, distances = tree.query_nearest(drawn, return_distance=True, all_matches=False)
    assert distances.max() < 2e-5  # within about 2 m
    # and no home is missed: every home has a marker next to it
    _, back = shapely.STRtree(drawn).query_nearest(expected, return_distance=True)
    assert back.max() < 2e-5


def test_fictief_homes_without_location_are_left_out_but_counted(make_ctx, demo_dataset):
    homes = demo_dataset.corporation_homes
    without = int((~located(homes)).sum())
    assert without > 0, "the demo has planned homes without a location"

    for lang in ("nl", "en"):
        labels = LAYER.legend(make_ctx(2025, lang)).labels()
        assert t("legend.no_location", lang, count=without) in labels

    # a file format may store "no location" as an empty point instead of no geometry
    empty_points = homes.copy()
    empty_points.loc[~located(homes), "geometry"] = shapely.Point()
    assert empty_points.geometry.isna().sum() == 0
    ctx = make_ctx(2025, dataset=with_table(demo_dataset, "corporation_homes", empty_points))
    rows, _ = LAYER.payload(ctx)
    assert len(rows) == len(homes) - without
    assert t("legend.no_location", "nl", count=without) in LAYER.legend(ctx).labels()

    only_located = with_table(demo_dataset, "corporation_homes", homes[located(homes)])
    labels = LAYER.legend(make_ctx(2025, dataset=only_located)).labels()
    all_labels = LAYER.legend(make_ctx(2025)).labels()
    assert set(all_labels) - set(labels) == {t("legend.no_location", "nl", count=without)}


def test_rows_follow_the_year_planned_is_not_done(make_ctx, demo_dataset):
    homes = demo_dataset.corporation_homes[located(demo_dataset.corporation_homes)]
    done = {}
    for year in (2023, 2026):
        rows, lk = LAYER.payload(make_ctx(year))
        states = Counter(lk["states"][r[4]] for r in rows)
        done[year] = states[t("state.done", "nl")]
        completed = (homes["completed_year"] <= year).fillna(False) & homes["measure"].notna()
        assert done[year] == int(completed.sum())
    assert done[2023] < done[2026]

    # Homes whose measure was planned for 2023 but not completed in 2023 are still planned.
    late = homes[
        (homes["measure_year"] <= 2023).fillna(False)
        & ~(homes["completed_year"] <= 2023).fillna(False)
    ]
    assert not late.empty, "the demo has measures that run late"
    rows, lk = LAYER.payload(make_ctx(2023))
    planned = t("state.planned", "nl")
    late_years = Counter(int(y) for y in late["measure_year"])
    planned_rows = Counter(r[9] for r in rows if lk["states"][r[4]] == planned)
    for measure_year, count in late_years.items():
        assert planned_rows[measure_year] >= count


def test_lookup_indexes_are_in_range(make_ctx):
    rows, lk = LAYER.payload(make_ctx(2025))
    columns = {2: "corps", 3: "measures", 4: "states", 5: "complexes", 7: "types", 8: "labels"}
    for position, table in columns.items():
        used = {r[position] for r in rows}
        assert all(isinstance(i, int) for i in used), table
        assert min(used) >= 0
        assert max(used) < len(lk[table]), table
    assert len(lk["icons"]) == len(lk["corps"])
    for per_corp in lk["icons"]:
        assert len(per_corp) == len(lk["measures"])
        assert all(len(per_measure) == len(lk["states"]) for per_measure in per_corp)
    assert len(lk["fields"]) == 8  # map.js fills eight popup rows


def test_colours_per_corporation_are_distinct_and_match_the_legend(make_ctx, demo_dataset):
    ctx = make_ctx(2025)
    _, lk = LAYER.payload(ctx)
    colours = corporation_colour_map(lk)

    assert set(colours) == set(demo_dataset.corporation_homes["corporation"])
    assert len(set(colours.values())) == len(colours)

    legend = LAYER.legend(ctx)
    corporations = legend.sections[0].entries
    assert {e.label: svg_parts(e.symbol_html)["stroke"] for e in corporations} == colours


def test_colours_per_corporation_are_stable(make_ctx, demo_dataset):
    colours = corporation_colour_map(LAYER.payload(make_ctx(2025))[1])
    for year, lang in ((2023, "nl"), (2026, "en")):
        assert corporation_colour_map(LAYER.payload(make_ctx(year, lang))[1]) == colours

    shuffled = demo_dataset.corporation_homes.sample(frac=1.0, random_state=7)
    ctx = make_ctx(2025, dataset=with_table(demo_dataset, "corporation_homes", shuffled))
    assert corporation_colour_map(LAYER.payload(ctx)[1]) == colours


def test_colours_stay_distinct_for_eight_corporations(make_ctx, demo_dataset):
    homes = demo_dataset.corporation_homes.copy()
    names = [f"Corporatie {i}" for i in range(8)]
    homes["corporation"] = [names[i % 8] for i in range(len(homes))]
    ctx = make_ctx(2025, dataset=with_table(demo_dataset, "corporation_homes", homes))
    colours = corporation_colour_map(LAYER.payload(ctx)[1])
    assert len(colours) == 8
    assert len(set(colours.values())) == 8


def test_symbols_filled_when_done_open_when_planned_lettered_by_measure(make_ctx):
    ctx = make_ctx(2026)
    rows, lk = LAYER.payload(ctx)
    done, planned, none = (t(f"state.{s}", "nl") for s in ("done", "planned", "none"))
    letters: dict[str, set[str]] = {}
    for r in rows:
        icon = svg_parts(lk["icons"][r[2]][r[3]][r[4]])
        state = lk["states"][r[4]]
        if state == none:
            assert icon["letter"] == ""
            continue
        letters.setdefault(lk["measures"][r[3]], set()).add(icon["letter"])
        if state == done:
            assert icon["fill"] == icon["stroke"]
        else:
            assert state == planned
            assert icon["fill"] != icon["stroke"]
    assert set(letters) == {t(f"measure.{m}", "nl") for m in MEASURES}
    assert all(len(v) == 1 for v in letters.values())
    assert len({next(iter(v)) for v in letters.values()}) == len(MEASURES)

    # The legend explains the same letters and the same filled/open difference.
    legend = LAYER.legend(ctx)
    legend_letters = {
        e.label: svg_parts(e.symbol_html)["letter"] for e in legend.sections[1].entries
    }
    assert legend_letters == {m: next(iter(v)) for m, v in letters.items()}
    filled, open_ = (svg_parts(e.symbol_html) for e in legend.sections[2].entries)
    assert filled["fill"] == filled["stroke"]
    assert open_["fill"] != open_["stroke"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_legend_labels_are_translated(make_ctx, demo_dataset, lang):
    labels = LAYER.legend(make_ctx(2025, lang)).labels()
    for corporation in demo_dataset.corporation_homes["corporation"].unique():
        assert corporation in labels
    for measure in MEASURES:
        assert t(f"measure.{measure}", lang) in labels
    assert t("legend.state.done", lang) in labels
    assert t("legend.state.planned", lang) in labels
    other = "en" if lang == "nl" else "nl"
    assert t(f"measure.{MEASURES[0]}", other) not in labels


def test_legend_counts_the_homes_on_the_map_dutch_style(make_ctx, demo_dataset):
    count = int(located(demo_dataset.corporation_homes).sum())
    assert count >= 1000, "a count with a thousands separator"
    dutch = f"{count:,}".replace(",", ".")
    assert t("legend.homes_on_map", "nl", count=dutch) in LAYER.legend(make_ctx(2025)).labels()


def test_legend_counts_the_homes_on_the_map_english_style(make_ctx, demo_dataset):
    count = int(located(demo_dataset.corporation_homes).sum())
    english = t("legend.homes_on_map", "en", count=f"{count:,}")
    assert english in LAYER.legend(make_ctx(2025, "en")).labels()


def test_popups_carry_the_demo_mark_only_for_demo_data(make_ctx, demo_dataset):
    for lang in ("nl", "en"):
        _, lk = LAYER.payload(make_ctx(2025, lang))
        assert t("demo.mark", lang) in visible_texts(lk["demo"])
    real = with_manifest(demo_dataset, demo=False)
    _, lk = LAYER.payload(make_ctx(2025, dataset=real))
    assert lk["demo"] == ""


def test_group_sends_the_payload_and_its_legend(make_ctx):
    ctx = make_ctx(2025)
    group = LAYER.build(ctx)
    rows, lk = LAYER.payload(ctx)
    clusters = [c for c in group._children.values() if isinstance(c, HomeCluster)]
    assert len(clusters) == 1
    assert clusters[0].data == rows
    assert clusters[0].lookups == lk
    assert json.loads(clusters[0].rows_js) == rows
    assert json.loads(clusters[0].lookups_js) == lk
    texts = visible_texts(legend_html_of(group))
    assert all(label in texts for label in LAYER.legend(ctx).labels())


def test_hostile_text_is_escaped_everywhere(make_ctx, hostile_dataset):
    homes = hostile_dataset.corporation_homes
    assert (homes["complex_id"] == HOSTILE).all()
    assert (homes["corporation"] == HOSTILE).any()
    ctx = make_ctx(2025, dataset=hostile_dataset)
    rows, lk = LAYER.payload(ctx)

    assert not [s for s in strings_in(lk) if HOSTILE in s]
    assert not [s for k in TEXT_LOOKUPS for s in strings_in(lk[k]) if "<" in s or ">" in s]
    # the popup texts (map.js builds popups from these tables) hold the escaped form
    assert HOSTILE_ESCAPED in lk["corps"]
    assert HOSTILE_ESCAPED in lk["complexes"]
    assert HOSTILE_ESCAPED in lk["types"]
    assert all(isinstance(v, int | float) for r in rows for v in r)

    group = LAYER.build(ctx)
    legend = legend_html_of(group)
    assert HOSTILE not in legend
    assert HOSTILE_ESCAPED in legend
    page, _ = render_on_map(group)
    assert HOSTILE not in page
    assert HOSTILE not in js_decoded(page)  # not even inside the script strings


@pytest.mark.parametrize("year", [2023, 2026])
def test_viewers_see_no_sale_or_demolition_per_home(make_ctx, demo_dataset, year):
    """Sensitive plans: address-level sale and demolition are for parties only."""
    homes = demo_dataset.corporation_homes
    party_rows, lk = LAYER.payload(make_ctx(year))
    viewer_rows, vlk = LAYER.payload(make_ctx(year, viewer=True))
    sensitive = {lk["measures"].index(t(f"measure.{m}", "nl")) for m in ("sloop", "verkoop")}

    assert any(r[3] in sensitive for r in party_rows)  # the demo has such plans
    assert not any(r[3] in sensitive for r in viewer_rows)
    # Every home is still on the map; only the sensitive ones lose their plan.
    assert len(viewer_rows) == len(party_rows) == int(located(homes).sum())
    changed = [(p, v) for p, v in zip(party_rows, viewer_rows, strict=True) if p != v]
    assert changed and all(p[3] in sensitive for p, _ in changed)
    assert all(v[3] == vlk["measures"].index(t("measure.none", "nl")) for _, v in changed)
    legend = LAYER.legend(make_ctx(year, viewer=True)).labels()
    assert t("legend.sensitive_per_buurt", "nl") in legend
    assert t("legend.sensitive_per_buurt", "nl") not in LAYER.legend(make_ctx(year)).labels()
