"""Reading and checking decision files (geo.decisions_io), and `python -m geo access hash`.

Every file here is made by hand, so each test knows which line, sheet, row and
column a problem must be reported at.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from geo.access import verify_code
from geo.agreements import MAX_TEXT
from geo.cli import main
from geo.config import Settings, Years
from geo.dataset import Dataset
from geo.decisions_io import decision_events, read_decision_file
from geo.errors import DataValidationError, Problem

HEADER = "area_code,theme,year,status,reasons,party,note"


def write_csv(tmp_path: Path, text: str, *, name: str = "decisions.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(tmp_path: Path, rows: dict[int, list[object]], *, sheet: str = "Besluiten"):
    """A workbook whose first sheet is `sheet`, with `rows` at the given Excel rows."""
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = sheet
    for number, values in rows.items():
        for column, value in enumerate(values, start=1):
            ws.cell(row=number, column=column, value=value)
    workbook.create_sheet("Toelichting")["A1"] = "the second sheet is not read"
    path = tmp_path / "decisions.xlsx"
    workbook.save(path)
    return path


def problems_of(path: Path, dataset: Dataset, settings: Settings) -> list[Problem]:
    with pytest.raises(DataValidationError) as info:
        read_decision_file(path, dataset, settings)
    assert all(p.file == str(path) for p in info.value.problems)
    return info.value.problems


def located(problems: list[Problem]) -> set[tuple[str, str]]:
    return {(p.where, p.field) for p in problems}


def only(problems: list[Problem], where: str, field: str) -> Problem:
    found = [p for p in problems if (p.where, p.field) == (where, field)]
    assert len(found) == 1, problems
    return found[0]


# --- a good file ----------------------------------------------------------------------


def test_a_good_csv_gives_the_right_events(
    tmp_path: Path, demo_dataset: Dataset, demo_settings: Settings
) -> None:
    path = write_csv(
        tmp_path,
        f"{HEADER}\n"
        "BU17310000,liveability,2024,designated,social|physical,gemeente,Zie wijkvisie\n"
        "WK173100,heat,2025,proposed,,actium,\n"
        'BU17310001,parks,2026,rejected,safety,,"=HYPERLINK(""http://x"")"\n'
        "BU17310002,other,2023,ended,,,<script>alert(1)</script>\n",
    )
    decisions = read_decision_file(path, demo_dataset, demo_settings)
    events = decision_events(decisions, demo_dataset)
    assert [e.event_type for e in events] == ["decision", "proposal", "decision", "decision"]
    assert [e.status for e in events] == ["designated", "proposed", "rejected", "ended"]
    assert [e.area_key for e in events] == [
        "buurt:BU17310000",
        "wijk:WK173100",
        "buurt:BU17310001",
        "buurt:BU17310002",
    ]
    assert [e.theme for e in events] == ["liveability", "heat", "parks", "other"]
    assert [e.year for e in events] == [2024, 2025, 2026, 2023]
    assert [e.reasons for e in events] == [("social", "physical"), (), ("safety",), ()]
    assert [e.lead_party for e in events] == ["gemeente", "actium", None, None]
    # Formula-like and HTML text is kept as text: escaping is the display's job.
    assert [e.note for e in events] == [
        "Zie wijkvisie",
        None,
        '=HYPERLINK("http://x")',
        "<script>alert(1)</script>",
    ]
    buurten = demo_dataset.buurten.set_index("buurtcode")
    wijken = demo_dataset.wijken.set_index("wijkcode")
    assert events[0].geometry.equals(buurten.geometry["BU17310000"])
    assert events[1].geometry.equals(wijken.geometry["WK173100"])
    assert events[0].area_name == buurten.at["BU17310000", "buurtnaam"]
    assert {e.gemeentecode for e in events} == {demo_dataset.manifest.municipality_code}
    assert all(e.published for e in events)
    assert [r.place.number for r in decisions.rows] == [2, 3, 4, 5]


def test_event_ids_follow_the_file_content(
    tmp_path: Path, demo_dataset: Dataset, demo_settings: Settings
) -> None:
    """The same file gives the same event ids (so a second import stores nothing twice);
    a changed file gives new ones."""
    text = f"{HEADER}\nBU17310000,liveability,2024,designated,,,\n"
    first = write_csv(tmp_path, text, name="a.csv")
    second = write_csv(tmp_path, text, name="b.csv")
    changed = write_csv(tmp_path, text.replace("designated", "rejected"), name="c.csv")

    def uids(path: Path) -> list[str]:
        return [
            e.event_uid
            for e in decision_events(
                read_decision_file(path, demo_dataset, demo_settings), demo_dataset
            )
        ]

    assert uids(first) == uids(second)
    assert uids(first) != uids(changed)


def test_headers_are_case_insensitive_and_codes_forgiving(
    tmp_path: Path, demo_dataset: Dataset, demo_settings: Settings
) -> None:
    path = write_csv(
        tmp_path,
        " Area_Code ,THEME, Year ,Status,Reasons,Lead_Party,Vision\n"
        "bu17310000 ,Liveability,2024,DESIGNATED, Social | PHYSICAL ,Actium,https://x/visie\n",
    )
    (row,) = read_decision_file(path, demo_dataset, demo_settings).rows
    assert (row.area_code, row.theme, row.year, row.status) == (
        "BU17310000",
        "liveability",
        2024,
        "designated",
    )
    assert row.reasons == ("social", "physical")
    assert row.party == "actium"  # the configured name is accepted for the id
    assert row.vision == "https://x/visie"
    assert row.note is None  # an optional column may be left out


def test_semicolon_csv(tmp_path: Path, demo_dataset: Dataset, demo_settings: Settings) -> None:
    path = write_csv(
        tmp_path,
        "area_code;theme;year;status;reasons;party;note\n"
        "BU17310000;liveability;2024;designated;social|safety;mevm;een, twee en drie\n",
    )
    (row,) = read_decision_file(path, demo_dataset, demo_settings).rows
    assert row.reasons == ("social", "safety")
    assert row.party == "mevm"
    assert row.note == "een, twee en drie"


def test_windows_1252_csv(tmp_path: Path, demo_dataset: Dataset, demo_settings: Settings) -> None:
    path = write_csv(
        tmp_path,
        f"{HEADER}\nBU17310000,liveability,2024,designated,,,Overleg met de coöperatie – €5\n",
        encoding="cp1252",
    )
    assert path.read_bytes().count("ö".encode("cp1252")) == 1  # really not UTF-8
    (row,) = read_decision_file(path, demo_dataset, demo_settings).rows
    assert row.note == "Overleg met de coöperatie – €5"


def test_utf8_csv_with_byte_order_mark(
    tmp_path: Path, demo_dataset: Dataset, demo_settings: Settings
) -> None:
    path = write_csv(
        tmp_path,
        f"\ufeff{HEADER}\nBU17310000,liveability,2024,designated,,,Één keer\n",
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    (row,) = read_decision_file(path, demo_dataset, demo_settings).rows
    assert row.area_code == "BU17310000"  # the BOM is not part of the first column's name
    assert row.note == "Één keer"


def test_lines_are_counted_like_an_editor_does(
    tmp_path: Path, demo_dataset: Dataset, demo_settings: Settings
) -> None:
    """Blank lines and a cell spanning two lines still leave the line numbers right."""
    path = write_csv(
        tmp_path,
        f"{HEADER}\n"
        'BU17310000,liveability,2024,designated,,,"two\nlines"\n'
        "\n"
        "BU17310001,liveability,2024,maybe,,,\n",
    )
    problems = problems_of(path, demo_dataset, demo_settings)
    assert located(problems) == {("line 5", "status")}


def test_an_exported_csv_reads_back(
    tmp_path: Path, demo_dataset: Dataset, demo_settings: Settings
) -> None:
    """The export's own columns are ignored and its formula guard is undone."""
    path = write_csv(
        tmp_path,
        "data_notice,area_code,area_name,area_kind,theme,year,status,reasons,lead_party,vision,"
        "positions,opposed,decided_at,decided_by,note,geometry_wkt\n"
        "DEMO,BU17310000,Beilen,buurt,liveability,2024,designated,social,gemeente,,"
        "gemeente:agree,false,2025-01-01T00:00:00+00:00,someone,'=1+1,POINT (1 2)\n",
    )
    (row,) = read_decision_file(path, demo_dataset, demo_settings).rows
    assert row.party == "gemeente"
    assert row.note == "=1+1"


def test_a_good_xlsx(tmp_path: Path, demo_dataset: Dataset, demo_settings: Settings) -> None:
    path = write_xlsx(
        tmp_path,
        {
            1: ["area_code", "theme", "year", "status", "reasons", "party", "note"],
            2: ["BU17310000", "liveability", 2024, "designated", "social", "woonservice", None],
            4: ["WK173100", "heat", 2025.0, "postponed", None, None, "=SUM(A1:A2)"],
        },
    )
    rows = read_decision_file(path, demo_dataset, demo_settings).rows
    assert [(r.area_code, r.year, r.status) for r in rows] == [
        ("BU17310000", 2024, "designated"),
        ("WK173100", 2025, "postponed"),
    ]
    assert rows[1].note == "=SUM(A1:A2)"  # a formula is read as its text, never run
    assert [str(r.place) for r in rows] == ["sheet Besluiten, row 2", "sheet Besluiten, row 4"]


# --- problems, each where a spreadsheet shows it -------------------------------------


def test_every_problem_of_a_csv_at_once(
    tmp_path: Path, demo_dataset: Dataset, demo_settings: Settings
) -> None:
    path = write_csv(
        tmp_path,
        f"{HEADER}\n"
        "BU99999999,liveability,2024,designated,,,\n"  # 2: unknown area
        "BU17310000,liveabilty,2024,designated,,,\n"  # 3: unknown theme
        "BU17310000,liveability,2024,approved,,,\n"  # 4: unknown status
        "BU17310001,liveability,2024,designated,social|money,,\n"  # 5: unknown reason
        "BU17310002,liveability,twenty,designated,,,\n"  # 6: year not a number
        "BU17310003,liveability,2031,designated,,,\n"  # 7: year outside the agreements
        "BU17310009,liveability,2024,designated,,nobody,\n"  # 8: unknown party
        "BU17310100,heat,2024,designated,,,\n"  # 9: first of a pair
        "BU17310101,heat,2024,designated,,,\n"  # 10: fine
        "BU17310100,heat,2024,rejected,,,\n"  # 11: duplicate of line 9
        ",heat,,designated,,,\n",  # 12: empty required cells
    )
    problems = problems_of(path, demo_dataset, demo_settings)
    assert located(problems) == {
        ("line 2", "area_code"),
        ("line 3", "theme"),
        ("line 4", "status"),
        ("line 5", "reasons"),
        ("line 6", "year"),
        ("line 7", "year"),
        ("line 8", "party"),
        ("line 11", "area_code"),
        ("line 12", "area_code"),
        ("line 12", "year"),
    }
    assert len(problems) == 10
    # What is wrong, and what would be right.
    assert "BU99999999" in only(problems, "line 2", "area_code").message
    assert "BU17310000" in only(problems, "line 2", "area_code").message  # an example
    assert "liveability" in only(problems, "line 3", "theme").message
    assert "designated" in only(problems, "line 4", "status").message
    reason = only(problems, "line 5", "reasons").message
    assert "'money'" in reason and "social" in reason and "|" in reason
    assert "2023 to 2026" in only(problems, "line 6", "year").message
    assert "2031" in only(problems, "line 7", "year").message
    assert "2023 to 2026" in only(problems, "line 7", "year").message
    party = only(problems, "line 8", "party").message
    assert "'nobody'" in party and "samensterk" in party
    duplicate = only(problems, "line 11", "area_code").message
    assert "line 9" in duplicate  # both lines named: this one, and the one it repeats
    assert "is empty" in only(problems, "line 12", "area_code").message


def test_the_years_come_from_the_configuration(
    tmp_path: Path, demo_dataset: Dataset, demo_settings: Settings
) -> None:
    path = write_csv(tmp_path, f"{HEADER}\nBU17310000,liveability,2027,designated,,,\n")
    assert located(problems_of(path, demo_dataset, demo_settings)) == {("line 2", "year")}
    longer = Settings(years=Years(first=2023, last=2030))
    assert read_decision_file(path, demo_dataset, longer).rows[0].year == 2027


def test_missing_and_unknown_columns_are_reported_once_at_the_header(
    tmp_path: Path, demo_dataset: Dataset, demo_settings: Settings
) -> None:
    path = write_csv(
        tmp_path,
        "area_code,year,reasosn,note,Note\n"
        "BU17310000,2024,social,a,b\n"
        "BU17310001,2024,social,a,b\n",
    )
    problems = problems_of(path, demo_dataset, demo_settings)
    assert located(problems) == {
        ("line 1", "theme"),
        ("line 1", "status"),
        ("line 1", "reasosn"),
        ("line 1", "note"),
    }
    assert "missing" in only(problems, "line 1", "theme").message
    assert "reasons" in only(problems, "line 1", "reasosn").message  # the right names


def test_too_many_cells_in_a_row(
    tmp_path: Path, demo_dataset: Dataset, demo_settings: Settings
) -> None:
    path = write_csv(
        tmp_path,
        f"{HEADER}\n"
        "BU17310000,liveability,2024,designated,,,Beilen, Hijken\n"
        "BU17310001,liveability,2024,designated\n",  # short rows are fine
    )
    problems = problems_of(path, demo_dataset, demo_settings)
    assert located(problems) == {("line 2", "")}
    assert "quotes" in problems[0].message


def test_too_long_text(tmp_path: Path, demo_dataset: Dataset, demo_settings: Settings) -> None:
    path = write_csv(
        tmp_path, f"{HEADER}\nBU17310000,liveability,2024,designated,,,{'x' * (MAX_TEXT + 1)}\n"
    )
    problems = problems_of(path, demo_dataset, demo_settings)
    assert located(problems) == {("line 2", "note")}
    assert str(MAX_TEXT) in problems[0].message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty"),
        ("\n\n", "is empty"),
        (HEADER + "\n", "no rows"),
    ],
)
def test_empty_files(
    tmp_path: Path, demo_dataset: Dataset, demo_settings: Settings, content: str, message: str
) -> None:
    problems = problems_of(write_csv(tmp_path, content), demo_dataset, demo_settings)
    assert [(p.where, p.field) for p in problems] == [("file", "")]
    assert message in problems[0].message


def test_unreadable_files(tmp_path: Path, demo_dataset: Dataset, demo_settings: Settings) -> None:
    old_excel = tmp_path / "decisions.xls"
    old_excel.write_bytes(b"\xd0\xcf\x11\xe0")
    assert ".xlsx" in problems_of(old_excel, demo_dataset, demo_settings)[0].message
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    assert "Excel" in problems_of(broken, demo_dataset, demo_settings)[0].message
    missing = tmp_path / "missing.csv"
    assert "does not exist" in problems_of(missing, demo_dataset, demo_settings)[0].message


def test_every_problem_of_an_xlsx_names_sheet_and_row(
    tmp_path: Path, demo_dataset: Dataset, demo_settings: Settings
) -> None:
    path = write_xlsx(
        tmp_path,
        {
            1: ["Area_Code", "Theme", "Year", "Status", "Reasons", "Party", "Note", None],
            2: ["BU17310000", "liveability", 2024, "designated", None, None, None],
            # row 3 stays empty: numbering must still follow Excel's
            4: ["BU17310001", "heat", 2024.5, "designated", None, None, None],
            5: ["BU17310002", "heat", 2024, "designated", "social", "Nobody", None],
            6: ["BU17310000", "liveability", 2024, "rejected", None, None, None],
            7: ["BU17310003", "heat", "=2020+4", "designated", None, None, None, "stray"],
        },
    )
    problems = problems_of(path, demo_dataset, demo_settings)
    assert located(problems) == {
        ("sheet Besluiten, row 1", "column H"),
        ("sheet Besluiten, row 4", "year"),
        ("sheet Besluiten, row 5", "party"),
        ("sheet Besluiten, row 6", "area_code"),
        ("sheet Besluiten, row 7", "year"),
    }
    assert "2024.5" in only(problems, "sheet Besluiten, row 4", "year").message
    assert "row 2" in only(problems, "sheet Besluiten, row 6", "area_code").message
    assert "=2020+4" in only(problems, "sheet Besluiten, row 7", "year").message


def test_missing_columns_in_an_xlsx(
    tmp_path: Path, demo_dataset: Dataset, demo_settings: Settings
) -> None:
    path = write_xlsx(tmp_path, {1: ["area_code", "year"], 2: ["BU17310000", 2024]}, sheet="Blad1")
    problems = problems_of(path, demo_dataset, demo_settings)
    assert located(problems) == {("sheet Blad1, row 1", "theme"), ("sheet Blad1, row 1", "status")}


def test_an_empty_xlsx(tmp_path: Path, demo_dataset: Dataset, demo_settings: Settings) -> None:
    problems = problems_of(write_xlsx(tmp_path, {}), demo_dataset, demo_settings)
    assert [(p.where, "is empty" in p.message) for p in problems] == [("file", True)]


# --- python -m geo access hash --------------------------------------------------------


def test_access_hash_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    assert main(["access", "hash", "--stdin"]) == 0
    out = capsys.readouterr().out
    (hashed,) = out.splitlines()
    assert hashed.startswith("scrypt$")
    assert verify_code("correct horse battery", hashed)
    assert not verify_code("correct horse battery\n", hashed)
    assert not verify_code("wrong horse battery", hashed)


@pytest.mark.parametrize("stdin", ["short\n", ""])
def test_access_hash_refuses_short_or_missing_codes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: str
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert main(["access", "hash", "--stdin"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("error: ")
    assert ("8 characters" if stdin else "no code") in err
    assert "Traceback" not in err


def test_access_hash_asks_twice(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter(["a-long-secret", "a-long-secret"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["access", "hash"]) == 0
    assert verify_code("a-long-secret", capsys.readouterr().out.strip())

    answers = iter(["a-long-secret", "a-long-secreT"])
    assert main(["access", "hash"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "differ" in err


def test_access_hash_help_shows_the_configuration(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["access", "hash", "--help"])
    out = capsys.readouterr().out
    assert "[access]" in out and "facilitator = " in out
    assert "[access.parties]" in out and "actium = " in out
