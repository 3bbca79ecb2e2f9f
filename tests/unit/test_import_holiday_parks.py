"""`python -m geo import holiday-parks`: the municipality's park list, or OpenStreetMap.

A spreadsheet with RD x/y or lat/lon and the municipality's own names and words, a
GeoJSON/GeoPackage of park outlines, an Overpass GeoJSON export (--osm) or an .osm
extract read by GDAL's OSM driver. Parks found in OpenStreetMap are not yet assessed:
the map gives them their own legend entry. A bad file exits 1 with one line per
problem and leaves the data directory as it was.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from pyproj import Transformer

from geo.config import Settings
from geo.dataset import Dataset, load_dataset
from geo.errors import DataValidationError
from geo.importers.holiday_parks import import_holiday_parks
from layers.base import MapContext
from layers.registry import LAYERS_BY_ID
from tests.import_tools import assert_refused, run, snapshot, staging_leftovers

HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
TO_WGS84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
DUTCH_HEADER = "Naam;Vitaliteit;Eenheden;Permanente bewoners;RD_X;RD_Y"
# Places inside demo buurten (representative points, RD New metres)
BEILEN = "BU17310000"
HIJKEN = "BU17310100"
HOOGHALEN = "BU17310200"


# -- helpers ----------------------------------------------------------------------------


def parks_of(data: Path | Dataset) -> pd.DataFrame:
    dataset = data if isinstance(data, Dataset) else load_dataset(data)
    return dataset.holiday_parks.sort_values("park_id").reset_index(drop=True)


def popup_title(popup: str) -> str:
    found = re.search(r"<h2>(.*?)</h2>", popup)
    assert found, popup
    return found[1]


@pytest.fixture(scope="module")
def template_dataset(small_template: Path) -> Dataset:
    return load_dataset(small_template)


@pytest.fixture(scope="module")
def spots(template_dataset: Dataset) -> dict[str, shapely.Point]:
    """A point inside each of three demo buurten, in RD New."""
    buurten = template_dataset.buurten.set_index("buurtcode")
    return {c: buurten.geometry[c].representative_point() for c in (BEILEN, HIJKEN, HOOGHALEN)}


@pytest.fixture(scope="module")
def municipality(template_dataset: Dataset) -> shapely.Geometry:
    return shapely.union_all(template_dataset.buurten.geometry.values)


def lonlat(point: shapely.Point, dx: float = 0.0, dy: float = 0.0) -> tuple[float, float]:
    return TO_WGS84.transform(point.x + dx, point.y + dy)


def dutch(value: float) -> str:
    """A number the way Dutch Excel writes it: decimal comma."""
    return f"{value:.1f}".replace(".", ",")


# -- the municipality's list: CSV with RD x/y in Dutch ------------------------------------


def test_dutch_csv_with_rd_coordinates_through_the_cli(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, spots
) -> None:
    beilen, hijken = spots[BEILEN], spots[HIJKEN]
    source = tmp_path / "vakantieparken.csv"
    source.write_bytes(
        (
            f"{DUTCH_HEADER};Opmerking\n"
            f"Park ‘t Één;Niet vitaal;1.200;35;{beilen.x:.1f};{beilen.y:.1f};café – terras\n"
            f"De Vennen;Vitaal;80;;{dutch(hijken.x)};{dutch(hijken.y)};\n"
        ).encode("cp1252")  # what Dutch Excel saves as "CSV (puntkomma)"
    )

    code, out, err = run(capsys, "import", "holiday-parks", str(source), "--data", str(small_data))

    assert (code, err) == (0, ""), err
    assert out.startswith("imported 2 holiday parks into")
    assert "not yet assessed" not in out
    # the demo's GeoJSON is replaced by a GeoPackage: one file per table
    assert sorted(p.name for p in small_data.glob("holiday_parks.*")) == ["holiday_parks.gpkg"]
    assert staging_leftovers(small_data) == []

    dataset = load_dataset(small_data)
    parks = parks_of(dataset)
    assert list(parks["park_id"]) == ["PARK-001", "PARK-002"]
    assert list(parks["name"]) == ["Park ‘t Één", "De Vennen"]
    assert list(parks["vitality"]) == ["niet-vitaal", "vitaal"]
    assert list(parks["units"]) == [1200, 80]  # "1.200" is twelve hundred
    assert parks["permanent_residents"].iloc[0] == 35
    assert pd.isna(parks["permanent_residents"].iloc[1])
    assert parks.crs.to_epsg() == 28992
    assert parks.geometry.iloc[0].distance(beilen) < 0.1
    assert parks.geometry.iloc[1].distance(hijken) < 0.1

    entry = dataset.manifest.tables["holiday_parks"]
    assert (entry.source, entry.generated) == (f"file {source.name}", False)
    assert dataset.manifest.demo is True  # other tables of the manifest are generated

    code, out, err = run(capsys, "info", "--json", "--data", str(small_data))
    assert (code, err) == (0, "")
    assert json.loads(out)["layers"]["holiday_parks"]["count"] == 2


def test_lat_lon_columns(small_data: Path, tmp_path: Path, spots) -> None:
    (lon0, lat0), (lon1, lat1) = lonlat(spots[BEILEN]), lonlat(spots[HOOGHALEN])
    source = tmp_path / "parks.csv"
    source.write_text(
        "park_id,name,vitality,units,latitude,longitude\n"
        f"VP-1,Bosrand,kansrijk,40,{lat0:.7f},{lon0:.7f}\n"
        f'VP-2,"Het Drouwenerzand, Hooghalen",transformatie,12,{lat1:.7f},{lon1:.7f}\n',
        encoding="utf-8",
    )
    parks = import_holiday_parks(source, small_data)
    assert list(parks["park_id"]) == ["VP-1", "VP-2"]
    stored = parks_of(small_data)
    assert list(stored["vitality"]) == ["kansrijk", "transformatie"]
    assert stored.geometry.iloc[0].distance(spots[BEILEN]) < 1.0
    assert stored.geometry.iloc[1].distance(spots[HOOGHALEN]) < 1.0


def test_lat_lon_with_decimal_commas_in_a_semicolon_file(
    small_data: Path, tmp_path: Path, spots
) -> None:
    lon, lat = lonlat(spots[HIJKEN])
    source = tmp_path / "parks.csv"
    source.write_text(
        f"Naam;Breedtegraad;Lengtegraad\nHijkerveld;{lat:.7f};{lon:.7f}\n".replace(".", ","),
        encoding="utf-8-sig",
    )
    import_holiday_parks(source, small_data)
    stored = parks_of(small_data)
    assert list(stored["name"]) == ["Hijkerveld"]
    assert pd.isna(stored["vitality"].iloc[0])  # not given: not yet assessed
    assert stored.geometry.iloc[0].distance(spots[HIJKEN]) < 1.0


def test_rd_coordinates_with_dutch_thousands_separators(
    small_data: Path, tmp_path: Path, spots
) -> None:
    beilen = spots[BEILEN]
    x = f"{beilen.x:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")
    y = f"{beilen.y:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")
    source = tmp_path / "parks.csv"
    source.write_text(f"Naam;X;Y\nDe Eikenhof;{x};{y}\n", encoding="utf-8")
    import_holiday_parks(source, small_data)
    assert parks_of(small_data).geometry.iloc[0].distance(beilen) < 0.1


# -- bad lists: exit 1, one line per problem, nothing changed ----------------------------


def bad_lists(spots: dict[str, shapely.Point]) -> dict[str, tuple[str, str, list[str]]]:
    beilen, hijken = spots[BEILEN], spots[HIJKEN]
    lon, lat = lonlat(beilen)
    ok = f"{beilen.x:.0f};{beilen.y:.0f}"
    return {
        "swapped-x-y": (
            "parks.csv",
            f"Naam;x;y\nGoed;{ok}\nOmgedraaid;{beilen.y:.0f};{beilen.x:.0f}\n",
            ["line 3, field 'x'", "look swapped"],
        ),
        "swapped-lat-lon": (
            "parks.csv",
            f"name,lat,lon\nGood,{lat:.6f},{lon:.6f}\nSwapped,{lon:.6f},{lat:.6f}\n",
            ["line 3, field 'lat'", "latitude and longitude look swapped"],
        ),
        "degrees-in-x-y": (
            "parks.csv",
            f"Naam;RD_X;RD_Y\nGraden;{lat:.6f};{lon:.6f}\n",
            ["line 2, field 'x': looks like degrees: put latitude/longitude in lat and lon"],
        ),
        "far-outside-the-municipality": (
            "parks.csv",
            # Texel: a Dutch RD coordinate, but nowhere near Midden-Drenthe
            f"Naam;x;y\nGoed;{ok}\nTexel;115000;560000\n",
            ["line 3, field 'geometry': lies outside Midden-Drenthe: check the coordinates"],
        ),
        "just-outside-is-fine-but-50-km-is-not": (
            "parks.csv",
            f"Naam;x;y\nVer weg;{hijken.x + 50_000:.0f};{hijken.y:.0f}\n",
            ["line 2, field 'geometry': lies outside Midden-Drenthe"],
        ),
        "coordinate-not-a-number": (
            "parks.csv",
            "Naam;x;y\nA;twee;drie\n",
            ["line 2, field 'x': 'twee', 'drie': x and y must be numbers (RD metres)"],
        ),
        "duplicate-park-id": (
            "parks.csv",
            f"Parknummer;Naam;x;y\nP1;A;{ok}\nP2;B;{ok}\nP1;C;{ok}\n",
            ["line 4, field 'park_id': P1 appears twice (also on line 2)"],
        ),
        "empty-name": (
            "parks.csv",
            f"Naam;x;y\n;{ok}\n",
            ["line 2, field 'name': empty: every park needs a name"],
        ),
        "unknown-vitality": (
            "parks.csv",
            f"Naam;Vitaliteit;x;y\nA;matig;{ok}\n",
            [
                "line 2, field 'vitality': 'matig' is not one of vitaal, kansrijk, "
                "niet-vitaal, transformatie"
            ],
        ),
        "units-not-a-number": (
            "parks.csv",
            f"Naam;Eenheden;Permanente bewoners;x;y\nA;veel;-3;{ok}\n",
            [
                "line 2, field 'units': 'veel' is not a number",
                "line 2, field 'permanent_residents': '-3' is not a whole number from 0",
            ],
        ),
        "missing-name-column": (
            "parks.csv",
            f"Park id;x;y\nP1;{ok}\n",
            ["line 1, field 'name': required column is missing (any of: name, naam"],
        ),
        "no-location-columns": (
            "parks.csv",
            "Naam;Adres\nA;Hoofdstraat 1\n",
            ["line 1, field 'x': no location: give columns x and y (RD New metres) or lat"],
        ),
        "empty-file": ("parks.csv", "", ["file: is empty: expected a header with name"]),
        "header-only": ("parks.csv", f"{DUTCH_HEADER}\n", ["file: has a header but no rows"]),
        "not-a-park-file": (
            "parks.docx",
            "PK",
            ["file: give a .csv, .xlsx, .gpkg, .geojson, .osm or .osm.pbf"],
        ),
        "truncated-geojson": (
            "parks.geojson",
            '{"type": "FeatureCollection", "features": [{"type": "Fea',
            ["file: cannot be read as a geo file"],
        ),
        "broken-workbook": ("parks.xlsx", "PK\x03\x04 kapot", ["file: cannot be read as an Excel"]),
    }


CASES = [
    "swapped-x-y",
    "swapped-lat-lon",
    "degrees-in-x-y",
    "far-outside-the-municipality",
    "just-outside-is-fine-but-50-km-is-not",
    "coordinate-not-a-number",
    "duplicate-park-id",
    "empty-name",
    "unknown-vitality",
    "units-not-a-number",
    "missing-name-column",
    "no-location-columns",
    "empty-file",
    "header-only",
    "not-a-park-file",
    "truncated-geojson",
    "broken-workbook",
]


@pytest.mark.parametrize("case", CASES)
def test_bad_list_exits_1_with_a_line_per_problem_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, spots, case: str
) -> None:
    name, content, expected = bad_lists(spots)[case]
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    before = snapshot(small_data)

    code, out, err = run(capsys, "import", "holiday-parks", str(source), "--data", str(small_data))

    assert code == 1
    assert out == ""
    assert_refused(err, source, *expected)
    if "\nGoed;" in content or "\nGood," in content:
        assert "line 2" not in err  # the good row above the bad one is not blamed
    assert snapshot(small_data) == before
    assert staging_leftovers(small_data) == []


def test_a_park_just_over_the_boundary_is_accepted(
    small_data: Path, tmp_path: Path, municipality: shapely.Geometry
) -> None:
    area = municipality
    _, miny, maxx, maxy = area.bounds
    outside = shapely.Point(maxx + 500, (miny + maxy) / 2)  # 500 m east of the eastern edge
    assert not area.contains(outside)
    source = tmp_path / "parks.csv"
    source.write_text(f"Naam;x;y\nGrenspark;{outside.x:.0f};{outside.y:.0f}\n", encoding="utf-8")
    import_holiday_parks(source, small_data)
    assert list(parks_of(small_data)["name"]) == ["Grenspark"]


# -- geo files of parks -----------------------------------------------------------------


def test_geojson_of_park_outlines_with_attributes(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, spots
) -> None:
    source = tmp_path / "parken.geojson"
    gpd.GeoDataFrame(
        {
            "parknummer": ["VP-A", "VP-B"],
            "naam": ["Bospark", "Heidepark"],
            "vitaliteit": ["Transformatie", "Niet vitaal"],
            "eenheden": [120, None],
            "permanente_bewoners": [4, 0],
        },
        geometry=[spots[BEILEN].buffer(200), spots[HOOGHALEN].buffer(150)],
        crs="EPSG:28992",
    ).to_crs("EPSG:4326").to_file(source, driver="GeoJSON")

    code, out, err = run(capsys, "import", "holiday-parks", str(source), "--data", str(small_data))

    assert (code, err) == (0, ""), err
    assert out.startswith("imported 2 holiday parks into")
    parks = parks_of(small_data)
    assert list(parks["park_id"]) == ["VP-A", "VP-B"]
    assert list(parks["vitality"]) == ["transformatie", "niet-vitaal"]
    assert parks["units"].iloc[0] == 120 and pd.isna(parks["units"].iloc[1])
    assert list(parks.geom_type) == ["Polygon", "Polygon"]
    assert parks.geometry.iloc[0].area == pytest.approx(shapely.Point(0, 0).buffer(200).area, 0.01)
    assert parks.geometry.iloc[0].centroid.distance(spots[BEILEN]) < 1.0


def test_geojson_in_the_wrong_crs_names_the_feature(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, spots
) -> None:
    collection = json.loads(
        gpd.GeoDataFrame(
            {"naam": ["Goed", "RD"]},
            geometry=[spots[BEILEN], spots[HIJKEN]],
            crs="EPSG:28992",
        ).to_json()
    )
    collection.pop("crs", None)  # GeoJSON without crs means WGS84: these are metres
    (lon, lat) = lonlat(spots[BEILEN])
    collection["features"][0]["geometry"]["coordinates"] = [lon, lat]
    source = tmp_path / "parken.geojson"
    source.write_text(json.dumps(collection), encoding="utf-8")
    before = snapshot(small_data)

    code, _, err = run(capsys, "import", "holiday-parks", str(source), "--data", str(small_data))

    assert code == 1
    assert_refused(err, source, "feature 2, field 'geometry': lies outside Midden-Drenthe")
    assert "feature 1" not in err
    assert snapshot(small_data) == before


def test_geojson_with_swapped_axes_names_the_feature(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, spots
) -> None:
    lon, lat = lonlat(spots[BEILEN])
    source = tmp_path / "parken.geojson"
    gpd.GeoDataFrame(
        {"naam": ["Omgedraaid"]}, geometry=[shapely.Point(lat, lon)], crs="EPSG:4326"
    ).to_file(source, driver="GeoJSON")
    code, _, err = run(capsys, "import", "holiday-parks", str(source), "--data", str(small_data))
    assert code == 1
    assert_refused(err, source, "feature 1, field 'geometry': lies outside")


def test_a_line_is_not_a_park(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, spots
) -> None:
    source = tmp_path / "parken.gpkg"
    gpd.GeoDataFrame(
        {"naam": ["Punt", "Lijn"]},
        geometry=[spots[BEILEN], shapely.LineString([spots[BEILEN], spots[HIJKEN]])],
        crs="EPSG:28992",
    ).to_file(source, driver="GPKG")
    before = snapshot(small_data)

    code, _, err = run(capsys, "import", "holiday-parks", str(source), "--data", str(small_data))

    assert code == 1
    assert "Traceback" not in err
    assert "feature 2" in err and "LineString" in err
    assert snapshot(small_data) == before
    assert staging_leftovers(small_data) == []


@pytest.mark.parametrize("geometry", ["line", "none"])
def test_wrong_geometry_is_named_in_the_users_file(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, spots, geometry: str
) -> None:
    second = shapely.LineString([spots[BEILEN], spots[HIJKEN]]) if geometry == "line" else None
    source = tmp_path / "parken.gpkg"
    gpd.GeoDataFrame(
        {"naam": ["Punt", "Fout"]}, geometry=[spots[BEILEN], second], crs="EPSG:28992"
    ).to_file(source, driver="GPKG")
    code, _, err = run(capsys, "import", "holiday-parks", str(source), "--data", str(small_data))
    assert code == 1
    assert_refused(err, source, "feature 2, field 'geometry'")


@pytest.mark.parametrize("features", ["without-name", "empty"])
def test_geo_file_problems_are_not_placed_at_header_0(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, spots, features: str
) -> None:
    source = tmp_path / "parken.geojson"
    if features == "empty":
        source.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    else:
        gpd.GeoDataFrame(
            {"titel": ["Bospark"]}, geometry=[spots[BEILEN]], crs="EPSG:28992"
        ).to_file(source, driver="GeoJSON")
    code, _, err = run(capsys, "import", "holiday-parks", str(source), "--data", str(small_data))
    assert code == 1
    assert_refused(err, source)
    assert "header 0" not in err


# -- OpenStreetMap ----------------------------------------------------------------------


def overpass_export(spots: dict[str, shapely.Point], path: Path) -> Path:
    """What overpass-turbo's GeoJSON export looks like: `@id` and tags as properties."""
    lon0, lat0 = lonlat(spots[BEILEN])
    lon1, lat1 = lonlat(spots[HIJKEN])
    lon2, lat2 = lonlat(spots[HOOGHALEN])
    square = [[lon2, lat2], [lon2 + 0.002, lat2], [lon2 + 0.002, lat2 + 0.0015], [lon2, lat2]]

    def feature(osm_id: str, tags: dict[str, str], geometry: dict) -> dict:
        return {
            "type": "Feature",
            "id": osm_id,
            "properties": {"@id": osm_id, **tags},
            "geometry": geometry,
        }

    features = [
        feature(
            "node/1",
            {"tourism": "camp_site", "name": "Camping De Heide"},
            {"type": "Point", "coordinates": [lon0, lat0]},
        ),
        feature(
            "node/2",
            {"amenity": "cafe", "name": "Eetcafé"},
            {"type": "Point", "coordinates": [lon1, lat1]},
        ),
        feature(
            "way/3",
            {"leisure": "resort", "name": HOSTILE},
            {"type": "Polygon", "coordinates": [square]},
        ),
        feature(
            "node/4",
            {"tourism": "caravan_site", "name": "Camping aan zee"},
            {"type": "Point", "coordinates": [4.62, 52.46]},  # IJmuiden: not ours
        ),
        feature(
            "node/5",
            {"tourism": "chalet"},  # no name
            {"type": "Point", "coordinates": [lon1 + 0.001, lat1]},
        ),
        feature(
            "node/6",
            {"tourism": "hotel", "name": "Hotel"},
            {"type": "Point", "coordinates": [lon0 + 0.001, lat0]},
        ),
    ]
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
    )
    return path


def test_overpass_geojson_takes_the_relevant_parks_inside_and_the_map_shows_them(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, spots
) -> None:
    source = overpass_export(spots, tmp_path / "export.geojson")

    code, out, err = run(
        capsys, "import", "holiday-parks", str(source), "--data", str(small_data), "--osm"
    )

    assert (code, err) == (0, ""), err
    assert out.startswith("imported 3 holiday parks, 3 not yet assessed into")
    dataset = load_dataset(small_data)
    parks = parks_of(dataset)
    assert list(parks["park_id"]) == ["OSM-node/1", "OSM-node/5", "OSM-way/3"]
    assert list(parks["name"]) == ["Camping De Heide", "(OSM-node/5)", HOSTILE]
    assert parks["vitality"].isna().all()
    assert parks[["units", "permanent_residents", "target_group_households"]].isna().all().all()
    assert list(parks.geom_type) == ["Point", "Point", "Polygon"]
    assert parks.geometry.iloc[0].distance(spots[BEILEN]) < 1.0
    entry = dataset.manifest.tables["holiday_parks"]
    assert entry.source == "OpenStreetMap extract export.geojson (ODbL)"
    assert "ODbL" in entry.licence

    layer = LAYERS_BY_ID["holiday_parks"]
    ctx = MapContext(dataset, Settings(), 2025)
    assert layer.build(ctx) is not None
    labels = layer.legend(ctx).labels()
    assert "nog niet beoordeeld (3)" in labels
    rows = layer.rows(ctx)
    assert len(rows) == 3
    popups = {popup_title(row[3]): row[3] for row in rows}
    assert HOSTILE_ESCAPED in popups  # the name is shown as text ...
    hostile = popups[HOSTILE_ESCAPED]
    assert HOSTILE not in hostile  # ... never as an element
    assert "nog niet beoordeeld" in hostile
    for row in rows:
        assert "nog niet beoordeeld" in row[4]  # the label a screen reader gets


def test_osm_export_without_parks_inside_is_refused(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, spots
) -> None:
    lon, lat = lonlat(spots[HIJKEN])
    source = tmp_path / "export.geojson"
    source.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"@id": "node/2", "amenity": "cafe"},
                        "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    before = snapshot(small_data)
    code, _, err = run(
        capsys, "import", "holiday-parks", str(source), "--data", str(small_data), "--osm"
    )
    assert code == 1
    assert_refused(err, source, "file: no holiday parks found")
    assert snapshot(small_data) == before


def test_osm_flag_on_a_spreadsheet_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, spots
) -> None:
    source = tmp_path / "parks.csv"
    source.write_text("name;x;y\nA;231000;543000\n", encoding="utf-8")
    before = snapshot(small_data)
    code, _, err = run(
        capsys, "import", "holiday-parks", str(source), "--data", str(small_data), "--osm"
    )
    assert code == 1
    assert_refused(err, source)
    assert snapshot(small_data) == before


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")  # the bug's echo
def test_osm_export_in_the_wrong_crs_says_so(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, spots
) -> None:
    source = tmp_path / "export.geojson"
    point = spots[BEILEN]
    source.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"@id": "node/1", "tourism": "camp_site", "name": "A"},
                        "geometry": {"type": "Point", "coordinates": [point.x, point.y]},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    code, _, err = run(
        capsys, "import", "holiday-parks", str(source), "--data", str(small_data), "--osm"
    )
    assert code == 1
    assert_refused(err, source)
    assert "no holiday parks found" not in err
    assert re.search(r"CRS|longitude|coordinates", err), err


def osm_xml(spots: dict[str, shapely.Point], *, relation: bool = False) -> str:
    """A tiny .osm extract: a camp site node, a cafe node, a resort as a closed way,
    and (optionally) a caravan site mapped as a multipolygon relation."""
    lon0, lat0 = lonlat(spots[BEILEN])
    lon1, lat1 = lonlat(spots[HIJKEN])
    lon2, lat2 = lonlat(spots[HOOGHALEN])

    def node(i: int, lon: float, lat: float, tags: str = "") -> str:
        return f'  <node id="{i}" version="1" lat="{lat:.7f}" lon="{lon:.7f}">{tags}</node>'

    def ring(first: int, lon: float, lat: float) -> list[str]:
        corners = [(0, 0), (0.003, 0), (0.003, 0.002), (0, 0.002)]
        return [node(first + k, lon + dx, lat + dy) for k, (dx, dy) in enumerate(corners)]

    def refs(first: int) -> str:
        return "".join(f'<nd ref="{first + k}"/>' for k in (0, 1, 2, 3, 0))

    lines = [
        "<?xml version='1.0' encoding='UTF-8'?>",
        '<osm version="0.6" generator="afsprakenkaart tests">',
        node(1, lon0, lat0, '<tag k="tourism" v="camp_site"/><tag k="name" v="Camping Één"/>'),
        node(2, lon0 + 0.002, lat0, '<tag k="amenity" v="cafe"/><tag k="name" v="Café"/>'),
        *ring(11, lon2, lat2),
        f'  <way id="10" version="1">{refs(11)}'
        '<tag k="leisure" v="resort"/><tag k="name" v="Resort Hooghalen"/></way>',
    ]
    if relation:
        lines += [
            *ring(21, lon1, lat1),
            f'  <way id="20" version="1">{refs(21)}</way>',
            '  <relation id="30" version="1"><member type="way" ref="20" role="outer"/>'
            '<tag k="type" v="multipolygon"/><tag k="tourism" v="caravan_site"/>'
            '<tag k="name" v="Caravanpark Hijken"/></relation>',
        ]
    lines.append("</osm>")
    return "\n".join(lines) + "\n"


def test_osm_xml_extract_through_gdal(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, spots
) -> None:
    source = tmp_path / "midden-drenthe.osm"
    source.write_text(osm_xml(spots), encoding="utf-8")

    # no --osm needed: the .osm extension says it
    code, out, err = run(capsys, "import", "holiday-parks", str(source), "--data", str(small_data))

    assert (code, err) == (0, ""), err
    assert "2 holiday parks, 2 not yet assessed" in out
    parks = parks_of(small_data)
    assert list(parks["park_id"]) == ["OSM-node/1", "OSM-way/10"]
    assert list(parks["name"]) == ["Camping Één", "Resort Hooghalen"]
    assert parks["vitality"].isna().all()
    assert list(parks.geom_type) == ["Point", "MultiPolygon"]
    corner = spots[HOOGHALEN]  # the way starts there and runs east and north
    assert parks.geometry.iloc[1].contains(shapely.Point(corner.x + 50, corner.y + 50))


def test_osm_relation_keeps_its_own_id(small_data: Path, tmp_path: Path, spots) -> None:
    source = tmp_path / "extract.osm"
    source.write_text(osm_xml(spots, relation=True), encoding="utf-8")
    parks = import_holiday_parks(source, small_data)
    assert "Caravanpark Hijken" in set(parks["name"])
    ids = dict(zip(parks["name"], parks["park_id"], strict=True))
    assert ids["Caravanpark Hijken"] == "OSM-relation/30"


@pytest.mark.parametrize(
    "content",
    [
        '<?xml version="1.0"?><osm version="0.6"><node id="1" lat="52.87" lon="6.5">',
        "",
        "dit is geen osm",
    ],
    ids=["truncated", "empty", "not-xml"],
)
def test_broken_osm_extract_is_one_line(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, content: str
) -> None:
    source = tmp_path / "extract.osm"
    source.write_text(content, encoding="utf-8")
    before = snapshot(small_data)
    code, _, err = run(capsys, "import", "holiday-parks", str(source), "--data", str(small_data))
    assert code == 1
    assert_refused(err, source, "file: cannot be read as OpenStreetMap data")
    assert len(err.strip().splitlines()) == 1
    assert snapshot(small_data) == before


def test_function_raises_data_validation_error_with_every_problem(
    small_data: Path, tmp_path: Path, spots
) -> None:
    ok = f"{spots[BEILEN].x:.0f};{spots[BEILEN].y:.0f}"
    source = tmp_path / "parks.csv"
    source.write_text(
        f"Id;Naam;Vitaliteit;x;y\nA;Een;vitaal;{ok}\nA;;slecht;{ok}\nC;Drie;;115000;560000\n",
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError) as caught:
        import_holiday_parks(source, small_data)
    found = sorted((p.where, p.field) for p in caught.value.problems)
    assert found == [
        ("line 3", "name"),
        ("line 3", "park_id"),
        ("line 3", "vitality"),
        ("line 4", "geometry"),
    ]
