"""`describe`: per table its count, CRS and bbox; the existing stock per corporation."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from geo.dataset import Dataset, load_dataset
from geo.info import describe, existing_stock, homes_per_corporation


def _homes(rows: list[tuple[str, str | None]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"corporation": [r[0] for r in rows], "measure": [r[1] for r in rows]},
        geometry=[Point(230_000 + n, 540_000) for n in range(len(rows))],
        crs=28992,
    )


def test_existing_stock_leaves_out_only_planned_new_builds() -> None:
    homes = _homes(
        [
            ("Alpha", None),
            ("Alpha", "sloop"),
            ("Alpha", "verkoop"),
            ("Alpha", "nieuwbouw"),
            ("Beta", "verduurzaming"),
            ("Beta", "renovatie"),
            ("Beta", "nieuwbouw"),
            ("Beta", "nieuwbouw"),
        ]
    )
    assert len(existing_stock(homes)) == 5
    assert homes_per_corporation(homes) == {"Alpha": 3, "Beta": 2}


def test_homes_per_corporation_largest_first() -> None:
    homes = _homes([("Klein", None)] + [("Groot", None)] * 3 + [("Midden", None)] * 2)
    assert list(homes_per_corporation(homes)) == ["Groot", "Midden", "Klein"]


def test_describe_lists_every_file_of_the_directory(demo_dataset: Dataset) -> None:
    described = describe(demo_dataset)
    assert set(described["layers"]) == set(demo_dataset.files)
    for name, layer in described["layers"].items():
        assert layer["count"] == len(demo_dataset.tables[name]), name
        assert layer["file"] == demo_dataset.files[name].name


def test_geometry_layers_report_rd_new_and_a_finite_bbox(demo_dataset: Dataset) -> None:
    layers = describe(demo_dataset)["layers"]
    for name, frame in demo_dataset.tables.items():
        if not isinstance(frame, gpd.GeoDataFrame) or name not in layers:
            continue
        bbox = layers[name]["bbox"]
        assert layers[name]["crs"] == "EPSG:28992", name
        assert len(bbox) == 4
        assert all(math.isfinite(v) for v in bbox), name  # fictief homes have no point
        assert bbox[0] < bbox[2]
        assert bbox[1] < bbox[3]


def test_corporation_homes_bbox_is_that_of_the_located_homes(demo_dataset: Dataset) -> None:
    homes = demo_dataset.corporation_homes
    located = homes[~(homes.geometry.isna() | homes.geometry.is_empty)]
    assert len(located) < len(homes)  # the demo has homes without a location
    bbox = describe(demo_dataset)["layers"]["corporation_homes"]["bbox"]
    assert bbox == pytest.approx(list(located.total_bounds), abs=0.1)


def test_heat_phasing_bbox_is_that_of_the_areas_it_is_drawn_on(demo_dataset: Dataset) -> None:
    layer = describe(demo_dataset)["layers"]["heat_phasing"]
    codes = set(demo_dataset.heat_phasing["area_code"])
    wijken = demo_dataset.wijken[demo_dataset.wijken["wijkcode"].isin(codes)]
    buurten = demo_dataset.buurten[demo_dataset.buurten["buurtcode"].isin(codes)]
    drawn = pd.concat([wijken.geometry, buurten.geometry])
    assert layer["crs"] == "EPSG:28992"
    assert layer["count"] == len(demo_dataset.heat_phasing)
    assert layer["bbox"] == pytest.approx(list(gpd.GeoSeries(drawn).total_bounds), abs=0.1)


def test_plain_tables_have_no_crs_or_bbox(demo_dataset: Dataset) -> None:
    layer = describe(demo_dataset)["layers"]["yearly_figures"]
    assert layer["count"] == len(demo_dataset.table("yearly_figures"))
    assert (layer["crs"], layer["bbox"]) == (None, None)


def test_describe_names_the_municipality_and_the_demo(demo_dataset: Dataset) -> None:
    municipality = describe(demo_dataset)["municipality"]
    assert municipality["code"] == demo_dataset.manifest.municipality_code
    assert municipality["name"] == demo_dataset.manifest.municipality_name
    assert municipality["demo"] is True


def test_absent_tables_are_not_listed(data_copy: Path) -> None:
    (data_copy / "holiday_parks.geojson").unlink()
    (data_copy / "yearly_figures.csv").unlink()
    layers = describe(load_dataset(data_copy))["layers"]
    assert "holiday_parks" not in layers
    assert "yearly_figures" not in layers
    assert "buurten" in layers
