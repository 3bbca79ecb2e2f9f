"""The app's pages, made once, so pages can link to each other."""

from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

from geo.i18n import t
from ui import (
    compare_page,
    data_page,
    map_page,
    monitoring_page,
    neighbourhood_page,
    session,
    style,
    summary_page,
)


def _styled(render: Callable[[], None]) -> Callable[[], None]:
    """`render` after what every page shares (ui.style: language, readable captions)."""

    @functools.wraps(render)
    def page() -> None:
        style.apply(session.language())
        render()

    return page


MAP = st.Page(_styled(map_page.render), title="Kaart", url_path="kaart", default=True)
SUMMARY = st.Page(_styled(summary_page.render), title="Verslag", url_path="verslag")
DATA = st.Page(_styled(data_page.render), title="Gegevens", url_path="gegevens")
MONITORING = st.Page(_styled(monitoring_page.render), title="Monitoring", url_path="monitoring")
BUURT = st.Page(_styled(neighbourhood_page.render), title="Buurt", url_path="buurt")
COMPARE = st.Page(_styled(compare_page.render), title=t("compare.title"), url_path="vergelijken")
ALL = [MAP, SUMMARY, DATA, MONITORING, BUURT, COMPARE]
