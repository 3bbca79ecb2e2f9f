"""Controls and state shared by the pages that show the map (the map page and the
comparison of two years): link parameters, the layer switches, the language switch,
and the agreement store's state as the signed-in user may see it.
"""

from __future__ import annotations

import streamlit as st

from geo.config import Settings
from geo.dataset import Dataset
from geo.errors import AfsprakenkaartError
from geo.i18n import LANGUAGES, t
from layers.base import MapContext
from layers.registry import DEFAULT_LAYER_IDS, LAYER_IDS, LAYERS_BY_ID
from ui import session
from ui import store as agreement_store
from ui.text import plain


def sync_to_url(key: str, value: str | None, default: str | None = None) -> None:
    """Write `value` to the link as `key` (removed when empty or the default).

    Not `bind="query-params"`: bound controls write their display label to the URL
    (a buurt name, a translated word); a link should carry the stable code."""
    if value and value != default:
        st.query_params[key] = value
    elif key in st.query_params:
        del st.query_params[key]


def layer_pills(settings: Settings, ds: Dataset, year: int, lang: str) -> list[str]:
    """The layer switches (ids of the registered layers, default ones on), bound to the
    link's `layers` like the map page's."""
    ctx = MapContext(ds, settings, year, lang)
    active = st.pills(
        t("app.layers", lang),
        list(LAYER_IDS),
        key="layers",
        selection_mode="multi",
        default=list(DEFAULT_LAYER_IDS),
        format_func=lambda i: LAYERS_BY_ID[i].title(ctx),
        bind="query-params",
    )
    return list(active or [])


def language_switch(lang: str, *, label: bool = True) -> str:
    """NL / EN, carried in the link as `lang` (left out for Dutch); returns the choice."""
    # Each page makes its own control under the shared key; coming from another page,
    # that page's control state is stale here and would leave this one unset.
    st.session_state["lang"] = lang
    chosen = st.segmented_control(
        t("app.language", lang),
        list(LANGUAGES),
        key="lang",
        required=True,
        format_func=str.upper,
        label_visibility="visible" if label else "collapsed",
    )
    sync_to_url("lang", chosen, default="nl")
    return str(chosen or lang)


def visible_context(settings: Settings, ds: Dataset, year: int, lang: str) -> MapContext | None:
    """What the layers draw for `year`: the agreement store's current state as the
    signed-in user may read it (viewers: decided and published only). None after
    showing why the store cannot be read."""
    try:
        store = agreement_store.store(settings, ds)
    except AfsprakenkaartError as exc:
        st.error(t("app.store_error", lang) + "\n\n" + plain(exc))
        return None
    actor = session.actor()
    agreed = agreement_store.agreements(settings, ds, store).for_actor(actor)
    return MapContext(
        dataset=ds,
        settings=settings,
        year=year,
        lang=lang,
        agreements=agreed.states,
        viewer=actor.role == "viewer",
        facilitator=actor.role == "facilitator",
    )
