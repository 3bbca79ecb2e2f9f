"""Holiday parks: the municipality's park list, or what OpenStreetMap knows.

- A spreadsheet (CSV/XLSX) with a row per park and its location as RD x/y or as
  latitude/longitude; the municipality's own column names and words are accepted.
- A GeoPackage/GeoJSON of parks (points or outlines) with the same attributes.
- An OpenStreetMap extract (.osm, .osm.pbf, or an Overpass GeoJSON export): every
  tourism=camp_site, caravan_site, chalet and leisure=resort inside the municipality;
  their vitality is left open ("not yet assessed") for the municipality to fill in.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Transformer

from geo.codes import VITALITY
from geo.dataset import Dataset, crs_problem, load_dataset, unreadable_file
from geo.errors import DataValidationError, Problem
from geo.importers.columns import coded, map_columns, whole_number
from geo.importers.target import RD_NEW, provenance, staged
from geo.tabular import CSV_SUFFIXES, XLSX_SUFFIXES, Table, read_table, table_of_features

ALIASES = {
    "park_id": ("id", "parkid", "code", "nummer", "parknummer"),
    "name": ("naam", "parknaam", "park"),
    "vitality": ("vitaliteit", "klasse", "vitaliteitsklasse", "categorie"),
    "units": ("eenheden", "aantal_eenheden", "recreatiewoningen", "standplaatsen", "objecten"),
    "permanent_residents": ("permanente_bewoners", "bewoners", "permanent_bewoond"),
    "target_group_households": ("doelgroep_huishoudens", "doelgroep", "huishoudens_doelgroep"),
    "x": ("rd_x", "x_rd", "xcoord", "x_coordinaat"),
    "y": ("rd_y", "y_rd", "ycoord", "y_coordinaat"),
    "lat": ("latitude", "breedtegraad", "lat_wgs84"),
    "lon": ("longitude", "lengtegraad", "lng", "lon_wgs84"),
}
VITALITY_WORDS = {"nietvitaal": "niet-vitaal", "kansarm": "niet-vitaal", "vitaalpark": "vitaal"}
OSM_TAGS = {"tourism": ("camp_site", "caravan_site", "chalet"), "leisure": ("resort",)}
OSM_SUFFIXES = (".osm", ".pbf")
GEO_SUFFIXES = (".gpkg", ".geojson", ".json", ".shp")
NEAR_M = 2_000.0  # a park may lie just over the municipal boundary
COUNT = (0, 100_000)
COLUMNS = ("park_id", "name", "vitality", "units", "permanent_residents", "target_group_households")


def check_parks(
    table: Table, file: str, points: list[shapely.Geometry | None] | None = None
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Our park rows from a table, and the problems in it; locations from its x/y or
    lat/lon columns, or the given `points` (a geo file's geometries)."""
    columns, problems = map_columns(table, file, ALIASES, ["name"])
    has_rd = {"x", "y"} <= columns.positions.keys()
    has_wgs = {"lat", "lon"} <= columns.positions.keys()
    if points is None and not (has_rd or has_wgs):
        problems.append(
            Problem(
                file,
                str(table.header_place),
                "x",
                "no location: give columns x and y (RD New metres) or lat and lon",
            )
        )
    if problems:
        raise DataValidationError(problems)
    rows: list[tuple[object, ...]] = []
    geoms: list[shapely.Geometry | None] = []
    seen: dict[str, str] = {}
    for n, (place, cells) in enumerate(table.rows):
        get = columns.getter(cells)

        def problem(field: str, message: str, where: str = str(place)) -> None:
            problems.append(Problem(file, where, field, message))

        name = get("name")
        if not name:
            problem("name", "empty: every park needs a name")
        park_id = get("park_id") or f"PARK-{n + 1:03d}"
        if park_id in seen:
            problem("park_id", f"{park_id} appears twice (also on {seen[park_id]})")
        seen[park_id] = str(place)
        vitality = coded(
            get("vitality"), VITALITY, VITALITY_WORDS, lambda m: problem("vitality", m)
        )
        counts = [whole_number(get(c), *COUNT, _reporter(problem, c)) for c in COLUMNS[3:]]
        rows.append((park_id, name, vitality, *counts))
        if points is not None:
            geoms.append(points[n])
        else:
            geoms.append(_point(get, has_rd, problem))
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return gpd.GeoDataFrame(frame, geometry=geoms, crs=RD_NEW), problems


def _reporter(problem: Callable[[str, str], None], field: str) -> Callable[[str], None]:
    return lambda message: problem(field, message)


def _number(text: str | None) -> float | None:
    """A number as written in Dutch (231.167,5) or English (231167.5)."""
    value = (text or "").strip()
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    try:
        return float(value)
    except ValueError:
        return None


def _point(
    get: Callable[[str], str | None], has_rd: bool, problem: Callable[[str, str], None]
) -> shapely.Geometry | None:
    if has_rd:
        x, y = _number(get("x")), _number(get("y"))
        if x is None or y is None:
            problem("x", f"{get('x')!r}, {get('y')!r}: x and y must be numbers (RD metres)")
            return None
        if 0 < x < 90 and 0 < y < 90:
            problem("x", "looks like degrees: put latitude/longitude in lat and lon columns")
            return None
        if 289_000 < x < 630_000 and 0 < y < 300_000:
            problem("x", f"{x:.0f}, {y:.0f}: x and y look swapped (RD x < 300 km, y > 300 km)")
            return None
        return shapely.Point(x, y)
    lat, lon = _number(get("lat")), _number(get("lon"))
    if lat is None or lon is None:
        problem("lat", f"{get('lat')!r}, {get('lon')!r}: lat and lon must be numbers")
        return None
    if 3 < lat < 8 and 50 < lon < 54:
        problem("lat", f"{lat}, {lon}: latitude and longitude look swapped")
        return None
    to_rd = Transformer.from_crs("EPSG:4326", RD_NEW, always_xy=True)
    return shapely.Point(*to_rd.transform(lon, lat))


def _inside(
    parks: gpd.GeoDataFrame, dataset: Dataset, file: str, places: list[str]
) -> list[Problem]:
    """Parks far outside the municipality are a wrong coordinate, not a park of ours."""
    area = shapely.union_all(dataset.buurten.geometry.values).buffer(NEAR_M)
    problems = []
    for place, geom in zip(places, parks.geometry, strict=True):
        if geom is not None and not area.contains(geom.representative_point()):
            problems.append(
                Problem(
                    file,
                    place,
                    "geometry",
                    f"lies outside {dataset.manifest.municipality_name}: check the "
                    "coordinates (RD x 0-300 km, y 300-625 km; or lat/lon)",
                )
            )
    return problems


def read_osm(path: Path, dataset: Dataset) -> gpd.GeoDataFrame:
    """Camp sites, caravan sites, chalet parks and resorts of an OSM extract."""
    file = str(path)
    frames = []
    suffix = path.suffix.lower()
    layers = ("points", "multipolygons") if suffix in OSM_SUFFIXES else (None,)
    for layer in layers:
        try:
            part = gpd.read_file(path, layer=layer, engine="pyogrio")
        except Exception as exc:  # pyogrio raises several DataSource/Field errors
            raise DataValidationError([unreadable_file(file, exc, "OpenStreetMap data")]) from None
        if not isinstance(part, gpd.GeoDataFrame) or "geometry" not in part:
            raise DataValidationError(
                [Problem(file, "file", "", "has no geometry: not an OpenStreetMap extract")]
            )
        problem = crs_problem(part, file) if part.crs is not None else None
        if problem:
            raise DataValidationError([problem])
        frames.append(part.assign(_layer=layer or ""))
    raw = pd.concat(frames, ignore_index=True)
    tags = _osm_tags(raw)
    wanted = pd.Series(False, index=raw.index)
    for key, values in OSM_TAGS.items():
        wanted |= tags.get(key, pd.Series(None, index=raw.index)).isin(values)
    parks = gpd.GeoDataFrame(raw[wanted.to_numpy()], crs=raw.crs or "EPSG:4326").to_crs(RD_NEW)
    area = shapely.union_all(dataset.buurten.geometry.values)
    parks = parks[parks.geometry.representative_point().within(area)]
    names = tags.loc[parks.index].get("name", pd.Series(None, index=parks.index))
    ids = [_osm_id(raw.loc[i]) for i in parks.index]
    out = pd.DataFrame(
        {
            "park_id": ids,
            "name": [
                n if isinstance(n, str) and n.strip() else f"({k})"
                for n, k in zip(names, ids, strict=True)
            ],
            "vitality": None,
            "units": pd.array([None] * len(ids), dtype="Int64"),
            "permanent_residents": pd.array([None] * len(ids), dtype="Int64"),
            "target_group_households": pd.array([None] * len(ids), dtype="Int64"),
        }
    )
    return gpd.GeoDataFrame(out, geometry=parks.geometry.values, crs=RD_NEW)


def _osm_tags(raw: pd.DataFrame) -> pd.DataFrame:
    """Tags as columns, also those GDAL keeps in `other_tags` ("k"=>"v", ...)."""
    tags = pd.DataFrame(index=raw.index)
    for key in ("name", *OSM_TAGS):
        if key in raw:
            tags[key] = raw[key]
    if "other_tags" in raw:
        for key in ("name", *OSM_TAGS):
            found = raw["other_tags"].astype("string").str.extract(rf'"{key}"=>"([^"]*)"')[0]
            tags[key] = tags[key].fillna(found) if key in tags else found
    return tags


def _osm_id(row: pd.Series) -> str:
    # GDAL's OSM driver: `osm_id` is a node in the points layer but a relation in the
    # multipolygons layer, whose closed ways carry `osm_way_id`.
    node_or_relation = "relation" if row.get("_layer") == "multipolygons" else "node"
    for column, kind in (
        ("osm_way_id", "way"),
        ("osm_id", node_or_relation),
        ("@id", ""),
        ("id", ""),
    ):
        value = row.get(column)
        if isinstance(value, str | int | float) and str(value) not in ("", "nan", "None"):
            text = str(value).removesuffix(".0")
            return f"OSM-{text}" if "/" in text or not kind else f"OSM-{kind}/{text}"
    return f"OSM-{row.name}"


def import_holiday_parks(path: Path, data_dir: Path, *, osm: bool = False) -> gpd.GeoDataFrame:
    """Replace the data directory's holiday parks with `path`'s (all or nothing)."""
    dataset = load_dataset(data_dir)
    file, suffix = str(path), path.suffix.lower()
    problems: list[Problem] = []
    if osm or suffix in OSM_SUFFIXES:
        parks = read_osm(path, dataset)  # only parks inside the municipality
        source = f"OpenStreetMap extract {path.name} (ODbL)"
        places: list[str] = []
    elif suffix in GEO_SUFFIXES:
        try:
            gdf = gpd.read_file(path, engine="pyogrio")
        except Exception as exc:  # pyogrio raises several DataSource/Field errors
            raise DataValidationError([unreadable_file(file, exc)]) from None
        if gdf.crs is None:
            raise DataValidationError([Problem(file, "file", "", "no CRS given")])
        if gdf.empty:
            raise DataValidationError([Problem(file, "file", "", "has no features")])
        kinds = gdf.geometry.geom_type
        wrong = ~kinds.isin(["Point", "Polygon", "MultiPolygon"])
        if wrong.any():
            raise DataValidationError(
                Problem(
                    file,
                    f"feature {i + 1}",
                    "geometry",
                    f"is {kinds[i] or 'missing'}: a park is a point or a polygon",
                )
                for i in kinds[wrong].index[:10]
            )
        table = table_of_features(pd.DataFrame(gdf.drop(columns="geometry")))
        parks, problems = check_parks(table, file, list(gdf.to_crs(RD_NEW).geometry))
        source, places = f"file {path.name}", [str(p) for p, _ in table.rows]
    elif suffix in CSV_SUFFIXES + XLSX_SUFFIXES:
        read, _, problems = read_table(path, ("name", "vitality", "x", "y"))
        if read is None:
            raise DataValidationError(problems)
        parks, problems = check_parks(read, file)
        source, places = f"file {path.name}", [str(p) for p, _ in read.rows]
    else:
        raise DataValidationError(
            [Problem(file, "file", "", "give a .csv, .xlsx, .gpkg, .geojson, .osm or .osm.pbf")]
        )
    if places:
        problems += _inside(parks, dataset, file, places)
    if problems:
        raise DataValidationError(problems)
    if parks.empty:
        raise DataValidationError([Problem(file, "file", "", "no holiday parks found")])
    licence = "ODbL (OpenStreetMap contributors)" if "OpenStreetMap" in source else ""
    with staged(data_dir) as stage:
        stage.write_table("holiday_parks", parks)
        stage.set_manifest(provenance={"holiday_parks": provenance(source, licence)})
    return parks


def _cmd(args: argparse.Namespace) -> int:
    parks = import_holiday_parks(Path(args.file), Path(args.data), osm=args.osm)
    open_ = int(parks["vitality"].isna().sum())
    note = f", {open_} not yet assessed" if open_ else ""
    print(f"imported {len(parks)} holiday parks{note} into {args.data}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`import holiday-parks FILE --data DIR [--osm]`."""
    p = sub.add_parser(
        "holiday-parks",
        help="holiday parks: the municipality's list, or an OpenStreetMap extract",
        description="A CSV/XLSX with a row per park (name, vitality, units, "
        "permanent_residents, target_group_households; location as x/y in RD New or "
        "lat/lon), a GeoPackage/GeoJSON of parks, or an OpenStreetMap extract "
        "(.osm, .osm.pbf, or --osm for an Overpass GeoJSON) of which tourism=camp_site, "
        "caravan_site, chalet and leisure=resort inside the municipality are taken.",
    )
    p.add_argument("file", help="CSV, XLSX, GeoPackage, GeoJSON or OpenStreetMap file")
    p.add_argument("--data", required=True, help="the data directory (boundaries imported)")
    p.add_argument("--osm", action="store_true", help="the GeoJSON file is an OSM export")
    p.set_defaults(func=_cmd)
