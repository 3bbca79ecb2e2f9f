"""Two years side by side (/vergelijken): for a workshop on a shared screen.

Two synchronised maps (layers/compare.py): the left year on the left, the right year
on the right, each with its year in large type and its own legends. Moving or
zooming one moves the other. The link holds the comparison:
`?left=2023&right=2026&layers=...&lang=en` (`layers` as on the map page).
"""

from __future__ import annotations

import dataclasses
import html

import streamlit as st
from streamlit_folium import st_folium

from geo.config import Settings
from geo.dataset import Dataset
from geo.i18n import t
from layers.base import MapContext
from layers.compare import compare_map
from layers.registry import DEFAULT_LAYER_IDS, LAYERS_BY_ID
from ui import data, map_controls, session
from ui.text import plain

MAP_KEY = "compare_map"
LEFT, RIGHT = "compare_left", "compare_right"  # session keys of the two year controls
URL = {LEFT: "left", RIGHT: "right"}  # their names in the link

PAGE_CSS = """
<style>
/* The two maps fill the screen below the one row of controls. */
iframe[title="streamlit_folium.st_folium"] { height: calc(100vh - 7.7rem) !important;
  min-height: 420px; border-radius: 6px; }
.block-container { padding-top: 0.9rem; padding-bottom: 0.5rem; max-width: 100%; }
/* The years are what the room reads first: a size up. */
.st-key-compare_left p, .st-key-compare_right p { font-size: 1.1rem; font-weight: 600; }
.st-key-compare_left button p, .st-key-compare_right button p { font-size: 1.2rem; }
div[data-testid="stPopover"] button p { font-size: 1.05rem; }
.afk-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; margin: -1px; padding: 0; }
/* Each control keeps its whole width; where a half is too narrow for its controls (a
   small laptop, a phone turned sideways) they wrap onto a second line. */
.st-key-compare_controls div[data-testid="stColumn"] div[data-testid="stHorizontalBlock"] {
  flex-wrap: wrap; row-gap: 0.4rem; }
.st-key-compare_controls div[data-testid="stColumn"] div[data-testid="stColumn"] {
  flex: 1 1 auto; width: auto; min-width: fit-content; }
.afk-phone-hint { display: none; }
/* A phone held upright: the controls stack, and so do the maps (in the iframe). */
@media (max-width: 640px) {
  .afk-phone-hint { display: block; font-size: 0.95rem; padding: 0.5rem 0.75rem;
    background: #fff4d6; border-radius: 6px; color: #1a1a1a; }
  iframe[title="streamlit_folium.st_folium"] { height: calc(100vh - 2rem) !important;
    min-height: 560px; }
}
</style>
"""


def _seed_year(key: str, years: list[int], fallback: int, settings: Settings, lang: str) -> str:
    """On a session's first run, take the year of `key` from the link. Returns the
    warning to show when the link names a year outside the agreements, else ""."""
    if key in st.session_state:
        return ""
    raw = st.query_params.get(URL[key])
    wanted = int(raw) if raw is not None and raw.strip().isdigit() else None
    if wanted in years:
        st.session_state[key] = wanted
        return ""
    st.session_state[key] = fallback
    if raw is None:
        return ""
    first, last = settings.years.first, settings.years.last
    return t(
        "compare.unknown_year", lang, year=plain(raw[:20]), first=first, last=last, shown=fallback
    )


def _year_control(key: str, years: list[int], lang: str) -> int:
    label = t("compare.left" if key == LEFT else "compare.right", lang)
    year = st.segmented_control(label, years, key=key, required=True, format_func=str)
    st.query_params[URL[key]] = str(year)  # always: the link states both years
    return int(year)


def _back_link(settings: Settings, ds: Dataset, year: int, active: list[str], lang: str) -> None:
    """Back to the map with this comparison's right year, layers and language."""
    from ui import pages  # here: ui.pages imports this module

    query: dict[str, str | list[str]] = {"year": str(year)}
    if active != list(DEFAULT_LAYER_IDS):
        ctx = MapContext(ds, settings, year, lang)
        query["layers"] = [LAYERS_BY_ID[i].title(ctx) for i in active] or ""
    if lang != "nl":
        query["lang"] = lang
    st.page_link(
        pages.MAP, label=t("compare.back", lang), icon=":material/map:", query_params=query
    )


def _layers_menu(settings: Settings, ds: Dataset, year: int, lang: str) -> list[str]:
    """The map page's layer switches in a menu (they act on both maps), with how the
    page works and how to share it."""
    with st.popover(t("app.layers", lang), icon=":material/layers:", use_container_width=True):
        active = map_controls.layer_pills(settings, ds, year, lang)
        st.caption(t("compare.help", lang))
        st.caption(t("compare.share_link", lang))
    return active


def _controls(
    settings: Settings, ds: Dataset, years: list[int], lang: str
) -> tuple[int, int, list[str]]:
    """The one row above the maps: each year above its map, the layers menu, language
    and the way back to the map."""
    left_half, right_half = st.columns(2, gap="medium")
    with left_half:
        year_col, layers_col = st.columns([3.4, 2], gap="small", vertical_alignment="bottom")
        with year_col:
            left = _year_control(LEFT, years, lang)
        with layers_col:
            active = _layers_menu(settings, ds, left, lang)
    with right_half:
        year_col, lang_col, back_col = st.columns(
            [3.3, 1.2, 1.7], gap="small", vertical_alignment="bottom"
        )
        with year_col:
            right = _year_control(RIGHT, years, lang)
        with lang_col:
            map_controls.language_switch(lang)
        with back_col:
            _back_link(settings, ds, right, active, lang)
    return left, right, active


def render() -> None:
    """The whole comparison page."""
    st.html(PAGE_CSS)
    lang = session.language()
    found = data.loaded(lang)
    if found is None:
        return
    settings, ds = found
    years = settings.years.all()
    problems = [
        _seed_year(LEFT, years, years[0], settings, lang),
        _seed_year(RIGHT, years, years[-1], settings, lang),
    ]

    # No sidebar: the two maps get the whole width. Each year control sits above its map.
    # One html element (one gap in the layout): the heading for screen readers, and the
    # note that only a phone held upright shows, first thing on its screen.
    shown = {"left": st.session_state[LEFT], "right": st.session_state[RIGHT]}
    heading = html.escape(t("compare.heading", lang, **shown))
    hint = html.escape(t("compare.phone", lang, **shown))
    st.html(
        f"<h1 class='afk-sr-only'>{heading}</h1>"
        f"<div class='afk-phone-hint' role='note'>{hint}</div>"
    )
    with st.container(key="compare_controls"):
        left, right, active = _controls(settings, ds, years, lang)

    for problem in filter(None, problems):
        st.warning(problem)
    if left == right:
        st.info(t("compare.same_year", lang))

    left_ctx = map_controls.visible_context(settings, ds, left, lang)
    if left_ctx is None:
        return
    right_ctx = dataclasses.replace(left_ctx, year=right)
    st_folium(
        compare_map(left_ctx, right_ctx, active),
        key=MAP_KEY,
        height=640,
        use_container_width=True,
        returned_objects=[],  # nothing on the map reruns the page
    )
