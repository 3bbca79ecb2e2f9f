"""Showing data text in Streamlit as text, never as Markdown or HTML."""

from __future__ import annotations

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def plain(value: object) -> str:
    """Backslash-escape Markdown so a data value shows exactly as typed."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", "" if value is None else str(value))
