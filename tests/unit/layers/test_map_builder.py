"""The assembled map: local assets, tiles only when allowed, layer control, selection,
escaping, size, and a base map that does not change with the year."""

from __future__ import annotations

import re
from collections.abc import Iterator

import folium
import pytest
from layer_tools import (
    HOSTILE,
    children,
    js_decoded,
    json_argument,
    scripts,
    visible_texts,
    with_manifest,
)
from shapely.geometry import shape

# What the app's map component does with our map (ui/map_page.py calls st_folium).
from streamlit_folium import (  # noqa: TID251 (tests emulate the ui's consumer)
    _get_feature_group_string,
    _get_header,
    _get_html,
    _get_layer_control_string,
    _get_map_string,
)

from geo.codes import VITALITY
from geo.config import PROJECT_ROOT, Basemap, Settings
from geo.conflicts import KINDS
from geo.i18n import t
from layers.map_builder import base_map, overlays, standalone_html, title_group
from layers.registry import LAYER_IDS, LAYERS

STATIC_PREFIX = "/app/static/"
URL = re.compile(r"https?://[^\s\"'\\<>]+")
SELECTED = "BU17310003"


def walk(element: object) -> Iterator[object]:
    """Every element below a map, the way streamlit_folium collects assets."""
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from walk(child)


def full_map(ctx, active=LAYER_IDS, selected: str | None = SELECTED) -> folium.Map:
    m = base_map(ctx)
    groups, control = overlays(ctx, active, selected)
    for group in groups:
        group.add_to(m)
    control.add_to(m)
    return m


def control_script(page: str) -> str:
    start = page.index("L.control.layers(")
    return page[start : page.index("</script>", start)]


def overlay_vars(script: str) -> dict[str, str]:
    """Title -> JS variable of each overlay the layer control lists."""
    start = script.index("L.control.layers(")
    block = script[start : script.index(").addTo(", start)]
    return dict(re.findall(r'"([^"]+)"\s*:\s*([A-Za-z_$][\w$]*)\s*,', block))


def removed_vars(script: str) -> list[str]:
    return re.findall(r"\.removeLayer\(([A-Za-z_$][\w$]*)\)", script)


def test_every_script_and_stylesheet_is_served_locally(make_ctx):
    m = full_map(make_ctx(2025))
    js = [src for e in walk(m) for _, src in getattr(e, "default_js", [])]
    css = [href for e in walk(m) for _, href in getattr(e, "default_css", [])]
    assert any(src.endswith("/leaflet.js") for src in js)
    assert any("markercluster" in src for src in js), "the home layer's plugin is collected"
    for asset in js + css:
        assert asset.startswith(STATIC_PREFIX), asset
        local = PROJECT_ROOT / "static" / asset.removeprefix(STATIC_PREFIX)
        assert local.is_file(), f"{asset} is not in static/ (run the front-end set-up)"

    page = m.get_root().render()
    tags = re.findall(r"<(?:script|link)\b[^>]*>", page)
    refs = [r for tag in tags for r in re.findall(r'\b(?:src|href)="([^"]*)"', tag)]
    assert refs
    assert all(r.startswith(STATIC_PREFIX) for r in refs), refs


@pytest.mark.parametrize(
    "settings",
    [Settings(offline=True), Settings(basemap=Basemap(enabled=False))],
    ids=["offline", "basemap-disabled"],
)
def test_without_basemap_there_are_no_tiles_and_no_external_urls(make_ctx, settings):
    ctx = make_ctx(2025, settings=settings)
    m = full_map(ctx)
    assert not [e for e in walk(m) if isinstance(e, folium.TileLayer)]
    assert URL.findall(standalone_html(ctx, LAYER_IDS, SELECTED)) == []


def test_online_the_only_external_url_is_the_configured_basemap(make_ctx):
    url = "https://tiles.example.invalid/grey/{z}/{x}/{y}.png"
    ctx = make_ctx(2025, settings=Settings(basemap=Basemap(url=url)))
    m = full_map(ctx)
    tiles = [e for e in walk(m) if isinstance(e, folium.TileLayer)]
    assert [tile.tiles for tile in tiles] == [url]
    assert set(URL.findall(standalone_html(ctx, LAYER_IDS, SELECTED))) == {url}


def test_demo_cannot_zoom_in_further_than_its_boundaries_support(make_ctx, demo_dataset):
    m = base_map(make_ctx(2025))
    max_zoom = demo_dataset.manifest.max_zoom
    assert m.options["maxZoom"] == max_zoom
    tiles = [e for e in walk(m) if isinstance(e, folium.TileLayer)]
    assert tiles
    assert all(tile.options["max_zoom"] <= max_zoom for tile in tiles)


ACTIVE_SETS = [
    LAYER_IDS,
    (),
    *[(i,) for i in LAYER_IDS],
    LAYER_IDS[1:3],
]


@pytest.mark.parametrize("active", ACTIVE_SETS, ids=lambda a: "+".join(a) or "none")
def test_layer_control_lists_every_overlay_and_removes_the_hidden_ones(make_ctx, active):
    ctx = make_ctx(2025)
    script = control_script(standalone_html(ctx, active))
    listed = overlay_vars(script)
    assert list(listed) == [layer.title(ctx) for layer in LAYERS]
    removed = {title for title, var in listed.items() if var in removed_vars(script)}
    assert removed == {layer.title(ctx) for layer in LAYERS if layer.id not in active}
    assert len(removed_vars(script)) == len(removed)


def test_layer_control_hides_the_right_groups_the_way_the_app_sends_them(make_ctx):
    """st_folium sends the overlays as separate scripts next to the base map."""
    ctx = make_ctx(2025, "en")
    active = (LAYER_IDS[0], LAYER_IDS[-1])
    m = base_map(ctx)
    groups, control = overlays(ctx, active, SELECTED)
    group_js = "".join(_get_feature_group_string(g, m, i) for i, g in enumerate(groups))
    control_js = _get_layer_control_string(control, m)

    listed = overlay_vars(control_js)
    assert list(listed) == [layer.title(ctx) for layer in LAYERS]
    for var in listed.values():
        assert re.search(rf"var {re.escape(var)} = L\.featureGroup", group_js), var
    removed = {title for title, var in listed.items() if var in removed_vars(control_js)}
    assert removed == {layer.title(ctx) for layer in LAYERS if layer.id not in active}


def test_selected_buurt_is_outlined(make_ctx, demo_dataset):
    ctx = make_ctx(2025)
    buurt = demo_dataset.buurten.set_index("buurtcode").loc[[SELECTED]].to_crs(4326)
    groups, _ = overlays(ctx, LAYER_IDS, SELECTED)
    outlines = [
        (group, layer, feature)
        for group in groups
        for layer in children(group, folium.GeoJson)
        for feature in layer.data["features"]
        if feature["properties"].get("buurtcode") is not None
    ]
    assert len(outlines) == 1
    group, layer, feature = outlines[0]
    assert feature["properties"]["buurtcode"] == SELECTED
    assert group.control is False, "the selection is not a layer the user switches"
    assert layer.options.get("interactive") is False, "clicks pass through to the buurt"
    outline = shape(feature["geometry"])
    wanted = buurt.geometry.iloc[0]
    assert outline.symmetric_difference(wanted).area / wanted.area < 0.01

    for nothing in (None, "BU99999999"):
        groups, _ = overlays(ctx, LAYER_IDS, nothing)
        assert not [
            f
            for g in groups
            for layer in children(g, folium.GeoJson)
            for f in layer.data["features"]
            if "buurtcode" in f["properties"]
        ]


def test_title_names_municipality_year_layers_and_demo(make_ctx, demo_dataset):
    def title_texts(ctx, active) -> str:
        (js,) = scripts(title_group(ctx, active))
        html = json_argument(js, '"afk-title", ')
        return " ".join(visible_texts(html))

    ctx = make_ctx(2026, "en")
    text = title_texts(ctx, LAYER_IDS[:1])
    assert demo_dataset.manifest.municipality_name in text
    assert "2026" in text
    assert LAYERS[0].title(ctx) in text
    assert LAYERS[1].title(ctx) not in text
    assert "DEMO" in text
    real = make_ctx(2026, "en", dataset=with_manifest(demo_dataset, demo=False))
    assert "DEMO" not in title_texts(real, LAYER_IDS[:1])


def test_hostile_names_never_reach_the_page_unescaped(make_ctx, hostile_dataset):
    assert hostile_dataset.manifest.municipality_name == HOSTILE
    assert (hostile_dataset.buurten["buurtnaam"] == HOSTILE).all()
    for lang in ("nl", "en"):
        page = standalone_html(make_ctx(2025, lang, dataset=hostile_dataset), LAYER_IDS, SELECTED)
        assert HOSTILE not in page
        assert "<img" not in page
        # Inside the script strings (which the browser decodes and mostly puts into
        # innerHTML) the raw name may only be a marker's title (a park's, or a point to
        # discuss's): Leaflet sets that as a DOM property, so there it is plain text and
        # must not be escaped.
        decoded = js_decoded(page)
        classes = "|".join(re.escape(t(f"vitality.{v}", lang)) for v in VITALITY)
        titles = re.findall(re.escape(HOSTILE) + rf' \(({classes})\)"', decoded)
        assert len(titles) == len(hostile_dataset.holiday_parks)
        kinds = "|".join(re.escape(t(f"conflict.kind.{k}", lang)) for k in KINDS)
        discuss = re.findall(re.escape(HOSTILE) + rf': (?:{kinds})(?:, (?:{kinds}))*"', decoded)
        assert discuss  # the hostile demo has points to discuss
        assert decoded.count(HOSTILE) == len(titles) + len(discuss)


def test_demo_map_stays_under_one_megabyte(make_ctx):
    page = standalone_html(make_ctx(2026), LAYER_IDS, SELECTED)
    assert len(page.encode("utf-8")) < 1_000_000


def test_base_map_is_the_same_for_every_year(make_ctx, demo_dataset):
    """st_folium keys the browser's map on these strings: equal means the view is kept."""

    def as_sent(ctx) -> tuple[str, str, str]:
        m = base_map(ctx)
        m.render()
        html, header = _get_html(m), _get_header(m)
        return html, header, _get_map_string(m)

    first = as_sent(make_ctx(2023))
    assert as_sent(make_ctx(2026)) == first
    # (the comparison does see a change in what the base map carries)
    other = with_manifest(demo_dataset, attribution="Grenzen: iets anders")
    assert as_sent(make_ctx(2023, dataset=other)) != first


def test_imported_tables_name_their_source_on_the_map(make_ctx, demo_dataset) -> None:
    from dataclasses import replace

    from geo.manifest import Provenance
    from layers.map_builder import map_attributions

    demo = map_attributions(make_ctx(2025))
    assert demo == [demo_dataset.manifest.attribution]  # generated tables add nothing
    tables = {
        **demo_dataset.manifest.tables,
        "holiday_parks": Provenance(
            source="OpenStreetMap extract drenthe.osm.pbf", date="2026-11-27", licence="ODbL"
        ),
        "heat_phasing": Provenance(source="file fasering.xlsx", date="2026-11-20"),
    }
    manifest = demo_dataset.manifest.model_copy(update={"tables": tables})
    ctx = make_ctx(2025, dataset=replace(demo_dataset, manifest=manifest))
    shown = map_attributions(ctx)
    assert "Vakantieparken: © OpenStreetMap contributors (ODbL)" in shown
    assert "Warmtefasering: file fasering.xlsx (2026-11-20)" in shown
    html = standalone_html(ctx, ["holiday_parks"])
    assert "OpenStreetMap contributors" in html
