"""The map's colours and symbols, shared by the web map (layers/) and print (geo.printing).

They live in geo/ because dependencies point ui -> layers -> geo: a printed map
must look like the web map without geo importing layers.
"""

from __future__ import annotations

import pandas as pd

# Okabe-Ito, then Paul Tol's "muted": both chosen to stay distinguishable with the
# common forms of colour blindness; 16 corporations before a colour repeats.
CORPORATION_COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#000000",
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
)
MEASURE_LETTERS = {
    "verduurzaming": "V",
    "renovatie": "R",
    "sloop": "S",
    "nieuwbouw": "N",
    "verkoop": "€",
}
SENSITIVE_MEASURES = ("sloop", "verkoop")  # address-level only for parties and facilitator

# ColorBrewer YlGn, dark = soonest. Sequential, colour-blind safe, and unlike the
# corporation and attention colours.
YLGN = {  # ColorBrewer YlGn per number of classes
    3: ("#31a354", "#addd8e", "#f7fcb9"),
    4: ("#238443", "#78c679", "#c2e699", "#ffffcc"),
    5: ("#006837", "#31a354", "#78c679", "#c2e699", "#ffffcc"),
    6: ("#006837", "#31a354", "#78c679", "#addd8e", "#d9f0a3", "#ffffcc"),
    7: ("#005a32", "#238443", "#41ab5d", "#78c679", "#addd8e", "#d9f0a3", "#ffffcc"),
}
CURRENT_BORDER = "#1a1a1a"  # the heat-transition period running in the chosen year

ATTENTION_COLOUR = "#B2182B"  # liveability attention areas: hatched and outlined

# Holiday parks: shape and colour both differ per vitality class.
PARK_SYMBOLS = {
    "vitaal": ("circle", "#009E73"),
    "kansrijk": ("square", "#0072B2"),
    "niet-vitaal": ("triangle", "#D55E00"),
    "transformatie": ("diamond", "#CC79A7"),
}
PARK_UNKNOWN = ("pentagon", "#777777")  # parks imported from OpenStreetMap: not yet assessed


def corporation_colours(homes: pd.DataFrame) -> dict[str, str]:
    """A stable colour per corporation: largest stock first, then by name."""
    counts = homes["corporation"].value_counts()
    order = sorted(counts.index, key=lambda c: (-counts[c], str(c)))
    return {str(c): CORPORATION_COLOURS[i % len(CORPORATION_COLOURS)] for i, c in enumerate(order)}


def period_label(start: int, end: int) -> str:
    """A heat-transition period as the legend writes it: 2026–2030."""
    return f"{start}–{end}"


def period_colours(areas: pd.DataFrame) -> dict[str, str]:
    """A colour per period label of `areas` (columns period_start, period_end): soonest
    darkest; more than seven periods share the palest colour."""
    ordered = areas.sort_values(["period_start", "period_end"])
    labels = [
        period_label(int(s), int(e))
        for s, e in zip(ordered["period_start"], ordered["period_end"], strict=True)
    ]
    order = list(dict.fromkeys(labels))
    palette = YLGN[min(max(len(order), 3), 7)]
    return {p: palette[min(i, len(palette) - 1)] for i, p in enumerate(order)}


def park_vitality(value: object) -> str:
    """The vitality code of a park, or "unknown" for a missing or unexpected one."""
    return value if isinstance(value, str) and value in PARK_SYMBOLS else "unknown"
