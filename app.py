"""Afsprakenkaart: `streamlit run app.py`. Page set-up and navigation only."""

import streamlit as st

from ui import map_page

st.set_page_config(page_title="Afsprakenkaart", page_icon="🗺️", layout="wide")
st.navigation(
    [st.Page(map_page.render, title="Kaart", url_path="kaart", default=True)], position="hidden"
).run()
