"""Loading settings and data once per data directory, shared by all sessions."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from geo.config import DEMO_DATA_DIR, ENV_DATA, Settings, load_settings
from geo.dataset import Dataset, load_dataset
from geo.errors import ConfigError, DataValidationError
from geo.i18n import t
from ui.text import plain


def signature(directory: Path) -> tuple[tuple[str, int, int], ...]:
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


DEMO_DIR = DEMO_DATA_DIR
ACTIVE = "active-data-dir"  # in var_dir: the data page's choice (one line: its path)


def fixed_by_environment() -> bool:
    return bool(os.environ.get(ENV_DATA))


def imported_root(settings: Settings) -> Path:
    """Where the data page creates data directories (one per municipality code)."""
    return settings.var_dir / "data"


def set_active_directory(settings: Settings, directory: Path) -> None:
    """Make `directory` the data directory of every session (validated first)."""
    load_dataset(directory)
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    (settings.var_dir / ACTIVE).write_text(str(directory.resolve()) + "\n", encoding="utf-8")


def settings() -> Settings:
    """The configuration (TOML + environment, and the data page's choice), read on
    every run: it is cheap."""
    loaded = load_settings()
    # The environment variable, when set, wins: then the installation fixes it.
    active = loaded.var_dir / ACTIVE
    if not fixed_by_environment() and active.exists():
        chosen = Path(active.read_text(encoding="utf-8").strip())
        if chosen.is_dir():
            return loaded.model_copy(update={"data_dir": chosen})
    return loaded


def loaded(lang: str) -> tuple[Settings, Dataset] | None:
    """Settings and dataset for a page, or None after showing why they cannot be had
    (a broken configuration, or every problem of the data directory)."""
    try:
        current = settings()
    except ConfigError as exc:
        st.error(t("app.config_error", lang) + "\n\n" + plain(exc))
        return None
    try:
        return current, dataset(current)
    except DataValidationError as exc:
        st.error(t("app.data_error", lang, path=plain(str(current.data_dir))))
        st.code("\n".join(str(p) for p in exc.problems), language=None)
        return None


def dataset(settings: Settings) -> Dataset:
    """The validated dataset of the configured data directory (cached)."""
    directory = settings.data_dir.resolve()
    return _dataset(str(directory), signature(directory))
