"""Fixtures shared by every test suite: the demo data and editable copies of it."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import geopandas as gpd
import pytest

from geo.config import DEMO_DATA_DIR, PROJECT_ROOT, Settings
from geo.dataset import Dataset, load_dataset
from tests import pg

HOSTILE = "<img src=x onerror=alert(1)>"

# Browser tests get one rerun (tests/e2e/conftest.py). These hooks sit here, in the
# conftest pytest-xdist's controller loads, so that the summary says why a rerun test
# failed its first attempt.
_reruns: list[pytest.TestReport] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.outcome == "rerun":  # type: ignore[comparison-overlap]
        _reruns.append(report)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Why each rerun test failed the first time: the race to chase."""
    for report in _reruns:
        terminalreporter.write_sep("-", f"first attempt of {report.nodeid}")
        terminalreporter.write_line(report.longreprtext[-4000:])


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


def make_hostile(directory: Path, text: str = HOSTILE) -> Path:
    """Put `text` in every name a user can see, in the data directory `directory`."""
    edits: dict[str, Callable[[gpd.GeoDataFrame], None]] = {
        "buurten": lambda g: g.__setitem__("buurtnaam", text),
        "wijken": lambda g: g.__setitem__("wijknaam", text),
        "holiday_parks": lambda g: g.__setitem__("name", text),
        "corporation_homes": lambda g: (
            g.__setitem__("complex_id", text),
            g.__setitem__("woningtype", text),
            g.__setitem__("corporation", g["corporation"].where(g.index % 2 == 0, text)),
        ),
        "attention_areas": lambda g: (
            g.__setitem__("vision", text),
            g.__setitem__("lead_party", text),
        ),
    }
    for table, edit in edits.items():
        path = directory / f"{table}.geojson"
        gdf = gpd.read_file(path)
        edit(gdf)
        path.unlink()
        gdf.to_file(path, driver="GeoJSON")
    manifest = directory / "manifest.toml"
    content = manifest.read_text(encoding="utf-8")
    content = content.replace(
        'municipality_name = "Midden-Drenthe"', f"municipality_name = {json.dumps(text)}"
    )
    manifest.write_text(content, encoding="utf-8")
    return directory


@pytest.fixture
def hostile_data(data_copy: Path) -> Path:
    """The demo data with script-like text in every name a user can see."""
    return make_hostile(data_copy)


@pytest.fixture(scope="session")
def small_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo without its homes, attention areas and yearly figures: boundaries, heat
    phasing and parks, with the demo's whole manifest. Every import validates the
    directory twice (before, and staged), so the homes would make importer tests slow."""
    target = tmp_path_factory.mktemp("small") / "data"
    shutil.copytree(DEMO_DATA_DIR, target)
    for name in ("corporation_homes", "private_homes", "attention_areas"):
        (target / f"{name}.geojson").unlink()
    (target / "yearly_figures.csv").unlink()
    load_dataset(target)  # still a valid data directory
    return target


@pytest.fixture
def small_data(small_template: Path, tmp_path: Path) -> Path:
    """A writable copy of `small_template`."""
    target = tmp_path / "data"
    shutil.copytree(small_template, target)
    return target


@pytest.fixture(scope="session")
def hostile_copy() -> Callable[[Path, str], Path]:
    """For fixtures wider than a function: `hostile_copy(target, text)` copies the demo
    data to `target` and makes it hostile like `hostile_data`, with `text`."""

    def copy(target: Path, text: str = HOSTILE) -> Path:
        shutil.copytree(DEMO_DATA_DIR, target)
        return make_hostile(target, text)

    return copy


# -- The agreement store on both databases ------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A PostgreSQL + PostGIS server for this test run (see tests/pg.py)."""
    reason = pg.missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs PostgreSQL + PostGIS: {reason}")
        pytest.skip(reason)
    with pg.server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty agreement-store database: a SQLite file, then a PostGIS database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'var' / 'afsprakenkaart.db'}"
    server = request.getfixturevalue("pg_server")
    return pg.fresh_database(server, f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture(scope="session", autouse=True)
def _isolated_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test writes to the repository's var/: the app's default store goes to a
    temporary SQLite file unless a test sets DATABASE_URL itself."""
    previous = os.environ.get("DATABASE_URL")
    if previous is None:
        path = tmp_path_factory.mktemp("store") / "afsprakenkaart.db"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    yield
    if previous is None:
        os.environ.pop("DATABASE_URL", None)


@pytest.fixture(scope="session", autouse=True)
def _isolated_var(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Likewise the app's var/ (imported data directories, the chosen data directory)."""
    previous = os.environ.get("AFSPRAKENKAART_VAR")
    if previous is None:
        os.environ["AFSPRAKENKAART_VAR"] = str(tmp_path_factory.mktemp("var"))
    yield
    if previous is None:
        os.environ.pop("AFSPRAKENKAART_VAR", None)
