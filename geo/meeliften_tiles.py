"""Meeliften for a whole country: `geo.meeliften` per tile, with the same answer.

analyse() on all of the Netherlands at once (about 8 million homes) holds every
private home, the STRtree and every pair in memory together: 5.75 GB in
benchmarks/meeliften.py. This splits the private homes into square tiles (10 km by
default) and calls candidates() once per batch of tiles with only the project homes
those tiles can reach:

- the project homes within the radius of the tile (the halo): every project home whose
  square of side 2 x (radius + 1 m) overlaps the tile. A home near the tile's edge may
  belong to a project in the next tile, and must when that one is nearest;
- the project homes on a street (street name in the wijk) that one of the tile's
  private homes is on: the same-street rule has no distance limit.

A private home's (near and similar) project homes are then exactly those candidates()
finds for it on the whole country, and so are its nearest project, its distance and its
same-street flag: the union of the tiles' results is candidates()' result, and the
aggregates (`analyse_in_tiles`) are analyse()'s. Project ids (complex + year) do not
depend on the tile. tests/unit/test_meeliften_property.py checks the equality with
tiles smaller than the radius.

The project homes of the year window are few (tens of thousands for the country) and
stay in memory with their halo index; private homes come a batch of tiles at a time
(`geopackage_tiles` reads them through the GeoPackage's spatial index), so memory is
bounded by the batch, not the country. `python -m geo meeliften` takes this path for
a private_homes GeoPackage of more than TILED_ABOVE homes (or with --tiled).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
from pyproj import CRS

from geo.dataset import RD_NEW
from geo.errors import DataValidationError, Problem
from geo.meeliften import (
    Parameters,
    Result,
    _street_key,
    _wijk_of,
    aggregate,
    candidates,
    no_candidates,
    private_totals,
    project_homes,
)

TILE_M = 10_000.0
TILED_ABOVE = 1_000_000  # homes: below this, analyse() in memory needs well under 1 GB
BATCH_HOMES = 250_000  # a batch of whole tiles holds at least this many (the last fewer)
HALO_SLACK_M = 1.0  # more than any rounding in x - radius; a larger halo changes nothing
TILE_CODE = 1_000_000  # tile = tx * TILE_CODE + ty (RD coordinates are positive)
EMPTY = np.array([], dtype=np.int64)


def tile_of(x: np.ndarray, y: np.ndarray, tile_m: float = TILE_M) -> np.ndarray:
    """One int64 code per square of side `tile_m`."""
    tx = np.floor(np.asarray(x) / tile_m).astype(np.int64)
    ty = np.floor(np.asarray(y) / tile_m).astype(np.int64)
    return tx * TILE_CODE + ty


def _halo(projects: gpd.GeoDataFrame, reach: float, tile_m: float) -> pd.DataFrame:
    """(tile, project row) for every tile that a project home's halo square overlaps."""
    x, y = projects.geometry.x.to_numpy(), projects.geometry.y.to_numpy()
    x0 = np.floor((x - reach) / tile_m).astype(np.int64)
    y0 = np.floor((y - reach) / tile_m).astype(np.int64)
    nx = np.floor((x + reach) / tile_m).astype(np.int64) - x0 + 1
    ny = np.floor((y + reach) / tile_m).astype(np.int64) - y0 + 1
    count = nx * ny
    row = np.repeat(np.arange(len(projects)), count)
    k = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    tile = (x0[row] + k // ny[row]) * TILE_CODE + (y0[row] + k % ny[row])
    return pd.DataFrame({"tile": tile, "c": row})


def _positions(frame: pd.DataFrame, key: str) -> dict[object, np.ndarray]:
    if frame.empty:
        return {}
    grouped = frame.groupby(key)["c"]
    return {k: np.sort(v.to_numpy()) for k, v in grouped}


class ProjectIndex:
    """The project homes of the window, and per tile the rows that tile can reach."""

    def __init__(
        self, corporation_homes: pd.DataFrame, params: Parameters, tile_m: float = TILE_M
    ) -> None:
        self.params = params
        self.tile_m = tile_m
        self.projects = project_homes(corporation_homes, params)
        self._by_tile = _positions(
            _halo(self.projects, params.radius_m + HALO_SLACK_M, tile_m), "tile"
        )
        keys = self.projects["street_key"].to_numpy(dtype=object)
        named = np.array([isinstance(k, str) for k in keys], dtype=bool)
        streets = pd.DataFrame({"key": keys[named], "c": np.flatnonzero(named)})
        self._by_street = _positions(streets, "key")

    def reachable(self, tiles: Iterable[int], street_keys: Iterable[object]) -> np.ndarray:
        """Rows of `projects` a private home in one of `tiles` on one of `street_keys`
        may join."""
        parts = [EMPTY, *(self._by_tile.get(t, EMPTY) for t in tiles)]
        if self.params.same_street:
            parts += [self._by_street.get(k, EMPTY) for k in set(street_keys)]
        return np.unique(np.concatenate(parts))


def candidates_in_tiles(
    batches: Iterable[tuple[Sequence[int], pd.DataFrame]],
    index: ProjectIndex,
    *,
    on_batch: Callable[[int, int, int], None] | None = None,
) -> Iterator[gpd.GeoDataFrame]:
    """candidates() per batch of tiles: (tile codes, their private homes) in, their
    candidates out. A batch is one tile or several (fewer, larger calls: each call of
    candidates() costs some tens of milliseconds whatever its size).

    Every private home must lie in one of the tiles it comes with (tile_of its point).
    `on_batch(tiles, private rows, project rows)` is called before each batch."""
    for tiles, private_homes in batches:
        rows = index.reachable(tiles, street_keys(private_homes)) if len(private_homes) else EMPTY
        if on_batch is not None:
            on_batch(len(tiles), len(private_homes), len(rows))
        if len(rows):
            # As `projects`: project_homes() of a subset would name the projects anew,
            # without the corporation in front of a complex number another corporation
            # shares outside this batch.
            reachable = index.projects.iloc[rows].reset_index(drop=True)
            yield candidates(private_homes, reachable, index.params, projects=reachable)


def batched(tiles: Iterable[int], homes: dict[int, int], batch_homes: int) -> Iterator[list[int]]:
    """Consecutive tiles (in `tiles`' order) in batches of at least `batch_homes` homes
    (0: one tile per batch)."""
    batch: list[int] = []
    count = 0
    for tile in tiles:
        batch.append(int(tile))
        count += homes[tile]
        if count >= batch_homes:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


def street_keys(private_homes: pd.DataFrame) -> list[object]:
    """The street keys (wijk + street name, as candidates() matches them) of the homes,
    each once. All homes, not only the eligible: more project homes than needed change
    no home's result (a pair needs the radius or the street)."""
    streets = private_homes[["buurtcode", "straat"]].drop_duplicates()
    return list(_street_key(streets["straat"], _wijk_of(streets["buurtcode"])))


def partitioned_candidates(
    private_homes: pd.DataFrame,
    corporation_homes: pd.DataFrame,
    params: Parameters,
    *,
    tile_m: float = TILE_M,
    batch_homes: int = 0,
) -> gpd.GeoDataFrame:
    """candidates(private_homes, corporation_homes, params), computed per tile (or per
    batch of whole tiles of at least `batch_homes` homes), rows in the order
    candidates() gives them (private_homes' order)."""
    empty = no_candidates(private_homes.crs)
    located = private_homes[private_homes.geometry.notna().to_numpy(dtype=bool)]
    if located.empty:
        return empty
    index = ProjectIndex(corporation_homes, params, tile_m)
    codes = tile_of(located.geometry.x.to_numpy(), located.geometry.y.to_numpy(), tile_m)
    indices = pd.Series(np.arange(len(located))).groupby(codes).indices
    groups: dict[int, np.ndarray] = {int(str(k)): np.asarray(v) for k, v in indices.items()}
    batches = (
        (tiles, located.iloc[np.concatenate([groups[t] for t in tiles])])
        for tiles in batched(groups, {t: len(rows) for t, rows in groups.items()}, batch_homes)
    )
    parts = [part for part in candidates_in_tiles(batches, index) if not part.empty]
    if not parts:
        return empty
    found = pd.concat(parts, ignore_index=True)
    order = pd.Index(located["home_id"]).get_indexer(found["home_id"])
    found = found.iloc[np.argsort(order, kind="stable")].reset_index(drop=True)
    return gpd.GeoDataFrame(found, geometry="geometry", crs=private_homes.crs)


Batch = tuple[Sequence[int], pd.DataFrame]


def analyse_in_tiles(
    batches: Iterable[Batch],
    corporation_homes: pd.DataFrame,
    buurten: pd.DataFrame,
    params: Parameters,
    *,
    tile_m: float = TILE_M,
    on_batch: Callable[[int, int, int], None] | None = None,
) -> Result:
    """analyse() over private homes that come in batches of tiles (tile codes of
    `tile_m` squares, their homes): the same Result, without ever holding them all."""
    index = ProjectIndex(corporation_homes, params, tile_m)
    totals: list[pd.Series] = []

    def counted(source: Iterable[Batch]) -> Iterator[Batch]:
        for tiles, homes in source:
            totals.append(private_totals(homes))
            yield tiles, homes

    parts = candidates_in_tiles(counted(batches), index, on_batch=on_batch)
    found = [p for p in parts if not p.empty]
    all_found = pd.concat(found, ignore_index=True) if found else no_candidates(RD_NEW)
    total = pd.concat(totals).groupby(level=[0, 1], dropna=False).sum() if totals else None
    if total is None:
        total = pd.Series([], dtype="int64", index=pd.MultiIndex.from_arrays([[], []]))
    total.index.names = ["buurtcode", "straat"]
    return aggregate(
        gpd.GeoDataFrame(all_found, geometry="geometry", crs=RD_NEW),
        index.projects,
        total.rename("private_homes"),
        buurten,
        params,
    )


def is_large(path: Path | None) -> bool:
    """A GeoPackage of more than TILED_ABOVE homes: the tiled path's work."""
    if path is None or path.suffix != ".gpkg":
        return False
    try:
        return int(pyogrio.read_info(path)["features"]) > TILED_ABOVE
    except Exception:  # unreadable: the loader reports it with its own message
        return False


def _occupied_tiles(path: Path, tile_m: float) -> dict[int, int] | None:
    """Tile code -> about how many homes, from the GeoPackage's R-tree (one SQL pass, no
    geometry read); None without one. R-tree boxes are float32, rounded outwards, so a
    box near an edge may name both tiles: a tile too many is read and found empty."""
    floor = "(CAST({v} / :t AS INTEGER) - ({v} < 0 AND {v} / :t != CAST({v} / :t AS INTEGER)))"
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            row = db.execute(
                "SELECT table_name, column_name FROM gpkg_extensions "
                "WHERE extension_name = 'gpkg_rtree_index' LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            name = f"rtree_{row[0]}_{row[1]}".replace('"', '""')  # quoted identifier
            rtree = f'"{name}"'
            counts: dict[int, int] = {}
            for x, y in (("minx", "miny"), ("maxx", "maxy"), ("minx", "maxy"), ("maxx", "miny")):
                query = (
                    f"SELECT {floor.format(v=x)}, {floor.format(v=y)}, count(*) "
                    f"FROM {rtree} GROUP BY 1, 2"
                )
                for tx, ty, n in db.execute(query, {"t": tile_m}):
                    code = int(tx) * TILE_CODE + int(ty)
                    counts[code] = max(counts.get(code, 0), int(n))
            return counts
    except sqlite3.Error:
        return None


def geopackage_tiles(
    path: Path,
    read: Callable[[pd.DataFrame, str], pd.DataFrame],
    *,
    tile_m: float = TILE_M,
    batch_homes: int = BATCH_HOMES,
) -> Iterator[Batch]:
    """The homes of a GeoPackage in batches of whole tiles, each tile read through the
    file's spatial index (a bbox query), so a batch's homes are all that is in memory.
    `read(frame, file)` checks and coerces a batch as the data directory's loader does
    (once per batch: a check has a fixed cost) and raises DataValidationError on a bad
    row, named by its feature id."""
    info = pyogrio.read_info(path)
    if not CRS(info["crs"] or "EPSG:4326").equals(RD_NEW):
        problem = "read tile by tile only in RD New (EPSG:28992): convert it (ogr2ogr -t_srs)"
        raise DataValidationError([Problem(str(path), "file", "geometry", problem)])
    if info["features"] == 0:
        return
    occupied = _occupied_tiles(path, tile_m)
    if occupied is None:  # no spatial index: every tile of the extent (empty ones too)
        minx, miny, maxx, maxy = info["total_bounds"]
        xs = range(int(np.floor(minx / tile_m)), int(np.floor(maxx / tile_m)) + 1)
        ys = range(int(np.floor(miny / tile_m)), int(np.floor(maxy / tile_m)) + 1)
        occupied = {tx * TILE_CODE + ty: 1 for tx in xs for ty in ys}
    for tiles in batched(sorted(occupied), occupied, batch_homes):
        frames = []
        for code in tiles:
            tx, ty = divmod(code, TILE_CODE)
            box = (tx * tile_m, ty * tile_m, (tx + 1) * tile_m, (ty + 1) * tile_m)
            frame = pyogrio.read_dataframe(path, bbox=box, fid_as_index=True, use_arrow=True)
            # A point on a tile's edge is in two bboxes: it is of the tile of tile_of().
            mine = tile_of(frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy(), tile_m)
            frames.append(frame[mine == code])
        homes = pd.concat(frames)
        if homes.empty:
            continue
        homes.index = homes.index - 1  # GeoPackage fids count from 1, rows from 0
        yield tiles, read(homes, str(path))
