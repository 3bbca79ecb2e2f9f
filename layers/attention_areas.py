"""Layer 2: buurten (or wijken, or drawn areas) designated for liveability attention.

Hatched and outlined, so they read over the heat-transition colours beneath.
"""

from __future__ import annotations

import folium
import geopandas as gpd
from folium.utilities import JsCode

from geo.agreements import designated
from geo.codes import split_reasons
from geo.palette import ATTENTION_COLOUR
from layers.base import Legend, LegendEntry, LegendSection, MapContext, area_names, to_map_crs
from layers.elements import hatch_on_add
from layers.html import popup_html, swatch
from layers.legend import legend_element

COLOUR = ATTENTION_COLOUR
PATTERN_ID = "afk-hatch-attention"


def _text(value: object) -> str:
    """A present, non-blank text value, else "" (missing values load as NaN or NA)."""
    return value.strip() if isinstance(value, str) else ""


class AttentionAreas:
    id = "attention_areas"

    def title(self, ctx: MapContext) -> str:
        return ctx.t("layer.attention_areas")

    def areas(self, ctx: MapContext) -> gpd.GeoDataFrame:
        """The areas designated in the context year (the store's current state)."""
        return designated(ctx.agreement_states, ctx.year)

    def legend(self, ctx: MapContext) -> Legend:
        count = len(self.areas(ctx))
        label = (
            ctx.t("legend.attention.designated", year=ctx.year)
            + f" ({ctx.t('legend.attention.count', count=count)})"
            if count
            else ctx.t("legend.attention.none", year=ctx.year)
        )
        entry = LegendEntry(swatch(COLOUR, border=COLOUR, pattern="hatch"), label)
        return Legend(self.title(ctx), (LegendSection("", (entry,)),))

    def popup(self, ctx: MapContext, row: dict[str, object], name: str) -> str:
        reasons = ", ".join(ctx.t(f"reason.{r}") for r in split_reasons(row.get("reasons")))
        lead = _text(row.get("lead_party"))
        rows = [
            (ctx.t("popup.year"), row.get("year")),
            (ctx.t("popup.status"), ctx.t(f"status.{row['status']}")),
            (ctx.t("popup.reasons"), reasons or "—"),
            (ctx.t("popup.lead_party"), ctx.settings.party_name(lead) if lead else "—"),
        ]
        vision = _text(row.get("vision"))
        if vision:
            rows.append((ctx.t("popup.vision"), vision))
        if row.get("opposed") is True:
            rows.append((ctx.t("popup.opposed"), ctx.t("popup.opposed_text")))
        return popup_html(name, rows, lang=ctx.lang, demo=ctx.demo)

    def build(self, ctx: MapContext) -> folium.FeatureGroup:
        group = folium.FeatureGroup(name=self.title(ctx), overlay=True, control=True)
        areas = self.areas(ctx)
        if not areas.empty:
            names = area_names(ctx.dataset)
            drawn = to_map_crs(areas)
            features = []
            for row, geom in zip(
                drawn.drop(columns="geometry").to_dict("records"), drawn.geometry, strict=True
            ):
                code = _text(row.get("area_code"))
                name = names.get(code, code) or ctx.t("popup.drawn_area")
                features.append(
                    {
                        "type": "Feature",
                        "properties": {"popup": self.popup(ctx, row, name)},
                        "geometry": geom.__geo_interface__,
                    }
                )
            folium.GeoJson(
                {"type": "FeatureCollection", "features": features},
                style_function=lambda _: {
                    "color": COLOUR,
                    "weight": 4,
                    "opacity": 0.95,
                    "fillColor": f"url(#{PATTERN_ID})",
                    "fillOpacity": 0.75,
                },
                on_each_feature=JsCode("afk.popupAndSelect"),
                control=False,
            ).add_to(group)
        group.add_child(hatch_on_add(PATTERN_ID, COLOUR))
        group.add_child(legend_element(self.legend(ctx)))
        return group


LAYER = AttentionAreas()
