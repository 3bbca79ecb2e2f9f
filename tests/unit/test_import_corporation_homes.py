"""`python -m geo import corporation-homes FILE`: a corporation's CSV or XLSX export,
located through the BAG addresses imported before.

The addresses are the invented homes of tests/fixtures/bag (see its README), imported
from a BAG GeoPackage built from them. Every rejected file must raise
DataValidationError naming the file, the row (CSV line with the header as line 1, or
sheet and Excel row) and the column, and leave the data directory byte for byte as
it was.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import Workbook

from geo import cli
from geo.config import PROJECT_ROOT
from geo.dataset import load_dataset
from geo.errors import DataValidationError
from geo.importers import boundaries
from geo.importers.addresses import import_addresses
from geo.importers.corporation_homes import (
    import_corporation_homes,
    parse_dutch_date,
    parse_house_number,
    read_mapping,
)
from tests.fixtures.bag.helpers import build_gpkg
from tests.import_tools import snapshot
from tests.import_tools import staging_leftovers as leftovers

BUURTEN_FILE = PROJECT_ROOT / "data" / "reference" / "GM1731" / "buurten.geojson"
CORP = "Fictief Wonen"
OURS = (
    "home_id;corporation;complex_id;postcode;huisnummer;bouwjaar;woningtype;energielabel;"
    "measure;measure_year;measure_status;completed_year;heating_change;buurtcode"
)


@pytest.fixture(scope="session")
def with_addresses(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Boundaries of GM1731 and the fixture's BAG homes (made once)."""
    base = tmp_path_factory.mktemp("corp")
    data = base / "data"
    boundaries.import_boundaries(data, "GM1731", from_file=BUURTEN_FILE, year=2022)
    import_addresses(data, from_file=build_gpkg(base / "bag-light.gpkg"))
    return data


@pytest.fixture
def data(with_addresses: Path, tmp_path: Path) -> Path:
    target = tmp_path / "work" / "data"
    shutil.copytree(with_addresses, target)
    return target


def write(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def rejected(run: Callable[[], Any], data: Path, *expected: tuple[str, str, str]) -> list[str]:
    """Run an import that must fail; each (where, field, text) must be one problem's, and
    the data directory must be exactly as it was."""
    before = snapshot(data)
    with pytest.raises(DataValidationError) as caught:
        run()
    lines = [str(p) for p in caught.value.problems]
    for where, field, says in expected:
        hits = [
            p
            for p in caught.value.problems
            if where == p.where and field == p.field and says in p.message
        ]
        assert hits, f"no problem at {where!r}, field {field!r} saying {says!r} in {lines}"
    assert snapshot(data) == before
    assert leftovers(data) == []
    return lines


def tables(data: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    dataset = load_dataset(data)
    corp = dataset.corporation_homes.set_index("home_id")
    private = dataset.table("private_homes").set_index("home_id")
    return corp, private


# -- reading cells ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("12", (12, None, None)),
        ("12A", (12, "A", None)),
        ("12 a", (12, "a", None)),
        ("12-2", (12, None, "2")),
        ("12 bis", (12, None, "bis")),
        ("12A-3", (12, "A", "3")),
        ("12 A 3", (12, "A", "3")),
        ("twaalf", None),
        ("0", None),
        ("12 -- 3", None),
    ],
)
def test_house_numbers(text: str, parsed: tuple[int, str | None, str | None] | None) -> None:
    assert parse_house_number(text) == parsed


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("15-03-2024", 2024),
        ("1-3-2024", 2024),
        ("15/03/2024", 2024),
        ("15.03.2024", 2024),
        ("2024-03-15T00:00:00", 2024),  # an Excel date cell
        ("2024-03-15", 2024),
    ],
)
def test_dutch_dates(text: str, year: int) -> None:
    parsed = parse_dutch_date(text)
    assert not isinstance(parsed, str) and parsed.year == year


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("31-02-2024", "is not a date of the calendar"),
        ("03-15-2024", "is not a date of the calendar"),  # month first
        ("15-03-24", "write the year in 4 digits"),
        ("maart 2024", "is not a date: write dd-mm-jjjj"),
    ],
)
def test_wrong_dates_say_how_to_write_them(text: str, says: str) -> None:
    parsed = parse_dutch_date(text)
    assert isinstance(parsed, str) and says in parsed


# -- good files ---------------------------------------------------------------------------------


def test_our_columns_located_through_the_bag(data: Path, tmp_path: Path) -> None:
    export = write(
        tmp_path / "bezit.csv",
        [
            OURS,
            f"C-001;{CORP};CX1;9401 SS;1;;;D;verduurzaming;2025;gepland;;nee;",
            f"C-002;{CORP};CX1;9401ss;5a;1960;;;;;;;;",
            f"C-003;{CORP};CX2;9401 SA;12-2;;appartement;B;renovatie;2023;gereed;2023;ja;",
            f"C-004;{CORP};CX3;;;;;;nieuwbouw;2026;gepland;;;BU17310000",
            f"C-005;{CORP};CX3;9409 SS;1;;;;nieuwbouw;2027;gepland;;;",
        ],
    )
    report = import_corporation_homes(data, export)

    assert (report.homes, report.located, report.unlocated, report.from_private) == (5, 3, 2, 3)
    corp, private = tables(data)
    assert sorted(corp.index) == ["C-001", "C-002", "C-003", "C-004", "C-005"]
    one = corp.loc["C-001"]
    assert one["verblijfsobject_id"] == "1731019990000001"
    assert one["pand_id"] == "1731109990000001"
    assert one["buurtcode"] == "BU17310000"
    assert one["bouwjaar"] == 1931  # from the BAG: the file has none
    assert one["straat"] == "Proefstraat"
    assert one["woningtype"] == "eengezinswoning"
    assert (one["measure"], one["measure_year"], one["measure_status"]) == (
        "verduurzaming",
        2025,
        "gepland",
    )
    assert not one["heating_change"]
    assert one.geometry.geom_type == "Point"
    two = corp.loc["C-002"]
    assert (two["postcode"], two["huisnummer"], two["huisletter"]) == ("9401 SS", 5, "A")
    assert two["bouwjaar"] == 1960  # the file's own year wins
    three = corp.loc["C-003"]
    assert (three["toevoeging"], three["completed_year"], three["heating_change"]) == (
        "2",
        2023,
        True,
    )
    # the fictief homes: no location; a buurt when the file gives one
    assert corp.loc["C-004"].geometry is None and corp.loc["C-004", "buurtcode"] == "BU17310000"
    assert corp.loc["C-005"].geometry is None and pd.isna(corp.loc["C-005", "buurtcode"])
    # located homes are no longer private homes
    assert not {"1731019990000001", "1731019990000003", "1731019990000006"} & set(private.index)
    assert len(private) == 11 - 3
    manifest = load_dataset(data).manifest
    assert "bezit.csv" in manifest.tables["corporation_homes"].source


def test_cp1252_semicolons_with_a_mapping_of_columns_and_words(data: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        """
corporation = "Fictief Wonen"

[columns]
"VHE nummer" = "home_id"
"Complex" = "complex_id"
"Postcode" = "postcode"
"Huisnr" = "huisnummer"
"Toev" = "toevoeging"
"Label" = "energielabel"
"Ingreep" = "measure"
"Status ingreep" = "measure_status"
"Opleverdatum" = "completed_date"
"Gepland" = "measure_date"
"Warmte" = "heating_change"

[values.measure]
"Isoleren" = "verduurzaming"
"Groot onderhoud" = "renovatie"

[values.measure_status]
"Opgeleverd" = "gereed"
""",
        encoding="utf-8",
    )
    export = write(
        tmp_path / "vhe-export.csv",
        [
            "VHE nummer;Complex;Postcode;Huisnr;Toev;Label;Ingreep;Status ingreep;"
            "Gepland;Opleverdatum;Warmte;Opmerking",
            "V1;Groenë Hof;9401 SA;12;1;c;Isoleren;Opgeleverd;01-02-2024;15-03-2024;Nee;één",
            "V2;Groenë Hof;9401 SA;12;3;E;Groot onderhoud;In uitvoering;1-9-2025;;ja;",
            "V3;Zuidrand;9402 SD;4;;;;;;;;",
        ],
        encoding="cp1252",
    )
    report = import_corporation_homes(data, export, mapping_file=mapping)

    assert report.corporations == [CORP] and report.located == 3
    corp, _ = tables(data)
    v1 = corp.loc["V1"]
    assert v1["complex_id"] == "Groenë Hof"
    assert (v1["energielabel"], v1["measure"], v1["measure_status"]) == (
        "C",
        "verduurzaming",
        "gereed",
    )
    assert (v1["measure_year"], v1["completed_year"]) == (2024, 2024)
    assert v1["verblijfsobject_id"] == "1731019990000005"
    v2 = corp.loc["V2"]
    assert (v2["measure"], v2["measure_status"], v2["measure_year"]) == (
        "renovatie",
        "in-uitvoering",
        2025,
    )
    assert corp.loc["V3", "buurtcode"] == "BU17310100"


def test_utf8_with_bom_and_commas(data: Path, tmp_path: Path) -> None:
    export = tmp_path / "bezit.csv"
    export.write_bytes(
        "\ufeffhome_id,corporation,postcode,huisnummer,complex_id\r\n"
        "B1,Fictief Wonen,9403 SS,9B,Één\r\n".encode()
    )
    import_corporation_homes(data, export)
    corp, private = tables(data)
    assert corp.loc["B1", "complex_id"] == "Één"
    assert corp.loc["B1", "verblijfsobject_id"] == "1731019990000013"
    assert "1731019990000013" not in private.index


def test_xlsx_with_a_mapping_and_excel_dates(data: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[columns]\n"Nummer" = "home_id"\n"PC" = "postcode"\n"Nr" = "huisnummer"\n'
        '"Datum gereed" = "completed_date"\n"Ingreep" = "measure"\n',
        encoding="utf-8",
    )
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Bezit"
    sheet.append(["Nummer", "PC", "Nr", "Ingreep", "Datum gereed"])
    sheet.append(["X1", "9401 SS", 3, "verduurzaming", datetime(2023, 11, 20)])
    sheet.append(["X2", "9402 SD", 2.0, None, None])
    workbook.save(tmp_path / "bezit.xlsx")

    import_corporation_homes(data, tmp_path / "bezit.xlsx", mapping_file=mapping, corporation=CORP)
    corp, _ = tables(data)
    assert corp.loc["X1", "completed_year"] == 2023
    assert corp.loc["X2", "verblijfsobject_id"] == "1731019990000010"
    assert (corp["corporation"] == CORP).all()


def test_xlsx_problems_name_the_sheet_and_excel_row(data: Path, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Bezit"
    sheet.append(["Overzicht bezit (export)"])
    sheet.append([])
    sheet.append(["home_id", "postcode", "huisnummer", "energielabel"])
    sheet.append(["X1", "9401 SS", 1, "H"])
    sheet.append(["X2", "9401 SS", 77, "A"])
    workbook.save(tmp_path / "bezit.xlsx")
    # the title row is the header for the reader: the real header row is then a row
    rejected(
        lambda: import_corporation_homes(data, tmp_path / "bezit.xlsx", corporation=CORP),
        data,
        ("sheet Bezit, row 1", "home_id", "required column is missing"),
    )
    sheet.delete_rows(1, 2)
    workbook.save(tmp_path / "bezit.xlsx")
    rejected(
        lambda: import_corporation_homes(data, tmp_path / "bezit.xlsx", corporation=CORP),
        data,
        ("sheet Bezit, row 2", "energielabel", "'H' is not an energy label"),
        ("sheet Bezit, row 3", "huisnummer", "no BAG address 9401 SS 77 in the imported"),
    )


# -- problems ------------------------------------------------------------------------------------


def test_every_problem_of_a_file_at_once(data: Path, tmp_path: Path) -> None:
    export = write(
        tmp_path / "bezit.csv",
        [
            OURS,
            f"C-1;{CORP};;9401 SS;1;;;;sloopp;2025;;;;",  # line 2
            f"C-2;{CORP};;9401 SS;3;;;;renovatie;2025;bezig;;;",  # line 3
            f"C-3;{CORP};;9401 SA;10;;;H+;;;;;;",  # line 4
            f"C-1;{CORP};;9402 SD;2;;;;;;;;;",  # line 5
            f"C-6;{CORP};;9402 SD;4;20233;;;verduurzaming;25;;;misschien;",  # line 6
            f"C-7;{CORP};;;;;;;;;gepland;;;",  # line 7
            f"C-8;{CORP};;9401 SS;;;;;;;;;;",  # line 8
            f"C-9;{CORP};;94O1 SS;7;;;;;;;;;",  # line 9
            f"C-10;{CORP};;9401 SS;vijf;;;;;;;;;",  # line 10
            f"C-11;{CORP};;;;;;;nieuwbouw;2026;;;;BU99990000",  # line 11
            f"C-12;{CORP};;9401 SA;12;;;;;;;;;",  # line 12
            f"C-13;{CORP};;9401 ss;1;;;;;;;;;",  # line 13: the same home as line 2
            f";{CORP};;9403 SS;7;;;;;;;;;",  # line 14
        ],
    )
    lines = rejected(
        lambda: import_corporation_homes(data, export),
        data,
        ("line 2", "measure", "'sloopp' is not one of verduurzaming, renovatie, sloop"),
        ("line 3", "measure_status", "'bezig' is not one of gepland, in-uitvoering, gereed"),
        ("line 4", "energielabel", "'H+' is not an energy label"),
        ("line 5", "home_id", "'C-1' occurs more than once (also line 2)"),
        ("line 6", "bouwjaar", "'20233' is not a year"),
        ("line 6", "measure_year", "'25' is not a year"),
        ("line 6", "heating_change", "'misschien' is not yes or no"),
        ("line 7", "measure_status", "'gepland' is given, but no measure"),
        ("line 7", "postcode", "no address: only planned new builds"),
        ("line 8", "huisnummer", "is empty: give the whole address"),
        ("line 9", "postcode", "'94O1 SS' is not a Dutch postcode"),
        ("line 10", "huisnummer", "'vijf' is not a house number"),
        ("line 11", "buurtcode", "'BU99990000' is not a buurt of this municipality"),
        (
            "line 12",
            "huisnummer",
            "no BAG address 9401 SA 12 in the imported addresses: import addresses first or "
            "check the address (the BAG has 12-1, 12-2, 12-3 there",
        ),
        ("line 13", "huisnummer", "is the same BAG home as line 2"),
        ("line 14", "home_id", "is empty but required"),
    )
    assert len(lines) == 16
    assert lines[0].startswith(f"{export}, line 2, field 'measure': ")


def test_dates_in_dutch_formats_are_checked(data: Path, tmp_path: Path) -> None:
    export = write(
        tmp_path / "bezit.csv",
        [
            "home_id;postcode;huisnummer;measure;measure_status;completed_year;completed_date",
            "D1;9401 SS;1;verduurzaming;gereed;;31-02-2024",
            "D2;9401 SS;3;verduurzaming;gereed;2023;15-03-2024",
            "D3;9401 SA;10;verduurzaming;gereed;;15-03-24",
            "D4;9402 SD;2;verduurzaming;gereed;;15-03-2024",
        ],
    )
    rejected(
        lambda: import_corporation_homes(data, export, corporation=CORP),
        data,
        ("line 2", "completed_date", "'31-02-2024' is not a date of the calendar"),
        ("line 3", "completed_date", "'15-03-2024' is in 2024, but completed_year says 2023"),
        ("line 4", "completed_date", "write the year in 4 digits"),
    )


def test_missing_columns_are_named(data: Path, tmp_path: Path) -> None:
    export = write(tmp_path / "bezit.csv", ["nummer;adres", "1;Proefstraat 1"])
    lines = rejected(
        lambda: import_corporation_homes(data, export),
        data,
        ("line 1", "home_id", "required column is missing"),
        ("line 1", "postcode", "required column is missing"),
        ("line 1", "huisnummer", "required column is missing"),
        ("line 1", "corporation", "no corporation column: give --corporation NAME"),
    )
    assert len(lines) == 4


def test_mapping_naming_a_column_the_file_lacks(data: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\n"Huisnr" = "huisnummer"\n', encoding="utf-8")
    export = write(tmp_path / "bezit.csv", ["home_id;postcode;nr", "A;9401 SS;1"])
    rejected(
        lambda: import_corporation_homes(data, export, mapping_file=mapping, corporation=CORP),
        data,
        (
            "[columns]",
            "Huisnr",
            "has no column 'Huisnr' (for huisnummer); its columns: home_id, nr",
        ),
    )


def test_wrong_mapping_files(tmp_path: Path) -> None:
    def problems(content: str) -> list[str]:
        path = tmp_path / "map.toml"
        path.write_text(content, encoding="utf-8")
        with pytest.raises(DataValidationError) as caught:
            read_mapping(path)
        return [str(p) for p in caught.value.problems]

    assert "is not valid TOML" in problems('[columns\n"A" = "home_id"')[0]
    found = problems(
        '[columns]\n"A" = "huisnr"\n"B" = "home_id"\n"C" = "home_id"\n'
        '[values.maatregel]\n"x" = "y"\n'
    )
    assert any("'huisnr' is not one of our columns" in p for p in found)
    assert any("home_id is already the column 'B'" in p for p in found)
    assert any("[values.maatregel]" in p and "is not one of our columns" in p for p in found)
    assert "unknown setting" in problems('sheet = "Bezit"\n')[0]
    with pytest.raises(DataValidationError, match="file not found"):
        read_mapping(tmp_path / "nowhere.toml")


def test_files_that_cannot_be_read(data: Path, tmp_path: Path) -> None:
    old = tmp_path / "bezit.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    rejected(
        lambda: import_corporation_homes(data, old, corporation=CORP),
        data,
        ("file", "", "save it as .xlsx"),
    )
    rejected(
        lambda: import_corporation_homes(data, tmp_path / "nowhere.csv", corporation=CORP),
        data,
        ("file", "", "does not exist"),
    )
    header_only = write(tmp_path / "leeg.csv", ["home_id;postcode;huisnummer"])
    rejected(
        lambda: import_corporation_homes(data, header_only, corporation=CORP),
        data,
        ("file", "", "has a header but no rows below it"),
    )


def test_without_imported_addresses_it_says_to_import_them_first(tmp_path: Path) -> None:
    data = tmp_path / "data"
    boundaries.import_boundaries(data, "GM1731", from_file=BUURTEN_FILE, year=2022)
    export = write(tmp_path / "bezit.csv", ["home_id;postcode;huisnummer", "A;9401 SS;1"])
    lines = rejected(
        lambda: import_corporation_homes(data, export, corporation=CORP),
        data,
        ("file", "private_homes", "run python -m geo import addresses"),
    )
    assert len(lines) == 1


# -- importing again -------------------------------------------------------------------------------


def test_corporations_replace_their_own_homes_only(data: Path, tmp_path: Path) -> None:
    first = ["home_id;postcode;huisnummer", "A1;9401 SS;1", "A2;9401 SS;3", "A3;9401 SA;10"]
    a = write(tmp_path / "a.csv", first)
    import_corporation_homes(data, a, corporation="Alfa")
    b = write(tmp_path / "b.csv", ["home_id;postcode;huisnummer", "B1;9402 SD;2"])
    import_corporation_homes(data, b, corporation="Beta")

    # Alfa again: the homes already taken out of private_homes are found again, A3 is gone
    again = write(tmp_path / "a2.csv", first[:3])
    report = import_corporation_homes(data, again, corporation="Alfa")

    assert (report.replaced, report.located, report.from_private, report.dropped) == (3, 2, 0, 1)
    corp, private = tables(data)
    assert sorted(corp.index) == ["A1", "A2", "B1"]
    assert corp.loc["A1", "verblijfsobject_id"] == "1731019990000001"
    # A3's home is in neither table until the addresses are imported again
    assert "1731019990000004" not in private.index
    assert len(private) == 11 - 4


def test_home_ids_of_another_corporation_are_not_taken(data: Path, tmp_path: Path) -> None:
    import_corporation_homes(
        data,
        write(tmp_path / "a.csv", ["home_id;postcode;huisnummer", "X;9401 SS;1"]),
        corporation="Alfa",
    )
    clash = write(tmp_path / "b.csv", ["home_id;postcode;huisnummer", "X;9401 SS;3"])
    rejected(
        lambda: import_corporation_homes(data, clash, corporation="Beta"),
        data,
        ("line 2", "home_id", "'X' is already the home_id of a home of Alfa"),
    )


def test_into_the_demo_keeps_the_other_corporations(data_copy: Path, tmp_path: Path) -> None:
    demo = load_dataset(data_copy)
    private = demo.table("private_homes")
    # the demo's generated addresses are not all unique: take one that is
    unique = ~private.duplicated(["postcode", "huisnummer"], keep=False)
    home = private[unique].iloc[0]
    export = write(
        tmp_path / "bezit.csv",
        [
            "home_id;postcode;huisnummer;measure",
            f"N1;{home['postcode']};{home['huisnummer']};verduurzaming",
            "N2;;;nieuwbouw",
        ],
    )
    import_corporation_homes(data_copy, export, corporation=CORP)
    after = load_dataset(data_copy)
    corp = after.corporation_homes
    assert len(corp) == len(demo.corporation_homes) + 2
    assert corp.loc[corp["home_id"] == "N1", "buurtcode"].iloc[0] == home["buurtcode"]
    assert len(after.table("private_homes")) == len(demo.table("private_homes")) - 1
    assert after.manifest.demo


# -- the command line ------------------------------------------------------------------------


@pytest.fixture
def main() -> Callable[[list[str]], int]:
    """`python -m geo` as the user runs it."""
    return cli.main


def test_command_prints_a_summary(
    main: Callable[[list[str]], int],
    data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text('corporation = "Alfa"\n[columns]\n"Nr" = "huisnummer"\n', encoding="utf-8")
    export = write(
        tmp_path / "a.csv", ["home_id;postcode;Nr;measure", "A1;9401 SS;1;", "A2;;;nieuwbouw"]
    )
    argv = ["import", "corporation-homes", str(export), "--data", str(data)]
    assert main([*argv, "--mapping", str(mapping)]) == 0
    out = capsys.readouterr().out
    assert "imported 2 homes of Alfa from a.csv" in out
    assert "1 located at their BAG address (1 of them taken out of private_homes)" in out
    assert "1 planned new builds without a location" in out


def test_command_errors_are_lines_without_traceback(
    main: Callable[[list[str]], int],
    data: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    export = write(tmp_path / "a.csv", ["home_id;postcode;huisnummer", "A1;9401 SS;1", "A2;x;1"])
    before = snapshot(data)
    assert main(["import", "corporation-homes", str(export), "--data", str(data)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"error: {export}, line 1, field 'corporation': no corporation column: give "
        '--corporation NAME (or corporation = "NAME" in the mapping file)'
    ]
    assert (
        main(
            ["import", "corporation-homes", str(export), "--data", str(data), "--corporation", "A"]
        )
        == 1
    )
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"error: {export}, line 3, field 'postcode': 'x' is not a Dutch postcode (4 digits "
        "and 2 letters, e.g. 9411 SS)"
    ]
    assert snapshot(data) == before
