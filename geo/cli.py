"""`python -m geo`: what a facilitator does without the browser.

Thin wrapper: every command calls the same geo functions the app uses. Exit 0 on
success; on bad input exit 1 with one line per problem, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from geo import demo, info
from geo.config import load_settings
from geo.dataset import load_dataset
from geo.errors import AfsprakenkaartError, DataValidationError


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
