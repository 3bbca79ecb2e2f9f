"""Layer 5: meeliften, candidate private homes counted per 250 m square.

Squares, not streets or addresses: the BAG has no street lines, and a square of a
few dozen homes says where to look without pointing at anyone's house. Viewers get
the small-numbers rule (geo.meeliften.suppress): no square of fewer than 5 homes,
and none that the legend's total would give away.
"""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from folium.utilities import JsCode

from geo.dataset import Dataset
from geo.meeliften import (
    LABEL_COLUMNS,
    MIN_SHOWN,
    Parameters,
    Result,
    analyse,
    suppress,
    suppress_labels,
)
from layers.base import Legend, LegendEntry, LegendSection, MapContext, per_dataset, to_map_crs
from layers.html import popup_html, swatch
from layers.legend import legend_element

CELL_M = 250
# ColorBrewer Purples: sequential, colour-blind safe, unlike the other layers' hues.
CLASSES: tuple[tuple[int, int | None, str], ...] = (
    (1, MIN_SHOWN - 1, "#dadaeb"),
    (MIN_SHOWN, 9, "#bcbddc"),
    (10, 19, "#9e9ac8"),
    (20, 49, "#756bb1"),
    (50, None, "#54278f"),
)
BORDER = "#3f007d"


def default_parameters(ctx: MapContext) -> Parameters:
    """The whole period of the agreements, everything else at its default."""
    return Parameters(year_from=ctx.settings.years.first, year_to=ctx.settings.years.last)


@per_dataset
def result(dataset: Dataset, params: Parameters) -> Result:
    """The analysis for `params` (remembered: the map is rebuilt on every change)."""
    return analyse(
        dataset.table("private_homes"), dataset.corporation_homes, dataset.buurten, params
    )


@per_dataset
def cells(dataset: Dataset, params: Parameters, viewer: bool) -> gpd.GeoDataFrame:
    """Candidates per square: `candidates`, the label columns, and the projects."""
    found = result(dataset, params).candidates
    if found.empty:
        return gpd.GeoDataFrame(
            {"candidates": pd.Series(dtype="Int64")}, geometry=[], crs=dataset.buurten.crs
        )
    x = np.floor(found.geometry.x.to_numpy() / CELL_M).astype(int)
    y = np.floor(found.geometry.y.to_numpy() / CELL_M).astype(int)
    labels = found["energielabel"].where(found["energielabel"].isin(LABEL_COLUMNS), "geen")
    frame = pd.DataFrame({"x": x, "y": y, "label": labels, "project": found["project_id"]})
    counts = pd.crosstab([frame["x"], frame["y"]], frame["label"])
    counts = counts.reindex(columns=list(LABEL_COLUMNS), fill_value=0)
    counts.insert(0, "candidates", counts.sum(axis=1))
    counts["projects"] = frame.groupby(["x", "y"])["project"].agg(
        lambda p: ", ".join(sorted(set(p))[:3]) + (" …" if p.nunique() > 3 else "")
    )
    counts = counts.reset_index()
    if viewer:
        counts["candidates"] = suppress(counts["candidates"])
        counts = suppress_labels(counts[counts["candidates"].notna()].reset_index(drop=True))
    squares = shapely.box(
        counts["x"] * CELL_M,
        counts["y"] * CELL_M,
        (counts["x"] + 1) * CELL_M,
        (counts["y"] + 1) * CELL_M,
    )
    return gpd.GeoDataFrame(counts, geometry=squares, crs=dataset.buurten.crs)


def _colour(count: int) -> str:
    for low, high, colour in CLASSES:
        if count >= low and (high is None or count <= high):
            return colour
    return CLASSES[-1][2]


class Meeliften:
    id = "meeliften"

    def title(self, ctx: MapContext) -> str:
        return ctx.t("layer.meeliften")

    def params(self, ctx: MapContext) -> Parameters:
        return ctx.meeliften or default_parameters(ctx)

    def legend(self, ctx: MapContext) -> Legend:
        params = self.params(ctx)
        squares = cells(ctx.dataset, params, not ctx.facilitator)
        total = result(ctx.dataset, params).total
        hidden = not ctx.facilitator
        classes = CLASSES[1:] if hidden else CLASSES
        entries = tuple(
            LegendEntry(swatch(colour, border=BORDER), f"{low}–{high}" if high else f"{low}+")
            for low, high, colour in classes
        )
        summary = ctx.t(
            "legend.meeliften.summary",
            total=total if not hidden or total >= MIN_SHOWN else f"< {MIN_SHOWN}",
            squares=len(squares),
            radius=int(params.radius_m),
            street=ctx.t("mee.summary.street") if params.same_street else "",
            label=params.max_label,
            unlabelled=ctx.t("mee.summary.unlabelled") if params.include_unlabelled else "",
            first=params.year_from,
            last=params.year_to,
        )
        sections = [LegendSection(ctx.t("legend.meeliften.per_square", size=CELL_M), entries)]
        sections.append(LegendSection(summary, ()))
        if hidden:
            sections.append(LegendSection(ctx.t("legend.meeliften.privacy", n=MIN_SHOWN), ()))
        return Legend(self.title(ctx), tuple(sections))

    def features(self, ctx: MapContext) -> list[dict[str, Any]]:
        squares = cells(ctx.dataset, self.params(ctx), not ctx.facilitator)
        if squares.empty:
            return []
        drawn = to_map_crs(squares)
        out = []
        for row, geom in zip(
            drawn.drop(columns="geometry").to_dict("records"), drawn.geometry, strict=True
        ):
            count = int(row["candidates"])
            labels = [
                (label if label != "geen" else ctx.t("popup.no_label"), _shown(row[label]))
                for label in LABEL_COLUMNS
                if pd.isna(row[label]) or row[label] > 0
            ]
            popup = popup_html(
                ctx.t("popup.meeliften.title", count=count),
                [*labels, (ctx.t("popup.meeliften.projects"), row["projects"])],
                lang=ctx.lang,
                demo=ctx.demo,
            )
            out.append(
                {
                    "type": "Feature",
                    "properties": {"popup": popup, "fill": _colour(count)},
                    "geometry": geom.__geo_interface__,
                }
            )
        return out

    def build(self, ctx: MapContext) -> folium.FeatureGroup:
        group = folium.FeatureGroup(name=self.title(ctx), overlay=True, control=True)
        features = self.features(ctx)
        if features:
            folium.GeoJson(
                {"type": "FeatureCollection", "features": features},
                style_function=lambda f: {
                    "fillColor": f["properties"]["fill"],
                    # Dark outline: a 250 m square is a few pixels at the scale of a
                    # whole municipality and must still stand out there.
                    "fillOpacity": 0.85,
                    "color": BORDER,
                    "weight": 2,
                },
                on_each_feature=JsCode("afk.popupAndSelect"),
                control=False,
            ).add_to(group)
        group.add_child(legend_element(self.legend(ctx)))
        return group


def _shown(value: object) -> str:
    return f"< {MIN_SHOWN}" if pd.isna(value) else str(int(value))  # type: ignore[call-overload]


LAYER = Meeliften()
