"""`python -m geo`: the command-line contract of DESIGN.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest

from geo.cli import main
from geo.config import DEMO_DATA_DIR, PROJECT_ROOT
from geo.dataset import Dataset, load_dataset
from geo.errors import DataValidationError

REFERENCE_BUURTEN = PROJECT_ROOT / "data" / "reference" / "GM1731" / "buurten.geojson"
ENV_VARS = ("AFSPRAKENKAART_DATA", "AFSPRAKENKAART_OFFLINE", "AFSPRAKENKAART_CONFIG")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


def _info_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["info", "--json", *args]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return json.loads(out)  # exactly one JSON object, nothing else on stdout


def _break_two_labels(directory: Path) -> None:
    path = directory / "corporation_homes.geojson"
    homes = gpd.read_file(path)
    homes.loc[[3, 7], "energielabel"] = "H"
    path.unlink()
    homes.to_file(path, driver="GeoJSON")


# --- info --json ----------------------------------------------------------------------


def test_info_json_layers_and_homes_per_corporation(
    capsys: pytest.CaptureFixture[str], demo_dataset: Dataset
) -> None:
    described = _info_json(capsys, "--data", str(DEMO_DATA_DIR))
    assert {"layers", "homes_per_corporation"} <= set(described)
    assert described["homes_per_corporation"] == {"Woonservice": 2220, "Actium": 1019}
    assert set(described["layers"]) == set(demo_dataset.files)
    for name, layer in described["layers"].items():
        assert {"count", "crs", "bbox"} <= set(layer), name
        assert layer["count"] == len(demo_dataset.tables[name]), name


def test_info_json_buurten_bbox_is_the_reference_bounds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    buurten = _info_json(capsys, "--data", str(DEMO_DATA_DIR))["layers"]["buurten"]
    reference = [float(v) for v in gpd.read_file(REFERENCE_BUURTEN).total_bounds]
    assert buurten["crs"] == "EPSG:28992"
    assert buurten["bbox"] == reference
    assert buurten["bbox"] == [220436.0, 528266.0, 245338.0, 558170.0]


def test_info_uses_the_configured_data_directory(
    capsys: pytest.CaptureFixture[str], data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (data_copy / "holiday_parks.geojson").unlink()
    monkeypatch.setenv("AFSPRAKENKAART_DATA", str(data_copy))
    described = _info_json(capsys)
    assert "holiday_parks" not in described["layers"]
    assert "buurten" in described["layers"]


def test_info_as_text(capsys: pytest.CaptureFixture[str], demo_dataset: Dataset) -> None:
    assert main(["info", "--data", str(DEMO_DATA_DIR)]) == 0
    out = capsys.readouterr().out
    assert demo_dataset.manifest.municipality_name in out
    assert "DEMO" in out
    for name in demo_dataset.files:
        assert name in out
    assert "2220" in out and "1019" in out


def test_info_json_in_a_real_subprocess() -> None:
    venv_python = PROJECT_ROOT / ".venv" / "bin" / "python"
    python = str(venv_python) if venv_python.exists() else sys.executable
    env = {k: v for k, v in os.environ.items() if k not in ENV_VARS}
    result = subprocess.run(
        [python, "-m", "geo", "info", "--json"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    described = json.loads(result.stdout)
    assert described["homes_per_corporation"] == {"Woonservice": 2220, "Actium": 1019}
    assert described["layers"]["buurten"]["bbox"] == [220436.0, 528266.0, 245338.0, 558170.0]


# --- failures: exit 1, one line per problem, no traceback -----------------------------


def test_info_on_a_broken_directory(capsys: pytest.CaptureFixture[str], data_copy: Path) -> None:
    _break_two_labels(data_copy)
    (data_copy / "holiday_parks.geojson").write_text("dit is geen geojson", encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    problems = info.value.problems

    assert main(["info", "--data", str(data_copy)]) == 1
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert out == ""
    assert len(lines) == len(problems) == 3
    assert all(line.startswith("error: ") for line in lines)
    assert "Traceback" not in err
    assert sum("corporation_homes.geojson" in line for line in lines) == 2
    assert sum("holiday_parks.geojson" in line for line in lines) == 1
    assert all("'H'" in line for line in lines if "corporation_homes" in line)


def test_info_json_on_a_broken_directory_prints_no_json(
    capsys: pytest.CaptureFixture[str], data_copy: Path
) -> None:
    (data_copy / "manifest.toml").unlink()
    assert main(["info", "--json", "--data", str(data_copy)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [line for line in err.splitlines() if line.startswith("error: ")]
    assert "manifest.toml" in err


def test_info_on_a_nonexistent_directory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nonexistent"
    assert main(["info", "--data", str(missing)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("error: ")
    assert str(missing) in err


def test_info_with_a_bad_configuration(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFSPRAKENKAART_OFFLINE", "misschien")
    assert main(["info"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert "AFSPRAKENKAART_OFFLINE" in err
    assert "Traceback" not in err


def test_a_command_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code != 0
    assert "usage" in capsys.readouterr().err


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "info" in out
    assert "demo" in out


# --- demo --out -----------------------------------------------------------------------


def test_demo_writes_the_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_dir = tmp_path / "nieuw" / "demo"
    assert main(["demo", "--out", str(out_dir)]) == 0
    out = capsys.readouterr().out
    written = {p.name for p in out_dir.iterdir()}
    expected = {p.name for p in DEMO_DATA_DIR.iterdir() if p.suffix != ".md"}
    assert written == expected
    reported = {Path(line.removeprefix("wrote ")).name for line in out.splitlines()}
    assert reported == written
    assert load_dataset(out_dir).manifest.demo is True
