"""The embedded demo: deterministic, follows the agreements' figures, never mistaken for real."""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geo import demo
from geo.config import DEMO_DATA_DIR
from geo.dataset import Dataset, load_dataset
from geo.info import homes_per_corporation

YEARS = (2023, 2024, 2025, 2026)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("demo")
    return out, demo.generate(out)


@pytest.fixture(scope="module")
def fresh(generated: tuple[Path, list[Path]]) -> Dataset:
    """The freshly generated directory, loaded (so it must pass validation)."""
    return load_dataset(generated[0])


@pytest.fixture(scope="module")
def homes(fresh: Dataset) -> gpd.GeoDataFrame:
    return fresh.corporation_homes


def _committed_data_files() -> set[str]:
    """Every file of data/demo that the generator owns (the README is written by hand)."""
    return {p.name for p in DEMO_DATA_DIR.iterdir() if p.is_file() and p.suffix != ".md"}


# --- determinism ----------------------------------------------------------------------


def test_generate_writes_every_file_of_the_committed_demo(
    generated: tuple[Path, list[Path]],
) -> None:
    out, written = generated
    assert all(path.parent == out and path.is_file() for path in written)
    assert {path.name for path in written} == _committed_data_files()


def test_regenerating_gives_byte_identical_files(generated: tuple[Path, list[Path]]) -> None:
    _, written = generated
    differing = [
        path.name
        for path in written
        if path.read_bytes() != (DEMO_DATA_DIR / path.name).read_bytes()
    ]
    assert not differing, f"regenerated files differ from data/demo: {differing}"


def test_a_different_seed_gives_different_homes(
    tmp_path_factory: pytest.TempPathFactory, homes: gpd.GeoDataFrame
) -> None:
    out = tmp_path_factory.mktemp("other-seed")
    demo.generate(out, seed=demo.SEED + 1)
    committed = (DEMO_DATA_DIR / "corporation_homes.geojson").read_bytes()
    assert (out / "corporation_homes.geojson").read_bytes() != committed
    other = gpd.read_file(out / "corporation_homes.geojson")
    located = ~homes.geometry.is_empty & ~homes.geometry.isna()
    first = homes[located].head(50).geometry.reset_index(drop=True)
    other_first = other[~other.geometry.is_empty & ~other.geometry.isna()].head(50).geometry
    assert not first.geom_equals(other_first.reset_index(drop=True)).all()
    # The agreed figures do not depend on the seed.
    assert homes_per_corporation(other) == homes_per_corporation(homes)


# --- the agreements' figures ----------------------------------------------------------


def _count(homes: pd.DataFrame, **where: object) -> int:
    mask = pd.Series(True, index=homes.index)
    for column, value in where.items():
        mask &= homes[column] == value
    return int(mask.fillna(False).sum())


def test_existing_stock_on_1_january_2023(homes: gpd.GeoDataFrame) -> None:
    existing = homes[homes["measure"].fillna("") != "nieuwbouw"]
    assert len(existing) == 3239
    per_corporation = existing["corporation"].value_counts().to_dict()
    assert per_corporation == {"Woonservice": 2220, "Actium": 1019}
    assert homes_per_corporation(homes) == per_corporation


@pytest.mark.parametrize("year", YEARS)
def test_woonservice_makes_75_homes_sustainable_every_year(
    homes: gpd.GeoDataFrame, year: int
) -> None:
    count = _count(homes, corporation="Woonservice", measure="verduurzaming", measure_year=year)
    assert count == 75


def test_actium_renovates_91_homes_in_the_period(homes: gpd.GeoDataFrame) -> None:
    renovations = homes[(homes["corporation"] == "Actium") & (homes["measure"] == "renovatie")]
    assert len(renovations) == 91
    assert set(renovations["measure_year"]) <= set(YEARS)


def test_80_homes_demolished_and_rebuilt(homes: gpd.GeoDataFrame) -> None:
    assert _count(homes, measure="sloop") == 80
    demolished = homes[homes["measure"] == "sloop"]
    rebuilt = homes[
        (homes["measure"] == "nieuwbouw") & homes["complex_id"].str.endswith("-N", na=False)
    ]
    assert len(rebuilt) == 80
    assert set(rebuilt["complex_id"].str.removesuffix("-N")) == set(demolished["complex_id"])


def test_sales(homes: gpd.GeoDataFrame) -> None:
    assert _count(homes, corporation="Woonservice", measure="verkoop") == 30
    assert _count(homes, corporation="Actium", measure="verkoop") == 20


def test_actium_adds_52_homes_of_which_48_fictief(homes: gpd.GeoDataFrame) -> None:
    additions = homes[(homes["corporation"] == "Actium") & (homes["measure"] == "nieuwbouw")]
    assert len(additions) == 52
    without_location = additions.geometry.isna() | additions.geometry.is_empty
    assert int(without_location.sum()) == 48
    # Only these fictief homes lack a location.
    all_missing = homes.geometry.isna() | homes.geometry.is_empty
    assert int(all_missing.sum()) == 48


def test_nothing_is_done_before_it_was_planned(homes: gpd.GeoDataFrame) -> None:
    done = homes[homes["completed_year"].notna()]
    assert len(done) > 0
    assert (done["completed_year"] >= done["measure_year"]).all()
    assert set(done["measure_status"]) == {"gereed"}
    assert homes.loc[homes["measure"].isna(), "measure_year"].isna().all()


def test_25_holiday_parks_of_which_14_not_vital(fresh: Dataset) -> None:
    parks = fresh.holiday_parks
    assert len(parks) == 25
    assert int((parks["vitality"] == "niet-vitaal").sum()) == 14
    assert parks["name"].is_unique


def test_heat_phasing_covers_every_wijk(fresh: Dataset) -> None:
    wijken = set(fresh.wijken["wijkcode"])
    phased = set(fresh.heat_phasing["area_code"])
    assert wijken <= phased
    assert len(wijken) == len(set(fresh.buurten["wijkcode"]))


def test_attention_areas_for_every_year(fresh: Dataset) -> None:
    areas = fresh.attention_areas
    designated = areas[areas["status"] == "designated"]
    assert set(designated["year"]) == set(YEARS)


# --- never mistaken for real data -----------------------------------------------------

ID_COLUMNS = {
    "corporation_homes": ("home_id", "complex_id", "pand_id"),
    "private_homes": ("home_id", "pand_id"),
    "holiday_parks": ("park_id",),
}


@pytest.mark.parametrize(
    ("table", "column"), [(t, c) for t, cols in ID_COLUMNS.items() for c in cols]
)
def test_every_generated_id_starts_with_demo(fresh: Dataset, table: str, column: str) -> None:
    ids = fresh.table(table)[column].dropna()
    assert len(ids) > 0
    wrong = ids[~ids.str.startswith("DEMO-")]
    assert wrong.empty, list(wrong[:5])


@pytest.mark.parametrize("table", ["corporation_homes", "private_homes"])
def test_every_postcode_uses_a_never_issued_letter_pair(fresh: Dataset, table: str) -> None:
    postcodes = fresh.table(table)["postcode"].dropna()
    assert len(postcodes) > 0
    wrong = [p for p in postcodes if not re.fullmatch(r"\d{4} (SA|SD|SS)", p)]
    assert not wrong, wrong[:5]


def test_the_manifest_says_demo(fresh: Dataset) -> None:
    assert fresh.manifest.demo is True
    generated = {name for name, prov in fresh.manifest.tables.items() if prov.generated}
    assert generated == set(fresh.files) - {"buurten", "wijken"}


# --- placed where they say they are ---------------------------------------------------


@pytest.mark.parametrize("table", ["corporation_homes", "private_homes"])
def test_every_home_lies_inside_the_buurt_its_buurtcode_names(fresh: Dataset, table: str) -> None:
    homes = fresh.table(table)
    located = homes[homes["buurtcode"].notna() & ~homes.geometry.isna() & ~homes.geometry.is_empty]
    assert len(located) > 0
    shapes = fresh.buurten.set_index("buurtcode").geometry
    buurt_of_home = gpd.GeoSeries(
        shapes.reindex(located["buurtcode"]).values, index=located.index, crs=shapes.crs
    )
    outside = located[~buurt_of_home.contains(located.geometry)]
    assert outside.empty, list(outside["home_id"][:5])


def test_homes_only_in_the_villages(homes: gpd.GeoDataFrame) -> None:
    # Buurten ending in 09 are the "verspreide huizen" (countryside) of a wijk.
    assert not homes["buurtcode"].dropna().str.endswith("09").any()


def test_boundaries_are_the_cbs_reference_unchanged(generated: tuple[Path, list[Path]]) -> None:
    out, _ = generated
    for name in ("buurten", "wijken"):
        reference = (demo.REFERENCE_DIR / f"{name}.geojson").read_bytes()
        assert (out / f"{name}.geojson").read_bytes() == reference
