"""Two years side by side (layers/compare.py): an offline DualMap of two base maps."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from folium.plugins import DualMap

from geo.config import PROJECT_ROOT
from layers.base import MapContext
from layers.compare import OfflineDualMap, compare_map, side_map
from layers.registry import DEFAULT_LAYER_IDS, LAYERS

# The `make_ctx` fixture of conftest.py (not imported: another conftest may shadow it).
MakeCtx = Callable[..., MapContext]


def walk(element: object) -> list[object]:
    found = [element]
    for child in getattr(element, "_children", {}).values():
        found += walk(child)
    return found


def test_every_asset_of_both_maps_is_served_by_the_app(make_ctx: MakeCtx) -> None:
    dual = compare_map(make_ctx(2023), make_ctx(2026), DEFAULT_LAYER_IDS)
    assert isinstance(dual, DualMap), "streamlit-folium renders DualMaps (and subclasses)"
    elements = [dual, *walk(dual.m1), *walk(dual.m2)]
    links = [url for e in elements for _, url in [*getattr(e, "default_js", [])]]
    links += [url for e in elements for _, url in [*getattr(e, "default_css", [])]]
    assert any(url.endswith("vendor/leaflet.sync/L.Map.Sync.js") for url in links)
    for url in links:
        assert url.startswith("/app/static/"), url
    # folium's own DualMap points at a CDN; ours does not.
    assert "jsdelivr" in DualMap.default_js[0][1]
    assert all("/app/static/" in url for _, url in OfflineDualMap.default_js)


def test_the_assets_exist_where_the_app_serves_them() -> None:
    for _, url in [*OfflineDualMap.default_js, *OfflineDualMap.default_css]:
        path = PROJECT_ROOT / "static" / url.removeprefix("/app/static/")
        if "/vendor/" in url and not path.exists():  # made by `make setup` from npm
            assert (PROJECT_ROOT / "package.json").read_text().count('"leaflet.sync"') == 1
            continue
        assert Path(path).is_file(), url


def test_each_side_draws_its_own_year_and_only_the_active_layers(make_ctx: MakeCtx) -> None:
    active = ["attention_areas", "holiday_parks"]
    html = side_map(make_ctx(2024), active).get_root().render()
    assert 'afk.yearBadge(parent, "2024", "Jaar 2024")' in html
    assert html.count("afk.boundLegend(") == len(active)
    titles = {layer.id: layer.title(make_ctx(2024)) for layer in LAYERS}
    assert "afk.homeCluster(" not in html  # corporation housing is off
    assert "L.control.layers(" not in html  # the page's menu switches both maps at once
    assert titles["attention_areas"] in html


def test_the_maps_are_synced_both_ways_without_moving_at_start(make_ctx: MakeCtx) -> None:
    dual = compare_map(make_ctx(2023, "en"), make_ctx(2026, "en"), DEFAULT_LAYER_IDS)
    html = dual.get_root().render()
    left, right = dual.m1.get_name(), dual.m2.get_name()
    assert f"{left}.sync({right}, {{noInitialSync: true}})" in html
    assert f"{right}.sync({left}, {{noInitialSync: true}})" in html
    assert re.search(rf'afk\.compare\({left}, {right}, \{{"legend":"Legend"\}}\)', html)
    assert html.index(f"var {right} = L.map(") < html.index(f"{left}.sync(")
