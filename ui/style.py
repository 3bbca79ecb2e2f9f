"""What every page shares in the browser: the page's language and readable captions.

Run first on every page (ui.pages wraps each page's render function).
"""

from __future__ import annotations

import json

import streamlit as st

# Small buttons that show a symbol are named in words (by the key's prefix): a screen
# reader read a bare "✕" as "multiplication x", with nothing to say which item it
# removes. The words stay in the button, hidden from sight only; the symbol is generated
# content with empty alt text (`/ ""`), so it is not read twice.
SYMBOL_BUTTONS = {
    "agenda_back_": "◀",
    "agenda_next_": "▶",
    "agenda_up_": "↑",
    "agenda_down_": "↓",
    "agenda_remove_": "✕",
    "rm_": "✕",
}
_SYMBOLS = "\n".join(
    f'[class*="st-key-{prefix}"] button > div {{'
    " position: absolute; width: 1px; height: 1px; overflow: hidden;"
    " clip-path: inset(50%); white-space: nowrap; }\n"
    f'[class*="st-key-{prefix}"] button::before {{ content: "{symbol}" / ""; }}'
    for prefix, symbol in SYMBOL_BUTTONS.items()
)
# Streamlit fades captions (opacity 0.6: #7f7e7d on the sidebar's #f8f8f7, 3.8:1;
# #828180 on white, 3.9:1), below the 4.5:1 that WCAG 2.2 (1.4.3) asks of text.
# This grey still reads as secondary and has 6.4:1 on white, 6.0:1 on the sidebar.
# Chromium puts a scrolling box without focusable children in the Tab order; Streamlit's
# main area is one, and shows nothing when it has the focus: give it a visible ring.
CSS = f"""
<style>
div[data-testid="stCaptionContainer"] {{ color: #5f5e5c; opacity: 1; }}
[data-testid="stMain"]:focus-visible {{ outline: 3px solid #1f5f8b;
  outline-offset: -3px; }}
{_SYMBOLS}
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
