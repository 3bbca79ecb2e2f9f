"""Fixtures shared by every test suite: the demo data and editable copies of it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pytest

from geo.config import DEMO_DATA_DIR, PROJECT_ROOT, Settings
from geo.dataset import Dataset, load_dataset

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def demo_dataset() -> Dataset:
    """The embedded demo, loaded once (tests must not change its frames)."""
    return load_dataset(DEMO_DATA_DIR)


@pytest.fixture(scope="session")
def demo_settings() -> Settings:
    return Settings()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the demo data directory."""
    target = tmp_path / "data"
    shutil.copytree(DEMO_DATA_DIR, target)
    return target


@pytest.fixture
def hostile_data(data_copy: Path) -> Path:
    """The demo data with script-like text in every name a user can see."""
    edits: dict[str, Callable[[gpd.GeoDataFrame], None]] = {
        "buurten": lambda g: g.__setitem__("buurtnaam", HOSTILE),
        "wijken": lambda g: g.__setitem__("wijknaam", HOSTILE),
        "holiday_parks": lambda g: g.__setitem__("name", HOSTILE),
        "corporation_homes": lambda g: (
            g.__setitem__("complex_id", HOSTILE),
            g.__setitem__("woningtype", HOSTILE),
            g.__setitem__("corporation", g["corporation"].where(g.index % 2 == 0, HOSTILE)),
        ),
        "attention_areas": lambda g: (
            g.__setitem__("vision", HOSTILE),
            g.__setitem__("lead_party", HOSTILE),
        ),
    }
    for table, edit in edits.items():
        path = data_copy / f"{table}.geojson"
        gdf = gpd.read_file(path)
        edit(gdf)
        path.unlink()
        gdf.to_file(path, driver="GeoJSON")
    manifest = data_copy / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace('municipality_name = "Midden-Drenthe"', f'municipality_name = "{HOSTILE}"')
    manifest.write_text(text, encoding="utf-8")
    return data_copy
