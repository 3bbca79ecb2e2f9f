"""The heat-transition phasing of the municipality's wijken (or buurten).

From a spreadsheet with one row per area code (CSV or XLSX, the municipality's own
column names and words accepted), or from a GeoPackage/GeoJSON of phasing areas
without codes: each wijk then takes the phasing of the area its interior point lies in.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.codes import HEAT_STRATEGIES, PLAN_STATUSES
from geo.dataset import known_area_codes, load_dataset, unreadable_file
from geo.errors import DataValidationError, Problem
from geo.importers.columns import coded, map_columns, name_key, whole_number
from geo.importers.target import provenance, staged
from geo.tabular import CSV_SUFFIXES, XLSX_SUFFIXES, Table, read_table, table_of_features

COLUMNS = ("area_code", "period_start", "period_end", "strategy", "plan_status")
ALIASES = {
    "area_code": ("code", "wijkcode", "buurtcode", "gebiedscode", "statcode"),
    "period_start": ("start", "van", "begin", "startjaar", "periode_start", "vanaf"),
    "period_end": ("eind", "tot", "einde", "eindjaar", "periode_eind", "tot_en_met"),
    "period": ("periode", "fase", "aanpak"),
    "strategy": ("strategie", "voorkeursstrategie", "warmteoplossing", "alternatief"),
    "plan_status": ("status", "planstatus", "stand", "plan"),
}
STRATEGY_WORDS = {
    "allelectric": "all-electric",
    "volledigelektrisch": "all-electric",
    "elektrisch": "all-electric",
    "warmtenetcollectief": "warmtenet",
    "collectiefwarmtenet": "warmtenet",
    "hybridewarmtepomp": "hybride",
    "groengas": "groengas",
    "nogonbekend": "onbekend",
    "nadertebepalen": "onbekend",
    "ntb": "onbekend",
}
PLAN_WORDS = {
    "inuitvoering": "uitvoering",
    "uitvoeringsplangereed": "uitvoeringsplan",
    "klaar": "afgerond",
    "gereed": "afgerond",
}
YEARS = (1990, 2100)
GEO_SUFFIXES = (".gpkg", ".geojson", ".json", ".shp")


def _period(value: str | None) -> tuple[int, int] | None:
    match = re.fullmatch(r"\s*(\d{4})\s*[-–/t/m]+\s*(\d{4})\s*", value or "")
    return (int(match[1]), int(match[2])) if match else None


def read_phasing_table(path: Path, known: set[str]) -> pd.DataFrame:
    """The phasing rows of a spreadsheet, checked; every problem reported at once."""
    table, _, problems = read_table(path, COLUMNS)
    if table is None:
        raise DataValidationError(problems)
    return check_phasing(table, str(path), known, problems)


def check_phasing(
    table: Table, file: str, known: set[str], problems: list[Problem] | None = None
) -> pd.DataFrame:
    """Our phasing rows from `table`, or DataValidationError with every problem."""
    problems = list(problems or [])
    columns, column_problems = map_columns(table, file, ALIASES, ("area_code", "strategy"))
    problems += column_problems
    has_span = {"period_start", "period_end"} <= columns.positions.keys()
    if not has_span and "period" not in columns.positions:
        problems.append(
            Problem(
                file,
                str(table.header_place),
                "period_end" if "period_start" in columns.positions else "period_start",
                "give period_start and period_end, or one period column like 2026-2030",
            )
        )
    if problems:
        raise DataValidationError(problems)
    rows: list[tuple[object, ...]] = []
    seen: dict[str, str] = {}
    for place, cells in table.rows:
        get = columns.getter(cells)

        def problem(field: str, message: str, where: str = str(place)) -> None:
            problems.append(Problem(file, where, field, message))

        code = (get("area_code") or "").upper()
        if not code:
            problem("area_code", "empty: give the wijkcode (WK......) or buurtcode")
        elif code not in known:
            problem(
                "area_code",
                f"{code} is not a wijk or buurt of this data directory: use a code from "
                "its boundaries (python -m geo info lists them)",
            )
        elif code in seen:
            problem("area_code", f"{code} appears twice (also on {seen[code]})")
        else:
            seen[code] = str(place)
        if not has_span:
            span = _period(get("period"))
            if span is None:
                shown = repr(get("period")) if get("period") else "empty"
                problem("period", f"{shown}: write the period as 2026-2030")
            start, end = span or (None, None)
        else:
            start = whole_number(get("period_start"), *YEARS, lambda m: problem("period_start", m))
            end = whole_number(get("period_end"), *YEARS, lambda m: problem("period_end", m))
            for field, value in (("period_start", start), ("period_end", end)):
                if value is None and not get(field):
                    problem(field, "empty: give the year")
        if start is not None and end is not None and end < start:
            problem("period_end", f"{end} is before the start {start}")
        strategy = coded(
            get("strategy"), HEAT_STRATEGIES, STRATEGY_WORDS, lambda m: problem("strategy", m)
        )
        if not get("strategy"):
            problem("strategy", f"empty: one of {', '.join(HEAT_STRATEGIES)} (or onbekend)")
        status = coded(
            get("plan_status") or "verkenning",
            PLAN_STATUSES,
            PLAN_WORDS,
            lambda m: problem("plan_status", m),
        )
        rows.append((code, start, end, strategy, status))
    if problems:
        raise DataValidationError(problems)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.astype({"period_start": "Int64", "period_end": "Int64"})


def read_phasing_areas(path: Path, wijken: gpd.GeoDataFrame, known: set[str]) -> pd.DataFrame:
    """Phasing in a geo file: by its area codes when it has them, else as drawn areas,
    each wijk taking the area its interior point lies in."""
    file = str(path)
    try:
        areas = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # pyogrio raises several DataSource/Field errors
        raise DataValidationError([unreadable_file(file, exc)]) from None
    if areas.crs is None or areas.empty:
        raise DataValidationError([Problem(file, "file", "", "no features, or no CRS")])
    kinds = areas.geometry.geom_type
    wrong = ~kinds.isin(["Polygon", "MultiPolygon"])
    if wrong.any():
        raise DataValidationError(
            Problem(file, f"feature {i + 1}", "geometry", f"is a {kinds[i]}, expected Polygon")
            for i in kinds[wrong].index[:10]
        )
    attributes = pd.DataFrame(areas.drop(columns="geometry"))
    code_names = {name_key(n) for n in ("area_code", *ALIASES["area_code"])}
    if any(name_key(str(c)) in code_names for c in attributes.columns):
        return check_phasing(table_of_features(attributes), file, known)
    attributes = attributes.assign(area_code=[f"#{i + 1}" for i in range(len(areas))])
    points = wijken.set_geometry(wijken.representative_point()).to_crs(areas.crs)
    joined = gpd.sjoin(points[["wijkcode", "geometry"]], areas.reset_index(), predicate="within")
    problems = []
    for code, hits in joined.groupby("wijkcode"):
        if len(hits) > 1:
            features = ", ".join(f"feature {int(i) + 1}" for i in hits["index"])
            problems.append(
                Problem(file, features, "geometry", f"{code} lies in overlapping areas")
            )
    # The attributes pass the spreadsheet's checks, a drawn area per row ...
    per_area = check_phasing(
        table_of_features(attributes), file, set(attributes["area_code"]), problems
    )
    if joined.empty:
        raise DataValidationError(
            [
                Problem(
                    file,
                    "file",
                    "geometry",
                    "no wijk lies in any of the areas: are the coordinates in the CRS the "
                    "file says (GeoJSON without a crs member means longitude/latitude)?",
                )
            ]
        )
    # ... then hand each area's phasing to the wijken inside it.
    by_area = per_area.set_index("area_code")
    rows = [
        {"area_code": code, **by_area.loc[f"#{int(i) + 1}"].to_dict()}
        for code, i in zip(joined["wijkcode"], joined["index"], strict=True)
    ]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def import_heat_phasing(path: Path, data_dir: Path) -> pd.DataFrame:
    """Replace the data directory's heat phasing with `path`'s (all or nothing)."""
    dataset = load_dataset(data_dir)
    suffix = path.suffix.lower()
    known = known_area_codes(dataset)
    if suffix in GEO_SUFFIXES:
        phasing = read_phasing_areas(path, dataset.wijken, known)
    elif suffix in CSV_SUFFIXES + XLSX_SUFFIXES:
        phasing = read_phasing_table(path, known)
    else:
        raise DataValidationError(
            [Problem(str(path), "file", "", "give a .csv, .xlsx, .gpkg or .geojson file")]
        )
    with staged(data_dir) as stage:
        stage.write_table("heat_phasing", phasing)
        stage.set_manifest(provenance={"heat_phasing": provenance(f"file {path.name}")})
    return phasing


def _cmd(args: argparse.Namespace) -> int:
    phasing = import_heat_phasing(Path(args.file), Path(args.data))
    counts = phasing["strategy"].value_counts().to_dict()
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    print(f"imported heat phasing for {len(phasing)} areas ({summary}) into {args.data}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`import heat-phasing FILE --data DIR`."""
    p = sub.add_parser(
        "heat-phasing",
        help="heat-transition phasing per wijk (CSV/XLSX with codes, or drawn areas)",
        description="One row per wijk or buurt code (columns area_code, period_start, "
        "period_end or period, strategy, plan_status; Dutch names such as wijkcode, "
        "periode, voorkeursstrategie, status are recognised), or a GeoPackage/GeoJSON "
        "of phasing areas: each wijk takes the area its interior point lies in.",
    )
    p.add_argument("file", help="CSV, XLSX, GeoPackage or GeoJSON")
    p.add_argument("--data", required=True, help="the data directory (boundaries imported)")
    p.set_defaults(func=_cmd)
