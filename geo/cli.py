"""`python -m geo`: what a facilitator does without the browser.

Thin wrapper: every command calls the same geo functions the app uses. Exit 0 on
success; on bad input exit 1 with one line per problem, never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from geo import demo, info
from geo.config import ENV_DATA, Settings, load_settings
from geo.dataset import TABLES, Dataset, find_table_file, load_dataset, validated_table
from geo.errors import AfsprakenkaartError, DataValidationError
from geo.importers import (
    addresses,
    boundaries,
    corporation_homes,
    heat_phasing,
    holiday_parks,
    labels,
)
from geo.printing import commands as printing_commands


def _data_dir(arg: str | None) -> Path:
    return Path(arg) if arg else load_settings().data_dir


def _cmd_info(args: argparse.Namespace) -> int:
    dataset = load_dataset(_data_dir(args.data))
    described = info.describe(dataset)
    if args.json:
        print(json.dumps(described, ensure_ascii=False, indent=2))
        return 0
    muni = described["municipality"]
    print(f"{muni['name']} ({muni['code']}){'  — DEMO data' if muni['demo'] else ''}")
    print(f"data directory: {dataset.directory}")
    print(f"{'table':<20}{'count':>8}  {'crs':<11} bbox")
    for name, layer in described["layers"].items():
        bbox = ", ".join(f"{v:.0f}" for v in layer["bbox"]) if layer["bbox"] else "-"
        print(f"{name:<20}{layer['count']:>8}  {layer['crs'] or '-':<11} {bbox}")
    print("corporation homes (existing stock):")
    for corporation, count in described["homes_per_corporation"].items():
        print(f"  {corporation:<18}{count:>6}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    out = Path(args.out)
    for path in demo.generate(out, seed=args.seed):
        print(f"wrote {path}")
    return 0


def _settings(data: str | None) -> Settings:
    """The configuration (DATABASE_URL and AFSPRAKENKAART_DATA apply); --data takes the
    place of the configured data directory."""
    return load_settings(env={**os.environ, ENV_DATA: data} if data else None)


def _settings_and_dataset(data: str | None) -> tuple[Settings, Dataset]:
    """The configuration and its dataset."""
    settings = _settings(data)
    return settings, load_dataset(settings.data_dir)


def _progress(total: int, what: str) -> Callable[[int], None]:
    """A progress line on stderr at every tenth of `total`.

    Plain lines rather than a rich progress bar: rich is only a development
    dependency, and plain lines also read well in a CI log.
    """
    shown = 0

    def report(done: int) -> None:
        nonlocal shown
        tenth = done * 10 // max(total, 1)
        if tenth > shown:
            shown = tenth
            print(f"{what}: {tenth * 10}% ({done}/{total})", file=sys.stderr, flush=True)

    return report


def _cmd_decisions_import(args: argparse.Namespace) -> int:
    from geo import decisions_io
    from geo.store import open_store

    settings, dataset = _settings_and_dataset(args.data)
    # The whole file is checked before the store is even opened: a bad file writes
    # nothing, not even the seed.
    decisions = decisions_io.read_decision_file(Path(args.file), dataset, settings)
    store = open_store(settings.database_url)
    try:
        result = decisions_io.import_decisions(
            store,
            dataset,
            settings,
            decisions,
            progress=_progress(len(decisions.rows), f"importing {Path(args.file).name}"),
        )
    finally:
        store.engine.dispose()
    summary = f"{result.decisions} decisions for {result.areas} areas"
    if result.already_imported:
        print(f"nothing imported: {Path(args.file).name} was imported before ({summary})")
        return 0
    proposals = f" ({result.proposals} of them proposals)" if result.proposals else ""
    print(f"imported {summary}{proposals}")
    return 0


def _cmd_decisions_export(args: argparse.Namespace) -> int:
    from geo import decisions_io
    from geo.store import open_store

    settings, dataset = _settings_and_dataset(args.data)
    # Checked before the store is opened, so a typo writes nothing anywhere.
    decisions_io.check_year(settings, args.year)
    store = open_store(settings.database_url)
    try:
        count = decisions_io.export_decisions(
            store, dataset, settings, args.format, Path(args.out), year=args.year
        )
    finally:
        store.engine.dispose()
    print(f"exported {count} area decisions to {args.out}")
    return 0


def _cmd_meeliften(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from geo import meeliften, meeliften_io, meeliften_tiles

    settings = _settings(args.data)
    private_file = _private_homes_file(settings.data_dir)
    tiled = args.tiled or meeliften_tiles.is_large(private_file)
    if tiled and (private_file is None or private_file.suffix != ".gpkg"):
        raise AfsprakenkaartError(
            "--tiled: private homes are read tile by tile from a GeoPackage only; "
            "this data directory has none (private_homes.gpkg)"
        )
    dataset = load_dataset(settings.data_dir, unread={"private_homes"} if tiled else ())
    first, last = (args.year, args.year) if args.year else settings.years.period
    try:
        params = meeliften.Parameters(
            year_from=first,
            year_to=last,
            radius_m=args.radius,
            max_label=args.max_label.upper(),
            include_unlabelled=not args.labelled_only,
            same_street=not args.no_street,
            similarity=args.similarity,
            era_years=args.era_years,
        )
    except ValidationError as exc:
        raise AfsprakenkaartError("; ".join(_option_errors(exc, MEELIFTEN_OPTIONS))) from None
    if tiled and private_file is not None:
        batches = meeliften_tiles.geopackage_tiles(private_file, _checked_private_homes)
        result = meeliften_tiles.analyse_in_tiles(
            batches, dataset.corporation_homes, dataset.buurten, params, on_batch=_tile_progress
        )
    else:
        result = meeliften.analyse(
            dataset.table("private_homes"), dataset.corporation_homes, dataset.buurten, params
        )
    if args.viewer:
        result = meeliften.for_viewers(result)
    if args.format == "json":
        data = (
            json.dumps(
                meeliften_io.to_json(result, facilitator=not args.viewer),
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
        content = data.encode("utf-8")
    else:
        content = meeliften_io.to_csv(meeliften_io.level_frame(result, args.level))
    if args.out:
        write_atomically(Path(args.out), content)
        total = result.total_for(facilitator=not args.viewer)
        shown = "fewer than 5" if total is None else total
        print(f"{shown} candidate homes; wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(content)
    return 0


def _private_homes_file(directory: Path) -> Path | None:
    spec = next(spec for spec in TABLES if spec.name == "private_homes")
    return find_table_file(directory, spec)[0] if directory.is_dir() else None


def _checked_private_homes(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    spec = next(spec for spec in TABLES if spec.name == "private_homes")
    return validated_table(frame, spec, file)


def _tile_progress(tiles: int, homes: int, project_homes: int) -> None:
    print(
        f"{tiles} tiles, {homes:,} private homes, {project_homes:,} project homes within reach",
        file=sys.stderr,
    )


# Parameters' fields -> the options that set them, for messages a user can act on.
MEELIFTEN_OPTIONS = {
    "year_from": "--year",
    "year_to": "--year",
    "radius_m": "--radius",
    "max_label": "--max-label",
    "era_years": "--era-years",
}


def _option_errors(exc: Any, options: dict[str, str]) -> list[str]:
    """One message per option (pydantic names fields, a user typed options)."""
    messages: dict[str, str] = {}
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else ""
        option = options.get(field, "")
        text = str(error["msg"]).removeprefix("Value error, ")
        messages.setdefault(option or text, f"{option}: {text}" if option else text)
    return list(messages.values())


def write_atomically(out: Path, content: bytes) -> None:
    """Write `content` to `out` through a temporary file beside it: all or nothing."""
    if not out.parent.is_dir():
        raise AfsprakenkaartError(f"{out.parent} does not exist: create the folder first")
    tmp = out.with_name(f".{out.name}.partial")
    try:
        tmp.write_bytes(content)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def _cmd_access_hash(args: argparse.Namespace) -> int:
    from geo.access import hash_code

    if args.stdin:
        line = sys.stdin.readline()
        if not line:
            raise AfsprakenkaartError("no code on standard input: give one line with the code")
        code = line.rstrip("\r\n")
    else:
        code = getpass.getpass("access code: ")
        if getpass.getpass("the same code again: ") != code:
            raise AfsprakenkaartError("the two codes differ: nothing was hashed, try again")
    print(hash_code(code))
    return 0


DECISIONS_IMPORT_HELP = """\
Import area decisions from a CSV (',' or ';', UTF-8 or Windows-1252) or an Excel
workbook (.xlsx, its first sheet). One row per area, theme and year; header names
are case-insensitive:

  area_code  buurtcode (BU########) or wijkcode (WK######) of the data directory
  theme      liveability, heat, meeliften, parks or other
  year       a year of the agreements (configured [years])
  status     designated, rejected, postponed or ended (a decision), or proposed
             (a proposal)
  reasons    optional: social, physical, safety; several separated by |
  party      optional: the lead party (a configured party id; `lead_party` also works)
  note       optional text
  vision     optional text or link of the neighbourhood vision

The file is checked as a whole first: any problem, and nothing is written; every
problem is listed with its line (CSV, header = line 1) or sheet and row (Excel).
A good file is stored in one transaction, after the data directory's seed
decisions. Importing the same file again stores nothing twice. Honours
DATABASE_URL and AFSPRAKENKAART_DATA.
"""

DECISIONS_EXPORT_HELP = """\
Export the current state of every area (one row per area, theme and year) with its
boundary: csv (comma-separated, UTF-8 with BOM so Excel reads accents; boundary as
WKT in EPSG:28992 in column geometry_wkt; text starting with = + - @ gets a leading
apostrophe so spreadsheets do not run it as a formula), geojson (EPSG:4326, RFC
7946) or gpkg (GeoPackage, layer "decisions", EPSG:28992). Exports of demo data
carry a column data_notice. The file appears only when complete. Comma rather than
';' because scripts and GIS read it without settings; in a Dutch Excel open it with
Data > From Text/CSV. `decisions import` reads such a file back.
"""

ACCESS_HASH_HELP = """\
Print the salted scrypt hash of an access code (at least 8 characters), asked for
twice without echo, or read as one line from standard input with --stdin. Put the
hash in afsprakenkaart.toml, for the facilitator or for a party's members:

  [access]
  facilitator = "scrypt$16384$8$1$..."

  [access.parties]
  actium = "scrypt$16384$8$1$..."

The codes themselves are never stored; hand them to people in person.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="Afsprakenkaart command line: inspect and prepare map data.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_info = sub.add_parser("info", help="per table: feature count, CRS and bounding box")
    p_info.add_argument("--data", help="data directory (default: the configured one)")
    p_info.add_argument("--json", action="store_true", help="print one JSON object")
    p_info.set_defaults(func=_cmd_info)
    p_demo = sub.add_parser("demo", help="regenerate the embedded demo data directory")
    p_demo.add_argument("--out", required=True, help="directory to write (e.g. data/demo)")
    p_demo.add_argument("--seed", type=int, default=demo.SEED, help=argparse.SUPPRESS)
    p_demo.set_defaults(func=_cmd_demo)

    raw = argparse.RawDescriptionHelpFormatter
    p_dec = sub.add_parser("decisions", help="import or export area decisions")
    dec = p_dec.add_subparsers(dest="action", required=True)
    p_imp = dec.add_parser(
        "import",
        help="import decisions from a CSV or XLSX file (all or nothing)",
        description=DECISIONS_IMPORT_HELP,
        formatter_class=raw,
    )
    p_imp.add_argument("file", help="the .csv or .xlsx file")
    p_imp.add_argument("--data", help="data directory (default: the configured one)")
    p_imp.set_defaults(func=_cmd_decisions_import)
    p_exp = dec.add_parser(
        "export",
        help="export the current decisions with their boundaries",
        description=DECISIONS_EXPORT_HELP,
        formatter_class=raw,
    )
    p_exp.add_argument("--format", required=True, choices=["csv", "geojson", "gpkg"])
    p_exp.add_argument("--year", type=int, help="only this year (default: every year)")
    p_exp.add_argument("--out", required=True, help="the file to write (replaced if present)")
    p_exp.add_argument("--data", help="data directory (default: the configured one)")
    p_exp.set_defaults(func=_cmd_decisions_export)

    p_import = sub.add_parser("import", help="load a municipality's data from public sources")
    importers = p_import.add_subparsers(dest="importer", required=True)
    boundaries.register(importers)
    addresses.register(importers)
    corporation_homes.register(importers)
    labels.register(importers)
    heat_phasing.register(importers)
    holiday_parks.register(importers)
    p_mee = sub.add_parser(
        "meeliften",
        help="private homes that could join corporation projects (same numbers as the app)",
        description="Private homes near corporation projects (verduurzaming or renovatie, "
        "per complex and year) with a poor or no energy label and a similar dwelling, "
        "aggregated per project, street and buurt with a ranking for pilot streets.",
    )
    p_mee.add_argument("--data", help="data directory (default: the configured one)")
    p_mee.add_argument("--year", type=int, help="only projects of this year (default: all years)")
    p_mee.add_argument("--radius", type=float, default=150.0, help="walking distance, m (150)")
    p_mee.add_argument("--max-label", default="D", help="this label or worse qualifies (D)")
    p_mee.add_argument(
        "--labelled-only", action="store_true", help="leave out homes without a label"
    )
    p_mee.add_argument(
        "--no-street", action="store_true", help="distance only, not the same street"
    )
    p_mee.add_argument(
        "--similarity",
        choices=["type_or_era", "type", "era", "any"],
        default="type_or_era",
        help="similar dwelling: same kind (ground-level/stacked), build year, either, or any",
    )
    p_mee.add_argument("--era-years", type=int, default=15, help="build years apart at most (15)")
    p_mee.add_argument("--format", choices=["csv", "json"], default="csv")
    p_mee.add_argument(
        "--level",
        choices=["streets", "buurten", "projects", "candidates"],
        default="streets",
        help="the table a CSV holds (JSON holds projects, streets and buurten)",
    )
    p_mee.add_argument(
        "--viewer", action="store_true", help="only what a viewer sees (no counts below 5)"
    )
    p_mee.add_argument("--out", help="file to write (default: standard output)")
    p_mee.add_argument(
        "--tiled",
        action="store_true",
        help="read private_homes.gpkg tile by tile, for a province or the country "
        "(automatic above 1,000,000 homes); same numbers, bounded memory",
    )
    p_mee.set_defaults(func=_cmd_meeliften)

    printing_commands.register(sub)

    p_acc = sub.add_parser("access", help="access codes for facilitator and parties")
    acc = p_acc.add_subparsers(dest="action", required=True)
    p_hash = acc.add_parser(
        "hash",
        help="print the hash of an access code for afsprakenkaart.toml",
        description=ACCESS_HASH_HELP,
        formatter_class=raw,
    )
    p_hash.add_argument(
        "--stdin", action="store_true", help="read the code as one line from standard input"
    )
    p_hash.set_defaults(func=_cmd_access_hash)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except DataValidationError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    except (AfsprakenkaartError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
