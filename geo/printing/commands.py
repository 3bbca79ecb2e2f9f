"""`python -m geo print factsheet|map`: the printable PDFs from the command line.

Every option is checked before anything is drawn or written; a bad one gives one line
naming the option and exit 1 (geo.cli.main), and --out appears only when the PDF is
complete (geo.cli.write_atomically).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from geo.errors import AfsprakenkaartError
from geo.i18n import LANGUAGES
from geo.printing.options import PAPER_SIZES, PRINT_LAYERS

if TYPE_CHECKING:  # the drawing modules load matplotlib and reportlab: only when printing
    import geopandas as gpd

    from geo.config import Settings
    from geo.dataset import Dataset
    from geo.printing.static_map import Bounds

FACTSHEET_HELP = """\
The fact sheet of one buurt as a one-page A4 PDF in plain language: corporation
homes per corporation, works per year (numbers per buurt only; 1 to 4 homes printed
as "minder dan 5"; no address or complex for demolition or sale), the heat-transition
phase and what it means for a tenant, whether the buurt is a liveability attention
area and what was agreed, holiday parks within 2 km, a map of the buurt and its
surroundings, and the data sources with the date.

The agreements are read from the agreement store (DATABASE_URL, or the configured
database) as a viewer sees them: decisions and published proposals. --no-store
uses the data directory's seed decisions (attention_areas) instead.
"""

MAP_HELP = """\
The workshop map as a one-page PDF, A4 or A3 landscape: the chosen layers in the
chosen year, with legend, scale bar, north arrow, data sources and date. Drawn on
the CBS buurt and wijk boundaries (no background tiles: it needs no internet).
Demolition and sale are not shown per home or complex (prints go to tenants).
"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`print factsheet` and `print map` under the main parser's subcommands."""
    raw = argparse.RawDescriptionHelpFormatter
    p_print = sub.add_parser("print", help="printable PDFs: a buurt fact sheet, the workshop map")
    prints = p_print.add_subparsers(dest="what", required=True)

    p_fs = prints.add_parser(
        "factsheet",
        help="one-page A4 fact sheet of a buurt (PDF)",
        description=FACTSHEET_HELP,
        formatter_class=raw,
    )
    p_fs.add_argument("--buurt", required=True, help="the buurtcode, e.g. BU17310000")
    _common(p_fs)
    p_fs.set_defaults(func=_cmd_factsheet)

    p_map = prints.add_parser(
        "map",
        help="the workshop map, A4 or A3 landscape (PDF)",
        description=MAP_HELP,
        formatter_class=raw,
    )
    p_map.add_argument(
        "--layers",
        default=",".join(PRINT_LAYERS),
        help=f"comma-separated, from {', '.join(PRINT_LAYERS)} (default: all)",
    )
    p_map.add_argument("--size", default="a4", help="a4 or a3 (default a4), landscape")
    p_map.add_argument(
        "--bbox",
        help="extent minx,miny,maxx,maxy in RD New metres (EPSG:28992); default: the "
        "whole municipality",
    )
    _common(p_map)
    p_map.set_defaults(func=_cmd_map)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=int, help="the year shown (default: this year)")
    parser.add_argument("--lang", default="nl", help="nl (default) or en")
    parser.add_argument("--data", help="data directory (default: the configured one)")
    parser.add_argument(
        "--no-store",
        action="store_true",
        help="agreements from the data directory's seed file, not the agreement store",
    )
    parser.add_argument("--out", required=True, help="the PDF to write (replaced if present)")


def _checked(args: argparse.Namespace, settings: Settings) -> tuple[int, str]:
    """The year and language, or an error naming the option."""
    from geo.printing.workshop_map import default_year

    if args.lang not in LANGUAGES:
        raise AfsprakenkaartError(f"--lang {args.lang}: use {' or '.join(LANGUAGES)}")
    year = default_year(settings) if args.year is None else args.year
    if year not in settings.years.all():
        raise AfsprakenkaartError(
            f"--year {year}: outside the agreements' years, use {settings.years.first} "
            f"to {settings.years.last}"
        )
    out = Path(args.out)
    if not out.parent.is_dir():
        raise AfsprakenkaartError(f"--out {out}: the folder {out.parent} does not exist")
    return year, args.lang


def _agreements(
    args: argparse.Namespace, settings: Settings, dataset: Dataset
) -> gpd.GeoDataFrame | None:
    """The store's state as a viewer sees it (the seed loaded first, as the app does),
    or None for the data directory's seed decisions (--no-store)."""
    if args.no_store:
        return None
    from geo.agreements import VIEWER, visible_to
    from geo.store import open_store
    from geo.workshop import seed_store, store_states

    store = open_store(settings.database_url)
    try:
        seed_store(store, dataset, settings)
        return visible_to(store_states(store, dataset), VIEWER)
    finally:
        store.engine.dispose()


def _cmd_factsheet(args: argparse.Namespace) -> int:
    from geo.cli import _settings_and_dataset, write_atomically
    from geo.printing.factsheet import UnknownBuurt, check_buurt, factsheet_pdf

    settings, dataset = _settings_and_dataset(args.data)
    year, lang = _checked(args, settings)
    try:
        check_buurt(dataset, args.buurt)
    except UnknownBuurt as exc:
        raise AfsprakenkaartError(f"--buurt {args.buurt}: {exc}") from None
    agreements = _agreements(args, settings, dataset)
    pdf = factsheet_pdf(dataset, settings, args.buurt, year, lang, agreements)
    write_atomically(Path(args.out), pdf)
    print(f"fact sheet of {args.buurt} ({year}) written to {args.out}", file=sys.stderr)
    return 0


def _cmd_map(args: argparse.Namespace) -> int:
    from geo.cli import _settings_and_dataset, write_atomically
    from geo.printing.static_map import check_layers
    from geo.printing.workshop_map import workshop_map_pdf

    settings, dataset = _settings_and_dataset(args.data)
    year, lang = _checked(args, settings)
    size = str(args.size).lower()
    if size not in PAPER_SIZES:
        raise AfsprakenkaartError(f"--size {args.size}: use {' or '.join(PAPER_SIZES)}")
    wanted = [part.strip() for part in str(args.layers).split(",") if part.strip()]
    try:
        layers = check_layers(wanted)
    except ValueError as exc:
        raise AfsprakenkaartError(f"--layers: {exc}") from None
    bbox = _bbox(args.bbox, dataset) if args.bbox else None
    agreements = _agreements(args, settings, dataset)
    pdf = workshop_map_pdf(
        dataset,
        settings,
        year,
        layers,
        size=size,  # type: ignore[arg-type]  # checked against PAPER_SIZES above
        lang=lang,
        agreements=agreements,
        bbox=bbox,
    )
    write_atomically(Path(args.out), pdf)
    print(f"{size.upper()} map of {year} written to {args.out}", file=sys.stderr)
    return 0


def _bbox(text: str, dataset: Dataset) -> Bounds:
    """--bbox minx,miny,maxx,maxy (RD New metres), checked against the municipality."""
    from geo.printing.workshop_map import check_bbox

    try:
        values = [float(v) for v in text.split(",")]
    except ValueError:
        values = []
    if len(values) != 4:
        raise AfsprakenkaartError(
            f"--bbox {text}: give four numbers minx,miny,maxx,maxy in RD New metres "
            "(EPSG:28992), e.g. 225000,535000,240000,550000"
        )
    try:
        return check_bbox(dataset, (values[0], values[1], values[2], values[3]))
    except AfsprakenkaartError as exc:
        raise AfsprakenkaartError(f"--bbox: {exc}") from None
