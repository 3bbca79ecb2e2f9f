"""Describe a data directory: per table its count, CRS and bounding box."""

from __future__ import annotations

from typing import Any

import geopandas as gpd

from geo.dataset import Dataset


def existing_stock(homes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Homes that existed at the start of the period: every row except planned new builds."""
    return homes[homes["measure"].fillna("") != "nieuwbouw"]


def homes_per_corporation(homes: gpd.GeoDataFrame) -> dict[str, int]:
    """Existing corporation homes per corporation, largest first."""
    counts = existing_stock(homes)["corporation"].value_counts()
    return {str(k): int(v) for k, v in counts.items()}


def _bbox(gdf: gpd.GeoDataFrame) -> list[float] | None:
    geoms = gdf.geometry[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
    if geoms.empty:
        return None
    return [round(float(v), 1) for v in geoms.total_bounds]


def describe(dataset: Dataset) -> dict[str, Any]:
    """The `info --json` object: {"layers": {...}, "homes_per_corporation": {...}}."""
    layers: dict[str, dict[str, Any]] = {}
    for name, path in dataset.files.items():
        frame = dataset.tables[name]
        if isinstance(frame, gpd.GeoDataFrame):
            drawn_on = frame
        elif name == "heat_phasing":  # an attribute table drawn on wijken/buurten
            codes = set(frame["area_code"])
            parts = [
                dataset.wijken[dataset.wijken["wijkcode"].isin(codes)],
                dataset.buurten[dataset.buurten["buurtcode"].isin(codes)],
            ]
            drawn_on = gpd.GeoDataFrame(
                geometry=list(parts[0].geometry) + list(parts[1].geometry),
                crs=dataset.wijken.crs,
            )
        else:
            layers[name] = {"count": len(frame), "crs": None, "bbox": None, "file": path.name}
            continue
        crs = drawn_on.crs.to_string() if drawn_on.crs is not None else None
        layers[name] = {"count": len(frame), "crs": crs, "bbox": _bbox(drawn_on), "file": path.name}
    return {
        "municipality": {
            "code": dataset.manifest.municipality_code,
            "name": dataset.manifest.municipality_name,
            "demo": dataset.manifest.demo,
        },
        "layers": layers,
        "homes_per_corporation": homes_per_corporation(dataset.corporation_homes),
    }
