"""`python -m benchmarks.meeliften`: meeliften (geo.meeliften) measured.

(a) demo, warm: analyse() on the embedded demo, the median of `--demo-runs` runs after
    one unmeasured run (the app keeps the dataset loaded); target 100 ms. Against the
    naive loop of (b) over every demo project, in the same process.
(b) province: synthetic (fixed seed) 1,000,000 private and 50,000 corporation homes
    over 80 x 65 km (about Noord-Brabant): villages and towns of lognormal size,
    streets, buurten and wijken, labels in EP-Online's proportions with a third
    unlabelled, dwelling types and build years; corporation homes in complexes of
    about 8, measures in 2022-2030, about 2,500 projects in the window 2024-2027.
    ours  = analyse() (candidates and every aggregate) on the frames in memory, in a
            fresh child process: seconds, and the peak resident memory of the process
            (data included); targets 10 s and 2 GB (2,048 MiB);
    naive = the straightforward loop: per project, the union of its homes' buffers
            (radius), `within` over all private homes, plus the project's streets,
            label and similarity filters, nearest project kept; timed on a sample of
            projects and extrapolated linearly to all of them (printed as such).
    Also: partitioned (geo/meeliften_tiles.py, 10 km tiles) against
    unpartitioned candidates() on the same province, which must be equal.
(c) the country: 12 such provinces (8,000,000 private and 400,000 corporation homes:
    the province's mix, scaled), written one GeoParquet file per 10 km tile. The
    national path (geo/meeliften_tiles.py) reads the window's project homes
    once and indexes their halos per tile, then reads whole tiles until it has 250,000
    homes and calls candidates() on them with the project homes those tiles can reach.
    Seconds (reading included) and peak memory at 2, 4 and 8 million homes, against
    candidates() on all of them read into memory at once. Then the path `python -m geo
    meeliften` takes for a data directory with a large private_homes.gpkg: the same 8
    million homes in one GeoPackage, read tile by tile through its spatial index,
    checked against the table's schema and aggregated (analyse_in_tiles).

Each figure comes from its own child process, so its peak memory (VmHWM) is its own.
Results go to benchmarks/results/meeliften.json; the exit code is 0 even when a target
is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.child import run_child

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
TARGET_DEMO_MS = 100.0
TARGET_S = 10.0
TARGET_MB = 2048.0
YEARS = (2024, 2027)
SEED = 20240611
PROVINCE_W, PROVINCE_H = 80_000.0, 65_000.0
HOMES_PER_COMPLEX = 12
BATCH_HOMES = 250_000  # the national path reads whole tiles until it has this many homes

# -- synthetic data -------------------------------------------------------------------

LABELS = np.array(
    ["A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G", None], dtype=object
)
LABEL_SHARES = np.array([0.2, 0.5, 1, 3, 10, 8, 12, 12, 8, 6, 6, 33.3])
PRIVATE_TYPES = np.array(
    ["rijwoning", "tussenwoning", "hoekwoning", "twee-onder-een-kap", "vrijstaand",
     "appartement", "bovenwoning", "bungalow"]
)  # fmt: skip
PRIVATE_TYPE_SHARES = np.array([25, 8, 8, 18, 16, 18, 4, 3])
CORPORATION_TYPES = np.array(["eengezinswoning", "appartement", "seniorenwoning", "portiekflat"])
MEASURES = np.array(
    ["verduurzaming", "renovatie", "sloop", "nieuwbouw", "verkoop", None], dtype=object
)
MEASURE_SHARES = np.array([0.52, 0.13, 0.03, 0.03, 0.04, 0.25])
STREET_NAMES = np.array(
    [f"{a}{b}" for a in ("Kerk", "Dorps", "School", "Molen", "Beuken", "Eiken", "Linden",
                          "Berken", "Wilgen", "Esdoorn", "Merel", "Lijster", "Zwaluw",
                          "Reiger", "Heide", "Vlier", "Klaver", "Boterbloem", "Brem", "Eik")
     for b in ("straat", "weg", "laan", "hof", "erf", "kamp", "dreef", "pad", "plein", "singel")]
)  # fmt: skip


def _rd(gemeente: np.ndarray, wijk: np.ndarray, buurt: np.ndarray) -> np.ndarray:
    """CBS buurtcodes: BU + gemeente (4) + wijk (2) + buurt (2)."""
    parts = [np.char.zfill(v.astype(str), n) for v, n in ((gemeente, 4), (wijk, 2), (buurt, 2))]
    return np.char.add(np.char.add(np.char.add("BU", parts[0]), parts[1]), parts[2])


def province(
    n_private: int,
    n_corporation: int,
    seed: int,
    *,
    x0: float = 120_000.0,
    y0: float = 380_000.0,
    gemeente0: int = 100,
    prefix: str = "",
) -> tuple[Any, Any]:
    """(private homes, corporation homes) as GeoDataFrames in EPSG:28992 with the demo's
    columns: villages and towns of lognormal size, each a wijk of a gemeente, its buurten
    700 m squares, its streets 220 x 90 m blocks named from 200 names (so names repeat
    between villages, as Kerkstraat does)."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    rng = np.random.default_rng(seed)
    villages = max(10, n_private // 3300)
    size = rng.lognormal(0, 1.1, villages)
    size /= size.sum()
    cx = x0 + rng.uniform(0, PROVINCE_W, villages)
    cy = y0 + rng.uniform(0, PROVINCE_H, villages)
    sigma = 10.0 * np.sqrt(size * n_private) + 150.0  # a town of 10,000: 1.1 km
    gemeente = gemeente0 + rng.integers(0, max(1, villages // 8), villages)
    wijk = np.arange(villages) % 100

    def place(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        v = rng.choice(villages, n, p=size)
        x = np.round(cx[v] + rng.normal(0, 1, n) * sigma[v], 1)
        y = np.round(cy[v] + rng.normal(0, 1, n) * sigma[v], 1)
        return v, x, y

    def buurtcode(v: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        bx = np.floor((x - cx[v]) / 700).astype(np.int64)
        by = np.floor((y - cy[v]) / 700).astype(np.int64)
        return _rd(gemeente[v], wijk[v], (bx * 7 + by) % 100)

    def street(v: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        sx = np.floor(x / 220).astype(np.int64)
        sy = np.floor(y / 90).astype(np.int64)
        return STREET_NAMES[(sx * 73856093 ^ sy * 19349663 ^ v * 83492791) % len(STREET_NAMES)]

    v, x, y = place(n_private)
    private = gpd.GeoDataFrame(
        {
            "home_id": np.char.add(f"{prefix}PH", np.arange(n_private).astype(str)),
            "straat": street(v, x, y),
            "huisnummer": rng.integers(1, 200, n_private),
            "bouwjaar": rng.integers(1900, 2024, n_private),
            "woningtype": PRIVATE_TYPES[
                rng.choice(len(PRIVATE_TYPES), n_private, p=PRIVATE_TYPE_SHARES / 100)
            ],
            "energielabel": LABELS[
                rng.choice(len(LABELS), n_private, p=LABEL_SHARES / LABEL_SHARES.sum())
            ],
            "buurtcode": buurtcode(v, x, y),
        },
        geometry=shapely.points(x, y),
        crs="EPSG:28992",
    )
    complexes = max(1, n_corporation // HOMES_PER_COMPLEX)
    cv, ccx, ccy = place(complexes)
    of = rng.integers(0, complexes, n_corporation)
    hx = np.round(ccx[of] + rng.normal(0, 40, n_corporation), 1)
    hy = np.round(ccy[of] + rng.normal(0, 40, n_corporation), 1)
    measure = MEASURES[rng.choice(len(MEASURES), complexes, p=MEASURE_SHARES)][of]
    year = rng.integers(2022, 2030, complexes)[of] + (rng.random(n_corporation) < 0.3)
    corporation = gpd.GeoDataFrame(
        {
            "home_id": np.char.add(f"{prefix}CH", np.arange(n_corporation).astype(str)),
            "corporation": np.array(["Woonservice", "Actium", "Lefier"])[of % 3],
            "complex_id": np.char.add(f"{prefix}CX", of.astype(str)),
            "straat": street(cv[of], hx, hy),
            "huisnummer": rng.integers(1, 200, n_corporation),
            "bouwjaar": rng.integers(1950, 2021, complexes)[of],
            "woningtype": CORPORATION_TYPES[rng.integers(0, 4, complexes)][of],
            "energielabel": LABELS[
                rng.choice(len(LABELS), n_corporation, p=LABEL_SHARES / LABEL_SHARES.sum())
            ],
            "buurtcode": buurtcode(cv[of], hx, hy),
            "measure": measure,
            "measure_year": pd.Series(year, dtype="Int64").where(~pd.isna(measure)),
        },
        geometry=shapely.points(hx, hy),
        crs="EPSG:28992",
    )
    return private, corporation


def buurten_of(private: Any) -> Any:
    import pandas as pd

    codes = pd.Series(private["buurtcode"].unique(), dtype=object)
    return pd.DataFrame({"buurtcode": codes, "buurtnaam": "Buurt " + codes.str.slice(2)})


# -- measuring in a child process -------------------------------------------------------


def _status(field: str) -> float:
    """VmHWM / VmRSS of this process in MiB (VmHWM: its own peak; ru_maxrss would keep
    the forking parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> None:
    """From here on VmHWM counts from the current size (Linux clear_refs 5)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _params(year_from: int = YEARS[0], year_to: int = YEARS[1]) -> Any:
    from geo.meeliften import Parameters

    return Parameters(year_from=year_from, year_to=year_to)


def _read(paths: list[Path]) -> Any:
    import geopandas as gpd
    import pandas as pd

    frames = [gpd.read_parquet(p) for p in paths]
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def _child_demo(runs: int) -> dict[str, Any]:
    from geo.config import DEMO_DATA_DIR, load_settings
    from geo.dataset import load_dataset
    from geo.meeliften import Parameters, analyse, candidates, for_viewers

    dataset = load_dataset(DEMO_DATA_DIR)
    years = load_settings().years
    params = Parameters(year_from=years.first, year_to=years.last)
    args = (dataset.table("private_homes"), dataset.corporation_homes)
    first = time.perf_counter()
    result = analyse(*args, dataset.buurten, params)
    first_ms = (time.perf_counter() - first) * 1000
    timings, candidate_ms, viewer_ms = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        analyse(*args, dataset.buurten, params)
        timings.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        candidates(*args, params)
        candidate_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        for_viewers(result)
        viewer_ms.append((time.perf_counter() - started) * 1000)
    # The naive loop over every project of the demo (candidates only, no aggregates:
    # the comparison flatters it), measured in this same process.
    projects = sorted(set(result.projects["project_id"]))
    naive_ms = []
    for _ in range(3):
        started = time.perf_counter()
        _naive_loop(*args, params, projects)
        naive_ms.append((time.perf_counter() - started) * 1000)
    return {
        "first_ms": first_ms,
        "naive_ms": naive_ms,
        "analyse_ms": timings,
        "candidates_ms": candidate_ms,
        "for_viewers_ms": viewer_ms,
        "private_homes": len(args[0]),
        "corporation_homes": len(args[1]),
        "candidates": result.total,
        "projects": len(result.projects),
    }


def _child_ours(directory: Path) -> dict[str, Any]:
    from geo.meeliften import analyse

    started = time.perf_counter()
    private, corporation = (
        _read([directory / "private.parquet"]),
        _read([directory / "corporation.parquet"]),
    )
    buurten = buurten_of(private)
    load_s = time.perf_counter() - started
    rss_loaded = _status("VmRSS")
    _reset_peak()
    started, cpu = time.perf_counter(), time.process_time()
    result = analyse(private, corporation, buurten, _params())
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "load_seconds": load_s,
        "rss_loaded_mb": rss_loaded,
        "peak_mb": _status("VmHWM"),
        "private_homes": len(private),
        "corporation_homes": len(corporation),
        "candidates": result.total,
        "projects": len(result.projects),
        "streets": len(result.streets),
        "buurten": len(result.buurten),
    }


def _naive_loop(private: Any, corporation: Any, params: Any, projects: list[str]) -> dict:
    """The straightforward way, per project: buffer, union, within over everything."""
    import shapely

    from geo.meeliften import eligible_homes, project_homes

    homes = project_homes(corporation, params)
    eligible = eligible_homes(private, params)  # once: fair to the naive way
    best: dict[int, tuple[float, str]] = {}
    points = eligible.geometry.values
    p_kind = eligible["kind"].to_numpy(dtype=object)
    p_year = eligible["bouwjaar"].astype("float64").to_numpy()
    p_street = eligible["street_key"].to_numpy(dtype=object)
    for project_id in projects:
        own = homes[homes["project_id"] == project_id]
        zone = shapely.union_all(own.geometry.buffer(params.radius_m).values)
        near = shapely.within(points, zone)
        on_street = np.isin(p_street, own["street_key"].dropna().to_numpy(dtype=object))
        chosen = np.flatnonzero(near | on_street)
        kinds = list(set(own["kind"].dropna()))
        years = own["bouwjaar"].astype("float64").to_numpy()
        similar = np.isin(p_kind[chosen], kinds) | (
            np.abs(p_year[chosen, None] - years[None, :]) <= params.era_years
        ).any(axis=1)
        chosen = chosen[similar]
        distance = shapely.distance(points[chosen], shapely.union_all(own.geometry.values))
        for row, d in zip(chosen, distance, strict=True):
            if row not in best or (d, project_id) < best[row]:
                best[row] = (d, project_id)
    return best


def _child_naive(directory: Path, sample: int) -> dict[str, Any]:
    from geo.meeliften import project_homes

    private = _read([directory / "private.parquet"])
    corporation = _read([directory / "corporation.parquet"])
    params = _params()
    projects = sorted(set(project_homes(corporation, params)["project_id"]))
    rng = np.random.default_rng(SEED)
    chosen = sorted(rng.choice(projects, size=min(sample, len(projects)), replace=False))
    started = time.perf_counter()
    found = _naive_loop(private, corporation, params, chosen)
    seconds = time.perf_counter() - started
    return {
        "sample_projects": len(chosen),
        "projects": len(projects),
        "sample_seconds": seconds,
        "seconds_per_project": seconds / len(chosen),
        "extrapolated_seconds": seconds / len(chosen) * len(projects),
        "sample_candidates": len(found),
        "peak_mb": _status("VmHWM"),
    }


def _child_partition_check(directory: Path) -> dict[str, Any]:
    from geo.meeliften import candidates
    from geo.meeliften_tiles import partitioned_candidates

    private = _read([directory / "private.parquet"])
    corporation = _read([directory / "corporation.parquet"])
    params = _params()
    started = time.perf_counter()
    whole = candidates(private, corporation, params)
    whole_s = time.perf_counter() - started
    columns = [c for c in whole.columns if c != "geometry"]
    out: dict[str, Any] = {"candidates": len(whole), "unpartitioned_seconds": whole_s}
    for name, batch in (("tiles", 0), ("batches", BATCH_HOMES)):
        started = time.perf_counter()
        parts = partitioned_candidates(private, corporation, params, batch_homes=batch)
        out[f"{name}_seconds"] = time.perf_counter() - started
        out[f"{name}_equal"] = bool(
            whole[columns].reset_index(drop=True).equals(parts[columns].reset_index(drop=True))
        )
    out["equal"] = out["tiles_equal"] and out["batches_equal"]
    return out


def _child_national(directory: Path, provinces: int, mode: str) -> dict[str, Any]:
    """mode "tiles": the national path, one tile file at a time; "memory": every tile
    read into one frame and candidates() on all of it."""
    import pandas as pd
    import pyarrow.parquet as pq

    from geo.meeliften import candidates
    from geo.meeliften_tiles import ProjectIndex, batched, candidates_in_tiles

    params = _params()
    corporation = _read([directory / f"corporation_{p:02d}.parquet" for p in range(provinces)])
    files = sorted(
        f for p in range(provinces) for f in (directory / "tiles").glob(f"p{p:02d}_*.parquet")
    )
    _reset_peak()
    started, cpu = time.perf_counter(), time.process_time()
    homes = largest = 0
    batches = 0
    if mode == "gpkg":
        from geo.dataset import TABLES, validated_table
        from geo.meeliften_tiles import analyse_in_tiles, geopackage_tiles

        spec = next(spec for spec in TABLES if spec.name == "private_homes")

        def count(tiles: int, n: int, _projects: int) -> None:
            nonlocal homes, largest, batches
            homes, largest, batches = homes + n, max(largest, n), batches + 1

        result = analyse_in_tiles(
            geopackage_tiles(
                directory / "private_homes.gpkg", lambda f, name: validated_table(f, spec, name)
            ),
            corporation,
            buurten_of(corporation),
            params,
            on_batch=count,
        )
        found = result.total
    elif mode == "tiles":
        index = ProjectIndex(corporation, params)
        rows = {i: pq.read_metadata(f).num_rows for i, f in enumerate(files)}  # the footers

        def tiles() -> Any:
            nonlocal homes, largest, batches
            for batch in batched(range(len(files)), rows, BATCH_HOMES):
                frame = _read([files[i] for i in batch])
                homes += len(frame)
                largest = max(largest, len(frame))
                batches += 1
                yield [int(files[i].stem.split("_t")[1]) for i in batch], frame

        found = sum(len(part) for part in candidates_in_tiles(tiles(), index))
    else:
        private = pd.concat([_read([f]) for f in files], ignore_index=True)
        homes = largest = len(private)
        found = len(candidates(private, corporation, params))
    return {
        "mode": mode,
        "provinces": provinces,
        "private_homes": homes,
        "corporation_homes": len(corporation),
        "tiles": len(files) if mode != "gpkg" else 0,
        "batches": batches or 1,
        "largest_batch": largest,
        "candidates": found,
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "peak_mb": _status("VmHWM"),
    }


def _child(argv: list[str]) -> int:
    kind, *rest = argv
    if kind == "demo":
        result = _child_demo(int(rest[0]))
    elif kind == "ours":
        result = _child_ours(Path(rest[0]))
    elif kind == "naive":
        result = _child_naive(Path(rest[0]), int(rest[1]))
    elif kind == "check":
        result = _child_partition_check(Path(rest[0]))
    else:
        result = _child_national(Path(rest[0]), int(rest[1]), rest[2])
    result.setdefault("peak_mb", _status("VmHWM"))
    print(json.dumps(result))
    return 0


def _run_child(*args: str) -> dict[str, Any]:
    return run_child("benchmarks.meeliften", *args)


# -- writing the data -------------------------------------------------------------------


def _write_province(directory: Path, n_private: int, n_corporation: int) -> float:
    started = time.perf_counter()
    directory.mkdir(parents=True, exist_ok=True)
    private, corporation = province(n_private, n_corporation, SEED)
    private.to_parquet(directory / "private.parquet")
    corporation.to_parquet(directory / "corporation.parquet")
    return time.perf_counter() - started


def _write_country(
    directory: Path, provinces: int, n_private: int, n_corporation: int, gpkg: bool
) -> float:
    """`provinces` provinces on a 3 x 4 grid, their private homes one file per tile
    (and, with `gpkg`, all of them in one GeoPackage)."""
    from geo.meeliften_tiles import tile_of

    started = time.perf_counter()
    (directory / "tiles").mkdir(parents=True, exist_ok=True)
    for p in range(provinces):
        private, corporation = province(
            n_private,
            n_corporation,
            SEED + p,
            x0=20_000.0 + (p % 3) * PROVINCE_W,  # 3 x 4 provinces, towns inside the RD bounds
            y0=310_000.0 + (p // 3) * PROVINCE_H,
            gemeente0=100 + 40 * p,
            prefix=f"P{p:02d}",
        )
        corporation.to_parquet(directory / f"corporation_{p:02d}.parquet")
        if gpkg:  # the product's path: a data directory's private_homes.gpkg
            private.assign(pand_id=None, postcode=None).to_file(
                directory / "private_homes.gpkg", driver="GPKG", append=p > 0
            )
        codes = tile_of(private.geometry.x.to_numpy(), private.geometry.y.to_numpy())
        for tile, rows in private.groupby(codes).indices.items():
            private.iloc[rows].to_parquet(directory / "tiles" / f"p{p:02d}_t{tile}.parquet")
        del private, corporation
    return time.perf_counter() - started


# -- the run ------------------------------------------------------------------------------


def _mark(ok: bool) -> str:
    return "pass" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.meeliften", description=__doc__)
    parser.add_argument("--private", type=int, default=1_000_000, help="province: private homes")
    parser.add_argument("--corporation", type=int, default=50_000, help="province: corp. homes")
    parser.add_argument("--demo-runs", type=int, default=15, help="(a): measured runs (15)")
    parser.add_argument("--naive-sample", type=int, default=40, help="(b): projects timed (40)")
    parser.add_argument(
        "--national", type=int, default=12, help="(c): provinces (12 = 8M homes; 0 skips)"
    )
    parser.add_argument(
        "--no-gpkg", action="store_true", help="(c): skip the GeoPackage path (python -m geo)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "meeliften.json")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args.child)

    started = time.perf_counter()
    env = {
        "started": datetime.now().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "loadavg_start": os.getloadavg()[0],
    }
    results: dict[str, Any] = {"environment": env}
    work = Path(tempfile.mkdtemp(prefix="bench-meeliften-"))
    try:
        print(f"(a) demo: analyse() warm, {args.demo_runs} runs ...", flush=True)
        results["demo"] = _run_child("demo", str(args.demo_runs))
        _print_demo(results["demo"])

        gen_s = _write_province(work / "province", args.private, args.corporation)
        print(
            f"\n(b) province: generated {args.private:,} private and {args.corporation:,} "
            f"corporation homes in {gen_s:.1f} s; measuring ...",
            flush=True,
        )
        results["province"] = {
            "ours": _run_child("ours", str(work / "province")),
            "naive": _run_child("naive", str(work / "province"), str(args.naive_sample)),
            "partition_check": _run_child("check", str(work / "province")),
            "generate_seconds": gen_s,
        }
        _print_province(results["province"])

        if args.national:
            per = (8 * args.private) // 12, (8 * args.corporation) // 12
            gen_s = _write_country(work / "country", args.national, *per, not args.no_gpkg)
            print(
                f"\n(c) country: generated {args.national} provinces of {per[0]:,} private and "
                f"{per[1]:,} corporation homes, one GeoParquet file per 10 km tile, in "
                f"{gen_s:.0f} s; measuring ...",
                flush=True,
            )
            runs = []
            sizes = sorted({max(1, args.national // 4), max(1, args.national // 2), args.national})
            for provinces in sizes:
                for mode in ("tiles", "memory"):
                    runs.append(_run_child("national", str(work / "country"), str(provinces), mode))
            if not args.no_gpkg:
                runs.append(_run_child("national", str(work / "country"), str(sizes[-1]), "gpkg"))
            results["country"] = {"runs": runs, "generate_seconds": gen_s}
            _print_country(runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    env["loadavg_end"] = os.getloadavg()[0]
    env["duration_s"] = time.perf_counter() - started
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(
        f"\nload average {env['loadavg_start']:.1f} -> {env['loadavg_end']:.1f} on "
        f"{env['cpus']} cores; {env['duration_s']:.0f} s in all; results: {args.out}"
    )
    return 0


def _print_demo(demo: dict[str, Any]) -> None:
    if "error" in demo:
        print(f"    error: {demo['error']}")
        return
    ms = demo["analyse_ms"]
    median = statistics.median(ms)
    print(
        f"    {demo['private_homes']:,} private, {demo['corporation_homes']:,} corporation "
        f"homes -> {demo['candidates']} candidates, {demo['projects']} projects"
    )
    print(f"    {'':<34}{'median':>9}{'min':>9}{'max':>9}  target")
    print(
        f"    {'analyse() warm':<34}{median:>7.1f}ms{min(ms):>7.1f}ms{max(ms):>7.1f}ms"
        f"  <= {TARGET_DEMO_MS:.0f} ms: {_mark(median <= TARGET_DEMO_MS)}"
    )
    cm = demo["candidates_ms"]
    print(
        f"    {'  of which candidates()':<34}{statistics.median(cm):>7.1f}ms{min(cm):>7.1f}ms"
        f"{max(cm):>7.1f}ms"
    )
    vm = demo["for_viewers_ms"]
    print(
        f"    {'then for_viewers() (viewers only)':<34}{statistics.median(vm):>7.1f}ms"
        f"{min(vm):>7.1f}ms{max(vm):>7.1f}ms"
    )
    print(f"    {'first run (imports warm, data cold)':<34}{demo['first_ms']:>7.1f}ms")
    naive = statistics.median(demo["naive_ms"])
    print(
        f"    {'naive per-project loop (3 runs)':<34}{naive:>7.1f}ms{min(demo['naive_ms']):>7.1f}ms"
        f"{max(demo['naive_ms']):>7.1f}ms  candidates only; analyse() {naive / median:.1f}x faster"
    )


def _print_province(p: dict[str, Any]) -> None:
    ours, naive, check = p["ours"], p["naive"], p["partition_check"]
    if "error" in ours:
        print(f"    ours: error: {ours['error']}")
        return
    print(
        f"    {ours['projects']:,} projects in {YEARS[0]}-{YEARS[1]}, {ours['candidates']:,} "
        f"candidates, {ours['streets']:,} streets, {ours['buurten']:,} buurten"
    )
    print(f"    {'run':<44}{'seconds':>10}{'peak MB':>10}{'ratio':>9}  target")
    ratio = (
        naive["extrapolated_seconds"] / ours["seconds"] if "extrapolated_seconds" in naive else 0
    )
    print(
        f"    {'ours: analyse(), frames in memory':<44}{ours['seconds']:>10.2f}"
        f"{ours['peak_mb']:>10.0f}{1:>8.0f}x  < {TARGET_S:.0f} s: "
        f"{_mark(ours['seconds'] < TARGET_S)}; < 2 GB: {_mark(ours['peak_mb'] < TARGET_MB)}"
    )
    print(
        f"    {'  (reading the GeoParquet files first)':<44}{ours['load_seconds']:>10.2f}"
        f"{ours['rss_loaded_mb']:>10.0f}  (resident after reading)"
    )
    if "error" in naive:
        print(f"    naive: error: {naive['error']}")
    else:
        print(
            f"    {'naive: buffer + within loop, extrapolated':<44}"
            f"{naive['extrapolated_seconds']:>10.0f}{naive['peak_mb']:>10.0f}{ratio:>8.0f}x"
            f"  measured on {naive['sample_projects']} of {naive['projects']:,} projects "
            f"({naive['sample_seconds']:.1f} s, {naive['seconds_per_project']:.3f} s each), "
            f"x {naive['projects']:,}"
        )
    if "error" in check:
        print(f"    partition check: error: {check['error']}")
    else:
        print(
            f"    partitioned vs unpartitioned candidates(): "
            f"{'EQUAL' if check['equal'] else 'DIFFERENT'} ({check['candidates']:,} "
            f"candidates, every column): one call per 10 km tile "
            f"{check['tiles_seconds']:.2f} s, per batch of tiles ({BATCH_HOMES:,} homes) "
            f"{check['batches_seconds']:.2f} s, unpartitioned "
            f"{check['unpartitioned_seconds']:.2f} s"
        )


def _print_country(runs: list[dict[str, Any]]) -> None:
    print(
        f"    {'run':<38}{'private':>11}{'tiles':>6}{'calls':>6}{'largest':>11}{'candidates':>11}"
        f"{'seconds':>9}{'cpu s':>7}{'peak MB':>9}"
    )
    for r in runs:
        if "error" in r:
            print(f"    error: {r['error']}")
            continue
        label = {
            "tiles": "national path: tiles from files",
            "memory": "candidates(), all in memory",
            "gpkg": "analyse_in_tiles(), GeoPackage",
        }[r["mode"]]
        print(
            f"    {label:<38}{r['private_homes']:>11,}{r['tiles']:>6}{r['batches']:>6}"
            f"{r['largest_batch']:>11,}{r['candidates']:>11,}{r['seconds']:>9.1f}"
            f"{r['cpu_seconds']:>7.1f}{r['peak_mb']:>9.0f}"
        )
    print(
        f"    (calls: candidates() calls, whole 10 km tiles read until {BATCH_HOMES:,} homes; "
        "largest: homes in the largest call; seconds include reading the files)"
    )
    same = {}
    for r in runs:
        if "candidates" in r:
            same.setdefault(r["private_homes"], set()).add(r["candidates"])
    if same:
        equal = all(len(found) == 1 for found in same.values())
        print(f"    tiles and all-in-memory find the same number of candidates: {equal}")


if __name__ == "__main__":
    sys.exit(main())
