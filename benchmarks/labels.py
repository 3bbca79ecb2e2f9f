"""`python -m benchmarks.labels`: importing a national EP-Online file, measured.

Generates (fixed seed) an EP-Online-shaped CSV: the 38 columns of the 2023 format,
';'-separated, CRLF, UTF-8, `--rows` rows (1,000,000 by default). A few thousand
rows carry addresses of the demo's homes (some homes several labels with different
dates); all other rows are addresses elsewhere in the country, on postcodes the demo
does not use, as in the national file where one municipality is a small share.

Then, each in a fresh child process so that its peak resident memory (ru_maxrss,
the honest figure: everything the process touched) is its own:
- ours:  geo.importers.labels.import_labels into a copy of the demo data directory
         with its tables as GeoPackage, as the importers leave a municipality's
         directory, end to end (load and validate the directory, stream and check
         the file, join, write through staging, validate again); and once more into
         the demo as shipped (GeoJSON, slower to read and write) for comparison;
- floor: pandas reading only the columns ours reads, in the same chunks, doing
         nothing with them: what the stack needs at least to get through the file;
- idle:  the same imports plus loading the demo directory, reading no file: the
         memory every import starts from;
- naive: the straightforward way: the whole file in one pandas.read_csv (every
         column), keys built on every row, merged with the homes, latest label per
         home; on the first `--naive-rows` rows when given.

Targets (from the issue): at least 500,000 rows/s and a peak under 500 MB. The
figures are printed as a table and written to benchmarks/results/labels.json; the
exit code is 0 even when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.child import run_child

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
TARGET_ROWS_PER_S = 500_000
TARGET_PEAK_MB = 500.0
CHUNK_ROWS = 100_000

HEADER = (
    "Pand_opnamedatum;Pand_opnametype;Pand_status;Pand_berekeningstype;Pand_energieindex;"
    "Pand_energieklasse;Pand_energielabel_is_prive;Pand_is_op_basis_van_referentie_gebouw;"
    "Pand_gebouwklasse;Meting_geldig_tot;Pand_registratiedatum;Pand_postcode;Pand_huisnummer;"
    "Pand_huisletter;Pand_huisnummertoevoeging;Pand_detailaanduiding;Pand_bagverblijfsobjectid;"
    "Pand_bagligplaatsid;Pand_bagstandplaatsid;Pand_bagpandid;Pand_gebouwtype;"
    "Pand_gebouwsubtype;Pand_projectnaam;Pand_projectobject;Pand_SBIcode;"
    "Pand_gebruiksoppervlakte_thermische_zone;Pand_energiebehoefte;Pand_eis_energiebehoefte;"
    "Pand_primaire_fossiele_energie;Pand_eis_primaire_fossiele_energie;"
    "Pand_primaire_fossiele_energie_EMG_forfaitair;Pand_aandeel_hernieuwbare_energie;"
    "Pand_eis_aandeel_hernieuwbare_energie;Pand_aandeel_hernieuwbare_energie_EMG_forfaitair;"
    "Pand_temperatuuroverschrijding;Pand_eis_temperatuuroverschrijding;Pand_warmtebehoefte;"
    "Pand_energieindex_met_EMG_forfaitair"
)
LABELS = np.array(["A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G"])
LABEL_SHARES = np.array([0.01, 0.02, 0.04, 0.08, 0.22, 0.13, 0.2, 0.12, 0.08, 0.05, 0.05])
TYPES = np.array(
    ["Tussenwoning", "Hoekwoning", "Vrijstaande woning", "2-onder-1-kap", "Appartement"]
)
# Letters of national postcodes: never SA, SD or SS, the demo's, so only the rows
# made from demo addresses can match.
LETTERS = np.array([a + b for a in "ABCDEFGHJKLMNPRTVWXZ" for b in "ABCDEFGHJKLMNPRTVWXZ"])


def _fields(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """The varying fields of `n` national rows (numpy arrays of str)."""
    year = rng.integers(2008, 2026, n)
    day = rng.integers(1, 29, n)
    month = rng.integers(1, 13, n)
    vbo = rng.integers(0, 10**10, n)
    gemeente = rng.integers(1, 2000, n)
    letter = np.where(rng.random(n) < 0.05, rng.choice(list("ABCD"), n), "")
    addition = np.where(rng.random(n) < 0.05, rng.integers(1, 4, n).astype(str), "")
    bag = np.char.add(np.char.zfill(gemeente.astype(str), 4), "01")
    bag = np.char.add(bag, np.char.zfill(vbo.astype(str), 10))
    return {
        "date": (year * 10000 + month * 100 + day).astype(str),
        "label": rng.choice(LABELS, n, p=LABEL_SHARES),
        "postcode": np.char.add(rng.integers(1000, 10000, n).astype(str), rng.choice(LETTERS, n)),
        "number": rng.integers(1, 400, n).astype(str),
        "letter": letter,
        "addition": addition,
        "bag": np.where(rng.random(n) < 0.03, "", bag),  # old labels lack the BAG id
        "type": rng.choice(TYPES, n),
        "index": np.round(rng.uniform(0.4, 3.2, n), 2).astype(str),
        "area": rng.integers(35, 260, n).astype(str),
        "need": np.round(rng.uniform(20, 300, n), 2).astype(str),
        "share": np.round(rng.uniform(0, 80, n), 1).astype(str),
    }


def _lines(f: dict[str, np.ndarray]) -> str:
    rows = zip(
        f["date"],
        f["index"],
        f["label"],
        f["postcode"],
        f["number"],
        f["letter"],
        f["addition"],
        f["bag"],
        f["type"],
        f["area"],
        f["need"],
        f["share"],
        strict=True,
    )
    return "".join(
        f"{d};Basisopname;Bestaand;NTA 8800:2023 (detailopname woningbouw);{i};{lab};"
        f"False;False;W;;{d};{pc};{nr};{let};{add};;{bag};;;{bag[:4]}10000{bag[-7:]};{ty};;;;;"
        f"{area};{need};;{need};;;{share};;;;;{need};\r\n"
        for d, i, lab, pc, nr, let, add, bag, ty, area, need, share in rows
    )


def _demo_rows(rng: np.random.Generator, data_dir: Path, count: int) -> dict[str, np.ndarray]:
    """`count` rows with addresses of the data directory's homes (about a third of
    the homes drawn, some of them two or three times with different dates)."""
    import pandas as pd

    from geo.dataset import load_dataset

    dataset = load_dataset(data_dir)
    homes = pd.concat(
        [
            dataset.tables[t][["postcode", "huisnummer"]]
            for t in ("private_homes", "corporation_homes")
        ]
    ).dropna()
    drawn = homes.iloc[rng.integers(0, len(homes), count)]
    fields = _fields(rng, count)
    fields["postcode"] = drawn["postcode"].str.replace(" ", "").to_numpy(dtype=str)
    fields["number"] = drawn["huisnummer"].astype(int).astype(str).to_numpy(dtype=str)
    fields["letter"] = np.full(count, "")
    fields["addition"] = np.full(count, "")
    return fields


def generate(path: Path, rows: int, data_dir: Path, *, seed: int, matching: int) -> float:
    """Write the benchmark file; returns the seconds it took."""
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    demo = _demo_rows(rng, data_dir, matching)
    # Where each demo row goes among the national rows.
    slots = np.sort(rng.choice(rows, size=min(matching, rows), replace=False))
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\r\n")
        done = 0
        for start in range(0, rows, CHUNK_ROWS):
            n = min(CHUNK_ROWS, rows - start)
            fields = _fields(rng, n)
            here = slots[(slots >= start) & (slots < start + n)]
            taken = slice(done, done + len(here))
            for key in fields:
                fields[key] = fields[key].astype(object)
                fields[key][here - start] = demo[key][taken]
            done += len(here)
            out.write(_lines(fields))
    return time.perf_counter() - started


# -- the measured children ----------------------------------------------------------------


def _peak_mb() -> float:
    """Peak resident memory of this process since it started its program.

    Linux's VmHWM belongs to the process's own address space. ru_maxrss does not do
    here: exec keeps the high-water mark of the forking parent, so every child would
    report at least the parent's size.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _child_ours(file: Path, data_dir: Path) -> dict[str, Any]:
    from geo.importers.labels import import_labels

    started = time.perf_counter()
    cpu_started = time.process_time()
    report = import_labels(file, data_dir)
    seconds = time.perf_counter() - started
    return {
        "rows": report.rows_read,
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu_started,
        "read_seconds": report.read_seconds,
        "matched_bag": report.rows_matched_bag,
        "matched_address": report.rows_matched_address,
        "homes_labelled": report.homes_labelled,
        "homes_changed": report.homes_changed,
        "ambiguous": report.ambiguous_addresses,
    }


def _child_floor(file: Path) -> dict[str, Any]:
    import pandas as pd

    from geo.importers.labels import COLUMNS

    wanted = {alias for aliases in COLUMNS.values() for alias in aliases}
    started = time.perf_counter()
    cpu_started = time.process_time()
    rows = 0
    for chunk in pd.read_csv(
        file,
        sep=";",
        dtype=object,
        usecols=lambda name: name.strip().lower() in wanted,
        chunksize=CHUNK_ROWS,
        keep_default_na=False,
        na_values=[""],
    ):
        rows += len(chunk)
    return {
        "rows": rows,
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu_started,
    }


def _child_idle(data_dir: Path) -> dict[str, Any]:
    from geo.dataset import load_dataset
    from geo.importers import labels  # noqa: F401  (the same imports as ours)

    started = time.perf_counter()
    cpu_started = time.process_time()
    load_dataset(data_dir)
    return {
        "rows": 0,
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu_started,
    }


def _child_naive(file: Path, data_dir: Path, limit: int | None) -> dict[str, Any]:
    """The straightforward way: everything in memory at once."""
    import pandas as pd

    from geo.dataset import load_dataset

    started = time.perf_counter()
    cpu_started = time.process_time()
    dataset = load_dataset(data_dir)
    frame = pd.read_csv(file, sep=";", dtype=str, nrows=limit)
    suffix = frame["Pand_huisletter"].fillna("") + frame["Pand_huisnummertoevoeging"].fillna("")
    frame["key"] = (
        frame["Pand_postcode"].str.replace(" ", "").str.upper()
        + "|"
        + frame["Pand_huisnummer"].str.lstrip("0")
        + "|"
        + suffix.str.upper().str.replace(r"[^0-9A-Z]", "", regex=True)
    )
    frame["date"] = pd.to_datetime(frame["Pand_opnamedatum"], format="%Y%m%d", errors="coerce")
    labelled = 0
    for name in ("private_homes", "corporation_homes"):
        homes = dataset.tables[name]
        keys = (
            homes["postcode"].str.replace(" ", "").str.upper()
            + "|"
            + homes["huisnummer"].astype("Int64").astype(str)
            + "|"
        )
        merged = pd.DataFrame({"key": keys, "home": range(len(homes))}).merge(frame, on="key")
        latest = merged.sort_values("date").drop_duplicates("home", keep="last")
        labelled += len(latest)
    return {
        "rows": len(frame),
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu_started,
        "homes_labelled": labelled,
    }


def _child(argv: list[str]) -> int:
    kind, *rest = argv
    if kind == "ours":
        result = _child_ours(Path(rest[0]), Path(rest[1]))
    elif kind == "floor":
        result = _child_floor(Path(rest[0]))
    elif kind == "idle":
        result = _child_idle(Path(rest[0]))
    else:
        limit = int(rest[2]) if len(rest) > 2 and rest[2] != "all" else None
        result = _child_naive(Path(rest[0]), Path(rest[1]), limit)
    result["peak_mb"] = _peak_mb()
    print(json.dumps(result))
    return 0


def _run_child(*args: str) -> dict[str, Any]:
    return run_child("benchmarks.labels", *args)


# -- the run -----------------------------------------------------------------------------------


def _mark(ok: bool) -> str:
    return "pass" if ok else "FAIL"


def _as_geopackage(source: Path, target: Path) -> Path:
    """A copy of `source` with every GeoJSON table written as GeoPackage."""
    import geopandas as gpd

    shutil.copytree(source, target)
    for path in target.glob("*.geojson"):
        gpd.read_file(path).to_file(path.with_suffix(".gpkg"), driver="GPKG", layer=path.stem)
        path.unlink()
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.labels", description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows in the file (1,000,000)")
    parser.add_argument("--matching", type=int, default=4_000, help="rows with demo addresses")
    parser.add_argument("--seed", type=int, default=20240101)
    parser.add_argument(
        "--naive-rows", type=int, help="naive baseline on only the first N rows (default: all)"
    )
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline")
    parser.add_argument("--out", type=Path, default=RESULTS / "labels.json", help="figures as JSON")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args.child)

    from geo.config import DEMO_DATA_DIR

    work = Path(tempfile.mkdtemp(prefix="bench-labels-"))
    try:
        file = work / "ep_online_benchmark.csv"
        shipped = work / "demo"
        shutil.copytree(DEMO_DATA_DIR, shipped)
        template = _as_geopackage(shipped, work / "demo-gpkg")
        gen_s = generate(file, args.rows, template, seed=args.seed, matching=args.matching)
        size_mb = file.stat().st_size / 1e6
        print(
            f"generated {args.rows:,} rows ({size_mb:,.0f} MB, {args.matching:,} with demo "
            f"addresses) in {gen_s:.1f} s; measuring ...",
            flush=True,
        )

        def fresh(source: Path = template) -> Path:
            target = work / "data"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target)
            return target

        results: dict[str, dict[str, Any]] = {}
        results["idle"] = _run_child("idle", str(template))
        results["floor"] = _run_child("floor", str(file))
        results["ours"] = _run_child("ours", str(file), str(fresh()))
        results["ours_geojson"] = _run_child("ours", str(file), str(fresh(shipped)))
        if not args.no_naive:
            limit = str(args.naive_rows) if args.naive_rows else "all"
            results["naive"] = _run_child("naive", str(file), str(template), limit)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    _print(results, args.rows, size_mb)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "rows": args.rows,
        "file_mb": round(size_mb, 1),
        "targets": {"rows_per_s": TARGET_ROWS_PER_S, "peak_mb": TARGET_PEAK_MB},
        "results": results,
    }
    args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults: {args.out}")
    return 0


def _print(results: dict[str, dict[str, Any]], rows: int, size_mb: float) -> None:
    print(f"EP-Online label import: {rows:,} rows, {size_mb:,.0f} MB, chunks of {CHUNK_ROWS:,}")
    print(f"{'run':<24}{'rows':>11}{'seconds':>9}{'rows/s':>12}{'peak MB':>9}{'cpu s':>7}  target")
    print("(cpu s: processor time of the measured part; steadier than seconds on a busy machine)")
    for name, result in results.items():
        if "error" in result:
            print(f"{name:<24}error: {result['error']}")
            continue
        rate = result["rows"] / result["seconds"] if result["rows"] else 0.0
        target = ""
        if name == "ours":
            target = (
                f"rows/s >= {TARGET_ROWS_PER_S:,}: {_mark(rate >= TARGET_ROWS_PER_S)}; "
                f"peak < {TARGET_PEAK_MB:.0f} MB: {_mark(result['peak_mb'] < TARGET_PEAK_MB)}"
            )
        label = {
            "ours": "ours (end to end)",
            "ours_geojson": "  same, GeoJSON demo dir",
            "idle": "idle (load data only)",
        }.get(name, name)
        rate_text = f"{rate:,.0f}" if result["rows"] else "-"
        print(
            f"{label:<24}{result['rows']:>11,}{result['seconds']:>9.2f}{rate_text:>12}"
            f"{result['peak_mb']:>9.0f}{result['cpu_seconds']:>7.1f}  {target}"
        )
        if name == "ours":
            read_rate = result["rows"] / result["read_seconds"]
            fixed = result["seconds"] - result["read_seconds"]
            print(
                f"{'  of which reading+join':<24}{result['rows']:>11,}"
                f"{result['read_seconds']:>9.2f}{read_rate:>12,.0f}{'':>16}  "
                f"rows/s >= {TARGET_ROWS_PER_S:,}: {_mark(read_rate >= TARGET_ROWS_PER_S)}"
            )
            print(
                f"{'  of which data dir':<24}{'':>11}{fixed:>9.2f}{'':>12}{'':>16}  "
                "load + validate + write + validate, whatever the file's size"
            )
    ours = results.get("ours", {})
    if "rows" in ours:
        print(
            f"matched {ours['matched_bag']:,} rows by BAG id and {ours['matched_address']:,} by "
            f"address; labelled {ours['homes_labelled']:,} homes ({ours['homes_changed']:,} "
            f"changed); {ours['ambiguous']:,} demo homes share their address (not matched)"
        )
    floor, idle = results.get("floor", {}), results.get("idle", {})
    if "rows" in ours and "seconds" in floor and "peak_mb" in idle:
        extra = ours["read_seconds"] - floor["seconds"]
        print(
            f"floor: pandas alone reads the same columns in {floor['seconds']:.2f} s; ours "
            f"reads, checks and joins in {ours['read_seconds']:.2f} s ({extra:+.2f} s). "
            f"Memory before reading any file: {idle['peak_mb']:.0f} MB "
            f"(ours +{ours['peak_mb'] - idle['peak_mb']:.0f} MB)."
        )


if __name__ == "__main__":
    sys.exit(main())
