"""A housing corporation's own export of its homes into `corporation_homes`.

The file is a CSV (UTF-8 with or without BOM, or Windows-1252; ';' or ',') or an
XLSX workbook (its first sheet), one row per home. A small TOML mapping file says
which of their columns is which of ours and, optionally, which of their words means
which of our codes (see `MAPPING_HELP`); without one, our own column names are
expected.

Every home with an address is located through the BAG addresses imported before
(`private_homes`, see geo.importers.addresses), matched on postcode, house number,
letter and addition: it gets the BAG point, pand and buurt, and leaves
private_homes (it is a corporation home, not a private one). Planned new builds
("fictief": measure nieuwbouw, not yet gereed) may lack an address or a BAG
location; any other address the BAG does not know is a problem.

Importing a corporation's file replaces that corporation's earlier homes and keeps
the other corporations'. Both tables are written in one staged step: all or nothing.
"""

from __future__ import annotations

import argparse
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.addressing import address_key
from geo.codes import ENERGY_LABELS, MEASURE_STATUSES, MEASURES, NO_WORDS, YES_WORDS
from geo.dataset import Dataset
from geo.errors import DataValidationError, Problem
from geo.importers.addresses import (
    house_text,
    load_data_dir,
    normalise_postcode,
    show_address,
    text,
)
from geo.importers.columns import coded, map_columns, name_key
from geo.importers.target import RD_NEW, provenance, staged
from geo.schemas import BUURTCODE, YEAR
from geo.tabular import Place, Table, read_table

# Our columns a file may have. Dates (dd-mm-jjjj) stand in for the year columns.
FILE_COLUMNS = (
    "home_id",
    "corporation",
    "complex_id",
    "pand_id",
    "straat",
    "postcode",
    "huisnummer",
    "huisletter",
    "toevoeging",
    "bouwjaar",
    "woningtype",
    "energielabel",
    "buurtcode",
    "measure",
    "measure_year",
    "measure_date",
    "measure_status",
    "completed_year",
    "completed_date",
    "heating_change",
)
REQUIRED = ("home_id", "postcode", "huisnummer")
# "In uitvoering" and "in_uitvoering" are found by coded(); these are other words.
STATUS_WORDS = {"uitgevoerd": "gereed", "afgerond": "gereed", "klaar": "gereed"}

# Columns of corporation_homes beyond the schema: the letter and addition of the
# address (the schema's huisnummer is a whole number), and the BAG verblijfsobject a
# home was matched to (so a later import finds it again after it left private_homes).
EXTRA_COLUMNS = {"huisletter": "string", "toevoeging": "string", "verblijfsobject_id": "string"}
OUTPUT_COLUMNS = {
    "home_id": "string",
    "corporation": "string",
    "complex_id": "string",
    "pand_id": "string",
    "straat": "string",
    "postcode": "string",
    "huisnummer": "Int64",
    "bouwjaar": "Int64",
    "woningtype": "string",
    "energielabel": "string",
    "buurtcode": "string",
    "measure": "string",
    "measure_year": "Int64",
    "measure_status": "string",
    "completed_year": "Int64",
    "heating_change": "boolean",
    **EXTRA_COLUMNS,
}

COMMAND_HELP = """\
A housing corporation's export, one row per home, into corporation_homes: a CSV
(UTF-8 with or without BOM, or Windows-1252; ';' or ',') or an XLSX workbook (its
first sheet). Each address is located through the BAG addresses imported before
(import addresses first): the home gets the BAG point, pand and buurt and leaves
private_homes. Planned new builds (measure nieuwbouw, not gereed) may be without an
address or without a BAG location yet; any other address the BAG does not know is
an error. Dates are dd-mm-jjjj. The file replaces its corporation's earlier homes;
other corporations' homes stay. Checked first: the data directory changes only when
everything is right, and every problem is listed with its line (CSV, header = line
1) or sheet and row (XLSX).
"""

MAPPING_HELP = """\
The mapping file (TOML) names their columns and words; everything in it is optional:

  corporation = "Woonservice"      # for rows without a corporation (or no column)

  [columns]                         # their column name = our column name
  "VHE-nummer" = "home_id"
  "Complexnummer" = "complex_id"
  "Postcode" = "postcode"
  "Huisnr" = "huisnummer"           # "12", "12A", "12-2" and "12 A 2" are all read
  "Label" = "energielabel"
  "Ingreep" = "measure"
  "Jaar ingreep" = "measure_year"
  "Opleverdatum" = "completed_date" # dd-mm-jjjj; gives completed_year

  [values.measure]                  # their word = our code
  "Isoleren" = "verduurzaming"
  "Groot onderhoud" = "renovatie"

Our columns: home_id, corporation, complex_id, pand_id, straat, postcode, huisnummer,
huisletter, toevoeging, bouwjaar, woningtype, energielabel, buurtcode, measure,
measure_year or measure_date, measure_status, completed_year or completed_date,
heating_change. Required: home_id, postcode and huisnummer (a planned new build,
measure nieuwbouw, may leave the address empty).
"""


@dataclass(frozen=True)
class ColumnMapping:
    """Their column names and words for ours."""

    columns: dict[str, str] = field(default_factory=dict)  # ours -> their name
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # ours -> key -> code
    corporation: str | None = None
    source: str = ""


@dataclass(frozen=True)
class CorporationReport:
    corporations: list[str]
    homes: int
    located: int  # matched to a BAG address
    unlocated: int  # planned new builds without a location
    from_private: int  # removed from private_homes
    replaced: int  # earlier homes of the same corporations
    dropped: int  # earlier homes of these corporations that this file no longer has
    source: str


# -- the mapping file -------------------------------------------------------------------


def read_mapping(path: Path) -> ColumnMapping:
    """The mapping file, checked: every problem in it at once."""
    name = str(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise DataValidationError([Problem(name, "file", "", "file not found")]) from None
    except UnicodeDecodeError:
        raise DataValidationError(
            [Problem(name, "file", "", "is not UTF-8 text: save the mapping as UTF-8")]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise DataValidationError(
            [Problem(name, "file", "", f"is not valid TOML: {exc}")]
        ) from None
    problems: list[Problem] = []
    for key in raw:
        if key not in ("corporation", "columns", "values"):
            problems.append(
                Problem(
                    name, "file", key, "unknown setting: use corporation, [columns], [values.*]"
                )
            )
    corporation = raw.get("corporation")
    if corporation is not None and not (isinstance(corporation, str) and corporation.strip()):
        problems.append(
            Problem(
                name,
                "file",
                "corporation",
                'must be a non-empty text: the corporation\'s name, e.g. "Actium"',
            )
        )
        corporation = None
    columns: dict[str, str] = {}
    table = raw.get("columns", {})
    if not isinstance(table, dict):
        problems.append(
            Problem(name, "file", "columns", 'must be a table: [columns] "Theirs" = "ours"')
        )
        table = {}
    for theirs, ours in table.items():
        if not isinstance(ours, str) or ours.strip() not in FILE_COLUMNS:
            problems.append(
                Problem(
                    name,
                    "[columns]",
                    theirs,
                    f"{ours!r} is not one of our columns: {', '.join(FILE_COLUMNS)}",
                )
            )
            continue
        ours = ours.strip()
        if ours in columns:
            problems.append(
                Problem(
                    name,
                    "[columns]",
                    theirs,
                    f"{ours} is already the column {columns[ours]!r}: map one column to it",
                )
            )
            continue
        columns[ours] = theirs
    values: dict[str, dict[str, str]] = {}
    value_tables = raw.get("values", {})
    if not isinstance(value_tables, dict):
        problems.append(
            Problem(name, "file", "values", 'must be tables: [values.measure] "X" = "y"')
        )
        value_tables = {}
    for ours, words in value_tables.items():
        section = f"[values.{ours}]"
        if ours not in FILE_COLUMNS:
            problems.append(
                Problem(
                    name,
                    section,
                    "",
                    f"{ours!r} is not one of our columns: {', '.join(FILE_COLUMNS)}",
                )
            )
            continue
        if not isinstance(words, dict):
            problems.append(
                Problem(name, section, "", 'must be a table: "their word" = "our code"')
            )
            continue
        values[ours] = {}
        for theirs, code in words.items():
            if not isinstance(code, str | int | bool):
                problems.append(
                    Problem(name, section, theirs, f"{code!r} is not a text: put it in quotes")
                )
                continue
            values[ours][name_key(theirs)] = (
                str(code).lower() if isinstance(code, bool) else str(code)
            )
    if problems:
        raise DataValidationError(problems)
    return ColumnMapping(columns, values, corporation.strip() if corporation else None, name)


# -- reading cells ------------------------------------------------------------------------


def parse_house_number(value: str) -> tuple[int, str | None, str | None] | None:
    """'12' -> (12, None, None); '12A', '12 a' -> letter; '12-2', '12 bis', '12A-3' ->
    addition. None when it does not start with a number."""
    match = re.fullmatch(r"(\d{1,5})\s*(.*)", value.strip())
    if match is None or not 1 <= int(match[1]) <= 99999:
        return None
    number, rest = int(match[1]), match[2].strip()
    if not rest:
        return number, None, None
    if re.fullmatch(r"[A-Za-z]", rest):
        return number, rest, None
    both = re.fullmatch(r"([A-Za-z])\s*[-/ ]\s*([0-9A-Za-z]{1,4})", rest)
    if both:
        return number, both[1], both[2]
    addition = re.fullmatch(r"[-/ ]?\s*([0-9A-Za-z]{1,4})", rest)
    if addition:
        return number, None, addition[1]
    return None


_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")


def parse_dutch_date(value: str) -> date | str:
    """A date written the Dutch way (15-03-2025, 1-3-2025, 15/03/2025, 15.03.2025) or
    as Excel gives a date cell (2025-03-15T00:00:00). A text says what is wrong."""
    raw = value.strip()
    iso = _ISO.fullmatch(raw)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        dutch = _DATE.fullmatch(raw)
        if dutch:
            if len(dutch[3]) != 4:
                return f"{value!r}: write the year in 4 digits (dd-mm-jjjj, e.g. 15-03-2025)"
            return date(int(dutch[3]), int(dutch[2]), int(dutch[1]))
    except ValueError:
        return f"{value!r} is not a date of the calendar: write dd-mm-jjjj, e.g. 15-03-2025"
    return f"{value!r} is not a date: write dd-mm-jjjj, e.g. 15-03-2025"


def _year(value: str | None, problem: Callable[[str], None]) -> int | None:
    if value is None:
        return None
    raw = value.strip()
    if re.fullmatch(r"\d{4}(\.0+)?", raw) and YEAR[0] <= int(raw[:4]) <= YEAR[1]:
        return int(raw[:4])
    problem(f"{value!r} is not a year (4 digits, {YEAR[0]}-{YEAR[1]})")
    return None


def _label(value: str | None, problem: Callable[[str], None]) -> str | None:
    if value is None:
        return None
    label = re.sub(r"\s+", "", value).upper()
    if label in ENERGY_LABELS:
        return label
    problem(f"{value!r} is not an energy label: one of {', '.join(ENERGY_LABELS)}")
    return None


def _yes_no(value: str | None, problem: Callable[[str], None]) -> bool | None:
    if value is None:
        return None
    lowered = value.strip().lower()
    if lowered in YES_WORDS:
        return True
    if lowered in NO_WORDS:
        return False
    problem(f"{value!r} is not yes or no (ja/nee, true/false, 1/0)")
    return None


# -- the rows ------------------------------------------------------------------------------


@dataclass
class _Row:
    place: Place
    values: dict[str, Any]
    key: str | None  # the address to look up, None without an address


def _columns(
    table: Table, file: str, mapping: ColumnMapping
) -> tuple[dict[str, int], dict[str, str], list[Problem]]:
    """Where each of our columns is, and the name the file gives it."""
    aliases = {
        ours: ((mapping.columns[ours],) if ours in mapping.columns else ()) for ours in FILE_COLUMNS
    }
    columns, problems = map_columns(table, file, aliases, ())
    header = str(table.header_place)
    present = sorted({h for h in table.header if h})
    for ours, theirs in mapping.columns.items():
        if columns.positions.get(ours) is None:
            problems.append(
                Problem(
                    mapping.source,
                    "[columns]",
                    theirs,
                    f"{file} has no column {theirs!r} (for {ours}); its columns: "
                    f"{', '.join(present)}",
                )
            )
    for ours in REQUIRED:
        if ours not in columns.positions and ours not in mapping.columns:
            problems.append(
                Problem(
                    file,
                    header,
                    ours,
                    f"required column is missing: name it {ours} or map their column to it "
                    "with --mapping",
                )
            )
    names = {ours: mapping.columns.get(ours, ours) for ours in FILE_COLUMNS}
    return columns.positions, names, problems


def _read_rows(
    table: Table,
    file: str,
    mapping: ColumnMapping,
    positions: dict[str, int],
    names: dict[str, str],
    corporation: str | None,
    buurtcodes: set[str],
) -> tuple[list[_Row], list[Problem]]:
    problems: list[Problem] = []
    rows: list[_Row] = []
    seen_ids: dict[str, Place] = {}
    for place, cells in table.rows:

        def get(ours: str, cells: list[Any] = cells) -> str | None:
            i = positions.get(ours)
            value = text(cells[i]) if i is not None and i < len(cells) else None
            words = mapping.values.get(ours)
            if value is not None and words and name_key(value) in words:
                return words[name_key(value)]
            return value

        def problem_for(ours: str, place: Place = place) -> Callable[[str], None]:
            return lambda message: problems.append(Problem(file, str(place), names[ours], message))

        values: dict[str, Any] = {}
        home_id = get("home_id")
        if home_id is None:
            problem_for("home_id")("is empty but required (the corporation's number of the home)")
        elif home_id in seen_ids:
            problem_for("home_id")(
                f"{home_id!r} occurs more than once (also {seen_ids[home_id]}): each home "
                "needs its own number"
            )
        else:
            seen_ids[home_id] = place
        values["home_id"] = home_id
        values["corporation"] = get("corporation") or corporation
        if values["corporation"] is None and "corporation" in positions:
            problem_for("corporation")("is empty: fill it in, or give --corporation NAME")
        for ours in ("complex_id", "straat", "woningtype"):
            values[ours] = get(ours)
        values["pand_id"] = get("pand_id")

        measure = coded(get("measure"), MEASURES, {}, problem_for("measure"))
        values["measure"] = measure
        values["measure_status"] = coded(
            get("measure_status"), MEASURE_STATUSES, STATUS_WORDS, problem_for("measure_status")
        )
        values["energielabel"] = _label(get("energielabel"), problem_for("energielabel"))
        values["bouwjaar"] = _year(get("bouwjaar"), problem_for("bouwjaar"))
        values["heating_change"] = _yes_no(get("heating_change"), problem_for("heating_change"))
        for year_col, date_col in (
            ("measure_year", "measure_date"),
            ("completed_year", "completed_date"),
        ):
            year = _year(get(year_col), problem_for(year_col))
            raw_date = get(date_col)
            if raw_date is not None:
                parsed = parse_dutch_date(raw_date)
                if isinstance(parsed, str):
                    problem_for(date_col)(parsed)
                elif year is not None and parsed.year != year:
                    problem_for(date_col)(
                        f"{raw_date!r} is in {parsed.year}, but {names[year_col]} says {year}"
                    )
                else:
                    year = parsed.year
            values[year_col] = year
        for ours in ("measure_year", "measure_status", "completed_year"):
            if values[ours] is not None and measure is None and get("measure") is None:
                problem_for(ours)(f"{get(ours) or values[ours]!r} is given, but no measure")

        code = get("buurtcode")
        if code is not None:
            code = code.upper()
            if not re.fullmatch(BUURTCODE.strip("^$"), code):
                problem_for("buurtcode")(f"{code!r} is not a CBS buurt code (BU and 8 digits)")
                code = None
            elif code not in buurtcodes:
                problem_for("buurtcode")(f"{code!r} is not a buurt of this municipality")
                code = None
        values["buurtcode"] = code

        raw_postcode, raw_number = get("postcode"), get("huisnummer")
        postcode = normalise_postcode(raw_postcode)
        if raw_postcode is not None and postcode is None:
            problem_for("postcode")(
                f"{raw_postcode!r} is not a Dutch postcode (4 digits and 2 letters, e.g. 9411 SS)"
            )
        number = letter = addition = None
        if raw_number is not None:
            parsed_number = parse_house_number(raw_number)
            if parsed_number is None:
                problem_for("huisnummer")(
                    f"{raw_number!r} is not a house number: a number 1-99999, optionally "
                    "with letter and addition (12, 12A, 12-2)"
                )
            else:
                number, letter, addition = parsed_number
        letter = get("huisletter") or letter
        addition = get("toevoeging") or addition
        if letter is not None and not re.fullmatch(r"[A-Za-z]", letter):
            problem_for("huisletter")(f"{letter!r} is not a house letter (one letter)")
        values.update(postcode=postcode, huisnummer=number, huisletter=letter, toevoeging=addition)
        key = None
        if raw_postcode is None and raw_number is None:
            if measure != "nieuwbouw":
                problem_for("postcode")(
                    "no address: only planned new builds (measure nieuwbouw) may be without one"
                )
        elif raw_postcode is None or raw_number is None:
            missing = "postcode" if raw_postcode is None else "huisnummer"
            problem_for(missing)("is empty: give the whole address (postcode and house number)")
        elif postcode is not None and number is not None:
            key = address_key(postcode, number, letter, addition)
        rows.append(_Row(place, values, key))
    return rows, problems


# -- locating them through the BAG addresses ------------------------------------------------


CANDIDATE_FIELDS = (
    "pand_id",
    "straat",
    "bouwjaar",
    "woningtype",
    "energielabel",
    "buurtcode",
    "huisletter",
    "toevoeging",
)


@dataclass(frozen=True)
class _Candidate:
    verblijfsobject_id: str
    from_private: bool
    values: dict[str, Any]
    geometry: Any


def _candidates(private: pd.DataFrame, earlier: pd.DataFrame) -> dict[str, list[_Candidate]]:
    """BAG homes by address: the private homes, and the homes of the corporations being
    replaced that an earlier import took out of private_homes."""
    found: dict[str, list[_Candidate]] = {}

    def add(frame: pd.DataFrame, id_column: str, from_private: bool) -> None:
        if id_column not in frame or not isinstance(frame, gpd.GeoDataFrame):
            return
        columns = {
            name: (frame[name] if name in frame else pd.Series(None, index=frame.index))
            for name in (id_column, "postcode", "huisnummer", *CANDIDATE_FIELDS)
        }
        records = pd.DataFrame(columns).astype(object)
        records = records.where(records.notna(), None)
        for values, geometry in zip(records.to_dict("records"), frame.geometry, strict=True):
            bag_id = text(values[id_column])
            key = address_key(
                values["postcode"], values["huisnummer"], values["huisletter"], values["toevoeging"]
            )
            if bag_id is None or key is None or geometry is None or geometry.is_empty:
                continue
            kept = {name: values[name] for name in CANDIDATE_FIELDS}
            found.setdefault(key, []).append(_Candidate(bag_id, from_private, kept, geometry))

    add(private, "home_id", True)
    add(earlier, "verblijfsobject_id", False)
    return found


def _locate(
    rows: list[_Row],
    dataset: Dataset,
    earlier: pd.DataFrame,
    file: str,
    names: dict[str, str],
) -> tuple[list[dict[str, Any]], set[str], list[Problem]]:
    """Our records of the rows; the BAG ids to take out of private_homes; problems."""
    problems: list[Problem] = []
    private = dataset.table("private_homes")
    needs_bag = any(r.key is not None for r in rows)
    if (
        needs_bag
        and private.empty
        and earlier.get("verblijfsobject_id", pd.Series()).dropna().empty
    ):
        directory = dataset.directory
        return (
            [],
            set(),
            [
                Problem(
                    str(directory),
                    "file",
                    "private_homes",
                    "no BAG addresses have been imported, so no home can be located: run "
                    f"python -m geo import addresses --data {directory} first",
                )
            ],
        )
    candidates = _candidates(private, earlier)
    # "9411SS|12" -> the letters and additions the BAG has at that number
    by_number: dict[str, list[str]] = {}
    for key in candidates:
        number, suffix = key.rsplit("|", 1)
        by_number.setdefault(number, []).append(suffix)
    taken: dict[str, Place] = {}
    records = []
    from_private: set[str] = set()
    for row in rows:
        values = dict(row.values)
        record: dict[str, Any] = {**values, "verblijfsobject_id": None, "geometry": None}
        if row.key is None:
            records.append(record)
            continue
        matches = candidates.get(row.key, [])
        ids = {c.verblijfsobject_id for c in matches}
        number, suffix = row.key.rsplit("|", 1)
        address = show_address(values["postcode"], values["huisnummer"], suffix)
        where = str(row.place)
        if len(ids) > 1:
            problems.append(
                Problem(
                    file,
                    where,
                    names["postcode"],
                    f"{address} is {len(ids)} BAG homes ({', '.join(sorted(ids)[:5])}"
                    f"{', ...' if len(ids) > 5 else ''}): the addresses are not unique",
                )
            )
            continue
        if not matches:
            if values["measure"] == "nieuwbouw" and values["measure_status"] != "gereed":
                records.append(record)  # planned: the BAG may not have it in use yet
                continue
            others = sorted(s for s in by_number.get(number, []) if s != suffix)
            hint = ""
            if others:
                shown = ", ".join(house_text(values["huisnummer"], s) for s in others)
                hint = f" (the BAG has {shown} there: give the letter or addition)"
            problems.append(
                Problem(
                    file,
                    where,
                    names["huisnummer"],
                    f"no BAG address {address} in the imported addresses: import addresses "
                    f"first or check the address{hint}",
                )
            )
            continue
        match = matches[0]
        if match.verblijfsobject_id in taken:
            problems.append(
                Problem(
                    file,
                    where,
                    names["huisnummer"],
                    f"{address} is the same BAG home as {taken[match.verblijfsobject_id]}",
                )
            )
            continue
        taken[match.verblijfsobject_id] = row.place
        bag = match.values
        record.update(
            verblijfsobject_id=match.verblijfsobject_id,
            geometry=match.geometry,
            pand_id=text(bag["pand_id"]) or values["pand_id"],
            straat=text(bag["straat"]) or values["straat"],
            huisletter=text(bag["huisletter"]) or values["huisletter"],
            toevoeging=text(bag["toevoeging"]) or values["toevoeging"],
            buurtcode=text(bag["buurtcode"]) or values["buurtcode"],
            bouwjaar=values["bouwjaar"] if values["bouwjaar"] is not None else bag["bouwjaar"],
            woningtype=values["woningtype"] or text(bag["woningtype"]),
            energielabel=values["energielabel"] or text(bag["energielabel"]),
        )
        if match.from_private:
            from_private.add(match.verblijfsobject_id)
        records.append(record)
    return records, from_private, problems


def _typed(frame: pd.DataFrame, dtypes: dict[str, str]) -> gpd.GeoDataFrame:
    """`frame` with our columns in their types; columns of its own are kept as they are
    (another importer may have added them)."""
    geometry = gpd.GeoSeries(frame["geometry"].tolist(), crs=RD_NEW, index=frame.index)
    columns = {}
    for name, dtype in dtypes.items():
        column = frame[name] if name in frame else pd.Series([None] * len(frame), index=frame.index)
        column = column.astype(object).where(column.notna(), None)
        columns[name] = column.astype(dtype)  # type: ignore[call-overload]
    for name in frame.columns:
        if name not in columns and name != "geometry":
            columns[name] = frame[name]
    return gpd.GeoDataFrame(columns, geometry=geometry, crs=RD_NEW).reset_index(drop=True)


# -- the import -------------------------------------------------------------------------------


def import_corporation_homes(
    data_dir: Path,
    file: Path,
    *,
    mapping_file: Path | None = None,
    corporation: str | None = None,
) -> CorporationReport:
    """Replace the homes of the file's corporations in `data_dir` (all or nothing)."""
    data_dir = Path(data_dir)
    dataset = load_data_dir(data_dir)
    mapping = read_mapping(mapping_file) if mapping_file else ColumnMapping()
    name = str(file)
    expected = [mapping.columns.get(ours, ours) for ours in REQUIRED]
    table, _, problems = read_table(file, expected)
    if table is None:
        raise DataValidationError(problems)
    positions, names, column_problems = _columns(table, name, mapping)
    problems += column_problems
    default = corporation.strip() if corporation and corporation.strip() else mapping.corporation
    if "corporation" not in positions and default is None:
        problems.append(
            Problem(
                name,
                str(table.header_place),
                "corporation",
                'no corporation column: give --corporation NAME (or corporation = "NAME" '
                "in the mapping file)",
            )
        )
    if problems:
        raise DataValidationError(_unique(problems))

    buurtcodes = set(dataset.buurten["buurtcode"])
    rows, problems = _read_rows(table, name, mapping, positions, names, default, buurtcodes)

    existing = dataset.corporation_homes
    corporations = sorted({r.values["corporation"] for r in rows if r.values["corporation"]})
    replaced = existing["corporation"].isin(corporations).fillna(False).to_numpy(dtype=bool)
    earlier, others = existing[replaced], existing[~replaced]
    clash = set(others["home_id"].dropna())
    for row in rows:
        home_id = row.values["home_id"]
        if home_id in clash:
            owner = others.loc[others["home_id"] == home_id, "corporation"].iloc[0]
            problems.append(
                Problem(
                    name,
                    str(row.place),
                    names["home_id"],
                    f"{home_id!r} is already the home_id of a home of {owner} in "
                    "corporation_homes: home ids must be unique",
                )
            )
    records, from_private, located_problems = _locate(rows, dataset, earlier, name, names)
    problems += located_problems
    if problems:
        # every problem at once, in the order of the rows
        order = {str(row.place): i for i, row in enumerate(rows)}
        raise DataValidationError(sorted(problems, key=lambda p: order.get(p.where, -1)))

    new = _typed(pd.DataFrame.from_records(records), OUTPUT_COLUMNS)
    kept = _typed(others, OUTPUT_COLUMNS)
    table_out = pd.concat([kept, new], ignore_index=True) if len(kept) else new
    table_out = gpd.GeoDataFrame(table_out, geometry="geometry", crs=RD_NEW)
    matched = {r["verblijfsobject_id"] for r in records if r["verblijfsobject_id"]}
    dropped = sum(
        1
        for v in earlier.get("verblijfsobject_id", pd.Series(dtype=object))
        if text(v) and text(v) not in matched
    )

    private = dataset.table("private_homes")
    label = f"{file.name} ({', '.join(corporations)}), located with the BAG addresses"
    with staged(data_dir) as stage:
        stage.write_table("corporation_homes", table_out)
        changes = {"corporation_homes": provenance(label)}
        if from_private:
            remaining = private[~private["home_id"].isin(from_private)]
            stage.write_table("private_homes", remaining)
        stage.set_manifest(provenance=changes)
    return CorporationReport(
        corporations=corporations,
        homes=len(new),
        located=sum(1 for r in records if r["geometry"] is not None),
        unlocated=sum(1 for r in records if r["geometry"] is None),
        from_private=len(from_private),
        replaced=len(earlier),
        dropped=dropped,
        source=label,
    )


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


# -- the command -------------------------------------------------------------------------------


def _cmd(args: argparse.Namespace) -> int:
    report = import_corporation_homes(
        Path(args.data),
        Path(args.file),
        mapping_file=Path(args.mapping) if args.mapping else None,
        corporation=args.corporation,
    )
    print(
        f"imported {report.homes} homes of {', '.join(report.corporations)} from "
        f"{Path(args.file).name} into {args.data} (corporation_homes)"
    )
    print(
        f"  {report.located} located at their BAG address ({report.from_private} of them "
        "taken out of private_homes)"
    )
    if report.unlocated:
        print(f"  {report.unlocated} planned new builds without a location")
    if report.replaced:
        print(f"  replaced {report.replaced} homes of an earlier import")
    if report.dropped:
        print(
            f"  {report.dropped} homes of the earlier import are not in this file; run "
            "`import addresses` again to count the ones sold as private homes"
        )
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`import corporation-homes FILE`: a corporation's own export of its homes."""
    p = sub.add_parser(
        "corporation-homes",
        help="a corporation's export of its homes (CSV or XLSX), located through the BAG",
        description=COMMAND_HELP + "\n" + MAPPING_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", help="the .csv or .xlsx export")
    p.add_argument("--data", required=True, help="data directory with buurten and addresses")
    p.add_argument("--mapping", metavar="MAP", help="TOML file: their columns and words")
    p.add_argument(
        "--corporation", metavar="NAME", help="the corporation, for rows that do not name one"
    )
    p.set_defaults(func=_cmd)
