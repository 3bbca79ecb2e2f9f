"""Fixtures for the layer tests: contexts on the demo, and the hostile demo loaded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from geo.config import Settings
from geo.dataset import Dataset, load_dataset
from layers.base import MapContext

MakeCtx = Callable[..., MapContext]


@pytest.fixture(scope="session")
def make_ctx(demo_dataset: Dataset, demo_settings: Settings) -> MakeCtx:
    """`make_ctx(year, lang, dataset=..., settings=...)`: a MapContext, the demo by default."""

    def make(
        year: int = 2025,
        lang: str = "nl",
        *,
        dataset: Dataset | None = None,
        settings: Settings | None = None,
        viewer: bool = False,
    ) -> MapContext:
        return MapContext(
            dataset or demo_dataset, settings or demo_settings, year, lang, viewer=viewer
        )

    return make


@pytest.fixture
def hostile_dataset(hostile_data: Path) -> Dataset:
    """The demo with script-like names, loaded through the normal loader."""
    return load_dataset(hostile_data)
