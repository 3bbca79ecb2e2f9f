"""Area decisions in and out of the agreement store, for the facilitator's command line.

Import: a CSV or XLSX file with one row per area, theme and year. The whole file is
checked before anything is written, and every problem is reported at once, located
the way a spreadsheet shows it (CSV: "line N", header = line 1; XLSX: "sheet NAME,
row N"). A good file becomes events appended in one transaction, so an import lands
completely or not at all, also when the process is killed halfway.

Export: the current state of every area (derived from the events) with its boundary,
as CSV (WKT in EPSG:28992), GeoJSON (EPSG:4326, RFC 7946) or GeoPackage (EPSG:28992),
written to a temporary file that replaces the target only when complete.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd
import shapely

from geo.agreements import MAX_TEXT, RD_NEW, Actor, NewEvent, new_event
from geo.codes import DECISION_STATUSES, REASON_SEPARATOR, REASONS, THEMES
from geo.config import Settings
from geo.dataset import Dataset, known_area_codes
from geo.errors import AfsprakenkaartError, DataValidationError, Problem
from geo.i18n import t
from geo.store import Store
from geo.tabular import Cell, Place, Table, cell_text, read_table, spreadsheet_safe
from geo.workshop import area_of, seed_store, store_states

# -- the import file's columns ----------------------------------------------------------

REQUIRED_COLUMNS = ("area_code", "theme", "year", "status")
OPTIONAL_COLUMNS = ("reasons", "party", "note", "vision")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# The export calls the lead party `lead_party`: accept it, so an export can be edited
# and imported again.
ALIASES = {"lead_party": "party"}
# Columns an export adds that an import does not read (derived, or set by the store).
EXPORT_ONLY_COLUMNS = frozenset(
    {
        "area_name",
        "area_kind",
        "positions",
        "opposed",
        "decided_at",
        "decided_by",
        "geometry_wkt",
        "data_notice",
    }
)
# Event ids of an import are derived from the file's content and the row, so importing
# the same file again (say after an interrupted run, or by mistake) stores nothing twice.
_UID_NAMESPACE = uuid.UUID("5d0b7a4e-7f0c-4c63-9a55-2f1f8d0b1e3a")


@dataclass(frozen=True)
class DecisionRow:
    """One validated row of an import file."""

    place: Place
    area_code: str
    theme: str
    year: int
    status: str
    reasons: tuple[str, ...] = ()
    party: str | None = None
    note: str | None = None
    vision: str | None = None

    @property
    def event_type(self) -> Literal["proposal", "decision"]:
        return "proposal" if self.status == "proposed" else "decision"


@dataclass(frozen=True)
class DecisionFile:
    """A validated import file: its rows and a fingerprint of its content."""

    path: Path
    digest: str  # sha256 of the file's bytes
    rows: tuple[DecisionRow, ...]

    @property
    def areas(self) -> set[str]:
        return {r.area_code for r in self.rows}


# -- validating -------------------------------------------------------------------------


def _column_letter(index: int, place: Place) -> str:
    if place.sheet is None:
        return f"column {index + 1}"
    from openpyxl.utils import get_column_letter

    return f"column {get_column_letter(index + 1)}"


def _columns(table: Table, file: str) -> tuple[dict[str, int], list[Problem]]:
    """Map each known column to its position; report missing, doubled and unknown ones."""
    where = str(table.header_place)
    positions: dict[str, int] = {}
    problems = []
    for i, raw in enumerate(table.header):
        if raw is None:
            if any(cells[i] is not None for _, cells in table.rows if i < len(cells)):
                problems.append(
                    Problem(
                        file,
                        where,
                        _column_letter(i, table.header_place),
                        "has values but no column name: name it or empty it",
                    )
                )
            continue
        name = ALIASES.get(raw, raw)
        if name in EXPORT_ONLY_COLUMNS:
            continue
        if name not in COLUMNS:
            problems.append(
                Problem(
                    file,
                    where,
                    raw,
                    f"unknown column: the columns are {', '.join(COLUMNS)}",
                )
            )
        elif name in positions:
            problems.append(Problem(file, where, raw, f"column {name} appears more than once"))
        else:
            positions[name] = i
    for name in REQUIRED_COLUMNS:
        if name not in positions:
            problems.append(Problem(file, where, name, "required column is missing"))
    if not table.rows:
        problems.append(Problem(file, "file", "", "has a header but no rows below it"))
    return positions, problems


def _parse_year(value: str) -> int | None:
    text = value.strip()
    if text.isascii() and text.isdigit():  # not "²" or other digits int() refuses
        return int(text)
    return None


class _RowChecker:
    """Checks the cells of one row against the dataset and the configuration."""

    def __init__(self, file: str, dataset: Dataset, settings: Settings):
        self.file = file
        self.known_areas = known_area_codes(dataset)
        self.municipality = dataset.manifest.municipality_name
        firsts = [dataset.buurten["buurtcode"], dataset.wijken["wijkcode"]]
        self.examples = " or ".join(str(codes.iloc[0]) for codes in firsts if len(codes))
        self.years = settings.years
        self.party_ids = {p.id.lower(): p.id for p in settings.parties}
        self.party_ids.update({p.name.strip().lower(): p.id for p in settings.parties})
        self.parties = ", ".join(p.id for p in settings.parties)

    def check(
        self, place: Place, cell: Callable[[str], str | None], present: Set[str]
    ) -> tuple[DecisionRow | None, list[Problem]]:
        """The row as a DecisionRow, or the problems of its cells (a column missing
        from the file is reported once, at the header, not again in every row)."""
        problems: list[Problem] = []

        def problem(field: str, message: str) -> None:
            problems.append(Problem(self.file, str(place), field, message))

        def required(field: str, what: str) -> str | None:
            value = cell(field)
            if value is None and field in present:
                problem(field, f"is empty: give {what}")
            return value

        code = required("area_code", f"a buurtcode or wijkcode such as {self.examples}")
        if code is not None:
            code = code.upper()
            if code not in self.known_areas:
                problem(
                    "area_code",
                    f"{code!r} is not a buurtcode or wijkcode of {self.municipality} "
                    f"(such as {self.examples})",
                )
                code = None
        theme = self._code(required("theme", "a theme"), "theme", THEMES, problem)
        span = f"{self.years.first} to {self.years.last}"
        year = self._year(required("year", f"a year from {span}"), problem)
        status = self._code(required("status", "a status"), "status", DECISION_STATUSES, problem)
        reasons = self._reasons(cell("reasons"), problem)
        party = cell("party")
        if party is not None:
            if party.lower() not in self.party_ids:
                problem("party", f"{party!r} is not a party: use one of {self.parties}")
            party = self.party_ids.get(party.lower())
        note, vision = cell("note"), cell("vision")
        for field, value in (("note", note), ("vision", vision)):
            if value is not None and len(value) > MAX_TEXT:
                problem(field, f"has {len(value)} characters: at most {MAX_TEXT} are allowed")
        if problems or code is None or theme is None or status is None or year is None:
            return None, problems
        return DecisionRow(place, code, theme, year, status, reasons, party, note, vision), []

    def _code(
        self,
        value: str | None,
        field: str,
        allowed: Sequence[str],
        problem: Callable[[str, str], None],
    ) -> str | None:
        if value is None:
            return None
        if value.lower() in allowed:
            return value.lower()
        problem(field, f"{value!r} is not a {field}: use one of {', '.join(allowed)}")
        return None

    def _year(self, value: str | None, problem: Callable[[str, str], None]) -> int | None:
        if value is None:
            return None
        year = _parse_year(value)
        span = f"{self.years.first} to {self.years.last}"
        if year is None:
            problem("year", f"{value!r} is not a year: write a whole number from {span}")
            return None
        if year not in self.years.all():
            problem("year", f"{year} is outside the agreements' years: use {span}")
            return None
        return year

    def _reasons(self, value: str | None, problem: Callable[[str, str], None]) -> tuple[str, ...]:
        if value is None:
            return ()
        parts = [p.strip().lower() for p in value.split(REASON_SEPARATOR) if p.strip()]
        bad = [p for p in parts if p not in REASONS]
        if bad:
            problem(
                "reasons",
                f"{', '.join(repr(b) for b in bad)} {'is' if len(bad) == 1 else 'are'} not "
                f"among the reasons: use "
                f"{', '.join(REASONS)}, several separated by {REASON_SEPARATOR} "
                f"(e.g. social{REASON_SEPARATOR}physical)",
            )
            return ()
        return tuple(dict.fromkeys(parts))  # once each, in the order given


def read_decision_file(path: Path, dataset: Dataset, settings: Settings) -> DecisionFile:
    """Read and check an import file as a whole; DataValidationError lists every problem."""
    path = Path(path)
    file = str(path)
    table, raw, problems = read_table(path, COLUMNS)
    if table is None:
        raise DataValidationError(problems)
    positions, column_problems = _columns(table, file)
    problems += column_problems
    checker = _RowChecker(file, dataset, settings)
    rows: list[DecisionRow] = []
    first_seen: dict[tuple[str, str, int], Place] = {}
    for place, cells in table.rows:

        def cell(name: str, cells: list[Cell] = cells) -> str | None:
            i = positions.get(name)
            value = cells[i] if i is not None and i < len(cells) else None
            return value if isinstance(value, str) or value is None else cell_text(value)

        row, row_problems = checker.check(place, cell, positions.keys())
        problems += row_problems
        if row is None:
            continue
        key = (row.area_code, row.theme, row.year)
        if key in first_seen:
            problems.append(
                Problem(
                    file,
                    str(place),
                    "area_code",
                    f"{row.area_code}, {row.theme}, {row.year} is also on "
                    f"{first_seen[key].short}: give one row per area, theme and year",
                )
            )
            continue
        first_seen[key] = place
        rows.append(row)
    if problems:
        raise DataValidationError(problems)
    return DecisionFile(path, hashlib.sha256(raw).hexdigest(), tuple(rows))


# -- importing --------------------------------------------------------------------------


def import_actor(path: Path) -> Actor:
    """The author the events carry: the facilitator, by way of this file."""
    return Actor("facilitator", None, f"import {Path(path).name}")


def decision_events(decisions: DecisionFile, dataset: Dataset) -> list[NewEvent]:
    """The file's rows as events: a decision, or a proposal for status `proposed`."""
    municipality = dataset.manifest.municipality_code
    out = []
    for row in decisions.rows:
        uid = uuid.uuid5(_UID_NAMESPACE, f"{municipality}|{decisions.digest}|{row.place}")
        out.append(
            new_event(
                area_of(dataset, row.area_code),
                row.theme,
                row.year,
                row.event_type,
                status=row.status,
                reasons=row.reasons,
                lead_party=row.party,
                vision=row.vision,
                note=row.note,
                # Like the seed file: what the facilitator loads is meant to be seen.
                published=True,
                event_uid=str(uid),
            )
        )
    return out


@dataclass(frozen=True)
class ImportResult:
    """What an import did, for the one-line summary."""

    decisions: int  # rows imported (decisions and proposals)
    proposals: int
    areas: int
    already_imported: bool  # the same file was imported before: nothing was written


def import_decisions(
    store: Store,
    dataset: Dataset,
    settings: Settings,
    decisions: DecisionFile,
    *,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Append a validated file's events in one transaction (after the seed)."""
    events = decision_events(decisions, dataset)
    seed_store(store, dataset, settings)
    before = store.head()
    written = store.append(
        events, import_actor(decisions.path), settings.party_ids, progress=progress
    )
    # New rows always get ids above the head read before; the same file sent again
    # returns the ids stored the first time.
    again = bool(written.ids) and max(written.ids) <= before
    return ImportResult(
        decisions=len(events),
        proposals=sum(1 for e in events if e.event_type == "proposal"),
        areas=len(decisions.areas),
        already_imported=again,
    )


# -- exporting --------------------------------------------------------------------------

ExportFormat = Literal["csv", "geojson", "gpkg"]
FORMATS: tuple[ExportFormat, ...] = ("csv", "geojson", "gpkg")
EXPORT_COLUMNS = [
    "area_code",
    "area_name",
    "area_kind",
    "theme",
    "year",
    "status",
    "reasons",
    "lead_party",
    "vision",
    "positions",
    "opposed",
    "decided_at",
    "decided_by",
    "note",
]
TEXT_COLUMNS = [
    "area_code",
    "area_name",
    "area_kind",
    "theme",
    "status",
    "reasons",
    "lead_party",
    "vision",
    "positions",
    "decided_by",
    "note",
]
DATA_NOTICE = "data_notice"
LAYER = "decisions"
WGS84 = "EPSG:4326"


class ExportError(AfsprakenkaartError):
    """The export's arguments are wrong (the year, the target)."""


def check_year(settings: Settings, year: int | None) -> None:
    """Refuse an export year outside the agreements' period (a typo, most likely)."""
    if year is not None and year not in settings.years.all():
        raise ExportError(
            f"year {year} is outside the agreements' years: use {settings.years.first} "
            f"to {settings.years.last}"
        )


def export_frame(
    states: gpd.GeoDataFrame, dataset: Dataset, year: int | None = None
) -> gpd.GeoDataFrame:
    """The state rows to export, in EPSG:28992, with the demo notice on demo data."""
    rows = states if year is None else states[states["year"] == year]
    rows = rows.sort_values(["year", "theme", "area_kind", "area_code"], na_position="last")
    frame = pd.DataFrame(rows[EXPORT_COLUMNS]).reset_index(drop=True)
    frame["year"] = frame["year"].astype("int64")
    frame["opposed"] = frame["opposed"].astype(bool)
    frame["decided_at"] = pd.to_datetime(frame["decided_at"], utc=True)
    for column in TEXT_COLUMNS:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    if dataset.manifest.demo:
        # Nobody may take demo data for real, not even from an exported file.
        frame.insert(0, DATA_NOTICE, t("demo.mark", "nl"))
    return gpd.GeoDataFrame(frame, geometry=rows.geometry.to_numpy(), crs=RD_NEW)


def _write_csv(frame: gpd.GeoDataFrame, target: Path) -> None:
    """Comma-separated UTF-8 with a BOM: Excel then reads the accents right, and every
    CSV library reads it without settings. Geometry as WKT in EPSG:28992."""
    table = pd.DataFrame(frame.drop(columns="geometry"))
    for column in TEXT_COLUMNS:
        table[column] = table[column].map(spreadsheet_safe)
    table["decided_at"] = [ts.isoformat() if pd.notna(ts) else None for ts in table["decided_at"]]
    table["opposed"] = table["opposed"].map({True: "true", False: "false"})
    table["geometry_wkt"] = [
        shapely.to_wkt(g, rounding_precision=3) if g is not None and not g.is_empty else None
        for g in frame.geometry
    ]
    table.to_csv(target, index=False, encoding="utf-8-sig", lineterminator="\r\n")


def write_export(frame: gpd.GeoDataFrame, fmt: ExportFormat, out: Path) -> Path:
    """Write `frame` to `out`; a failure leaves no half-written file behind."""
    out = Path(out)
    if fmt not in FORMATS:
        raise ExportError(f"format {fmt!r}: use one of {', '.join(FORMATS)}")
    if not out.parent.is_dir():
        raise ExportError(f"{out.parent} does not exist: create the folder first")
    if out.is_dir():
        raise ExportError(f"{out} is a folder: give a file name")
    # The temporary file keeps the suffix (GDAL drivers look at it) and sits next to
    # the target, so os.replace is an atomic rename on the same file system.
    tmp = out.with_name(f".{out.stem}.{uuid.uuid4().hex[:8]}.partial{out.suffix}")
    try:
        if fmt == "csv":
            _write_csv(frame, tmp)
        elif fmt == "geojson":
            # RFC 7946: longitude/latitude in WGS84 and no `crs` member.
            frame.to_crs(WGS84).to_file(
                tmp, driver="GeoJSON", layer=LAYER, engine="pyogrio", RFC7946="YES"
            )
        else:
            frame.to_file(tmp, driver="GPKG", layer=LAYER, engine="pyogrio")
        os.replace(tmp, out)
    finally:
        for leftover in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
    return out


def export_decisions(
    store: Store,
    dataset: Dataset,
    settings: Settings,
    fmt: ExportFormat,
    out: Path,
    *,
    year: int | None = None,
) -> int:
    """Export the current state (after the seed) to `out`; returns the rows written."""
    check_year(settings, year)
    seed_store(store, dataset, settings)
    frame = export_frame(store_states(store, dataset), dataset, year)
    write_export(frame, fmt, out)
    return len(frame)
