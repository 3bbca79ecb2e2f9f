"""Buurten and wijken of one municipality: from a local CBS file or from PDOK.

Local files may be the CBS Wijk- en buurtkaart GeoPackage (layers `buurten`,
`wijken`; upper-case `BU_CODE`-style fields in older years), a GeoJSON or a
Shapefile, or a simplified extract with `statcode`/`statnaam` fields; in any CRS.
PDOK serves the same data through OGC API Features, paged with `rel=next` links.
Everything is checked before the data directory is touched (geo.importers.target).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import requests
import shapely

from geo.config import PDOK_BOUNDARIES_API
from geo.dataset import crs_problem, derive_wijken, to_rd_new, unreadable_file
from geo.errors import DataValidationError, Problem
from geo.importers.target import RD_NEW, provenance, staged

PDOK_API = PDOK_BOUNDARIES_API
PDOK_CRS = "http://www.opengis.net/def/crs/EPSG/0/28992"
CBS_LICENCE = "CC BY 4.0 (CBS / Kadaster)"
# The Netherlands in RD New, with a margin (the official RD domain is about this).
NL_BOUNDS = (-10_000.0, 290_000.0, 310_000.0, 630_000.0)
# CBS marks missing statistics with large negative numbers (-99995, -99997, ...).
SENTINEL_MAX = -99_990
REPAIR_MAX_AREA_CHANGE = 0.01
# Numeric columns of boundary files that are not CBS statistics.
NOT_STATISTICS = {"id", "fid", "objectid", "ogc_fid", "shape_area", "shape_length", "shape_leng"}

# Field names as they appear in the sources, lower-cased, for each of ours.
ALIASES: dict[str, tuple[str, ...]] = {
    "buurt_code": ("buurtcode", "bu_code", "statcode", "code"),
    "buurt_name": ("buurtnaam", "bu_naam", "statnaam", "naam", "name"),
    "wijk_code": ("wijkcode", "wk_code", "statcode", "code"),
    "wijk_name": ("wijknaam", "wk_naam", "statnaam", "naam", "name"),
    "wijkcode": ("wijkcode", "wk_code"),
    "gemeentecode": ("gemeentecode", "gm_code", "gmcode"),
    "gemeentenaam": ("gemeentenaam", "gm_naam", "gmnaam"),
    "jaar": ("jaar", "jaar_code", "year"),
}


@dataclass(frozen=True)
class BoundaryReport:
    municipality_code: str
    municipality_name: str
    year: int
    buurten: int
    wijken: int
    wijken_derived: bool
    repaired: int
    other_municipalities: int
    statistics: list[str]
    source: str


# -- reading ------------------------------------------------------------------------


def _gemeente_filter(path: Path, layer: str | None, gemeente: str | None) -> str | None:
    """An OGR SQL filter on the municipality column, when the file has one: reading a
    national file (the CBS kaart is about a gigabyte) then costs one municipality's
    memory, not the country's."""
    if not gemeente or not re.fullmatch(r"GM\d{4}", gemeente):
        return None
    try:
        fields = [str(f) for f in pyogrio.read_info(path, layer=layer)["fields"]]
    except Exception:  # unreadable: _read_layer says why
        return None
    lower = {f.lower(): f for f in fields}
    column = next((lower[a] for a in ALIASES["gemeentecode"] if a in lower), None)
    return f"\"{column}\" = '{gemeente}'" if column else None


def _read_layer(path: Path, layer: str | None, gemeente: str | None = None) -> gpd.GeoDataFrame:
    where = _gemeente_filter(path, layer, gemeente)
    try:
        frame = gpd.read_file(path, layer=layer, engine="pyogrio", where=where)
    except Exception as exc:  # pyogrio raises several DataSource/Field errors
        raise DataValidationError([unreadable_file(str(path), exc)]) from None
    if where:  # the report still counts what the filter left out
        total = int(pyogrio.read_info(path, layer=layer)["features"])
        frame.attrs["filtered_out"] = max(total - len(frame), 0)
    if not isinstance(frame, gpd.GeoDataFrame) or "geometry" not in frame:
        raise DataValidationError(
            [
                Problem(
                    str(path),
                    "file",
                    "",
                    "has no geometry: give a GeoPackage, GeoJSON or Shapefile of the boundaries",
                )
            ]
        )
    return frame


def _layers(path: Path) -> list[str]:
    try:
        return [str(name) for name, _ in pyogrio.list_layers(path)]
    except Exception:  # not a readable data source: _read_layer reports it
        return []


def read_boundary_file(
    path: Path, gemeente: str | None = None
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame | None]:
    """The buurten (and, when the file has a wijken layer, the wijken) of a file; only
    those of `gemeente` when the file names municipalities in a column."""
    if not path.exists():
        raise DataValidationError([Problem(str(path), "file", "", "file not found")])
    layers = _layers(path)
    buurt_layer = next((n for n in layers if "buurt" in n.lower()), None)
    wijk_layer = next((n for n in layers if "wijk" in n.lower()), None)
    buurten = _read_layer(path, buurt_layer if len(layers) > 1 else None, gemeente)
    wijken = _read_layer(path, wijk_layer, gemeente) if wijk_layer and len(layers) > 1 else None
    return buurten, wijken


def _not_in_file(path: Path, gemeente: str) -> Problem:
    """The municipalities a file does have, read from its code column alone."""
    layers = _layers(path)
    layer = next((n for n in layers if "buurt" in n.lower()), None) if len(layers) > 1 else None
    info = pyogrio.read_info(path, layer=layer)
    lower = {str(f).lower(): str(f) for f in info["fields"]}
    column = next(lower[a] for a in ALIASES["gemeentecode"] if a in lower)
    codes = pyogrio.read_dataframe(path, layer=layer, columns=[column], read_geometry=False)
    found = sorted(set(codes[column].dropna().astype(str)))[:8]
    return Problem(
        str(path), "file", column, f"no buurt of {gemeente} in the file; it has {', '.join(found)}"
    )


def _session(retries: int) -> requests.Session:
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(
        max_retries=requests.adapters.Retry(
            total=retries,
            backoff_factor=0.5,  # urllib3 2: waits 0, 1, 2, 4 s between tries
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=("GET",),
        )
    )
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _unreachable(exc: requests.RequestException, timeout_s: float) -> str:
    """Why PDOK gave no answer, in words that say what to do (urllib3's own text
    names pools and retries)."""
    then = "try again later, or import a downloaded file with --from FILE"
    if isinstance(exc, requests.exceptions.RetryError):
        status = re.search(r"too many (\d{3}) error", str(exc))
        code = f" (HTTP {status.group(1)})" if status else ""
        why = f"it answered with server errors{code}, also when asked again"
    elif isinstance(exc, requests.exceptions.Timeout) or "timed out" in str(exc).lower():
        # After its retries, urllib3 reports a time-out as a ConnectionError.
        why = f"it timed out, with no answer within {timeout_s:.0f} s"
    elif isinstance(exc, requests.exceptions.ConnectionError):
        why = "no connection (is this machine offline, or behind a proxy?)"
    else:
        why = type(exc).__name__
    return f"PDOK could not be reached: {why}; {then}"


def fetch_collection(
    url: str,
    params: dict[str, str],
    *,
    timeout_s: float = 30.0,
    retries: int = 4,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Every feature of an OGC API Features collection, following `rel=next` links."""
    session = _session(retries)
    page, total = 0, 0
    next_url: str | None = url
    query: dict[str, str] | None = params
    while next_url:
        try:
            response = session.get(next_url, params=query, timeout=timeout_s)
        except requests.RequestException as exc:
            raise DataValidationError(
                [Problem(next_url, "request", "", _unreachable(exc, timeout_s))]
            ) from None
        if response.status_code != 200:
            raise DataValidationError(
                [Problem(response.url, "request", "", f"PDOK answered {response.status_code}")]
            )
        try:
            body = response.json()
        except ValueError:
            raise DataValidationError(
                [Problem(response.url, "response", "", "PDOK's answer is not JSON")]
            ) from None
        features = body.get("features") or []
        page += 1
        total += len(features)
        if progress is not None:
            progress(page, total)
        yield from features
        next_url = next(
            (link.get("href") for link in body.get("links", []) if link.get("rel") == "next"),
            None,
        )
        query = None  # the next link carries the query


def fetch_boundaries(
    gemeente: str,
    year: int,
    *,
    api: str = PDOK_API,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Buurten and wijken of `gemeente` from PDOK's CBS Wijk- en buurtkaart API."""
    base = api.format(year=year).rstrip("/")
    params = {"f": "json", "crs": PDOK_CRS, "gemeentecode": gemeente, "limit": "1000"}
    frames = []
    for collection in ("buurten", "wijken"):
        features = list(
            fetch_collection(f"{base}/collections/{collection}/items", params, progress=progress)
        )
        if not features:
            frames.append(gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=RD_NEW)))
            continue
        frames.append(gpd.GeoDataFrame.from_features(features, crs=RD_NEW))
    return frames[0], frames[1]


# -- normalising and checking -------------------------------------------------------


def _column(frame: pd.DataFrame, ours: str) -> str | None:
    lower = {str(c).lower(): str(c) for c in frame.columns}
    return next((lower[a] for a in ALIASES[ours] if a in lower), None)


def _snake(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_")


def _where(index: object) -> str:
    return f"feature {int(index) + 1}" if isinstance(index, (int, np.integer)) else "file"  # type: ignore[arg-type]


def _to_rd(gdf: gpd.GeoDataFrame, source: str) -> gpd.GeoDataFrame:
    problem = crs_problem(gdf, source)
    if problem:
        raise DataValidationError([problem])
    return to_rd_new(gdf)


def _place_problems(gdf: gpd.GeoDataFrame, source: str) -> list[Problem]:
    """Features outside the Netherlands: wrong CRS, or x and y swapped."""
    minx, miny, maxx, maxy = NL_BOUNDS
    bounds = gdf.geometry.bounds
    outside = ~(
        (bounds["minx"] >= minx)
        & (bounds["maxx"] <= maxx)
        & (bounds["miny"] >= miny)
        & (bounds["maxy"] <= maxy)
    )
    if not outside.any():
        return []
    swapped = (
        (bounds["miny"] >= minx)
        & (bounds["maxy"] <= maxx)
        & (bounds["minx"] >= miny)
        & (bounds["maxx"] <= maxy)
    )
    first = outside[outside].index[:5]
    rest = int(outside.sum()) - len(first)
    hint = (
        "x and y look swapped"
        if swapped[outside].all()
        else "is the CRS right? RD New x runs 0-300 km, y 300-625 km"
    )
    problems = [
        Problem(source, _where(i), "geometry", f"lies outside the Netherlands: {hint}")
        for i in first
    ]
    if rest:
        problems.append(
            Problem(source, f"{rest} more features", "geometry", "lie outside the Netherlands too")
        )
    return problems


def _repair(gdf: gpd.GeoDataFrame, source: str) -> tuple[gpd.GeoDataFrame, int, list[Problem]]:
    """Repair invalid polygons when that is safe: the repaired shape keeps the area
    (within 1%). A bow-tie or worse is reported instead: only its maker knows."""
    invalid = ~gdf.geometry.is_valid
    if not invalid.any():
        return gdf, 0, []
    problems = []
    fixed = gdf.geometry.copy()
    for index, before in gdf.geometry[invalid].items():
        parts = shapely.get_parts(shapely.make_valid(before))
        polygons = [p for p in parts if p.geom_type in ("Polygon", "MultiPolygon")]
        after = shapely.union_all(polygons) if polygons else None
        area = abs(before.area)
        if after is None or abs(after.area - area) > REPAIR_MAX_AREA_CHANGE * max(area, 1.0):
            problems.append(
                Problem(
                    source,
                    _where(index),
                    "geometry",
                    f"invalid polygon ({shapely.is_valid_reason(before)}) that cannot be "
                    "repaired without changing its area: fix it in a GIS",
                )
            )
            continue
        fixed[index] = after
    repaired = int(invalid.sum()) - len(problems)
    return gdf.set_geometry(fixed), repaired, problems


def normalise_boundaries(
    raw: gpd.GeoDataFrame,
    gemeente: str,
    source: str,
    *,
    level: str = "buurt",
) -> tuple[gpd.GeoDataFrame, int, int, list[Problem]]:
    """Our columns (`buurtcode`, `buurtnaam`, `wijkcode`, `gemeentecode` or the wijk
    equivalents), only `gemeente`'s features, statistics with sentinels as missing.

    Returns the frame, the number of features of other municipalities left out, the
    number of repaired geometries and the problems found (nothing raised here, so
    that every problem of a file is reported at once).
    """
    prefix = "BU" if level == "buurt" else "WK"
    problems: list[Problem] = []
    if raw.empty:
        return raw, 0, 0, [Problem(source, "file", "", "the file has no features")]
    code_col, name_col = _column(raw, f"{level}_code"), _column(raw, f"{level}_name")
    missing = [
        (field, ALIASES[f"{level}_{kind}"])
        for kind, field, col in (
            ("code", f"{level}code", code_col),
            ("name", f"{level}naam", name_col),
        )
        if not col
    ]
    for field, names in missing:
        problems.append(
            Problem(source, "file", field, f"missing column; expected one of {', '.join(names)}")
        )
    if missing:
        return raw, 0, 0, problems

    raw = raw.reset_index(drop=True)
    codes = raw[code_col].astype("string").str.strip().str.upper()  # type: ignore[index]
    of_level = codes.str.startswith(prefix).fillna(False).astype(bool)
    gm_col = _column(raw, "gemeentecode")
    gm = raw[gm_col].astype("string").str.strip().str.upper() if gm_col else "GM" + codes.str[2:6]
    # Numeric municipality codes ("1731") occur in some extracts.
    gm = gm.where(gm.str.startswith("GM").fillna(False), "GM" + gm.str.zfill(4))
    mine = of_level & (gm == gemeente)
    others = int((of_level & ~mine).sum()) + int(raw.attrs.get("filtered_out", 0))
    # A CBS code carries its municipality (BU1731xxxx lies in GM1731): a row whose
    # code says otherwise is a mistake in the file, not a buurt of ours.
    foreign = mine & (codes.str[2:6] != gemeente[2:])
    for index in foreign[foreign].index[:10]:
        problems.append(
            Problem(
                source,
                _where(index),
                code_col,  # type: ignore[arg-type]
                f"{codes[index]} is a code of GM{codes[index][2:6]}, not of {gemeente}",
            )
        )
    if not mine.any():
        found = sorted(set(gm[of_level].dropna()))[:8]
        problems.append(
            Problem(
                source,
                "file",
                gm_col or code_col,  # type: ignore[arg-type]
                f"no {level} of {gemeente} in the file"
                + (f"; it has {', '.join(found)}" if found else f" (no {prefix} codes at all)"),
            )
        )
        return raw.iloc[0:0], others, 0, problems

    gdf = raw[mine].copy()
    code_key = f"{level}code"
    out = pd.DataFrame(index=gdf.index)
    out[code_key] = codes[mine]
    out[f"{level}naam"] = gdf[name_col].astype("string").str.strip()  # type: ignore[index]
    if level == "buurt":
        wk_col = _column(gdf, "wijkcode")
        wk = gdf[wk_col].astype("string").str.strip().str.upper() if wk_col else None
        out["wijkcode"] = wk if wk is not None else "WK" + out[code_key].str[2:8]
    out["gemeentecode"] = gemeente
    gm_name = _column(gdf, "gemeentenaam")
    if gm_name:
        out["gemeentenaam"] = gdf[gm_name].astype("string").str.strip()

    # Statistics come along, named in snake case, with CBS's sentinels as missing.
    taken = {code_col, name_col, gm_col, _column(gdf, "wijkcode"), gm_name, _column(gdf, "jaar")}
    taken.add("geometry")
    for col in gdf.columns:
        if col in taken or _snake(str(col)) in NOT_STATISTICS:
            continue
        if not pd.api.types.is_numeric_dtype(gdf[col]):
            continue
        values = pd.to_numeric(gdf[col], errors="coerce")
        out[_snake(str(col))] = values.where(values > SENTINEL_MAX)

    geometry = gdf.geometry
    kinds = geometry.geom_type
    wrong = ~kinds.isin(["Polygon", "MultiPolygon"])
    for index in kinds[wrong].index[:10]:
        problems.append(
            Problem(
                source,
                _where(index),
                "geometry",
                f"is a {kinds[index] or 'missing geometry'}; {level} boundaries are polygons",
            )
        )
    if wrong.sum() > 10:
        problems.append(
            Problem(source, f"{int(wrong.sum()) - 10} more features", "geometry", "not polygons")
        )
    result = gpd.GeoDataFrame(out, geometry=geometry.values, crs=gdf.crs)
    result = result[~wrong.to_numpy()]
    result, repaired, repair_problems = _repair(result, source)
    problems += repair_problems
    problems += _place_problems(result, source)

    doubled = result[code_key].duplicated(keep=False)
    for code, group in result[doubled].groupby(code_key):
        places = ", ".join(_where(i) for i in group.index)
        problems.append(
            Problem(
                source,
                places,
                code_key,
                f"{code} occurs more than once ({places}): keep one feature per code",
            )
        )
    bad_code = ~result[code_key].str.fullmatch(rf"{prefix}\d{{{8 if level == 'buurt' else 6}}}")
    for index in result.index[bad_code.fillna(True).to_numpy()][:10]:
        problems.append(
            Problem(
                source,
                _where(index),
                code_key,
                f"{result.at[index, code_key]!r} is not a CBS {level} code "
                f"({prefix} and {8 if level == 'buurt' else 6} digits)",
            )
        )
    return result.reset_index(drop=True), others, repaired, problems


def _year_of(raw: gpd.GeoDataFrame) -> int | None:
    col = _column(raw, "jaar")
    if not col:
        return None
    years = pd.to_numeric(raw[col], errors="coerce").dropna()
    return int(years.mode().iloc[0]) if not years.empty else None


# -- the import ---------------------------------------------------------------------


def import_boundaries(
    data_dir: Path,
    gemeente: str,
    *,
    from_file: Path | None = None,
    year: int | None = None,
    api: str = PDOK_API,
    progress: Callable[[int, int], None] | None = None,
) -> BoundaryReport:
    """Import `gemeente`'s buurten and wijken into `data_dir` (all or nothing)."""
    gemeente = gemeente.strip().upper()
    if not re.fullmatch(r"GM\d{4}", gemeente):
        raise DataValidationError(
            [Problem("--gemeente", "argument", "gemeente", f"{gemeente!r}: use GM and 4 digits")]
        )
    if from_file is not None:
        source = str(from_file)
        raw_buurten, raw_wijken = read_boundary_file(from_file, gemeente)
        year = year or _year_of(raw_buurten)
        label = f"file {from_file.name}"
    else:
        if year is None:
            raise DataValidationError(
                [Problem("--year", "argument", "year", "PDOK needs the year of the boundaries")]
            )
        source = api.format(year=year)
        raw_buurten, raw_wijken = fetch_boundaries(gemeente, year, api=api, progress=progress)
        label = f"PDOK CBS Wijk- en buurtkaart {year} (OGC API)"
    if raw_buurten.empty and raw_buurten.attrs.get("filtered_out") and from_file is not None:
        raise DataValidationError([_not_in_file(from_file, gemeente)])
    if raw_buurten.empty:
        where = "file" if from_file is not None else "answer"
        what = (
            "the file has no features"
            if from_file is not None
            else (f"PDOK has no buurten of {gemeente} for {year}: check the code and the year")
        )
        raise DataValidationError([Problem(source, where, "", what)])
    if year is None:
        raise DataValidationError(
            [Problem(source, "file", "jaar", "the file has no year column: give --year")]
        )

    raw_buurten = _to_rd(raw_buurten, source)
    buurten, others, repaired, problems = normalise_boundaries(raw_buurten, gemeente, source)
    wijken: gpd.GeoDataFrame | None = None
    if raw_wijken is not None and not raw_wijken.empty:
        raw_wijken = _to_rd(raw_wijken, source)
        wijken, _, wijk_repaired, wijk_problems = normalise_boundaries(
            raw_wijken, gemeente, f"{source} (wijken)", level="wijk"
        )
        repaired += wijk_repaired
        problems += wijk_problems
    if not problems and wijken is not None and not wijken.empty:
        absent = sorted(set(buurten["wijkcode"]) - set(wijken["wijkcode"]))
        if absent:
            problems.append(
                Problem(
                    f"{source} (wijken)",
                    "file",
                    "wijkcode",
                    f"the buurten lie in wijken the file does not have: {', '.join(absent[:10])}"
                    + (f" and {len(absent) - 10} more" if len(absent) > 10 else ""),
                )
            )
    if problems:
        raise DataValidationError(problems)
    derived = wijken is None or wijken.empty
    if derived:
        wijken = derive_wijken(buurten)
    assert wijken is not None
    name = (
        str(buurten["gemeentenaam"].dropna().iloc[0])
        if "gemeentenaam" in buurten and buurten["gemeentenaam"].notna().any()
        else gemeente
    )

    with staged(data_dir) as stage:
        stage.write_table("buurten", buurten)
        stage.write_table("wijken", wijken)
        stage.set_manifest(
            municipality_code=gemeente,
            municipality_name=name,
            boundary_year=year,
            provenance={
                "buurten": provenance(label, CBS_LICENCE),
                "wijken": provenance(
                    label + (" (dissolved from the buurten)" if derived else ""), CBS_LICENCE
                ),
            },
        )
    stats = [c for c in buurten.columns if c not in _OURS]
    return BoundaryReport(
        gemeente, name, year, len(buurten), len(wijken), derived, repaired, others, stats, label
    )


_OURS = {"buurtcode", "buurtnaam", "wijkcode", "gemeentecode", "gemeentenaam", "geometry"}


def stderr_progress(page: int, total: int) -> None:
    """One line per page on stderr: what a long download is doing."""
    print(f"  page {page}: {total} features", file=sys.stderr, flush=True)


def _cmd(args: argparse.Namespace) -> int:
    report = import_boundaries(
        Path(args.data),
        args.gemeente,
        from_file=Path(args.from_file) if args.from_file else None,
        year=args.year,
        api=args.api,
        progress=stderr_progress,
    )
    wijken = "derived from the buurten" if report.wijken_derived else "from the source"
    print(
        f"imported {report.buurten} buurten and {report.wijken} wijken ({wijken}) of "
        f"{report.municipality_name} ({report.municipality_code}), {report.year}, "
        f"from {report.source} into {args.data}"
    )
    if report.other_municipalities:
        print(f"  left out {report.other_municipalities} buurten of other municipalities")
    if report.repaired:
        print(f"  repaired {report.repaired} invalid polygons (area kept within 1%)")
    if report.statistics:
        print(f"  CBS statistics: {', '.join(report.statistics)}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`import boundaries`: from PDOK, or from a local file with --from."""
    p = sub.add_parser(
        "boundaries",
        help="buurten and wijken of a municipality (PDOK, or a local CBS file)",
        description="Buurten and wijken of one municipality from PDOK's CBS Wijk- en "
        "buurtkaart (OGC API Features), or with --from from a local GeoPackage, "
        "GeoJSON or Shapefile in any CRS. Checked first; the data directory changes "
        "only when everything is right.",
    )
    p.add_argument("--gemeente", required=True, help="CBS municipality code, e.g. GM1731")
    p.add_argument("--year", type=int, help="year of the boundaries (PDOK: required)")
    p.add_argument("--from", dest="from_file", metavar="FILE", help="a local boundary file")
    p.add_argument("--data", required=True, help="data directory to create or update")
    p.add_argument("--api", default=PDOK_API, help="OGC API base URL ({year} is filled in)")
    p.set_defaults(func=_cmd)
