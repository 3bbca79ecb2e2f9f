"""The map layers drawn with matplotlib for print: the same colours and symbols as the
web map (geo.palette), on an offline background of CBS boundaries (no tiles).

Coordinates stay in EPSG:28992 (RD New, metres) throughout, so the scale bar is exact:
one axis unit is one metre. Everything a layer draws is also described in its legend
without relying on colour alone: periods are written on the map, attention areas are
hatched, parks and corporations differ in shape, measures carry a letter.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon as MplPolygon
from matplotlib.patches import Rectangle
from matplotlib.textpath import TextToPath
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geo.agreements import designated
from geo.dataset import Dataset
from geo.i18n import number, t
from geo.palette import (
    ATTENTION_COLOUR,
    CURRENT_BORDER,
    MEASURE_LETTERS,
    PARK_SYMBOLS,
    PARK_UNKNOWN,
    SENSITIVE_MEASURES,
    corporation_colours,
    park_vitality,
    period_colours,
    period_label,
)
from geo.printing.common import (
    BOUNDARY_BUURT,
    BOUNDARY_GEMEENTE,
    BOUNDARY_WIJK,
    FONT_FAMILY,
    MUTED,
    TEXT,
    plain,
)
from geo.printing.options import PRINT_LAYERS
from geo.workshop import seed_states
from geo.yearview import home_states, phase_state

Bounds = tuple[float, float, float, float]  # minx, miny, maxx, maxy in RD New metres


# matplotlib markers for the web map's SVG shapes (geo.palette.PARK_SYMBOLS).
SHAPE_MARKERS = {"circle": "o", "square": "s", "triangle": "^", "diamond": "D", "pentagon": "p"}
# On paper the corporations differ in shape as well as colour (the web map's popups name
# them; a print has only its legend).
CORPORATION_MARKERS = ("o", "s", "D", "v", "^", "P", "X", "h", "<", ">", "p", "*", "d", "8")
HEAT_ALPHA = 0.45
HALO = [patheffects.withStroke(linewidth=2.2, foreground="white")]
_TEXT_TO_PATH = TextToPath()


@dataclass(frozen=True)
class MapStyle:
    """Sizes in points, per sheet: text, symbols and lines."""

    font: float = 7.0  # legend text
    label: float = 6.5  # names on the map
    home: float = 2.6  # a corporation home
    project: float = 8.0  # a complex with a measure (circle with a letter)
    park: float = 8.0
    line: float = 1.0  # multiplies every line width

    def scaled(self, factor: float) -> MapStyle:
        return MapStyle(*(v * factor for v in self.__dict__.values()))


@dataclass(frozen=True)
class Symbol:
    """A legend symbol: an area patch, a point marker, a lettered circle, a line, or
    nothing (a note or a sub-heading)."""

    kind: Literal["patch", "marker", "letter", "line", "heading", "note"]
    facecolor: str = "none"
    edgecolor: str = "none"
    linewidth: float = 0.8
    hatch: str = ""
    alpha: float = 1.0
    marker: str = "o"
    letter: str = ""
    linestyle: str = "-"


@dataclass(frozen=True)
class LegendEntry:
    symbol: Symbol
    label: str


@dataclass(frozen=True)
class LegendGroup:
    title: str
    entries: tuple[LegendEntry, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class MapSpec:
    """What a static map shows: data, year, layers and how the agreements stand."""

    dataset: Dataset
    year: int
    layers: tuple[str, ...]
    lang: str = "nl"
    # The agreement store's current state as the reader may see it; None: the data
    # directory's seed decisions.
    agreements: gpd.GeoDataFrame | None = None
    # Viewers (tenants, the public) never see demolition or sale per home or complex.
    viewer: bool = True
    # The legend lists only what lies in the extent, without the municipality's counts
    # (a buurt map, or a workshop map of part of the municipality).
    local: bool = False
    labels: Literal["wijken", "buurten"] = "wijken"
    highlight: str | None = None  # a buurtcode drawn with a heavy dashed outline

    @property
    def states(self) -> gpd.GeoDataFrame:
        return seed_states(self.dataset) if self.agreements is None else self.agreements


def check_layers(layers: Iterable[str]) -> tuple[str, ...]:
    """The layers in drawing order; an unknown id is a ValueError naming the known ones."""
    wanted = list(dict.fromkeys(layers))
    unknown = [layer for layer in wanted if layer not in PRINT_LAYERS]
    if unknown:
        raise ValueError(
            f"unknown layer {', '.join(unknown)}: choose from {', '.join(PRINT_LAYERS)}"
        )
    return tuple(layer for layer in PRINT_LAYERS if layer in wanted)


def fit_extent(bounds: Bounds, width: float, height: float, *, pad: float = 0.04) -> Bounds:
    """`bounds` padded and widened in one direction to the width/height ratio of the box
    it is drawn in, so the map fills its frame at one scale in x and y."""
    minx, miny, maxx, maxy = bounds
    w, h = max(maxx - minx, 1.0), max(maxy - miny, 1.0)
    w, h = w * (1 + 2 * pad), h * (1 + 2 * pad)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    if w / h < width / height:
        w = h * width / height
    else:
        h = w * height / width
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def draw_map(
    ax: Axes,
    spec: MapSpec,
    extent: Bounds,
    style: MapStyle,
    *,
    keep_free: Sequence[tuple[float, float, float, float]] = (),
) -> list[LegendGroup]:
    """Draw the background, `spec`'s layers, names, a scale bar and a north arrow on
    `ax` (in RD New metres) within `extent`; returns the legend of what was drawn,
    bottom layer first. Names stay out of the `keep_free` boxes (points from the lower
    left of `ax`: a mark the caller puts on the map)."""
    minx, miny, maxx, maxy = extent
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_linewidth(0.8)
        spine.set_edgecolor("#333333")
    ax.set_facecolor("white")
    ds = spec.dataset
    legend: list[LegendGroup] = []
    area_periods: dict[str, str] = {}
    if "heat_phasing" in spec.layers:
        group, area_periods = _draw_heat(ax, spec, extent, style)
        legend.append(group)
    if "attention_areas" in spec.layers:
        legend.append(_draw_attention(ax, spec, style))
    _draw_boundaries(ax, ds, style)
    legend.insert(0, _boundary_legend(spec, style))
    if "corporation_housing" in spec.layers:
        homes = _draw_homes(ax, spec, extent, style)
        legend += [homes] if homes else []
    if "holiday_parks" in spec.layers:
        parks = _draw_parks(ax, spec, extent, style)
        legend += [parks] if parks else []
    ax.set_xlabel("")
    ax.set_ylabel("")
    width_pt, _ = axes_points(ax)
    reserved = [
        draw_scale_bar(ax, extent, width_pt, style, spec.lang),
        draw_north_arrow(ax, extent, width_pt, style),
        *keep_free,
    ]
    _draw_labels(ax, spec, extent, style, area_periods, reserved)
    if spec.highlight:
        chosen = ds.buurten[ds.buurten["buurtcode"] == spec.highlight]
        chosen.boundary.plot(
            ax=ax, color="#000000", linewidth=2.4 * style.line, linestyle=(0, (5, 2.5)), zorder=8
        )
    return legend


# -- background ------------------------------------------------------------------------


def _draw_boundaries(ax: Axes, ds: Dataset, style: MapStyle) -> None:
    """Buurt, wijk and municipal boundaries in greys: the offline background."""
    ds.buurten.boundary.plot(ax=ax, color=BOUNDARY_BUURT, linewidth=0.45 * style.line, zorder=3)
    ds.wijken.boundary.plot(ax=ax, color=BOUNDARY_WIJK, linewidth=0.9 * style.line, zorder=3)
    outline = gpd.GeoSeries([ds.buurten.geometry.union_all()], crs=ds.buurten.crs)
    outline.boundary.plot(ax=ax, color=BOUNDARY_GEMEENTE, linewidth=1.6 * style.line, zorder=3)


def _boundary_legend(spec: MapSpec, style: MapStyle) -> LegendGroup:
    lang = spec.lang
    entries = [
        LegendEntry(Symbol("line", edgecolor=BOUNDARY_GEMEENTE, linewidth=1.6 * style.line),
                    t("print.legend.gemeente", lang)),
        LegendEntry(Symbol("line", edgecolor=BOUNDARY_WIJK, linewidth=0.9 * style.line),
                    t("print.legend.wijk", lang)),
        LegendEntry(Symbol("line", edgecolor=BOUNDARY_BUURT, linewidth=0.6 * style.line),
                    t("print.legend.buurt", lang)),
    ]  # fmt: skip
    if spec.highlight:
        entries.append(
            LegendEntry(
                Symbol("line", edgecolor="#000000", linewidth=2.0 * style.line, linestyle="--"),
                t("print.legend.selected", lang),
            )
        )
    return LegendGroup(t("print.legend.boundaries", lang), tuple(entries))


# -- layers ------------------------------------------------------------------------------


def _draw_heat(
    ax: Axes, spec: MapSpec, extent: Bounds, style: MapStyle
) -> tuple[LegendGroup, dict[str, str]]:
    """Phasing areas filled by period (soonest darkest), the running one with a thick
    black border; returns the legend and each area's period for the labels."""
    lang, year = spec.lang, spec.year
    areas = spec.dataset.heat_areas
    colours = period_colours(areas) if not areas.empty else {}
    periods: dict[str, str] = {}
    current_width = 2.6 * style.line
    for row, geom in zip(
        areas.drop(columns="geometry").to_dict("records"), areas.geometry, strict=True
    ):
        start, end = int(row["period_start"]), int(row["period_end"])
        period = period_label(start, end)
        periods[str(row["area_code"])] = period
        current = phase_state(start, end, year) == "current"
        gpd.GeoSeries([geom]).plot(
            ax=ax,
            facecolor=colours[period],
            alpha=HEAT_ALPHA,
            edgecolor="none",
            zorder=1,
        )
        if current:
            gpd.GeoSeries([geom]).boundary.plot(
                ax=ax, color=CURRENT_BORDER, linewidth=current_width, zorder=4
            )
    in_view = set(colours)
    any_current = bool(in_view)
    if spec.local and not areas.empty:
        seen = areas[in_extent(areas, extent)]
        in_view = {
            period_label(int(s), int(e))
            for s, e in zip(seen["period_start"], seen["period_end"], strict=True)
        }
        any_current = any(
            phase_state(int(s), int(e), year) == "current"
            for s, e in zip(seen["period_start"], seen["period_end"], strict=True)
        )
    entries = [
        LegendEntry(
            Symbol("patch", facecolor=c, alpha=HEAT_ALPHA, edgecolor="#666666", linewidth=0.4),
            p,
        )
        for p, c in colours.items()
        if p in in_view
    ]
    if any_current:
        entries.append(
            LegendEntry(
                Symbol("patch", edgecolor=CURRENT_BORDER, linewidth=current_width),
                t("legend.heat.current", lang, year=year),
            )
        )
    if not spec.local and not areas.empty:
        counts = areas["strategy"].value_counts()
        entries.append(LegendEntry(Symbol("heading"), t("legend.heat.strategy", lang)))
        entries += [
            LegendEntry(Symbol("note"), f"{t(f'strategy.{s}', lang)} ({int(counts[s])})")
            for s in counts.index
        ]
    title = f"{t('layer.heat_phasing', lang)} — {t('legend.heat.period', lang)}"
    return LegendGroup(title, tuple(entries)), periods


def _draw_attention(ax: Axes, spec: MapSpec, style: MapStyle) -> LegendGroup:
    """Designated liveability areas of the year: hatched, with a red outline."""
    lang, year = spec.lang, spec.year
    areas = designated(spec.states, year)
    areas = areas[areas.geometry.notna() & ~areas.geometry.is_empty]
    if not areas.empty:
        areas.plot(
            ax=ax,
            facecolor="none",
            edgecolor=ATTENTION_COLOUR,
            hatch="////",
            linewidth=1.8 * style.line,
            zorder=2,
        )
    count = len(areas)
    label = (
        t("legend.attention.designated", lang, year=year)
        + ("" if spec.local else f" ({t('legend.attention.count', lang, count=count)})")
        if count
        else t("legend.attention.none", lang, year=year)
    )
    symbol = Symbol("patch", edgecolor=ATTENTION_COLOUR, hatch="////", linewidth=1.4 * style.line)
    return LegendGroup(t("layer.attention_areas", lang), (LegendEntry(symbol, label),))


def corporation_markers(colours: dict[str, str]) -> dict[str, str]:
    """A marker shape per corporation, in the order of their colours."""
    return {c: CORPORATION_MARKERS[i % len(CORPORATION_MARKERS)] for i, c in enumerate(colours)}


def projects(homes: pd.DataFrame, *, viewer: bool) -> pd.DataFrame:
    """One symbol per complex, corporation and measure: where its homes lie (their mean)
    and `done` only when all of them are. A viewer gets no demolition or sale (those are
    shown per buurt, never per complex or address)."""
    measured = homes[homes["measure"].notna()]
    if viewer:
        measured = measured[~measured["measure"].isin(SENSITIVE_MEASURES)]
    if measured.empty:
        return pd.DataFrame(columns=["corporation", "complex", "measure", "x", "y", "done"])
    frame = pd.DataFrame(
        {
            "corporation": measured["corporation"].astype(str),
            "complex": measured["complex_id"].fillna(measured["home_id"]).astype(str),
            "measure": measured["measure"].astype(str),
            "x": measured.geometry.x,
            "y": measured.geometry.y,
            "done": (measured["state"] == "done").astype(bool),
        }
    )
    grouped = frame.groupby(["corporation", "complex", "measure"], as_index=False).agg(
        x=("x", "mean"), y=("y", "mean"), done=("done", "all")
    )
    return grouped


def _draw_homes(ax: Axes, spec: MapSpec, extent: Bounds, style: MapStyle) -> LegendGroup | None:
    """Every located home as a small shape in its corporation's colour; every complex
    with a measure as a circle with the measure's letter (filled: carried out by the
    end of the year; open: planned). Symbols that would cover one another are set side
    by side."""
    lang = spec.lang
    all_homes = spec.dataset.corporation_homes
    colours = corporation_colours(all_homes)
    markers = corporation_markers(colours)
    homes = home_states(all_homes, spec.year)
    located = homes[~(homes.geometry.isna() | homes.geometry.is_empty)]
    seen = located[_within(located.geometry.x, located.geometry.y, extent)]
    for corp, colour in colours.items():
        mine = seen[seen["corporation"].astype(str) == corp]
        if mine.empty:
            continue
        ax.scatter(
            mine.geometry.x,
            mine.geometry.y,
            s=style.home**2,
            marker=markers[corp],
            c=colour,
            linewidths=0,
            zorder=5,
        )
    per_pt = (extent[2] - extent[0]) / axes_points(ax)[0]
    found = projects(located, viewer=spec.viewer)
    found = found[_within(found["x"], found["y"], extent)]
    placed: list[tuple[float, float]] = []
    step = style.project * 0.95
    for p in found.sort_values(["x", "y"]).to_dict("records"):
        x, y = float(p["x"]) / per_pt, float(p["y"]) / per_pt  # points
        for _ in range(6):
            if all((x - a) ** 2 + (y - b) ** 2 >= step**2 for a, b in placed):
                break
            x += step
        placed.append((x, y))
        colour = colours.get(str(p["corporation"]), "#444444")
        _letter(ax, x * per_pt, y * per_pt, str(p["measure"]), colour, bool(p["done"]), style)

    shown_corps = set(seen["corporation"].astype(str)) if spec.local else set(colours)
    if spec.local and not shown_corps:
        return None
    entries = [
        LegendEntry(Symbol("marker", facecolor=c, marker=markers[name]), name)
        for name, c in colours.items()
        if name in shown_corps
    ]
    measures = [m for m in MEASURE_LETTERS if not (spec.viewer and m in SENSITIVE_MEASURES)]
    if spec.local:
        measures = [m for m in measures if m in set(found["measure"])]
    if measures:
        entries.append(LegendEntry(Symbol("heading"), t("print.legend.projects", lang)))
        entries += [
            LegendEntry(
                Symbol("letter", facecolor="#444444", letter=MEASURE_LETTERS[m]),
                t(f"measure.{m}", lang),
            )
            for m in measures
        ]
        entries += [
            LegendEntry(Symbol("letter", facecolor="#444444", letter="V"),
                        t("legend.state.done", lang)),
            LegendEntry(Symbol("letter", facecolor="white", edgecolor="#444444", letter="V"),
                        t("legend.state.planned", lang)),
        ]  # fmt: skip
    if not spec.local:
        entries.append(
            LegendEntry(
                Symbol("note"), t("legend.homes_on_map", lang, count=number(len(located), lang))
            )
        )
        without = len(all_homes) - len(located)
        if without:
            entries.append(
                LegendEntry(
                    Symbol("note"), t("legend.no_location", lang, count=number(without, lang))
                )
            )
    if spec.viewer:
        entries.append(LegendEntry(Symbol("note"), t("print.legend.sensitive", lang)))
    return LegendGroup(t("layer.corporation_housing", lang), tuple(entries))


def _within(x: pd.Series, y: pd.Series, extent: Bounds) -> np.ndarray:
    """Which of the points (x, y) lie inside `extent`."""
    minx, miny, maxx, maxy = extent
    inside = (x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy)
    return np.asarray(inside, dtype=bool)


def _letter(
    ax: Axes,
    x: float,
    y: float,
    measure: str,
    colour: str,
    done: bool,
    style: MapStyle,
    zorder: float = 6,
) -> None:
    """A circle in `colour` with the measure's letter: filled when done, open when planned."""
    ax.scatter(
        [x],
        [y],
        s=style.project**2,
        marker="o",
        facecolors=colour if done else "white",
        edgecolors=colour,
        linewidths=1.1 * style.line,
        zorder=zorder,
    )
    ax.text(
        x,
        y,
        MEASURE_LETTERS.get(measure, "?"),
        fontsize=style.project * 0.62,
        fontweight="bold",
        color="white" if done else colour,
        ha="center",
        va="center_baseline",
        zorder=zorder + 0.1,
        parse_math=False,
    )


def _draw_parks(ax: Axes, spec: MapSpec, extent: Bounds, style: MapStyle) -> LegendGroup | None:
    """Holiday parks at their interior point, a shape and colour per vitality class."""
    lang = spec.lang
    parks = spec.dataset.holiday_parks
    if parks.empty:
        return None if spec.local else LegendGroup(t("layer.holiday_parks", lang))
    classes = parks["vitality"].map(park_vitality)
    points = parks.geometry.representative_point()
    inside = _within(points.x, points.y, extent)
    shown = {**PARK_SYMBOLS, "unknown": PARK_UNKNOWN}
    for code, (shape, colour) in shown.items():
        mask = (classes == code).to_numpy() & inside
        if not mask.any():
            continue
        ax.scatter(
            points[mask].x,
            points[mask].y,
            s=style.park**2,
            marker=SHAPE_MARKERS[shape],
            c=colour,
            edgecolors="white",
            linewidths=0.8 * style.line,
            zorder=7,
        )
    counts = classes.value_counts()
    if spec.local:
        present = set(classes[inside])
        legend_classes = {c: v for c, v in shown.items() if c in present}
        if not legend_classes:
            return None
    else:
        legend_classes = shown if counts.get("unknown", 0) else PARK_SYMBOLS
    entries = tuple(
        LegendEntry(
            Symbol("marker", facecolor=colour, marker=SHAPE_MARKERS[shape], edgecolor="white"),
            t(f"vitality.{code}", lang) + ("" if spec.local else f" ({int(counts.get(code, 0))})"),
        )
        for code, (shape, colour) in legend_classes.items()
    )
    title = f"{t('layer.holiday_parks', lang)} — {t('legend.parks.vitality', lang)}"
    return LegendGroup(title, entries)


# -- names -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Label:
    x: float  # anchor, map units
    y: float
    name: str  # may hold line breaks (see `label_lines`)
    period: str | None
    size: float
    bold: bool
    optional: bool = False  # left out where it cannot be placed free of the others
    area: BaseGeometry | None = None  # the label's centre stays inside it

    def box(self) -> tuple[float, float, float, float]:
        """Left, bottom, right, top in points around the anchor (name above it, the
        period below it)."""
        lines = self.name.split("\n")
        name_w = max(text_width(line, self.size, bold=self.bold) for line in lines)
        name_h = len(lines) * self.size * 1.2
        period_w = text_width(self.period, self.size * 0.9) if self.period else 0.0
        half = max(name_w, period_w) / 2 + 1.5
        if self.period:
            return -half, -(self.size * 0.9 * 1.2 + 1), half, name_h + 2
        return -half, -name_h / 2, half, name_h / 2


LABEL_LINE = 20  # characters: longer names on the map are broken at spaces
LABEL_LINES = 3


def label_lines(name: str) -> str:
    """A name for the map: broken at spaces into lines of about LABEL_LINE characters,
    at most LABEL_LINES of them (the last ending in "…" when the name is longer)."""
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= LABEL_LINE:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > LABEL_LINES:
        lines = lines[:LABEL_LINES]
        lines[-1] = lines[-1][: LABEL_LINE - 1].rstrip() + "…"
    return "\n".join(line if len(line) <= 2 * LABEL_LINE else line[: 2 * LABEL_LINE - 1] + "…"
                     for line in lines) or name  # fmt: skip


def _overlaps(a: tuple[float, ...], b: tuple[float, ...], pad: float = 1.0) -> bool:
    return not (
        a[2] + pad <= b[0] or b[2] + pad <= a[0] or a[3] + pad <= b[1] or b[3] + pad <= a[1]
    )


def _draw_labels(
    ax: Axes,
    spec: MapSpec,
    extent: Bounds,
    style: MapStyle,
    periods: dict[str, str],
    reserved: Sequence[tuple[float, float, float, float]],
) -> None:
    """Wijk (or buurt) names at their interior points, with the heat period below when
    that layer is on, so a period can be read without telling greens apart. Placed so
    that no two overlap and none leaves the frame: each label tries a few positions
    near its point (the chosen buurt and larger areas first); `reserved` boxes (points
    from the lower left: scale bar, north arrow, marks) are kept free."""
    ds = spec.dataset
    minx, miny, maxx, maxy = extent
    width_pt, height_pt = axes_points(ax)
    per_pt = (maxx - minx) / width_pt
    if spec.labels == "wijken":
        table, code_col, name_col = ds.wijken, "wijkcode", "wijknaam"
    else:
        table, code_col, name_col = ds.buurten, "buurtcode", "buurtnaam"
    buurt_wijk = dict(zip(ds.buurten["buurtcode"], ds.buurten["wijkcode"], strict=True))
    ranked = table.assign(
        _area=table.geometry.area,
        _first=table[code_col] == spec.highlight,
        _point=table.geometry.representative_point(),
    ).sort_values(["_first", "_area"], ascending=False)
    labels: list[_Label] = []
    for code, name, point, geometry in zip(
        ranked[code_col], ranked[name_col], ranked["_point"], ranked.geometry, strict=True
    ):
        if not (minx <= point.x <= maxx and miny <= point.y <= maxy):
            continue
        period = periods.get(str(code)) or periods.get(str(buurt_wijk.get(code, "")))
        is_chosen = code == spec.highlight
        bold = is_chosen or spec.labels == "wijken"
        optional = spec.labels == "buurten" and not is_chosen
        text = label_lines(plain(name))
        labels.append(_Label(point.x, point.y, text, period, style.label, bold, optional, geometry))
    if spec.labels == "wijken":
        # A buurt with its own phasing, different from its wijk's: its name and period.
        for code, period in periods.items():
            rows = ds.buurten[ds.buurten["buurtcode"] == code]
            if rows.empty:
                continue
            point = rows.geometry.iloc[0].representative_point()
            if minx <= point.x <= maxx and miny <= point.y <= maxy:
                name = label_lines(plain(rows["buurtnaam"].iloc[0]))
                size = style.label * 0.85
                area = rows.geometry.iloc[0]
                labels.append(_Label(point.x, point.y, name, period, size, False, False, area))

    placed: list[tuple[float, ...]] = list(reserved)
    for label in labels:
        ax_x, ax_y = (label.x - minx) / per_pt, (label.y - miny) / per_pt  # points
        left, bottom, right, top = label.box()
        h = top - bottom
        w = right - left
        tries = [(0.0, 0.0)]
        for f in (0.35, 0.7, 1.0, 1.5):
            tries += [(0.0, h * f), (0.0, -h * f), (w * f * 0.5, 0.0), (-w * f * 0.5, 0.0)]
            tries += [(w * f * 0.5, h * f), (-w * f * 0.5, h * f)]
            tries += [(w * f * 0.5, -h * f), (-w * f * 0.5, -h * f)]
        chosen: tuple[float, float] | None = None
        for dx, dy in tries:
            sx, sy = _shift(ax_x + dx, ax_y + dy, (left, bottom, right, top), width_pt, height_pt)
            dx, dy = dx + sx, dy + sy
            box = (ax_x + dx + left, ax_y + dy + bottom, ax_x + dx + right, ax_y + dy + top)
            if any(_overlaps(box, other) for other in placed):
                continue
            centre = Point(label.x + dx * per_pt, label.y + (dy + (top + bottom) / 2) * per_pt)
            if label.area is not None and (dx or dy) and not label.area.contains(centre):
                continue  # moved out of its own area, it would name its neighbour
            chosen = (dx, dy)
            break
        if chosen is None and label.optional:
            continue  # a neighbour's name: the map reads better without it
        if chosen is None:  # nowhere free: at its point, inside the frame
            chosen = _shift(ax_x, ax_y, (left, bottom, right, top), width_pt, height_pt)
        dx, dy = chosen
        placed.append((ax_x + dx + left, ax_y + dy + bottom, ax_x + dx + right, ax_y + dy + top))
        _label(ax, label, dx, dy)


def _shift(
    x: float, y: float, box: tuple[float, float, float, float], width: float, height: float
) -> tuple[float, float]:
    """How far (points) a label at (x, y) with `box` must move to lie inside the frame
    of width x height points, 2 points from its edge."""
    left, bottom, right, top = box
    shift_x = max(0.0, 2 - (x + left)) - max(0.0, (x + right) - (width - 2))
    shift_y = max(0.0, 2 - (y + bottom)) - max(0.0, (y + top) - (height - 2))
    return shift_x, shift_y


def _label(ax: Axes, label: _Label, dx: float, dy: float) -> None:
    """Draw a label `dx`, `dy` points from its anchor: name, and the period below it."""
    lines = [(label.name, label.size, "bold" if label.bold else "normal", TEXT, 2.0, "bottom")]
    if label.period:
        lines.append((label.period, label.size * 0.9, "normal", MUTED, -1.0, "top"))
    for text, size, weight, colour, lift, va in lines:
        _halo_text(
            ax,
            text,
            (label.x, label.y),
            (dx, dy + (lift if label.period else 0.0)),
            fontsize=size,
            fontweight=weight,
            color=colour,
            va=va if label.period else "center",
        )


def _halo_text(
    ax: Axes,
    text: str,
    xy: tuple[float, float],
    offset: tuple[float, float],
    **kwargs: object,
) -> None:
    """Text with a white halo that stays text in the PDF (searchable, extractable): the
    halo is a stroked copy underneath (a path effect turns text into outlines)."""
    common: dict[str, object] = {
        "textcoords": "offset points",
        "ha": "center",
        "zorder": 9,
        "annotation_clip": False,
        "parse_math": False,
        **kwargs,
    }
    halo = patheffects.Stroke(linewidth=2.4, foreground="white")
    ax.annotate(text, xy, xytext=offset, path_effects=[halo], **common)  # type: ignore[arg-type]
    ax.annotate(text, xy, xytext=offset, **common)  # type: ignore[arg-type]


def axes_points(ax: Axes) -> tuple[float, float]:
    """The width and height of `ax` on paper, in points."""
    position = ax.get_position()
    figure = ax.get_figure(root=True)
    assert figure is not None
    fig_w, fig_h = figure.get_size_inches()
    return float(position.width * fig_w * 72), float(position.height * fig_h * 72)


# -- scale bar and north arrow -----------------------------------------------------------


def nice_length(metres: float) -> float:
    """The largest of 1, 2, 2.5 or 5 times a power of ten that is at most `metres`."""
    if metres <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(metres))
    return max(f * power for f in (1, 2, 2.5, 5) if f * power <= metres)


def distance_text(metres: float, lang: str, *, unit: bool = True) -> str:
    """1 km, 2,5 km (Dutch decimal comma), 500 m; without the unit for inner ticks."""
    km = metres >= 1000
    value = f"{metres / 1000 if km else metres:g}"
    if lang == "nl":
        value = value.replace(".", ",")
    return f"{value} {'km' if km else 'm'}" if unit else value


Box = tuple[float, float, float, float]  # left, bottom, right, top in points


def draw_scale_bar(ax: Axes, extent: Bounds, width_pt: float, style: MapStyle, lang: str) -> Box:
    """A scale bar in the lower left corner, drawn by hand in map units; returns the
    box it takes (points from the lower left of the map).

    The axes are in RD New metres at one scale in x and y, so a bar of L axis units is
    L metres on the ground (RD's own scale error is below 0.01 % in the Netherlands);
    drawing it ourselves avoids a dependency and keeps it exact for any extent.
    """
    minx, miny, maxx, _ = extent
    per_pt = (maxx - minx) / width_pt  # metres per point on paper
    length = nice_length((maxx - minx) * 0.25)
    end_text = distance_text(length, lang)
    pad = 5.0
    x0, y0 = minx + (7 + pad) * per_pt, miny + (7 + pad) * per_pt
    bar_h = 3.2 * style.line
    size = style.font * 0.95
    end_w = text_width(end_text, size)
    box_w = length / per_pt + end_w / 2 + 2 * pad + 4
    box_h = bar_h + size * 1.3 + 1.5 + 2 * pad
    ax.add_patch(
        Rectangle(
            (minx + 7 * per_pt, miny + 7 * per_pt),
            box_w * per_pt,
            box_h * per_pt,
            facecolor="white",
            edgecolor="#999999",
            linewidth=0.4,
            alpha=0.92,
            zorder=10,
        )
    )
    parts = 4
    for i in range(parts):
        ax.add_patch(
            Rectangle(
                (x0 + i * length / parts, y0),
                length / parts,
                bar_h * per_pt,
                facecolor="#1a1a1a" if i % 2 == 0 else "white",
                edgecolor="#1a1a1a",
                linewidth=0.6,
                zorder=11,
            )
        )
    ticks = [(0.0, "0"), (length, end_text)]
    middle = distance_text(length / 2, lang, unit=False)
    if length / per_pt / 2 >= (text_width(middle, size) + end_w) / 2 + 4:
        ticks.insert(1, (length / 2, middle))
    for value, text in ticks:
        ax.text(
            x0 + value,
            y0 + (bar_h + 1.5) * per_pt,
            text,
            fontsize=size,
            ha="center",
            va="bottom",
            color=TEXT,
            zorder=12,
            parse_math=False,
        )
    return 7.0, 7.0, 7 + box_w, 7 + box_h


def draw_north_arrow(ax: Axes, extent: Bounds, width_pt: float, style: MapStyle) -> Box:
    """An arrow and N in the upper right corner. The RD grid is drawn north-up; its grid
    north differs from true north by less than 2 degrees anywhere in the Netherlands."""
    minx, _, maxx, maxy = extent
    per_pt = (maxx - minx) / width_pt
    size = 16 * per_pt * style.line
    cx, top = maxx - 16 * per_pt, maxy - 10 * per_pt
    base = top - size
    ax.add_patch(
        MplPolygon(
            [(cx, top), (cx + size * 0.38, base), (cx, base + size * 0.28)],
            closed=True,
            facecolor="#1a1a1a",
            edgecolor="#1a1a1a",
            linewidth=0.6,
            zorder=12,
        )
    )
    ax.add_patch(
        MplPolygon(
            [(cx, top), (cx - size * 0.38, base), (cx, base + size * 0.28)],
            closed=True,
            facecolor="white",
            edgecolor="#1a1a1a",
            linewidth=0.6,
            zorder=12,
        )
    )
    ax.text(
        cx,
        base - 1.5 * per_pt,
        "N",
        fontsize=style.font * 1.35,
        fontweight="bold",
        ha="center",
        va="top",
        color=TEXT,
        path_effects=HALO,
        zorder=12,
        parse_math=False,
    )
    width, height = axes_points(ax)
    size_pt = size / per_pt
    return width - 16 - size_pt * 0.5, height - 14 - size_pt * 1.9, width - 4, height - 4


# -- legend ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    kind: Literal["title", "entry"]
    lines: tuple[str, ...]
    symbol: Symbol | None
    height: float  # points


def _font(size: float, bold: bool = False) -> FontProperties:
    return FontProperties(family=FONT_FAMILY, size=size, weight="bold" if bold else "normal")


@functools.lru_cache(maxsize=8192)
def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The printed width of `text` in points, from the font's own (unhinted) metrics:
    what the PDF shows. (Agg's hinted measure is up to 13 % short at small sizes.)"""
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(text, _font(size, bold), ismath=False)
    return float(width)


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """`text` broken at spaces into lines at most `width` points wide (a word longer
    than a line is broken inside)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if text_width(candidate, size, bold=bold) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            while text_width(current, size, bold=bold) > width and len(current) > 1:
                cut = len(current) - 1
                while cut > 1 and text_width(current[:cut], size, bold=bold) > width:
                    cut -= 1
                lines.append(current[:cut])
                current = current[cut:]
        lines.append(current)
    return lines


class LegendLayout:
    """Legend groups laid out in columns of a box (sizes in points)."""

    SYMBOL_W = 15.0
    GAP = 5.0

    def __init__(
        self,
        groups: Sequence[LegendGroup],
        style: MapStyle,
        column_width: float,
    ):
        self.style = style
        self.column_width = column_width
        self.line_h = style.font * 1.25
        self.groups: list[list[_Row]] = []
        # Text is wrapped a little short of the column: a raster rendering (the fact
        # sheet's map picture) sets glyphs up to a few percent wider than their metrics.
        room = column_width * 0.96 - 2
        text_w = room - self.SYMBOL_W - self.GAP
        for group in groups:
            rows = []
            title = wrap(group.title, room, style.font * 1.1, bold=True)
            rows.append(_Row("title", tuple(title), None, len(title) * self.line_h * 1.08 + 2))
            for entry in group.entries:
                kind = entry.symbol.kind
                width = room if kind in ("heading", "note") else text_w
                bold = kind == "heading"
                lines = wrap(entry.label, width, style.font, bold=bold)
                minimum = 0.0 if kind in ("heading", "note") else self.SYMBOL_W * 0.8
                height = max(len(lines) * self.line_h, minimum) + 2.2
                rows.append(_Row("entry", tuple(lines), entry.symbol, height))
            self.groups.append(rows)
        self.group_gap = style.font * 1.1

    def columns(self, height: float, *, keep_groups: bool = True) -> list[list[_Row]] | None:
        """The rows per column within `height` (as many columns as they need); None when
        a single row is taller than a column. With `keep_groups` a group that does not
        fit below the previous one starts a new column; without, groups flow on. A
        title or sub-heading never ends a column."""
        columns: list[list[_Row]] = [[]]
        used = 0.0
        for rows in self.groups:
            needed = sum(r.height for r in rows)
            if keep_groups and used and used + needed > height:
                columns.append([])
                used = 0.0
            for i, row in enumerate(rows):
                sticky = row.kind == "title" or (
                    row.symbol is not None and row.symbol.kind == "heading"
                )
                follow = rows[i + 1].height if sticky and i + 1 < len(rows) else 0.0
                if row.height + follow > height:
                    return None
                if used + row.height + follow > height and columns[-1]:
                    columns.append([])
                    used = 0.0
                columns[-1].append(row)
                used += row.height
            used += self.group_gap
            columns[-1].append(_Row("entry", (), Symbol("note"), self.group_gap))
        return columns

    def draw(self, ax: Axes, columns: list[list[_Row]], x0: float, top: float, gap: float) -> None:
        """Draw on `ax`, whose data coordinates are points (y up), from (x0, top)."""
        for i, rows in enumerate(columns):
            x = x0 + i * (self.column_width + gap)
            y = top
            for row in rows:
                if row.kind == "title":
                    for j, line in enumerate(row.lines):
                        ax.text(
                            x,
                            y - j * self.line_h * 1.08,
                            line,
                            fontsize=self.style.font * 1.1,
                            fontweight="bold",
                            va="top",
                            ha="left",
                            color=TEXT,
                            parse_math=False,
                        )
                elif row.symbol is not None:
                    self._entry(ax, row, x, y)
                y -= row.height

    def _entry(self, ax: Axes, row: _Row, x: float, y: float) -> None:
        symbol = row.symbol
        assert symbol is not None
        style = self.style
        text_x = x if symbol.kind in ("heading", "note") else x + self.SYMBOL_W + self.GAP
        centre_y = y - max(self.line_h, self.SYMBOL_W * 0.8) / 2 - 0.6
        w, h = self.SYMBOL_W, self.SYMBOL_W * 0.62
        if symbol.kind == "patch":
            ax.add_patch(
                Rectangle(
                    (x, centre_y - h / 2),
                    w,
                    h,
                    facecolor=symbol.facecolor,
                    edgecolor=symbol.edgecolor,
                    linewidth=symbol.linewidth,
                    hatch=symbol.hatch or None,
                    alpha=None if symbol.alpha == 1.0 else symbol.alpha,
                )
            )
            if symbol.alpha != 1.0 and symbol.edgecolor != "none":
                ax.add_patch(
                    Rectangle(
                        (x, centre_y - h / 2),
                        w,
                        h,
                        facecolor="none",
                        edgecolor=symbol.edgecolor,
                        linewidth=symbol.linewidth,
                    )
                )
        elif symbol.kind == "line":
            ax.add_line(
                Line2D(
                    [x, x + w],
                    [centre_y, centre_y],
                    color=symbol.edgecolor,
                    linewidth=symbol.linewidth,
                    linestyle=symbol.linestyle,  # type: ignore[arg-type]
                )
            )
        elif symbol.kind == "marker":
            ax.scatter(
                [x + w / 2],
                [centre_y],
                s=(style.park if symbol.edgecolor == "white" else style.home * 2.2) ** 2,
                marker=symbol.marker,
                c=symbol.facecolor,
                edgecolors="#666666" if symbol.edgecolor == "white" else "none",
                linewidths=0.4,
            )
        elif symbol.kind == "letter":
            filled = symbol.facecolor != "white"
            colour = symbol.edgecolor if not filled else symbol.facecolor
            ax.scatter(
                [x + w / 2],
                [centre_y],
                s=style.project**2,
                marker="o",
                facecolors=symbol.facecolor,
                edgecolors=colour,
                linewidths=1.1 * style.line,
            )
            ax.text(
                x + w / 2,
                centre_y,
                symbol.letter,
                fontsize=style.project * 0.62,
                fontweight="bold",
                color="white" if filled else colour,
                ha="center",
                va="center_baseline",
                parse_math=False,
            )
        size = style.font
        weight = "bold" if symbol.kind == "heading" else "normal"
        colour = MUTED if symbol.kind == "note" else TEXT
        text_top = y - max(0.0, (max(self.line_h, self.SYMBOL_W * 0.8) - self.line_h) / 2)
        if symbol.kind in ("heading", "note"):
            text_top = y
        for j, line in enumerate(row.lines):
            ax.text(
                text_x,
                text_top - j * self.line_h,
                line,
                fontsize=size,
                fontweight=weight,
                va="top",
                ha="left",
                color=colour,
                parse_math=False,
            )


def legend_columns(
    groups: Sequence[LegendGroup],
    style: MapStyle,
    width: float,
    height: float,
    *,
    min_column_width: float,
    gap: float = 12.0,
) -> tuple[LegendLayout, list[list[_Row]]]:
    """The legend in the fewest columns (each at least `min_column_width` wide) that fit
    `width` x `height`: groups whole if they fit, else flowing on, before the text is
    made smaller (to 70 % at most); at that size whatever does not fit is left out (the
    caller's box is too small for the legend)."""
    n_max = max(1, int((width + gap) // (min_column_width + gap)))
    layout = LegendLayout(groups, style, width)
    for factor in (1.0, 0.92, 0.85, 0.78, 0.7):
        scaled = replace(style, font=style.font * factor)
        for keep_groups in (True, False):
            for n in range(1, n_max + 1):
                layout = LegendLayout(groups, scaled, (width - gap * (n - 1)) / n)
                columns = layout.columns(height, keep_groups=keep_groups)
                if columns is not None and len(columns) <= n:
                    return layout, columns
    columns = layout.columns(height, keep_groups=False) or []
    return layout, columns[:n_max]


def points_axes(ax: Axes, width: float, height: float) -> None:
    """Make `ax` a blank box whose data coordinates are points, origin bottom left."""
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()


def dataset_bounds(dataset: Dataset) -> Bounds:
    """The municipality's extent (its buurten) in RD New metres."""
    minx, miny, maxx, maxy = (float(v) for v in dataset.buurten.total_bounds)
    return minx, miny, maxx, maxy


def buurt_extent(dataset: Dataset, buurtcode: str, *, margin: float = 0.45) -> Bounds:
    """The buurt with some of its surroundings: its box widened by `margin` of its
    larger side on every side, at least 500 m around it."""
    geom = dataset.buurten.loc[dataset.buurten["buurtcode"] == buurtcode].geometry.iloc[0]
    minx, miny, maxx, maxy = geom.bounds
    pad = max(max(maxx - minx, maxy - miny) * margin, 500.0)
    return minx - pad, miny - pad, maxx + pad, maxy + pad


def in_extent(frame: gpd.GeoDataFrame, extent: Bounds) -> np.ndarray:
    """Which rows of `frame` intersect `extent`."""
    from shapely.geometry import box

    return np.asarray(frame.geometry.intersects(box(*extent)), dtype=bool)
