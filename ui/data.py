"""Loading settings and data once per data directory, shared by all sessions."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.config import Settings, load_settings
from geo.dataset import Dataset, load_dataset


def _signature(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """File names, sizes and mtimes: a changed file means a fresh load."""
    return tuple(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(directory.iterdir())
        if p.is_file()
    )


# cache_resource, not cache_data: cache_data pickles a copy of the ~12,000-row frames on
# every rerun (tens of ms, against a 250 ms budget for a year change). Sharing is safe
# because nothing in geo/ or layers/ mutates its input frames.
@st.cache_resource(show_spinner=False, max_entries=4)
def _dataset(directory: str, signature: tuple[tuple[str, int, int], ...]) -> Dataset:
    return load_dataset(Path(directory))


def settings() -> Settings:
    """The configuration (TOML + environment), read on every run: it is cheap."""
    return load_settings()


def dataset(settings: Settings) -> Dataset:
    """The validated dataset of the configured data directory (cached)."""
    directory = settings.data_dir.resolve()
    return _dataset(str(directory), _signature(directory))
