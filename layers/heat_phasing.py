"""Layer 3: heat-transition phasing, every wijk (or overriding buurt) coloured by period."""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
from folium.utilities import JsCode

from geo.dataset import Dataset
from geo.palette import CURRENT_BORDER, period_colours, period_label
from geo.yearview import phase_state
from layers.base import (
    Legend,
    LegendEntry,
    LegendSection,
    MapContext,
    area_names,
    per_dataset,
    to_map_crs,
)
from layers.html import popup_html, swatch
from layers.legend import legend_element


@per_dataset
def _geometry(dataset: Dataset) -> list[dict[str, Any]]:
    """The phasing areas' outlines in WGS84, in the order of `dataset.heat_areas`."""
    return [g.__geo_interface__ for g in to_map_crs(dataset.heat_areas).geometry]


class HeatPhasing:
    id = "heat_phasing"

    def title(self, ctx: MapContext) -> str:
        return ctx.t("layer.heat_phasing")

    def areas(self, ctx: MapContext) -> gpd.GeoDataFrame:
        """Phasing polygons with `period` and `state` (current/later/earlier) for the year."""
        areas = ctx.dataset.heat_areas
        periods = [
            period_label(int(s), int(e))
            for s, e in zip(areas["period_start"], areas["period_end"], strict=True)
        ]
        states = [
            phase_state(int(s), int(e), ctx.year)
            for s, e in zip(areas["period_start"], areas["period_end"], strict=True)
        ]
        return areas.assign(period=periods, state=states)

    def colours(self, areas: gpd.GeoDataFrame) -> dict[str, str]:
        """Soonest period darkest; more than seven periods share the palest colour."""
        return period_colours(areas)

    def legend(self, ctx: MapContext) -> Legend:
        areas = self.areas(ctx)
        colours = self.colours(areas)
        periods = tuple(LegendEntry(swatch(c, opacity=0.85), p) for p, c in colours.items())
        current = (
            LegendEntry(
                swatch("transparent", border=CURRENT_BORDER),
                ctx.t("legend.heat.current", year=ctx.year),
            ),
        )
        counts = areas["strategy"].value_counts()
        strategies = tuple(
            LegendEntry("", f"{ctx.t(f'strategy.{s}')} ({counts[s]})") for s in counts.index
        )
        return Legend(
            self.title(ctx),
            (
                LegendSection(ctx.t("legend.heat.period"), periods + current),
                LegendSection(ctx.t("legend.heat.strategy"), strategies),
            ),
        )

    def build(self, ctx: MapContext) -> folium.FeatureGroup:
        group = folium.FeatureGroup(name=self.title(ctx), overlay=True, control=True)
        areas = self.areas(ctx)
        if not areas.empty:
            colours = self.colours(areas)
            names = area_names(ctx.dataset)
            features = []
            for row, geom in zip(
                areas.drop(columns="geometry").to_dict("records"),
                _geometry(ctx.dataset),
                strict=True,
            ):
                popup = popup_html(
                    names.get(row["area_code"], row["area_code"]),
                    [
                        (ctx.t("popup.period"), row["period"]),
                        (ctx.t("popup.phase_state", year=ctx.year), ctx.t(f"phase.{row['state']}")),
                        (ctx.t("popup.strategy"), ctx.t(f"strategy.{row['strategy']}")),
                        (ctx.t("popup.plan_status"), ctx.t(f"plan.{row['plan_status']}")),
                    ],
                    lang=ctx.lang,
                    demo=ctx.demo,
                )
                current = row["state"] == "current"
                features.append(
                    {
                        "type": "Feature",
                        "properties": {
                            "popup": popup,
                            "fill": colours[row["period"]],
                            "current": current,
                        },
                        "geometry": geom,
                    }
                )
            folium.GeoJson(
                {"type": "FeatureCollection", "features": features},
                style_function=lambda f: {
                    "fillColor": f["properties"]["fill"],
                    "fillOpacity": 0.5 if f["properties"]["current"] else 0.3,
                    "color": CURRENT_BORDER if f["properties"]["current"] else "#4d4d4d",
                    "weight": 4 if f["properties"]["current"] else 1,
                },
                on_each_feature=JsCode("afk.popupAndSelect"),
                control=False,
            ).add_to(group)
        group.add_child(legend_element(self.legend(ctx)))
        return group


LAYER = HeatPhasing()
