"""`python -m geo meeliften` on the demo: DESIGN.md's contract, the same numbers as
geo.meeliften.analyse() (which the app's panel shows), viewers' small numbers, errors
as one line, and --out written all or nothing."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from geo import cli
from geo.cli import main
from geo.config import DEMO_DATA_DIR, load_settings
from geo.dataset import Dataset, load_dataset
from geo.meeliften import LABEL_COLUMNS, MIN_SHOWN, Parameters, Result, analyse, for_viewers
from geo.meeliften_io import LEVELS, level_frame, to_json

ENV_VARS = ("AFSPRAKENKAART_DATA", "AFSPRAKENKAART_OFFLINE", "AFSPRAKENKAART_CONFIG")
DEMO = ["meeliften", "--data", str(DEMO_DATA_DIR)]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def demo(demo_dataset: Dataset) -> Dataset:
    return demo_dataset  # tests/conftest.py: loaded once per session


@pytest.fixture(autouse=True)
def _demo_loaded_once(demo: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI loads the demo once for this module (loading is test_cli.py's and
    test_dataset.py's subject, `python -m geo` in a real process test_cli.py's)."""

    def load(directory: Path, **options: Any) -> Dataset:
        if Path(directory) == DEMO_DATA_DIR and not options.get("unread"):
            return demo
        return load_dataset(directory, **options)

    monkeypatch.setattr(cli, "load_dataset", load)


def _analyse(demo: Dataset, **changes: Any) -> Result:
    years = load_settings().years  # the CLI's default window: the configured years
    params = Parameters(**({"year_from": years.first, "year_to": years.last} | changes))
    return analyse(demo.table("private_homes"), demo.corporation_homes, demo.buurten, params)


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main([*DEMO, "--format", "json", *args]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return dict(json.loads(out))  # one JSON document and nothing else


def _csv(capsysbinary: pytest.CaptureFixture[bytes], *args: str) -> tuple[bytes, pd.DataFrame]:
    assert main([*DEMO, *args]) == 0
    out, err = capsysbinary.readouterr()
    assert err == b""
    return out, pd.read_csv(io.BytesIO(out), encoding="utf-8-sig", keep_default_na=False)


def _one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in err
    return lines[0]


# -- JSON: the contract and the numbers -------------------------------------------------


def test_json_follows_the_contract_and_equals_analyse(
    capsys: pytest.CaptureFixture[str], demo: Dataset
) -> None:
    got = _json(capsys)
    assert {"parameters", "total_candidates", "projects", "streets", "buurten"} <= set(got)
    expected = _analyse(demo)
    assert got == json.loads(json.dumps(to_json(expected)))
    assert got["parameters"] == expected.parameters.model_dump()
    assert got["parameters"]["radius_m"] == 150.0 and got["parameters"]["max_label"] == "D"
    assert got["total_candidates"] == expected.total == 601
    assert got["labels"] == list(LABEL_COLUMNS)
    for level in ("projects", "streets", "buurten"):
        rows = got[level]
        assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
        for row in rows:
            assert sum(row[c] for c in LABEL_COLUMNS) == row["candidates"]
    assert sum(r["candidates"] for r in got["projects"]) == got["total_candidates"]
    assert sum(r["candidates"] for r in got["buurten"]) == got["total_candidates"]
    assert "candidates" not in got  # no address list in the JSON


def test_json_options_reach_the_analysis(capsys: pytest.CaptureFixture[str], demo: Dataset) -> None:
    got = _json(capsys, "--year", "2025", "--radius", "100", "--max-label", "e")
    expected = _analyse(demo, year_from=2025, year_to=2025, radius_m=100.0, max_label="E")
    assert got["parameters"] | {"max_label": "E"} == expected.parameters.model_dump()
    assert got == json.loads(json.dumps(to_json(expected)))
    assert {r["year"] for r in got["projects"]} == {2025}
    assert 0 < got["total_candidates"] < 601


def test_a_year_without_projects_gives_empty_tables(capsys: pytest.CaptureFixture[str]) -> None:
    got = _json(capsys, "--year", "2022")
    assert (got["total_candidates"], got["projects"], got["streets"], got["buurten"]) == (
        0,
        [],
        [],
        [],
    )


# -- CSV: one level per file ----------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
def test_csv_levels(capsysbinary: pytest.CaptureFixture[bytes], demo: Dataset, level: str) -> None:
    raw, table = _csv(capsysbinary, "--level", level)
    expected = level_frame(_analyse(demo), level)  # type: ignore[arg-type]
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the accents
    assert raw.count(b"\r\n") == len(expected) + 1 and b"\n" not in raw.replace(b"\r\n", b"")
    assert list(table.columns) == list(expected.columns)
    assert len(table) == len(expected)
    assert table["candidates" if level != "candidates" else "home_id"].tolist() == (
        expected["candidates" if level != "candidates" else "home_id"].tolist()
    )


def test_csv_defaults_to_streets(capsysbinary: pytest.CaptureFixture[bytes], demo: Dataset) -> None:
    _, table = _csv(capsysbinary)
    assert list(table.columns) == list(_analyse(demo).streets.columns)


# -- viewers --------------------------------------------------------------------------


def _small(values: list[Any]) -> list[Any]:
    return [v for v in values if isinstance(v, int | float) and 1 <= v < MIN_SHOWN]


@pytest.mark.parametrize("args", [(), ("--year", "2026", "--max-label", "F")])
def test_viewer_json_has_no_count_below_5(
    capsys: pytest.CaptureFixture[str], demo: Dataset, args: tuple[str, ...]
) -> None:
    got = _json(capsys, "--viewer", *args)
    for level in ("projects", "streets", "buurten"):
        for row in got[level]:
            assert _small([row["candidates"], *(row[c] for c in LABEL_COLUMNS)]) == [], row
    assert not _small([got["total_candidates"]])
    full = _json(capsys, *args)
    assert len(got["streets"]) < len(full["streets"])  # something was hidden
    shown = {(r["buurtcode"], r["straat"]): r["candidates"] for r in got["streets"]}
    for row in full["streets"]:
        key = (row["buurtcode"], row["straat"])
        assert shown.get(key, row["candidates"]) == row["candidates"]


def test_viewer_csv_of_addresses_is_empty(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    raw, table = _csv(capsysbinary, "--viewer", "--level", "candidates")
    assert table.empty
    assert b"DEMO-PH-" not in raw
    assert "home_id" in table.columns


def test_viewer_json_total_is_the_real_total(capsys: pytest.CaptureFixture[str]) -> None:
    """(At commit 4d17f01 it was 0: the length of the viewer's empty address list.)"""
    got = _json(capsys, "--viewer")
    assert got["total_candidates"] == _json(capsys)["total_candidates"] == 601
    assert sum(r["candidates"] for r in got["projects"]) <= 601  # hidden projects left out
    for level in ("projects", "streets", "buurten"):
        rows = got[level]
        assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))  # renumbered
    for level in ("projects", "streets"):  # label counts per buurt only
        assert all(r[c] is None for r in got[level] for c in LABEL_COLUMNS)
    assert any(r[c] == 0 for r in got["buurten"] for c in LABEL_COLUMNS)


# Few candidates: projects of 2024 only, within 5 m, no street matches.
FEW = ("--year", "2024", "--radius", "5", "--no-street", "--max-label", "G")


def test_a_viewers_total_of_1_to_4_is_hidden(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    total = _json(capsys, *FEW)["total_candidates"]
    assert 1 <= total < MIN_SHOWN  # the facilitator sees it
    assert _json(capsys, "--viewer", *FEW)["total_candidates"] is None
    target = tmp_path / "few.json"
    assert main([*DEMO, "--format", "json", "--viewer", *FEW, "--out", str(target)]) == 0
    out, err = capsys.readouterr()
    assert (out, err.strip()) == ("", f"fewer than 5 candidate homes; wrote {target}")
    assert json.loads(target.read_text(encoding="utf-8"))["total_candidates"] is None
    assert main([*DEMO, "--format", "json", *FEW, "--out", str(target)]) == 0
    assert capsys.readouterr().err.strip() == f"{total} candidate homes; wrote {target}"


@pytest.mark.parametrize("args", [("--year", "2022"), FEW], ids=["no project", "few"])
def test_a_viewers_table_with_nothing_to_show_is_empty(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    """No project at all, or 1-4 candidates in all: no street and no buurt to show, and
    only the projects of 0 candidates (zeros are shown)."""
    got = _json(capsys, "--viewer", *args)
    assert (got["streets"], got["buurten"]) == ([], [])
    assert all(r["project_id"] and r["candidates"] == 0 for r in got["projects"])


# -- bad input: exit 1, one line, no traceback ----------------------------------------


LABELS = "use one of A++++, A+++, A++, A+, A, B, C, D, E, F, G"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--max-label", "H"), f"--max-label: 'H' is not an energy label: {LABELS}"),
        (("--max-label", "q"), f"--max-label: 'Q' is not an energy label: {LABELS}"),
        (("--max-label", "C+"), f"--max-label: 'C+' is not an energy label: {LABELS}"),
        (("--max-label", ""), f"--max-label: '' is not an energy label: {LABELS}"),
        (("--radius", "0"), "--radius: Input should be greater than 0"),
        (("--radius", "-5"), "--radius: Input should be greater than 0"),
        (("--radius", "2001"), "--radius: Input should be less than or equal to 2000"),
        # --year sets year_from and year_to: one message, not two
        (("--year", "1999"), "--year: Input should be greater than or equal to 2000"),
        (("--year", "2101"), "--year: Input should be less than or equal to 2100"),
        (("--era-years", "-1"), "--era-years: Input should be greater than or equal to 0"),
        (
            ("--radius", "0", "--max-label", "H"),
            "--radius: Input should be greater than 0; "
            f"--max-label: 'H' is not an energy label: {LABELS}",
        ),
    ],
)
def test_bad_parameters_give_one_clear_line(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], expected: str
) -> None:
    assert main([*DEMO, *args]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert _one_error_line(err) == f"error: {expected}"


def test_an_unreadable_number_is_argparses_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([*DEMO, "--radius", "ver"])
    assert info.value.code == 2
    assert "--radius" in capsys.readouterr().err


# -- --out: all or nothing ------------------------------------------------------------


def test_out_writes_the_same_bytes_as_standard_output(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
) -> None:
    target = tmp_path / "meeliften.json"
    assert main([*DEMO, "--format", "json", "--out", str(target)]) == 0
    out, err = capsysbinary.readouterr()
    assert out == b""
    assert err.decode().strip() == f"601 candidate homes; wrote {target}"
    assert main([*DEMO, "--format", "json"]) == 0
    assert target.read_bytes() == capsysbinary.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["meeliften.json"]  # no .partial


def test_out_into_a_missing_folder_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "nowhere" / "meeliften.csv"
    assert main([*DEMO, "--out", str(target)]) == 1
    line = _one_error_line(capsys.readouterr().err)
    assert str(tmp_path / "nowhere") in line and "does not exist" in line
    assert not (tmp_path / "nowhere").exists()


def test_a_failed_write_leaves_neither_a_file_nor_a_partial_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.os, "replace", full_disk)
    target = tmp_path / "meeliften.csv"
    assert main([*DEMO, "--out", str(target)]) == 1
    assert "No space left on device" in _one_error_line(capsys.readouterr().err)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_run_keeps_the_previous_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "meeliften.csv"
    target.write_bytes(b"previous run\r\n")
    assert main([*DEMO, "--max-label", "Z", "--out", str(target)]) == 1
    _one_error_line(capsys.readouterr().err)
    assert target.read_bytes() == b"previous run\r\n"
    assert sorted(os.listdir(tmp_path)) == ["meeliften.csv"]


def test_the_viewer_result_matches_for_viewers(
    capsys: pytest.CaptureFixture[str], demo: Dataset
) -> None:
    got = _json(capsys, "--viewer")
    expected = json.loads(json.dumps(to_json(for_viewers(_analyse(demo)))))
    assert got == expected
