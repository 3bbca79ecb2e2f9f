"""`geo.importers.labels`: EP-Online energy labels onto the homes of a data directory.

The label files here are small and hand-made, with the real EP-Online header names
(the newer Pand_huisletter + Pand_huisnummertoevoeging, and the older
Pand_huisnummer_toev). They are written into a copy of the demo data in which a few
private homes get a BAG id, a letter or an addition, on postcodes the demo does not
use, so every expected match can be checked by eye.
"""

from __future__ import annotations

import argparse
import random
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geo.addressing import address_key, bag_id
from geo.config import DEMO_DATA_DIR
from geo.dataset import load_dataset
from geo.errors import AfsprakenkaartError, DataValidationError
from geo.importers import labels
from geo.importers.labels import (
    best_labels,
    import_labels,
    keep_latest,
    register,
    stream_labels,
)
from geo.manifest import read_manifest
from tests.import_tools import snapshot

NEW_HEADER = (
    "Pand_opnamedatum",
    "Pand_opnametype",
    "Pand_energieklasse",
    "Pand_postcode",
    "Pand_huisnummer",
    "Pand_huisletter",
    "Pand_huisnummertoevoeging",
    "Pand_bagverblijfsobjectid",
    "Pand_gebouwtype",
    "Pand_projectnaam",
)
OLD_HEADER = (
    "Pand_opnamedatum",
    "Pand_energieklasse",
    "Pand_postcode",
    "Pand_huisnummer",
    "Pand_huisnummer_toev",
    "Pand_bagverblijfsobjectid",
    "Pand_gebouwtype",
)
LABEL = "Pand_energieklasse"

# The homes the fixture sets up (row of private_homes -> what it gets).
BAG_HOME = 0  # home_id 0000010000000001, 9400 SS 1
PLAIN_HOME = 1  # 9400 SS 2
LETTER_HOME = 2  # 9400 SS 3, letter A
ADDITION_HOME = 3  # 9400 SS 3, letter B, addition 2
DATED_HOME = 4  # 9400 SS 4
BAG_HOME_2 = 5  # home_id 0000010000000006, 9400 SS 5
SHARED = (6, 7)  # both 9400 SD 7: an address two homes have
BAG_1 = "0000010000000001"
BAG_6 = "0000010000000006"


def _row(**values: str) -> dict[str, str]:
    return values


def write_labels(
    path: Path,
    rows: Sequence[dict[str, str] | str],
    *,
    header: Sequence[str] = NEW_HEADER,
    encoding: str = "utf-8",
    separator: str = ";",
    newline: str = "\r\n",
) -> Path:
    """A label file: dict rows fill the named columns (others empty); str rows are
    written as they are (blank lines, broken lines)."""
    lines = [separator.join(header)]
    for row in rows:
        if isinstance(row, str):
            lines.append(row)
        else:
            unknown = set(row) - set(header)
            assert not unknown, unknown
            lines.append(separator.join(row.get(name, "") for name in header))
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


@pytest.fixture(scope="module")
def homes_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data with eight private homes given known BAG ids and addresses
    (made once per module; each test gets its own copy from `homes_dir`)."""
    directory = tmp_path_factory.mktemp("labels") / "data"
    shutil.copytree(DEMO_DATA_DIR, directory)
    path = directory / "private_homes.geojson"
    homes = gpd.read_file(path)
    homes["huisletter"] = None
    homes["huisnummertoevoeging"] = None
    setups = {
        BAG_HOME: (BAG_1, "9400 SS", 1, None, None, "G"),
        PLAIN_HOME: (None, "9400 SS", 2, None, None, "G"),
        LETTER_HOME: (None, "9400 SS", 3, "A", None, None),
        ADDITION_HOME: (None, "9400 SS", 3, "B", "2", "F"),
        DATED_HOME: (None, "9400 SS", 4, None, None, "E"),
        BAG_HOME_2: (BAG_6, "9400 SS", 5, None, None, "E"),
        SHARED[0]: (None, "9400 SD", 7, None, None, "G"),
        SHARED[1]: (None, "9400 SD", 7, None, None, "G"),
    }
    for row, (home_id, postcode, number, letter, addition, label) in setups.items():
        if home_id:
            homes.loc[row, "home_id"] = home_id
        homes.loc[row, ["postcode", "huisnummer"]] = [postcode, number]
        homes.loc[row, ["huisletter", "huisnummertoevoeging", "energielabel"]] = [
            letter,
            addition,
            label,
        ]
    assert not homes["postcode"].iloc[8:].isin(["9400 SS", "9400 SD"]).any()
    path.unlink()
    homes.to_file(path, driver="GeoJSON")
    load_dataset(directory)  # still a valid data directory
    return directory


@pytest.fixture
def homes_dir(homes_template: Path, tmp_path: Path) -> Path:
    """A writable copy of `homes_template`."""
    target = tmp_path / "data"
    shutil.copytree(homes_template, target)
    return target


def private_labels(directory: Path) -> pd.Series:
    return load_dataset(directory).tables["private_homes"]["energielabel"]


def problems_of(excinfo: pytest.ExceptionInfo[DataValidationError]) -> list[tuple[str, str]]:
    return [(p.where, p.field) for p in excinfo.value.problems]


# -- normalising keys ---------------------------------------------------------------------


def test_address_keys_agree_across_spellings() -> None:
    plain = address_key("9411 SS", 12)
    assert plain == "9411SS|12|"
    assert address_key("9411ss", "012") == plain
    assert address_key(" 9411 ss ", 12.0) == plain
    with_suffix = address_key("9411SS", "12", "A", "2")
    assert with_suffix == "9411SS|12|A2"
    for old_toev in ("A-2", "a 2", "A2", "A/2"):
        assert address_key("9411SS", "12", None, old_toev) == with_suffix
    assert address_key("9411SS", "12-A2") == with_suffix  # letter typed into the number
    assert address_key("9411SS", 12, "a", "") == "9411SS|12|A"


@pytest.mark.parametrize(
    "postcode, number", [("941SS", 12), ("9411 S", 12), (None, 12), ("9411SS", None), ("9411SS", 0)]
)
def test_incomplete_addresses_have_no_key(postcode: object, number: object) -> None:
    assert address_key(postcode, number) is None


def test_bag_ids() -> None:
    assert bag_id(BAG_1) == BAG_1
    assert bag_id(f"NL.IMBAG.Verblijfsobject.{BAG_1}") == BAG_1
    assert bag_id("DEMO-PH-000001") is None
    assert bag_id("10000000001") is None
    # In the label file, leading zeros a spreadsheet dropped are put back.
    assert bag_id("363010000123456", lenient=True) == "0363010000123456"
    assert bag_id("363010000123456") is None
    assert bag_id("3.63010000123456E+15", lenient=True) is None


# -- matching -------------------------------------------------------------------------------


def test_labels_go_to_homes_by_bag_id_and_by_address(homes_dir: Path, tmp_path: Path) -> None:
    file = write_labels(
        tmp_path / "labels.csv",
        [
            # The BAG id wins although the address in the file is another one.
            _row(
                Pand_opnamedatum="20220101",
                Pand_energieklasse="A",
                Pand_postcode="1234AB",
                Pand_huisnummer="99",
                Pand_bagverblijfsobjectid=BAG_1,
            ),
            _row(Pand_energieklasse="B", Pand_postcode="9400SS", Pand_huisnummer="2"),
            _row(
                Pand_energieklasse="C",
                Pand_postcode="9400 ss",
                Pand_huisnummer="3",
                Pand_huisletter="a",
            ),
            _row(
                Pand_energieklasse="A+++",
                Pand_postcode="9400SS",
                Pand_huisnummer="3",
                Pand_huisletter="B",
                Pand_huisnummertoevoeging="2",
            ),
            # Somewhere else in the country: read, checked, not matched.
            _row(Pand_energieklasse="G", Pand_postcode="1011AB", Pand_huisnummer="1"),
        ],
    )
    before = private_labels(homes_dir)
    report = import_labels(file, homes_dir)

    after = private_labels(homes_dir)
    assert after[BAG_HOME] == "A"
    assert after[PLAIN_HOME] == "B"
    assert after[LETTER_HOME] == "C"
    assert after[ADDITION_HOME] == "A+++"
    others = [i for i in range(len(after)) if i not in (0, 1, 2, 3)]
    assert after.iloc[others].equals(before.iloc[others])
    assert report.rows_read == 5
    assert (report.rows_matched_bag, report.rows_matched_address) == (1, 3)
    assert report.homes_labelled == 4
    assert report.homes_changed == 4
    assert report.labelled_per_table == {"private_homes": 4, "corporation_homes": 0}
    assert report.written == ["private_homes"]
    assert report.homes_without_label == int(after.isna().sum()) + int(
        load_dataset(homes_dir).tables["corporation_homes"]["energielabel"].isna().sum()
    )
    assert (homes_dir / "private_homes.gpkg").exists()
    assert not (homes_dir / "private_homes.geojson").exists()
    assert (homes_dir / "corporation_homes.geojson").exists()  # unchanged, not rewritten


def test_the_manifest_records_the_source_and_demo_stays_demo(
    homes_dir: Path, tmp_path: Path
) -> None:
    file = write_labels(
        tmp_path / "v20240101_v2_csv.csv",
        [_row(Pand_energieklasse="B", Pand_postcode="9400SS", Pand_huisnummer="2")],
    )
    import_labels(file, homes_dir)
    import_labels(file, homes_dir)  # again: the source is replaced, not repeated
    manifest, problems = read_manifest(homes_dir)
    assert manifest is not None and not problems
    assert manifest.demo is True  # labels on fictitious homes leave them fictitious
    source = manifest.tables["private_homes"].source
    assert source.startswith("python -m geo demo")
    assert source.count("EP-Online") == 1
    assert "v20240101_v2_csv.csv" in source


def test_the_latest_label_wins_whatever_the_date_format_and_order(
    homes_dir: Path, tmp_path: Path
) -> None:
    home = {"Pand_postcode": "9400SS", "Pand_huisnummer": "4"}
    file = write_labels(
        tmp_path / "labels.csv",
        [
            _row(Pand_opnamedatum="15-03-2021", Pand_energieklasse="C", **home),
            _row(Pand_opnamedatum="20190101", Pand_energieklasse="A", **home),
            _row(Pand_opnamedatum="2020-06-30", Pand_energieklasse="B", **home),
            _row(Pand_opnamedatum="", Pand_energieklasse="G", **home),  # undated: oldest
        ],
    )
    report = import_labels(file, homes_dir, chunk_rows=1)  # each row its own chunk
    assert private_labels(homes_dir)[DATED_HOME] == "C"
    assert report.rows_matched_address == 4
    assert report.homes_labelled == 1


def test_a_bag_match_beats_a_later_address_match(homes_dir: Path, tmp_path: Path) -> None:
    file = write_labels(
        tmp_path / "labels.csv",
        [
            _row(
                Pand_opnamedatum="20230101",
                Pand_energieklasse="A",
                Pand_postcode="9400SS",
                Pand_huisnummer="5",
            ),
            _row(
                Pand_opnamedatum="20150101",
                Pand_energieklasse="D",
                Pand_postcode="9400SS",
                Pand_huisnummer="5",
                Pand_bagverblijfsobjectid=BAG_6,
            ),
        ],
    )
    report = import_labels(file, homes_dir)
    assert private_labels(homes_dir)[BAG_HOME_2] == "D"
    assert (report.rows_matched_bag, report.rows_matched_address) == (1, 1)


def test_an_address_with_another_bag_id_is_another_object(homes_dir: Path, tmp_path: Path) -> None:
    file = write_labels(
        tmp_path / "labels.csv",
        [
            _row(
                Pand_energieklasse="A",
                Pand_postcode="9400SS",
                Pand_huisnummer="1",
                Pand_bagverblijfsobjectid="0000010000000999",
            ),
            # A BAG id the data does not know, at an address whose home has none: fine.
            _row(
                Pand_energieklasse="B",
                Pand_postcode="9400SS",
                Pand_huisnummer="2",
                Pand_bagverblijfsobjectid="0000010000000998",
            ),
        ],
    )
    report = import_labels(file, homes_dir)
    after = private_labels(homes_dir)
    assert after[BAG_HOME] == "G"  # unchanged
    assert after[PLAIN_HOME] == "B"
    assert (report.rows_matched_bag, report.rows_matched_address) == (0, 1)


def test_an_address_two_homes_share_is_not_matched(homes_dir: Path, tmp_path: Path) -> None:
    file = write_labels(
        tmp_path / "labels.csv",
        [_row(Pand_energieklasse="A", Pand_postcode="9400SD", Pand_huisnummer="7")],
    )
    before = snapshot(homes_dir)
    report = import_labels(file, homes_dir)
    assert report.homes_labelled == 0
    assert report.ambiguous_addresses >= 2
    assert report.written == []
    assert snapshot(homes_dir) == before  # nothing changed, nothing written
    assert any("share their address" in line for line in report.lines())


def test_the_older_combined_addition_column(homes_dir: Path, tmp_path: Path) -> None:
    file = write_labels(
        tmp_path / "old.csv",
        [
            _row(
                Pand_opnamedatum="20120101",
                Pand_energieklasse="D",
                Pand_postcode="9400SS",
                Pand_huisnummer="3",
                Pand_huisnummer_toev="A",
            ),
            _row(
                Pand_opnamedatum="20120101",
                Pand_energieklasse="E",
                Pand_postcode="9400SS",
                Pand_huisnummer="3",
                Pand_huisnummer_toev="B-2",
            ),
        ],
        header=OLD_HEADER,
    )
    import_labels(file, homes_dir)
    after = private_labels(homes_dir)
    assert (after[LETTER_HOME], after[ADDITION_HOME]) == ("D", "E")


def test_corporation_homes_get_labels_too(homes_dir: Path, tmp_path: Path) -> None:
    corporation = load_dataset(homes_dir).tables["corporation_homes"]
    pairs = zip(corporation["postcode"], corporation["huisnummer"], strict=True)
    keys = [address_key(postcode, number) for postcode, number in pairs]
    unique = pd.Series(keys).dropna().drop_duplicates(keep=False)
    row = int(unique.index[0])
    postcode, number = corporation.loc[row, "postcode"], int(corporation.loc[row, "huisnummer"])
    new = "G" if corporation.loc[row, "energielabel"] != "G" else "A"
    file = write_labels(
        tmp_path / "labels.csv",
        [_row(Pand_energieklasse=new, Pand_postcode=postcode, Pand_huisnummer=str(number))],
    )
    report = import_labels(file, homes_dir)
    assert load_dataset(homes_dir).tables["corporation_homes"].loc[row, "energielabel"] == new
    assert report.written == ["corporation_homes"]


# -- encodings and file shapes ----------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding, name",
    [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 with BOM"), ("cp1252", "Windows-1252")],
)
def test_text_encodings(homes_dir: Path, tmp_path: Path, encoding: str, name: str) -> None:
    file = write_labels(
        tmp_path / "labels.csv",
        [
            _row(
                Pand_energieklasse="B",
                Pand_postcode="9400SS",
                Pand_huisnummer="2",
                Pand_projectnaam="Rénovatie Beilen – fase 2",
            )
        ],
        encoding=encoding,
    )
    report = import_labels(file, homes_dir)
    assert report.encoding == name
    assert private_labels(homes_dir)[PLAIN_HOME] == "B"


def test_a_zip_archive_with_one_csv(homes_dir: Path, tmp_path: Path) -> None:
    csv = write_labels(
        tmp_path / "v20240101_v2_csv.csv",
        [_row(Pand_energieklasse="B", Pand_postcode="9400SS", Pand_huisnummer="2")],
    )
    archive = tmp_path / "v20240101_v2_csv.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(csv, csv.name)
    import_labels(archive, homes_dir)
    assert private_labels(homes_dir)[PLAIN_HOME] == "B"


def test_header_names_are_case_insensitive_and_commas_work(homes_dir: Path, tmp_path: Path) -> None:
    header = [name.upper() for name in NEW_HEADER]
    values = {"PAND_ENERGIEKLASSE": " b ", "PAND_POSTCODE": "9400SS", "PAND_HUISNUMMER": "2"}
    file = write_labels(
        tmp_path / "resaved.csv",
        [",".join(values.get(name, "") for name in header)],
        header=header,
        separator=",",
    )
    import_labels(file, homes_dir)
    assert private_labels(homes_dir)[PLAIN_HOME] == "B"  # " b " is read as B


def test_chunks_keep_line_numbers_across_blank_lines(tmp_path: Path) -> None:
    file = write_labels(
        tmp_path / "labels.csv",
        [
            _row(Pand_opnamedatum="20240229", Pand_energieklasse="A", Pand_postcode="1011AB"),
            "",
            _row(Pand_opnamedatum="1-3-2021", Pand_energieklasse="B", Pand_postcode="1011AB"),
            ";;;;;;;;;",
            _row(Pand_opnamedatum="", Pand_energieklasse="C", Pand_postcode="1011AB"),
            _row(Pand_opnamedatum="2019-12-31", Pand_energieklasse="D", Pand_postcode="1011AB"),
        ],
    )
    chunks = list(stream_labels(file, chunk_rows=2))
    rows = pd.concat(chunks)
    assert list(rows.columns) == list(labels.CHUNK_COLUMNS)
    assert rows["line"].tolist() == [2, 4, 6, 7]
    assert rows["label"].tolist() == ["A", "B", "C", "D"]
    dates = pd.to_datetime(["2024-02-29", "2021-03-01", None, "2019-12-31"])
    assert rows["date"].tolist() == dates.tolist()


def test_memory_of_matches_is_bounded_by_the_homes() -> None:
    dates = pd.to_datetime(["2020-01-01", "2021-01-01", None, "2021-01-01"])
    matches = pd.DataFrame(
        {
            "home": [7, 7, 7, 7, 8],
            "via": [1, 1, 1, 1, 0],
            "label": ["A", "B", "C", "D", "E"],
            "date": [*dates, pd.NaT],
            "line": [2, 3, 4, 5, 6],
        }
    )
    kept = keep_latest(matches)
    assert len(kept) == 2
    assert kept.set_index("home").loc[7, "label"] == "D"  # equal dates: the later line
    with_bag = pd.concat([matches, matches.assign(home=7, via=0, label="F", line=9).iloc[[0]]])
    assert best_labels(with_bag).set_index("home").loc[7, "label"] == "F"


# -- problems: reported with file, line and field; nothing written -----------------------------


def test_unknown_labels_are_reported_with_line_and_field(homes_dir: Path, tmp_path: Path) -> None:
    file = write_labels(
        tmp_path / "labels.csv",
        [
            _row(Pand_energieklasse="B", Pand_postcode="9400SS", Pand_huisnummer="2"),
            _row(Pand_energieklasse="H", Pand_postcode="1011AB", Pand_huisnummer="1"),
            "",
            _row(Pand_energieklasse="", Pand_postcode="1011AB", Pand_huisnummer="2"),
            _row(Pand_energieklasse="A+++++", Pand_postcode="1011AB", Pand_huisnummer="3"),
        ],
    )
    before = snapshot(homes_dir)
    with pytest.raises(DataValidationError) as excinfo:
        import_labels(file, homes_dir)
    assert snapshot(homes_dir) == before
    assert problems_of(excinfo) == [("line 3", LABEL), ("line 5", LABEL), ("line 6", LABEL)]
    first = excinfo.value.problems[0]
    assert first.file == str(file)
    assert "'H' is not an energy label" in first.message
    assert "A++++, A+++, A++, A+, A, B, C, D, E, F, G" in first.message
    assert "empty" in excinfo.value.problems[1].message
    assert f"{file}, line 3, field '{LABEL}'" in str(excinfo.value)


def test_bad_dates_are_reported(homes_dir: Path, tmp_path: Path) -> None:
    bad = ["31-02-2021", "2021/03/15", "2016323", "20211301", "99991231", "15-03-2021 10:00", "nan"]
    file = write_labels(
        tmp_path / "labels.csv",
        [
            _row(Pand_opnamedatum=" 20210315 ", Pand_energieklasse="B", Pand_postcode="1011AB"),
            _row(Pand_opnamedatum="1-3-2021", Pand_energieklasse="B", Pand_postcode="1011AB"),
            *(
                _row(Pand_opnamedatum=d, Pand_energieklasse="B", Pand_postcode="1011AB")
                for d in bad
            ),
        ],
    )
    before = snapshot(homes_dir)
    with pytest.raises(DataValidationError) as excinfo:
        import_labels(file, homes_dir)
    assert snapshot(homes_dir) == before
    assert problems_of(excinfo) == [(f"line {n}", "Pand_opnamedatum") for n in range(4, 11)]
    assert "'31-02-2021' is not a date" in excinfo.value.problems[0].message
    assert "dd-mm-yyyy" in excinfo.value.problems[0].message


def test_the_problem_list_is_capped_with_a_count(tmp_path: Path) -> None:
    rows = [_row(Pand_energieklasse="X", Pand_postcode="1011AB") for _ in range(120)]
    file = write_labels(tmp_path / "labels.csv", rows)
    with pytest.raises(DataValidationError) as excinfo:
        list(stream_labels(file, chunk_rows=25))
    problems = excinfo.value.problems
    assert len(problems) == labels.MAX_LISTED_PROBLEMS + 1
    assert problems[-1].message == "and 70 more problems like these"
    assert problems[0].where == "line 2" and problems[49].where == "line 51"


def test_missing_columns_are_named(homes_dir: Path, tmp_path: Path) -> None:
    file = write_labels(
        tmp_path / "labels.csv",
        ["9400SS;2;B"],
        header=("Pand_postcode", "Pand_huisnummer", "Energieklasse"),
    )
    with pytest.raises(DataValidationError) as excinfo:
        import_labels(file, homes_dir)
    assert ("line 1", LABEL) in problems_of(excinfo)
    assert "Energieklasse" in str(excinfo.value)  # the header found is shown

    no_address = write_labels(tmp_path / "b.csv", ["B"], header=(LABEL,))
    with pytest.raises(DataValidationError) as excinfo:
        list(stream_labels(no_address))
    fields = {field for _, field in problems_of(excinfo)}
    assert {"Pand_postcode", "Pand_huisnummer", "Pand_bagverblijfsobjectid"} <= fields


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "is empty"),
        (b"\xef\xbb\xbf\r\n", "is empty"),
        (";".join(NEW_HEADER).encode() + b"\r\n", "has a header but no rows"),
        ("Pand_energieklasse".encode("utf-16"), "UTF-16"),
    ],
)
def test_empty_and_unusable_files(
    homes_dir: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    file = tmp_path / "labels.csv"
    file.write_bytes(content)
    before = snapshot(homes_dir)
    with pytest.raises(DataValidationError) as excinfo:
        import_labels(file, homes_dir)
    assert message in str(excinfo.value)
    assert snapshot(homes_dir) == before


def test_a_missing_file(homes_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(DataValidationError, match="does not exist"):
        import_labels(tmp_path / "nope.csv", homes_dir)


def test_a_file_cut_off_in_the_middle_of_a_line(homes_dir: Path, tmp_path: Path) -> None:
    rows = [
        _row(
            Pand_opnamedatum="20210101",
            Pand_energieklasse="B",
            Pand_postcode="9400SS",
            Pand_huisnummer="2",
            Pand_bagverblijfsobjectid="0000010000000123",
        )
    ] * 3
    whole = write_labels(tmp_path / "whole.csv", rows).read_bytes()
    # The download stopped inside the BAG id of line 4.
    cut = tmp_path / "cut.csv"
    cut.write_bytes(whole[: whole.rindex(b"00000100000")])
    before = snapshot(homes_dir)
    with pytest.raises(DataValidationError) as excinfo:
        import_labels(cut, homes_dir)
    assert problems_of(excinfo) == [("line 4", "")]
    assert "ends in the middle of a line" in str(excinfo.value)
    assert snapshot(homes_dir) == before

    quoted = tmp_path / "quoted.csv"
    quoted.write_bytes(whole + b'20210101;;B;9400SS;2;;;;"Tussenwon')
    with pytest.raises(DataValidationError) as excinfo:
        import_labels(quoted, homes_dir)
    assert problems_of(excinfo) == [("line 5", "")]
    assert "not closed" in str(excinfo.value)


def test_garbled_bytes_are_a_problem_not_a_crash(homes_dir: Path, tmp_path: Path) -> None:
    garbage = random.Random(1731).randbytes(200_000)
    before = snapshot(homes_dir)
    for content in (garbage, ";".join(NEW_HEADER).encode() + b"\r\n" + garbage):
        file = tmp_path / "garbled.csv"
        file.write_bytes(content)
        with pytest.raises(DataValidationError) as excinfo:
            import_labels(file, homes_dir)
        assert excinfo.value.problems
    assert snapshot(homes_dir) == before

    not_a_zip = tmp_path / "broken.zip"
    not_a_zip.write_bytes(b"PK\x03\x04" + garbage[:1000])
    with pytest.raises(DataValidationError, match="ZIP"):
        import_labels(not_a_zip, homes_dir)


def test_an_encoding_error_after_the_sample_names_its_line(
    homes_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The encoding is decided from the start of the file; shrink that start so a
    # small file shows what happens at line three million of the national one.
    monkeypatch.setattr(labels, "SAMPLE_BYTES", 300)
    rows = [_row(Pand_energieklasse="B", Pand_postcode="1011AB", Pand_huisnummer="1")] * 40
    file = write_labels(tmp_path / "labels.csv", rows)
    content = file.read_bytes().splitlines(keepends=True)
    content[30] = content[30].replace(b"1011AB", b"1011\xc9B")  # Windows-1252 É in UTF-8
    file.write_bytes(b"".join(content))
    before = snapshot(homes_dir)
    with pytest.raises(DataValidationError) as excinfo:
        import_labels(file, homes_dir, chunk_rows=10)
    assert problems_of(excinfo) == [("line 31", "")]
    assert "0xC9 is not UTF-8" in str(excinfo.value)
    assert snapshot(homes_dir) == before


def test_an_invalid_data_directory_changes_nothing(homes_dir: Path, tmp_path: Path) -> None:
    file = write_labels(
        tmp_path / "labels.csv",
        [_row(Pand_energieklasse="B", Pand_postcode="9400SS", Pand_huisnummer="2")],
    )
    path = homes_dir / "buurten.geojson"
    buurten = gpd.read_file(path)
    buurten.loc[0, "buurtnaam"] = None  # required: the directory is invalid
    path.unlink()
    buurten.to_file(path, driver="GeoJSON")
    before = snapshot(homes_dir)
    with pytest.raises(DataValidationError) as excinfo:
        import_labels(file, homes_dir)
    assert ("feature 1", "buurtnaam") in problems_of(excinfo)
    assert snapshot(homes_dir) == before

    with pytest.raises(DataValidationError, match="not a directory"):
        import_labels(file, tmp_path / "nowhere")


def test_a_data_directory_without_homes(data_copy: Path, tmp_path: Path) -> None:
    (data_copy / "private_homes.geojson").unlink()
    (data_copy / "corporation_homes.geojson").unlink()
    file = write_labels(tmp_path / "labels.csv", [_row(Pand_energieklasse="B")])
    with pytest.raises(AfsprakenkaartError, match="no private_homes or corporation_homes"):
        import_labels(file, data_copy)


# -- command line ----------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo import")
    register(parser.add_subparsers(dest="kind", required=True))
    return parser


def test_command_line_prints_a_summary_and_progress(
    homes_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = write_labels(
        tmp_path / "labels.csv",
        [_row(Pand_energieklasse="B", Pand_postcode="9400SS", Pand_huisnummer="2")],
    )
    args = _parser().parse_args(["labels", str(file), "--data", str(homes_dir)])
    assert args.func(args) == 0
    out, err = capsys.readouterr()
    assert "read 1 rows" in out
    assert "labelled 1 of" in out
    assert "wrote private_homes" in out
    assert "labels.csv: 100%" in err


def test_command_line_needs_the_data_directory(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        _parser().parse_args(["labels", "file.csv"])
    assert "--data" in capsys.readouterr().err
