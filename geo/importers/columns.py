"""Reading a municipality's own spreadsheet: its column names and words mapped to ours.

Municipal and corporation files name things their own way ("Voorkeursstrategie",
"Niet vitaal", "all electric"). Each importer lists the names it accepts; anything
else is reported with the names that would be right.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from geo.errors import Problem
from geo.tabular import Cell, Table, cell_text


def name_key(text: str) -> str:
    """'Voorkeurs-strategie ' and 'voorkeurs_strategie' are the same name."""
    return re.sub(r"[^0-9a-z+]+", "", text.lower())


@dataclass(frozen=True)
class Columns:
    """Which of our columns sit where in a file."""

    positions: dict[str, int]

    def getter(self, cells: list[Cell]) -> Callable[[str], str | None]:
        def get(name: str) -> str | None:
            i = self.positions.get(name)
            return cell_text(cells[i]) if i is not None and i < len(cells) else None

        return get


def map_columns(
    table: Table,
    file: str,
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
) -> tuple[Columns, list[Problem]]:
    """Find our columns by any of their accepted names; report the missing ones."""
    lookup = {name_key(alias): ours for ours, names in aliases.items() for alias in (ours, *names)}
    positions: dict[str, int] = {}
    problems = []
    where = str(table.header_place)
    for i, raw in enumerate(table.header):
        if raw is None:
            continue
        ours = lookup.get(name_key(raw))
        if ours is None:
            continue  # extra columns of their own are fine: they are left out
        if ours in positions:
            problems.append(Problem(file, where, raw, f"names the {ours} column a second time"))
        else:
            positions[ours] = i
    for ours in required:
        if ours not in positions:
            names = ", ".join((ours, *aliases.get(ours, ())))
            problems.append(
                Problem(file, where, ours, f"required column is missing (any of: {names})")
            )
    if not table.rows:
        problems.append(Problem(file, "file", "", "has a header but no rows below it"))
    return Columns(positions), problems


def coded(
    value: str | None,
    codes: Sequence[str],
    synonyms: Mapping[str, str],
    problem: Callable[[str], None],
) -> str | None:
    """Our code for a cell ('Niet vitaal' -> 'niet-vitaal'), or a problem naming the codes."""
    if value is None:
        return None
    key = name_key(value)
    for code in codes:
        if name_key(code) == key:
            return code
    if key in synonyms:
        return synonyms[key]
    problem(f"{value!r} is not one of {', '.join(codes)}")
    return None


def whole_number(value: str | None, lo: int, hi: int, problem: Callable[[str], None]) -> int | None:
    """A whole number in [lo, hi] ("1.234" with a Dutch thousands dot is 1234)."""
    if value is None:
        return None
    text = value.strip().replace(".", "") if re.fullmatch(r"\d{1,3}(\.\d{3})+", value) else value
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        problem(f"{value!r} is not a number: write digits, e.g. 12")
        return None
    if not number.is_integer() or not lo <= number <= hi:
        problem(f"{value!r} is not a whole number from {lo} to {hi}")
        return None
    return int(number)
