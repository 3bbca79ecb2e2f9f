"""Helpers for the layer tests: read back what a layer emits for the browser.

Not a test module (no `test_` prefix). Everything here reads the folium objects or
the HTML/JS text a layer produces, so the tests check what the browser receives.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import folium
import pandas as pd

from geo.dataset import Dataset
from layers.elements import InlineScript, OfflineMap

# The same text as tests/conftest.py puts into every visible name of `hostile_data`
# (each hostile test also checks that the data really holds it).
HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"

LEGEND_CALL = "afk.boundLegend(parent, "


def js_decoded(text: str) -> str:
    """`text` with JSON/JS `\\uXXXX` escapes undone: what script strings hold in the browser.

    js_json and folium's tojson turn `<` into `\\u003c`, so a raw name can never show in
    the page source; decoding shows whether it reaches innerHTML unescaped.
    """
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


def with_table(dataset: Dataset, name: str, frame: pd.DataFrame) -> Dataset:
    """A copy of `dataset` with one table replaced (the original is left alone)."""
    return dataclasses.replace(dataset, tables={**dataset.tables, name: frame})


def with_manifest(dataset: Dataset, **changes: Any) -> Dataset:
    return dataclasses.replace(dataset, manifest=dataset.manifest.model_copy(update=changes))


def children(element: Any, kind: type) -> list[Any]:
    return [c for c in element._children.values() if isinstance(c, kind)]


def scripts(group: folium.FeatureGroup) -> list[str]:
    return [s.js for s in children(group, InlineScript)]


def json_argument(js: str, prefix: str) -> Any:
    """The JSON value that follows `prefix` in a script line."""
    start = js.index(prefix) + len(prefix)
    value, _ = json.JSONDecoder().raw_decode(js, start)
    return value


def legend_html_of(group: folium.FeatureGroup) -> str:
    """The HTML the group's one legend control puts into the page."""
    found = [js for js in scripts(group) if js.startswith(LEGEND_CALL)]
    assert len(found) == 1, f"expected one legend bound to the group, found {len(found)}"
    return json_argument(found[0], LEGEND_CALL)


def geojson_features(group: folium.FeatureGroup) -> list[dict[str, Any]]:
    """The features of every GeoJson layer in the group."""
    return [f for g in children(group, folium.GeoJson) for f in g.data["features"]]


def render_on_map(group: folium.FeatureGroup) -> tuple[str, folium.LayerControl]:
    """The group on an (offline) map with a layer control: the page HTML and the control."""
    m = OfflineMap(min_zoom=9, max_zoom=16, tiles=None)
    group.add_to(m)
    control = folium.LayerControl()
    control.add_to(m)
    return m.get_root().render(), control


@dataclass
class Popup:
    title: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    demo_tag: str | None = None


class _PopupParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.popup = Popup()
        self._open: str | None = None
        self._buf: list[str] = []
        self._th = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        css = dict(attrs).get("class") or ""
        if "afk-demo-tag" in css.split():
            self._open, self._buf = "demo", []
        elif tag in ("h2", "th", "td"):
            self._open, self._buf = tag, []

    def handle_endtag(self, tag: str) -> None:
        if self._open is None or tag != ("div" if self._open == "demo" else self._open):
            return
        text = "".join(self._buf)
        if self._open == "h2":
            self.popup.title = text
        elif self._open == "th":
            self._th = text
        elif self._open == "td":
            self.popup.fields[self._th] = text
        else:
            self.popup.demo_tag = text
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._buf.append(data)


def parse_popup(html: str) -> Popup:
    """Title, field -> value (as the user reads them, entities decoded) and demo tag."""
    parser = _PopupParser()
    parser.feed(html)
    parser.close()
    return parser.popup


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append(data.strip())


def visible_texts(html: str) -> list[str]:
    """Every text node of an HTML fragment, entities decoded."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return parser.texts


def svg_parts(svg: str) -> dict[str, str]:
    """The drawn shape (inner of <g>), its fill and stroke colours, and the letter."""
    group = re.search(r"<g fill='([^']*)' stroke='([^']*)'[^>]*>(.*?)</g>", svg)
    assert group, f"not a symbol: {svg}"
    letter = re.search(r"<text[^>]*>(.*?)</text>", svg)
    return {
        "fill": group.group(1),
        "stroke": group.group(2),
        "shape": group.group(3),
        "letter": letter.group(1) if letter else "",
    }


def strings_in(value: Any) -> list[str]:
    """Every string inside a nested JSON-like value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings_in(v)]
    return []
