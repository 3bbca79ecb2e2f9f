"""Meeliften results as JSON, CSV and XLSX: the same numbers the app shows.

Every spreadsheet cell that a spreadsheet would run as a formula (a street name
starting with "=") gets an apostrophe in front (geo.tabular.spreadsheet_safe).
"""

from __future__ import annotations

import io
import math
from typing import Any, Literal

import pandas as pd

from geo.meeliften import LABEL_COLUMNS, Result
from geo.tabular import spreadsheet_safe

Level = Literal["projects", "streets", "buurten", "candidates"]
LEVELS: tuple[Level, ...] = ("projects", "streets", "buurten", "candidates")


def level_frame(result: Result, level: Level) -> pd.DataFrame:
    """One level of the result as a plain table (candidates without geometry)."""
    if level == "candidates":
        return pd.DataFrame(result.candidates.drop(columns="geometry"))
    return getattr(result, level)


def _plain(value: object) -> Any:
    """A JSON value: numpy scalars as Python numbers, NA/NaN as null."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return _plain(value.item())
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {str(k): _plain(v) for k, v in row.items()}
        for row in frame.astype(object).to_dict("records")
    ]


def to_json(result: Result, *, facilitator: bool = True) -> dict[str, Any]:
    """{"parameters", "total_candidates", "projects", "streets", "buurten"} (DESIGN.md),
    plus "labels": the label columns in order, best to worst, then homes without one.
    For a viewer (`facilitator` False) a total of 1-4 is null."""
    return {
        "parameters": result.parameters.model_dump(),
        "total_candidates": result.total_for(facilitator=facilitator),
        "labels": list(LABEL_COLUMNS),
        "projects": _records(result.projects),
        "streets": _records(result.streets),
        "buurten": _records(result.buurten),
    }


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    text = frame.select_dtypes(include=["object", "string"]).columns
    return frame.assign(**{c: frame[c].map(spreadsheet_safe) for c in text})


def to_csv(frame: pd.DataFrame) -> bytes:
    """Comma-separated UTF-8 with BOM (Excel reads the accents right)."""
    return _safe(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


SHEETS: dict[Level, str] = {
    "streets": "Straten",
    "buurten": "Buurten",
    "projects": "Projecten",
    "candidates": "Adressen",
}


def to_xlsx(result: Result, *, addresses: bool) -> bytes:
    """A workbook with a sheet per level; the address sheet only when `addresses`."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for level, sheet in SHEETS.items():
            if level == "candidates" and not addresses:
                continue
            _safe(level_frame(result, level)).to_excel(writer, sheet_name=sheet, index=False)
        pd.DataFrame(
            {
                "parameter": list(result.parameters.model_dump()),
                "value": [str(v) for v in result.parameters.model_dump().values()],
            }
        ).to_excel(writer, sheet_name="Parameters", index=False)
    return buffer.getvalue()
