"""layers.elements: HTML-safe JSON for scripts, and our folium elements."""

from __future__ import annotations

import json

import folium
import pytest
from layer_tools import HOSTILE, json_argument

from layers.elements import (
    HomeCluster,
    OfflineMap,
    SyncedLayerControl,
    bound_control,
    buurt_labels,
    hatch_on_add,
    js_json,
)

TRICKY = [
    HOSTILE,
    "</script><script>alert(1)</script>",
    "a & b &amp; c",
    "<!-- -->",
    "ë — € 😀",
    {"<key>": ["<", ">", "&", None, 1, 2.5, True]},
    [[52.8, 6.5, "<span>&</span>"]],
    "",
]


@pytest.mark.parametrize("value", TRICKY)
def test_js_json_is_html_safe_and_round_trips(value):
    text = js_json(value)
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert json.loads(text) == value


def test_js_json_keeps_non_ascii_text_readable():
    assert js_json("Beilen — ë") == '"Beilen — ë"'


@pytest.mark.parametrize(
    ("script", "prefix"),
    [
        (bound_control(HOSTILE, position="bottomleft", css_class="afk-title"), '"afk-title", '),
        (buurt_labels([[52.8, 6.5, HOSTILE]], 13), "afk.labels(parent, "),
        (hatch_on_add(HOSTILE, "#B2182B"), "afk.ensureHatch(e.target._map, "),
    ],
    ids=["bound_control", "buurt_labels", "hatch_on_add"],
)
def test_script_helpers_inline_data_safely(script, prefix):
    assert "<" not in script.js
    assert ">" not in script.js
    value = json_argument(script.js, prefix)
    assert HOSTILE in json.dumps(value, ensure_ascii=False)


def test_scripts_run_with_their_parent_group():
    m = OfflineMap(min_zoom=9, max_zoom=16, tiles=None)
    group = folium.FeatureGroup(name="g").add_to(m)
    group.add_child(bound_control("x", position="topright", css_class="c"))
    page = m.get_root().render()
    assert "(function (parent) { afk.boundControl(parent, " in page
    assert f"}})({group.get_name()});" in page


def test_offline_map_and_cluster_assets_are_local():
    m = OfflineMap(min_zoom=9, max_zoom=16, tiles=None)
    cluster = HomeCluster([[52.8, 6.5]], {}, {})
    for element in (m, cluster):
        assets = [a for _, a in element.default_js] + [a for _, a in element.default_css]
        assert assets
        assert all(a.startswith("/app/static/") for a in assets), assets


def test_offline_map_carries_its_zoom_limits_without_tiles():
    m = OfflineMap(min_zoom=9, max_zoom=16, tiles=None)
    assert (m.options["minZoom"], m.options["maxZoom"]) == (9, 16)
    page = m.get_root().render()
    assert '"maxZoom": 16' in page
    assert '"minZoom": 9' in page


def test_synced_layer_control_lists_all_and_removes_only_the_hidden():
    m = OfflineMap(min_zoom=9, max_zoom=16, tiles=None)
    shown = folium.FeatureGroup(name="Shown").add_to(m)
    hidden = folium.FeatureGroup(name="Hidden").add_to(m)
    unlisted = folium.FeatureGroup(name="Unlisted", control=False).add_to(m)
    control = SyncedLayerControl(hidden_names=["Hidden"]).add_to(m)
    page = m.get_root().render()
    assert dict(control.overlays) == {"Shown": shown.get_name(), "Hidden": hidden.get_name()}
    assert f"removeLayer({hidden.get_name()})" in page
    assert f"removeLayer({shown.get_name()})" not in page
    assert unlisted.get_name() not in dict(control.overlays).values()
