"""Presentation mode: the map fills the screen of a room, in type readable from the back.

`?present=1` (or the sidebar's switch). The sidebar stays in the page (its widgets
keep the year and layers) but is hidden; a bar above the map states the municipality,
the year and the layers in large type, with the year as big buttons, the agenda, and
the way out. Inside the map, legends, labels and popups grow (`afk-present`, map.css).
"""

from __future__ import annotations

import streamlit as st

from geo.i18n import t
from geo.views import SavedView
from ui import agenda, held
from ui.text import plain

KEY = "present"

CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
.block-container { padding: 0.35rem 0.9rem 0 0.9rem !important; max-width: 100% !important; }
iframe[title="streamlit_folium.st_folium"] { height: calc(100vh - 7.6rem) !important;
  min-height: 360px; }
.st-key-present_bar { background: #101418; color: #ffffff; border-radius: 8px;
  padding: 0.35rem 0.9rem; }
.st-key-present_bar p, .st-key-present_bar span { color: #ffffff; font-size: 1.3rem;
  line-height: 1.25; }
.st-key-present_layers p { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.st-key-present_bar h2 { color: #ffffff; font-size: 2rem; padding: 0; margin: 0; }
.st-key-present_bar button { min-height: 3rem; border: 2px solid #ffffff;
  background: #101418; padding: 0 0.3rem; }
.st-key-present_bar button p, .st-key-present_bar button::before { font-size: 1.4rem;
  font-weight: 700; color: #ffffff; }
.st-key-present_bar [class*="st-key-agenda_"] button::before { font-size: 2rem; }
.st-key-present_bar button[kind="primary"] { background: #ffd400; border-color: #ffd400; }
.st-key-present_bar button[kind="primary"] p { color: #101418; }
.st-key-present_bar button:disabled { opacity: 0.35; }
.st-key-present_bar button:focus-visible { outline: 4px solid #ffd400; outline-offset: 2px; }
</style>
"""


def active() -> bool:
    """Whether this session presents: from the link on its first run, then the switch."""
    if KEY not in st.session_state:
        st.session_state[KEY] = str(st.query_params.get(KEY, "")) in ("1", "true", "ja")
    return bool(st.session_state[KEY])


def switch(lang: str) -> None:
    """The sidebar's way in (the bar has the way out)."""
    st.button(
        t("present.on", lang),
        icon=":material/present_to_all:",
        on_click=_set,
        args=(True,),
        use_container_width=True,
    )


def _set(on: bool) -> None:
    st.session_state[KEY] = on
    if on:
        st.query_params[KEY] = "1"
    elif KEY in st.query_params:
        del st.query_params[KEY]


def _year(value: int) -> None:
    held.hold({"year": value})


def bar(
    municipality: str,
    years: list[int],
    year: int,
    layer_titles: list[str],
    items: list[SavedView],
    ds: object,
    lang: str,
) -> None:
    """The bar above the map: what is shown, the year, the agenda, the way out."""
    st.html(CSS)
    with st.container(key="present_bar"):
        what, when, steps, out = st.columns([3.6, 3.6, 3.8, 1.5], vertical_alignment="center")
        what.markdown(f"## {plain(municipality)} · {year}")
        shown = ", ".join(layer_titles) if layer_titles else t("present.no_layers", lang)
        # One line: the bar keeps its height, so the map below it fits the screen;
        # the map's own title box lists the layers in full.
        what.container(key="present_layers").markdown(f"{t('app.layers', lang)}: {plain(shown)}")
        for column, value in zip(when.columns(len(years), gap="small"), years, strict=True):
            column.button(
                str(value),
                key=f"present_year_{value}",
                type="primary" if value == year else "secondary",
                on_click=_year,
                args=(value,),
                use_container_width=True,
            )
        with steps:
            if items:
                agenda.navigator(items, ds, lang, large=True)  # type: ignore[arg-type]
        out.button(
            f"✕ {t('present.close', lang)}",
            key="present_off",
            on_click=_set,
            args=(False,),
            use_container_width=True,
        )
