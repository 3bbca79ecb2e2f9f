"""One schema per table: every bad value is named by file, row and field, all at once.

Inputs are a few rows of the demo, changed and written to tmp_path, then read with
`read_table` (the per-file half of `load_dataset`).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geo.config import DEMO_DATA_DIR
from geo.dataset import read_table
from geo.errors import DataValidationError, Problem
from geo.schemas import TABLES, TABLES_BY_NAME, TableSpec

ROWS = 4


def _problems(path: Path, spec: TableSpec) -> list[Problem]:
    with pytest.raises(DataValidationError) as info:
        read_table(path, spec)
    return info.value.problems


def _demo_features(table: str, rows: int = ROWS) -> gpd.GeoDataFrame:
    return gpd.read_file(DEMO_DATA_DIR / f"{table}.geojson", rows=rows)


def _write_features(gdf: gpd.GeoDataFrame, tmp_path: Path, table: str) -> Path:
    path = tmp_path / f"{table}.geojson"
    gdf.to_file(path, driver="GeoJSON")
    return path


def _demo_rows(table: str) -> pd.DataFrame:
    return pd.read_csv(DEMO_DATA_DIR / f"{table}.csv", dtype=str).head(ROWS)


def _write_rows(frame: pd.DataFrame, tmp_path: Path, table: str) -> Path:
    path = tmp_path / f"{table}.csv"
    frame.to_csv(path, index=False, lineterminator="\n")
    return path


def _with_value(frame: pd.DataFrame, row: int, column: str, value: object) -> pd.DataFrame:
    frame = frame.copy()
    frame[column] = frame[column].astype(object)
    frame.loc[row, column] = value
    return frame


def test_the_tables_of_a_data_directory() -> None:
    assert {spec.name for spec in TABLES} == {
        "buurten",
        "wijken",
        "corporation_homes",
        "private_homes",
        "heat_phasing",
        "holiday_parks",
        "attention_areas",
        "yearly_figures",
    }
    assert [spec.name for spec in TABLES if spec.required] == ["buurten"]
    assert {spec.name for spec in TABLES if not spec.has_geometry} == {
        "heat_phasing",
        "yearly_figures",
    }


@pytest.mark.parametrize("spec", TABLES, ids=lambda spec: spec.name)
def test_a_few_demo_rows_are_valid(spec: TableSpec, tmp_path: Path) -> None:
    if spec.has_geometry:
        path = _write_features(_demo_features(spec.name), tmp_path, spec.name)
    else:
        path = _write_rows(_demo_rows(spec.name), tmp_path, spec.name)
    assert len(read_table(path, spec)) == ROWS


# --- one bad value: file, row (feature N / line N) and field, with the value ----------

GEO_CASES = [
    ("corporation_homes", "measure", "afbraak"),
    ("corporation_homes", "energielabel", "H"),
    ("corporation_homes", "measure_status", "klaar"),
    ("corporation_homes", "measure_year", "2025a"),
    ("corporation_homes", "completed_year", "2025.5"),
    ("corporation_homes", "buurtcode", "BU1731"),
    ("corporation_homes", "postcode", "9411ss"),
    ("corporation_homes", "huisnummer", "12a"),
    ("private_homes", "energielabel", "A+++++"),
    ("private_homes", "bouwjaar", "oud"),
    ("holiday_parks", "vitality", "half-vitaal"),
    ("holiday_parks", "units", -5),
    ("attention_areas", "status", "approved"),
    ("attention_areas", "theme", "verkeer"),
    ("attention_areas", "reasons", "social|noise"),
    ("attention_areas", "area_kind", "gemeente"),
    ("attention_areas", "year", "2023a"),
    ("buurten", "buurtcode", "BU123"),
    ("buurten", "gemeentecode", "1731"),
    ("wijken", "wijkcode", "WK17310"),
]


@pytest.mark.parametrize(("table", "column", "bad"), GEO_CASES)
def test_bad_value_in_a_geo_file(tmp_path: Path, table: str, column: str, bad: object) -> None:
    features = _with_value(_demo_features(table), 1, column, bad)
    path = _write_features(features, tmp_path, table)
    problems = _problems(path, TABLES_BY_NAME[table])
    assert [(p.file, p.where, p.field) for p in problems] == [(str(path), "feature 2", column)]
    assert str(bad) in problems[0].message


CSV_CASES = [
    ("heat_phasing", "strategy", "stadsverwarming"),
    ("heat_phasing", "plan_status", "klaar"),
    ("heat_phasing", "period_start", "twintig"),
    ("heat_phasing", "period_end", "2030.5"),
    ("heat_phasing", "area_code", "GM1731"),
    ("yearly_figures", "year", "2023/24"),
    ("yearly_figures", "value", "veel"),
]


@pytest.mark.parametrize(("table", "column", "bad"), CSV_CASES)
def test_bad_value_in_a_csv_file(tmp_path: Path, table: str, column: str, bad: str) -> None:
    rows = _with_value(_demo_rows(table), 2, column, bad)  # the third data row
    path = _write_rows(rows, tmp_path, table)
    problems = _problems(path, TABLES_BY_NAME[table])
    # The header is line 1, so the third data row is line 4.
    assert [(p.file, p.where, p.field) for p in problems] == [(str(path), "line 4", column)]
    assert bad in problems[0].message


def _text_heating_change(tmp_path: Path, values: list[str]) -> Path:
    features = _demo_features("corporation_homes", rows=len(values))
    features["heating_change"] = pd.Series(values, dtype=object)
    return _write_features(features, tmp_path, "corporation_homes")


def test_heating_change_that_is_not_true_or_false(tmp_path: Path) -> None:
    path = _text_heating_change(tmp_path, ["false", "true", "misschien", "false"])
    problems = _problems(path, TABLES_BY_NAME["corporation_homes"])
    assert ("feature 3", "heating_change") in [(p.where, p.field) for p in problems]
    assert any("misschien" in p.message for p in problems)


def test_heating_change_as_text_true_and_false(tmp_path: Path) -> None:
    path = _text_heating_change(tmp_path, ["false", "true", "misschien", "false"])
    problems = _problems(path, TABLES_BY_NAME["corporation_homes"])
    assert [(p.where, p.field) for p in problems] == [("feature 3", "heating_change")]


def test_unknown_code_lists_the_allowed_ones(tmp_path: Path) -> None:
    features = _with_value(_demo_features("corporation_homes"), 0, "measure", "afbraak")
    path = _write_features(features, tmp_path, "corporation_homes")
    message = _problems(path, TABLES_BY_NAME["corporation_homes"])[0].message
    for code in ("verduurzaming", "renovatie", "sloop", "nieuwbouw", "verkoop"):
        assert code in message


def test_problems_read_as_a_sentence(tmp_path: Path) -> None:
    features = _with_value(_demo_features("holiday_parks"), 2, "vitality", "half-vitaal")
    path = _write_features(features, tmp_path, "holiday_parks")
    text = str(_problems(path, TABLES_BY_NAME["holiday_parks"])[0])
    assert text.startswith(f"{path}, feature 3, field 'vitality': ")
    assert "half-vitaal" in text


def test_a_required_value_left_empty(tmp_path: Path) -> None:
    features = _with_value(_demo_features("buurten"), 3, "buurtnaam", None)
    path = _write_features(features, tmp_path, "buurten")
    problems = _problems(path, TABLES_BY_NAME["buurten"])
    assert [(p.where, p.field) for p in problems] == [("feature 4", "buurtnaam")]
    assert "empty" in problems[0].message


# --- all problems at once -------------------------------------------------------------


def test_two_bad_rows_give_two_problems(tmp_path: Path) -> None:
    features = _demo_features("corporation_homes")
    for row in (0, 3):
        features = _with_value(features, row, "energielabel", "H")
    path = _write_features(features, tmp_path, "corporation_homes")
    problems = _problems(path, TABLES_BY_NAME["corporation_homes"])
    assert sorted((p.where, p.field) for p in problems) == [
        ("feature 1", "energielabel"),
        ("feature 4", "energielabel"),
    ]


def test_every_kind_of_problem_in_a_file_is_reported_together(tmp_path: Path) -> None:
    features = _demo_features("corporation_homes")
    features = _with_value(features, 0, "measure", "afbraak")
    features = _with_value(features, 1, "energielabel", "H")
    features = _with_value(features, 2, "bouwjaar", "negentienzestig")
    features = features.set_geometry(
        features.geometry.where(features.index != 3, features.geometry[3].buffer(5))
    )
    path = _write_features(features, tmp_path, "corporation_homes")
    problems = _problems(path, TABLES_BY_NAME["corporation_homes"])
    assert sorted((p.where, p.field) for p in problems) == [
        ("feature 1", "measure"),
        ("feature 2", "energielabel"),
        ("feature 3", "bouwjaar"),
        ("feature 4", "geometry"),
    ]
    assert all(p.file == str(path) for p in problems)


def test_duplicate_ids_name_every_row_involved(tmp_path: Path) -> None:
    features = _demo_features("corporation_homes")
    features = _with_value(features, 3, "home_id", features.loc[1, "home_id"])
    path = _write_features(features, tmp_path, "corporation_homes")
    problems = _problems(path, TABLES_BY_NAME["corporation_homes"])
    assert sorted((p.where, p.field) for p in problems) == [
        ("feature 2", "home_id"),
        ("feature 4", "home_id"),
    ]
    assert all("more than once" in p.message for p in problems)


def test_duplicate_area_codes_in_heat_phasing(tmp_path: Path) -> None:
    rows = _with_value(_demo_rows("heat_phasing"), 2, "area_code", "WK173100")
    path = _write_rows(rows, tmp_path, "heat_phasing")
    problems = _problems(path, TABLES_BY_NAME["heat_phasing"])
    assert sorted((p.where, p.field) for p in problems) == [
        ("line 2", "area_code"),
        ("line 4", "area_code"),
    ]


# --- heat phasing: the period must run forwards ---------------------------------------

PERIODS = (
    "area_code,period_start,period_end,strategy,plan_status\n"
    "WK173100,2022,2025,warmtenet,uitvoering\n"
    "WK173101,2030,2026,onbekend,uitvoeringsplan\n"
    "WK173102,2031,2020,hybride,verkenning\n"
    "WK173103,2036,2036,groengas,verkenning\n"
)


def test_period_end_before_period_start_names_the_lines(tmp_path: Path) -> None:
    path = tmp_path / "heat_phasing.csv"
    path.write_text(PERIODS, encoding="utf-8")
    problems = _problems(path, TABLES_BY_NAME["heat_phasing"])
    assert {p.where for p in problems} == {"line 3", "line 4"}
    assert {p.file for p in problems} == {str(path)}
    assert any(p.field == "period_end" for p in problems)
    assert all("period_end before period_start" in p.message for p in problems)


def test_period_end_before_period_start_is_one_problem_per_row(tmp_path: Path) -> None:
    path = tmp_path / "heat_phasing.csv"
    path.write_text(PERIODS, encoding="utf-8")
    problems = _problems(path, TABLES_BY_NAME["heat_phasing"])
    assert sorted(p.where for p in problems) == ["line 3", "line 4"]
    assert {p.field for p in problems} <= {"period_start", "period_end"}


# --- rows without a location ----------------------------------------------------------


def test_planned_corporation_homes_may_lack_a_location(tmp_path: Path) -> None:
    features = _demo_features("corporation_homes")
    features = features.set_geometry(features.geometry.where(features.index != 1, None))
    path = _write_features(features, tmp_path, "corporation_homes")
    homes = read_table(path, TABLES_BY_NAME["corporation_homes"])
    assert int(homes.geometry.isna().sum()) == 1


def test_private_homes_need_a_location(tmp_path: Path) -> None:
    features = _demo_features("private_homes")
    features = features.set_geometry(features.geometry.where(features.index != 1, None))
    path = _write_features(features, tmp_path, "private_homes")
    problems = _problems(path, TABLES_BY_NAME["private_homes"])
    assert [(p.where, p.field) for p in problems] == [("feature 2", "geometry")]


# --- missing columns ------------------------------------------------------------------


def test_a_missing_required_column_is_reported_against_the_file(tmp_path: Path) -> None:
    path = _write_features(_demo_features("buurten").drop(columns="buurtnaam"), tmp_path, "b")
    problems = _problems(path, TABLES_BY_NAME["buurten"])
    assert problems
    assert {p.file for p in problems} == {str(path)}


@pytest.mark.parametrize("table", ["buurten", "heat_phasing"])
def test_every_missing_column_is_named(tmp_path: Path, table: str) -> None:
    spec = TABLES_BY_NAME[table]
    missing = sorted(spec.schema.columns)[-2:]
    if spec.has_geometry:
        path = _write_features(_demo_features(table).drop(columns=missing), tmp_path, table)
    else:
        path = _write_rows(_demo_rows(table).drop(columns=missing), tmp_path, table)
    problems = _problems(path, spec)
    assert sorted(p.field for p in problems) == missing
    assert all("missing" in p.message for p in problems)
