"""Afsprakenkaart: `streamlit run app.py`. Page set-up and navigation only."""

import streamlit as st

from ui import pages

st.set_page_config(page_title="Afsprakenkaart", page_icon="🗺️", layout="wide")
st.navigation(pages.ALL, position="hidden").run()
