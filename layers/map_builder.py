"""Assemble the map: a stable base (boundaries, labels, marks) and the overlays.

The base stays the same for a data directory, so the browser keeps its map (and
the user's zoom and position) when the year or layers change; the overlays are
handed to streamlit-folium as feature groups that it swaps in place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
from folium.utilities import JsCode

from geo.agreements import RD_NEW, Area
from geo.dataset import Dataset
from layers.base import MapContext, per_dataset, to_map_crs
from layers.elements import (
    InlineScript,
    OfflineDraw,
    OfflineMap,
    SyncedLayerControl,
    bound_control,
    buurt_labels,
    js_json,
)
from layers.html import esc
from layers.registry import LAYERS

LABEL_MIN_ZOOM = 13
SELECTED_COLOUR = "#000000"
CHOSEN_COLOUR = "#0072B2"  # Okabe-Ito blue: apart from the layers' reds and oranges


@dataclass(frozen=True)
class _Boundaries:
    """The base map's geometry in WGS84: year-independent, so made once per dataset."""

    bounds: list[list[float]]
    wijken: dict[str, Any]
    buurten: dict[str, Any]
    labels: list[list[Any]]


@per_dataset
def _boundaries(dataset: Dataset) -> _Boundaries:
    buurten = to_map_crs(dataset.buurten[["buurtcode", "buurtnaam", "geometry"]])
    minx, miny, maxx, maxy = buurten.total_bounds
    points = to_map_crs(dataset.buurten.set_geometry(dataset.buurten.representative_point()))
    tips = buurten.assign(tip=[esc(n) for n in buurten["buurtnaam"]])
    return _Boundaries(
        bounds=[[float(miny), float(minx)], [float(maxy), float(maxx)]],
        wijken=to_map_crs(dataset.wijken[["wijkcode", "geometry"]]).__geo_interface__,
        buurten=tips[["buurtcode", "tip", "geometry"]].__geo_interface__,
        labels=[
            [round(p.y, 5), round(p.x, 5), esc(n)]
            for p, n in zip(points.geometry, points["buurtnaam"], strict=True)
        ],
    )


def base_map(
    ctx: MapContext,
    *,
    draw: bool = False,
    fit: list[list[float]] | None = None,
    present: bool = False,
) -> folium.Map:
    """Boundaries, buurt labels, attribution and the demo mark; no year-dependent content.
    `draw` adds the polygon tool for areas that follow no boundary (signed-in users);
    `fit` ([[south, west], [north, east]], see `buurt_bounds`) is what the map opens on,
    by default the whole municipality. `present`: large type for a room (map.css)."""
    geometry = _boundaries(ctx.dataset)
    (south, west), (north, east) = geometry.bounds
    bounds = fit or geometry.bounds
    pad_lat, pad_lon = (north - south) * 0.35, (east - west) * 0.35
    m = OfflineMap(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=11,
        tiles=None,
        min_zoom=9,
        max_zoom=ctx.dataset.manifest.max_zoom,
        max_bounds=True,
        zoom_snap=0.25,
        zoom_delta=0.5,
        min_lat=south - pad_lat,
        max_lat=north + pad_lat,
        min_lon=west - pad_lon,
        max_lon=east + pad_lon,
    )
    # Leaflet's own words (button names) and the document's language: the page's.
    labels = f"{js_json(ctx.lang)}, {js_json(map_labels(ctx))}"
    m.add_child(InlineScript(f"afk.localise(parent, {labels});"))
    m.add_child(InlineScript("L.control.scale({imperial: false}).addTo(parent);"))
    m.add_child(InlineScript("afk.uniqueClicks(parent);"))
    # Where the map looks goes into the page's link (?at=), so a copied link or a
    # saved agenda item opens there.
    m.add_child(InlineScript("afk.trackView(parent);"))
    if present:
        m.add_child(InlineScript("parent.getContainer().classList.add('afk-present');"))
    if ctx.settings.show_basemap:
        basemap = ctx.settings.basemap
        folium.TileLayer(
            tiles=basemap.url,
            attr=esc(basemap.attribution),
            name="basemap",
            control=False,
            max_native_zoom=basemap.max_native_zoom,
            max_zoom=ctx.dataset.manifest.max_zoom,
        ).add_to(m)
    for attribution in map_attributions(ctx):
        m.add_child(
            InlineScript(f"parent.attributionControl.addAttribution({js_json(esc(attribution))});")
        )

    folium.GeoJson(
        geometry.wijken,
        control=False,
        interactive=False,
        style_function=lambda _: {"color": "#505050", "weight": 2, "fill": False},
    ).add_to(m)
    folium.GeoJson(
        geometry.buurten,
        control=False,
        style_function=lambda _: {"color": "#6b6b6b", "weight": 1, "fillOpacity": 0.01},
        highlight_function=lambda _: {"weight": 3, "color": "#1f5f8b"},
        on_each_feature=JsCode("afk.hoverName"),
    ).add_to(m)
    m.add_child(buurt_labels(geometry.labels, LABEL_MIN_ZOOM))
    m.add_child(InlineScript(f"afk.fitUntilTouched(parent, {js_json(bounds)});"))
    if draw:
        m.add_child(InlineScript(f"afk.localiseDraw({js_json(draw_labels(ctx))});"))
        m.add_child(OfflineDraw())
    return m


def map_labels(ctx: MapContext) -> dict[str, str]:
    """The words of the map's own controls (Leaflet's are English), HTML-escaped."""
    keys = {
        "legend": "map.legend",
        "zoomIn": "map.zoom_in",
        "zoomOut": "map.zoom_out",
        "close": "map.close",
        "layers": "app.layers",
    }
    cluster = esc(ctx.t("map.cluster", count="{count}"))  # filled in by map.js
    return _words(ctx, keys) | {"cluster": cluster}


def draw_labels(ctx: MapContext) -> dict[str, str]:
    """The words of the drawing tool (Leaflet.draw's are English), HTML-escaped."""
    keys = {
        "polygon": "draw.polygon",
        "rectangle": "draw.rectangle",
        "cancel": "draw.cancel",
        "cancelTitle": "draw.cancel_title",
        "finish": "draw.finish",
        "finishTitle": "draw.finish_title",
        "undo": "draw.undo",
        "undoTitle": "draw.undo_title",
        "start": "draw.start",
        "cont": "draw.continue",
        "end": "draw.end",
        "cross": "draw.cross",
        "rectangleStart": "draw.rectangle_start",
        "release": "draw.release",
    }
    return _words(ctx, keys)


def _words(ctx: MapContext, keys: dict[str, str]) -> dict[str, str]:
    """Each name's message in the map's language, HTML-escaped (map.js writes them in)."""
    return {name: esc(ctx.t(key)) for name, key in keys.items()}


def buurt_bounds(
    dataset: Dataset, buurtcode: str, parks_within_m: float = 0.0, margin: float = 0.2
) -> list[list[float]]:
    """[[south, west], [north, east]] in WGS84 around one buurt and the holiday parks
    within `parks_within_m` of it, with `margin` (a share of the size) around, for
    `base_map(fit=...)`."""
    buurt = dataset.buurten[dataset.buurten["buurtcode"] == buurtcode]
    if buurt.empty:
        raise KeyError(buurtcode)
    shapes = list(buurt.geometry)
    parks = dataset.holiday_parks
    if parks_within_m > 0 and not parks.empty:
        near = parks.geometry.distance(buurt.geometry.iloc[0]) <= parks_within_m
        shapes += list(parks.geometry[near])
    area = gpd.GeoDataFrame(geometry=shapes, crs=dataset.buurten.crs)
    minx, miny, maxx, maxy = to_map_crs(area).total_bounds
    dx, dy = (maxx - minx) * margin, (maxy - miny) * margin
    return [[float(miny - dy), float(minx - dx)], [float(maxy + dy), float(maxx + dx)]]


def map_attributions(ctx: MapContext) -> list[str]:
    """The boundaries' attribution, and the source of every imported table (OpenStreetMap
    data must say so on the map: ODbL)."""
    manifest = ctx.dataset.manifest
    out = [manifest.attribution] if manifest.attribution else []
    for table, prov in manifest.tables.items():
        if prov.generated or table in ("buurten", "wijken") or table not in ctx.dataset.files:
            continue
        credit = "© OpenStreetMap contributors (ODbL)" if "ODbL" in prov.licence else ""
        out.append(
            f"{ctx.t(f'table.{table}')}: {credit or prov.source}"
            + (f" ({prov.date})" if prov.date and not credit else "")
        )
    return out


def title_group(ctx: MapContext, active: Iterable[str]) -> folium.FeatureGroup:
    """The always-visible statement of what is shown: demo mark, municipality, year, layers."""
    group = folium.FeatureGroup(name="title", control=False)
    names = [layer.title(ctx) for layer in LAYERS if layer.id in set(active)]
    demo = f"<div class='afk-demo-line'>{esc(ctx.t('demo.mark'))}</div>" if ctx.demo else ""
    html = (
        f"{demo}{esc(ctx.dataset.manifest.municipality_name)} · {ctx.year}"
        f"<small>{esc(' · '.join(names)) or '—'}</small>"
    )
    group.add_child(bound_control(html, position="bottomleft", css_class="afk-title"))
    return group


def selection_group(
    ctx: MapContext, buurtcode: str | None, chosen_areas: Sequence[Area] = ()
) -> folium.FeatureGroup:
    """A heavy outline around the buurt whose facts are shown, and the areas chosen for a
    proposal filled in blue (neither clickable, so clicks pass through)."""
    group = folium.FeatureGroup(name="selection", control=False)
    shapes = [a.geometry for a in chosen_areas if a.geometry is not None]
    if shapes:
        chosen_gdf = gpd.GeoDataFrame(
            {"name": [esc(a.name) for a in chosen_areas if a.geometry is not None]},
            geometry=shapes,
            crs=RD_NEW,
        )
        folium.GeoJson(
            to_map_crs(chosen_gdf).__geo_interface__,
            control=False,
            interactive=False,
            style_function=lambda _: {
                "color": CHOSEN_COLOUR,
                "weight": 4,
                "fillColor": CHOSEN_COLOUR,
                "fillOpacity": 0.25,
            },
        ).add_to(group)
    buurten = ctx.dataset.buurten
    chosen = buurten[buurten["buurtcode"] == buurtcode]
    if buurtcode and not chosen.empty:
        folium.GeoJson(
            to_map_crs(chosen[["buurtcode", "geometry"]]).__geo_interface__,
            control=False,
            interactive=False,
            style_function=lambda _: {
                "color": SELECTED_COLOUR,
                "weight": 5,
                "fill": False,
                "dashArray": "10 6",
            },
        ).add_to(group)
    return group


def overlays(
    ctx: MapContext,
    active: Iterable[str],
    selected_buurt: str | None = None,
    chosen_areas: Sequence[Area] = (),
) -> tuple[list[folium.FeatureGroup], SyncedLayerControl]:
    """Every registered layer as a feature group (inactive ones listed but hidden),
    plus the title and selection groups, and the layer control that lists them."""
    active = set(active)
    groups = [layer.build(ctx) for layer in LAYERS]
    groups += [title_group(ctx, active), selection_group(ctx, selected_buurt, chosen_areas)]
    hidden = [layer.title(ctx) for layer in LAYERS if layer.id not in active]
    control = SyncedLayerControl(hidden_names=hidden, collapsed=False, position="topleft")
    return groups, control


def standalone_html(
    ctx: MapContext, active: Iterable[str], selected_buurt: str | None = None
) -> str:
    """The whole map as one HTML page (for tests and benchmarks outside Streamlit)."""
    m = base_map(ctx)
    groups, control = overlays(ctx, active, selected_buurt)
    for group in groups:
        group.add_to(m)
    control.add_to(m)
    return m.get_root().render()
