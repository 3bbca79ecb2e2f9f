"""`python -m geo import addresses`: BAG homes from PDOK's BAG OGC API (a local
stand-in) or from a BAG GeoPackage, into private_homes.

No test reaches the internet: PDOK is `BagStub` (tests/fixtures/bag/helpers.py), an
`http.server` on 127.0.0.1 serving the reconstructed, invented responses in
tests/fixtures/bag/ (see its README). Every rejected input must raise
DataValidationError naming the source, the feature and the field, and leave the data
directory byte for byte as it was.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pytest

from geo import cli
from geo.config import PROJECT_ROOT
from geo.dataset import load_dataset
from geo.errors import DataValidationError
from geo.importers import addresses, boundaries, corporation_homes
from geo.importers.addresses import import_addresses
from geo.manifest import read_manifest
from tests.fixtures.bag import generate
from tests.fixtures.bag.helpers import (
    CRS_URI,
    EXTRACT,
    BagStub,
    build_gpkg,
    load_collections,
    serve,
)
from tests.import_tools import snapshot
from tests.import_tools import staging_leftovers as leftovers

BUURTEN_FILE = PROJECT_ROOT / "data" / "reference" / "GM1731" / "buurten.geojson"
HOMES = {  # identificatie -> (buurt, address, pand, bouwjaar, woningtype)
    "1731019990000001": ("BU17310000", ("9401 SS", 1, None, None), "1731109990000001", 1931),
    "1731019990000002": ("BU17310000", ("9401 SS", 3, None, None), "1731109990000002", 1931),
    "1731019990000003": ("BU17310000", ("9401 SS", 5, "A", None), "1731109990000003", 1958),
    "1731019990000004": ("BU17310000", ("9401 SA", 10, None, None), "1731109990000004", 1974),
    "1731019990000005": ("BU17310000", ("9401 SA", 12, None, "1"), "1731109990000005", 1996),
    "1731019990000006": ("BU17310000", ("9401 SA", 12, None, "2"), "1731109990000005", 1996),
    "1731019990000007": ("BU17310000", ("9401 SA", 12, None, "3"), "1731109990000005", 1996),
    "1731019990000010": ("BU17310100", ("9402 SD", 2, None, None), "1731109990000008", 1912),
    "1731019990000011": ("BU17310100", ("9402 SD", 4, None, None), "1731109990000009", 2008),
    "1731019990000012": ("BU17310900", ("9403 SS", 7, None, None), "1731109990000010", 1985),
    "1731019990000013": ("BU17310900", ("9403 SS", 9, "B", None), "1731109990000011", 1999),
}


# -- data directories ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def boundaries_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with only GM1731's buurten and wijken (made once)."""
    data = tmp_path_factory.mktemp("bag") / "boundaries"
    boundaries.import_boundaries(data, "GM1731", from_file=BUURTEN_FILE, year=2022)
    return data


@pytest.fixture
def data(boundaries_only: Path, tmp_path: Path) -> Path:
    target = tmp_path / "work" / "data"
    shutil.copytree(boundaries_only, target)
    return target


@pytest.fixture
def stub() -> Iterator[BagStub]:
    with serve(BagStub(load_collections())) as running:
        yield running


@pytest.fixture
def fast_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    """One retry and a short time-out (the defaults would wait 7 s before giving up)."""
    defaults = boundaries.fetch_collection.__kwdefaults__
    assert defaults is not None
    monkeypatch.setitem(defaults, "retries", 1)
    monkeypatch.setitem(defaults, "timeout_s", 2.0)


def rejected(run: Callable[[], Any], data: Path, *expected: tuple[str, str, str]) -> list[str]:
    """Run an import that must fail; every (where, field, text) must be in one problem,
    and the data directory must be exactly as it was."""
    before = snapshot(data)
    with pytest.raises(DataValidationError) as caught:
        run()
    lines = [str(p) for p in caught.value.problems]
    for where, field, says in expected:
        hits = [
            p
            for p in caught.value.problems
            if where in p.where and field == p.field and says in p.message
        ]
        assert hits, f"no problem at {where!r}, field {field!r} saying {says!r} in {lines}"
    assert snapshot(data) == before
    assert leftovers(data) == []
    return lines


def homes_of(data: Path) -> gpd.GeoDataFrame:
    return load_dataset(data).table("private_homes").set_index("home_id")  # type: ignore[return-value]


def assert_fixture_homes(homes: pd.DataFrame) -> None:
    assert sorted(homes.index) == sorted(HOMES)
    for home_id, (buurt, (pc, number, letter, addition), pand, year) in HOMES.items():
        row = homes.loc[home_id]
        assert row["buurtcode"] == buurt
        assert (row["postcode"], row["huisnummer"]) == (pc, number)
        assert (addresses.text(row["huisletter"]), addresses.text(row["toevoeging"])) == (
            letter,
            addition,
        )
        assert row["pand_id"] == pand, home_id
        assert row["bouwjaar"] == year, home_id
        assert pd.isna(row["energielabel"])
    flats = {"1731019990000005", "1731019990000006", "1731019990000007"}
    assert set(homes.index[homes["woningtype"] == "appartement"]) == flats
    assert (homes.drop(index=list(flats))["woningtype"] == "eengezinswoning").all()
    assert homes.loc["1731019990000001", "straat"] == "Proefstraat"
    assert homes.loc["1731019990000010", "woonplaats"] == "Hijken"


# -- the fixtures themselves ----------------------------------------------------------------


def test_fixture_files_are_what_the_generator_makes() -> None:
    for name, content in generate.render().items():
        assert (generate.HERE / name).read_text(encoding="utf-8") == content, name


# -- PDOK -------------------------------------------------------------------------------------


def test_api_import_pages_through_the_bounding_box_of_the_buurten(
    stub: BagStub, data: Path
) -> None:
    report = import_addresses(data, api=stub.api)

    assert (report.homes, report.outside, report.not_homes) == (11, 1, 2)
    assert report.without_pand == 0 and report.bad_bouwjaar == 0
    homes = homes_of(data)
    assert_fixture_homes(homes)
    assert homes.crs.to_epsg() == 28992
    assert (homes.geometry.geom_type == "Point").all()
    # the bounding box of the buurten, in RD New, in every request; pages followed
    buurten = load_dataset(data).buurten
    minx, miny, maxx, maxy = buurten.total_bounds
    for collection, features in (("verblijfsobject", 14), ("pand", 13)):
        queries = stub.queries(collection)
        assert len(queries) == -(-features // 5)  # pages of at most 5
        first = queries[0]
        assert first["bbox"] == [f"{minx:.0f},{miny:.0f},{maxx:.0f},{maxy:.0f}"]
        assert first["bbox-crs"] == [CRS_URI] and first["crs"] == [CRS_URI]
        assert first["limit"] == ["1000"] and first["f"] == ["json"]
        assert [q.get("cursor") for q in queries[1:]] == [
            [f"c{5 * i}"] for i in range(1, len(queries))
        ]
    manifest, _ = read_manifest(data)
    assert manifest is not None
    assert "BAG OGC API" in manifest.tables["private_homes"].source
    assert "CC0" in manifest.tables["private_homes"].licence
    assert not manifest.demo


def test_api_import_is_retried_after_a_503(stub: BagStub, data: Path) -> None:
    stub.fail_first = 1
    assert import_addresses(data, api=stub.api).homes == 11


@pytest.mark.usefixtures("fast_failures")
def test_api_error_is_one_problem_and_changes_nothing(stub: BagStub, data: Path) -> None:
    stub.status = 404
    rejected(
        lambda: import_addresses(data, api=stub.api),
        data,
        ("request", "", "PDOK answered 404"),
    )


def test_api_answering_in_degrees_is_rejected(stub: BagStub, data: Path) -> None:
    # a server that ignores crs and bbox answers in CRS84 (longitude, latitude)
    stub.ignore_bbox = True
    for feature in stub.features("verblijfsobject"):
        x, y = feature["geometry"]["coordinates"]
        feature["geometry"]["coordinates"] = [6.0 + x / 1e6, 52.0 + y / 1e6]
    lines = rejected(
        lambda: import_addresses(data, api=stub.api),
        data,
        ("feature 1 (verblijfsobject 1731019990000001)", "geometry", "look like degrees"),
    )
    assert len(lines) == 12  # one per home (buurten come later); not-homes unchecked


def test_api_bad_features_are_each_named_and_change_nothing(stub: BagStub, data: Path) -> None:
    features = stub.features("verblijfsobject")
    features[0]["properties"]["postcode"] = "94011SS"
    features[1]["properties"]["huisnummer"] = "drie"
    features[2]["properties"]["identificatie"] = "1731109990000003"  # a pand's id
    features[3]["geometry"] = None
    features[4]["properties"]["huisletter"] = "AB"
    # the same verblijfsobject twice with another address
    twin = {**features[5], "properties": {**features[5]["properties"], "huisnummer": 99}}
    features.append(twin)
    rejected(
        lambda: import_addresses(data, api=stub.api),
        data,
        ("verblijfsobject 1731019990000001", "postcode", "'94011SS' is not a Dutch postcode"),
        ("verblijfsobject 1731019990000002", "huisnummer", "'drie' is not a house number"),
        ("feature", "identificatie", "'1731109990000003' is not the identificatie of a "),
        ("verblijfsobject 1731019990000004", "geometry", "has no location"),
        ("verblijfsobject 1731019990000005", "huisletter", "'AB' is not a house letter"),
        ("verblijfsobject 1731019990000006", "identificatie", "occurs twice with different"),
    )


def test_api_bad_values_outside_homes_do_not_matter(stub: BagStub, data: Path) -> None:
    features = stub.features("verblijfsobject")
    shop = next(f for f in features if f["properties"]["gebruiksdoel"] == "winkelfunctie")
    shop["properties"]["postcode"] = "rubbish"
    assert import_addresses(data, api=stub.api).homes == 11


def test_api_that_is_not_the_bag_is_one_problem_per_missing_field(
    stub: BagStub, data: Path
) -> None:
    for feature in stub.features("verblijfsobject"):
        del feature["properties"]["gebruiksdoel"]
    lines = rejected(
        lambda: import_addresses(data, api=stub.api),
        data,
        ("file", "gebruiksdoel", "14 of 14 verblijfsobjecten have no gebruiksdoel"),
    )
    assert len(lines) == 1


def test_api_with_nothing_in_the_bounding_box_is_rejected(stub: BagStub, data: Path) -> None:
    stub.features("verblijfsobject").clear()
    rejected(
        lambda: import_addresses(data, api=stub.api),
        data,
        ("file", "", "has no verblijfsobjecten in the bounding box"),
    )


def test_api_with_no_home_inside_the_buurten_is_rejected(stub: BagStub, data: Path) -> None:
    features = stub.features("verblijfsobject")
    features[:] = [f for f in features if f["properties"]["openbare_ruimte_naam"] == "Grensweg"]
    rejected(
        lambda: import_addresses(data, api=stub.api),
        data,
        ("file", "", "is a home in use inside the buurten (1 homes lie outside them)"),
    )


def test_unresolved_pand_link_leaves_pand_and_year_empty(stub: BagStub, data: Path) -> None:
    panden = stub.features("pand")
    panden[:] = [p for p in panden if p["properties"]["identificatie"] != "1731109990000001"]
    report = import_addresses(data, api=stub.api)
    assert report.without_pand == 1
    home = homes_of(data).loc["1731019990000001"]
    assert pd.isna(home["pand_id"]) and pd.isna(home["bouwjaar"])
    assert home["woningtype"] == "eengezinswoning"


def test_implausible_build_year_is_left_empty_and_counted(stub: BagStub, data: Path) -> None:
    for pand in stub.features("pand"):
        if pand["properties"]["identificatie"] == "1731109990000002":
            pand["properties"]["bouwjaar"] = 9999
    report = import_addresses(data, api=stub.api)
    assert report.bad_bouwjaar == 1
    assert pd.isna(homes_of(data).loc["1731019990000002", "bouwjaar"])


# -- the data directory -----------------------------------------------------------------------


def test_without_boundaries_nothing_is_fetched_or_written(stub: BagStub, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    rejected(
        lambda: import_addresses(empty, api=stub.api),
        empty,
        ("file", "buurten", "import the boundaries first"),
    )
    missing = tmp_path / "missing"
    with pytest.raises(DataValidationError, match="no such data directory"):
        import_addresses(missing, api=stub.api)
    assert not missing.exists()
    assert stub.requests == []


def test_import_into_the_demo_replaces_private_homes_and_keeps_the_demo_mark(
    stub: BagStub, data_copy: Path
) -> None:
    before = load_dataset(data_copy)
    import_addresses(data_copy, api=stub.api)
    after = load_dataset(data_copy)
    assert sorted(after.table("private_homes")["home_id"]) == sorted(HOMES)
    assert len(after.corporation_homes) == len(before.corporation_homes)
    assert after.manifest.demo  # the other tables are still generated
    assert not (data_copy / "private_homes.geojson").exists()


def test_reimport_keeps_labels_and_leaves_corporation_homes_out(
    stub: BagStub, data: Path, tmp_path: Path
) -> None:
    import_addresses(data, api=stub.api)
    # an energy label set later (as the EP-Online importer does)
    homes = load_dataset(data).table("private_homes")
    homes.loc[homes["home_id"] == "1731019990000002", "energielabel"] = "F"
    homes.loc[homes["home_id"] == "1731019990000002", "woningtype"] = "rijwoning"
    (data / "private_homes.gpkg").unlink()
    homes.to_file(data / "private_homes.gpkg", layer="private_homes", engine="pyogrio")
    # a corporation owns Testdreef 7
    export = tmp_path / "bezit.csv"
    export.write_text("home_id;postcode;huisnummer\nC-1;9403 SS;7\n", encoding="utf-8")
    corporation_homes.import_corporation_homes(data, export, corporation="Fictief Wonen")

    report = import_addresses(data, api=stub.api)

    assert report.corporation == 1 and report.kept_labels == 1
    homes = homes_of(data)
    assert "1731019990000012" not in homes.index
    assert homes.loc["1731019990000002", "energielabel"] == "F"
    assert homes.loc["1731019990000002", "woningtype"] == "rijwoning"


# -- a BAG GeoPackage -------------------------------------------------------------------------


def test_geopackage_import_gives_the_same_homes(stub: BagStub, data: Path, tmp_path: Path) -> None:
    gpkg = build_gpkg(tmp_path / "bag-light.gpkg")
    report = import_addresses(data, from_file=gpkg)
    assert (report.homes, report.outside, report.not_homes) == (11, 1, 2)
    assert_fixture_homes(homes_of(data))
    manifest, _ = read_manifest(data)
    assert manifest is not None and "bag-light.gpkg" in manifest.tables["private_homes"].source


def test_geopackage_with_other_spellings_and_crs(data: Path, tmp_path: Path) -> None:
    gpkg = build_gpkg(tmp_path / "extract.gpkg", names=EXTRACT, crs="EPSG:4326")
    assert import_addresses(data, from_file=gpkg).homes == 11
    homes = homes_of(data)
    assert_fixture_homes(homes)
    # back in RD New within centimetres
    assert (
        homes.geometry.loc["1731019990000001"].distance(
            gpd.points_from_xy([231040.0], [542700.0])[0]
        )
        < 0.05
    )


def test_geopackage_without_pand_layer_uses_the_year_on_the_verblijfsobject(
    data: Path, tmp_path: Path
) -> None:
    gpkg = build_gpkg(tmp_path / "light.gpkg", pand_layer=False, vbo_bouwjaar=True)
    assert import_addresses(data, from_file=gpkg).homes == 11
    assert_fixture_homes(homes_of(data))


def test_geopackage_without_pand_layer_or_years_is_rejected(data: Path, tmp_path: Path) -> None:
    gpkg = build_gpkg(tmp_path / "vbo-only.gpkg", pand_layer=False)
    rejected(
        lambda: import_addresses(data, from_file=gpkg),
        data,
        ("file", "", "has no layer pand"),
    )


def test_geopackage_bad_rows_name_layer_and_feature(data: Path, tmp_path: Path) -> None:
    def spoil(rows: list[dict[str, Any]], points: list[Any]) -> None:
        rows[1]["postcode"] = "9401 S"
        rows[9]["identificatie"] = "12345"

    gpkg = build_gpkg(tmp_path / "bad.gpkg", edit=spoil)
    rejected(
        lambda: import_addresses(data, from_file=gpkg),
        data,
        ("layer verblijfsobject, feature 2", "postcode", "'9401 S' is not a Dutch postcode"),
        ("layer verblijfsobject, feature 10", "identificatie", "'12345' is not the identif"),
    )


def test_geopackage_with_one_row_per_pand_merges_them(data: Path, tmp_path: Path) -> None:
    def one_row_per_pand(rows: list[dict[str, Any]], points: list[Any]) -> None:
        i = next(i for i, r in enumerate(rows) if r["identificatie"] == "1731019990000013")
        first, second = rows[i]["pand_identificatie"].split(",")
        rows[i]["pand_identificatie"] = first
        rows.append({**rows[i], "pand_identificatie": second})
        points.append(points[i])

    gpkg = build_gpkg(tmp_path / "per-pand.gpkg", edit=one_row_per_pand)
    assert import_addresses(data, from_file=gpkg).homes == 11
    assert_fixture_homes(homes_of(data))


def test_files_that_are_not_a_bag_geopackage(data: Path, tmp_path: Path) -> None:
    text_file = tmp_path / "notes.gpkg"
    text_file.write_text("not a database", encoding="utf-8")
    rejected(
        lambda: import_addresses(data, from_file=text_file),
        data,
        ("file", "", "cannot be read as a GeoPackage"),
    )
    other = tmp_path / "other.gpkg"
    gpd.read_file(BUURTEN_FILE).to_file(other, layer="buurten", engine="pyogrio")
    rejected(
        lambda: import_addresses(data, from_file=other),
        data,
        ("file", "", "has no layer verblijfsobject (its layers: buurten)"),
    )
    rejected(
        lambda: import_addresses(data, from_file=tmp_path / "nowhere.gpkg"),
        data,
        ("file", "", "file not found"),
    )


# -- the command line -------------------------------------------------------------------------


@pytest.fixture
def main() -> Callable[[list[str]], int]:
    """`python -m geo` as the user runs it."""
    return cli.main


def test_command_prints_a_summary(
    main: Callable[[list[str]], int], data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gpkg = build_gpkg(tmp_path / "bag-light.gpkg")
    assert main(["import", "addresses", "--data", str(data), "--from", str(gpkg)]) == 0
    out = capsys.readouterr().out
    assert "imported 11 homes" in out
    assert "left out 1 homes outside the buurten" in out
    assert "skipped 2 verblijfsobjecten" in out


def test_command_errors_are_lines_without_traceback(
    main: Callable[[list[str]], int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["import", "addresses", "--data", str(empty), "--from", "x.gpkg"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "import the boundaries first" in err
    assert "Traceback" not in err
