"""Two years side by side: two maps whose views move together (Leaflet.Sync).

The Leaflet swipe plugin only swipes tile layers, and our content is vector overlays,
so the comparison is folium's DualMap. Its Leaflet.Sync script comes from a CDN; here
it is served locally like every other asset (layers/elements.py), and each side is the
map page's own base map with the registered layers built for that side's year.
"""

from __future__ import annotations

from collections.abc import Iterable

import folium
from branca.element import Figure
from folium.plugins import DualMap
from folium.template import Template

from layers.base import MapContext
from layers.elements import STATIC, InlineScript, js_json
from layers.html import esc
from layers.map_builder import base_map, title_group
from layers.registry import LAYERS

SYNC_JS = ("leaflet_sync", f"{STATIC}/vendor/leaflet.sync/L.Map.Sync.js")
COMPARE_JS = ("afsprakenkaart_compare_js", f"{STATIC}/afsprakenkaart/compare.js")
COMPARE_CSS = ("afsprakenkaart_compare_css", f"{STATIC}/afsprakenkaart/compare.css")


class OfflineDualMap(DualMap):
    """folium's DualMap around two maps made elsewhere (our offline base maps), with
    Leaflet.Sync and the comparison's own script and styles served by the app.

    streamlit-folium renders a DualMap as its two maps `map_div` (left) and `map_div2`
    (right) side by side in one iframe, followed by this element's script.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            // Both maps open on the same view (the base map's); syncing must not move
            // either, or neither would fit the municipality to its size any more.
            {{ this.m1.get_name() }}.sync({{ this.m2.get_name() }}, {noInitialSync: true});
            {{ this.m2.get_name() }}.sync({{ this.m1.get_name() }}, {noInitialSync: true});
            afk.compare({{ this.m1.get_name() }}, {{ this.m2.get_name() }}, {{ this.labels }});
        {% endmacro %}
        """
    )
    default_js = [SYNC_JS, COMPARE_JS]  # noqa: RUF012 (folium's own attribute)
    default_css = [COMPARE_CSS]  # noqa: RUF012

    def __init__(self, left: folium.Map, right: folium.Map, labels: dict[str, str]):
        # Not DualMap.__init__: it makes two plain folium Maps with CDN assets.
        super(DualMap, self).__init__()
        self.labels = js_json(labels)  # texts of its own controls, set as text
        self._name = "DualMap"
        self.m1, self.m2 = left, right
        figure = Figure()
        figure.add_child(self.m1)
        figure.add_child(self.m2)
        figure.add_child(self)  # last, as DualMap does: its script needs both maps
        self.children_for_m2: list[object] = []
        self.children_for_m2_copied: list[str] = []


def year_badge(ctx: MapContext) -> InlineScript:
    """The side's year in large type in the map's top-left corner."""
    label = esc(ctx.t("compare.badge", year=ctx.year))
    return InlineScript(f"afk.yearBadge(parent, {js_json(str(ctx.year))}, {js_json(label)});")


def side_map(ctx: MapContext, active: Iterable[str]) -> folium.Map:
    """One side: the map page's base map with the active layers of `ctx.year`, their
    legends, the title (demo mark, municipality, year, layers) and the year badge.
    No layer control: the page's layer switches act on both sides at once."""
    active = set(active)
    m = base_map(ctx)
    # Two legend boxes in one document: each named with its year (not both "Legend").
    legend = esc(ctx.t("compare.legend_side", year=ctx.year))
    m.add_child(InlineScript(f"parent._afkLabels.legend = {js_json(legend)};"))
    for layer in LAYERS:
        if layer.id in active:
            layer.build(ctx).add_to(m)
    title_group(ctx, active).add_to(m)
    m.add_child(year_badge(ctx))
    return m


def compare_map(left: MapContext, right: MapContext, active: Iterable[str]) -> OfflineDualMap:
    """Two synchronised maps: `left.year` on the left, `right.year` on the right."""
    active = list(active)
    labels = {"legend": left.t("compare.legend")}  # shown as text (textContent)
    return OfflineDualMap(side_map(left, active), side_map(right, active), labels)
