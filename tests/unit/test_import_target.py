"""geo.importers.target: importers write all or nothing, and the DEMO mark is honest.

`staged()` copies the data directory beside it, lets the importer write there,
validates the copy as a whole and only then swaps it in. Whatever goes wrong, the
data directory stays byte-identical and no staging folder is left behind.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geo.config import DEMO_DATA_DIR
from geo.dataset import load_dataset
from geo.errors import DataValidationError
from geo.importers.target import Staging, provenance, staged
from geo.manifest import MANIFEST, Provenance, read_manifest
from tests.import_tools import snapshot, staging_leftovers

GOOD_PHASING = pd.DataFrame(
    {
        "area_code": ["WK173100", "WK173101"],
        "period_start": [2026, 2031],
        "period_end": [2030, 2035],
        "strategy": ["warmtenet", "hybride"],
        "plan_status": ["verkenning", "uitvoering"],
    }
)


@pytest.fixture
def data(small_data: Path) -> Path:
    return small_data


@pytest.fixture(scope="module")
def demo_buurten() -> gpd.GeoDataFrame:
    return load_dataset(DEMO_DATA_DIR).buurten


# -- all or nothing ---------------------------------------------------------------------


class Boom(Exception):
    pass


def test_an_exception_in_the_body_leaves_the_directory_as_it_was(data: Path) -> None:
    before = snapshot(data)
    with pytest.raises(Boom), staged(data) as stage:
        stage.write_table("heat_phasing", GOOD_PHASING)
        stage.set_manifest(provenance={"heat_phasing": provenance("file x.csv")})
        (stage.path / "buurten.geojson").unlink()
        assert stage.path != data and stage.path.parent.name.startswith(".data-import-")
        raise Boom
    assert snapshot(data) == before
    assert staging_leftovers(data) == []


def test_an_interrupt_leaves_the_directory_as_it_was(data: Path) -> None:
    before = snapshot(data)
    with pytest.raises(KeyboardInterrupt), staged(data) as stage:
        stage.write_table("heat_phasing", GOOD_PHASING)
        raise KeyboardInterrupt
    assert snapshot(data) == before
    assert staging_leftovers(data) == []


def test_a_failed_final_validation_leaves_the_directory_as_it_was(data: Path) -> None:
    before = snapshot(data)
    bad = GOOD_PHASING.assign(strategy=["warmtenet", "kolen"])
    with pytest.raises(DataValidationError) as caught, staged(data) as stage:
        stage.write_table("heat_phasing", bad)
    assert snapshot(data) == before
    assert staging_leftovers(data) == []
    assert [(p.where, p.field) for p in caught.value.problems] == [("line 3", "strategy")]


def test_a_failed_validation_of_a_geo_table_leaves_the_directory_as_it_was(
    data: Path, demo_buurten: gpd.GeoDataFrame
) -> None:
    before = snapshot(data)
    # a park far outside the Netherlands (x and y given as degrees)
    parks = gpd.GeoDataFrame(
        {
            "park_id": ["P1"],
            "name": ["Ergens"],
            "vitality": ["vitaal"],
            "units": [1],
            "permanent_residents": [0],
            "target_group_households": [0],
        },
        geometry=gpd.points_from_xy([6.5], [52.9]),
        crs="EPSG:28992",
    )
    with pytest.raises(DataValidationError), staged(data) as stage:
        stage.write_table("holiday_parks", parks)
        stage.set_manifest(provenance={"holiday_parks": provenance("file parks.csv")})
    assert snapshot(data) == before
    assert staging_leftovers(data) == []


def test_final_validation_problems_name_the_data_directory_not_the_copy(data: Path) -> None:
    bad = GOOD_PHASING.assign(strategy=["warmtenet", "kolen"])
    with pytest.raises(DataValidationError) as caught, staged(data) as stage:
        stage.write_table("heat_phasing", bad)
    [problem] = caught.value.problems
    assert ".data-import-" not in str(caught.value)
    assert Path(problem.file) == (data / "heat_phasing.csv").resolve()
    assert "'kolen'" in problem.message


def test_success_swaps_in_the_staged_copy(data: Path) -> None:
    before = snapshot(data)
    with staged(data) as stage:
        written = stage.write_table("holiday_parks", load_dataset(data).holiday_parks.head(3))
        stage.set_manifest(provenance={"holiday_parks": provenance("file parks.csv")})
    assert written.name == "holiday_parks.gpkg"
    after = snapshot(data)
    # the table changed format (the demo's GeoJSON is gone), the manifest changed, and
    # nothing else was touched
    assert "holiday_parks.geojson" not in after and "holiday_parks.gpkg" in after
    changed = {n for n in after if before.get(n) != after[n]} | (set(before) - set(after))
    assert changed == {"holiday_parks.geojson", "holiday_parks.gpkg", MANIFEST}
    assert staging_leftovers(data) == []
    dataset = load_dataset(data)
    assert len(dataset.holiday_parks) == 3
    assert dataset.manifest.tables["holiday_parks"].source == "file parks.csv"
    assert stage.written == ["holiday_parks"]


def test_staging_copy_starts_as_the_directory(data: Path) -> None:
    before = snapshot(data)
    with staged(data) as stage:
        assert snapshot(stage.path) == before
        assert stage.manifest == read_manifest(data)[0]
    assert snapshot(data) == before  # nothing written: nothing changed
    assert staging_leftovers(data) == []


# -- a new data directory ---------------------------------------------------------------


def test_a_new_directory_appears_only_on_success(
    tmp_path: Path, demo_buurten: gpd.GeoDataFrame
) -> None:
    new = tmp_path / "gemeente" / "data"

    with pytest.raises(Boom), staged(new) as stage:
        stage.write_table("buurten", demo_buurten)
        raise Boom
    assert not new.exists()
    assert staging_leftovers(new) == []

    # a directory without its manifest does not pass the final validation
    with pytest.raises(DataValidationError), staged(new) as stage:
        stage.write_table("buurten", demo_buurten)
    assert not new.exists()
    assert staging_leftovers(new) == []

    with pytest.raises(ValueError, match="municipality and boundary year"), staged(new) as stage:
        stage.set_manifest(provenance={"buurten": provenance("CBS")})
    assert not new.exists()

    with staged(new) as stage:
        assert stage.manifest is None
        stage.write_table("buurten", demo_buurten)
        stage.set_manifest(
            municipality_code="GM1731",
            municipality_name="Midden-Drenthe",
            boundary_year=2022,
            provenance={"buurten": provenance("CBS Wijk- en buurtkaart 2022", "CC BY 4.0")},
        )
    assert new.is_dir()
    assert staging_leftovers(new) == []
    dataset = load_dataset(new)
    assert len(dataset.buurten) == len(demo_buurten)
    assert dataset.manifest.municipality_code == "GM1731"
    assert dataset.manifest.demo is False  # real boundaries only
    assert sorted(p.name for p in new.iterdir()) == ["buurten.gpkg", MANIFEST]


# -- the DEMO mark ----------------------------------------------------------------------


def test_demo_mark_stays_while_any_table_is_generated(data: Path) -> None:
    manifest, _ = read_manifest(data)
    assert manifest is not None and manifest.demo is True
    generated = sorted(n for n, p in manifest.tables.items() if p.generated)
    assert "heat_phasing" in generated and len(generated) > 2

    with staged(data) as stage:
        stage.set_manifest(provenance={"heat_phasing": provenance("file fasering.csv")})
        assert stage.manifest is not None and stage.manifest.demo is True
    manifest, _ = read_manifest(data)
    assert manifest is not None and manifest.demo is True
    assert manifest.tables["heat_phasing"].generated is False

    rest = [n for n in generated if n != "heat_phasing"]
    with staged(data) as stage:
        stage.set_manifest(provenance={n: provenance(f"file {n}.csv") for n in rest[:-1]})
        assert stage.manifest is not None and stage.manifest.demo is True
        stage.set_manifest(provenance={rest[-1]: provenance(f"file {rest[-1]}.csv")})
        assert stage.manifest is not None and stage.manifest.demo is False
    manifest, _ = read_manifest(data)
    assert manifest is not None and manifest.demo is False
    assert not any(p.generated for p in manifest.tables.values())
    # the boundaries' provenance was kept as it was
    assert manifest.tables["buurten"].source.startswith("CBS")
    assert load_dataset(data).manifest.demo is False


def test_a_generated_table_brings_the_demo_mark_back(tmp_path: Path) -> None:
    stage = Staging(tmp_path, None)
    stage.set_manifest(
        municipality_code="GM0106",
        municipality_name="Assen",
        boundary_year=2024,
        provenance={"buurten": provenance("CBS")},
    )
    assert stage.manifest is not None and stage.manifest.demo is False
    stage.set_manifest(
        provenance={"holiday_parks": Provenance(source="python -m geo demo", generated=True)}
    )
    assert stage.manifest.demo is True
    written, _ = read_manifest(tmp_path)
    assert written is not None and written.demo is True
    assert written.municipality_name == "Assen"
