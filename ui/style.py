"""What every page shares in the browser: the page's language and readable captions.

Run first on every page (ui.pages wraps each page's render function).
"""

from __future__ import annotations

import json

import streamlit as st

# Streamlit fades captions (opacity 0.6: #7f7e7d on the sidebar's #f8f8f7, 3.8:1;
# #828180 on white, 3.9:1), below the 4.5:1 that WCAG 2.2 (1.4.3) asks of text.
# This grey still reads as secondary and has 6.4:1 on white, 6.0:1 on the sidebar.
# Chromium puts a scrolling box without focusable children in the Tab order; Streamlit's
# main area is one, and shows nothing when it has the focus: give it a visible ring.
CSS = """
<style>
div[data-testid="stCaptionContainer"] { color: #5f5e5c; opacity: 1; }
[data-testid="stMain"]:focus-visible { outline: 3px solid #1f5f8b;
  outline-offset: -3px; }
</style>
"""


def apply(lang: str) -> None:
    """The shared styles, and `lang` on the page's <html>: Streamlit's page says
    lang="en" whatever the text is, and a screen reader would read Dutch as English
    (WCAG 3.1.1). Set by a script: Streamlit has no option for it."""
    st.html(CSS)
    st.html(
        f"<script>document.documentElement.lang = {json.dumps(lang)};</script>",
        unsafe_allow_javascript=True,
    )
