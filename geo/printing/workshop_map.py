"""The workshop map as a one-page PDF, A4 or A3 landscape: the chosen layers of a year
with title, legend, scale bar, north arrow, sources and date, for the minutes and for
tenants without a computer.

Drawn with matplotlib's PDF backend (vector, fonts embedded as TrueType), on CBS
boundaries only: no tiles, so it prints the same with or without internet.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime

import geopandas as gpd
import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch

from geo.config import Settings
from geo.dataset import Dataset
from geo.errors import AfsprakenkaartError
from geo.i18n import t
from geo.printing.common import (
    DEMO_RED,
    DRAW_LOCK,
    LOCAL,
    MM,
    MPL_RC,
    MUTED,
    TEXT,
    PaperSize,
    agreements_line,
    new_figure,
    paper_points,
    plain,
    source_lines,
    stamp,
)
from geo.printing.static_map import (
    PRINT_LAYERS,
    Bounds,
    Box,
    MapSpec,
    MapStyle,
    check_layers,
    dataset_bounds,
    draw_map,
    fit_extent,
    legend_columns,
    points_axes,
    text_width,
    wrap,
)

# Text and symbol sizes per sheet: A3 is read from further away (on a wall, a table).
STYLES: dict[PaperSize, MapStyle] = {
    "a4": MapStyle(font=7.0, label=6.8, home=2.4, project=8.0, park=8.0, line=1.0),
    "a3": MapStyle(font=9.0, label=8.8, home=3.0, project=10.5, park=10.5, line=1.25),
}
# Title size, margin (mm) per sheet.
TITLE_PT: dict[PaperSize, float] = {"a4": 15.0, "a3": 20.0}
MARGIN_MM: dict[PaperSize, float] = {"a4": 10.0, "a3": 13.0}


def check_bbox(dataset: Dataset, bbox: Bounds) -> Bounds:
    """An extent in RD New metres that is a real box and overlaps the municipality."""
    minx, miny, maxx, maxy = bbox
    if not (minx < maxx and miny < maxy):
        raise AfsprakenkaartError(
            f"bbox {minx:g},{miny:g},{maxx:g},{maxy:g} is not a box: give "
            "minx,miny,maxx,maxy in RD New metres (EPSG:28992) with min < max"
        )
    dminx, dminy, dmaxx, dmaxy = dataset_bounds(dataset)
    if maxx < dminx or minx > dmaxx or maxy < dminy or miny > dmaxy:
        raise AfsprakenkaartError(
            f"bbox {minx:g},{miny:g},{maxx:g},{maxy:g} lies outside "
            f"{dataset.manifest.municipality_name} ({dminx:.0f},{dminy:.0f},{dmaxx:.0f},"
            f"{dmaxy:.0f} in RD New metres)"
        )
    return bbox


def default_year(settings: Settings) -> int:
    """This year, within the agreements' period (the app's default view)."""
    return settings.years.clamp(date.today().year)


def workshop_map_pdf(
    ds: Dataset,
    settings: Settings,
    year: int | None = None,
    layers: Sequence[str] = PRINT_LAYERS,
    *,
    size: PaperSize = "a4",
    lang: str = "nl",
    agreements: gpd.GeoDataFrame | None = None,
    viewer: bool = True,
    bbox: Bounds | None = None,
    generated: datetime | None = None,
) -> bytes:
    """The workshop map as a one-page landscape PDF of `size` (a4 or a3).

    `agreements` is the store's current state as the reader may see it (None: the data
    directory's seed decisions); `viewer` leaves demolition and sale out of the map (the
    default: prints go to tenants); `bbox` (RD New metres) sets the extent, by default
    the whole municipality; `generated` fixes the printed date (default now).
    """
    if size not in STYLES:
        raise ValueError(f"unknown paper size {size!r}: choose a4 or a3")
    chosen = check_layers(layers)
    year = default_year(settings) if year is None else year
    extent_wanted = check_bbox(ds, bbox) if bbox is not None else dataset_bounds(ds)
    spec = MapSpec(ds, year, chosen, lang, agreements, viewer=viewer, local=bbox is not None)
    when = stamp(generated)
    with DRAW_LOCK, matplotlib.rc_context(MPL_RC):
        fig = _figure(spec, settings, size, extent_wanted, when)
        buffer = io.BytesIO()
        title = _title(spec)
        fig.savefig(
            buffer,
            format="pdf",
            metadata={
                "Title": title,
                "Subject": t("print.map.subject", lang),
                "Creator": "Afsprakenkaart",
                "CreationDate": (generated or datetime.now(LOCAL)),
            },
        )
    return buffer.getvalue()


def _title(spec: MapSpec) -> str:
    municipality = spec.dataset.manifest.municipality_name
    return t("print.map.title", spec.lang, municipality=municipality, year=spec.year)


def _figure(
    spec: MapSpec, settings: Settings, size: PaperSize, wanted: Bounds, when: str
) -> Figure:
    lang = spec.lang
    style = STYLES[size]
    width, height = paper_points(size, landscape=True)
    fig = new_figure(width, height)
    page = fig.add_axes((0, 0, 1, 1))
    points_axes(page, width, height)
    margin = MARGIN_MM[size] * MM
    gap = 5 * MM
    inner_w = width - 2 * margin

    # Header: title, what is shown, and the demo mark.
    title_pt = TITLE_PT[size]
    top = height - margin
    badge_w = 0.0
    if spec.dataset.manifest.demo:
        badge_w = _demo_badge(page, width - margin, top, style.font * 1.5, lang)
    title_lines = wrap(_title(spec), inner_w - badge_w - gap, title_pt, bold=True)
    y = top
    for line in title_lines[:2]:
        page.text(margin, y, line, fontsize=title_pt, fontweight="bold", va="top", color=TEXT)
        y -= title_pt * 1.2
    names = [t(f"layer.{layer}", lang) for layer in spec.layers]
    shown = " · ".join(names) if names else t("print.map.no_layers", lang)
    subtitle = t("print.map.subtitle", lang, year=spec.year, layers=shown)
    for line in wrap(subtitle, inner_w - badge_w - gap, style.font * 1.25)[:2]:
        page.text(margin, y - 2, line, fontsize=style.font * 1.25, va="top", color=MUTED)
        y -= style.font * 1.25 * 1.3
    header_bottom = y - 6
    page.add_line(
        Line2D([margin, width - margin], [header_bottom, header_bottom], color="#333", lw=0.8)
    )

    # Footer: sources, agreements, date.
    foot_pt = style.font * 0.9
    foot_lines = _footer_lines(spec, when)
    wrapped: list[tuple[str, bool]] = []
    for text, bold in foot_lines:
        wrapped += [(line, bold) for line in wrap(text, inner_w, foot_pt, bold=bold)]
    line_h = foot_pt * 1.3
    footer_top = margin + len(wrapped) * line_h + 4
    page.add_line(Line2D([margin, width - margin], [footer_top, footer_top], color="#333", lw=0.5))
    fy = footer_top - 3
    for line, bold in wrapped:
        page.text(
            margin,
            fy,
            line,
            fontsize=foot_pt,
            fontweight="bold" if bold else "normal",
            va="top",
            color=TEXT if bold else MUTED,
        )
        fy -= line_h

    # Map and legend between header and footer.
    box_top, box_bottom = header_bottom - gap, footer_top + gap
    box_h = box_top - box_bottom
    minx, miny, maxx, maxy = wanted
    legend_min = max(inner_w * 0.27, 60 * MM)
    map_w = min(box_h * (maxx - minx) / max(maxy - miny, 1.0) * 1.08, inner_w - gap - legend_min)
    extent = fit_extent(wanted, map_w, box_h)
    ax: Axes = fig.add_axes((margin / width, box_bottom / height, map_w / width, box_h / height))
    keep_free: list[Box] = []
    demo = spec.dataset.manifest.demo
    if demo:  # the mark on the map itself, top left: names keep clear of it
        mark_pt = style.font * 1.2
        mark_w = text_width(t("demo.mark", lang), mark_pt, bold=True) + mark_pt * 1.6
        keep_free.append((0.0, box_h - mark_pt * 2.6, mark_w, box_h))
    groups = draw_map(ax, spec, extent, style, keep_free=keep_free)
    if demo:
        ax.text(
            0.012,
            0.988,
            t("demo.mark", lang),
            transform=ax.transAxes,
            fontsize=style.font * 1.2,
            fontweight="bold",
            color="white",
            va="top",
            ha="left",
            zorder=13,
            bbox={"boxstyle": "square,pad=0.35", "facecolor": DEMO_RED, "edgecolor": "none"},
        )

    legend_x = margin + map_w + gap
    legend_w = width - margin - legend_x
    lax = fig.add_axes((legend_x / width, box_bottom / height, legend_w / width, box_h / height))
    points_axes(lax, legend_w, box_h)
    lax.text(
        0, box_h, t("print.legend.title", lang), fontsize=style.font * 1.45, fontweight="bold",
        va="top", color=TEXT,
    )  # fmt: skip
    head = style.font * 1.45 * 1.6
    layout, columns = legend_columns(
        groups, style, legend_w, box_h - head, min_column_width=48 * MM
    )
    layout.draw(lax, columns, 0, box_h - head, 12.0)
    return fig


def _demo_badge(page: Axes, right: float, top: float, size: float, lang: str) -> float:
    """The red demo mark at the top right; returns its width in points."""
    text = t("demo.mark", lang)
    w = text_width(text, size, bold=True) + size * 1.2
    h = size * 1.9
    page.add_patch(
        FancyBboxPatch(
            (right - w, top - h), w, h, boxstyle="square,pad=0", facecolor=DEMO_RED,
            edgecolor="none",
        )
    )  # fmt: skip
    page.text(
        right - w / 2, top - h / 2, text, fontsize=size, fontweight="bold", color="white",
        ha="center", va="center_baseline",
    )  # fmt: skip
    return w


def _footer_lines(spec: MapSpec, when: str) -> list[tuple[str, bool]]:
    """(text, bold) lines: sources per table, attribution, agreements, date."""
    lang = spec.lang
    manifest = spec.dataset.manifest
    sources = " · ".join(line.text(lang) for line in source_lines(spec.dataset))
    out = [(f"{t('print.sources', lang)}: {sources}", False)]
    if manifest.attribution:
        out.append((plain(manifest.attribution), False))
    if "attention_areas" in spec.layers:
        out.append((agreements_line(lang, when, from_store=spec.agreements is not None), False))
    made = t("print.made", lang, when=when, year=spec.year)
    if manifest.demo:
        made = f"{t('demo.mark', lang)} · {made}"
    out.append((made, True))
    return out
