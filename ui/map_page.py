"""The map page: controls in the sidebar, the map, and the buurt panel beside it.

The view worth sharing (year, layers, buurt, language) is held by widgets bound
to the URL's query parameters, so a copied link reproduces it.
"""

from __future__ import annotations

import json
from datetime import date
from functools import partial

import shapely
import streamlit as st
from pyproj import Transformer
from shapely.ops import transform
from streamlit_folium import st_folium

from geo.config import Settings
from geo.dataset import Dataset
from geo.errors import AfsprakenkaartError
from geo.facts import buurt_at, buurt_facts
from geo.i18n import t
from geo.printing import PAPER_SIZES, PRINT_LAYERS, workshop_map_pdf
from layers import meeliften as meeliften_layer
from layers.base import MapContext
from layers.map_builder import base_map, overlays
from layers.registry import LAYERS_BY_ID
from ui import (
    agenda,
    data,
    held,
    map_controls,
    meeliften_panel,
    panel,
    presentation,
    search_box,
    session,
    workshop,
)
from ui import store as agreement_store
from ui.text import plain

MAP_KEY = agenda.MAP_KEY  # st_folium keeps its value under it
PANELS = ("facts", "agreements", "meeliften")
LAST_CLICK = "_last_map_click"
TO_RD = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)

PAGE_CSS = """
<style>
/* The map fills the height of the screen (beamer and laptop alike). */
iframe[title="streamlit_folium.st_folium"] { height: calc(100vh - 5.5rem) !important;
  min-height: 440px; border-radius: 6px; }
.block-container { padding-top: 1.2rem; padding-bottom: 0.5rem; max-width: 100%; }
section[data-testid="stSidebar"] { width: 330px !important; }
/* The map stays in view while the panel beside it scrolls (long workshop forms). */
div[data-testid="stColumn"]:has(iframe[title="streamlit_folium.st_folium"]) {
  position: sticky; top: 0.6rem; align-self: flex-start; }
section[data-testid="stSidebar"] p, section[data-testid="stSidebar"] label { font-size: 1rem; }
/* The panel's headings are h2 (the sidebar's title is the h1), in a panel's size. */
[data-testid="stMain"] h2 { font-size: 1.6rem; padding: 0.75rem 0 0.75rem; }
/* A phone: below Streamlit's header (its sidebar button sits over the page there). */
@media (max-width: 640px) { .block-container { padding-top: 3.4rem; } }
</style>
"""


def _sidebar(settings: Settings, ds: Dataset, lang: str) -> tuple[int, list[str]]:
    with st.sidebar:
        st.title(t("app.title", lang))
        st.caption(t("app.subtitle", lang, municipality=plain(ds.manifest.municipality_name)))
        search_box.render(ds, lang, key="search_map")
        years = settings.years.all()
        year = st.segmented_control(
            t("app.year", lang),
            years,
            key="year",
            default=settings.years.clamp(date.today().year),
            required=True,
            bind="query-params",
        )
        active = map_controls.layer_pills(settings, ds, int(year), lang)
        session.sign_in_box(settings, lang, demo=ds.manifest.demo)
        if ds.manifest.demo:
            st.warning(f"**{t('demo.mark', lang)}**")
            with st.expander(t("demo.title", lang)):
                st.write(t("demo.body", lang))
        st.caption(t("app.share_link", lang))
        from ui import pages  # here: ui.pages imports this module

        st.page_link(pages.DATA, label=t("data.link", lang), icon=":material/database:")
        st.page_link(pages.MONITORING, label=t("mon.link", lang), icon=":material/monitoring:")
        st.page_link(
            pages.COMPARE,
            label=t("compare.link", lang),
            icon=":material/compare:",
            query_params={"lang": lang} if lang != "nl" else None,
        )
        map_controls.language_switch(lang)
    return int(year), active


def _returned(writer: bool, facilitator: bool) -> list[str]:
    """What the map reports back. The facilitator's map also reports where it looks,
    for saving agenda items: their pans and zooms rerun the page (cheaply: the map is
    not redrawn); nobody else's do."""
    returned = ["last_clicked", "all_drawings"] if writer else ["last_clicked"]
    return [*returned, "center", "zoom"] if facilitator else returned


def _print_buttons(
    settings: Settings,
    ds: Dataset,
    year: int,
    active: list[str],
    states: object,
    writer: bool,
    lang: str,
) -> None:
    """The map of the year with the layers that are on, as a PDF on A4 and A3 (made on
    the click: drawing takes a second or two)."""
    layers = [i for i in active if i in PRINT_LAYERS]
    with st.expander(t("print.ui.title", lang)):
        st.caption(t("print.ui.help", lang))
        for size in PAPER_SIZES:
            st.download_button(
                t("print.ui.map", lang, size=size.upper()),
                partial(
                    workshop_map_pdf,
                    ds,
                    settings,
                    year,
                    layers,
                    size=size,
                    lang=lang,
                    agreements=states,
                    viewer=not writer,
                ),
                file_name=f"kaart-{ds.manifest.municipality_code}-{year}-{size}.pdf",
                mime="application/pdf",
                icon=":material/print:",
                key=f"print_map_{size}",
                on_click="ignore",
                use_container_width=True,
            )


def _seed_from_url(key: str, allowed: set[str], fallback: str | None = None) -> None:
    """On a session's first run, take `key` from the link when it is a known value."""
    if key not in st.session_state:
        value = st.query_params.get(key)
        st.session_state[key] = value if value in allowed else fallback


def _handle_click(ds: Dataset, clicked: dict[str, float] | None, *, selecting: bool) -> None:
    """A click anywhere in a buurt (on any layer) shows that buurt's facts, or, while
    choosing areas, adds or removes the buurt (or its wijk)."""
    if not clicked or clicked == st.session_state.get(LAST_CLICK):
        return
    st.session_state[LAST_CLICK] = clicked
    x, y = TO_RD.transform(clicked["lng"], clicked["lat"])
    code = buurt_at(ds, x, y)
    if code and selecting:
        workshop.toggle_area(workshop.area_for_click(ds, code))
        st.rerun()
    if code and code != st.session_state.get("buurt"):
        held.hold({"buurt": code})
        st.rerun()


def _new_drawing(out: dict[str, object] | None) -> shapely.Geometry | None:
    """The polygon last drawn on the map (RD New), until it is named and added."""
    drawings = (out or {}).get("all_drawings") or []
    if not isinstance(drawings, list) or not drawings:
        return None
    feature = drawings[-1]
    fingerprint = json.dumps(feature, sort_keys=True)
    used = st.session_state.setdefault("_drawings_used", set())
    if st.session_state.pop("_drawing_used", False):
        used.add(fingerprint)
    if fingerprint in used:
        return None
    try:
        geometry = shapely.geometry.shape(feature["geometry"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if geometry.geom_type not in ("Polygon", "MultiPolygon") or not geometry.is_valid:
        return None
    return transform(TO_RD.transform, geometry)


def render() -> None:
    """The whole map page."""
    held.restore()
    _render()
    # Not in a `finally`: a run stopped for the next one must keep holding.
    held.release()


def _render() -> None:
    st.html(PAGE_CSS)
    lang = session.language()
    found = data.loaded(lang)
    if found is None:
        return
    settings, ds = found

    try:
        store = agreement_store.store(settings, ds)
    except AfsprakenkaartError as exc:
        st.error(t("app.store_error", lang) + "\n\n" + plain(exc))
        return

    book = agenda.agenda(store, ds)
    items = book.views()
    agenda.seed_from_link(ds, items)  # before the widgets it sets are made
    _seed_from_url("buurt", set(ds.buurten["buurtcode"]))
    if "panel" not in st.session_state:  # a link straight to the meeliften panel
        _seed_from_url("panel", set(PANELS), fallback="facts")
        meeliften_panel.on_panel_change()
    year, active = _sidebar(settings, ds, lang)
    actor = session.actor()
    presenting = presentation.active()
    writer = actor.role != "viewer"
    agreed = agreement_store.agreements(settings, ds, store).for_actor(actor)
    with st.sidebar:
        presentation.switch(lang)
        agenda.sidebar(book, items, ds, actor, year, active, lang)
        _print_buttons(settings, ds, year, active, agreed.states, writer, lang)
    if presenting:
        titles = [LAYERS_BY_ID[i].title(MapContext(ds, settings, year, lang)) for i in active]
        presentation.bar(
            ds.manifest.municipality_name, settings.years.all(), year, titles, items, ds, lang
        )
    names = dict(zip(ds.buurten["buurtcode"], ds.buurten["buurtnaam"], strict=True))
    selected = st.session_state.get("buurt")
    selecting = writer and workshop.selecting()

    if presenting:
        # The map fills the screen; a chosen buurt's facts beside it. The panel switch
        # is still made (hidden), so its choice outlives the presentation.
        map_col, panel_col = (
            st.columns([3, 1], gap="small") if selected else (st.container(), st.container())
        )
        switch_box = st.container(key="afk_hidden_panel_switch")
        st.html("<style>.st-key-afk_hidden_panel_switch { display: none; }</style>")
    else:
        map_col, panel_col = st.columns([3, 1.15], gap="small")
        switch_box = panel_col
    params = None
    with switch_box:
        # Made before the map: the map's first report reruns the script at once, and a
        # URL-bound widget not yet made in that first run loses its value from the link.
        mode = st.segmented_control(
            t("app.panel", lang),
            list(PANELS),
            key="panel",
            required=True,
            format_func=lambda v: t(f"app.panel.{v}", lang),
            label_visibility="collapsed",
            on_change=meeliften_panel.on_panel_change,
        )
        # Not `bind`: a bound control writes its translated label to the URL; the
        # link carries the stable value instead, like the buurt.
        map_controls.sync_to_url("panel", mode, default="facts")
        if mode == "meeliften":
            params = meeliften_panel.parameters(settings, lang)
    facilitator = actor.role == "facilitator"
    ctx = MapContext(
        dataset=ds,
        settings=settings,
        year=year,
        lang=lang,
        agreements=agreed.states,
        viewer=not writer,
        meeliften=params,
        facilitator=facilitator,
    )
    with map_col:
        groups, control = overlays(ctx, active, selected, workshop.chosen() if writer else ())
        center, zoom = agenda.goto()
        out = st_folium(
            base_map(ctx, draw=writer and not presenting, present=presenting),
            key=MAP_KEY,
            center=center,
            zoom=zoom,
            height=640,
            use_container_width=True,
            feature_group_to_add=groups,
            layer_control=control,
            returned_objects=_returned(writer, facilitator),
        )
    _handle_click(ds, (out or {}).get("last_clicked"), selecting=selecting)
    drawing = _new_drawing(out) if writer else None

    if presenting:
        if selected:
            with panel_col:
                facts = buurt_facts(ds, selected, year, agreed.states)
                panel.render(facts, settings, lang, demo=ds.manifest.demo, viewer=not writer)
        return
    with panel_col:
        if mode == "meeliften" and drawing is None:
            result = meeliften_layer.result(ds, meeliften_layer.LAYER.params(ctx))
            meeliften_panel.render(result, facilitator=facilitator, lang=lang)
            return
        if mode == "agreements" or drawing is not None:
            workshop.render(
                store, ds, settings, actor, year, agreed.states, agreed.events, lang, drawing
            )
            return
        codes = sorted(names, key=lambda c: str(names[c]).lower())
        buurt = st.selectbox(
            t("app.choose_buurt", lang),
            codes,
            index=None,
            key="buurt",
            placeholder=t("app.no_buurt", lang),
            format_func=lambda c: str(names.get(c, c)),
        )
        map_controls.sync_to_url("buurt", buurt)
        if buurt:
            facts = buurt_facts(ds, buurt, year, agreed.states)
            panel.render(facts, settings, lang, demo=ds.manifest.demo, viewer=not writer)
        else:
            st.info(t("app.map_help", lang))
