"""What the printed outputs share: paper sizes, fonts, sources, the date line, and the
rules for putting data text on paper.

Data text (buurt and party names, notes, reasons, visions) is printed literally:
- in reportlab Paragraph markup through `markup` (xml.sax.saxutils.escape), so a name
  like "<b>&amp;" shows as those characters and cannot open a tag;
- in matplotlib with mathtext off (`MPL_RC`: text.parse_math False, no TeX), so
  "$x$" is not typeset as a formula.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import matplotlib
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from geo.dataset import Dataset
from geo.i18n import t
from geo.printing.options import PAPER_SIZES, PaperSize

__all__ = ["PAPER_SIZES", "PaperSize"]  # re-exported for the drawing modules

matplotlib.use("Agg")  # no display on a server; set before anything draws

LOCAL = ZoneInfo("Europe/Amsterdam")
MM = 72 / 25.4  # points per millimetre

# ISO 216 in millimetres, portrait (width, height).
PAPER_MM: dict[PaperSize, tuple[float, float]] = {"a4": (210.0, 297.0), "a3": (297.0, 420.0)}

# DejaVu Sans ships with matplotlib: it has € and every Dutch diacritic, and using the
# same file in reportlab and matplotlib keeps both outputs alike and independent of the
# fonts a server happens to have.
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FILES = {
    "regular": FONT_DIR / "DejaVuSans.ttf",
    "bold": FONT_DIR / "DejaVuSans-Bold.ttf",
    "italic": FONT_DIR / "DejaVuSans-Oblique.ttf",
    "bold_italic": FONT_DIR / "DejaVuSans-BoldOblique.ttf",
}
FONT_FAMILY = "DejaVu Sans"

# matplotlib settings for every printed figure. pdf.fonttype 42 embeds TrueType (the
# text stays searchable and extractable); mathtext and TeX are off so "$" in a name
# is a dollar sign.
MPL_RC: dict[Any, Any] = {
    "text.usetex": False,
    "text.parse_math": False,
    "pdf.fonttype": 42,
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_FAMILY],
    "hatch.linewidth": 1.2,
    "svg.fonttype": "none",
}
# rcParams are process-wide: drawings made from several Streamlit threads at once take
# turns, so one drawing's settings never leak into another's.
DRAW_LOCK = threading.RLock()

TEXT = "#1a1a1a"
MUTED = "#555555"
DEMO_RED = "#8b1a1a"

BOUNDARY_BUURT = "#b4b4b4"
BOUNDARY_WIJK = "#7a7a7a"
BOUNDARY_GEMEENTE = "#3c3c3c"


class _Canvas(FigureCanvasAgg):
    """An Agg canvas that draws only when saved: geopandas asks for a redraw after
    every layer (draw_idle), which on a figure without a window is wasted work."""

    def draw_idle(self, *args: object, **kwargs: object) -> None:
        """Nothing: the figure is drawn once, by savefig."""


def new_figure(width_pt: float, height_pt: float, dpi: float = 100) -> Figure:
    """A figure of width x height points on an Agg canvas (no display, no pyplot: safe
    in Streamlit's threads, and nothing is left open in pyplot's registry)."""
    fig = Figure(figsize=(width_pt / 72, height_pt / 72), dpi=dpi)
    _Canvas(fig)
    return fig


def paper_points(size: PaperSize, *, landscape: bool) -> tuple[float, float]:
    """(width, height) of a sheet in PostScript points."""
    w, h = PAPER_MM[size]
    if landscape:
        w, h = h, w
    return w * MM, h * MM


def markup(value: object) -> str:
    """Data text for reportlab Paragraph markup: escaped, so it prints as written."""
    return escape(plain(value))


def plain(value: object) -> str:
    """A value as text; missing values (None, NaN, NA) as an empty string."""
    if value is None:
        return ""
    try:
        if pd.isna(value):  # type: ignore[call-overload]
            return ""
    except (TypeError, ValueError):  # lists and the like: not a missing scalar
        pass
    return str(value)


def stamp(generated: datetime | None) -> str:
    """The date and time a print was made, Dutch local time (dd-mm-yyyy hh:mm)."""
    when = generated or datetime.now(LOCAL)
    if when.tzinfo is None:
        when = when.replace(tzinfo=LOCAL)
    return when.astimezone(LOCAL).strftime("%d-%m-%Y %H:%M")


@dataclass(frozen=True)
class SourceLine:
    """Tables that share a source, date and licence, and that source."""

    tables: tuple[str, ...]
    source: str
    date: str
    licence: str

    def text(self, lang: str) -> str:
        names = ", ".join(table_name(n, lang) for n in self.tables)
        date = f" ({self.date})" if self.date else ""
        licence = f", {self.licence}" if self.licence else ""
        return f"{names}: {self.source}{date}{licence}"


TABLE_ORDER = (
    "buurten",
    "wijken",
    "corporation_homes",
    "heat_phasing",
    "attention_areas",
    "holiday_parks",
    "private_homes",
    "yearly_figures",
)


def table_name(table: str, lang: str) -> str:
    """A table's name for a reader (the boundaries have print-only names)."""
    key = f"print.table.{table}" if table in ("buurten", "wijken") else f"table.{table}"
    try:
        return t(key, lang)
    except KeyError:
        return table


def source_lines(dataset: Dataset, tables: tuple[str, ...] = TABLE_ORDER) -> list[SourceLine]:
    """Source, date and licence of every table of `tables` the data directory has
    (from its manifest), tables with the same provenance on one line."""
    manifest = dataset.manifest
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for name in tables:
        prov = manifest.tables.get(name)
        if prov is None or name not in dataset.files:
            continue
        grouped.setdefault((prov.source, prov.date, prov.licence), []).append(name)
    return [SourceLine(tuple(names), *key) for key, names in grouped.items()]


def agreements_line(lang: str, when: str, *, from_store: bool) -> str:
    """Where the printed agreements come from: the store (as of now) or the seed file."""
    if from_store:
        return t("print.agreements.store", lang, when=when)
    return t("print.agreements.seed", lang)
