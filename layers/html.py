"""Small HTML builders for popups, tooltips, labels and legends.

Every value from data goes through `esc` here, so a buurt named
`<img src=x onerror=alert(1)>` is shown as text wherever it appears.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from geo.i18n import t

Row = tuple[str, object]


def esc(value: object) -> str:
    """HTML-escape any value; missing values become an empty string."""
    if value is None:
        return ""
    try:
        if value != value:  # NaN / pd.NA compare unequal to themselves
            return ""
    except TypeError:  # pd.NA raises on bool()
        return ""
    return html.escape(str(value), quote=True)


def popup_html(title: object, rows: Iterable[Row], *, lang: str, demo: bool) -> str:
    """A popup: escaped title, a two-column table of escaped values, a demo mark."""
    body = "".join(
        f"<tr><th scope='row'>{esc(label)}</th><td>{esc(value)}</td></tr>" for label, value in rows
    )
    mark = f"<div class='afk-demo-tag'>{esc(t('demo.mark', lang))}</div>" if demo else ""
    return f"<div class='afk-popup'><h2>{esc(title)}</h2><table>{body}</table>{mark}</div>"


SHAPES = {
    "circle": "<circle cx='12' cy='12' r='9'/>",
    "square": "<rect x='4' y='4' width='16' height='16'/>",
    "triangle": "<polygon points='12,2.5 22,20.5 2,20.5'/>",
    "diamond": "<polygon points='12,1.5 22.5,12 12,22.5 1.5,12'/>",
    "pentagon": "<polygon points='12,2 22,9.5 18,21.5 6,21.5 2,9.5'/>",
}


def symbol_svg(
    shape: str, colour: str, *, size: int = 22, letter: str = "", filled: bool = True
) -> str:
    """An SVG marker symbol (trusted: built from our own constants only)."""
    fill = colour if filled else "#ffffff"
    text_colour = "#ffffff" if filled else colour
    text = (
        f"<text x='12' y='16.5' text-anchor='middle' font-size='13' font-weight='700' "
        f"fill='{text_colour}' font-family='sans-serif'>{esc(letter)}</text>"
        if letter
        else ""
    )
    return (
        f"<svg class='afk-symbol' width='{size}' height='{size}' viewBox='0 0 24 24' "
        f"aria-hidden='true'><g fill='{fill}' stroke='{colour}' stroke-width='2.5'>"
        f"{SHAPES[shape]}</g>{text}</svg>"
    )


def swatch(fill: str, *, border: str = "#333333", pattern: str = "", opacity: float = 1.0) -> str:
    """A legend swatch for an area style (fill colour or hatch pattern)."""
    background = fill
    if pattern == "hatch":
        background = f"repeating-linear-gradient(45deg, {fill} 0 3px, transparent 3px 8px)"
    return (
        f"<span class='afk-swatch' style='background:{background};opacity:{opacity};"
        f"border-color:{border}'></span>"
    )


def legend_html(title: str, sections: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> str:
    """A legend box: escaped titles and labels, trusted symbol HTML."""
    parts = [f"<summary class='afk-legend-title'>{esc(title)}</summary>"]
    for heading, entries in sections:
        if heading:
            parts.append(f"<div class='afk-legend-heading'>{esc(heading)}</div>")
        for symbol, label in entries:
            parts.append(f"<div class='afk-legend-row'>{symbol}<span>{esc(label)}</span></div>")
    return "".join(parts)
