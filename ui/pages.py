"""The app's pages, made once, so pages can link to each other."""

from __future__ import annotations

import streamlit as st

from geo.i18n import t
from ui import (
    compare_page,
    data_page,
    map_page,
    monitoring_page,
    neighbourhood_page,
    summary_page,
)

MAP = st.Page(map_page.render, title="Kaart", url_path="kaart", default=True)
SUMMARY = st.Page(summary_page.render, title="Verslag", url_path="verslag")
DATA = st.Page(data_page.render, title="Gegevens", url_path="gegevens")
MONITORING = st.Page(monitoring_page.render, title="Monitoring", url_path="monitoring")
BUURT = st.Page(neighbourhood_page.render, title="Buurt", url_path="buurt")
COMPARE = st.Page(compare_page.render, title=t("compare.title"), url_path="vergelijken")
ALL = [MAP, SUMMARY, DATA, MONITORING, BUURT, COMPARE]
