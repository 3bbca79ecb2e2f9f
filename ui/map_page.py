"""The map page: controls in the sidebar, the map, and the buurt panel beside it.

The view worth sharing (year, layers, buurt, language) is held by widgets bound
to the URL's query parameters, so a copied link reproduces it.
"""

from __future__ import annotations

from datetime import date

import streamlit as st
from pyproj import Transformer
from streamlit_folium import st_folium

from geo.config import Settings
from geo.dataset import Dataset
from geo.errors import ConfigError, DataValidationError
from geo.facts import buurt_at, buurt_facts
from geo.i18n import LANGUAGES, t
from layers.base import MapContext
from layers.map_builder import base_map, overlays
from layers.registry import LAYER_IDS, LAYERS_BY_ID
from ui import data, panel
from ui.text import plain

MAP_KEY = "map"
LAST_CLICK = "_last_map_click"
TO_RD = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)

PAGE_CSS = """
<style>
/* The map fills the height of the screen (beamer and laptop alike). */
iframe[title="streamlit_folium.st_folium"] { height: calc(100vh - 5.5rem) !important;
  min-height: 440px; border-radius: 6px; }
.block-container { padding-top: 1.2rem; padding-bottom: 0.5rem; max-width: 100%; }
section[data-testid="stSidebar"] { width: 330px !important; }
section[data-testid="stSidebar"] p, section[data-testid="stSidebar"] label { font-size: 1rem; }
</style>
"""


def _lang() -> str:
    # On a session's first run the bound widget has not read the URL yet: look there.
    lang = str(st.session_state.get("lang") or st.query_params.get("lang", "nl")).lower()
    return lang if lang in LANGUAGES else "nl"


def _sidebar(settings: Settings, ds: Dataset, lang: str) -> tuple[int, list[str]]:
    with st.sidebar:
        st.title(t("app.title", lang))
        st.caption(t("app.subtitle", lang, municipality=plain(ds.manifest.municipality_name)))
        years = settings.years.all()
        year = st.segmented_control(
            t("app.year", lang),
            years,
            key="year",
            default=settings.years.clamp(date.today().year),
            required=True,
            bind="query-params",
        )
        active = st.pills(
            t("app.layers", lang),
            list(LAYER_IDS),
            key="layers",
            selection_mode="multi",
            default=list(LAYER_IDS),
            format_func=lambda i: LAYERS_BY_ID[i].title(MapContext(ds, settings, int(year), lang)),
            bind="query-params",
        )
        if ds.manifest.demo:
            st.warning(f"**{t('demo.mark', lang)}**")
            with st.expander(t("demo.title", lang)):
                st.write(t("demo.body", lang))
        st.caption(t("app.share_link", lang))
        st.segmented_control(
            t("app.language", lang),
            list(LANGUAGES),
            key="lang",
            default="nl",
            required=True,
            format_func=str.upper,
            bind="query-params",
        )
    return int(year), list(active or [])


def _seed_buurt_from_url(ds: Dataset) -> None:
    """On a session's first run, select the buurt named in the link (by code)."""
    if "buurt" in st.session_state:
        return
    code = st.query_params.get("buurt")
    known = set(ds.buurten["buurtcode"])
    st.session_state["buurt"] = code if code in known else None


def _sync_buurt_to_url(code: str | None) -> None:
    # Not `bind="query-params"`: a bound selectbox writes its display name to the URL,
    # and a link should carry the stable CBS code.
    if code:
        st.query_params["buurt"] = code
    elif "buurt" in st.query_params:
        del st.query_params["buurt"]


def _handle_click(ds: Dataset, clicked: dict[str, float] | None) -> None:
    """A click anywhere in a buurt (on any layer) selects that buurt."""
    if not clicked or clicked == st.session_state.get(LAST_CLICK):
        return
    st.session_state[LAST_CLICK] = clicked
    x, y = TO_RD.transform(clicked["lng"], clicked["lat"])
    code = buurt_at(ds, x, y)
    if code and code != st.session_state.get("buurt"):
        st.session_state["buurt"] = code
        st.rerun()


def render() -> None:
    """The whole map page."""
    st.html(PAGE_CSS)
    lang = _lang()
    try:
        settings = data.settings()
        ds = data.dataset(settings)
    except ConfigError as exc:
        st.error(t("app.config_error", lang) + "\n\n" + plain(exc))
        return
    except DataValidationError as exc:
        st.error(t("app.data_error", lang, path=plain(str(settings.data_dir))))
        st.code("\n".join(str(p) for p in exc.problems), language=None)
        return

    _seed_buurt_from_url(ds)
    year, active = _sidebar(settings, ds, lang)
    ctx = MapContext(dataset=ds, settings=settings, year=year, lang=lang)
    names = dict(zip(ds.buurten["buurtcode"], ds.buurten["buurtnaam"], strict=True))
    selected = st.session_state.get("buurt")

    map_col, panel_col = st.columns([3, 1.15], gap="small")
    with map_col:
        groups, control = overlays(ctx, active, selected)
        out = st_folium(
            base_map(ctx),
            key=MAP_KEY,
            height=640,
            use_container_width=True,
            feature_group_to_add=groups,
            layer_control=control,
            returned_objects=["last_clicked"],
        )
    _handle_click(ds, (out or {}).get("last_clicked"))

    with panel_col:
        codes = sorted(names, key=lambda c: str(names[c]).lower())
        buurt = st.selectbox(
            t("app.choose_buurt", lang),
            codes,
            index=None,
            key="buurt",
            placeholder=t("app.no_buurt", lang),
            format_func=lambda c: str(names.get(c, c)),
        )
        _sync_buurt_to_url(buurt)
        if buurt:
            panel.render(buurt_facts(ds, buurt, year), settings, lang, demo=ds.manifest.demo)
        else:
            st.info(t("app.map_help", lang))
