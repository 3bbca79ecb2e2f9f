"""The choices a print offers (light: no drawing library is imported here, so the
command line's parser can name them without loading matplotlib or reportlab)."""

from __future__ import annotations

from typing import Literal

PaperSize = Literal["a4", "a3"]
PAPER_SIZES: tuple[PaperSize, ...] = ("a4", "a3")

# The layers a print can show, with the ids of the web map's registry (layers/registry.py),
# bottom to top. Meeliften is an analysis with its own tables, not a print layer.
PRINT_LAYERS = ("heat_phasing", "attention_areas", "holiday_parks", "corporation_housing")
