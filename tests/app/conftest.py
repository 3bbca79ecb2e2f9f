"""Fixtures of the AppTest suites: every test starts from the embedded demo with no
configuration file, and gets its own agreement store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo.store import open_store


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The embedded demo, online settings, no config file (a test may set its own)."""
    for name in ("AFSPRAKENKAART_DATA", "AFSPRAKENKAART_OFFLINE", "AFSPRAKENKAART_CONFIG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def _empty_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty store with the schema made (migrating takes longer than copying)."""
    path = tmp_path_factory.mktemp("store") / "empty.db"
    store = open_store(f"sqlite:///{path}")
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.engine.dispose()
    return path


@pytest.fixture(autouse=True)
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _empty_store_file: Path) -> str:
    """A fresh SQLite store per test, so no test reads or writes the repository's var/
    or another test's store. The page caches its store per URL (ui/store.py), so a
    new URL is a new store; the page loads the seed decisions into it on first run."""
    path = tmp_path / "var" / "afsprakenkaart.db"
    path.parent.mkdir()
    shutil.copyfile(_empty_store_file, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url
