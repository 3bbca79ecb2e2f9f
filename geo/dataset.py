"""Load a data directory: find each table's file, read it, validate it, all at once.

A data directory holds one file per table (see `geo.schemas.TABLES`) plus
`manifest.toml`. Every problem in every file is collected before anything is
raised, so a facilitator can fix a directory in one go.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pandera.pandas as pa
import shapely
from pyproj import CRS

from geo.codes import NO_WORDS, YES_WORDS
from geo.errors import DataValidationError, Problem
from geo.manifest import Manifest, read_manifest
from geo.schemas import (
    ATTENTION_AREAS,
    BUURTEN,
    CORPORATION_HOMES,
    HEAT_PHASING,
    TABLES,
    TableSpec,
)

RD_NEW = CRS.from_epsg(28992)
# Generous box around the Netherlands in RD New (metres); anything outside is a
# wrong CRS or swapped axes, never a Dutch buurt.
NL_BOUNDS_RD = (-25_000.0, 280_000.0, 310_000.0, 640_000.0)


@dataclass(frozen=True)
class Dataset:
    """Every table of a data directory, validated, in EPSG:28992."""

    directory: Path
    manifest: Manifest
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)

    def table(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    @property
    def buurten(self) -> gpd.GeoDataFrame:
        return self.tables["buurten"]  # type: ignore[return-value]

    @property
    def wijken(self) -> gpd.GeoDataFrame:
        return self.tables["wijken"]  # type: ignore[return-value]

    @property
    def corporation_homes(self) -> gpd.GeoDataFrame:
        return self.tables["corporation_homes"]  # type: ignore[return-value]

    @property
    def holiday_parks(self) -> gpd.GeoDataFrame:
        return self.tables["holiday_parks"]  # type: ignore[return-value]

    @property
    def attention_areas(self) -> gpd.GeoDataFrame:
        return self.tables["attention_areas"]  # type: ignore[return-value]

    @property
    def heat_phasing(self) -> pd.DataFrame:
        return self.tables["heat_phasing"]

    @cached_property
    def heat_areas(self) -> gpd.GeoDataFrame:
        """Heat phasing drawn on dissolved buurten (computed once: it is year-independent)."""
        from geo.yearview import effective_heat_phasing

        return effective_heat_phasing(self.buurten, self.heat_phasing)


def known_area_codes(dataset: Dataset) -> set[str]:
    """The buurt and wijk codes of a dataset."""
    return set(dataset.buurten["buurtcode"]) | set(dataset.wijken["wijkcode"])


def row_label(spec: TableSpec, index: object) -> str:
    """How a spreadsheet or GIS user finds a row: CSV line (header is 1) or feature."""
    if not isinstance(index, int):
        return "file"
    return f"line {index + 2}" if not spec.has_geometry else f"feature {index + 1}"


def find_table_file(directory: Path, spec: TableSpec) -> tuple[Path | None, list[Problem]]:
    """The one file holding `spec`'s table, or None when the directory has none."""
    found = [directory / f"{spec.name}{ext}" for ext in spec.extensions]
    found = [p for p in found if p.exists()]
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        return None, [Problem(str(directory), "file", "", f"{names}: keep only one of these")]
    if not found and spec.required:
        wanted = " or ".join(f"{spec.name}{ext}" for ext in spec.extensions)
        return None, [Problem(str(directory), "file", "", f"{wanted} is required but missing")]
    return (found[0] if found else None), []


def _sniff_separator(sample: str) -> str:
    header = sample.splitlines()[0] if sample else ""
    # Dutch spreadsheets save with ';' because ',' is the decimal separator.
    return ";" if header.count(";") > header.count(",") else ","


def read_csv_table(path: Path) -> pd.DataFrame:
    """Read a CSV in UTF-8 (with or without BOM) or Windows-1252, ';' or ',' separated.

    The frame's index is the line in the file minus 2 (header = line 1), so problems
    name the line a spreadsheet shows, also after blank lines or multi-line cells.
    """
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_separator(text[:4096]))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ValueError("the file is empty") from None
    rows, lines = [], []
    start = reader.line_num + 1
    for record in reader:
        if any(cell.strip() for cell in record):
            if len(record) != len(header):
                raise ValueError(
                    f"line {start}: {len(record)} cells where the header has {len(header)}"
                )
            rows.append([cell.strip() or None for cell in record])
            lines.append(start - 2)
        start = reader.line_num + 1
    return pd.DataFrame(rows, columns=header, index=lines, dtype=object)


_DAMAGED = ("malformed", "not a database", "unterminated", "unexpected end", "premature end")


def unreadable_file(path: Path | str, exc: Exception, what: str = "a geo file") -> Problem:
    """The problem of a file GDAL cannot open, in words a user can act on (GDAL's own
    text speaks of drivers and SQL)."""
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    lowered = reason.lower()
    if Path(path).exists() and Path(path).stat().st_size == 0:
        message = (
            f"cannot be read as {what}: the file is empty (0 bytes); export or download it again"
        )
    elif "not recognized as" in lowered or "not recognised as" in lowered:
        message = (
            f"cannot be read as {what}: the content is in no format this program reads "
            "(GeoPackage, GeoJSON, Shapefile, OpenStreetMap .osm or .pbf); save or export "
            "it again in one of these"
        )
    elif any(word in lowered for word in _DAMAGED):
        message = (
            f"cannot be read as {what}: the file is damaged or incomplete (a download or "
            "copy that stopped?); download or export it again"
        )
    else:
        message = (
            f"cannot be read as {what} ({reason.split('; ')[0]}): check that it opens in "
            "QGIS, or export it again as GeoPackage"
        )
    return Problem(str(path), "file", "", message)


def _read(path: Path, spec: TableSpec) -> tuple[pd.DataFrame | None, list[Problem]]:
    name = str(path)
    if not spec.has_geometry:
        try:
            return read_csv_table(path), []
        except (csv.Error, ValueError) as exc:
            return None, [Problem(name, "file", "", f"cannot be read as CSV: {exc}")]
    try:
        # Arrow: the same frame, read a quarter faster (every load and import reads all).
        gdf = gpd.read_file(path, engine="pyogrio", use_arrow=True)
    except Exception as exc:  # pyogrio raises several DataSource/Field errors
        return None, [unreadable_file(path, exc)]
    if "geometry" not in gdf:
        return None, [Problem(name, "file", "geometry", "the file has no geometry")]
    problem = crs_problem(gdf, name)
    if problem:
        return None, [problem]
    return to_rd_new(gdf), []


def crs_problem(gdf: gpd.GeoDataFrame, file: str) -> Problem | None:
    """No CRS, or metre coordinates in a file that says degrees (GeoJSON without a
    `crs` member means longitude/latitude: an RD file without one reads as that)."""
    if gdf.crs is None:
        return Problem(file, "file", "", "no coordinate reference system (CRS) given")
    if CRS(gdf.crs).is_geographic and not gdf.empty:
        minx, miny, maxx, maxy = gdf.geometry.total_bounds
        if min(minx, miny) < -180 or max(maxx, maxy) > 180:
            return Problem(
                file,
                "file",
                "geometry",
                "coordinates are not longitude/latitude (are they RD New, "
                "EPSG:28992?): give the file a CRS or convert it",
            )
    return None


def to_rd_new(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """`gdf` in EPSG:28992 (unchanged when it already is)."""
    return gdf if CRS(gdf.crs).equals(RD_NEW) else gdf.to_crs(RD_NEW)


def _normalise_booleans(frame: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    """Yes/no columns written as text ("true", "ja", "0") become booleans; other text
    stays, so validation reports it."""
    columns = [n for n, c in spec.schema.columns.items() if str(c.dtype) == "boolean"]
    out = frame
    for column in columns:
        if column in frame and not pd.api.types.is_bool_dtype(frame[column]):
            out = out.assign(**{column: frame[column].map(_parse_bool).astype(object)})
    return out


def _parse_bool(value: object) -> object:
    if not isinstance(value, str):
        return value
    lowered = value.strip().lower()
    if lowered in YES_WORDS:
        return True
    if lowered in NO_WORDS:
        return False
    return value if lowered else None


_CHECK_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"coerce_dtype\('Int64'\)|dtype\('Int64'\)"),
        "{case!r} is not a whole number: write digits only, e.g. 12",
    ),
    (
        re.compile(r"coerce_dtype\('Float64'\)|dtype\('Float64'\)"),
        "{case!r} is not a number: write e.g. 12 or 12,5",
    ),
    (
        re.compile(r"coerce_dtype\('boolean'\)|dtype\('boolean'\)"),
        "{case!r} is not true/false: write ja or nee",
    ),
    (re.compile(r"^isin\((.*)\)$"), "{case!r} is not one of {arg}"),
    (re.compile(r"^str_matches\('(.*)'\)$"), "{case!r} does not have the form {arg}"),
    (re.compile(r"^in_range\((.*)\)$"), "{case} is outside the range {arg}"),
    (re.compile(r"field_uniqueness"), "{case!r} occurs more than once: each value must be unique"),
    (re.compile(r"not_nullable"), "is empty but required: fill it in"),
    (re.compile(r"column_in_dataframe"), "required column is missing: add it (see the README)"),
]


def _describe(check: str, case: object) -> str:
    for pattern, template in _CHECK_MESSAGES:
        match = pattern.search(check)
        if match:
            arg = match.group(1) if match.groups() else ""
            return template.format(case=case, arg=arg)
    return f"{check} failed for {case!r}"


def _validated(
    frame: pd.DataFrame, spec: TableSpec, file: str
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The columns coerced to the schema's dtypes (geometry left out), or the problems.
    One pandera pass does both: it is most of the time a data directory takes to load."""
    columns = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
    try:
        return spec.schema.validate(columns, lazy=True), []
    except pa.errors.SchemaErrors as exc:
        problems: list[Problem] = []
        seen: set[tuple[str, object]] = set()
        for case in exc.failure_cases.itertuples(index=False):
            index = None if pd.isna(case.index) else int(case.index)
            column = "" if case.column is None or pd.isna(case.column) else str(case.column)
            check = str(case.check)
            if index is None and "TypeError" in str(case.failure_case):
                continue  # a consequence of a coercion failure already reported
            if check == "column_in_dataframe":
                column = str(case.failure_case)  # pandera names the missing column here
            elif case.schema_context == "DataFrameSchema":
                # A check across columns fails once per column of the row: report the
                # row once, under the check's own field.
                column = spec.row_check_field
            if (column, index) in seen:
                continue
            seen.add((column, index))
            if case.schema_context == "DataFrameSchema" and check != "column_in_dataframe":
                message = check
            else:
                message = _describe(check, case.failure_case)
            problems.append(Problem(file, row_label(spec, index), column, message))
        return None, problems or [Problem(file, "file", "", "does not fit the table's columns")]
    return []


def _geometry_problems(gdf: gpd.GeoDataFrame, spec: TableSpec, file: str) -> list[Problem]:
    # Vectorised checks first, then a message per row that fails: a table of ten
    # thousand homes is checked on every load and every import.
    geoms = gdf.geometry.values
    missing = np.asarray(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    types = np.asarray(gdf.geometry.geom_type.fillna(""), dtype=object)
    wrong_type = ~missing & ~np.isin(types, list(spec.geometry))
    checked = ~missing & ~wrong_type
    invalid = checked & ~shapely.is_valid(geoms)
    bounds = shapely.bounds(geoms)
    minx, miny, maxx, maxy = NL_BOUNDS_RD
    with np.errstate(invalid="ignore"):
        outside = checked & (
            (bounds[:, 0] < minx)
            | (bounds[:, 1] < miny)
            | (bounds[:, 2] > maxx)
            | (bounds[:, 3] > maxy)
        )
    problems = []
    allowed = " or ".join(spec.geometry)
    for i in np.flatnonzero(missing | wrong_type | invalid | outside):
        where = row_label(spec, int(i))
        if missing[i]:
            if not spec.geometry_optional:
                problems.append(Problem(file, where, "geometry", "has no geometry"))
            continue
        if wrong_type[i]:
            problems.append(
                Problem(file, where, "geometry", f"is a {types[i]}, expected {allowed}")
            )
            continue
        if invalid[i]:
            reason = shapely.is_valid_reason(geoms[i])
            problems.append(Problem(file, where, "geometry", f"invalid geometry: {reason}"))
        if outside[i]:
            problems.append(
                Problem(
                    file,
                    where,
                    "geometry",
                    "lies outside the Netherlands: wrong CRS or swapped x/y?",
                )
            )
    return problems


def read_table(path: Path, spec: TableSpec) -> pd.DataFrame:
    """Read and validate one table file; raise DataValidationError with all problems."""
    frame, problems = _read(path, spec)
    if frame is None:
        raise DataValidationError(problems)
    if frame.empty:
        if spec.required:
            raise DataValidationError([Problem(str(path), "file", "", "has no rows")])
        return empty_table(spec)  # an empty optional table: nothing to check
    return validated_table(frame, spec, str(path))


def validated_table(frame: pd.DataFrame, spec: TableSpec, file: str) -> pd.DataFrame:
    """`frame`, read from `file`, checked and coerced to `spec`'s schema; raise
    DataValidationError with all its problems. The index numbers the rows in messages."""
    frame = _normalise_booleans(frame, spec)
    coerced, problems = _validated(frame, spec, file)
    if spec.has_geometry:
        problems += _geometry_problems(frame, spec, file)  # type: ignore[arg-type]
    if problems or coerced is None:
        raise DataValidationError(problems)
    if spec.has_geometry:
        return gpd.GeoDataFrame(coerced, geometry=frame.geometry.values, crs=RD_NEW)
    return coerced  # CSV tables keep their index: the line in the file minus 2


def empty_table(spec: TableSpec) -> pd.DataFrame:
    """A table with the schema's columns and no rows, for tables a directory lacks."""
    frame = pd.DataFrame(
        {name: pd.Series(dtype=str(col.dtype)) for name, col in spec.schema.columns.items()}
    )
    if spec.has_geometry:
        return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs=RD_NEW), crs=RD_NEW)
    return frame


def derive_wijken(buurten: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Wijken by dissolving buurten on wijkcode, named by their code (no names known)."""
    wijken = buurten[["wijkcode", "gemeentecode", "geometry"]].dissolve(
        by="wijkcode", aggfunc="first", as_index=False
    )
    wijken["wijknaam"] = wijken["wijkcode"]
    return wijken[["wijkcode", "wijknaam", "gemeentecode", "geometry"]]


def _reference_problems(tables: dict[str, pd.DataFrame], files: dict[str, Path]) -> list[Problem]:
    """Codes that point at buurten or wijken which are not in the boundaries."""
    buurtcodes = set(tables["buurten"]["buurtcode"])
    wijkcodes = set(tables["wijken"]["wijkcode"])
    problems = []

    def check(spec: TableSpec, column: str, known: set[str], what: str) -> None:
        frame = tables[spec.name]
        for i, value in zip(frame.index, frame[column], strict=True):
            if isinstance(value, str) and value not in known:
                problems.append(
                    Problem(
                        str(files[spec.name]),
                        row_label(spec, i),
                        column,
                        f"{value!r} is not a {what} of this municipality: use a code from the "
                        "boundaries (python -m geo info lists them)",
                    )
                )

    if "wijken" in files:
        check(BUURTEN, "wijkcode", wijkcodes, "wijk")
    check(CORPORATION_HOMES, "buurtcode", buurtcodes, "buurt")
    if "heat_phasing" in files:
        check(HEAT_PHASING, "area_code", buurtcodes | wijkcodes, "buurt or wijk")
    if "attention_areas" in files:
        check(ATTENTION_AREAS, "area_code", buurtcodes | wijkcodes, "buurt or wijk")
    return [p for p in problems if p.file in {str(f) for f in files.values()}]


def load_dataset(directory: Path, *, unread: Collection[str] = ()) -> Dataset:
    """Read every table of a data directory; raise one error listing all problems.
    Tables named in `unread` are found but left empty, for a caller that reads them
    in parts (the national meeliften path: geo/meeliften_tiles.py)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise DataValidationError([Problem(str(directory), "file", "", "not a directory")])
    manifest, problems = read_manifest(directory)
    tables: dict[str, pd.DataFrame] = {}
    files: dict[str, Path] = {}
    for spec in TABLES:
        path, found_problems = find_table_file(directory, spec)
        problems += found_problems
        if path is None or spec.name in unread:
            tables[spec.name] = empty_table(spec)
            if path is not None:
                files[spec.name] = path
            continue
        try:
            tables[spec.name] = read_table(path, spec)
            files[spec.name] = path
        except DataValidationError as exc:
            problems += exc.problems
            tables[spec.name] = empty_table(spec)
    if not problems:
        if "wijken" not in files:
            tables["wijken"] = derive_wijken(tables["buurten"])  # type: ignore[arg-type]
        problems += _reference_problems(tables, files)
    if problems or manifest is None:
        raise DataValidationError(problems)
    return Dataset(directory=directory, manifest=manifest, tables=tables, files=files)
