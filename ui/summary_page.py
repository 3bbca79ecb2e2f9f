"""The session summary page: the minutes of a workshop day, to read, print or download."""

from __future__ import annotations

import streamlit as st

from geo.errors import AfsprakenkaartError
from geo.i18n import t
from geo.summary import local_today, map_png, session_summary, summary_html
from ui import data, session
from ui import store as agreement_store
from ui.text import plain


@st.cache_data(show_spinner=False, max_entries=16)
def _map(_ds: object, key: tuple[str, int, str, str], _areas: object, lang: str) -> bytes:
    # Keyed on the data directory, the store's newest event and the day: the picture
    # changes only when those do (matplotlib takes ~1 s).
    return map_png(_ds, _areas, lang)  # type: ignore[arg-type]


def render() -> None:
    """Decisions and open proposals of one day, with positions per party and a map."""
    lang = session.language()
    try:
        settings = data.settings()
        ds = data.dataset(settings)
        store = agreement_store.store(settings, ds)
    except AfsprakenkaartError as exc:
        st.error(plain(exc))
        return
    actor = session.actor()
    agreed = agreement_store.agreements(settings, ds, store).for_actor(actor)
    from ui import pages  # here: ui.pages imports this module

    st.page_link(pages.MAP, label=f"← {t('app.title', lang)}")
    day = st.date_input(t("summary.day", lang), value=local_today(), format="DD-MM-YYYY")
    summary = session_summary(agreed.events, agreed.states, day)
    image = _map(
        ds,
        (str(ds.directory), store.head(), day.isoformat(), actor.role),
        summary.areas,
        lang,
    )
    page = summary_html(
        summary,
        settings,
        ds.manifest.municipality_name,
        lang,
        demo=ds.manifest.demo,
        map_image=image,
    )
    st.download_button(
        t("summary.download", lang),
        page.encode("utf-8"),
        file_name=f"verslag-{ds.manifest.municipality_code}-{day.isoformat()}.html",
        mime="text/html",
        type="primary",
    )
    st.caption(t("summary.print_help", lang))
    # The page is built by geo.summary with every text escaped (tests/unit/test_summary.py),
    # shown in its own frame so its print styles do not touch the app's.
    st.iframe(page, height=1400)
