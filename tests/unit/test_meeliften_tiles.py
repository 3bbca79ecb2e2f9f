"""The national meeliften path (geo/meeliften_tiles.py): private homes read tile by
tile from a GeoPackage give analyse()'s numbers, through the API and `python -m geo
meeliften --tiled`; bad rows and unsuitable files get a one-line error."""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geo import meeliften_tiles
from geo.cli import main
from geo.config import DEMO_DATA_DIR, load_settings
from geo.dataset import TABLES, Dataset, validated_table
from geo.errors import DataValidationError
from geo.meeliften import PROJECT_MEASURES, Parameters, Result, analyse, candidates
from geo.meeliften_tiles import analyse_in_tiles, geopackage_tiles, partitioned_candidates

SPEC = next(spec for spec in TABLES if spec.name == "private_homes")


def _check(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    return validated_table(frame, SPEC, file)


@pytest.fixture(scope="module")
def params() -> Parameters:
    years = load_settings().years
    return Parameters(year_from=years.first, year_to=years.last)


@pytest.fixture(scope="module")
def gpkg_dir(tmp_path_factory: pytest.TempPathFactory, demo_dataset: Dataset) -> Path:
    """The demo with its private homes in a GeoPackage, as the importers leave them."""
    out = tmp_path_factory.mktemp("gpkg-demo")
    for path in DEMO_DATA_DIR.iterdir():
        if path.name != "private_homes.geojson":
            shutil.copy(path, out / path.name)
    demo_dataset.table("private_homes").to_file(out / "private_homes.gpkg", driver="GPKG")
    return out


def _same(tiled: Result, whole: Result) -> None:
    for level in ("projects", "streets", "buurten"):
        pd.testing.assert_frame_equal(
            getattr(tiled, level), getattr(whole, level), check_dtype=False
        )
    ours = tiled.candidates.drop(columns="geometry").sort_values("home_id")
    theirs = whole.candidates.drop(columns="geometry").sort_values("home_id")
    pd.testing.assert_frame_equal(
        pd.DataFrame(ours).reset_index(drop=True),
        pd.DataFrame(theirs).reset_index(drop=True),
        check_dtype=False,
    )


@pytest.mark.parametrize(("tile_m", "batch_homes"), [(10_000.0, 250_000), (2_000.0, 1_500)])
def test_tiles_give_the_numbers_of_the_whole(
    gpkg_dir: Path, demo_dataset: Dataset, params: Parameters, tile_m: float, batch_homes: int
) -> None:
    """Streets and projects that cross tile borders, homes near a neighbouring tile's
    project: the aggregates and every candidate equal analyse() on all homes at once."""
    seen: list[tuple[int, int, int]] = []
    tiled = analyse_in_tiles(
        geopackage_tiles(
            gpkg_dir / "private_homes.gpkg", _check, tile_m=tile_m, batch_homes=batch_homes
        ),
        demo_dataset.corporation_homes,
        demo_dataset.buurten,
        params,
        tile_m=tile_m,
        on_batch=lambda *counts: seen.append(counts),
    )
    whole = analyse(
        demo_dataset.table("private_homes"),
        demo_dataset.corporation_homes,
        demo_dataset.buurten,
        params,
    )
    assert whole.total > 0
    _same(tiled, whole)
    homes = len(demo_dataset.table("private_homes"))
    assert sum(tiles for tiles, _, _ in seen) > 1  # really in parts
    assert sum(count for _, count, _ in seen) == homes
    if batch_homes < homes:
        assert len(seen) > 1 and max(count for _, count, _ in seen) < homes


def test_a_geopackage_without_spatial_index_gives_the_same(
    tmp_path: Path, demo_dataset: Dataset, params: Parameters
) -> None:
    """Without an R-tree every tile of the extent is read: slower, the same numbers."""
    homes = demo_dataset.table("private_homes")
    path = tmp_path / "private_homes.gpkg"
    homes.to_file(path, driver="GPKG", layer_options={"SPATIAL_INDEX": "NO"})
    assert meeliften_tiles._occupied_tiles(path, 2_000.0) is None
    tiled = analyse_in_tiles(
        geopackage_tiles(path, _check, tile_m=2_000.0, batch_homes=2_000),
        demo_dataset.corporation_homes,
        demo_dataset.buurten,
        params,
        tile_m=2_000.0,
    )
    _same(tiled, analyse(homes, demo_dataset.corporation_homes, demo_dataset.buurten, params))


def test_the_spatial_index_lists_every_occupied_tile(gpkg_dir: Path, demo_dataset: Dataset) -> None:
    """Tiles from the R-tree (float32 boxes): every home's own tile is among them."""
    homes = demo_dataset.table("private_homes")
    for tile_m in (10_000.0, 1_000.0, 250.0):
        listed = meeliften_tiles._occupied_tiles(gpkg_dir / "private_homes.gpkg", tile_m)
        assert listed is not None
        own = set(meeliften_tiles.tile_of(homes.geometry.x, homes.geometry.y, tile_m).tolist())
        assert own <= set(listed)
        assert len(listed) <= 4 * len(own)  # not the whole extent


def test_no_homes_gives_an_empty_result(
    tmp_path: Path, demo_dataset: Dataset, params: Parameters
) -> None:
    empty = demo_dataset.table("private_homes").iloc[0:0]
    empty.to_file(tmp_path / "private_homes.gpkg", driver="GPKG")
    result = analyse_in_tiles(
        geopackage_tiles(tmp_path / "private_homes.gpkg", _check),
        demo_dataset.corporation_homes,
        demo_dataset.buurten,
        params,
    )
    assert result.total == 0
    assert result.streets.empty and result.buurten.empty
    assert (result.projects["candidates"] == 0).all() and not result.projects.empty


def test_a_bad_row_names_its_feature(tmp_path: Path, demo_dataset: Dataset) -> None:
    homes = demo_dataset.table("private_homes").copy()
    homes.loc[homes.index[40], "energielabel"] = "Z"
    homes.to_file(tmp_path / "private_homes.gpkg", driver="GPKG")
    with pytest.raises(DataValidationError) as caught:
        list(geopackage_tiles(tmp_path / "private_homes.gpkg", _check))
    problem = caught.value.problems[0]
    assert (problem.where, problem.field) == ("feature 41", "energielabel")


def test_a_file_not_in_rd_new_is_refused(tmp_path: Path, demo_dataset: Dataset) -> None:
    homes = demo_dataset.table("private_homes").to_crs("EPSG:4326")
    homes.to_file(tmp_path / "private_homes.gpkg", driver="GPKG")
    with pytest.raises(DataValidationError, match="EPSG:28992"):
        list(geopackage_tiles(tmp_path / "private_homes.gpkg", _check))


def test_cli_tiled_writes_the_same_file(
    gpkg_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tiled, whole = tmp_path / "tiled.json", tmp_path / "whole.json"
    args = ["meeliften", "--data", str(gpkg_dir), "--format", "json"]
    assert main([*args, "--tiled", "--out", str(tiled)]) == 0
    assert "tiles" in capsys.readouterr().err  # progress per batch
    assert main([*args, "--out", str(whole)]) == 0
    assert tiled.read_bytes() == whole.read_bytes()


def test_cli_switches_to_tiles_for_a_large_file(
    gpkg_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(meeliften_tiles, "TILED_ABOVE", 1_000)
    assert main(["meeliften", "--data", str(gpkg_dir), "--level", "buurten"]) == 0
    assert "private homes" in capsys.readouterr().err


def test_cli_tiled_needs_a_geopackage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["meeliften", "--data", str(DEMO_DATA_DIR), "--tiled"]) == 1
    err = capsys.readouterr().err
    assert "--tiled" in err and "GeoPackage" in err and "Traceback" not in err


def test_cli_tiled_bad_row_writes_nothing(
    gpkg_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "data"
    shutil.copytree(gpkg_dir, broken)
    homes = gpd.read_file(broken / "private_homes.gpkg")
    homes.loc[7, "bouwjaar"] = -5
    homes.to_file(broken / "private_homes.gpkg", driver="GPKG")
    out = tmp_path / "out.csv"
    assert main(["meeliften", "--data", str(broken), "--tiled", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "private_homes.gpkg" in err and "feature 8" in err and "bouwjaar" in err
    assert not out.exists()


def test_a_complex_number_two_corporations_share_keeps_their_names_in_every_batch(
    demo_dataset: Dataset, params: Parameters
) -> None:
    """Two corporations' projects under one complex number and year, in towns apart: a
    batch that reaches only one of them still names it with its corporation in front."""
    homes = demo_dataset.corporation_homes.copy()
    year = pd.to_numeric(homes["measure_year"], errors="coerce")
    window = homes["measure"].isin(PROJECT_MEASURES) & year.between(
        params.year_from, params.year_to
    )
    first, second = homes.loc[window, "corporation"].drop_duplicates().iloc[:2]
    ours = homes.loc[window & homes["corporation"].eq(first)].iloc[0]
    theirs = homes.loc[window & homes["corporation"].eq(second)].iloc[0]
    rows = (
        window
        & homes["corporation"].eq(second)
        & homes["complex_id"].eq(theirs["complex_id"])
        & year.eq(year[theirs.name])
    )
    homes.loc[rows, ["complex_id", "measure_year"]] = [ours["complex_id"], ours["measure_year"]]
    assert ours.geometry.distance(theirs.geometry) > 2_000  # apart: other tiles
    private = demo_dataset.table("private_homes")
    whole = candidates(private, homes, params)
    shared = f"{ours['complex_id']} {int(ours['measure_year'])}"
    named = {f"{first} {shared}", f"{second} {shared}"}
    assert named <= set(whole["project_id"]), "the case needs candidates of both"
    parts = partitioned_candidates(private, homes, params, tile_m=2_000.0)
    assert list(parts["project_id"]) == list(whole["project_id"])
    assert shared not in set(parts["project_id"])
