"""Agenda items: the facilitator saves what the map shows; the workshop steps through.

A saved view (geo.views) is applied by setting the map page's widget keys in a
callback, before the widgets are made, and by moving the map through st_folium's
`center`/`zoom` (no reload). Each item is also a link: `?agenda=ID`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from geo.agreements import Actor
from geo.codes import THEMES
from geo.dataset import Dataset
from geo.errors import AfsprakenkaartError
from geo.i18n import t
from geo.store import Store
from geo.store.repository import Agenda
from geo.views import TITLE_MAX, MapView, SavedView, ViewError, parse_at
from ui import held, workshop
from ui.text import plain

CURRENT = "_agenda_current"  # id of the item last applied
GOTO = "_map_goto"  # (center, zoom) st_folium moves the map to
MAP_KEY = "map"  # the map page's st_folium key
APPLIED = "_agenda_applied_from_link"


def agenda(store: Store, ds: Dataset) -> Agenda:
    return Agenda(store, ds.manifest.municipality_code)


def goto() -> tuple[tuple[float, float] | None, float | None]:
    """Where st_folium should move the map (None, None: where it is)."""
    value = st.session_state.get(GOTO)
    return value if isinstance(value, tuple) else (None, None)


def seed_from_link(ds: Dataset, items: list[SavedView]) -> None:
    """On a session's first run: `?agenda=ID` applies that item; otherwise `?at=`
    (written by the map as it moves) puts the map where the link was made."""
    if APPLIED in st.session_state:
        return
    st.session_state[APPLIED] = True
    wanted = str(st.query_params.get("agenda", ""))
    item = next((i for i in items if str(i.id) == wanted), None)
    if item is not None:
        apply(item, ds)
        return
    at = parse_at(st.query_params.get("at"))
    if at is not None:
        st.session_state[GOTO] = at


def current_view(ds: Dataset, year: int, layers: list[str], theme: str | None) -> MapView:
    """What the map page shows now, as a view: where the map looks as the facilitator's
    map last reported it (or as the link said)."""
    at = _reported_place() or parse_at(st.query_params.get("at"))
    return MapView(
        year=year,
        layers=tuple(layers),
        buurt=st.session_state.get("buurt"),
        panel=str(st.session_state.get("panel") or "facts"),
        theme=theme,
        selection=tuple(a.code for a in workshop.chosen() if a.code),
        center=at[0] if at else None,
        zoom=at[1] if at else None,
    )


def _reported_place() -> tuple[tuple[float, float], float] | None:
    """The centre and zoom the map component last returned (st_folium keeps its value
    under the map's key)."""
    value = st.session_state.get(MAP_KEY)
    if not isinstance(value, dict):
        return None
    center, zoom = value.get("center"), value.get("zoom")
    if not isinstance(center, dict) or not isinstance(zoom, int | float):
        return None
    return parse_at(f"{center.get('lat')},{center.get('lng')},{zoom}")


def apply(item: SavedView, ds: Dataset) -> None:
    """Show `item`: year, layers, buurt, panel, selection and place (a callback)."""
    view = item.view
    known = set(ds.buurten["buurtcode"])
    held.hold(
        {
            "year": view.year,
            "layers": list(view.layers),
            "buurt": view.buurt if view.buurt in known else None,
            "panel": view.panel,
        }
    )
    areas = []
    for code in view.selection:
        try:
            areas.append(workshop.area_of(ds, code))
        except (KeyError, IndexError, ValueError):
            continue  # a boundary gone from the data since the item was saved
    st.session_state[workshop.SELECTION] = areas
    if view.center is not None and view.zoom is not None:
        st.session_state[GOTO] = (view.center, view.zoom)
    st.session_state[CURRENT] = item.id
    st.query_params["agenda"] = str(item.id)


def step(items: list[SavedView], ds: Dataset, delta: int) -> None:
    """Go to the next (1) or previous (-1) item."""
    ids = [i.id for i in items]
    current = st.session_state.get(CURRENT)
    index = ids.index(current) + delta if current in ids else (0 if delta > 0 else len(ids) - 1)
    if 0 <= index < len(items):
        apply(items[index], ds)


def navigator(items: list[SavedView], ds: Dataset, lang: str, *, large: bool = False) -> None:
    """Previous / "2 of 5: title" / next: the workshop's agenda, as buttons."""
    if not items:
        return
    ids = [i.id for i in items]
    current = st.session_state.get(CURRENT)
    index = ids.index(current) if current in ids else None
    back, label, forward = st.columns([1.3, 4, 1.3], vertical_alignment="center")
    back.button(
        t("agenda.previous", lang),
        key=f"agenda_back_{large}",
        disabled=index == 0,
        on_click=step,
        args=(items, ds, -1),
        use_container_width=True,
    )
    if index is None:
        label.markdown(t("agenda.start", lang, n=len(items)))
    else:
        item = items[index]
        label.markdown(
            f"**{t('agenda.position', lang, n=index + 1, total=len(items))}** · {plain(item.title)}"
        )
    forward.button(
        t("agenda.next", lang),
        key=f"agenda_next_{large}",
        disabled=index == len(items) - 1,
        on_click=step,
        args=(items, ds, 1),
        use_container_width=True,
    )


def _message(exc: AfsprakenkaartError, lang: str) -> str:
    """Why an agenda change was refused, in the page's language."""
    if isinstance(exc, ViewError):
        return t(f"agenda.error.{exc.reason}", lang, **exc.values)
    return plain(exc)


def _change(change: Callable[[], None], lang: str) -> None:
    """A move or removal (a button's callback); a refusal shows above the list."""
    try:
        change()
    except AfsprakenkaartError as exc:
        st.session_state["_agenda_error"] = _message(exc, lang)


def sidebar(
    book: Agenda,
    items: list[SavedView],
    ds: Dataset,
    actor: Actor,
    year: int,
    layers: list[str],
    lang: str,
) -> None:
    """The agenda in the sidebar: step through it (everyone), save and arrange it
    (the facilitator)."""
    facilitator = actor.role == "facilitator"
    if not items and not facilitator:
        return
    with st.expander(t("agenda.title", lang, n=len(items)), expanded=bool(items)):
        navigator(items, ds, lang)
        error = st.session_state.pop("_agenda_error", None)
        if error:
            st.error(error)
        if facilitator and items:
            # What the arrow buttons do, on the page (not in a hover-only tooltip).
            st.caption(t("agenda.arrange", lang))
        for item in items:
            st.button(
                f"{item.position}. {plain(item.title)}",
                key=f"agenda_go_{item.id}",
                on_click=apply,
                args=(item, ds),
                type="tertiary",
            )
            if facilitator:
                up, down, remove = st.columns(3, gap="small")
                # Shown as ↑ ↓ ✕, named in words (ui.style.SYMBOL_BUTTONS).
                name = plain(item.title)
                up.button(
                    t("agenda.up", lang, title=name), key=f"agenda_up_{item.id}",
                    on_click=_change, args=(partial(book.move, item.id, -1, actor), lang),
                    use_container_width=True,
                )  # fmt: skip
                down.button(
                    t("agenda.down", lang, title=name), key=f"agenda_down_{item.id}",
                    on_click=_change, args=(partial(book.move, item.id, 1, actor), lang),
                    use_container_width=True,
                )  # fmt: skip
                remove.button(
                    t("agenda.remove", lang, title=name), key=f"agenda_remove_{item.id}",
                    on_click=_change, args=(partial(book.remove, item.id, actor), lang),
                    use_container_width=True,
                )  # fmt: skip
        if facilitator:
            _save_form(book, ds, actor, year, layers, lang)


def _save_form(
    book: Agenda, ds: Dataset, actor: Actor, year: int, layers: list[str], lang: str
) -> None:
    with st.form("agenda_save", clear_on_submit=True, border=False):
        title = st.text_input(t("agenda.new_title", lang), max_chars=TITLE_MAX)
        theme = st.selectbox(
            t("agenda.theme", lang),
            [None, *THEMES],
            format_func=lambda v: (
                t("agenda.no_theme", lang) if v is None else t(f"theme.{v}", lang)
            ),
        )
        saved = st.form_submit_button(t("agenda.save", lang), icon=":material/bookmark_add:")
    st.caption(t("agenda.save_help", lang))
    if saved:
        try:
            new_id = book.add(title, current_view(ds, year, layers, theme), actor)
        except AfsprakenkaartError as exc:
            st.error(_message(exc, lang))
            return
        st.session_state[CURRENT] = new_id
        st.query_params["agenda"] = str(new_id)
        st.rerun()
