"""Loading a data directory: every problem of every file at once, and nothing changed on disk."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely import affinity
from shapely.geometry import Polygon

from geo.config import DEMO_DATA_DIR
from geo.dataset import RD_NEW, Dataset, load_dataset, read_table
from geo.errors import DataValidationError, Problem
from geo.schemas import TABLES, TABLES_BY_NAME

REFERENCE_BOUNDS = [220436.0, 528266.0, 245338.0, 558170.0]
HOMES_KEPT = 300


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with only its first homes, so that each broken copy loads quickly."""
    target = tmp_path_factory.mktemp("small-demo") / "data"
    shutil.copytree(DEMO_DATA_DIR, target)
    for table in ("corporation_homes", "private_homes"):
        path = target / f"{table}.geojson"
        homes = gpd.read_file(path, rows=HOMES_KEPT)
        path.unlink()
        homes.to_file(path, driver="GeoJSON")
    return target


@pytest.fixture
def data_dir(small_demo: Path, tmp_path: Path) -> Path:
    """A writable copy of the (small) demo directory."""
    target = tmp_path / "data"
    shutil.copytree(small_demo, target)
    return target


def _problems(directory: Path) -> list[Problem]:
    with pytest.raises(DataValidationError) as info:
        load_dataset(directory)
    return info.value.problems


def _file_problems(path: Path) -> list[Problem]:
    """Problems of one table file on its own (what load_dataset reports for that file)."""
    with pytest.raises(DataValidationError) as info:
        read_table(path, TABLES_BY_NAME[path.stem])
    return info.value.problems


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def _rewrite(
    directory: Path, table: str, edit: Callable[[gpd.GeoDataFrame], gpd.GeoDataFrame | None]
) -> Path:
    """Read one GeoJSON table, change it, and write it back in place."""
    path = directory / f"{table}.geojson"
    gdf = gpd.read_file(path)
    changed = edit(gdf)
    gdf = gdf if changed is None else changed
    path.unlink()
    gdf.to_file(path, driver="GeoJSON")
    return path


def _set(row: int, column: str, value: object) -> Callable[[gpd.GeoDataFrame], None]:
    def edit(gdf: gpd.GeoDataFrame) -> None:
        gdf[column] = gdf[column].astype(object)
        gdf.loc[row, column] = value

    return edit


def _set_geometry(row: int, make: Callable[[object], object]) -> Callable[[gpd.GeoDataFrame], None]:
    def edit(gdf: gpd.GeoDataFrame) -> None:
        geoms = list(gdf.geometry)
        geoms[row] = make(geoms[row])
        gdf.geometry = gpd.GeoSeries(geoms, crs=gdf.crs, index=gdf.index)

    return edit


def _where_field(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.where, p.field) for p in problems]


# --- the demo -------------------------------------------------------------------------


def test_the_demo_loads_every_table_in_rd_new(demo_dataset: Dataset) -> None:
    assert set(demo_dataset.tables) == {spec.name for spec in TABLES}
    assert set(demo_dataset.files) == {spec.name for spec in TABLES}
    for spec in TABLES:
        frame = demo_dataset.table(spec.name)
        assert len(frame) > 0, spec.name
        if spec.has_geometry:
            assert isinstance(frame, gpd.GeoDataFrame)
            assert frame.crs == RD_NEW, spec.name
    assert demo_dataset.manifest.municipality_code == "GM1731"


def test_columns_get_their_schema_types(demo_dataset: Dataset) -> None:
    homes = demo_dataset.corporation_homes
    assert str(homes["measure_year"].dtype) == "Int64"
    assert str(homes["heating_change"].dtype) == "boolean"
    assert str(demo_dataset.heat_phasing["period_start"].dtype) == "Int64"


def test_loading_does_not_change_the_files(data_copy: Path) -> None:
    before = _snapshot(data_copy)
    load_dataset(data_copy)
    assert _snapshot(data_copy) == before


def test_loading_a_broken_directory_does_not_change_the_files(data_dir: Path) -> None:
    _rewrite(data_dir, "corporation_homes", _set(4, "measure", "afbraak"))
    (data_dir / "heat_phasing.csv").write_text(
        "area_code;period_start;period_end;strategy;plan_status\n"
        "WK173100;2025;2022;warmtenet;uitvoering\n",
        encoding="cp1252",
    )
    (data_dir / "wijken.geojson").unlink()  # would be derived, but never written
    before = _snapshot(data_dir)
    _problems(data_dir)
    assert _snapshot(data_dir) == before


# --- files that are not what they claim -----------------------------------------------

NOT_GEO = {
    "text": b"Dit is een tekstbestand, geen kaart.\n",
    "garbage bytes": bytes(range(256)) * 8,
    "empty file": b"",
    "truncated": (DEMO_DATA_DIR / "buurten.geojson").read_bytes()[:5000],
}


@pytest.mark.parametrize("content", NOT_GEO.values(), ids=NOT_GEO.keys())
@pytest.mark.parametrize("table", ["buurten", "holiday_parks"])
def test_a_file_that_is_not_geojson(tmp_path: Path, table: str, content: bytes) -> None:
    path = tmp_path / f"{table}.geojson"
    path.write_bytes(content)
    problems = _file_problems(path)
    assert [(p.file, p.where) for p in problems] == [(str(path), "file")]
    assert "cannot be read" in problems[0].message


def test_a_directory_with_one_unreadable_file(data_dir: Path) -> None:
    path = data_dir / "holiday_parks.geojson"
    path.write_bytes(NOT_GEO["garbage bytes"])
    problems = _problems(data_dir)
    assert [(p.file, p.where) for p in problems] == [(str(path), "file")]


def test_a_required_table_with_zero_features(data_dir: Path) -> None:
    path = data_dir / "buurten.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    collection["features"] = []
    path.write_text(json.dumps(collection), encoding="utf-8")
    problems = _problems(data_dir)
    assert [(p.file, p.where) for p in problems] == [(str(path), "file")]
    assert "no rows" in problems[0].message


def test_a_required_table_that_is_missing(data_dir: Path) -> None:
    (data_dir / "buurten.geojson").unlink()
    problems = _problems(data_dir)
    assert len(problems) == 1
    assert problems[0].file == str(data_dir)
    assert "buurten.gpkg or buurten.geojson" in problems[0].message
    assert "missing" in problems[0].message


def test_not_a_directory(tmp_path: Path) -> None:
    problems = _problems(tmp_path / "nonexistent")
    assert [p.file for p in problems] == [str(tmp_path / "nonexistent")]


def test_a_missing_manifest(data_dir: Path) -> None:
    (data_dir / "manifest.toml").unlink()
    problems = _problems(data_dir)
    assert [(p.file, p.where) for p in problems] == [(str(data_dir / "manifest.toml"), "file")]
    assert "missing" in problems[0].message


def test_a_manifest_field_that_is_wrong(data_dir: Path) -> None:
    path = data_dir / "manifest.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"GM1731"', '"1731"', 1), encoding="utf-8"
    )
    problems = _problems(data_dir)
    assert [(p.file, p.field) for p in problems] == [(str(path), "municipality_code")]


def test_both_a_geopackage_and_a_geojson_of_one_table(data_dir: Path) -> None:
    gpd.read_file(data_dir / "buurten.geojson").to_file(data_dir / "buurten.gpkg")
    problems = _problems(data_dir)
    assert len(problems) == 1
    assert problems[0].file == str(data_dir)
    assert "buurten.gpkg" in problems[0].message
    assert "buurten.geojson" in problems[0].message


def test_a_geopackage_alone_loads(data_dir: Path) -> None:
    path = data_dir / "holiday_parks.geojson"
    gpd.read_file(path).to_file(data_dir / "holiday_parks.gpkg")
    path.unlink()
    dataset = load_dataset(data_dir)
    assert dataset.files["holiday_parks"].name == "holiday_parks.gpkg"
    assert len(dataset.holiday_parks) == len(gpd.read_file(DEMO_DATA_DIR / path.name))


# --- geometry -------------------------------------------------------------------------


def test_a_point_among_the_buurten(data_dir: Path) -> None:
    path = _rewrite(data_dir, "buurten", _set_geometry(2, lambda g: g.centroid))
    problems = _problems(data_dir)
    assert [(p.file, p.where, p.field) for p in problems] == [(str(path), "feature 3", "geometry")]
    assert "Point" in problems[0].message
    assert "Polygon" in problems[0].message


def test_swapped_axes_lie_outside_the_netherlands(data_dir: Path) -> None:
    swap = _set_geometry(5, lambda g: affinity.affine_transform(g, [0, 1, 1, 0, 0, 0]))
    path = _rewrite(data_dir, "buurten", swap)
    problems = _file_problems(path)
    assert [(p.file, p.where, p.field) for p in problems] == [(str(path), "feature 6", "geometry")]
    assert "outside the Netherlands" in problems[0].message


def test_rd_coordinates_labelled_as_wgs84(data_dir: Path) -> None:
    """Metres labelled as degrees: one clear problem for the file, nothing is moved."""
    path = data_dir / "buurten.geojson"
    text = path.read_text(encoding="utf-8")
    assert "urn:ogc:def:crs:EPSG::28992" in text
    path.write_text(text.replace("urn:ogc:def:crs:EPSG::28992", "urn:ogc:def:crs:OGC:1.3:CRS84"))
    problems = _file_problems(path)
    assert [(p.file, p.where, p.field) for p in problems] == [(str(path), "file", "geometry")]
    assert "not longitude/latitude" in problems[0].message
    assert "EPSG:28992" in problems[0].message


def test_lat_lon_swapped_in_wgs84(data_dir: Path) -> None:
    def edit(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        wgs84 = gdf.to_crs(4326)
        swapped = list(wgs84.geometry)
        swapped[0] = affinity.affine_transform(swapped[0], [0, 1, 1, 0, 0, 0])
        return wgs84.set_geometry(gpd.GeoSeries(swapped, crs=4326, index=wgs84.index))

    path = _rewrite(data_dir, "buurten", edit)
    problems = _file_problems(path)
    assert [(p.file, p.where, p.field) for p in problems] == [(str(path), "feature 1", "geometry")]
    assert "outside the Netherlands" in problems[0].message


def test_a_self_intersecting_polygon(data_dir: Path) -> None:
    def bowtie(g: object) -> Polygon:
        x, y = g.centroid.x, g.centroid.y  # type: ignore[attr-defined]
        return Polygon([(x, y), (x + 100, y + 100), (x + 100, y), (x, y + 100)])

    path = _rewrite(data_dir, "buurten", _set_geometry(7, bowtie))
    problems = _file_problems(path)
    assert [(p.file, p.where, p.field) for p in problems] == [(str(path), "feature 8", "geometry")]
    assert "Self-intersection" in problems[0].message


def test_a_buurt_without_geometry(data_dir: Path) -> None:
    path = _rewrite(data_dir, "buurten", _set_geometry(0, lambda g: None))
    assert _where_field(_file_problems(path)) == [("feature 1", "geometry")]


def test_wgs84_geojson_is_reprojected_to_rd_new(data_dir: Path) -> None:
    _rewrite(data_dir, "buurten", lambda gdf: gdf.to_crs(4326))
    _rewrite(data_dir, "holiday_parks", lambda gdf: gdf.to_crs(4326))
    assert '"urn:ogc:def:crs:EPSG::28992"' not in (data_dir / "buurten.geojson").read_text()
    dataset = load_dataset(data_dir)
    original = gpd.read_file(DEMO_DATA_DIR / "buurten.geojson")
    assert dataset.buurten.crs == RD_NEW
    assert list(dataset.buurten.total_bounds) == pytest.approx(REFERENCE_BOUNDS, abs=1.0)
    assert list(dataset.buurten.geometry.area) == pytest.approx(
        list(original.geometry.area), rel=1e-4
    )
    parks = gpd.read_file(DEMO_DATA_DIR / "holiday_parks.geojson")
    assert dataset.holiday_parks.geometry.distance(parks.geometry).max() < 1.0


# --- values ---------------------------------------------------------------------------


def test_a_duplicate_buurtcode_names_both_buurten(data_dir: Path) -> None:
    buurten = gpd.read_file(DEMO_DATA_DIR / "buurten.geojson")
    path = _rewrite(data_dir, "buurten", _set(10, "buurtcode", buurten.loc[4, "buurtcode"]))
    problems = _file_problems(path)
    assert sorted(_where_field(problems)) == [
        ("feature 11", "buurtcode"),
        ("feature 5", "buurtcode"),
    ]
    assert {p.file for p in problems} == {str(path)}
    assert all(buurten.loc[4, "buurtcode"] in p.message for p in problems)


@pytest.mark.parametrize(
    ("table", "column", "bad"),
    [
        ("corporation_homes", "measure", "afbraak"),
        ("corporation_homes", "energielabel", "H"),
        ("holiday_parks", "vitality", "half-vitaal"),
        ("attention_areas", "status", "aangenomen"),
        ("attention_areas", "year", "2023a"),
    ],
)
def test_a_bad_value_in_the_demo(data_dir: Path, table: str, column: str, bad: str) -> None:
    path = _rewrite(data_dir, table, _set(6, column, bad))
    problems = _file_problems(path)
    assert [(p.file, p.where, p.field) for p in problems] == [(str(path), "feature 7", column)]
    assert bad in problems[0].message


def test_two_bad_rows_are_two_problems(data_dir: Path) -> None:
    def edit(gdf: gpd.GeoDataFrame) -> None:
        gdf.loc[[100, 250], "energielabel"] = "H"

    _rewrite(data_dir, "corporation_homes", edit)
    assert sorted(_where_field(_problems(data_dir))) == [
        ("feature 101", "energielabel"),
        ("feature 251", "energielabel"),
    ]


def test_problems_in_several_files_are_reported_together(data_dir: Path) -> None:
    buurten = _rewrite(data_dir, "buurten", _set_geometry(2, lambda g: g.centroid))
    parks = _rewrite(data_dir, "holiday_parks", _set(0, "vitality", "half-vitaal"))
    heat = data_dir / "heat_phasing.csv"
    lines = heat.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace(lines[4].split(",")[3], "stadsverwarming")
    heat.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (data_dir / "manifest.toml").unlink()

    problems = _problems(data_dir)
    assert sorted((p.file, p.where, p.field) for p in problems) == sorted(
        [
            (str(buurten), "feature 3", "geometry"),
            (str(parks), "feature 1", "vitality"),
            (str(heat), "line 5", "strategy"),
            (str(data_dir / "manifest.toml"), "file", ""),
        ]
    )


# --- references between tables -------------------------------------------------------


def test_a_corporation_home_in_an_unknown_buurt(data_dir: Path) -> None:
    path = _rewrite(data_dir, "corporation_homes", _set(12, "buurtcode", "BU17319999"))
    problems = _problems(data_dir)
    assert [(p.file, p.where, p.field) for p in problems] == [
        (str(path), "feature 13", "buurtcode")
    ]
    assert "BU17319999" in problems[0].message


def test_a_buurt_in_an_unknown_wijk(data_dir: Path) -> None:
    path = _rewrite(data_dir, "buurten", _set(0, "wijkcode", "WK173199"))
    problems = _problems(data_dir)
    assert [(p.file, p.where, p.field) for p in problems] == [(str(path), "feature 1", "wijkcode")]


HEADER = "area_code,period_start,period_end,strategy,plan_status"


def test_heat_phasing_for_areas_of_another_municipality(data_dir: Path) -> None:
    path = data_dir / "heat_phasing.csv"
    path.write_text(
        f"{HEADER}\n"
        "WK173100,2022,2025,warmtenet,uitvoering\n"
        "WK036301,2026,2030,hybride,verkenning\n"  # Amsterdam
        "BU03630000,2026,2030,hybride,verkenning\n",
        encoding="utf-8",
    )
    problems = _problems(data_dir)
    assert [(p.file, p.where, p.field) for p in problems] == [
        (str(path), "line 3", "area_code"),
        (str(path), "line 4", "area_code"),
    ]
    assert "WK036301" in problems[0].message
    assert "BU03630000" in problems[1].message


def test_an_attention_area_of_another_municipality(data_dir: Path) -> None:
    path = _rewrite(data_dir, "attention_areas", _set(3, "area_code", "BU03630000"))
    problems = _problems(data_dir)
    assert [(p.file, p.where, p.field) for p in problems] == [(str(path), "feature 4", "area_code")]
    assert "BU03630000" in problems[0].message


def test_a_drawn_attention_area_needs_no_code(data_dir: Path) -> None:
    def edit(gdf: gpd.GeoDataFrame) -> None:
        gdf.loc[3, "area_code"] = None
        gdf.loc[3, "area_kind"] = "drawn"

    _rewrite(data_dir, "attention_areas", edit)
    areas = load_dataset(data_dir).attention_areas
    assert areas["area_code"].isna().sum() == 1


# --- CSV: encodings, separators, line numbers -----------------------------------------


def _heat_text() -> str:
    return (DEMO_DATA_DIR / "heat_phasing.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("encoding", "separator"),
    [("utf-8", ","), ("utf-8-sig", ","), ("utf-8", ";"), ("utf-8-sig", ";"), ("cp1252", ";")],
)
def test_heat_phasing_csv_dialects(
    tmp_path: Path, demo_dataset: Dataset, encoding: str, separator: str
) -> None:
    text = _heat_text().replace(",", separator).replace("\n", "\r\n")
    path = tmp_path / "heat_phasing.csv"
    path.write_bytes(text.encode(encoding))
    loaded = read_table(path, TABLES_BY_NAME["heat_phasing"])
    assert list(loaded.columns) == list(demo_dataset.heat_phasing.columns)
    pd.testing.assert_frame_equal(loaded, demo_dataset.heat_phasing)


ACCENTED = "Woningstichting Ëlde & Pesse"


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-8"])
def test_yearly_figures_keep_their_accents(tmp_path: Path, encoding: str) -> None:
    text = f"year;corporation;indicator;value\n2024;{ACCENTED};lettings_total;12\n"
    path = tmp_path / "yearly_figures.csv"
    path.write_bytes(text.encode(encoding))
    figures = read_table(path, TABLES_BY_NAME["yearly_figures"])
    assert list(figures["corporation"]) == [ACCENTED]
    assert list(figures["year"]) == [2024]
    assert list(figures["value"]) == [12.0]


def test_a_windows_spreadsheet_csv_in_a_data_directory(data_dir: Path) -> None:
    text = f"year;corporation;indicator;value\r\n2024;{ACCENTED};lettings_total;12\r\n"
    (data_dir / "yearly_figures.csv").write_bytes(text.encode("cp1252"))
    heat = _heat_text().replace(",", ";").replace("\n", "\r\n")
    (data_dir / "heat_phasing.csv").write_bytes(b"\xef\xbb\xbf" + heat.encode("utf-8"))
    dataset = load_dataset(data_dir)
    assert list(dataset.table("yearly_figures")["corporation"]) == [ACCENTED]
    assert len(dataset.heat_phasing) == len(_heat_text().splitlines()) - 1


def test_csv_lines_count_the_header_as_line_1(tmp_path: Path) -> None:
    path = tmp_path / "heat_phasing.csv"
    path.write_text(
        f"{HEADER}\n"
        "WK173100,2022,2025,warmtenet,uitvoering\n"
        "WK173101,2026,2030,onbekend,uitvoeringsplan\n"
        "WK173102,2031,2035,hybride,klaar\n",
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError) as info:
        read_table(path, TABLES_BY_NAME["heat_phasing"])
    assert _where_field(info.value.problems) == [("line 4", "plan_status")]


def test_csv_line_numbers_survive_a_blank_line(tmp_path: Path) -> None:
    path = tmp_path / "heat_phasing.csv"
    path.write_text(
        f"{HEADER}\nWK173100,2022,2025,warmtenet,uitvoering\n\nWK173101,2026,2030,onbekend,klaar\n",
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError) as info:
        read_table(path, TABLES_BY_NAME["heat_phasing"])
    assert _where_field(info.value.problems) == [("line 4", "plan_status")]


def test_a_csv_that_cannot_be_parsed(tmp_path: Path) -> None:
    path = tmp_path / "yearly_figures.csv"
    path.write_bytes(b"")
    problems = _file_problems(path)
    assert [(p.file, p.where) for p in problems] == [(str(path), "file")]


# --- wijken derived from buurten ------------------------------------------------------


def test_wijken_are_derived_by_dissolving_buurten(data_dir: Path, demo_dataset: Dataset) -> None:
    (data_dir / "wijken.geojson").unlink()
    dataset = load_dataset(data_dir)
    buurten = demo_dataset.buurten
    wijken = dataset.wijken.set_index("wijkcode")

    assert "wijken" not in dataset.files
    assert set(wijken.index) == set(buurten["wijkcode"])
    assert (wijken["wijknaam"] == wijken.index).all()  # no names known: the code is the name
    assert set(wijken["gemeentecode"]) == set(buurten["gemeentecode"])
    assert wijken.crs == RD_NEW
    for wijkcode, members in buurten.groupby("wijkcode"):
        assert wijken.geometry[wijkcode].area == pytest.approx(members.geometry.area.sum())
        assert wijken.geometry[wijkcode].buffer(1).contains(members.geometry.union_all())


def test_heat_phasing_still_checked_against_derived_wijken(data_dir: Path) -> None:
    (data_dir / "wijken.geojson").unlink()
    heat = data_dir / "heat_phasing.csv"
    heat.write_text(_heat_text() + "WK173199,2026,2030,onbekend,verkenning\n", encoding="utf-8")
    problems = _problems(data_dir)
    rows = len(_heat_text().splitlines())
    assert [(p.file, p.where, p.field) for p in problems] == [
        (str(heat), f"line {rows + 1}", "area_code")
    ]
