"""`python -m geo import boundaries`: PDOK's OGC API (a local stand-in) and local files.

No test reaches the internet: PDOK is `PdokStub`, an `http.server` on 127.0.0.1
serving the reconstructed responses in tests/fixtures/pdok/ (see its README). The
file-based paths use the real CBS boundaries in ../shared/reference-data/GM1731:
without them these tests skip, unless REQUIRE_REFERENCE_DATA=1 (as `.ci/run` sets),
when they fail.

Every rejected input must: exit 1, print one line per problem naming the file, the
feature and the field, show no traceback, and leave the data directory byte for
byte as it was (and no staging directory behind).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import Polygon

from geo.cli import main
from geo.config import DEMO_DATA_DIR, PROJECT_ROOT
from geo.dataset import load_dataset
from geo.errors import DataValidationError
from geo.importers import boundaries

REFERENCE_DIR = PROJECT_ROOT.parent / "shared" / "reference-data" / "GM1731"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pdok"
CRS_URI = "http://www.opengis.net/def/crs/EPSG/0/28992"
GM = "GM1731"
BUURTEN, WIJKEN = 48, 17
HOMES_KEPT = 200


# -- running the command line ---------------------------------------------------------


@dataclass
class Run:
    rc: int | None  # None: an exception escaped main()
    out: str
    err: str

    def lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """`cli("import", "boundaries", ...)`: main() in-process, output captured. An
    exception escaping main() is what a user would see as a traceback: it is turned
    into rc None with the traceback in `err`, so assertions can say so."""

    def run(*argv: str | Path) -> Run:
        capsys.readouterr()
        try:
            rc: int | None = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse
            rc = int(exc.code or 0)
        except Exception:
            captured = capsys.readouterr()
            return Run(None, captured.out, captured.err + traceback.format_exc())
        captured = capsys.readouterr()
        return Run(rc, captured.out, captured.err)

    return run


def snapshot(directory: Path) -> dict[str, Any]:
    """Every file under `directory` with its bytes, plus the names beside it (a
    staging directory left behind would show there)."""
    files = (
        {
            str(p.relative_to(directory)): p.read_bytes()
            for p in sorted(directory.rglob("*"))
            if p.is_file()
        }
        if directory.exists()
        else None
    )
    return {"files": files, "siblings": sorted(p.name for p in directory.parent.iterdir())}


def assert_rejected(
    run: Run,
    before: dict[str, Any],
    data: Path,
    *,
    file: str | Path,
    where: str,
    field: str | None,
    says: str,
) -> None:
    """Exit 1, no traceback, data directory untouched, and a line naming file, place
    (feature or `file`), field and what is wrong."""
    assert run.rc == 1, f"exit {run.rc}\n{run.err}"
    assert "Traceback" not in run.err, run.err
    for line in run.lines():
        assert line.startswith("error: ") or line.startswith("  page "), line
    head = f"error: {file}, {where}" + (f", field '{field}'" if field else "") + ": "
    matching = [line for line in run.lines() if line.startswith(head)]
    assert matching, f"no line starting {head!r} in:\n{run.err}"
    assert any(says.lower() in line.lower() for line in matching), (
        f"no line {head!r} says {says!r}:\n{run.err}"
    )
    assert snapshot(data) == before, "the data directory changed"


def import_file(cli: Callable[..., Run], path: Path, data: Path, *extra: str) -> Run:
    return cli("import", "boundaries", "--gemeente", GM, "--from", path, "--data", data, *extra)


# -- reference data -------------------------------------------------------------------


def _reference_or_skip() -> Path:
    missing = [
        n for n in ("buurten.geojson", "wijken.geojson") if not (REFERENCE_DIR / n).is_file()
    ]
    if missing:
        reason = f"reference data missing: {', '.join(missing)} in {REFERENCE_DIR}"
        if os.environ.get("REQUIRE_REFERENCE_DATA") == "1":
            pytest.fail(f"{reason} (REQUIRE_REFERENCE_DATA=1)")
        pytest.skip(reason)
    return REFERENCE_DIR


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    return _reference_or_skip()


@pytest.fixture(scope="session")
def ref_buurten(reference_dir: Path) -> gpd.GeoDataFrame:
    """The 48 real buurten of GM1731 (do not change: `.copy()` first)."""
    return gpd.read_file(reference_dir / "buurten.geojson")


@pytest.fixture(scope="session")
def ref_wijken(reference_dir: Path) -> gpd.GeoDataFrame:
    return gpd.read_file(reference_dir / "wijken.geojson")


@pytest.fixture
def ref(ref_buurten: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return ref_buurten.copy()


def write(gdf: gpd.GeoDataFrame, path: Path, **kwargs: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    gdf.to_file(path, engine="pyogrio", **kwargs)
    return path


def same_geometry(data: Path, ref_buurten: gpd.GeoDataFrame, tolerance_m: float) -> None:
    """The imported buurten lie where the reference ones do, within `tolerance_m`."""
    got = gpd.read_file(data / "buurten.gpkg").set_index("buurtcode").geometry
    want = ref_buurten.set_index("buurtcode").geometry
    assert sorted(got.index) == sorted(want.index)
    worst = max(got[c].hausdorff_distance(want[c]) for c in want.index)
    assert worst <= tolerance_m, f"a buurt moved {worst:.3f} m"
    assert got.crs.to_epsg() == 28992


# -- data directories -----------------------------------------------------------------


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data with only its first homes: an existing directory with every
    kind of table, quick to validate."""
    target = tmp_path_factory.mktemp("small-demo") / "data"
    shutil.copytree(DEMO_DATA_DIR, target)
    for table in ("corporation_homes", "private_homes"):
        path = target / f"{table}.geojson"
        homes = gpd.read_file(path, rows=HOMES_KEPT)
        path.unlink()
        homes.to_file(path, driver="GeoJSON")
    return target


@pytest.fixture
def existing(small_demo: Path, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A writable existing data directory and its snapshot."""
    data = tmp_path / "work" / "data"
    shutil.copytree(small_demo, data)
    return data, snapshot(data)


# -- PDOK stand-in --------------------------------------------------------------------

ITEMS = re.compile(r"^/cbs/wijken-en-buurten-(\d{4})/ogc/v1/collections/(buurten|wijken)/items$")
KNOWN_PARAMS = {"f", "crs", "limit", "cursor", "gemeentecode", "bbox", "bbox-crs"}


@dataclass
class PdokStub:
    """Serves tests/fixtures/pdok/*.json like PDOK's OGC API Features would."""

    pages: dict[tuple[str, str], list[str]]  # (year, collection) -> page texts
    port: int = 0
    fail_first: int = 0  # answer this many requests with 503 first
    stall_s: float = 0.0  # wait this long before answering
    not_json: bool = False  # answer 200 with an HTML maintenance page
    requests: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.port}/cbs/wijken-en-buurten-{{year}}/ogc/v1"

    def queries(self) -> list[dict[str, list[str]]]:
        return [parse_qs(urlsplit(u).query) for u in self.requests]

    def respond(self, path_qs: str) -> tuple[int, dict[str, str], str]:
        self.requests.append(path_qs)
        if self.stall_s:
            self.stop.wait(self.stall_s)
        if self.fail_first > 0:
            self.fail_first -= 1
            return _problem(503, "Service Unavailable", "temporarily overloaded")
        if self.not_json:
            return 200, {"Content-Type": "text/html"}, "<html><body>Onderhoud</body></html>"
        url = urlsplit(path_qs)
        match = ITEMS.match(url.path)
        if not match or (match[1], match[2]) not in self.pages:
            return _problem(404, "Not Found", f"{url.path} does not exist")
        query = parse_qs(url.query)
        unknown = set(query) - KNOWN_PARAMS
        if unknown:
            return _problem(400, "Bad Request", f"unknown query parameter(s) {sorted(unknown)}")
        if query.get("f") != ["json"]:
            return _problem(400, "Bad Request", "this stand-in serves f=json only")
        if query.get("crs") != [CRS_URI]:
            return _problem(400, "Bad Request", f"expected crs={CRS_URI}")
        limit = query.get("limit", ["10"])[0]
        if not limit.isdigit() or not 1 <= int(limit) <= 1000:
            return _problem(400, "Bad Request", "limit must be 1..1000")
        if "gemeentecode" not in query:
            return _problem(400, "Bad Request", "this stand-in serves one municipality only")
        pages = self.pages[(match[1], match[2])]
        if query["gemeentecode"] != [GM]:
            return 200, _geojson_headers(), self._local(_empty_page(pages[0]))
        cursor = query.get("cursor", [None])[0]
        for text in pages:
            body = json.loads(text)
            self_link = next(link for link in body["links"] if link["rel"] == "self")
            if parse_qs(urlsplit(self_link["href"]).query).get("cursor", [None])[0] == cursor:
                return 200, _geojson_headers(), self._local(text)
        return _problem(400, "Bad Request", f"invalid cursor {cursor!r}")

    def _local(self, text: str) -> str:
        return text.replace("https://api.pdok.nl", f"http://127.0.0.1:{self.port}")


def _geojson_headers() -> dict[str, str]:
    return {"Content-Type": "application/geo+json", "Content-Crs": f"<{CRS_URI}>"}


def _problem(status: int, title: str, detail: str) -> tuple[int, dict[str, str], str]:
    body = {"detail": detail, "status": status, "timestamp": "2024-03-05T09:12:44Z"}
    body["title"] = title
    return status, {"Content-Type": "application/problem+json"}, json.dumps(body)


def _empty_page(first_page: str) -> str:
    body = json.loads(first_page)
    body["links"] = [link for link in body["links"] if link["rel"] in ("self", "alternate")]
    body["features"], body["numberReturned"] = [], 0
    return json.dumps(body)


def load_pages() -> dict[tuple[str, str], list[str]]:
    pages: dict[tuple[str, str], list[str]] = {}
    for path in sorted(FIXTURES.glob("*-page*.json")):
        collection, year, _ = path.stem.split("-")
        pages.setdefault((year, collection), []).append(path.read_text(encoding="utf-8"))
    return pages


@pytest.fixture
def pdok() -> Iterator[PdokStub]:
    stub = PdokStub(load_pages())

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, headers, body = stub.respond(self.path)
            data = body.encode("utf-8")
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the client gave up (time-out test)
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        block_on_close = False

        def handle_error(self, request: Any, client_address: Any) -> None:
            pass

    server = Server(("127.0.0.1", 0), Handler)
    stub.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        stub.stop.set()
        server.shutdown()
        server.server_close()


def import_pdok(
    cli: Callable[..., Run], pdok: PdokStub, data: Path, gemeente: str = GM, year: int = 2022
) -> Run:
    args = ("--gemeente", gemeente, "--year", str(year), "--data", data, "--api", pdok.api)
    return cli("import", "boundaries", *args)


def buurten_items(pdok: PdokStub, year: int = 2022) -> str:
    return pdok.api.format(year=year) + "/collections/buurten/items"


@pytest.fixture
def fast_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    """One retry and a short time-out, so that giving up takes well under a second
    (the defaults, 4 retries with back-off, would wait 7 s)."""
    defaults = boundaries.fetch_collection.__kwdefaults__
    assert defaults is not None
    monkeypatch.setitem(defaults, "retries", 1)
    monkeypatch.setitem(defaults, "timeout_s", 0.5)


# == PDOK ============================================================================


def test_pdok_import_pages_through_next_links(
    cli: Callable[..., Run], pdok: PdokStub, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    run = import_pdok(cli, pdok, data)
    assert run.rc == 0, run.err
    assert "48 buurten and 17 wijken (from the source)" in run.out
    assert "Midden-Drenthe (GM1731), 2022" in run.out
    # A progress line per page on stderr, nothing else.
    assert [line.strip() for line in run.lines()] == [
        "page 1: 20 features",
        "page 2: 40 features",
        "page 3: 48 features",
        "page 1: 17 features",
    ]
    # Three buurten pages by their cursors, then the single wijken page; every
    # request asks for RD New and filters on the municipality.
    paths = [urlsplit(u).path.rsplit("/", 2)[-2] for u in pdok.requests]
    assert paths == ["buurten", "buurten", "buurten", "wijken"]
    queries = pdok.queries()
    assert [q.get("cursor") is not None for q in queries] == [False, True, True, False]
    for query in queries:
        assert query["crs"] == [CRS_URI]
        assert query["gemeentecode"] == [GM]
        assert query["f"] == ["json"]

    dataset = load_dataset(data)
    buurten, wijken = dataset.tables["buurten"], dataset.tables["wijken"]
    assert len(buurten) == BUURTEN and buurten["buurtcode"].is_unique
    assert len(wijken) == WIJKEN
    names = dict(zip(wijken["wijkcode"], wijken["wijknaam"], strict=True))
    assert names["WK173100"] == "Wijk 00 Beilen"
    assert names["WK173116"] == "Wijk 16 De Broekstreek"
    assert set(buurten["wijkcode"]) == set(wijken["wijkcode"])
    assert buurten.crs.to_epsg() == 28992
    assert set(buurten.geom_type) <= {"Polygon", "MultiPolygon"}


def test_pdok_statistics_come_along_with_sentinels_missing(
    cli: Callable[..., Run], pdok: PdokStub, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    assert import_pdok(cli, pdok, data).rc == 0
    buurten = gpd.read_file(data / "buurten.gpkg").set_index("buurtcode")
    for column in ("aantal_inwoners", "woningvoorraad", "percentage_huurwoningen"):
        assert column in buurten.columns, column
        assert pd.api.types.is_numeric_dtype(buurten[column]), column
        assert (buurten[column].dropna() >= 0).all(), f"a sentinel survived in {column}"
    # -99997 (secret) and -99995 (not available) in the fixtures became missing.
    assert pd.isna(buurten.at["BU17311309", "aantal_inwoners"])
    assert pd.isna(buurten.at["BU17311309", "aantal_huishoudens"])
    assert pd.isna(buurten.at["BU17310901", "percentage_huurwoningen"])
    assert buurten["aantal_inwoners"].notna().sum() == BUURTEN - 1
    assert buurten.at["BU17310000", "aantal_inwoners"] > 0
    # Text columns of the API are not statistics.
    assert "water" not in buurten.columns


def test_pdok_import_then_info_and_manifest(
    cli: Callable[..., Run], pdok: PdokStub, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    assert import_pdok(cli, pdok, data).rc == 0
    run = cli("info", "--json", "--data", data)
    assert run.rc == 0 and run.err == ""
    layers = json.loads(run.out)["layers"]
    assert layers["buurten"]["count"] == BUURTEN
    assert layers["wijken"]["count"] == WIJKEN
    assert layers["buurten"]["crs"] == "EPSG:28992"
    minx, miny, maxx, maxy = layers["buurten"]["bbox"]
    assert 220_000 < minx < maxx < 246_000 and 528_000 < miny < maxy < 559_000

    manifest = load_dataset(data).manifest
    assert manifest.municipality_code == GM
    assert manifest.municipality_name == "Midden-Drenthe"
    assert manifest.boundary_year == 2022
    assert manifest.demo is False
    for table in ("buurten", "wijken"):
        source = manifest.tables[table].source
        assert "PDOK" in source and "2022" in source, source
        assert "CBS" in manifest.tables[table].licence


def test_pdok_retries_503_with_back_off(
    cli: Callable[..., Run], pdok: PdokStub, tmp_path: Path
) -> None:
    pdok.fail_first = 2
    data = tmp_path / "data"
    started = time.perf_counter()
    run = import_pdok(cli, pdok, data)
    elapsed = time.perf_counter() - started
    assert run.rc == 0, run.err
    assert len(pdok.requests) == 2 + 4  # two refused, then the four pages
    # urllib3 retries the first failure at once and waits backoff_factor * 2 = 1 s
    # before the second: the importer did back off rather than hammer the server.
    assert elapsed >= 0.9, f"no back-off: {elapsed:.2f} s"
    assert len(load_dataset(data).tables["buurten"]) == BUURTEN


@pytest.mark.usefixtures("fast_failures")
def test_pdok_keeps_failing_gives_one_line_and_changes_nothing(
    cli: Callable[..., Run], pdok: PdokStub, existing: tuple[Path, dict[str, Any]]
) -> None:
    data, before = existing
    pdok.fail_first = 100
    run = import_pdok(cli, pdok, data)
    assert_rejected(
        run,
        before,
        data,
        file=buurten_items(pdok),
        where="request",
        field=None,
        says="PDOK could not be reached",
    )
    assert len(pdok.requests) == 2  # the request and its one retry
    assert len(run.lines()) == 1


def test_pdok_unknown_year_is_a_404(
    cli: Callable[..., Run], pdok: PdokStub, existing: tuple[Path, dict[str, Any]]
) -> None:
    data, before = existing
    run = import_pdok(cli, pdok, data, GM, 2031)
    items = pdok.api.format(year=2031) + "/collections/buurten/items"
    assert run.rc == 1 and "Traceback" not in run.err
    assert len(run.lines()) == 1
    assert run.lines()[0].startswith(f"error: {items}?"), run.err
    assert "request: PDOK answered 404" in run.err
    assert snapshot(data) == before


@pytest.mark.usefixtures("fast_failures")
def test_pdok_time_out_is_retried_then_reported(
    cli: Callable[..., Run], pdok: PdokStub, existing: tuple[Path, dict[str, Any]]
) -> None:
    data, before = existing
    pdok.stall_s = 3.0
    started = time.perf_counter()
    run = import_pdok(cli, pdok, data)
    assert time.perf_counter() - started < 2.5
    assert_rejected(
        run,
        before,
        data,
        file=buurten_items(pdok),
        where="request",
        field=None,
        says="timed out",
    )
    assert len(pdok.requests) == 2  # timed out, retried once, timed out


def test_fetch_collection_honours_its_time_out(pdok: PdokStub) -> None:
    pdok.stall_s = 3.0
    url = pdok.api.format(year=2022) + "/collections/buurten/items"
    params = {"f": "json", "crs": CRS_URI, "gemeentecode": GM}
    started = time.perf_counter()
    with pytest.raises(DataValidationError) as caught:
        list(boundaries.fetch_collection(url, params, timeout_s=0.3, retries=0))
    assert time.perf_counter() - started < 1.5
    assert "could not be reached" in str(caught.value)


def test_pdok_answer_that_is_not_json(
    cli: Callable[..., Run], pdok: PdokStub, existing: tuple[Path, dict[str, Any]]
) -> None:
    data, before = existing
    pdok.not_json = True
    run = import_pdok(cli, pdok, data)
    assert run.rc == 1 and "Traceback" not in run.err
    assert len(run.lines()) == 1 and "response: PDOK's answer is not JSON" in run.err
    assert snapshot(data) == before


def test_pdok_municipality_without_buurten_is_rejected(
    cli: Callable[..., Run], pdok: PdokStub, existing: tuple[Path, dict[str, Any]]
) -> None:
    data, before = existing
    run = import_pdok(cli, pdok, data, "GM0106", 2022)
    assert run.rc == 1 and "Traceback" not in run.err, run.err
    assert pdok.queries()[0]["gemeentecode"] == ["GM0106"]
    assert snapshot(data) == before


def test_pdok_municipality_without_buurten_says_which(
    cli: Callable[..., Run], pdok: PdokStub, tmp_path: Path
) -> None:
    run = import_pdok(cli, pdok, tmp_path / "data", "GM0106", 2022)
    assert run.rc == 1
    errors = [line for line in run.lines() if line.startswith("error: ")]
    assert errors and all("GM0106" in line for line in errors), run.err
    assert not any("the file" in line for line in errors), run.err


def test_pdok_needs_a_year(cli: Callable[..., Run], pdok: PdokStub, tmp_path: Path) -> None:
    data = tmp_path / "data"
    run = cli("import", "boundaries", "--gemeente", GM, "--data", data, "--api", pdok.api)
    assert run.rc == 1 and "Traceback" not in run.err
    assert "--year, argument, field 'year'" in run.err
    assert pdok.requests == [] and not data.exists()


@pytest.mark.parametrize("source", ["pdok", "file"])
def test_reimport_into_existing_directory_keeps_other_tables(
    source: str,
    cli: Callable[..., Run],
    pdok: PdokStub,
    existing: tuple[Path, dict[str, Any]],
    tmp_path: Path,
) -> None:
    data, before = existing
    if source == "pdok":
        run = import_pdok(cli, pdok, data)
    else:
        reference = _reference_or_skip()
        run = import_file(cli, reference / "buurten.geojson", data)
    assert run.rc == 0, run.err
    after = snapshot(data)["files"]
    untouched = {
        name
        for name in before["files"]
        if not name.startswith(("buurten.", "wijken.", "manifest."))
    }
    assert untouched, "the demo copy should hold other tables"
    for name in untouched:
        assert after.get(name) == before["files"][name], f"{name} changed"
    # One file per table: the GeoJSON boundaries gave way to the GeoPackages.
    assert {"buurten.gpkg", "wijken.gpkg"} <= set(after)
    assert not {"buurten.geojson", "wijken.geojson"} & set(after)
    dataset = load_dataset(data)  # still valid as a whole
    assert len(dataset.tables["buurten"]) == BUURTEN
    assert len(dataset.tables["corporation_homes"]) == HOMES_KEPT
    assert dataset.manifest.tables["corporation_homes"].generated
    assert [p.name for p in data.parent.iterdir()] == ["data"]  # no staging left


def test_reimport_into_demo_directory_keeps_the_demo_mark(
    cli: Callable[..., Run], pdok: PdokStub, existing: tuple[Path, dict[str, Any]]
) -> None:
    """Real boundaries, fictitious homes: the DEMO mark must stay (DESIGN: nobody may
    take demo data for real data)."""
    data, _ = existing
    assert import_pdok(cli, pdok, data).rc == 0
    manifest = load_dataset(data).manifest
    assert not manifest.tables["buurten"].generated
    assert manifest.tables["corporation_homes"].generated
    assert manifest.demo is True


def test_boundaries_of_another_municipality_into_a_filled_directory_change_nothing(
    cli: Callable[..., Run], ref: gpd.GeoDataFrame, existing: tuple[Path, dict[str, Any]]
) -> None:
    """The demo's homes, areas and heat phasing point at GM1731's buurten: replacing
    them with another municipality's boundaries must fail as a whole."""
    data, _ = existing
    ref["buurtcode"] = ref["buurtcode"].str.replace("BU1731", "BU1730")
    ref["wijkcode"] = ref["wijkcode"].str.replace("WK1731", "WK1730")
    ref["gemeentecode"] = "GM1730"
    path = write(ref, data.parent / "buurten_gm1730.geojson")
    before = snapshot(data)
    run = cli("import", "boundaries", "--gemeente", "GM1730", "--from", path, "--data", data)
    assert run.rc == 1 and "Traceback" not in run.err, run.err
    assert "is not a buurt of this municipality" in run.err
    assert snapshot(data) == before


# == Local files: accepted ===========================================================


def test_reference_geojson_as_is(
    cli: Callable[..., Run], reference_dir: Path, ref_buurten: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    data = tmp_path / "new" / "data"  # parents are created
    run = import_file(cli, reference_dir / "buurten.geojson", data)
    assert run.rc == 0, run.err
    assert "48 buurten and 17 wijken (derived from the buurten)" in run.out
    assert run.err == ""
    same_geometry(data, ref_buurten, tolerance_m=0.0)
    dataset = load_dataset(data)
    wijken = dataset.tables["wijken"]
    assert list(wijken["wijknaam"]) == list(wijken["wijkcode"])  # no names in the file
    assert dataset.manifest.boundary_year == 2022  # from the file's `jaar`
    assert dataset.manifest.municipality_name == "Midden-Drenthe"
    assert "buurten.geojson" in dataset.manifest.tables["buurten"].source
    assert "dissolved" in dataset.manifest.tables["wijken"].source
    # The derived wijken cover what CBS's wijken cover.
    area = {c: g.area for c, g in zip(wijken["wijkcode"], wijken.geometry, strict=True)}
    assert sum(area.values()) == pytest.approx(346.439e6, rel=1e-3)


def test_geopackage_with_buurten_and_wijken_layers(
    cli: Callable[..., Run],
    ref: gpd.GeoDataFrame,
    ref_wijken: gpd.GeoDataFrame,
    tmp_path: Path,
) -> None:
    path = write(ref, tmp_path / "wijkbuurtkaart_2022.gpkg", layer="buurten")
    write(ref_wijken, path, layer="wijken")
    data = tmp_path / "data"
    run = import_file(cli, path, data)
    assert run.rc == 0, run.err
    assert "17 wijken (from the source)" in run.out
    dataset = load_dataset(data)
    wijken = dataset.tables["wijken"].set_index("wijkcode")
    assert wijken.at["WK173113", "wijknaam"] == "Wijk 13 Nieuweroord"
    # The layer's own outlines, not a dissolve of the buurten.
    want = ref_wijken.set_index("wijkcode").geometry
    for code in want.index:
        assert wijken.geometry[code].symmetric_difference(want[code]).area < 1.0, code
    assert "dissolved" not in dataset.manifest.tables["wijken"].source


def test_shapefile_with_truncated_field_names(
    cli: Callable[..., Run], ref: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    # The Shapefile driver cuts gemeentecode/gemeentenaam to 10 characters.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        path = write(ref, tmp_path / "shp" / "buurt_2022.shp")
    data = tmp_path / "data"
    run = import_file(cli, path, data)
    assert run.rc == 0, run.err
    buurten = load_dataset(data).tables["buurten"]
    assert len(buurten) == BUURTEN
    assert set(buurten["gemeentecode"]) == {GM}  # taken from the buurtcode
    assert buurten.crs.to_epsg() == 28992


@pytest.mark.parametrize("epsg", [4326, 3857])
def test_other_crs_is_reprojected(
    epsg: int,
    cli: Callable[..., Run],
    ref: gpd.GeoDataFrame,
    ref_buurten: gpd.GeoDataFrame,
    tmp_path: Path,
) -> None:
    path = write(ref.to_crs(epsg), tmp_path / f"buurten_{epsg}.geojson")
    if epsg == 4326:  # RFC 7946: no crs member at all, WGS84 implied
        body = json.loads(path.read_text(encoding="utf-8"))
        del body["crs"]
        path.write_text(json.dumps(body), encoding="utf-8")
    data = tmp_path / "data"
    run = import_file(cli, path, data)
    assert run.rc == 0, run.err
    same_geometry(data, ref_buurten, tolerance_m=1.0)


def test_statcode_statnaam_extract(
    cli: Callable[..., Run], ref: gpd.GeoDataFrame, ref_buurten: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    """The popular simplified CBS extracts (cartomap/nl and the like): statcode,
    statnaam, jrstatcode, rubriek; WGS84; no municipality columns, no year."""
    extract = ref.rename(columns={"buurtcode": "statcode", "buurtnaam": "statnaam"})
    extract = extract[["statcode", "statnaam", "geometry"]].copy()
    extract["jrstatcode"] = "2022" + extract["statcode"]
    extract["rubriek"] = "buurt"
    path = write(extract.to_crs(4326), tmp_path / "buurt_2022.geojson")
    data = tmp_path / "data"
    run = import_file(cli, path, data, "--year", "2022")
    assert run.rc == 0, run.err
    buurten = load_dataset(data).tables["buurten"].set_index("buurtcode")
    assert buurten.at["BU17310000", "buurtnaam"] == "Beilen"
    assert buurten.at["BU17311609", "wijkcode"] == "WK173116"
    assert set(buurten["gemeentecode"]) == {GM}
    same_geometry(data, ref_buurten, tolerance_m=1.0)


def test_statcode_extract_needs_a_year(
    cli: Callable[..., Run], ref: gpd.GeoDataFrame, existing: tuple[Path, dict[str, Any]]
) -> None:
    data, before = existing
    extract = ref.rename(columns={"buurtcode": "statcode", "buurtnaam": "statnaam"})
    path = write(extract.drop(columns=["jaar"]), data.parent / "in" / "statcode.geojson")
    before = snapshot(data)
    run = import_file(cli, path, data)
    assert_rejected(run, before, data, file=path, where="file", field="jaar", says="--year")


@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
def test_upper_case_cbs_field_names(
    fmt: str, cli: Callable[..., Run], ref: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    upper = ref.rename(
        columns={
            "buurtcode": "BU_CODE",
            "buurtnaam": "BU_NAAM",
            "wijkcode": "WK_CODE",
            "gemeentecode": "GM_CODE",
            "gemeentenaam": "GM_NAAM",
            "jaar": "JAAR",
        }
    )
    upper["AANT_INW"] = 1000
    upper.loc[5, "AANT_INW"] = -99997
    path = write(upper, tmp_path / f"buurt_2022.{fmt}")
    data = tmp_path / "data"
    run = import_file(cli, path, data)
    assert run.rc == 0, run.err
    dataset = load_dataset(data)
    buurten = dataset.tables["buurten"]
    assert len(buurten) == BUURTEN
    assert buurten.set_index("buurtcode").at["BU17310002", "buurtnaam"] == "Holthe"
    assert dataset.manifest.municipality_name == "Midden-Drenthe"
    stats = gpd.read_file(data / "buurten.gpkg")["aant_inw"]
    assert stats.isna().sum() == 1 and (stats.dropna() == 1000).all()


def test_other_municipality_in_the_file_is_left_out(
    cli: Callable[..., Run], ref: gpd.GeoDataFrame, ref_buurten: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    # A fake neighbour: ten buurten recoded to GM1730 and moved 30 km east.
    other = ref.iloc[:10].copy()
    other["buurtcode"] = other["buurtcode"].str.replace("BU1731", "BU1730")
    other["wijkcode"] = other["wijkcode"].str.replace("WK1731", "WK1730")
    other["gemeentecode"], other["gemeentenaam"] = "GM1730", "Buurgemeente"
    other["geometry"] = other.translate(30_000, 10_000)
    mixed = gpd.GeoDataFrame(
        pd.concat([other.iloc[:5], ref, other.iloc[5:]], ignore_index=True), crs=ref.crs
    )
    path = write(mixed, tmp_path / "buurten_twee_gemeenten.gpkg", layer="buurten")
    data = tmp_path / "data"
    run = import_file(cli, path, data)
    assert run.rc == 0, run.err
    assert "left out 10 buurten of other municipalities" in run.out
    buurten = load_dataset(data).tables["buurten"]
    assert set(buurten["gemeentecode"]) == {GM}
    same_geometry(data, ref_buurten, tolerance_m=0.0)
    # ... and the other one can be imported from the same file.
    run = cli(
        "import", "boundaries", "--gemeente", "GM1730", "--from", path, "--data", tmp_path / "other"
    )
    assert run.rc == 0, run.err
    assert "left out 48 buurten" in run.out


def test_statistics_from_a_file_with_sentinels(
    cli: Callable[..., Run], ref: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    ref["aantal_inwoners"] = [100 + i for i in range(len(ref))]
    ref.loc[4, "aantal_inwoners"] = -99997
    ref["percentage_huurwoningen"] = 30.5
    ref.loc[6, "percentage_huurwoningen"] = -99995.0
    ref["water"] = "NEE"
    path = write(ref, tmp_path / "buurten.geojson")
    data = tmp_path / "data"
    run = import_file(cli, path, data)
    assert run.rc == 0, run.err
    assert "CBS statistics: aantal_inwoners, percentage_huurwoningen" in run.out
    buurten = gpd.read_file(data / "buurten.gpkg")
    assert buurten["aantal_inwoners"].isna().tolist() == [i == 4 for i in range(BUURTEN)]
    assert buurten["percentage_huurwoningen"].isna().tolist() == [i == 6 for i in range(BUURTEN)]


def test_identifier_columns_are_not_statistics(
    cli: Callable[..., Run], ref: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    extract = ref.rename(columns={"buurtcode": "statcode", "buurtnaam": "statnaam"})
    extract = extract[["statcode", "statnaam", "jaar", "geometry"]].copy()
    extract["id"] = range(1, len(extract) + 1)
    extract["OBJECTID"] = range(1, len(extract) + 1)
    path = write(extract, tmp_path / "buurt_2022.geojson")
    data = tmp_path / "data"
    run = import_file(cli, path, data)
    assert run.rc == 0, run.err
    assert "CBS statistics" not in run.out
    assert not {"id", "objectid"} & set(load_dataset(data).tables["buurten"].columns)


def test_repairable_invalid_polygon_is_repaired_and_counted(
    cli: Callable[..., Run], ref: gpd.GeoDataFrame, ref_buurten: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    # A zero-width spike out of a vertex and back: invalid (ring self-intersection),
    # and make_valid gives the very same buurt.
    original = ref.geometry[1]
    ring = list(original.exterior.coords)
    spiked = Polygon([*ring[:2], (ring[1][0] + 50, ring[1][1] + 50), *ring[1:]])
    assert not spiked.is_valid and spiked.area == pytest.approx(original.area)
    ref.loc[1, "geometry"] = spiked
    path = write(ref, tmp_path / "buurten_spike.geojson")
    data = tmp_path / "data"
    run = import_file(cli, path, data)
    assert run.rc == 0, run.err
    assert "repaired 1 invalid polygons" in run.out
    got = gpd.read_file(data / "buurten.gpkg").set_index("buurtcode").geometry
    code = ref_buurten.at[1, "buurtcode"]
    assert got[code].is_valid
    assert got[code].symmetric_difference(original).area < 1.0
    assert bool(shapely.is_valid(got.to_numpy()).all())


# == Local files: rejected ============================================================


def _not_geo(tmp: Path, ref: gpd.GeoDataFrame) -> tuple[Path, list[str]]:
    path = tmp / "buurten.txt"
    path.write_text("Buurten van Midden-Drenthe, zie bijlage.\n", encoding="utf-8")
    return path, []


def _binary(tmp: Path, ref: gpd.GeoDataFrame) -> tuple[Path, list[str]]:
    path = tmp / "buurten.geojson"
    path.write_bytes(bytes(range(256)) * 8)
    return path, []


def _truncated(tmp: Path, ref: gpd.GeoDataFrame) -> tuple[Path, list[str]]:
    text = (REFERENCE_DIR / "buurten.geojson").read_bytes()
    path = tmp / "buurten.geojson"
    path.write_bytes(text[: len(text) // 3])
    return path, []


def _truncated_gpkg(tmp: Path, ref: gpd.GeoDataFrame) -> tuple[Path, list[str]]:
    whole = write(ref, tmp / "whole.gpkg")
    path = tmp / "buurten.gpkg"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])  # a stopped download
    return path, []


def _zero_bytes(tmp: Path, ref: gpd.GeoDataFrame) -> tuple[Path, list[str]]:
    path = tmp / "buurten.geojson"
    path.write_bytes(b"")
    return path, []


def _empty_collection(tmp: Path, ref: gpd.GeoDataFrame) -> tuple[Path, list[str]]:
    path = tmp / "buurten.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    return path, ["--year", "2022"]


def _points(tmp: Path, ref: gpd.GeoDataFrame) -> tuple[Path, list[str]]:
    ref["geometry"] = ref.representative_point()
    return write(ref, tmp / "buurten_punten.gpkg"), []


def _rd_labelled_wgs84(tmp: Path, ref: gpd.GeoDataFrame) -> tuple[Path, list[str]]:
    path = write(ref, tmp / "buurten.geojson")
    body = json.loads(path.read_text(encoding="utf-8"))
    del body["crs"]  # RFC 7946 then says WGS84 degrees; the numbers are RD metres
    path.write_text(json.dumps(body), encoding="utf-8")
    return path, []


def _swapped(tmp: Path, ref: gpd.GeoDataFrame) -> tuple[Path, list[str]]:
    ref["geometry"] = shapely.transform(ref.geometry.to_numpy(), lambda xy: xy[:, ::-1])
    return write(ref, tmp / "buurten.geojson"), []


def _swapped_degrees(tmp: Path, ref: gpd.GeoDataFrame) -> tuple[Path, list[str]]:
    wgs = ref.to_crs(4326)
    wgs["geometry"] = shapely.transform(wgs.geometry.to_numpy(), lambda xy: xy[:, ::-1])
    return write(wgs, tmp / "buurten.geojson"), []


def _bow_tie(tmp: Path, ref: gpd.GeoDataFrame) -> tuple[Path, list[str]]:
    minx, miny, maxx, maxy = ref.geometry[5].bounds
    ref.loc[5, "geometry"] = Polygon([(minx, miny), (maxx, maxy), (maxx, miny), (minx, maxy)])
    return write(ref, tmp / "buurten.geojson"), []


def _duplicate(tmp: Path, ref: gpd.GeoDataFrame) -> tuple[Path, list[str]]:
    ref.loc[7, "buurtcode"] = ref.loc[2, "buurtcode"]
    return write(ref, tmp / "buurten.geojson"), []


def _no_code_columns(tmp: Path, ref: gpd.GeoDataFrame) -> tuple[Path, list[str]]:
    return write(ref.drop(columns=["buurtcode", "wijkcode"]), tmp / "buurten.geojson"), []


def _no_name_column(tmp: Path, ref: gpd.GeoDataFrame) -> tuple[Path, list[str]]:
    return write(ref.drop(columns=["buurtnaam"]), tmp / "buurten.geojson"), []


def _malformed_code(tmp: Path, ref: gpd.GeoDataFrame) -> tuple[Path, list[str]]:
    ref.loc[9, "buurtcode"] = "BU173101"
    return write(ref, tmp / "buurten.geojson"), []


def _other_municipality(tmp: Path, ref: gpd.GeoDataFrame) -> tuple[Path, list[str]]:
    return write(ref, tmp / "buurten.geojson"), ["--gemeente", "GM0014"]


def _no_crs(tmp: Path, ref: gpd.GeoDataFrame) -> tuple[Path, list[str]]:
    path = write(ref[["buurtcode", "buurtnaam", "jaar", "geometry"]], tmp / "buurten.shp")
    path.with_suffix(".prj").unlink()
    return path, []


def _missing(tmp: Path, ref: gpd.GeoDataFrame) -> tuple[Path, list[str]]:
    return tmp / "bestaat_niet.gpkg", []


# name: (make the file, where, field, what the line says)
REJECTED: dict[str, tuple[Callable[..., tuple[Path, list[str]]], str, str | None, str]] = {
    "not-a-geo-file": (_not_geo, "file", None, "in no format this program reads"),
    "binary-garbage": (_binary, "file", None, "in no format this program reads"),
    "truncated-geojson": (_truncated, "file", None, "damaged or incomplete"),
    "truncated-geopackage": (_truncated_gpkg, "file", None, "damaged or incomplete"),
    "zero-byte-file": (_zero_bytes, "file", None, "the file is empty"),
    "empty-featurecollection": (_empty_collection, "file", None, "no features"),
    "points-not-polygons": (_points, "feature 1", "geometry", "is a Point"),
    "rd-metres-labelled-wgs84": (_rd_labelled_wgs84, "file", "geometry", "metres"),
    "swapped-x-y": (_swapped, "feature 1", "geometry", "x and y look swapped"),
    "swapped-lat-lon": (_swapped_degrees, "feature 1", "geometry", "outside the Netherlands"),
    "bow-tie": (_bow_tie, "feature 6", "geometry", "cannot be repaired"),
    "duplicate-buurtcode": (_duplicate, "feature 3, feature 8", "buurtcode", "more than once"),
    "no-code-column": (_no_code_columns, "file", "buurtcode", "missing column"),
    "no-name-column": (_no_name_column, "file", "buurtnaam", "missing column"),
    "malformed-code": (_malformed_code, "feature 10", "buurtcode", "not a CBS buurt code"),
    "municipality-not-in-file": (_other_municipality, "file", "gemeentecode", "GM1731"),
    "no-crs": (_no_crs, "file", None, "no coordinate reference system"),
    "file-not-found": (_missing, "file", None, "file not found"),
}


# These make their file without the reference data.
WITHOUT_REFERENCE = {
    "not-a-geo-file",
    "binary-garbage",
    "zero-byte-file",
    "empty-featurecollection",
    "file-not-found",
}


@pytest.mark.parametrize("case", list(REJECTED))
def test_rejected_file(
    case: str,
    cli: Callable[..., Run],
    request: pytest.FixtureRequest,
    existing: tuple[Path, dict[str, Any]],
) -> None:
    data, _ = existing
    make, where, field, says = REJECTED[case]
    ref = None if case in WITHOUT_REFERENCE else request.getfixturevalue("ref")
    path, extra = make(data.parent, ref)
    before = snapshot(data)  # taken now: the input file sits beside the data directory
    run = import_file(cli, path, data, *extra)
    if "--gemeente" in extra:  # the last --gemeente wins
        assert "no buurt of GM0014 in the file" in run.err
    assert_rejected(run, before, data, file=path, where=where, field=field, says=says)


def test_rejected_file_creates_no_data_directory(
    cli: Callable[..., Run], ref: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    path, _ = _bow_tie(tmp_path, ref)
    data = tmp_path / "new"
    run = import_file(cli, path, data)
    assert run.rc == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["buurten.geojson"]


def test_every_problem_of_a_file_at_once(
    cli: Callable[..., Run], ref: gpd.GeoDataFrame, existing: tuple[Path, dict[str, Any]]
) -> None:
    data, _ = existing
    _bow_tie(data.parent, ref)
    path, _ = _duplicate(data.parent, ref)  # bow-tie at feature 6, duplicate at 3 and 8
    before = snapshot(data)
    run = import_file(cli, path, data)
    assert_rejected(
        run, before, data, file=path, where="feature 6", field="geometry", says="cannot be repaired"
    )
    assert_rejected(
        run,
        before,
        data,
        file=path,
        where="feature 3, feature 8",
        field="buurtcode",
        says="more than once",
    )
    assert len(run.lines()) == 2


def test_bad_gemeente_argument(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli(
        "import",
        "boundaries",
        "--gemeente",
        "1731",
        "--from",
        tmp_path / "x.gpkg",
        "--data",
        tmp_path / "data",
    )
    assert run.rc == 1 and "Traceback" not in run.err
    assert "--gemeente, argument, field 'gemeente': '1731': use GM and 4 digits" in run.err


def test_geopackage_with_incomplete_wijken_layer_changes_nothing(
    cli: Callable[..., Run],
    ref: gpd.GeoDataFrame,
    ref_wijken: gpd.GeoDataFrame,
    existing: tuple[Path, dict[str, Any]],
) -> None:
    """Buurten of wijk WK173100, whose wijk is missing from the wijken layer, are
    refused before anything is staged, and nothing changes."""
    data, _ = existing
    path = write(ref, data.parent / "kaart.gpkg", layer="buurten")
    write(ref_wijken.iloc[1:], path, layer="wijken")
    before = snapshot(data)
    run = import_file(cli, path, data)
    assert run.rc == 1 and "Traceback" not in run.err, run.err
    assert "the buurten lie in wijken the file does not have: WK173100" in run.err
    assert snapshot(data) == before


def test_geopackage_with_incomplete_wijken_layer_names_the_input(
    cli: Callable[..., Run],
    ref: gpd.GeoDataFrame,
    ref_wijken: gpd.GeoDataFrame,
    tmp_path: Path,
) -> None:
    path = write(ref, tmp_path / "kaart.gpkg", layer="buurten")
    write(ref_wijken.iloc[1:], path, layer="wijken")
    run = import_file(cli, path, tmp_path / "data")
    assert run.rc == 1
    assert "-import-" not in run.err
    assert all(line.startswith(f"error: {path}") for line in run.lines()), run.err


def test_csv_without_geometry_is_rejected(
    cli: Callable[..., Run], existing: tuple[Path, dict[str, Any]]
) -> None:
    data, _ = existing
    path = data.parent / "buurten.csv"
    path.write_text("buurtcode;buurtnaam\nBU17310000;Beilen\n", encoding="utf-8")
    before = snapshot(data)
    run = import_file(cli, path, data, "--year", "2022")
    assert_rejected(run, before, data, file=path, where="file", field=None, says="geometry")


def test_empty_file_without_year_says_it_is_empty(
    cli: Callable[..., Run], ref: gpd.GeoDataFrame, existing: tuple[Path, dict[str, Any]]
) -> None:
    data, _ = existing
    path, _ = _empty_collection(data.parent, ref)
    before = snapshot(data)
    run = import_file(cli, path, data)
    assert_rejected(run, before, data, file=path, where="file", field=None, says="no features")


WIJKCODE_AS_BUURTCODE = (
    "BUG: ALIASES['code'] lists wijkcode/wk_code before statcode, so a buurten file "
    "with a wijkcode column and no buurtcode column has its wijkcode taken for the buurt "
    "code: 'no buurt of GM1731 in the file (no BU codes at all)'"
)


def test_missing_buurtcode_column_is_named(
    cli: Callable[..., Run], ref: gpd.GeoDataFrame, existing: tuple[Path, dict[str, Any]]
) -> None:
    data, _ = existing
    path = write(ref.drop(columns=["buurtcode"]), data.parent / "buurten.geojson")
    before = snapshot(data)
    run = import_file(cli, path, data)
    assert_rejected(
        run, before, data, file=path, where="file", field="buurtcode", says="missing column"
    )


def test_statcode_file_with_a_wijkcode_column(
    cli: Callable[..., Run], ref: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    extract = ref.rename(columns={"buurtcode": "statcode", "buurtnaam": "statnaam"})
    path = write(extract, tmp_path / "buurten.geojson")
    run = import_file(cli, path, tmp_path / "data")
    assert run.rc == 0, run.err
    assert len(load_dataset(tmp_path / "data").tables["buurten"]) == BUURTEN


def test_buurtcode_of_another_municipality_is_rejected(
    cli: Callable[..., Run], ref: gpd.GeoDataFrame, tmp_path: Path
) -> None:
    # A new directory: in a filled one the homes of BU17310003 would fail the import
    # for another reason.
    data = tmp_path / "data"
    ref.loc[3, "buurtcode"] = "BU00140003"
    path = write(ref, tmp_path / "buurten.geojson")
    before = snapshot(data)
    run = import_file(cli, path, data)
    assert_rejected(
        run, before, data, file=path, where="feature 4", field="buurtcode", says="GM1731"
    )


# == The fixtures themselves ==========================================================


def test_pdok_fixtures_have_the_documented_structure() -> None:
    pages = load_pages()
    assert sorted(pages) == [("2022", "buurten"), ("2022", "wijken")]
    assert [len(p) for p in (pages[("2022", "buurten")], pages[("2022", "wijken")])] == [3, 1]
    total = 0
    for (_, collection), texts in pages.items():
        for number, text in enumerate(texts, start=1):
            body = json.loads(text)
            assert set(body) == {"type", "timeStamp", "links", "numberReturned", "features"}
            assert body["type"] == "FeatureCollection"
            assert body["numberReturned"] == len(body["features"])
            rels = [link["rel"] for link in body["links"]]
            assert rels[:3] == ["self", "alternate", "alternate"]
            assert ("next" in rels) == (number < len(texts))
            assert ("prev" in rels) == (number > 1)
            for link in body["links"]:
                query = parse_qs(urlsplit(link["href"]).query)
                assert query["crs"] == [CRS_URI] and query["gemeentecode"] == [GM]
            for feature in body["features"]:
                assert isinstance(feature["id"], int)
                assert feature["geometry"]["type"] == "MultiPolygon"
                assert feature["properties"]["gemeentecode"] == GM
            if collection == "buurten":
                total += len(body["features"])
    assert total == BUURTEN
    assert sum(p.stat().st_size for p in FIXTURES.glob("*.json")) < 100_000


def test_pdok_fixtures_regenerate_identically(reference_dir: Path) -> None:
    spec = importlib.util.spec_from_file_location("pdok_generate", FIXTURES / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generated = module.pages(reference_dir)
    committed = {p.name: p.read_text(encoding="utf-8") for p in FIXTURES.glob("*-page*.json")}
    assert generated == committed
