"""The municipality's homes from the BAG into `private_homes` (the address register).

A home is a BAG verblijfsobject whose gebruiksdoel includes "woonfunctie" and whose
status says it exists (`IN_USE`). Its location is the verblijfsobject's point, its
build year that of its (first) pand, its buurt the buurt of the data directory it
lies in; homes outside every buurt (the bounding box also covers parts of the
neighbouring municipalities) are left out and counted.

Sources:
- PDOK's BAG OGC API (`kadaster/bag/ogc/v2`), collections `verblijfsobject` and
  `pand`, asked for the bounding box of the data directory's buurten in RD New
  (`bbox`, `bbox-crs`, `crs`) and paged through `rel=next` links
  (geo.importers.boundaries.fetch_collection, with retries).
- A local BAG extract GeoPackage (PDOK's `bag-light.gpkg`, or a "BAG 2.0 Extract"
  converted to GeoPackage) with layers `verblijfsobject` and `pand`, read for the
  same bounding box only.

Property names are matched case-insensitively against `VBO_FIELDS` / `PAND_FIELDS`,
which list every spelling accepted. The relation to the pand may be a BAG
identificatie (`pand_identificatie`, several separated by commas) or, as in the OGC
API v2, links to pand features (`pand.href`); those are resolved through the pand
collection. Memory stays bounded by the municipality: features are reduced to a few
fields while the pages stream in, and only the panden of those homes are kept.

Homes that are already corporation homes (`corporation_homes`) are left out, and
the energy label and dwelling type of a home that was in `private_homes` before
are kept (the EP-Online importer fills them in), so the importers can run again in
any order. Everything is checked before the data directory changes
(geo.importers.target.staged).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry

from geo.addressing import address_key
from geo.config import PDOK_BAG_API
from geo.dataset import Dataset, find_table_file, load_dataset, unreadable_file
from geo.errors import DataValidationError, Problem
from geo.importers.boundaries import (
    NL_BOUNDS,
    PDOK_CRS,
    fetch_collection,
    stderr_progress,
)
from geo.importers.target import RD_NEW, provenance, staged
from geo.schemas import BUURTEN, YEAR

BAG_API = PDOK_BAG_API
BAG_LICENCE = "CC0 1.0 (Kadaster, Basisregistratie Adressen en Gebouwen)"
PAGE_LIMIT = 1000  # features per page asked of the OGC API
MAX_PROBLEMS = 50  # a wrong source would otherwise give one line per feature

# Statuses of a verblijfsobject that exists and is a home now. "Verbouwing" (being
# rebuilt) is still a home with residents and part of the stock; "gevormd" (planned),
# "buiten gebruik", "ingetrokken", "niet gerealiseerd" and "ten onrechte opgevoerd"
# are not.
IN_USE = (
    "verblijfsobject in gebruik",
    "verblijfsobject in gebruik (niet ingemeten)",
    "verbouwing verblijfsobject",
)
HOME_FUNCTION = "woonfunctie"

# Our name -> the names (lower case) a source may use, in order of preference.
VBO_FIELDS: dict[str, tuple[str, ...]] = {
    "identificatie": (
        "identificatie",
        "verblijfsobject_identificatie",
        "verblijfsobjectidentificatie",
    ),
    "huisnummer": ("huisnummer",),
    "huisletter": ("huisletter",),
    "toevoeging": ("toevoeging", "huisnummertoevoeging", "huisnummer_toevoeging"),
    "postcode": ("postcode",),
    "straat": ("openbare_ruimte_naam", "openbareruimtenaam", "openbare_ruimte", "straatnaam"),
    "woonplaats": ("woonplaats_naam", "woonplaatsnaam", "woonplaats"),
    "gebruiksdoel": ("gebruiksdoel", "gebruiksdoelen"),
    "status": ("status", "verblijfsobjectstatus", "verblijfsobject_status"),
    "pand": (
        "pand_identificatie",
        "pandidentificatie",
        "pand_identificaties",
        "pand.href",
        "pand_href",
        "pand",
        "maakt_deel_uit_van",
    ),
    # bag-light carries its pand's build year on the verblijfsobject as well
    "bouwjaar": ("oorspronkelijk_bouwjaar", "oorspronkelijkbouwjaar", "bouwjaar"),
}
VBO_REQUIRED = ("identificatie", "huisnummer", "gebruiksdoel", "status")
PAND_FIELDS: dict[str, tuple[str, ...]] = {
    "identificatie": ("identificatie", "pand_identificatie"),
    "bouwjaar": ("oorspronkelijk_bouwjaar", "oorspronkelijkbouwjaar", "bouwjaar"),
}

POSTCODE = re.compile(r"(\d{4})([A-Z]{2})")
BAG_ID = re.compile(r"\d{16}")


@dataclass(frozen=True, slots=True)
class BagHome:
    """One home of the BAG, reduced to what the address register keeps."""

    home_id: str
    pand_refs: tuple[str, ...]  # BAG identificaties or pand feature ids, first first
    straat: str | None
    postcode: str | None  # "9411 SS"
    huisnummer: int
    huisletter: str | None
    toevoeging: str | None
    woonplaats: str | None
    bouwjaar: int | None  # only when the source gives it on the verblijfsobject
    x: float
    y: float
    where: str


@dataclass
class _Tally:
    """What streaming the source found besides homes, and what was wrong with it."""

    source: str
    problems: list[Problem] = field(default_factory=list)
    features: int = 0
    not_homes: int = 0
    merged: int = 0  # the same verblijfsobject twice (one row per pand in some extracts)
    missing_fields: dict[str, int] = field(default_factory=dict)
    more: int = 0

    def problem(self, where: str, name: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.source, where, name, message))
        else:
            self.more += 1

    def all_problems(self) -> list[Problem]:
        problems = list(self.problems)
        for name, count in self.missing_fields.items():
            names = ", ".join(VBO_FIELDS[name])
            problems.insert(
                0,
                Problem(
                    self.source,
                    "file",
                    name,
                    f"{count} of {self.features} verblijfsobjecten have no {name} "
                    f"(looked for {names}): is this BAG data?",
                ),
            )
        if self.more:
            problems.append(
                Problem(self.source, "file", "", f"and {self.more} more problems like these")
            )
        return problems


@dataclass(frozen=True)
class AddressReport:
    homes: int
    outside: int  # homes in the bounding box but outside every buurt
    not_homes: int  # verblijfsobjecten without a woonfunctie, or not in use
    corporation: int  # left out: already in corporation_homes
    kept_labels: int  # energy labels kept from the previous private_homes
    without_pand: int  # no pand found (no build year)
    bad_bouwjaar: int  # build years outside 1000-2200, left empty
    source: str


# -- small helpers shared with the corporation importer ------------------------------


def text(value: object) -> str | None:
    """A value as trimmed text; None for missing values (None, NaN, NA, '')."""
    if value is None:
        return None
    if isinstance(value, list | tuple | np.ndarray):
        return ",".join(t for t in (text(v) for v in value) if t) or None
    if not isinstance(value, str | dict) and pd.isna(value):  # type: ignore[call-overload]
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    return result or None


def normalise_postcode(value: object) -> str | None:
    """'9411ss' and '9411 SS' -> '9411 SS'; None when it is no Dutch postcode."""
    raw = text(value)
    if raw is None:
        return None
    match = POSTCODE.fullmatch(re.sub(r"\s+", "", raw).upper())
    return f"{match.group(1)} {match.group(2)}" if match else None


def house_text(huisnummer: int | None, suffix: str = "") -> str:
    """12, 12A (a letter) or 12-2 (an addition), as people write it."""
    number = "" if huisnummer is None else str(huisnummer)
    if suffix:
        number += suffix if suffix[0].isalpha() and len(suffix) == 1 else f"-{suffix}"
    return number


def show_address(postcode: str | None, huisnummer: int | None, suffix: str = "") -> str:
    return f"{postcode or '(no postcode)'} {house_text(huisnummer, suffix)}".strip()


def _bag_id(value: object) -> str | None:
    """A BAG identificatie as 16 digits (integer columns lose the leading zeros)."""
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return f"{int(value):016d}"
    raw = text(value)
    if raw is None:
        return None
    if raw.startswith("NL.IMBAG."):  # "NL.IMBAG.Pand.0003100000118000"
        raw = raw.rsplit(".", 1)[-1]
    return raw.zfill(16) if raw.isdigit() and len(raw) < 16 else raw


def pand_refs(value: object) -> tuple[str, ...]:
    """Pand relations in any of their shapes: an identificatie, several separated by
    commas, a list, links to pand features (their last path segment), or objects
    with `href`/`identificatie`."""
    if isinstance(value, dict):
        inner = value.get("identificatie") or value.get("href") or value.get("id")
        return pand_refs(inner)
    if isinstance(value, list | tuple | np.ndarray):
        return tuple(ref for item in value for ref in pand_refs(item))
    raw = value if isinstance(value, int | np.integer) else text(value)
    if raw is None:
        return ()
    if isinstance(raw, str):
        refs = []
        for part in raw.split(","):
            part = part.strip()
            if "://" in part:
                part = part.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
            ref = _bag_id(part)
            if ref:
                refs.append(ref)
        return tuple(refs)
    ref = _bag_id(raw)
    return (ref,) if ref else ()


def _lookup(props: Mapping[str, Any], names: tuple[str, ...]) -> tuple[bool, Any]:
    for name in names:
        if name in props:
            return True, props[name]
    return False, None


def _year(value: object) -> int | None:
    raw = text(value)
    if raw is None:
        return None
    try:
        number = float(raw)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _point(geometry: BaseGeometry | None) -> tuple[float, float] | None:
    if geometry is None or geometry.is_empty:
        return None
    # BAG 2.0 verblijfsobjecten are points, a few are polygons; 3D points occur.
    point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
    return float(point.x), float(point.y)


# -- reading one verblijfsobject ------------------------------------------------------


def parse_verblijfsobject(
    props: Mapping[str, Any], geometry: BaseGeometry | None, where: str, tally: _Tally
) -> BagHome | None:
    """The home a verblijfsobject is, or None (not a home, not in use, or wrong: then
    `tally` has the problem)."""
    tally.features += 1
    props = {str(k).lower(): v for k, v in props.items()}
    values: dict[str, Any] = {}
    for ours, names in VBO_FIELDS.items():
        found, values[ours] = _lookup(props, names)
        if not found and ours in VBO_REQUIRED:
            tally.missing_fields[ours] = tally.missing_fields.get(ours, 0) + 1
            return None
    functions = {f.strip().lower() for f in (text(values["gebruiksdoel"]) or "").split(",")}
    status = (text(values["status"]) or "").lower()
    if HOME_FUNCTION not in functions or status not in IN_USE:
        tally.not_homes += 1
        return None

    home_id = _bag_id(values["identificatie"])
    label = f"{where} (verblijfsobject {home_id})" if home_id else where
    ok = True
    if home_id is None or not BAG_ID.fullmatch(home_id) or home_id[4:6] != "01":
        tally.problem(
            where,
            "identificatie",
            f"{text(values['identificatie'])!r} is not the identificatie of a "
            "verblijfsobject (16 digits, the 5th and 6th being 01)",
        )
        ok = False
    number_text = text(values["huisnummer"])
    if number_text is None or not number_text.isdigit() or not 1 <= int(number_text) <= 99999:
        tally.problem(
            label, "huisnummer", f"{number_text!r} is not a house number (a whole number 1-99999)"
        )
        ok = False
    postcode = normalise_postcode(values["postcode"])
    if text(values["postcode"]) is not None and postcode is None:
        tally.problem(
            label,
            "postcode",
            f"{text(values['postcode'])!r} is not a Dutch postcode (4 digits and 2 letters, "
            "e.g. 9411 SS)",
        )
        ok = False
    letter = text(values["huisletter"])
    if letter is not None and not re.fullmatch(r"[A-Za-z]", letter):
        tally.problem(label, "huisletter", f"{letter!r} is not a house letter (one letter)")
        ok = False
    xy = _point(geometry)
    if xy is None:
        tally.problem(label, "geometry", "has no location")
        ok = False
    else:
        minx, miny, maxx, maxy = NL_BOUNDS
        if not (minx <= xy[0] <= maxx and miny <= xy[1] <= maxy):
            hint = (
                "these look like degrees: the source did not answer in RD New (EPSG:28992)"
                if abs(xy[0]) <= 180 and abs(xy[1]) <= 180
                else "is the CRS right? RD New x runs 0-300 km, y 300-625 km"
            )
            tally.problem(
                label,
                "geometry",
                f"({xy[0]:.0f}, {xy[1]:.0f}) lies outside the Netherlands: {hint}",
            )
            ok = False
    if not ok:
        return None
    assert home_id is not None and number_text is not None and xy is not None
    return BagHome(
        home_id=home_id,
        pand_refs=pand_refs(values["pand"]),
        straat=text(values["straat"]),
        postcode=postcode,
        huisnummer=int(number_text),
        huisletter=letter,
        toevoeging=text(values["toevoeging"]),
        woonplaats=text(values["woonplaats"]),
        bouwjaar=_year(values["bouwjaar"]),
        x=xy[0],
        y=xy[1],
        where=label,
    )


def collect_homes(
    features: Iterator[tuple[str, Mapping[str, Any], Any]], tally: _Tally
) -> dict[str, BagHome]:
    """Homes by identificatie. A verblijfsobject that comes twice (once per pand in
    some extracts) is one home with the panden of both; twice with different
    addresses is a problem."""
    homes: dict[str, BagHome] = {}
    for where, props, geometry in features:
        home = parse_verblijfsobject(props, geometry, where, tally)
        if home is None:
            continue
        earlier = homes.get(home.home_id)
        if earlier is None:
            homes[home.home_id] = home
            continue
        same = (earlier.postcode, earlier.huisnummer, earlier.huisletter, earlier.toevoeging) == (
            home.postcode,
            home.huisnummer,
            home.huisletter,
            home.toevoeging,
        )
        if not same:
            tally.problem(
                home.where,
                "identificatie",
                f"occurs twice with different addresses ({earlier.where}: "
                f"{show_address(earlier.postcode, earlier.huisnummer)}, here: "
                f"{show_address(home.postcode, home.huisnummer)})",
            )
            continue
        refs = earlier.pand_refs + tuple(r for r in home.pand_refs if r not in earlier.pand_refs)
        homes[home.home_id] = BagHome(
            **{**_fields(earlier), "pand_refs": refs, "bouwjaar": earlier.bouwjaar or home.bouwjaar}
        )
        tally.merged += 1
    return homes


def _fields(home: BagHome) -> dict[str, Any]:
    return {name: getattr(home, name) for name in BagHome.__slots__}


# -- the sources ------------------------------------------------------------------------


def _api_features(
    api: str,
    collection: str,
    bbox: tuple[float, float, float, float],
    progress: Callable[[int, int], None] | None,
) -> Iterator[tuple[str, Mapping[str, Any], Any]]:
    url = f"{api.rstrip('/')}/collections/{collection}/items"
    params = {
        "f": "json",
        "bbox": ",".join(f"{v:.0f}" for v in bbox),
        "bbox-crs": PDOK_CRS,
        "crs": PDOK_CRS,
        "limit": str(PAGE_LIMIT),
    }
    for number, feature in enumerate(fetch_collection(url, params, progress=progress), 1):
        if not isinstance(feature, dict):
            feature = {}  # reported as a feature without the fields of the BAG
        geometry = feature.get("geometry")
        try:
            shape = shapely.geometry.shape(geometry) if geometry else None
        except (AttributeError, TypeError, ValueError, shapely.errors.GEOSException):
            shape = None
        props = dict(feature.get("properties") or {})
        props.setdefault("_feature_id", feature.get("id"))
        yield f"feature {number}", props, shape


def _layer_names(path: Path) -> list[str]:
    try:
        return [str(name) for name, _ in pyogrio.list_layers(path)]
    except Exception as exc:  # pyogrio raises several DataSource/Field errors
        raise DataValidationError([unreadable_file(str(path), exc, "a GeoPackage")]) from None


def _gpkg_layer(
    path: Path,
    layer: str,
    fields: Mapping[str, tuple[str, ...]],
    bbox: tuple[float, float, float, float],
    *,
    geometry: bool,
) -> gpd.GeoDataFrame | pd.DataFrame:
    """The layer's features in `bbox` (RD New), only the fields we know, in RD New."""
    source = str(path)
    try:
        info = pyogrio.read_info(path, layer=layer)
        present = {str(f).lower(): str(f) for f in info["fields"]}
        wanted = [present[n] for names in fields.values() for n in names if n in present]
        crs = CRS(info["crs"]) if info["crs"] else None
        box = bbox
        if crs is not None and not crs.equals(CRS(RD_NEW)):
            box = Transformer.from_crs(RD_NEW, crs, always_xy=True).transform_bounds(*bbox)
        frame = pyogrio.read_dataframe(
            path,
            layer=layer,
            columns=list(dict.fromkeys(wanted)),
            bbox=box,
            read_geometry=geometry,
            fid_as_index=True,
        )
    except Exception as exc:  # pyogrio raises several DataSource/Field errors
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DataValidationError(
            [Problem(source, f"layer {layer}", "", f"cannot be read: {reason}")]
        ) from None
    if geometry and isinstance(frame, gpd.GeoDataFrame):
        if frame.crs is None:
            raise DataValidationError(
                [Problem(source, f"layer {layer}", "", "no coordinate reference system (CRS)")]
            )
        if not CRS(frame.crs).equals(CRS(RD_NEW)):
            frame = frame.to_crs(RD_NEW)
    return frame


def _gpkg_features(
    path: Path, layer: str, bbox: tuple[float, float, float, float]
) -> Iterator[tuple[str, Mapping[str, Any], Any]]:
    frame = _gpkg_layer(path, layer, VBO_FIELDS, bbox, geometry=True)
    columns = [c for c in frame.columns if c != "geometry"]
    geometries = frame.geometry.array if isinstance(frame, gpd.GeoDataFrame) else None
    for i, (fid, values) in enumerate(
        zip(frame.index, frame[columns].itertuples(index=False), strict=True)
    ):
        props = dict(zip(columns, values, strict=True))
        yield (
            f"layer {layer}, feature {fid}",
            props,
            geometries[i] if geometries is not None else None,
        )


def _find_layer(path: Path, name: str) -> str | None:
    layers = _layer_names(path)
    exact = next((n for n in layers if n.lower() == name), None)
    return exact or next((n for n in layers if name in n.lower()), None)


def _pand_years(
    panden: Iterator[tuple[str, Mapping[str, Any], Any]], wanted: set[str]
) -> dict[str, tuple[str, int | None]]:
    """For each wanted pand reference: the pand's identificatie and build year."""
    found: dict[str, tuple[str, int | None]] = {}
    for _, props, _ in panden:
        props = {str(k).lower(): v for k, v in props.items()}
        _, ident = _lookup(props, PAND_FIELDS["identificatie"])
        _, year = _lookup(props, PAND_FIELDS["bouwjaar"])
        ident = _bag_id(ident)
        feature_id = text(props.get("_feature_id"))
        for key in (ident, feature_id):
            if key and key in wanted and ident:
                found[key] = (ident, _year(year))
    return found


# -- the import -------------------------------------------------------------------------


def load_data_dir(data_dir: Path) -> Dataset:
    """The data directory, which must have buurten already."""
    hint = f"import the boundaries first: python -m geo import boundaries --data {data_dir} ..."
    if not data_dir.is_dir():
        raise DataValidationError(
            [Problem(str(data_dir), "file", "", f"no such data directory: {hint}")]
        )
    path, _ = find_table_file(data_dir, BUURTEN)
    if path is None:
        raise DataValidationError(
            [Problem(str(data_dir), "file", "buurten", f"the directory has no buurten: {hint}")]
        )
    return load_dataset(data_dir)


def _buurt_of(homes: list[BagHome], buurten: gpd.GeoDataFrame) -> list[str | None]:
    """The buurtcode each home lies in (None outside every buurt)."""
    if not homes:
        return []
    points = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy([h.x for h in homes], [h.y for h in homes]), crs=RD_NEW
    )
    joined = gpd.sjoin(points, buurten[["buurtcode", "geometry"]], how="left", predicate="within")
    # A point on the line between two buurten lies in both: take one.
    codes = joined[~joined.index.duplicated(keep="first")]["buurtcode"]
    return [text(c) for c in codes.sort_index()]


def corporation_keys(dataset: Dataset) -> tuple[set[str], set[str]]:
    """BAG ids and addresses of the homes that corporation_homes already holds."""
    corp = dataset.corporation_homes
    ids = {v for v in corp.get("verblijfsobject_id", pd.Series(dtype=object)) if text(v)}
    keys = set()
    for row in corp.itertuples(index=False):
        key = address_key(
            row.postcode,
            row.huisnummer,
            getattr(row, "huisletter", None),
            getattr(row, "toevoeging", None),
        )
        if key:
            keys.add(key)
    return {str(i) for i in ids}, keys


def import_addresses(
    data_dir: Path,
    *,
    from_file: Path | None = None,
    api: str = BAG_API,
    progress: Callable[[int, int], None] | None = None,
) -> AddressReport:
    """Replace `data_dir`'s private_homes by the BAG homes in its buurten (all or nothing)."""
    data_dir = Path(data_dir)
    dataset = load_data_dir(data_dir)
    buurten = dataset.buurten
    minx, miny, maxx, maxy = (float(v) for v in buurten.total_bounds)
    bbox = (np.floor(minx), np.floor(miny), np.ceil(maxx), np.ceil(maxy))

    if from_file is not None:
        if not from_file.exists():
            raise DataValidationError([Problem(str(from_file), "file", "", "file not found")])
        source = str(from_file)
        vbo_layer, pand_layer = (
            _find_layer(from_file, "verblijfsobject"),
            _find_layer(from_file, "pand"),
        )
        if vbo_layer is None:
            layers = ", ".join(_layer_names(from_file)) or "none"
            raise DataValidationError(
                [
                    Problem(
                        source,
                        "file",
                        "",
                        f"has no layer verblijfsobject (its layers: {layers}): give a BAG "
                        "GeoPackage such as PDOK's bag-light.gpkg",
                    )
                ]
            )
        tally = _Tally(source)
        homes = collect_homes(_gpkg_features(from_file, vbo_layer, bbox), tally)
        label = f"BAG GeoPackage {from_file.name}"
    else:
        source = f"{api.rstrip('/')}/collections/verblijfsobject/items"
        tally = _Tally(source)
        homes = collect_homes(_api_features(api, "verblijfsobject", bbox, progress), tally)
        label = "PDOK BAG OGC API (verblijfsobject, pand)"
    problems = tally.all_problems()
    box = ", ".join(f"{v:.0f}" for v in bbox)
    if not problems and tally.features == 0:
        problems = [
            Problem(
                source,
                "file",
                "",
                f"has no verblijfsobjecten in the bounding box of the buurten ({box}, RD New): "
                "is it the BAG of this municipality?",
            )
        ]
    if problems:
        raise DataValidationError(problems)

    ordered = sorted(homes.values(), key=lambda h: h.home_id)
    codes = _buurt_of(ordered, buurten)
    inside = [(h, c) for h, c in zip(ordered, codes, strict=True) if c is not None]
    outside = len(ordered) - len(inside)
    if not inside:
        raise DataValidationError(
            [
                Problem(
                    source,
                    "file",
                    "",
                    f"none of its {tally.features} verblijfsobjecten in ({box}) is a home in "
                    f"use inside the buurten ({outside} homes lie outside them)",
                )
            ]
        )
    corp_ids, corp_addresses = corporation_keys(dataset)
    mine = [
        (h, c)
        for h, c in inside
        if h.home_id not in corp_ids
        and address_key(h.postcode, h.huisnummer, h.huisletter, h.toevoeging) not in corp_addresses
    ]
    corporation = len(inside) - len(mine)

    wanted = {h.pand_refs[0] for h, _ in mine if h.pand_refs}
    panden: dict[str, tuple[str, int | None]] = {}
    if wanted:
        if from_file is not None:
            if pand_layer is not None:
                frame = _gpkg_layer(from_file, pand_layer, PAND_FIELDS, bbox, geometry=False)
                rows = (
                    ("", dict(zip(frame.columns, v, strict=True)), None)
                    for v in frame.itertuples(index=False)
                )
                panden = _pand_years(rows, wanted)
            elif not any(h.bouwjaar for h, _ in mine):
                raise DataValidationError(
                    [
                        Problem(
                            source,
                            "file",
                            "",
                            "has no layer pand and no bouwjaar on the verblijfsobjecten: "
                            "give the BAG GeoPackage with its pand layer",
                        )
                    ]
                )
        else:
            panden = _pand_years(_api_features(api, "pand", bbox, progress), wanted)

    previous = dataset.table("private_homes").set_index("home_id", drop=False)
    records = []
    without_pand = bad_year = kept = 0
    resolved = []
    for home, code in mine:
        ref = home.pand_refs[0] if home.pand_refs else None
        pand_id, year = panden.get(ref, (None, None)) if ref else (None, None)
        if pand_id is None and ref and BAG_ID.fullmatch(ref):
            pand_id = ref  # an identificatie already, even when the pand was not found
        year = year if year is not None else home.bouwjaar
        if pand_id is None:
            without_pand += 1
        if year is not None and not YEAR[0] <= year <= YEAR[1]:
            year, bad_year = None, bad_year + 1
        resolved.append((home, code, pand_id, year))
    # Homes per pand, corporation homes included: one home in its pand is a
    # single-family house, more are flats (the BAG knows no finer type; EP-Online's
    # gebouwtype does, and a type set before is kept).
    homes_per_pand: dict[str, int] = {}
    for home in ordered:
        if home.pand_refs:
            homes_per_pand[home.pand_refs[0]] = homes_per_pand.get(home.pand_refs[0], 0) + 1
    for home, code, pand_id, year in resolved:
        woningtype: str | None = None
        if home.pand_refs:
            many = homes_per_pand[home.pand_refs[0]] > 1
            woningtype = "appartement" if many else "eengezinswoning"
        energy: str | None = None
        if home.home_id in previous.index:
            before = previous.loc[home.home_id]
            energy = text(before["energielabel"])
            woningtype = text(before["woningtype"]) or woningtype
            kept += energy is not None
        records.append(
            {
                "home_id": home.home_id,
                "pand_id": pand_id,
                "straat": home.straat,
                "postcode": home.postcode,
                "huisnummer": home.huisnummer,
                "huisletter": home.huisletter,
                "toevoeging": home.toevoeging,
                "woonplaats": home.woonplaats,
                "bouwjaar": year,
                "woningtype": woningtype,
                "energielabel": energy,
                "buurtcode": code,
                "geometry": shapely.Point(home.x, home.y),
            }
        )
    frame = private_homes_frame(records)
    with staged(data_dir) as stage:
        stage.write_table("private_homes", frame)
        stage.set_manifest(provenance={"private_homes": provenance(label, BAG_LICENCE)})
    return AddressReport(
        homes=len(frame),
        outside=outside,
        not_homes=tally.not_homes,
        corporation=corporation,
        kept_labels=kept,
        without_pand=without_pand,
        bad_bouwjaar=bad_year,
        source=label,
    )


PRIVATE_COLUMNS = {
    "home_id": "string",
    "pand_id": "string",
    "straat": "string",
    "postcode": "string",
    "huisnummer": "Int64",
    "huisletter": "string",
    "toevoeging": "string",
    "woonplaats": "string",
    "bouwjaar": "Int64",
    "woningtype": "string",
    "energielabel": "string",
    "buurtcode": "string",
}


def private_homes_frame(records: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    """The private_homes table (with huisletter, toevoeging and woonplaats beside the
    schema's columns: the schema's huisnummer is a whole number)."""
    frame = pd.DataFrame.from_records(records, columns=[*PRIVATE_COLUMNS, "geometry"])
    columns = {name: frame[name].astype(dtype) for name, dtype in PRIVATE_COLUMNS.items()}  # type: ignore[call-overload]
    return gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries(frame["geometry"], crs=RD_NEW))


# -- the command ------------------------------------------------------------------------


COMMAND_HELP = """\
The homes of the BAG in the buurten of the data directory (import boundaries
first), into private_homes: verblijfsobjecten with a woonfunctie whose status is in
use ("Verblijfsobject in gebruik", "... (niet ingemeten)", "Verbouwing
verblijfsobject"), with the build year of their pand. From PDOK's BAG OGC API (the
bounding box of the buurten, paged), or with --from from a BAG GeoPackage with
layers verblijfsobject and pand (e.g. PDOK's bag-light.gpkg). Homes outside every
buurt are left out, as are homes already in corporation_homes; energy labels of
homes imported before are kept. Checked first: the data directory changes only when
everything is right.
"""

FIELDS_HELP = (
    "Field names accepted (any case), verblijfsobject:\n"
    + "".join(f"  {ours}: {', '.join(names)}\n" for ours, names in VBO_FIELDS.items())
    + "pand:\n"
    + "".join(f"  {ours}: {', '.join(names)}\n" for ours, names in PAND_FIELDS.items())
    + "A pand relation may be BAG identificaties (comma-separated) or links to pand "
    "features (the OGC API's pand.href)."
)


def _cmd(args: argparse.Namespace) -> int:
    report = import_addresses(
        Path(args.data),
        from_file=Path(args.from_file) if args.from_file else None,
        api=args.api,
        progress=stderr_progress,
    )
    print(f"imported {report.homes} homes into {args.data} (private_homes) from {report.source}")
    if report.outside:
        print(f"  left out {report.outside} homes outside the buurten (other municipalities)")
    if report.corporation:
        print(f"  left out {report.corporation} homes that are in corporation_homes")
    print(f"  skipped {report.not_homes} verblijfsobjecten without woonfunctie or not in use")
    if report.kept_labels:
        print(f"  kept {report.kept_labels} energy labels from the previous private_homes")
    if report.without_pand:
        print(f"  {report.without_pand} homes without a pand (no build year)")
    if report.bad_bouwjaar:
        print(f"  {report.bad_bouwjaar} build years outside {YEAR[0]}-{YEAR[1]} left empty")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`import addresses`: from PDOK's BAG OGC API, or from a BAG GeoPackage with --from."""
    p = sub.add_parser(
        "addresses",
        help="the homes of the BAG in the municipality's buurten (PDOK, or a BAG GeoPackage)",
        description=COMMAND_HELP,
        epilog=FIELDS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--data", required=True, help="data directory with buurten")
    p.add_argument("--from", dest="from_file", metavar="FILE", help="a BAG GeoPackage")
    p.add_argument("--api", default=BAG_API, help="BAG OGC API base URL")
    p.set_defaults(func=_cmd)
