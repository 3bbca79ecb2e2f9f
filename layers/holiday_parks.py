"""Layer 4: holiday parks, a symbol per vitality class (shape and colour both differ)."""

from __future__ import annotations

import folium

from geo.palette import PARK_SYMBOLS, PARK_UNKNOWN, park_vitality
from layers.base import Legend, LegendEntry, LegendSection, MapContext, to_map_crs
from layers.elements import InlineScript, js_json
from layers.html import popup_html, symbol_svg
from layers.legend import legend_element

SYMBOLS = PARK_SYMBOLS
UNKNOWN = PARK_UNKNOWN  # parks imported from OpenStreetMap: not yet assessed
SIZE = 26


_vitality = park_vitality


class HolidayParks:
    id = "holiday_parks"

    def title(self, ctx: MapContext) -> str:
        return ctx.t("layer.holiday_parks")

    def legend(self, ctx: MapContext) -> Legend:
        counts = ctx.dataset.holiday_parks["vitality"].map(_vitality).value_counts()
        shown = {**SYMBOLS, "unknown": UNKNOWN} if counts.get("unknown", 0) else SYMBOLS
        entries = tuple(
            LegendEntry(
                symbol_svg(shape, colour, size=20),
                f"{ctx.t(f'vitality.{v}')} ({int(counts.get(v, 0))})",
            )
            for v, (shape, colour) in shown.items()
        )
        return Legend(self.title(ctx), (LegendSection(ctx.t("legend.parks.vitality"), entries),))

    def rows(self, ctx: MapContext) -> list[list[object]]:
        """[lat, lon, icon, popup, label] per park, every data value escaped."""
        parks = ctx.dataset.holiday_parks
        if parks.empty:
            return []
        points = parks.set_geometry(parks.geometry.representative_point())
        drawn = to_map_crs(points)
        rows = []
        for park, geom in zip(
            drawn.drop(columns="geometry").to_dict("records"), drawn.geometry, strict=True
        ):
            code = _vitality(park["vitality"])
            shape, colour = SYMBOLS.get(code, UNKNOWN)
            vitality = ctx.t(f"vitality.{code}")
            popup = popup_html(
                park["name"],
                [
                    (ctx.t("popup.vitality"), vitality),
                    (ctx.t("popup.units"), park.get("units")),
                    (ctx.t("popup.permanent"), park.get("permanent_residents")),
                    (ctx.t("popup.target_group"), park.get("target_group_households")),
                ],
                lang=ctx.lang,
                demo=ctx.demo,
            )
            label = f"{park['name']} ({vitality})"  # a DOM property, not HTML
            rows.append(
                [
                    round(geom.y, 5),
                    round(geom.x, 5),
                    symbol_svg(shape, colour, size=SIZE),
                    popup,
                    label,
                ]
            )
        return rows

    def build(self, ctx: MapContext) -> folium.FeatureGroup:
        group = folium.FeatureGroup(name=self.title(ctx), overlay=True, control=True)
        rows = js_json(self.rows(ctx))
        group.add_child(InlineScript(f"afk.points(parent, {rows}, 'afk-park', {SIZE});"))
        group.add_child(legend_element(self.legend(ctx)))
        return group


LAYER = HolidayParks()
