"""Who is signed in. The Actor lives in the server-side session state only."""

from __future__ import annotations

import streamlit as st

from geo.access import DEMO_CODES, AccessError, active_access, sign_in
from geo.agreements import VIEWER, Actor
from geo.config import Settings
from geo.i18n import LANGUAGES, t
from ui.text import plain

ACTOR = "_actor"  # underscore: never bound to a widget or the URL


def language() -> str:
    """The language of this session: from the link on its first run (nl, en, NL, EN)."""
    if "lang" not in st.session_state:
        wanted = str(st.query_params.get("lang", "nl")).lower()
        st.session_state["lang"] = wanted if wanted in LANGUAGES else "nl"
    return str(st.session_state["lang"] or "nl")


def actor() -> Actor:
    """The signed-in role of this browser session (a viewer until signed in)."""
    value = st.session_state.get(ACTOR)
    return value if isinstance(value, Actor) else VIEWER


def _sign_out() -> None:
    st.session_state[ACTOR] = VIEWER


def sign_in_box(settings: Settings, lang: str, *, demo: bool) -> Actor:
    """The sign-in (or signed-in) box of the sidebar."""
    current = actor()
    if current.role != "viewer":
        who = (
            t("access.facilitator", lang)
            if current.role == "facilitator"
            else settings.party_name(current.party or "")
        )
        name = f" — {plain(current.name)}" if current.name else ""
        st.success(f"{t('access.signed_in_as', lang)} **{plain(who)}**{name}")
        st.button(t("access.sign_out", lang), on_click=_sign_out, key="sign_out")
        return current

    access = active_access(settings, demo=demo)
    roles = ["facilitator", *(p.id for p in settings.parties)]
    labels = {"facilitator": t("access.facilitator", lang)} | {
        p.id: p.name for p in settings.parties
    }
    with st.expander(t("access.sign_in", lang)):
        st.caption(t("access.viewer_note", lang))
        with st.form("sign_in", clear_on_submit=True, border=False):
            role = st.selectbox(t("access.role", lang), roles, format_func=labels.__getitem__)
            name = st.text_input(t("access.name", lang), max_chars=80)
            code = st.text_input(t("access.code", lang), type="password")
            submitted = st.form_submit_button(t("access.sign_in", lang))
        if demo and settings.access is None:
            st.caption(
                t("access.demo_codes", lang)
                + " "
                + ", ".join(f"`{DEMO_CODES[r]}`" for r in roles if r in DEMO_CODES)
            )
    if submitted:
        try:
            signed = sign_in(
                access,
                "facilitator" if role == "facilitator" else "party",
                code,
                party=None if role == "facilitator" else role,
                name=name,
            )
        except AccessError as exc:
            st.error(t(f"access.error.{exc.reason}", lang, seconds=exc.wait_s))
            return current
        st.session_state[ACTOR] = signed
        st.rerun()
    return current
