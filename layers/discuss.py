"""Layer 6: points to discuss (geo.conflicts), highlighted where they are.

The monitoring page lists them; this layer shows them on the map the room looks at.
An area with something to discuss gets a dashed outline and one marker with a symbol
per kind (shape and letter differ, not only colour); its popup lists every point's
sentence. Off on a first visit; a link from the monitoring page turns it on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import folium
import geopandas as gpd
from folium.utilities import JsCode

from geo.conflicts import KINDS, AttentionPoint, points_for, standing_points
from geo.dataset import Dataset
from geo.targets import ConflictRules
from layers.base import Legend, LegendEntry, LegendSection, MapContext, per_dataset, to_map_crs
from layers.elements import InlineScript, js_json
from layers.html import esc, symbol_svg
from layers.legend import legend_element

# Okabe-Ito colours, as on the monitoring page's overview; shape and letter tell the
# kinds apart without colour. No dash is the selected buurt's ("10 6", map_builder):
# without colour, an outline to discuss would read as the selection.
KIND_STYLE: dict[str, tuple[str, str, str, str]] = {  # shape, colour, letter, dash
    "regret": ("triangle", "#D55E00", "!", "2 8"),
    "no_vision": ("square", "#CC79A7", "V", "4 6"),
    "park": ("diamond", "#009E73", "P", ""),
    "labels": ("circle", "#E69F00", "E", "14 4 2 4"),
}
SIZE = 26
LIFT = 22  # px above the area's point: a park's own symbol stays visible under it


@per_dataset
def _standing(
    dataset: Dataset, year: int, rules: ConflictRules, period: tuple[int, int]
) -> tuple[AttentionPoint, ...]:
    # Kept per data directory and year: about 40 ms of every rerun otherwise, as the
    # layer is built on each one (on or off); only the store's part changes between.
    return tuple(standing_points(dataset, year, rules, period))


def _points(ctx: MapContext) -> list[AttentionPoint]:
    s = ctx.settings
    standing = _standing(ctx.dataset, ctx.year, s.conflicts, s.years.period)
    return points_for(ctx.dataset, s, ctx.year, ctx.agreement_states, standing)


def _grouped(points: list[AttentionPoint]) -> list[list[AttentionPoint]]:
    """The points per area (code, or name and place for a park or drawn area), in the
    order the monitoring page lists them."""
    groups: dict[object, list[AttentionPoint]] = {}
    for point in points:
        if point.geometry is None or point.geometry.is_empty:
            continue
        # A park's area_code is the buurt it lies in (for the link): the park itself
        # is the area, or parks of one buurt would share one marker.
        if point.kind == "park" or not point.area_code:
            key: object = (point.kind, point.area_name, point.geometry.wkb)
        else:
            key = point.area_code
        groups.setdefault(key, []).append(point)
    return list(groups.values())


def _popup(group: list[AttentionPoint], ctx: MapContext) -> str:
    items = "".join(
        f"<li><strong>{esc(ctx.t(f'conflict.kind.{p.kind}'))}</strong>: "
        f"{esc(p.text(ctx.lang))}</li>"
        for p in group
    )
    mark = f"<div class='afk-demo-tag'>{esc(ctx.t('demo.mark'))}</div>" if ctx.demo else ""
    title = esc(group[0].area_name)
    return (
        f"<div class='afk-popup'><h2>{title}</h2><ul class='afk-discuss'>{items}</ul>{mark}</div>"
    )


def _symbols(kinds: Sequence[str]) -> str:
    return "".join(
        symbol_svg(KIND_STYLE[k][0], KIND_STYLE[k][1], size=SIZE, letter=KIND_STYLE[k][2])
        for k in kinds
    )


class Discuss:
    id = "discuss"

    def title(self, ctx: MapContext) -> str:
        # No year in the title: the sidebar's pills write titles into the link.
        return ctx.t("layer.discuss")

    def legend(self, ctx: MapContext, points: list[AttentionPoint] | None = None) -> Legend:
        counts = {k: 0 for k in KINDS}
        for point in _points(ctx) if points is None else points:
            counts[point.kind] += 1
        entries = tuple(
            LegendEntry(_symbols([kind]), f"{ctx.t(f'conflict.kind.{kind}')} ({counts[kind]})")
            for kind in KINDS
        )
        note = LegendSection(ctx.t("legend.discuss.note"), ())
        heading = ctx.t("legend.discuss.year", year=ctx.year)
        return Legend(self.title(ctx), (LegendSection(heading, entries), note))

    def features(
        self, ctx: MapContext, points: list[AttentionPoint] | None = None
    ) -> tuple[list[dict[str, Any]], list[list[object]]]:
        """Outlines of the areas (GeoJSON features) and one marker row per area:
        [lat, lon, symbols, popup, label, width, lift]; every data value escaped."""
        groups = _grouped(_points(ctx) if points is None else points)
        if not groups:
            return [], []
        frame = gpd.GeoDataFrame(
            {"n": range(len(groups))}, geometry=[g[0].geometry for g in groups], crs=28992
        )
        drawn = to_map_crs(frame)
        anchors = to_map_crs(frame.set_geometry(frame.geometry.representative_point()))
        outlines, markers = [], []
        for group, shape, anchor in zip(groups, drawn.geometry, anchors.geometry, strict=True):
            kinds = list(dict.fromkeys(p.kind for p in group))
            popup = _popup(group, ctx)
            if shape.geom_type in ("Polygon", "MultiPolygon"):
                colour, dash = KIND_STYLE[kinds[0]][1], KIND_STYLE[kinds[0]][3]
                outlines.append(
                    {
                        "type": "Feature",
                        "properties": {"popup": popup, "colour": colour, "dash": dash},
                        "geometry": shape.__geo_interface__,
                    }
                )
            label = f"{group[0].area_name}: " + ", ".join(
                ctx.t(f"conflict.kind.{k}") for k in kinds
            )  # a DOM property (title), not HTML
            markers.append(
                [
                    round(anchor.y, 5),
                    round(anchor.x, 5),
                    _symbols(kinds),
                    popup,
                    label,
                    SIZE * len(kinds),
                    LIFT,
                ]
            )
        return outlines, markers

    def build(self, ctx: MapContext) -> folium.FeatureGroup:
        group = folium.FeatureGroup(name=self.title(ctx), overlay=True, control=True)
        points = _points(ctx)  # once: the markers and the legend's counts both need them
        outlines, markers = self.features(ctx, points)
        if outlines:
            folium.GeoJson(
                {"type": "FeatureCollection", "features": outlines},
                style_function=lambda f: {
                    "color": f["properties"]["colour"],
                    "dashArray": f["properties"]["dash"],
                    "weight": 4,
                    "fill": True,
                    "fillOpacity": 0.04,
                    "fillColor": f["properties"]["colour"],
                },
                on_each_feature=JsCode("afk.popupAndSelect"),
                control=False,
            ).add_to(group)
        rows = js_json(markers)
        group.add_child(InlineScript(f"afk.points(parent, {rows}, 'afk-discuss-marker', {SIZE});"))
        group.add_child(legend_element(self.legend(ctx, points)))
        return group


LAYER = Discuss()
