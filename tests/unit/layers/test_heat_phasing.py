"""Layer `heat_phasing`: every wijk (or overriding buurt) coloured by its period."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from layer_tools import (
    HOSTILE,
    HOSTILE_ESCAPED,
    geojson_features,
    js_decoded,
    legend_html_of,
    parse_popup,
    render_on_map,
)
from shapely.geometry import shape

from geo.i18n import t
from layers.registry import LAYERS_BY_ID

LAYER = LAYERS_BY_ID["heat_phasing"]


def area_names(dataset) -> dict[str, str]:
    return {
        **dict(zip(dataset.wijken["wijkcode"], dataset.wijken["wijknaam"], strict=True)),
        **dict(zip(dataset.buurten["buurtcode"], dataset.buurten["buurtnaam"], strict=True)),
    }


def phasing_by_name(dataset) -> dict[str, dict]:
    names = area_names(dataset)
    return {names[r["area_code"]]: r for r in dataset.heat_phasing.to_dict("records")}


def drawn_by_name(group) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for feature in geojson_features(group):
        title = parse_popup(feature["properties"]["popup"]).title
        assert title not in out, f"{title} drawn twice"
        out[title] = feature
    return out


def luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_every_area_with_phasing_is_drawn_once(make_ctx, demo_dataset):
    heat = demo_dataset.heat_phasing
    wijken_with_phasing = set(heat["area_code"]) & set(demo_dataset.wijken["wijkcode"])
    assert wijken_with_phasing == set(demo_dataset.wijken["wijkcode"]), "demo: every wijk"

    features = geojson_features(LAYER.build(make_ctx(2025)))
    titles = Counter(parse_popup(f["properties"]["popup"]).title for f in features)
    names = area_names(demo_dataset)
    assert titles == Counter(names[code] for code in heat["area_code"])


def test_override_buurt_is_drawn_separately_without_overlapping_its_wijk(make_ctx, demo_dataset):
    heat = demo_dataset.heat_phasing
    buurten = demo_dataset.buurten.set_index("buurtcode")
    overrides = [c for c in heat["area_code"] if c in buurten.index]
    assert overrides, "the demo has a buurt that overrides its wijk"
    wijken = demo_dataset.wijken.set_index("wijkcode").to_crs(4326)
    drawn = drawn_by_name(LAYER.build(make_ctx(2025)))
    names = area_names(demo_dataset)

    for code in overrides:
        wijkcode = buurten.loc[code, "wijkcode"]
        override = shape(drawn[names[code]]["geometry"])
        wijk = shape(drawn[names[wijkcode]]["geometry"])
        buurt = buurten.loc[[code]].to_crs(4326).geometry.iloc[0]
        # the override is the buurt ...
        assert override.symmetric_difference(buurt).area / buurt.area < 0.01
        # ... and its wijk is drawn around it, not underneath it
        assert override.intersection(wijk).area / override.area < 0.001
        # together they cover the wijk's buurten (the generalised wijk file's own edges
        # differ a little, which is why the layer draws on buurten)
        full = buurten[buurten["wijkcode"] == wijkcode].to_crs(4326).union_all()
        assert override.union(wijk).symmetric_difference(full).area / full.area < 0.005
        assert wijk.intersection(wijken.loc[wijkcode].geometry).area / wijk.area > 0.9


@pytest.mark.parametrize("year", [2023, 2026, 2032, 2040])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_state_current_later_earlier_follows_the_year(make_ctx, demo_dataset, year, lang):
    phasing = phasing_by_name(demo_dataset)
    drawn = drawn_by_name(LAYER.build(make_ctx(year, lang)))
    assert set(drawn) == set(phasing)
    for name, feature in drawn.items():
        row = phasing[name]
        if year < row["period_start"]:
            state = "later"
        elif year > row["period_end"]:
            state = "earlier"
        else:
            state = "current"
        assert feature["properties"]["current"] is (state == "current"), name
        fields = parse_popup(feature["properties"]["popup"]).fields
        assert fields[t("popup.phase_state", lang, year=year)] == t(f"phase.{state}", lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_popups_show_period_strategy_and_plan(make_ctx, demo_dataset, lang):
    phasing = phasing_by_name(demo_dataset)
    for name, feature in drawn_by_name(LAYER.build(make_ctx(2025, lang))).items():
        row = phasing[name]
        popup = parse_popup(feature["properties"]["popup"])
        period = popup.fields[t("popup.period", lang)]
        assert re.findall(r"\d{4}", period) == [str(row["period_start"]), str(row["period_end"])]
        assert popup.fields[t("popup.strategy", lang)] == t(f"strategy.{row['strategy']}", lang)
        assert popup.fields[t("popup.plan_status", lang)] == t(f"plan.{row['plan_status']}", lang)
        assert popup.demo_tag == t("demo.mark", lang)


def test_period_colours_follow_the_order_of_the_periods(make_ctx, demo_dataset):
    ctx = make_ctx(2025)
    phasing = phasing_by_name(demo_dataset)
    drawn = drawn_by_name(LAYER.build(ctx))
    periods = sorted({(r["period_start"], r["period_end"]) for r in phasing.values()})
    assert len(periods) >= 3

    fill_of_period: dict[tuple, set[str]] = {}
    for name, feature in drawn.items():
        row = phasing[name]
        fill_of_period.setdefault((row["period_start"], row["period_end"]), set()).add(
            feature["properties"]["fill"]
        )
    assert all(len(fills) == 1 for fills in fill_of_period.values())
    fills = [next(iter(fill_of_period[p])) for p in periods]
    assert len(set(fills)) == len(fills)
    # dark = soonest: each later period is lighter
    assert [luminance(c) for c in fills] == sorted(luminance(c) for c in fills)
    assert len({luminance(c) for c in fills}) == len(fills)

    # the legend lists the periods in the same order, with the same colours
    entries = LAYER.legend(ctx).sections[0].entries[: len(periods)]
    for (start, end), fill, entry in zip(periods, fills, entries, strict=True):
        assert re.findall(r"\d{4}", entry.label) == [str(start), str(end)]
        assert f"background:{fill};" in entry.symbol_html


def test_colours_do_not_depend_on_the_year(make_ctx):
    fills = {
        year: {
            n: f["properties"]["fill"]
            for n, f in drawn_by_name(LAYER.build(make_ctx(year))).items()
        }
        for year in (2023, 2040)
    }
    assert fills[2023] == fills[2040]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_legend_labels_are_translated_with_strategy_counts(make_ctx, demo_dataset, lang):
    labels = LAYER.legend(make_ctx(2025, lang)).labels()
    assert t("legend.heat.current", lang, year=2025) in labels
    counts = demo_dataset.heat_phasing["strategy"].value_counts()
    for strategy, count in counts.items():
        matching = [x for x in labels if x.startswith(t(f"strategy.{strategy}", lang) + " (")]
        assert matching == [f"{t(f'strategy.{strategy}', lang)} ({count})"]
    other = "en" if lang == "nl" else "nl"
    assert t("legend.heat.current", other, year=2025) not in labels


def test_hostile_text_is_escaped_everywhere(make_ctx, hostile_dataset):
    assert (hostile_dataset.wijken["wijknaam"] == HOSTILE).all()
    assert (hostile_dataset.buurten["buurtnaam"] == HOSTILE).all()
    group = LAYER.build(make_ctx(2025, dataset=hostile_dataset))

    raw_popups = [f["properties"]["popup"] for f in geojson_features(group)]
    assert len(raw_popups) == len(hostile_dataset.heat_phasing)
    for raw in raw_popups:
        assert HOSTILE not in raw
        assert HOSTILE_ESCAPED in raw
        assert parse_popup(raw).title == HOSTILE
    assert HOSTILE not in legend_html_of(group)
    page, _ = render_on_map(group)
    assert HOSTILE not in page
    assert HOSTILE not in js_decoded(page)  # not even inside the script strings
