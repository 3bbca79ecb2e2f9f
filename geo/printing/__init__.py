"""Printable output: the buurt fact sheet and the workshop map as one-page PDFs.

For the UI and the command line: `factsheet_pdf(...)` and `workshop_map_pdf(...)`
return the PDF as bytes. No streamlit, no folium: maps are drawn with matplotlib on
the CBS boundaries (no tiles), the fact sheet is laid out with reportlab.

The drawing modules are imported when first used (`from geo.printing import
factsheet_pdf` works as usual), so `python -m geo` starts without matplotlib and
reportlab unless it prints.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from geo.printing.options import PAPER_SIZES, PRINT_LAYERS, PaperSize

if TYPE_CHECKING:
    from geo.printing.factsheet import UnknownBuurt, factsheet_pdf
    from geo.printing.workshop_map import workshop_map_pdf

_LAZY = {
    "UnknownBuurt": "geo.printing.factsheet",
    "factsheet_pdf": "geo.printing.factsheet",
    "workshop_map_pdf": "geo.printing.workshop_map",
}

__all__ = [
    "PAPER_SIZES",
    "PRINT_LAYERS",
    "PaperSize",
    "UnknownBuurt",
    "factsheet_pdf",
    "workshop_map_pdf",
]


def __getattr__(name: str) -> Any:
    """The public functions, imported from their module on first use."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'geo.printing' has no attribute {name!r}")
