"""folium elements of our own, all of whose scripts and styles are served locally.

folium's defaults load Leaflet, jQuery, Bootstrap and plugins from CDNs, and
streamlit-folium stops at the first asset it cannot load (a blank map offline).
So every element we put on a map points at /app/static, served by Streamlit.
"""

from __future__ import annotations

import json
from typing import Any

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import Draw
from folium.template import Template

STATIC = "/app/static"
LEAFLET_JS = ("leaflet", f"{STATIC}/vendor/leaflet/leaflet.js")
LEAFLET_CSS = ("leaflet_css", f"{STATIC}/vendor/leaflet/leaflet.css")
AFK_JS = ("afsprakenkaart_js", f"{STATIC}/afsprakenkaart/map.js")
AFK_CSS = ("afsprakenkaart_css", f"{STATIC}/afsprakenkaart/map.css")
CLUSTER_JS = ("markerclusterjs", f"{STATIC}/vendor/leaflet.markercluster/leaflet.markercluster.js")
CLUSTER_CSS = [
    ("markerclustercss", f"{STATIC}/vendor/leaflet.markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", f"{STATIC}/vendor/leaflet.markercluster/MarkerCluster.Default.css"),
]

DRAW_JS = ("leaflet_draw_js", f"{STATIC}/vendor/leaflet-draw/leaflet.draw.js")
DRAW_CSS = ("leaflet_draw_css", f"{STATIC}/vendor/leaflet-draw/leaflet.draw.css")


def js_json(value: Any) -> str:
    """JSON for inlining in a script, HTML-safe like Jinja's `tojson`: `<`, `>` and `&`
    become \\u escapes, so no data text can end the script or read as markup."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class OfflineMap(folium.Map):
    """A folium Map that needs nothing from the internet but its (optional) tiles."""

    default_js = [LEAFLET_JS, AFK_JS]  # noqa: RUF012 (folium's own attribute)
    default_css = [LEAFLET_CSS, AFK_CSS]  # noqa: RUF012

    def __init__(self, *, min_zoom: int, max_zoom: int, **kwargs: Any):
        super().__init__(min_zoom=min_zoom, max_zoom=max_zoom, **kwargs)
        # folium hands zoom limits only to its tile layer; with tiles=None the map
        # itself needs them (MarkerCluster throws "Map has no maxZoom specified").
        self.options.update(minZoom=min_zoom, maxZoom=max_zoom)


class HomeCluster(JSCSSMixin, MacroElement):
    """Points sent as one compact array plus lookup tables, made into markers in the
    browser and clustered with leaflet.markercluster's bulk `addLayers`.

    Not folium's FastMarkerCluster: that adds markers to the cluster one at a time
    (slow to draw) and validates every location in Python on every rerun.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = afk.homeCluster({{ this._parent.get_name() }},
            {{ this.rows_js }}, {{ this.lookups_js }}, {{ this.options_js }});
        {% endmacro %}
        """
    )
    default_js = [CLUSTER_JS]  # noqa: RUF012 (folium's own attribute)
    default_css = CLUSTER_CSS

    def __init__(self, rows: list[list[Any]], lookups: dict[str, Any], options: dict[str, Any]):
        super().__init__()
        self._name = "HomeCluster"
        self.data, self.lookups = rows, lookups
        # Serialised once: st_folium renders an element several times per run.
        self.rows_js, self.lookups_js, self.options_js = (
            js_json(rows),
            js_json(lookups),
            js_json(options),
        )


class InlineScript(MacroElement):
    """Runs `js` with `parent` bound to the parent element's JS variable."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (parent) { {{ this.js }} })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, js: str):
        super().__init__()
        self._name = "InlineScript"
        self.js = js


def bound_control(html: str, *, position: str, css_class: str) -> InlineScript:
    """A control (legend, title) shown exactly while its parent layer group is on the map."""
    args = ", ".join(js_json(v) for v in (position, css_class, html))
    return InlineScript(f"afk.boundControl(parent, {args});")


def buurt_labels(rows: list[list[Any]], min_zoom: int) -> InlineScript:
    """Buurt names (already escaped) at [lat, lon, name], visible from `min_zoom`."""
    return InlineScript(f"afk.labels(parent, {js_json(rows)}, {int(min_zoom)});")


def hatch_on_add(pattern_id: str, colour: str) -> InlineScript:
    """Make sure the SVG hatch pattern exists whenever the parent group is shown."""
    args = f"{js_json(pattern_id)}, {js_json(colour)}"
    return InlineScript(
        f"parent.on('add', function (e) {{ afk.ensureHatch(e.target._map, {args}); }});"
    )


class SyncedLayerControl(folium.LayerControl):
    """Layer control that lists every overlay but shows only the active ones.

    streamlit-folium adds every group it is given to the map; layer visibility
    lives in Streamlit (and the URL), so groups that are off are removed again
    right after the control is made.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }}_options = {{ this.options|tojavascript }};
            // On a narrow (laptop) map the list folds into Leaflet's layers button;
            // the same switches are in the sidebar.
            {{ this.get_name() }}_options.collapsed =
                {{ this._parent.get_name() }}.getSize().x < 900;
            var {{ this.get_name() }} = L.control.layers(
                {},
                {
                    {%- for key, val in this.overlays.items() %}
                    {{ key|tojson }} : {{ val }},
                    {%- endfor %}
                },
                {{ this.options_name }}_options
            ).addTo({{ this._parent.get_name() }});
            afk.localiseLayers({{ this.get_name() }}, {{ this._parent.get_name() }});
            {%- for name in this.hidden %}
            {{ this._parent.get_name() }}.removeLayer({{ name }});
            {%- endfor %}
        {% endmacro %}
        """
    )

    def __init__(self, hidden_names: list[str] | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.hidden_layer_names = hidden_names or []

    def render(self, **kwargs: Any) -> Any:
        self.options_name = self.get_name()
        parent = self._parent
        children = parent._children.values() if parent is not None else []
        self.hidden = [
            item.get_name()
            for item in children
            if isinstance(item, folium.map.Layer) and item.layer_name in self.hidden_layer_names
        ]
        return super().render(**kwargs)


class OfflineDraw(Draw):
    """folium's Draw control (polygons and rectangles only) with its assets served
    locally; streamlit-folium reports what is drawn as `all_drawings`."""

    default_js = [DRAW_JS]  # noqa: RUF012 (folium's own attribute)
    default_css = [DRAW_CSS]  # noqa: RUF012

    def __init__(self) -> None:
        off = False
        super().__init__(
            position="topleft",
            show_geometry_on_click=False,
            draw_options={
                "polyline": off,
                "circle": off,
                "marker": off,
                "circlemarker": off,
                "polygon": {"allowIntersection": False, "showArea": True},
                "rectangle": {},
            },
            edit_options={"edit": False, "remove": False},
        )
