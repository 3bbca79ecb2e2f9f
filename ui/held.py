"""Widget values a callback set, held until a run has drawn them.

A callback that sets a widget's key (an agenda item's year and layers, a year button of
the presentation bar) can be undone by a rerun the browser asked for before it had the
new value: the map reports its moved view 250 ms after the move, and that report carries
every widget's value as the browser last knew it. Streamlit takes those values, so the
year went back while the agenda said "2 of 2" (seen in the browser tests). The held
values are put back before the widgets of the next run are made, until a run of the map
page has completed and sent them to the browser.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

HELD = "_held_values"


def hold(values: dict[str, Any]) -> None:
    """Set these session keys now (in a callback) and hold them until `release()`."""
    for key, value in values.items():
        st.session_state[key] = value
    st.session_state[HELD] = {**st.session_state.get(HELD, {}), **values}


def restore() -> None:
    """Put back what a rerun with older widget values undid (before any widget is made)."""
    for key, value in st.session_state.get(HELD, {}).items():
        st.session_state[key] = value


def release() -> None:
    """The run has completed: the browser has the held values, the user may change them."""
    st.session_state.pop(HELD, None)
