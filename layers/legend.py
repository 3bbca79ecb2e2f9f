"""Legends as our own HTML (branca's colormap would pull d3 from a CDN)."""

from __future__ import annotations

from layers.base import Legend
from layers.elements import InlineScript, js_json
from layers.html import legend_html


def legend_element(legend: Legend) -> InlineScript:
    """The legend control, shown while its layer group is on the map."""
    html = legend_html(
        legend.title,
        [(s.heading, [(e.symbol_html, e.label) for e in s.entries]) for s in legend.sections],
    )
    return InlineScript(f"afk.boundLegend(parent, {js_json(html)});")
