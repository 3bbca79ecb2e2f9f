"""`python -m geo decisions import|export` against the store, on SQLite and on PostGIS.

Every test runs twice through the `store_url` fixture. Commands run in-process
through geo.cli.main (with DATABASE_URL set as a user would), except the kill test,
which needs a real process to kill.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from geo.agreements import designated
from geo.cli import main
from geo.config import DEMO_DATA_DIR, PROJECT_ROOT, Settings
from geo.dataset import Dataset, load_dataset
from geo.store import Store, open_store
from geo.workshop import seed_states, seed_store, store_states

NOTICE = "DEMO — fictieve gegevens"
HEADER = ["area_code", "theme", "year", "status", "reasons", "party", "note"]
EXPORT_COLUMNS = [
    "area_code",
    "area_name",
    "area_kind",
    "theme",
    "year",
    "status",
    "reasons",
    "lead_party",
    "vision",
    "positions",
    "opposed",
    "decided_at",
    "decided_by",
    "note",
]
RD = 28992


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, store_url: str) -> None:
    """The store under test through DATABASE_URL, and a configuration of our own, so a
    developer's afsprakenkaart.toml or environment cannot change the outcome."""
    config = tmp_path / "afsprakenkaart.toml"
    config.write_text("[years]\nfirst = 2023\nlast = 2026\n", encoding="utf-8")
    monkeypatch.setenv("AFSPRAKENKAART_CONFIG", str(config))
    monkeypatch.setenv("DATABASE_URL", store_url)
    monkeypatch.delenv("AFSPRAKENKAART_DATA", raising=False)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    yield opened
    opened.engine.dispose()


def write_csv(path: Path, rows: list[dict[str, object]]) -> Path:
    pd.DataFrame(rows, columns=HEADER).to_csv(path, index=False)
    return path


def sample_rows() -> list[dict[str, object]]:
    """Decisions and proposals over buurten and wijken, overriding some seed decisions
    (BU17310900 and BU17310600 are designated in the demo's seed)."""
    return [
        {"area_code": "BU17310900", "theme": "liveability", "year": 2024, "status": "rejected",
         "reasons": "", "party": "gemeente", "note": "Besloten in BO maart"},
        {"area_code": "BU17310600", "theme": "liveability", "year": 2026, "status": "designated",
         "reasons": "social|safety", "party": "woonservice", "note": ""},
        {"area_code": "BU17310000", "theme": "liveability", "year": 2025, "status": "designated",
         "reasons": "physical", "party": "actium", "note": '=HYPERLINK("http://x","klik")'},
        {"area_code": "BU17310001", "theme": "liveability", "year": 2025, "status": "proposed",
         "reasons": "social", "party": "mevm", "note": "<b>vet</b>"},
        {"area_code": "WK173101", "theme": "heat", "year": 2024, "status": "postponed",
         "reasons": "", "party": "", "note": "wacht op uitvoeringsplan"},
        {"area_code": "WK173102", "theme": "liveability", "year": 2023, "status": "designated",
         "reasons": "social|physical|safety", "party": "samensterk", "note": "Zoë's buurt"},
        {"area_code": "BU17310002", "theme": "parks", "year": 2026, "status": "ended",
         "reasons": "", "party": "", "note": ""},
    ]  # fmt: skip


def many_rows(dataset: Dataset, count: int) -> list[dict[str, object]]:
    """`count` distinct valid rows: every buurt and wijk code x themes x years."""
    codes = sorted(dataset.buurten["buurtcode"]) + sorted(dataset.wijken["wijkcode"])
    rows = [
        {"area_code": code, "theme": theme, "year": year, "status": "designated",
         "reasons": "social", "party": "gemeente", "note": f"rij {i}"}
        for i, (theme, year, code) in enumerate(
            (t, y, c) for t in ("heat", "meeliften", "parks") for y in (2024, 2025) for c in codes
        )
    ]  # fmt: skip
    assert len(rows) >= count
    return rows[:count]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def export(
    capsys: pytest.CaptureFixture[str], out: Path, fmt: str, *extra: str, data: Path | None = None
) -> str:
    code, stdout, err = run(
        capsys,
        "decisions",
        "export",
        "--format",
        fmt,
        "--out",
        str(out),
        *extra,
        *(["--data", str(data)] if data else []),
    )
    assert code == 0, err
    return stdout


def read_export_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def snapshot(url: str, dataset: Dataset) -> tuple[int, list[dict], list[dict]]:
    """Everything an interrupted write could have changed: head, events, derived state."""
    opened = open_store(url)
    try:
        events = opened.events()
        states = store_states(opened, dataset)
        return (
            opened.head(),
            _records(events),
            _records(states),
        )
    finally:
        opened.engine.dispose()


def _records(frame: gpd.GeoDataFrame) -> list[dict]:
    plain = pd.DataFrame(frame.drop(columns="geometry")).astype(object)
    records = plain.where(plain.notna(), None).to_dict("records")
    for record, geom in zip(records, frame.geometry, strict=True):
        record["geometry"] = None if geom is None else shapely.to_wkb(geom, hex=True)
    return records


# --- import, then export --------------------------------------------------------------


def test_import_then_export_round_trip(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    store: Store,
    demo_dataset: Dataset,
) -> None:
    rows = sample_rows()
    source = write_csv(tmp_path / "besluiten.csv", rows)
    code, out, err = run(capsys, "decisions", "import", str(source), "--data", str(DEMO_DATA_DIR))
    assert code == 0, err
    areas = len({r["area_code"] for r in rows})
    assert out.strip() == f"imported {len(rows)} decisions for {areas} areas (1 of them proposals)"
    assert "100%" in err.splitlines()[-1]  # progress on stderr, not stdout

    target = tmp_path / "export.csv"
    export(capsys, target, "csv", data=DEMO_DATA_DIR)
    exported = read_export_csv(target)
    assert set(EXPORT_COLUMNS) <= set(exported.columns)
    keyed = exported.set_index(["area_code", "theme", "year"])
    assert keyed.index.is_unique
    for row in rows:
        got = keyed.loc[(row["area_code"], row["theme"], str(row["year"]))]
        assert got["status"] == row["status"]
        assert got["reasons"] == row["reasons"]
        assert got["lead_party"] == row["party"]
        # The CSV guards formula-like text with an apostrophe; everything else verbatim.
        note = str(row["note"])
        assert got["note"] == ("'" + note if note.startswith("=") else note)
        assert got["decided_by"] == ("" if row["status"] == "proposed" else "import besluiten.csv")
        assert got["area_kind"] == ("buurt" if str(row["area_code"]).startswith("BU") else "wijk")

    # The seed decisions the file did not touch are exported too.
    seed = seed_states(demo_dataset)
    assert len(exported) == len(
        set(zip(seed["area_code"], seed["theme"], seed["year"].astype(str), strict=True))
        | {(r["area_code"], r["theme"], str(r["year"])) for r in rows}
    )

    # The attention layer of each year: the store's own view, and what the seed with
    # the file's rows on top must give.
    states = store_states(store, demo_dataset)
    for year in (2023, 2024, 2025, 2026):
        in_export = set(
            exported.loc[
                (exported["year"] == str(year))
                & (exported["theme"] == "liveability")
                & (exported["status"] == "designated"),
                "area_code",
            ]
        )
        assert in_export == set(designated(states, year)["area_code"]), year
        expected = {
            c for c, s in zip(*_seed_with_rows(seed, rows, year), strict=True) if s == "designated"
        }
        assert in_export == expected, year


def _seed_with_rows(
    seed: gpd.GeoDataFrame, rows: list[dict[str, object]], year: int
) -> tuple[list[str], list[str]]:
    status = {
        str(c): str(s)
        for c, t, y, s in zip(seed["area_code"], seed["theme"], seed["year"], seed["status"],
                              strict=True)
        if t == "liveability" and int(y) == year
    }  # fmt: skip
    status.update(
        {
            str(r["area_code"]): str(r["status"])
            for r in rows
            if r["theme"] == "liveability" and r["year"] == year
        }
    )
    return list(status), list(status.values())


def test_an_xlsx_import(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: Store, demo_dataset: Dataset
) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "Besluiten BO"
    ws.append(["Area_Code", "Theme", "Year", "Status", "Party", "Vision"])
    ws.append(["BU17310300", "liveability", 2025, "designated", "actium", "https://visie"])
    source = tmp_path / "bo.xlsx"
    workbook.save(source)
    code, out, err = run(capsys, "decisions", "import", str(source), "--data", str(DEMO_DATA_DIR))
    assert code == 0, err
    assert out.strip() == "imported 1 decisions for 1 areas"
    state = store_states(store, demo_dataset).set_index("case_key")
    row = state.loc["buurt:BU17310300|liveability|2025"]
    assert (row["status"], row["lead_party"], row["vision"]) == (
        "designated",
        "actium",
        "https://visie",
    )
    assert row["decided_by"] == "import bo.xlsx"


def test_importing_the_same_file_twice_stores_it_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: Store, demo_dataset: Dataset
) -> None:
    source = write_csv(tmp_path / "besluiten.csv", sample_rows())
    assert run(capsys, "decisions", "import", str(source))[0] == 0
    head = store.head()
    code, out, err = run(capsys, "decisions", "import", str(source))
    assert code == 0, err
    assert out.startswith("nothing imported: besluiten.csv was imported before")
    assert store.head() == head


# --- a bad file changes nothing -------------------------------------------------------


def test_a_bad_file_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    store_url: str,
    store: Store,
    demo_dataset: Dataset,
) -> None:
    good = write_csv(tmp_path / "goed.csv", sample_rows())
    assert run(capsys, "decisions", "import", str(good))[0] == 0
    before = snapshot(store_url, demo_dataset)

    rows = many_rows(demo_dataset, 40)
    rows[17]["theme"] = "leefbaarheid"
    rows[33]["party"] = "bewonerscommissie"
    bad = write_csv(tmp_path / "fout.csv", rows)
    code, out, err = run(capsys, "decisions", "import", str(bad))
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines == [line for line in lines if line.startswith("error: ")]
    assert len(lines) == 2
    assert "line 19, field 'theme'" in lines[0]
    assert "line 35, field 'party'" in lines[1]
    assert snapshot(store_url, demo_dataset) == before


def test_a_bad_file_does_not_even_seed_an_empty_store(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: Store
) -> None:
    bad = write_csv(
        tmp_path / "fout.csv",
        [{"area_code": "BU00000000", "theme": "heat", "year": 2024, "status": "designated"}],
    )
    code, _, err = run(capsys, "decisions", "import", str(bad))
    assert code == 1
    assert "BU00000000" in err and "Traceback" not in err
    assert store.head() == 0


# --- export ---------------------------------------------------------------------------


def test_export_formats_and_their_crs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: Store, demo_dataset: Dataset
) -> None:
    assert (
        run(capsys, "decisions", "import", str(write_csv(tmp_path / "b.csv", sample_rows())))[0]
        == 0
    )
    states = store_states(store, demo_dataset)
    buurten = demo_dataset.buurten.set_index("buurtcode").geometry

    gpkg = tmp_path / "besluiten.gpkg"
    export(capsys, gpkg, "gpkg")
    info = pyogrio.read_info(gpkg, layer="decisions")
    assert info["crs"] == "EPSG:28992"
    frame = gpd.read_file(gpkg, engine="pyogrio")
    assert frame.crs.to_epsg() == RD
    assert len(frame) == len(states)
    assert set(EXPORT_COLUMNS) <= set(frame.columns)
    beilen = frame[(frame["area_code"] == "BU17310000") & (frame["year"] == 2025)].iloc[0]
    assert beilen.geometry.equals_exact(buurten["BU17310000"], tolerance=0.01)

    geojson = tmp_path / "besluiten.geojson"
    export(capsys, geojson, "geojson")
    raw = json.loads(geojson.read_text(encoding="utf-8"))
    assert "crs" not in raw  # RFC 7946: WGS84 longitude/latitude, never named
    assert len(raw["features"]) == len(states)
    assert {"area_code", "theme", "year", "status"} <= set(raw["features"][0]["properties"])
    frame = gpd.read_file(geojson, engine="pyogrio")
    assert frame.crs.to_epsg() == 4326
    minx, miny, maxx, maxy = frame.total_bounds
    assert 6.0 < minx < maxx < 7.0 and 52.5 < miny < maxy < 53.2  # Midden-Drenthe
    back = frame.to_crs(RD)
    beilen = back[(back["area_code"] == "BU17310000") & (back["year"] == 2025)].iloc[0]
    # RFC 7946 keeps 7 decimals (about a centimetre) and may turn rings around.
    assert beilen.geometry.hausdorff_distance(buurten["BU17310000"]) < 0.05

    csv = tmp_path / "besluiten.csv"
    export(capsys, csv, "csv")
    assert csv.read_bytes().startswith(b"\xef\xbb\xbfdata_notice,")  # BOM, comma
    table = read_export_csv(csv)
    assert len(table) == len(states)
    geoms = shapely.from_wkt(table["geometry_wkt"].to_numpy())
    beilen = geoms[((table["area_code"] == "BU17310000") & (table["year"] == "2025")).to_numpy()]
    assert beilen[0].equals_exact(buurten["BU17310000"], tolerance=0.01)  # RD New metres

    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_export_of_one_year(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: Store, demo_dataset: Dataset
) -> None:
    assert (
        run(capsys, "decisions", "import", str(write_csv(tmp_path / "b.csv", sample_rows())))[0]
        == 0
    )
    target = tmp_path / "2025.gpkg"
    export(capsys, target, "gpkg", "--year", "2025")
    frame = gpd.read_file(target)
    states = store_states(store, demo_dataset)
    assert len(frame) == int((states["year"] == 2025).sum()) > 0
    assert set(frame["year"]) == {2025}


@pytest.mark.parametrize("year", ["2022", "2027"])
def test_export_refuses_a_year_outside_the_agreements(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, year: str
) -> None:
    target = tmp_path / "x.csv"
    code, _, err = run(
        capsys, "decisions", "export", "--format", "csv", "--year", year, "--out", str(target)
    )
    assert code == 1
    assert err.startswith(f"error: year {year} is outside") and "2023 to 2026" in err
    assert not target.exists()


def test_a_failed_export_leaves_the_old_file(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "besluiten.gpkg"
    export(capsys, target, "gpkg")
    before = target.read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        Path(str(args[1])).write_bytes(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(gpd.GeoDataFrame, "to_file", broken)
    code, _, err = run(capsys, "decisions", "export", "--format", "gpkg", "--out", str(target))
    assert code == 1
    assert "disk full" in err
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_demo_notice_on_every_row_of_every_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: Store
) -> None:
    for fmt in ("csv", "geojson", "gpkg"):
        target = tmp_path / f"demo.{fmt}"
        export(capsys, target, fmt)
        if fmt == "csv":
            notices = list(read_export_csv(target)["data_notice"])
        else:
            notices = list(gpd.read_file(target)["data_notice"])
        assert notices and set(notices) == {NOTICE}, fmt


def test_no_demo_notice_on_real_data_from_the_environment(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    data_copy: Path,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """AFSPRAKENKAART_DATA chooses the dataset; a dataset that is not the demo gets
    no notice."""
    manifest = data_copy / "manifest.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("demo = true", "demo = false"),
        encoding="utf-8",
    )
    assert load_dataset(data_copy).manifest.demo is False
    monkeypatch.setenv("AFSPRAKENKAART_DATA", str(data_copy))
    target = tmp_path / "echt.csv"
    export(capsys, target, "csv")
    table = read_export_csv(target)
    assert len(table) > 0
    assert "data_notice" not in table.columns
    assert list(table.columns[: len(EXPORT_COLUMNS)]) == EXPORT_COLUMNS


def test_data_option_wins_over_the_environment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFSPRAKENKAART_DATA", str(tmp_path / "does-not-exist"))
    target = tmp_path / "x.geojson"
    code, _, err = run(capsys, "decisions", "export", "--format", "geojson", "--out", str(target))
    assert code == 1 and "does-not-exist" in err and "Traceback" not in err
    export(capsys, target, "geojson", data=DEMO_DATA_DIR)
    assert target.exists()


# --- killed halfway -------------------------------------------------------------------

# Test-only: slows every inserted row down and leaves a marker after `after` rows, so
# the test can kill the process in the middle of the import's transaction.
SLOW_IMPORT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from geo.store.repository import Store

    marker, after = Path(sys.argv[1]), int(sys.argv[2])
    original = Store.append

    def slow_append(self, events, actor, parties, expected=None, *, seed_key=None,
                    progress=None):
        if seed_key is not None:
            return original(self, events, actor, parties, expected, seed_key=seed_key,
                            progress=progress)

        def slowly(done):
            if progress is not None:
                progress(done)
            time.sleep(0.02)
            if done == after:
                marker.write_text(str(done))

        return original(self, events, actor, parties, expected, progress=slowly)

    Store.append = slow_append
    from geo.cli import main
    sys.exit(main(sys.argv[3:]))
    """
)


def test_a_killed_import_leaves_the_store_unchanged(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    store_url: str,
    store: Store,
    demo_dataset: Dataset,
    demo_settings: Settings,
) -> None:
    seed_store(store, demo_dataset, demo_settings)
    before = snapshot(store_url, demo_dataset)
    rows = many_rows(demo_dataset, 160)
    source = write_csv(tmp_path / "groot.csv", rows)
    marker = tmp_path / "halfway"
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_IMPORT, str(marker), "50",
         "decisions", "import", str(source), "--data", str(DEMO_DATA_DIR)],
        cwd=PROJECT_ROOT,
        env=os.environ.copy(),  # DATABASE_URL and the configuration set above
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            if process.poll() is not None:
                out, err = process.communicate()
                pytest.fail(f"the import ended before the marker: {out!r} {err!r}")
            assert time.monotonic() < deadline, "no marker within 120 s"
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL  # killed, not finished

    assert snapshot(store_url, demo_dataset) == before
    keys = {f"{'buurt' if str(r['area_code']).startswith('BU') else 'wijk'}:{r['area_code']}"
            f"|{r['theme']}|{r['year']}" for r in rows}  # fmt: skip
    assert set(store.versions(keys).values()) == {0}  # no case row survived either

    code, out, err = run(capsys, "decisions", "import", str(source), "--data", str(DEMO_DATA_DIR))
    assert code == 0, err
    assert out.startswith(f"imported {len(rows)} decisions")
    events = store.events()
    mine = events[events["author"] == "import groot.csv"]
    assert len(mine) == len(rows)
    assert mine["case_key"].is_unique
    assert len(events) == len(before[1]) + len(rows)
    assert set(mine["case_key"]) == keys
    assert set(store.versions(keys).values()) == {1}
