"""Spreadsheet-like files (CSV and XLSX) as rows of cells, each with its place.

Places read the way a spreadsheet shows them: CSV "line N" (header = line 1, blank
lines and multi-line cells counted), XLSX "sheet NAME, row N". CSV may be UTF-8
(with or without BOM) or Windows-1252, separated by ';' (Dutch Excel) or ','.
Formulas in a workbook are read as their text and never run.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from geo.errors import Problem

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
# Spreadsheets run cells starting with these as formulas. CSV exports prefix such
# text with an apostrophe (OWASP's advice against CSV injection); reading removes
# exactly that prefix again, so an exported file can be edited and re-imported.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | bool | datetime | date | time | None


def spreadsheet_safe(value: object) -> object:
    """Text a spreadsheet would run as a formula, with the apostrophe that stops it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Place:
    """Where a row sits in the file, in the words the spreadsheet uses."""

    sheet: str | None  # None for CSV (and geo files)
    number: int  # CSV line (header = 1), Excel row number, or feature number
    unit: str = "line"  # "feature" for the attributes of a geo file

    def __str__(self) -> str:
        if self.unit == "file":  # the attribute names of a geo file: no row of their own
            return "file"
        if self.sheet is None:
            return f"{self.unit} {self.number}"
        return f"sheet {self.sheet}, row {self.number}"

    @property
    def short(self) -> str:
        return f"{self.unit} {self.number}" if self.sheet is None else f"row {self.number}"


@dataclass(frozen=True)
class Table:
    """A file's cells before validation: header names and the rows below them."""

    header_place: Place
    header: list[str | None]  # normalised names; None for a blank header cell
    rows: list[tuple[Place, list[Cell]]]


def _normalise_header(value: Cell) -> str | None:
    text = cell_text(value)
    if text is None:
        return None
    # "Area code", " AREA-CODE " and "area_code" all name the same column.
    return "_".join(text.lower().replace("-", " ").split())


def cell_text(value: Cell) -> str | None:
    """A cell as trimmed text (None when empty). Numbers keep their spreadsheet look."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date | time):
        value = value.isoformat()
    text = str(value).strip()
    return text or None


def _unescape(text: str | None) -> str | None:
    """Undo the CSV export's apostrophe in front of formula-like text."""
    if text and len(text) > 1 and text[0] == "'" and text[1].startswith(FORMULA_STARTS):
        return text[1:]
    return text


# -- reading CSV and XLSX ---------------------------------------------------------------


def _sniff_separator(header_line: str) -> str:
    # Dutch spreadsheets save with ';' because ',' is their decimal separator.
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _read_csv(path: Path, raw: bytes) -> tuple[Table | None, list[Problem]]:
    name = str(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            return None, [
                Problem(name, "file", "", "is not text: save it as CSV (UTF-8) or as .xlsx")
            ]
    first = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_separator(first))
    header: tuple[Place, list[str]] | None = None
    rows: list[tuple[Place, list[str]]] = []
    start = 1
    try:
        for record in reader:
            # line_num counts physical lines, so a cell spanning lines keeps the count.
            place, start = Place(None, start), reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = (place, list(record))
            else:
                rows.append((place, list(record)))
    except csv.Error as exc:
        return None, [Problem(name, f"line {start}", "", f"cannot be read as CSV: {exc}")]
    if header is None:
        return None, []
    problems = []
    width = len(header[1])
    for place, cells in rows:
        extra = [c for c in cells[width:] if c.strip()]
        if extra:
            problems.append(
                Problem(
                    name,
                    str(place),
                    "",
                    f"has {len(cells)} cells where the header has {width}: put quotes "
                    "around a text that contains the separator",
                )
            )
        # Missing trailing cells are empty cells (some editors drop them).
        cells[:] = (cells + [""] * width)[:width]
    table = Table(
        header[0],
        [_normalise_header(h) for h in header[1]],
        [(p, [_unescape(cell_text(c)) for c in cells]) for p, cells in rows],
    )
    return table, problems


def _read_xlsx(path: Path) -> tuple[Table | None, list[Problem]]:
    """The first sheet of a workbook; formulas are read as their text, never run."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    name = str(path)
    try:
        workbook = load_workbook(path, read_only=False, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None, [Problem(name, "file", "", f"cannot be read as an Excel workbook: {reason}")]
    try:
        sheet = workbook.worksheets[0]
        header: tuple[Place, list[Cell]] | None = None
        rows: list[tuple[Place, list[Cell]]] = []
        for number, values in enumerate(
            sheet.iter_rows(
                min_row=1,
                max_row=sheet.max_row,
                min_col=1,
                max_col=sheet.max_column,
                values_only=True,
            ),
            start=1,
        ):
            cells: list[Cell] = [_cell(v) for v in values]
            if all(cell_text(c) is None for c in cells):
                continue
            place = Place(sheet.title, number)
            if header is None:
                header = (place, cells)
            else:
                rows.append((place, [_unescape(cell_text(c)) for c in cells]))
    finally:
        workbook.close()
    if header is None:
        return None, []
    return Table(header[0], [_normalise_header(h) for h in header[1]], rows), []


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | bool | datetime | date | time):
        return value
    # Array formulas and the like: keep their text (a formula is never evaluated).
    return str(getattr(value, "text", value))


def read_table(path: Path, columns: Sequence[str]) -> tuple[Table | None, bytes, list[Problem]]:
    """The file's header and rows, or the problems that stop it being read."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        return (
            None,
            b"",
            [
                Problem(
                    name,
                    "file",
                    "",
                    f"{suffix or 'no extension'}: give a .csv or .xlsx file (an "
                    "old .xls workbook: save it as .xlsx)",
                )
            ],
        )
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, b"", [Problem(name, "file", "", "does not exist")]
    except OSError as exc:
        return None, b"", [Problem(name, "file", "", f"cannot be read: {exc.strerror or exc}")]
    if suffix in CSV_SUFFIXES:
        table, problems = _read_csv(path, raw)
    else:
        table, problems = _read_xlsx(path)
    if table is None and not problems:
        expected = ", ".join(columns)
        problems = [Problem(name, "file", "", f"is empty: expected a header with {expected}")]
    return table, raw, problems


def table_of_features(frame: object) -> Table:
    """A geo file's attribute table as a Table whose places are its features."""
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    header = [str(c) for c in frame.columns]
    rows = [
        (Place(None, i + 1, "feature"), [None if pd.isna(v) else v for v in values])
        for i, values in enumerate(frame.itertuples(index=False, name=None))
    ]
    return Table(Place(None, 0, "file"), [_normalise_header(h) for h in header], rows)
