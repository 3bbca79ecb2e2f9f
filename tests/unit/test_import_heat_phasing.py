"""`python -m geo import heat-phasing`: the municipality's phasing file into a data directory.

Spreadsheets (CSV in any of the encodings Dutch Excel writes, XLSX with a named sheet)
with the municipality's own column names and words, geo files with area codes, and
drawn phasing areas without codes. Every bad file exits 1 with one line per problem,
placed the way a spreadsheet or GIS shows it, and leaves the data directory as it was.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from openpyxl import Workbook

from geo.config import Settings
from geo.dataset import Dataset, load_dataset
from geo.errors import DataValidationError
from geo.importers.heat_phasing import import_heat_phasing
from layers.base import MapContext
from layers.registry import LAYERS_BY_ID
from tests.import_tools import assert_refused, run, snapshot, staging_leftovers

COLUMNS = ["area_code", "period_start", "period_end", "strategy", "plan_status"]
DUTCH_HEADER = "Wijkcode;Periode;Voorkeursstrategie;Status"


# -- helpers ----------------------------------------------------------------------------


def phasing_of(data: Path | Dataset) -> pd.DataFrame:
    frame = (data if isinstance(data, Dataset) else load_dataset(data)).heat_phasing
    return frame[COLUMNS].astype(object).sort_values("area_code").reset_index(drop=True)


def rows(*records: tuple[object, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(list(records), columns=COLUMNS, dtype=object)
    return frame.sort_values("area_code").reset_index(drop=True)


# -- the municipality's CSV in Dutch ------------------------------------------------------


def test_dutch_csv_through_the_cli_updates_table_manifest_info_and_map(
    capsys: pytest.CaptureFixture[str], data_copy: Path, tmp_path: Path
) -> None:
    source = tmp_path / "Transitievisie warmte.csv"
    source.write_text(
        f"{DUTCH_HEADER};Opmerking\n"
        "WK173100;2026-2030;All electric;in uitvoering;eerst de flats\n"
        "wk173101;2031 t/m 2035;Warmtenet;Verkenning;\n"
        "BU17310003;2022–2025;hybride warmtepomp;;buurt binnen Beilen\n",
        encoding="utf-8",
    )

    code, out, err = run(capsys, "import", "heat-phasing", str(source), "--data", str(data_copy))

    assert (code, err) == (0, "")
    assert "3 areas" in out and "all-electric 1" in out
    dataset = load_dataset(data_copy)
    assert phasing_of(dataset).equals(
        rows(
            ("WK173100", 2026, 2030, "all-electric", "uitvoering"),
            ("WK173101", 2031, 2035, "warmtenet", "verkenning"),
            # an empty status is "verkenning": nothing has been planned yet
            ("BU17310003", 2022, 2025, "hybride", "verkenning"),
        )
    )
    # heat_phasing is a table without geometry: it stays one CSV, no second file
    assert sorted(p.name for p in data_copy.glob("heat_phasing.*")) == ["heat_phasing.csv"]
    assert staging_leftovers(data_copy) == []

    manifest = dataset.manifest
    entry = manifest.tables["heat_phasing"]
    assert entry.source == f"file {source.name}"
    assert entry.date == date.today().isoformat()
    assert entry.generated is False
    # the other tables are still generated demo data: the DEMO mark stays
    assert manifest.demo is True
    assert manifest.tables["corporation_homes"].generated is True
    assert manifest.tables["buurten"].source.startswith("CBS")

    code, out, err = run(capsys, "info", "--json", "--data", str(data_copy))
    assert (code, err) == (0, "")
    heat = json.loads(out)["layers"]["heat_phasing"]
    assert heat["count"] == 3
    assert heat["crs"] == "EPSG:28992"

    layer = LAYERS_BY_ID["heat_phasing"]
    ctx = MapContext(dataset, Settings(), 2027)
    group = layer.build(ctx)
    assert group is not None
    areas = layer.areas(ctx).set_index("area_code")
    assert areas.loc["WK173100", "state"] == "current"  # 2026-2030 in 2027
    assert areas.loc["WK173101", "state"] == "later"
    labels = layer.legend(ctx).labels()
    assert {"2022–2025", "2026–2030", "2031–2035"} <= set(labels)


def test_our_own_column_names_read_directly(small_data: Path, tmp_path: Path) -> None:
    source = tmp_path / "phasing.csv"
    source.write_text(
        "area_code,period_start,period_end,strategy,plan_status\n"
        "WK173100,2026,2030,warmtenet,uitvoeringsplan\n"
        "\n"
        "WK173106,2036,2050,groengas,afgerond\n",
        encoding="utf-8",
    )
    result = import_heat_phasing(source, small_data)
    expected = rows(
        ("WK173100", 2026, 2030, "warmtenet", "uitvoeringsplan"),
        ("WK173106", 2036, 2050, "groengas", "afgerond"),
    )
    assert (
        result[COLUMNS]
        .astype(object)
        .sort_values("area_code")
        .reset_index(drop=True)
        .equals(expected)
    )
    assert phasing_of(small_data).equals(expected)


def test_english_column_names_with_capitals_and_spaces(small_data: Path, tmp_path: Path) -> None:
    source = tmp_path / "phasing.csv"
    source.write_text(
        "Area code;Period start;Period end;Strategy;Plan status\n"
        "WK173102;2026;2030;Hybride;uitvoering\n",
        encoding="utf-8",
    )
    import_heat_phasing(source, small_data)
    assert phasing_of(small_data).equals(rows(("WK173102", 2026, 2030, "hybride", "uitvoering")))


@pytest.mark.parametrize(
    ("header", "good", "bad", "expected"),
    [
        (
            "Wijkcode;Startjaar;Eindjaar;Strategie",
            "WK173100;2026;2030;warmtenet",
            "WK173102;2026;;Hybride",
            "line 4, field 'period_end'",
        ),
        (
            "Wijkcode;Startjaar;Strategie",
            "WK173100;2026;warmtenet",
            "WK173102;2026;Hybride",
            "line 1, field 'period_end'",  # the header lacks the column
        ),
        (
            "Wijkcode;Periode;Strategie",
            "WK173100;2026-2030;warmtenet",
            "WK173102;2026-2030;",
            "line 4, field 'strategy'",
        ),
    ],
    ids=["empty-end", "no-end-column", "empty-strategy"],
)
def test_empty_required_cells_are_named_in_the_users_file(
    capsys: pytest.CaptureFixture[str],
    small_data: Path,
    tmp_path: Path,
    header: str,
    good: str,
    bad: str,
    expected: str,
) -> None:
    source = tmp_path / "fasering.csv"
    source.write_text(f"{header}\n{good}\n\n{bad}\n", encoding="utf-8")
    before = snapshot(small_data)

    code, _, err = run(capsys, "import", "heat-phasing", str(source), "--data", str(small_data))

    assert code == 1
    assert snapshot(small_data) == before
    assert_refused(err, source, expected)
    assert "line 2" not in err  # the good row is fine (or the header says what's missing)


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "cp1252"],
    ids=["utf8", "utf8-bom", "windows-1252"],
)
def test_encodings_dutch_excel_writes(small_data: Path, tmp_path: Path, encoding: str) -> None:
    source = tmp_path / "fasering.csv"
    # ë, é and the curly quotes and en dash of Windows-1252 are not valid UTF-8 bytes
    text = (
        f"{DUTCH_HEADER};Toelichting\n"
        "WK173109;2026-2030;all-electric;uitvoeringsplan;Westerbork – ‘één’ café\n"
        "WK173110;2031-2035;Hybride warmtepomp;verkenning;Elp, Schoonloo, Orvelte\n"
    )
    source.write_bytes(text.encode(encoding))
    if encoding == "cp1252":
        with pytest.raises(UnicodeDecodeError):
            source.read_bytes().decode("utf-8")
    if encoding == "utf-8-sig":
        assert source.read_bytes().startswith(b"\xef\xbb\xbfWijkcode")

    import_heat_phasing(source, small_data)

    assert phasing_of(small_data).equals(
        rows(
            ("WK173109", 2026, 2030, "all-electric", "uitvoeringsplan"),
            ("WK173110", 2031, 2035, "hybride", "verkenning"),
        )
    )


# -- XLSX -------------------------------------------------------------------------------


def write_workbook(path: Path, sheet: str, records: list[list[object]]) -> Path:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    for record in records:
        ws.append(record)
    workbook.save(path)
    return path


def test_xlsx_with_a_named_sheet_and_numeric_years(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path
) -> None:
    source = write_workbook(
        tmp_path / "fasering.xlsx",
        "Fasering TVW",
        [
            ["Wijkcode", "Startjaar", "Eindjaar", "Voorkeursstrategie", "Status"],
            ["WK173100", 2026, 2030, "All electric", "in uitvoering"],
            [None, None, None, None, None],
            ["WK173101", 2031.0, 2035.0, "Warmtenet", None],
        ],
    )
    code, out, err = run(capsys, "import", "heat-phasing", str(source), "--data", str(small_data))
    assert (code, err) == (0, ""), err
    assert "2 areas" in out
    assert phasing_of(small_data).equals(
        rows(
            ("WK173100", 2026, 2030, "all-electric", "uitvoering"),
            ("WK173101", 2031, 2035, "warmtenet", "verkenning"),
        )
    )


def test_xlsx_problems_name_sheet_and_excel_row(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path
) -> None:
    source = write_workbook(
        tmp_path / "fasering.xlsx",
        "Fasering 2026",
        [
            ["Wijkcode", "Startjaar", "Eindjaar", "Voorkeursstrategie", "Status"],
            ["WK173100", 2026, 2030, "All electric", "in uitvoering"],
            [None, None, None, None, None],  # a blank row still counts in Excel
            ["WK173101", 2031, 2030, "zon", "verkenning"],
            ["WK173100", 2031, 2035, "hybride", None],
        ],
    )
    before = snapshot(small_data)
    code, _, err = run(capsys, "import", "heat-phasing", str(source), "--data", str(small_data))
    assert code == 1
    assert_refused(
        err,
        source,
        "sheet Fasering 2026, row 4, field 'period_end': 2030 is before the start 2031",
        "sheet Fasering 2026, row 4, field 'strategy': 'zon' is not one of warmtenet, "
        "all-electric, hybride, groengas, onbekend",
        "sheet Fasering 2026, row 5, field 'area_code': WK173100 appears twice "
        "(also on sheet Fasering 2026, row 2)",
    )
    assert len(err.strip().splitlines()) == 3
    assert snapshot(small_data) == before
    assert staging_leftovers(small_data) == []


# -- every kind of bad spreadsheet: exit 1, one line each, nothing changed ---------------

BAD_FILES = {
    "unknown-code": (
        "f.csv",
        f"{DUTCH_HEADER}\nWK173100;2026-2030;warmtenet;\nWK999999;2026-2030;warmtenet;\n",
        ["line 3, field 'area_code': WK999999 is not a wijk or buurt of this data directory"],
    ),
    "code-of-another-municipality": (
        "f.csv",
        # Amsterdam's Centrum and a buurt of Assen: well-formed codes, not ours
        f"{DUTCH_HEADER}\nWK036300;2026-2030;warmtenet;\nBU01060000;2026-2030;hybride;\n",
        [
            "line 2, field 'area_code': WK036300 is not a wijk or buurt",
            "line 3, field 'area_code': BU01060000 is not a wijk or buurt",
        ],
    ),
    "duplicate-code": (
        "f.csv",
        f"{DUTCH_HEADER}\nWK173100;2026-2030;warmtenet;\nWK173101;2026-2030;hybride;\n"
        "WK173100;2031-2035;hybride;\n",
        ["line 4, field 'area_code': WK173100 appears twice (also on line 2)"],
    ),
    "end-before-start": (
        "f.csv",
        "wijkcode;startjaar;eindjaar;strategie\nWK173100;2035;2030;warmtenet\n",
        ["line 2, field 'period_end': 2030 is before the start 2035"],
    ),
    "period-backwards": (
        "f.csv",
        f"{DUTCH_HEADER}\nWK173100;2035-2030;warmtenet;\n",
        ["line 2, field 'period_end': 2030 is before the start 2035"],
    ),
    "period-not-a-range": (
        "f.csv",
        f"{DUTCH_HEADER}\nWK173100;na 2035;warmtenet;\n",
        ["line 2, field 'period': 'na 2035': write the period as 2026-2030"],
    ),
    "year-out-of-range": (
        "f.csv",
        "wijkcode;startjaar;eindjaar;strategie\nWK173100;26;2030;warmtenet\n",
        ["line 2, field 'period_start': '26' is not a whole number from 1990 to 2100"],
    ),
    "unknown-strategy": (
        "f.csv",
        f"{DUTCH_HEADER}\nWK173100;2026-2030;zonnepanelen;\n",
        [
            "line 2, field 'strategy': 'zonnepanelen' is not one of warmtenet, "
            "all-electric, hybride, groengas, onbekend"
        ],
    ),
    "unknown-plan-status": (
        "f.csv",
        f"{DUTCH_HEADER}\nWK173100;2026-2030;warmtenet;bijna klaar\n",
        [
            "line 2, field 'plan_status': 'bijna klaar' is not one of verkenning, "
            "uitvoeringsplan, uitvoering, afgerond"
        ],
    ),
    "empty-code": (
        "f.csv",
        f"{DUTCH_HEADER}\n;2026-2030;warmtenet;\n",
        ["line 2, field 'area_code': empty: give the wijkcode"],
    ),
    "missing-strategy-column": (
        "f.csv",
        "Wijkcode;Periode;Status\nWK173100;2026-2030;verkenning\n",
        [
            "line 1, field 'strategy': required column is missing (any of: strategy, "
            "strategie, voorkeursstrategie, warmteoplossing, alternatief)"
        ],
    ),
    "missing-code-column": (
        "f.csv",
        "Naam;Periode;Strategie\nBeilen;2026-2030;warmtenet\n",
        [
            "line 1, field 'area_code': required column is missing (any of: area_code, "
            "code, wijkcode, buurtcode, gebiedscode, statcode)"
        ],
    ),
    "missing-period-columns": (
        "f.csv",
        "Wijkcode;Strategie\nWK173100;warmtenet\n",
        ["line 1, field 'period_start': give period_start and period_end, or one period"],
    ),
    "empty-file": (
        "f.csv",
        "",
        ["file: is empty: expected a header with area_code, period_start, period_end"],
    ),
    "blank-lines-only": ("f.csv", "\n \n\n", ["file: is empty"]),
    "header-only": (
        "f.csv",
        "area_code;period_start;period_end;strategy;plan_status\n",
        ["file: has a header but no rows below it"],
    ),
    "not-a-spreadsheet": (
        "f.pdf",
        "%PDF-1.4\n",
        ["file: give a .csv, .xlsx, .gpkg or .geojson file"],
    ),
    "no-extension": ("fasering", "x", ["file: give a .csv, .xlsx, .gpkg or .geojson file"]),
    "broken-workbook": ("f.xlsx", "not a zip", ["file: cannot be read as an Excel workbook"]),
    "truncated-geojson": (
        "f.geojson",
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "prop',
        ["file: cannot be read as a geo file"],
    ),
    "too-many-cells": (
        "f.csv",
        f"{DUTCH_HEADER}\nWK173100;2026-2030;warmtenet;verkenning;extra;cellen\n",
        ["line 2: has 6 cells where the header has 4"],
    ),
    "line-numbers-count-blank-lines": (
        "f.csv",
        f"{DUTCH_HEADER}\nWK173100;2026-2030;warmtenet;\n\n\nWK173101;2026-2030;kolen;\n",
        ["line 5, field 'strategy': 'kolen' is not one of"],
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_exits_1_with_a_line_per_problem_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, case: str
) -> None:
    name, content, expected = BAD_FILES[case]
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    before = snapshot(small_data)

    code, out, err = run(capsys, "import", "heat-phasing", str(source), "--data", str(small_data))

    assert code == 1
    assert out == ""
    assert_refused(err, source, *expected)
    assert snapshot(small_data) == before
    assert staging_leftovers(small_data) == []


def test_missing_file_is_one_line(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path
) -> None:
    source = tmp_path / "nowhere.csv"
    code, _, err = run(capsys, "import", "heat-phasing", str(source), "--data", str(small_data))
    assert code == 1
    assert_refused(err, source, "file: does not exist")


def test_every_problem_of_a_file_is_reported_at_once(small_data: Path, tmp_path: Path) -> None:
    source = tmp_path / "f.csv"
    source.write_text(
        f"{DUTCH_HEADER}\n"
        "WK173100;2026-2030;warmtenet;\n"
        "WK999999;2026-2030;zon;x\n"
        "WK173100;2035-2031;warmtenet;\n",
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError) as caught:
        import_heat_phasing(source, small_data)
    found = {(p.where, p.field) for p in caught.value.problems}
    assert found == {
        ("line 3", "area_code"),
        ("line 3", "strategy"),
        ("line 3", "plan_status"),
        ("line 4", "area_code"),
        ("line 4", "period_end"),
    }
    assert all(p.file == str(source) for p in caught.value.problems)


# -- geo files with area codes ----------------------------------------------------------


@pytest.fixture(scope="module")
def wijken(small_template: Path) -> gpd.GeoDataFrame:
    return load_dataset(small_template).wijken.set_index("wijkcode")


def test_geopackage_with_area_codes(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, wijken
) -> None:
    source = tmp_path / "tvw.gpkg"
    gpd.GeoDataFrame(
        {
            "WIJKCODE": ["WK173100", "WK173101"],
            "periode": ["2026-2030", "2031-2035"],
            "strategie": ["warmtenet", "Hybride"],
            "status": ["uitvoeringsplan", None],
        },
        geometry=[wijken.geometry["WK173100"], wijken.geometry["WK173101"]],
        crs="EPSG:28992",
    ).to_file(source, driver="GPKG")

    code, out, err = run(capsys, "import", "heat-phasing", str(source), "--data", str(small_data))

    assert (code, err) == (0, ""), err
    assert "2 areas" in out
    assert phasing_of(small_data).equals(
        rows(
            ("WK173100", 2026, 2030, "warmtenet", "uitvoeringsplan"),
            ("WK173101", 2031, 2035, "hybride", "verkenning"),
        )
    )


def test_geojson_with_area_codes_names_features(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, wijken
) -> None:
    source = tmp_path / "tvw.geojson"
    gpd.GeoDataFrame(
        {
            "wijkcode": ["WK173100", "WK173101", "WK173100"],
            "periode": ["2026-2030", "2031-2035", "2026-2030"],
            "strategie": ["warmtenet", "stoom", "hybride"],
        },
        geometry=[wijken.geometry[c] for c in ("WK173100", "WK173101", "WK173100")],
        crs="EPSG:28992",
    ).to_crs("EPSG:4326").to_file(source, driver="GeoJSON")
    before = snapshot(small_data)

    code, _, err = run(capsys, "import", "heat-phasing", str(source), "--data", str(small_data))

    assert code == 1
    assert_refused(
        err,
        source,
        "feature 2, field 'strategy': 'stoom' is not one of",
        "feature 3, field 'area_code': WK173100 appears twice (also on feature 1)",
    )
    assert snapshot(small_data) == before


# -- drawn phasing areas without codes --------------------------------------------------


def drawn_areas(wijken: gpd.GeoDataFrame, path: Path, geometries, **columns) -> Path:
    gpd.GeoDataFrame(columns, geometry=list(geometries), crs="EPSG:28992").to_crs(
        "EPSG:4326"
    ).to_file(path, driver="GeoJSON")
    return path


def test_drawn_areas_hand_their_phasing_to_the_wijken_inside(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, wijken
) -> None:
    beilen_hijken = shapely.union_all(
        [wijken.geometry["WK173100"], wijken.geometry["WK173101"]]
    ).buffer(20)
    smilde = wijken.geometry["WK173106"].buffer(20)
    source = drawn_areas(
        wijken,
        tmp_path / "getekend.geojson",
        [beilen_hijken, smilde],
        Periode=["2026-2030", "2031-2035"],
        Strategie=["warmtenet", "all electric"],
        Status=["in uitvoering", None],
    )

    code, out, err = run(capsys, "import", "heat-phasing", str(source), "--data", str(small_data))

    assert (code, err) == (0, ""), err
    assert "3 areas" in out
    assert phasing_of(small_data).equals(
        rows(
            ("WK173100", 2026, 2030, "warmtenet", "uitvoering"),
            ("WK173101", 2026, 2030, "warmtenet", "uitvoering"),
            ("WK173106", 2031, 2035, "all-electric", "verkenning"),
        )
    )
    dataset = load_dataset(small_data)
    group = LAYERS_BY_ID["heat_phasing"].build(MapContext(dataset, Settings(), 2027))
    assert group is not None


def test_overlapping_drawn_areas_name_the_wijk_and_the_features(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, wijken
) -> None:
    beilen = wijken.geometry["WK173100"]
    source = drawn_areas(
        wijken,
        tmp_path / "overlap.geojson",
        [wijken.geometry["WK173106"].buffer(20), beilen.buffer(20), beilen.buffer(60)],
        periode=["2026-2030", "2026-2030", "2031-2035"],
        strategie=["warmtenet", "warmtenet", "hybride"],
    )
    before = snapshot(small_data)

    code, _, err = run(capsys, "import", "heat-phasing", str(source), "--data", str(small_data))

    assert code == 1
    assert_refused(err, source, "WK173100 lies in overlapping areas", "feature 2", "feature 3")
    assert "feature 1" not in err
    assert snapshot(small_data) == before


def test_drawn_area_with_a_bad_attribute_names_its_feature(
    small_data: Path, tmp_path: Path, wijken
) -> None:
    source = drawn_areas(
        wijken,
        tmp_path / "getekend.geojson",
        [wijken.geometry["WK173100"].buffer(20), wijken.geometry["WK173106"].buffer(20)],
        periode=["2026-2030", "2031-2035"],
        strategie=["warmtenet", "turf"],
    )
    with pytest.raises(DataValidationError) as caught:
        import_heat_phasing(source, small_data)
    assert [(p.where, p.field) for p in caught.value.problems] == [("feature 2", "strategy")]


def test_drawn_areas_in_the_wrong_crs_are_refused(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, wijken
) -> None:
    collection = json.loads(
        gpd.GeoDataFrame(
            {"periode": ["2026-2030"], "strategie": ["warmtenet"]},
            geometry=[wijken.geometry["WK173100"].buffer(20)],
            crs="EPSG:28992",
        ).to_json()
    )
    collection.pop("crs", None)  # RD metres, but GeoJSON without crs means WGS84
    source = tmp_path / "rd.geojson"
    source.write_text(json.dumps(collection), encoding="utf-8")
    before = snapshot(small_data)

    code, _, err = run(capsys, "import", "heat-phasing", str(source), "--data", str(small_data))

    assert code == 1
    assert_refused(err, source)
    assert snapshot(small_data) == before


def test_drawn_areas_must_be_polygons(
    capsys: pytest.CaptureFixture[str], small_data: Path, tmp_path: Path, wijken
) -> None:
    inside = wijken.geometry["WK173100"].representative_point()
    source = drawn_areas(
        wijken,
        tmp_path / "punten.geojson",
        [inside],
        periode=["2026-2030"],
        strategie=["warmtenet"],
    )
    before = snapshot(small_data)

    code, _, err = run(capsys, "import", "heat-phasing", str(source), "--data", str(small_data))

    assert code == 1
    assert_refused(err, source, "feature 1", "Point")
    assert snapshot(small_data) == before
