"""The monitoring page: the agreements' targets against the data for a year, with a
traffic light per target, charts over the years, and the points to discuss.

Made for a shared screen: large type, a light that says its state in a symbol and a
word (never colour alone), and every point to discuss linked to its area on the map.
Everything computed here comes from `geo.monitoring` and `geo.conflicts`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import altair as alt
import geopandas as gpd
import pandas as pd
import streamlit as st
from pydantic import TypeAdapter

from geo import monitoring as mon
from geo.config import Settings
from geo.conflicts import KINDS, AttentionPoint, points_for
from geo.dataset import Dataset
from geo.errors import AfsprakenkaartError
from geo.i18n import number, t
from geo.targets import (
    TARGET_KINDS,
    RefugeeSplitTarget,
    RentCapTarget,
    SeniorHomesTarget,
    StockTarget,
    SustainableTarget,
    Target,
)
from layers import discuss
from layers.base import MapContext
from layers.registry import DEFAULT_LAYER_IDS, LAYERS_BY_ID
from ui import data, map_controls, session
from ui import store as agreement_store
from ui.text import plain

# Anything st.altair_chart draws (a chart, a layer of charts, ...).
ChartSpec = alt.TopLevelMixin
LIGHT_COLOUR = {"on_track": "green", "behind": "orange", "off_track": "red", "no_data": "gray"}
# Okabe-Ito colours: told apart also with the common colour-vision deficiencies.
PHASE_COLOUR = {
    "current": "#0072B2",
    "earlier": "#009E73",
    "later": "#E69F00",
    "undecided": "#D55E00",
    "none": "#999999",
    "hidden": "#D9D9D9",
}
SERIES_COLOUR = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
CHART_FONT = 16  # readable from the back of a room
CHART_HEIGHT = 260
OPEN_KIND_UP_TO = 6  # a list of points longer than this starts folded
YEAR_KEY = "monitoring_year"  # not "year": that is the map's control, bound to the URL

PAGE_CSS = """
<style>
.block-container { padding-top: 1.4rem; max-width: 1600px; }
/* A shared screen: everything a size up. */
.block-container p, .block-container li { font-size: 1.15rem; }
.block-container h1 { font-size: 2.1rem; }
.block-container h2 { font-size: 1.7rem; margin-top: 0.8rem; }
.block-container h3 { font-size: 1.25rem; padding: 0.1rem 0; }
.block-container h4 { font-size: 1.6rem; padding: 0.2rem 0; }
div[data-testid="stMetricValue"], div[data-testid="stMetricValue"] * { font-size: 2.6rem; }
div[data-testid="stMetricLabel"] p { font-size: 1.15rem; }
div[data-testid="stCaptionContainer"] p { font-size: 1.02rem; }
div[data-testid="stExpander"] summary p { font-size: 1.2rem; font-weight: 600; }
</style>
"""


# -- data, computed once per data directory, targets and year ---------------------------


def _files_key(ds: Dataset) -> tuple[str, tuple[tuple[str, int, int], ...]]:
    """The data directory and its files' sizes and times: a changed file, a new key."""
    stats = tuple(
        (name, path.stat().st_size, path.stat().st_mtime_ns)
        for name, path in sorted(ds.files.items())
        if Path(path).exists()
    )
    return str(ds.directory), stats


def _targets_key(targets: Sequence[Target]) -> str:
    """The targets as plain text (JSON): a cache key, and how they reach the cache."""
    return json.dumps([target.model_dump(mode="json") for target in targets], sort_keys=True)


def _parse_targets(serialised: str) -> list[Target]:
    """Targets back from `_targets_key`."""
    return _TARGETS.validate_json(serialised)


_TARGETS: TypeAdapter[list[Target]] = TypeAdapter(list[Target])  # type: ignore[arg-type]


@st.cache_data(show_spinner=False, max_entries=32)
def _readings(_ds: Dataset, key: object, targets: str, year: int) -> list[mon.Reading]:
    """Every target's reading for `year` (keyed on the files, targets and year)."""
    return mon.readings(_ds, _parse_targets(targets), year)


@st.cache_data(show_spinner=False, max_entries=16)
def _history(_ds: Dataset, key: object, targets: str, years: tuple[int, ...]) -> pd.DataFrame:
    """The readings of all years, for the charts."""
    return mon.history(_ds, _parse_targets(targets), years)


@st.cache_data(show_spinner=False, max_entries=16)
def _by_phase(_ds: Dataset, key: object, target: str, years: tuple[int, ...]) -> pd.DataFrame:
    """Completed sustainability work of one target by heat phase, for its chart."""
    (chosen,) = _parse_targets(target)
    assert isinstance(chosen, SustainableTarget)
    return mon.sustainable_by_phase(_ds, chosen, years)


@st.cache_data(show_spinner=False, max_entries=16)
def _points(
    _ds: Dataset,
    _settings: Settings,
    _states: pd.DataFrame | None,
    key: object,
    year: int,
) -> list[AttentionPoint]:
    """The points to discuss in `year`; `key` names everything they depend on (files,
    the store's newest event, the reader's role, the configuration's rules)."""
    return points_for(_ds, _settings, year, _states)


# -- small pieces ----------------------------------------------------------------------------


def light(status: mon.Status, lang: str) -> str:
    """The traffic light as Markdown: colour, and a symbol and a word for everyone who
    cannot tell the colours apart (or reads a black-and-white print)."""
    return f"#### :{LIGHT_COLOUR[status]}-background[{t(f'mon.status.{status}', lang)}]"


def _chart(chart: ChartSpec, alt_text: str, lang: str) -> None:
    """Draw `chart` in large type, with `alt_text` for screen readers."""
    # Our own look, not Streamlit's chart theme: that one sets its own (small) font
    # sizes over these. Vega draws every text (titles, labels, names from data) as
    # text: no Markdown or HTML is interpreted, so names need no escaping here.
    # fit-x: the width follows the column, the height is the plot's (Streamlit's own
    # "fit" squeezes the plot when a legend sits below it).
    sized = chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    styled = (
        sized.configure(font="Source Sans Pro, sans-serif", locale=_LOCALES[lang])
        .configure_axis(
            labelFontSize=CHART_FONT,
            titleFontSize=CHART_FONT,
            labelLimit=260,
            labelColor="#31333F",
            titleColor="#31333F",
            titleFontWeight="normal",
            gridColor="#E6E6E6",
        )
        .configure_legend(
            labelFontSize=CHART_FONT,
            titleFontSize=CHART_FONT,
            orient="bottom",
            labelLimit=400,
            titleLimit=600,
            symbolSize=180,
            titleFontWeight="normal",
        )
        .configure_title(fontSize=CHART_FONT + 2, anchor="start", fontWeight="bold")
        .configure_view(stroke=None)
    )
    st.altair_chart(styled, width="stretch", theme=None, alt=alt_text)  # type: ignore[arg-type]


# Numbers on the axes as the language writes them (2.250 / 2,250; 85% either way).
_LOCALES = {
    "nl": {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}},
    "en": {"number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]}},
}


def _actual_and_expected(actual: str, expected: str) -> dict[str, Any]:
    """Colour and dash of the two lines "what the data shows" and "what was agreed"
    (dashed: told apart without colour)."""
    domain = [actual, expected]
    return {
        "color": alt.Color(
            "series:N",
            title=None,
            scale=alt.Scale(domain=domain, range=list(SERIES_COLOUR[:2])),
            legend=_line_legend(),
        ),
        "strokeDash": alt.StrokeDash(
            "series:N",
            title=None,
            scale=alt.Scale(domain=domain, range=[[1, 0], [8, 5]]),
            legend=_line_legend(),
        ),
    }


def _line_legend() -> alt.Legend:
    """A legend that shows lines as lines (solid, dashed), not as dots."""
    return alt.Legend(symbolType="stroke", symbolStrokeWidth=4, symbolSize=400)


def _hidden_count(value: float | int | None, lang: str) -> str:
    """A count of homes, or "fewer than 5" where geo.monitoring hid it (None)."""
    if value is None:
        return t("mon.fewer", lang, n=mon.MIN_SHOWN)
    return number(int(value), lang)


# -- one card per reading ------------------------------------------------------------------


def _card(reading: mon.Reading, lang: str) -> None:
    """One target in one year: title, light, the number, what was expected, and the
    notes (a reading without data says why, in a box that stands out)."""
    target = reading.target
    with st.container(border=True):
        # A heading (h3, under the kind's h2), so the light (h4) follows in order.
        st.markdown(f"### {plain(mon.title(reading, lang))}")
        st.markdown(light(reading.status, lang))
        label = {
            "stock": t("mon.actual.level", lang, year=reading.year),
            "sustainable": t("mon.actual.done", lang, first=_first_year(target), year=reading.year),
            "senior_homes": t(
                "mon.actual.done", lang, first=_first_year(target), year=reading.year
            ),
        }.get(reading.kind, t("mon.actual.share", lang, year=reading.year))
        if reading.actual is None and reading.details.get("small"):
            value = t("mon.fewer", lang, n=mon.MIN_SHOWN)
        else:
            value = mon.value_text(reading.actual, reading.unit, lang)
        st.metric(label, value)
        if reading.expected is not None:
            key = "mon.expected.share" if reading.unit == "share" else "mon.expected"
            line = t(key, lang, value=mon.value_text(reading.expected, reading.unit, lang))
            target = reading.target
            if isinstance(target, StockTarget) and reading.actual is not None:
                # A change reads better than a percentage of a change (-59% of +70?).
                start = float(reading.details.get("start") or 0)
                line += " · " + t(
                    "mon.change",
                    lang,
                    actual=_signed(reading.actual - start, lang),
                    expected=_signed(reading.expected - target.start, lang),
                )
            elif reading.fulfilment is not None and reading.kind == "sustainable":
                line += " · " + t(
                    "mon.fulfilment", lang, percent=mon.percent(reading.fulfilment, lang)
                )
            st.markdown(plain(line))
        for line in _detail_lines(reading, lang):
            st.caption(plain(line))
        for note in reading.notes:
            if reading.status == "no_data":
                st.info(plain(note.text(lang)))
            else:
                st.caption(plain(note.text(lang)))


def _signed(value: float, lang: str) -> str:
    """+70, −41 (a real minus sign: it reads better on a screen than a hyphen)."""
    text = number(abs(round(value)), lang)
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


def _first_year(target: Target) -> int:
    """The first year of a target over a period (0 for one without)."""
    return int(getattr(target, "first_year", 0))


def _detail_lines(reading: mon.Reading, lang: str) -> list[str]:
    """The smaller print of a card: what was agreed and the counts behind the number."""
    target, d = reading.target, reading.details
    lines: list[str] = []
    if isinstance(target, StockTarget):
        values = {
            "first": target.first_year,
            "last": target.last_year,
            "start": number(target.start, lang),
            "end": number(target.end, lang),
        }
        if target.added is not None and target.sold is not None:
            moves = {"added": number(target.added, lang), "sold": number(target.sold, lang)}
            if target.replaced:
                moves["replaced"] = number(target.replaced, lang)
                lines.append(t("mon.moves.agreed_replaced", lang, **values, **moves))
            else:
                lines.append(t("mon.moves.agreed_detail", lang, **values, **moves))
        else:
            lines.append(t("mon.moves.agreed", lang, **values))
        if reading.actual is not None:
            lines.append(
                t(
                    "mon.moves",
                    lang,
                    first=target.first_year,
                    built=_hidden_count(d.get("built"), lang),
                    demolished=_hidden_count(d.get("demolished"), lang),
                    sold=_hidden_count(d.get("sold"), lang),
                )
            )
    elif isinstance(target, SustainableTarget):
        measures = ", ".join(t(f"measure.{m}", lang) for m in target.measures)
        lines.append(t("mon.measures", lang, measures=measures))
    elif isinstance(target, SeniorHomesTarget) and d.get("this_year") is not None:
        count = number(int(d["this_year"] or 0), lang)
        lines.append(t("mon.this_year", lang, count=count, year=reading.year))
    elif isinstance(target, RentCapTarget):
        if d.get("lettings") is not None:
            lines.append(
                t(
                    "mon.lettings",
                    lang,
                    below=number(int(d.get("below") or 0), lang),
                    total=number(int(d["lettings"] or 0), lang),
                )
            )
        if d.get("limit") is not None:
            amount = f"{float(d['limit'] or 0):.2f}"
            amount = amount.replace(".", ",") if lang == "nl" else amount
            lines.append(t("mon.limit", lang, year=reading.year, amount=amount))
    elif isinstance(target, RefugeeSplitTarget) and d.get("persons") is not None:
        lines.append(
            t(
                "mon.persons",
                lang,
                persons=number(int(d["persons"] or 0), lang),
                total=number(int(d.get("total") or 0), lang),
            )
        )
    return lines


# -- charts --------------------------------------------------------------------------------


def _stock_chart(hist: pd.DataFrame, reading: mon.Reading, lang: str) -> ChartSpec | None:
    """The stock at the start and at the end of each year: data against the line."""
    target = reading.target
    assert isinstance(target, StockTarget)
    mine = hist[hist["key"] == reading.key].dropna(subset=["actual"])
    if mine.empty:
        return None
    start_label = t("mon.chart.start", lang, year=target.first_year)
    # Short labels (they must fit five in a third of a laptop screen): the start day,
    # then the years whose end the points stand for (the axis title says so).
    ends = {int(y): str(int(y)) for y in mine["year"]}
    actual, expected = t("mon.chart.actual", lang), t("mon.chart.expected", lang)
    start = int(reading.details.get("start") or 0) if reading.details else None
    rows = []
    if start is not None:
        rows.append({"when": start_label, "series": actual, "homes": start})
    rows.append({"when": start_label, "series": expected, "homes": target.start})
    for year, value, goal in zip(mine["year"], mine["actual"], mine["expected"], strict=True):
        rows.append({"when": ends[int(year)], "series": actual, "homes": float(value)})
        rows.append({"when": ends[int(year)], "series": expected, "homes": float(goal)})
    frame = pd.DataFrame(rows)
    order = [start_label, *ends.values()]
    return (
        alt.Chart(frame, height=CHART_HEIGHT, title=mon.title(reading, lang))
        .mark_line(point=alt.OverlayMarkDef(size=90), strokeWidth=3)
        .encode(
            x=alt.X(
                "when:N",
                sort=order,
                title=t("mon.chart.year_end", lang),
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("homes:Q", title=t("mon.chart.homes", lang), scale=alt.Scale(zero=False)),
            **_actual_and_expected(actual, expected),
            tooltip=[
                alt.Tooltip("when:N", title=t("mon.chart.year", lang)),
                alt.Tooltip("series:N", title=t("mon.chart.series", lang)),
                alt.Tooltip("homes:Q", title=t("mon.chart.homes", lang), format=",.0f"),
            ],
        )
    )


def _sustainable_chart(
    ds: Dataset, key: object, target: SustainableTarget, years: tuple[int, ...], lang: str
) -> tuple[ChartSpec | None, bool]:
    """Completed sustainability work per year, stacked by the heat phase of its area,
    with the agreed number per year as a line. Also says whether counts were merged."""
    frame = _by_phase(ds, key, _targets_key([target]), years)
    hidden = bool(frame.loc[frame["phase"] == mon.HIDDEN, "homes"].gt(0).any())
    shown = frame.dropna(subset=["homes"])
    shown = shown[shown["homes"] > 0]
    classes = [*mon.PHASE_CLASSES, mon.HIDDEN]
    labels = {p: t(f"mon.phase.{p}", lang) for p in classes}
    shown = shown.assign(
        phase_label=shown["phase"].map(labels),
        order=shown["phase"].map({p: i for i, p in enumerate(classes)}),
        homes=shown["homes"].astype(int),
        year=shown["year"].astype(str),
    )
    per_year = (
        target.per_year if target.per_year is not None else (target.total or 0) / target.years
    )
    title = f"{target.corporation or ''} — {t('mon.chart.per_year', lang)}".strip(" —")
    bars = (
        alt.Chart(shown, height=CHART_HEIGHT, title=title)
        .mark_bar()
        .encode(
            x=alt.X("year:N", title=t("mon.chart.year", lang), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(homes):Q", title=t("mon.chart.homes", lang), stack="zero"),
            color=alt.Color(
                "phase_label:N",
                title=t("mon.chart.phase", lang),
                scale=alt.Scale(
                    domain=[labels[p] for p in classes],
                    range=[PHASE_COLOUR[p] for p in classes],
                ),
                legend=alt.Legend(columns=2),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("year:N", title=t("mon.chart.year", lang)),
                alt.Tooltip("phase_label:N", title=t("mon.chart.phase", lang)),
                alt.Tooltip("homes:Q", title=t("mon.chart.homes", lang)),
            ],
        )
    )
    goal = pd.DataFrame({"goal": [per_year], "label": [t("mon.chart.per_year_target", lang)]})
    rule = (
        alt.Chart(goal)
        .mark_rule(strokeDash=[8, 5], strokeWidth=3, color="#222222")
        .encode(y="goal:Q", tooltip=[alt.Tooltip("label:N", title=None), "goal:Q"])
    )
    text = (
        alt.Chart(goal)
        .mark_text(align="left", dx=4, dy=-10, fontSize=CHART_FONT, color="#222222")
        .encode(y="goal:Q", x=alt.value(0), text="label:N")
    )
    if shown.empty:
        return None, hidden
    return alt.layer(bars, rule, text).properties(height=CHART_HEIGHT), hidden


def _senior_chart(hist: pd.DataFrame, target: SeniorHomesTarget, lang: str) -> ChartSpec | None:
    """Completed senior homes added up, against the agreed line and its milestones."""
    mine = hist[hist["target_id"] == target.id]
    if mine["actual"].isna().all():
        return None
    actual, expected = t("mon.chart.actual", lang), t("mon.chart.expected", lang)
    years = list(range(target.first_year - 1, target.last_year + 1))
    line = pd.DataFrame(
        {"year": [str(y) for y in years], "homes": [target.expected_by(y) for y in years]}
    ).assign(series=expected)
    done = mine.dropna(subset=["actual"])
    data_line = pd.DataFrame(
        {
            "year": [str(target.first_year - 1), *(str(int(y)) for y in done["year"])],
            "homes": [0.0, *(float(v) for v in done["actual"])],
        }
    ).assign(series=actual)
    both = pd.concat([line, data_line], ignore_index=True)
    order = [str(y) for y in years]
    chart = (
        alt.Chart(both, height=CHART_HEIGHT)
        .mark_line(point=alt.OverlayMarkDef(size=90), strokeWidth=3)
        .encode(
            x=alt.X(
                "year:N", sort=order, title=t("mon.chart.year", lang), axis=alt.Axis(labelAngle=0)
            ),
            y=alt.Y("homes:Q", title=t("mon.chart.cumulative", lang, first=target.first_year)),
            **_actual_and_expected(actual, expected),
            tooltip=[
                alt.Tooltip("year:N", title=t("mon.chart.year", lang)),
                alt.Tooltip("series:N", title=t("mon.chart.series", lang)),
                alt.Tooltip("homes:Q", title=t("mon.chart.homes", lang), format=",.0f"),
            ],
        )
    )
    marks = pd.DataFrame(
        {
            "year": [str(m.year) for m in target.milestones],
            "homes": [m.count for m in target.milestones],
            "label": [number(m.count, lang) for m in target.milestones],
        }
    )
    labels = (
        alt.Chart(marks)
        .mark_text(dy=-16, fontSize=CHART_FONT, fontWeight="bold", color="#222222")
        .encode(x=alt.X("year:N", sort=order), y="homes:Q", text="label:N")
    )
    return alt.layer(chart, labels).properties(height=CHART_HEIGHT)


def _rent_chart(
    hist: pd.DataFrame, targets: Sequence[RentCapTarget], lang: str
) -> ChartSpec | None:
    """The share of lettings below each rent cap per year, with each norm."""
    rows, norms = [], []
    for target in targets:
        label = t(f"mon.chart.cap.{target.cap}", lang)
        mine = hist[(hist["target_id"] == target.id)].dropna(subset=["actual"])
        rows += [
            {"year": str(int(year)), "share": float(value), "cap": label}
            for year, value in zip(mine["year"], mine["actual"], strict=True)
        ]
        norms.append(
            {
                "share": target.min_share,
                "cap": label,
                "label": f"{t('mon.chart.norm', lang)} {mon.percent(target.min_share, lang)}",
            }
        )
    if not rows:
        return None
    domain = [str(n["cap"]) for n in norms]
    colour = alt.Color(
        "cap:N",
        title=t("mon.chart.cap", lang),
        scale=alt.Scale(domain=domain, range=list(SERIES_COLOUR[: len(domain)])),
    )
    shares = (
        alt.Chart(pd.DataFrame(rows), height=CHART_HEIGHT)
        .mark_line(point=alt.OverlayMarkDef(size=90), strokeWidth=3)
        .encode(
            x=alt.X("year:N", title=t("mon.chart.year", lang), axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "share:Q",
                title=t("mon.chart.share", lang),
                axis=alt.Axis(format="%"),
                scale=alt.Scale(zero=False, domainMax=1),
            ),
            color=colour,
            tooltip=[
                alt.Tooltip("year:N", title=t("mon.chart.year", lang)),
                alt.Tooltip("cap:N", title=t("mon.chart.cap", lang)),
                alt.Tooltip("share:Q", title=t("mon.chart.share", lang), format=".1%"),
            ],
        )
    )
    norm_frame = pd.DataFrame(norms)
    rules = (
        alt.Chart(norm_frame)
        .mark_rule(strokeDash=[8, 5], strokeWidth=2)
        .encode(y="share:Q", color=colour)
    )
    # The norm's label at the right end of its line, where no data point sits.
    texts = (
        alt.Chart(norm_frame)
        .mark_text(align="right", dx=-4, dy=-10, fontSize=CHART_FONT - 2, color="#222222")
        .encode(y="share:Q", x=alt.value("width"), text="label:N")
    )
    return alt.layer(shares, rules, texts).properties(height=CHART_HEIGHT)


def _refugee_chart(hist: pd.DataFrame, target: RefugeeSplitTarget, lang: str) -> ChartSpec | None:
    """Each corporation's share of the refugees housed per year, its agreed share as a tick."""
    mine = hist[hist["target_id"] == target.id].dropna(subset=["actual"])
    if mine.empty:
        return None
    frame = pd.DataFrame(
        {
            "year": mine["year"].astype(int).astype(str),
            "corporation": mine["corporation"].astype(str),
            "share": mine["actual"].astype(float),
            "agreed": mine["expected"].astype(float),
        }
    )
    names = list(target.shares)
    colour = alt.Color(
        "corporation:N",
        title=t("mon.chart.corporation", lang),
        scale=alt.Scale(domain=names, range=list(SERIES_COLOUR[: len(names)])),
    )
    x = alt.X("year:N", title=t("mon.chart.year", lang), axis=alt.Axis(labelAngle=0))
    bars = (
        alt.Chart(frame, height=CHART_HEIGHT)
        .mark_bar()
        .encode(
            x=x,
            xOffset="corporation:N",
            y=alt.Y("share:Q", title=t("mon.chart.share", lang), axis=alt.Axis(format="%")),
            color=colour,
            tooltip=[
                alt.Tooltip("year:N", title=t("mon.chart.year", lang)),
                alt.Tooltip("corporation:N", title=t("mon.chart.corporation", lang)),
                alt.Tooltip("share:Q", title=t("mon.chart.share", lang), format=".1%"),
                alt.Tooltip("agreed:Q", title=t("mon.chart.agreed_share", lang), format=".1%"),
            ],
        )
    )
    ticks = (
        alt.Chart(frame)
        .mark_tick(thickness=4, color="#222222", size=40)
        .encode(x=x, xOffset="corporation:N", y="agreed:Q")
    )
    return alt.layer(bars, ticks).properties(height=CHART_HEIGHT)


KIND_COLOUR = {kind: style[1] for kind, style in discuss.KIND_STYLE.items()}  # as on the map


def _features(frame: gpd.GeoDataFrame) -> alt.Data:
    """A frame as inline GeoJSON features: Streamlit turns a (Geo)DataFrame into an
    Arrow table, which loses the geometry a map needs."""
    return alt.Data(values=json.loads(frame.to_json(drop_id=True))["features"])


def _overview(ds: Dataset, points: list[AttentionPoint], lang: str) -> ChartSpec:
    """The municipality with the areas to discuss coloured by kind (parks as dots):
    the list's map highlight, on this page. Drawn in RD New as it is (identity
    projection, y up), so nothing is reprojected."""
    labels = {k: t(f"conflict.kind.{k}", lang) for k in KINDS}
    scale = alt.Scale(domain=[labels[k] for k in KINDS], range=[KIND_COLOUR[k] for k in KINDS])
    legend = alt.Legend(columns=2)
    # The municipality's outline is background: hidden from screen readers (aria=False),
    # which would otherwise meet an unnamed graphic (axe: svg-img-alt).
    base = alt.Chart(_features(ds.buurten[["buurtnaam", "geometry"]])).mark_geoshape(
        fill="#F4F4F4", stroke="#9A9A9A", strokeWidth=0.7, aria=False
    )
    frame = gpd.GeoDataFrame(
        {
            "kind_label": [labels[p.kind] for p in points],
            "order": [KINDS.index(p.kind) for p in points],
            "name": [p.area_name for p in points],
        },
        geometry=[p.geometry for p in points],
        crs=ds.buurten.crs,
    )
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    polygons = frame[frame.geom_type.isin(["Polygon", "MultiPolygon"])].sort_values("order")
    dots = frame[frame.geom_type == "Point"]
    tooltip = [alt.Tooltip("properties.name:N", title=t("conflict.area", lang))]
    layers: list[alt.Chart] = [base]
    if not polygons.empty:
        layers.append(
            alt.Chart(_features(polygons))
            .mark_geoshape(fillOpacity=0.6, strokeWidth=1.5, stroke="#333333")
            .encode(
                color=alt.Color("properties.kind_label:N", title=None, scale=scale, legend=legend),
                tooltip=tooltip,
            )
        )
    if not dots.empty:
        spots = pd.DataFrame(
            {
                "x": dots.geometry.x,
                "y": dots.geometry.y,
                "kind_label": dots["kind_label"],
                "name": dots["name"],
            }
        )
        layers.append(
            alt.Chart(spots)
            .mark_circle(size=220, stroke="#FFFFFF", strokeWidth=1.5, opacity=1)
            .encode(
                longitude="x:Q",
                latitude="y:Q",
                color=alt.Color("kind_label:N", title=None, scale=scale, legend=legend),
                tooltip=[alt.Tooltip("name:N", title=t("conflict.area", lang))],
            )
        )
    return (
        alt.layer(*layers)
        .project(type="identity", reflectY=True)
        .properties(height=560, title=t("conflict.overview", lang))
    )


# -- the page ------------------------------------------------------------------------------


def _controls(settings: Settings, lang: str, *, demo: bool) -> int:
    """Year and language in one row (with the demo mark): the targets start high on
    a 768-pixel-high screen."""
    year_col, lang_col, mark_col = st.columns([2.2, 1, 1.6], vertical_alignment="bottom")
    years = settings.years.all()
    default = settings.years.clamp(date.today().year)
    if YEAR_KEY not in st.session_state:
        # The year of the link (?year=, as the map writes it), on the session's first
        # run here. Not `bind`: a bound control takes its parameter out of the URL
        # when the page is left, and a link to the map with ?year= would lose it.
        wanted = str(st.query_params.get("year", ""))
        st.session_state[YEAR_KEY] = int(wanted) if wanted in {str(y) for y in years} else default
    with year_col:
        year = st.segmented_control(t("app.year", lang), years, key=YEAR_KEY, required=True)
    map_controls.sync_to_url("year", str(year), default=str(default))
    with lang_col:
        map_controls.language_switch(lang)
    if demo:
        with mark_col:
            st.warning(f"**{t('demo.mark', lang)}**")
    return int(year)


def render() -> None:
    """The whole monitoring page."""
    st.html(PAGE_CSS)
    lang = session.language()
    found = data.loaded(lang)
    if found is None:
        return
    settings, ds = found
    from ui import pages  # here: ui.pages imports this module

    st.page_link(
        pages.MAP, label=f"← {t('app.title', lang)}", query_params=_map_query(None, None, lang)
    )
    st.title(t("mon.title", lang, municipality=plain(ds.manifest.municipality_name)))
    year = _controls(settings, lang, demo=ds.manifest.demo)
    lang = session.language()  # the control above may just have switched it
    st.caption(t("mon.intro", lang, year=year) + " " + t("mon.lights", lang))

    targets = list(settings.targets)
    if not targets:
        st.info(t("mon.no_targets", lang))
    else:
        _targets(ds, settings, targets, year, lang)
    _conflicts(ds, settings, year, lang, pages.MAP)


def _map_query(
    buurt: str | None, year: int | None, lang: str, layers: list[str] | None = None
) -> dict[str, str | list[str]]:
    """The query of a link to the map: buurt, year, (when not Dutch) language, and the
    layers shown (their titles, as the map's layer pills write them)."""
    query: dict[str, str | list[str]] = {}
    if layers:
        query["layers"] = layers
    if buurt:
        query["buurt"] = buurt
    if year is not None:
        query["year"] = str(year)
    if lang != "nl":
        query["lang"] = lang
    return query


def _targets(ds: Dataset, settings: Settings, targets: list[Target], year: int, lang: str) -> None:
    """Per kind of target: a header, a card per reading, and the charts."""
    key = _files_key(ds)
    serialised = _targets_key(targets)
    years = tuple(settings.years.all())
    now = _readings(ds, key, serialised, year)
    hist = _history(ds, key, serialised, years)
    for kind in TARGET_KINDS:
        mine = [r for r in now if r.kind == kind]
        if not mine:
            continue
        st.header(t(f"mon.kind.{kind}", lang), divider="gray")
        per_row = 3 if len(mine) >= 3 else len(mine)
        for start in range(0, len(mine), per_row):
            columns = st.columns(per_row)
            for column, reading in zip(columns, mine[start : start + per_row], strict=False):
                with column:
                    _card(reading, lang)
        _kind_charts(ds, key, kind, mine, hist, years, lang)


def _kind_charts(
    ds: Dataset,
    key: object,
    kind: str,
    readings: list[mon.Reading],
    hist: pd.DataFrame,
    years: tuple[int, ...],
    lang: str,
) -> None:
    """The charts of one kind of target, side by side."""
    alt_text = t(f"mon.chart.alt.{kind}", lang)
    charts: list[ChartSpec] = []
    hidden = False
    if kind == "stock":
        charts = [c for r in readings if (c := _stock_chart(hist, r, lang)) is not None]
    elif kind == "sustainable":
        for r in readings:
            assert isinstance(r.target, SustainableTarget)
            chart, small = _sustainable_chart(ds, key, r.target, years, lang)
            hidden = hidden or small
            if chart is not None:
                charts.append(chart)
    elif kind == "senior_homes":
        seen = {r.target.id: r.target for r in readings}
        charts = [
            c
            for target in seen.values()
            if isinstance(target, SeniorHomesTarget)
            and (c := _senior_chart(hist, target, lang)) is not None
        ]
    elif kind == "rent_cap":
        caps = [r.target for r in readings if isinstance(r.target, RentCapTarget)]
        chart = _rent_chart(hist, caps, lang)
        charts = [chart] if chart is not None else []
    else:
        seen = {r.target.id: r.target for r in readings}
        charts = [
            c
            for target in seen.values()
            if isinstance(target, RefugeeSplitTarget)
            and (c := _refugee_chart(hist, target, lang)) is not None
        ]
    if not charts:
        st.caption(t("mon.chart.no_data", lang))
        return
    per_row = min(len(charts), 3)
    for start in range(0, len(charts), per_row):
        columns = st.columns(per_row)
        for column, chart in zip(columns, charts[start : start + per_row], strict=False):
            with column:
                _chart(chart, alt_text, lang)
    if hidden:
        st.caption(t("mon.chart.hidden", lang))
    if kind == "refugee_split":
        st.caption(t("mon.chart.tick_help", lang))


def _conflicts(ds: Dataset, settings: Settings, year: int, lang: str, map_page: st.Page) -> None:
    """The points to discuss: the list beside a map of their areas. The attention
    areas come from the agreement store as this reader may see them (as on the map),
    or from the data directory when the store cannot be reached."""
    st.header(t("conflict.title", lang, year=year), divider="gray")
    st.caption(t("conflict.intro", lang))
    states = None
    head: object = None
    actor = session.actor()
    try:
        store = agreement_store.store(settings, ds)
        states = agreement_store.agreements(settings, ds, store).for_actor(actor).states
        head = store.head()
    except AfsprakenkaartError:
        st.caption(t("conflict.store_fallback", lang))
    key = (
        _files_key(ds),
        head,
        actor.role,
        settings.conflicts.model_dump_json(),
        tuple(p.model_dump_json() for p in settings.parties),
        settings.years.period,
    )
    points = _points(ds, settings, states, key, year)
    names = dict(zip(ds.buurten["buurtcode"], ds.buurten["buurtnaam"], strict=True))
    listing, overview = st.columns([2, 1], gap="large")
    if points:
        with overview:
            _chart(_overview(ds, points, lang), t("conflict.overview_alt", lang), lang)
    # A link opens the map with the points to discuss shown beside the usual layers.
    ctx = MapContext(ds, settings, year, lang)
    shown = [LAYERS_BY_ID[i].title(ctx) for i in (*DEFAULT_LAYER_IDS, discuss.LAYER.id)]
    with listing:
        _listing(ds, points, names, year, lang, map_page, shown)


def _listing(
    ds: Dataset,
    points: list[AttentionPoint],
    names: dict[str, str],
    year: int,
    lang: str,
    map_page: st.Page,
    layers: list[str],
) -> None:
    """The points per kind, each in a fold (open when short)."""
    for kind in KINDS:
        mine = [p for p in points if p.kind == kind]
        title = f"{t(f'conflict.kind.{kind}', lang)} ({len(mine)})"
        with st.expander(title, expanded=len(mine) <= OPEN_KIND_UP_TO):
            if kind == "regret" and ds.heat_phasing.empty:
                st.caption(t("conflict.no_heat", lang))
            if not mine:
                st.write(t("conflict.none", lang))
            for point in mine:
                _point(point, names, year, lang, map_page, layers)


def _point(
    point: AttentionPoint,
    names: dict[str, str],
    year: int,
    lang: str,
    map_page: st.Page,
    layers: list[str],
) -> None:
    """One point: its sentence, and under it the link that opens its buurt on the map
    (in the same year and language)."""
    st.markdown(plain(point.text(lang)))
    if point.buurtcode:
        area = names.get(point.buurtcode, point.buurtcode)
        st.page_link(
            map_page,
            label=plain(t("conflict.link", lang, area=area)),
            icon=":material/map:",
            query_params=_map_query(point.buurtcode, year, lang, layers),
        )
    else:
        st.caption(t("conflict.no_link", lang))
