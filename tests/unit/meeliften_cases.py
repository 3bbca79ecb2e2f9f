"""Hand-made homes for the meeliften tests, and what a viewer can work out.

`private(...)` and `corporation(...)` build GeoDataFrames in EPSG:28992 with the
columns and dtypes of data/demo/private_homes.geojson and corporation_homes.geojson
as the loader gives them. Coordinates are metres from ORIGIN, so a home at (150, 0)
is exactly 150 m from a project home at (0, 0).

`derivable(full, shown)` is the viewer's arithmetic: everything `for_viewers` shows,
plus what a viewer knows besides (listed there), propagated through the sums that tie
the tables together. It returns every hidden count that comes out as one number.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from geo.meeliften import LABEL_COLUMNS, MIN_SHOWN, Result

CRS = "EPSG:28992"
ORIGIN = (230_000.0, 545_000.0)
# A CBS buurtcode is BU + gemeente (4) + wijk (2) + buurt (2).
BU_A = "BU17310100"  # wijk 173101
BU_A2 = "BU17310101"  # the same wijk 173101, another buurt
BU_B = "BU17310200"  # wijk 173102

PRIVATE_TEXT = ("home_id", "pand_id", "straat", "postcode", "woningtype", "energielabel")
PRIVATE_INT = ("huisnummer", "bouwjaar")
CORPORATION_TEXT = (
    "home_id", "corporation", "complex_id", "pand_id", "straat", "postcode", "woningtype",
    "energielabel", "buurtcode", "measure", "measure_status",
)  # fmt: skip
CORPORATION_INT = ("huisnummer", "bouwjaar", "measure_year", "completed_year")

PRIVATE_DEFAULTS: dict[str, Any] = {
    "pand_id": None,
    "straat": "Dorpsstraat",
    "postcode": None,
    "huisnummer": 1,
    "bouwjaar": 1970,
    "woningtype": "rijwoning",
    "energielabel": "E",
    "buurtcode": BU_A,
}
CORPORATION_DEFAULTS: dict[str, Any] = {
    "corporation": "Woonservice",
    "complex_id": "C1",
    "pand_id": None,
    "straat": "Projectweg",
    "postcode": None,
    "huisnummer": 1,
    "bouwjaar": 1970,
    "woningtype": "eengezinswoning",
    "energielabel": "D",
    "buurtcode": BU_A,
    "measure": "verduurzaming",
    "measure_year": 2024,
    "measure_status": "gepland",
    "completed_year": None,
    "heating_change": False,
}


def _frame(
    rows: Iterable[dict[str, Any]],
    defaults: dict[str, Any],
    text: tuple[str, ...],
    ints: tuple[str, ...],
) -> gpd.GeoDataFrame:
    rows = list(rows)
    columns = ["home_id", *defaults]
    records = [{c: row.get(c, defaults.get(c)) for c in columns} for row in rows]
    frame = pd.DataFrame(records, columns=columns)
    dtypes = {c: "string" for c in (*text, "buurtcode") if c in frame}
    dtypes |= {c: "Int64" for c in ints if c in frame}
    if "heating_change" in frame:
        dtypes["heating_change"] = "boolean"
    frame = frame.astype(dtypes)
    geometry = [
        None if row.get("x") is None else shapely.Point(ORIGIN[0] + row["x"], ORIGIN[1] + row["y"])
        for row in rows
    ]
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, crs=CRS), crs=CRS)


def home(home_id: str, x: float | None, y: float | None = 0.0, **columns: Any) -> dict[str, Any]:
    """One home at (x, y) metres from ORIGIN (x None: no geometry)."""
    return {"home_id": home_id, "x": x, "y": y, **columns}


def private(*homes: dict[str, Any]) -> gpd.GeoDataFrame:
    return _frame(homes, PRIVATE_DEFAULTS, PRIVATE_TEXT, PRIVATE_INT)


def corporation(*homes: dict[str, Any]) -> gpd.GeoDataFrame:
    return _frame(homes, CORPORATION_DEFAULTS, CORPORATION_TEXT, CORPORATION_INT)


def buurten(*codes: str) -> gpd.GeoDataFrame:
    codes = codes or (BU_A, BU_A2, BU_B)
    return gpd.GeoDataFrame(
        {
            "buurtcode": pd.array(list(codes), dtype="string"),
            "buurtnaam": pd.array([f"Buurt {c[-4:]}" for c in codes], dtype="string"),
        },
        geometry=[shapely.box(0, 0, 1, 1)] * len(codes),
        crs=CRS,
    )


class Street:
    """Private homes on one street, all within 100 m of a project home at ORIGIN:
    `labels` candidate homes per label (None: no label), and `others` homes with label
    A (never a candidate at max_label D) that count in the street's share."""

    counter = 0

    def __init__(
        self, straat: str, buurtcode: str, labels: dict[str | None, int], others: int = 0
    ) -> None:
        self.homes: list[dict[str, Any]] = []
        for label, count in [*labels.items(), ("A", others)]:
            for _ in range(count):
                k = Street.counter = Street.counter + 1
                self.homes.append(
                    home(
                        f"{straat}-{k}",
                        (k % 20) * 5 - 50,
                        (k // 20 % 20) * 5 - 50,
                        straat=straat,
                        buurtcode=buurtcode,
                        energielabel=label,
                    )
                )


def streets(*streets: Street) -> gpd.GeoDataFrame:
    return private(*(h for s in streets for h in s.homes))


ONE_PROJECT = corporation(home("K1", 0, 0))


# -- what a viewer can work out --------------------------------------------------------

Var = tuple[Any, ...]
BIG = 10**9


def _keys(frame: pd.DataFrame, table: str) -> list[Any]:
    if table == "streets":
        return list(zip(frame["buurtcode"], frame["straat"], strict=True))
    return list(frame["project_id" if table == "projects" else "buurtcode"])


def derivable(full: Result, shown: Result, *, ranks: bool = True) -> dict[Var, int]:
    """The hidden counts a viewer can work out exactly: {cell: count}.

    A viewer sees `shown` (for_viewers) and knows besides:
    - the total number of candidates (the app's panel shows it to everyone), or, when
      that is 1-4, that it is 1-4 (the panel says "< 5");
    - which projects, streets and buurten there are, and which buurt a street is in
      (the corporations' plans and a street map);
    - that zeros are shown, so a hidden cell is at least 1, and a row left out of a
      table has at least one candidate; label cells are shown per buurt only (the
      streets' and projects' label columns are empty), so there a hidden label cell
      may be 0;
    - the sums: a row's label cells add up to its candidates; each table adds up to
      the total, label by label too; a buurt's streets add up to the buurt (when every
      candidate lies on a named street in its own buurt, as in the demo);
    - with `ranks`, the rank column: rows are in order of candidates. Ranks with gaps
      say where the left-out rows stood, and a left-out row lies between its shown
      neighbours (taken here as known which row stood in which gap: generous to the
      viewer); ranks 1..n (for_viewers renumbers) say only how the shown rows are
      ordered, which their counts say already.
    Interval propagation over these sums: what it pins down is truly derivable (it may
    miss some derivations, never invent one).
    """
    total = full.total
    seen_total = shown.total_for(facilitator=False)
    # What the viewer knows of the total bounds every count (seen_total None: 1-4).
    ceiling = total if seen_total is not None else MIN_SHOWN - 1
    low: dict[Var, int] = {}
    high: dict[Var, int] = {}
    truth: dict[Var, int] = {}
    hidden: set[Var] = set()
    sums: list[tuple[list[Var], list[Var]]] = []
    order: list[tuple[Var, Var]] = []

    def cell(name: Var, value: int, known: bool, minimum: int = 0) -> None:
        truth[name] = value
        if known:
            low[name] = high[name] = value
        else:
            hidden.add(name)
            low[name], high[name] = minimum, ceiling

    cell(("total",), total, seen_total is not None, 1)
    for label in LABEL_COLUMNS:
        cell(("total", label), int(full.projects[label].sum()), False)
    sums.append(([("total", label) for label in LABEL_COLUMNS], [("total",)]))
    for table in ("projects", "streets", "buurten"):
        rows, seen_frame = getattr(full, table), getattr(shown, table)
        seen = dict(zip(_keys(seen_frame, table), seen_frame.to_dict("records"), strict=True))
        keys = _keys(rows, table)
        for key, row in zip(keys, rows.to_dict("records"), strict=True):
            view = seen.get(key)
            count = int(row["candidates"])
            known = view is not None and not pd.isna(view["candidates"])
            cell((table, key), count, known, 1 if count else 0)
            # Zeros are shown where labels are: in a shown buurt's row (the rule), or in
            # any row that shows a label cell.
            labelled = view is not None and (
                table == "buurten" or any(not pd.isna(view[c]) for c in LABEL_COLUMNS)
            )
            for label in LABEL_COLUMNS:
                shown_cell = view is not None and not pd.isna(view[label])
                cell((table, key, label), int(row[label]), shown_cell, int(labelled))
            sums.append(([(table, key, label) for label in LABEL_COLUMNS], [(table, key)]))
        if table != "streets" or int(rows["candidates"].sum()) == total:
            sums.append(([(table, k) for k in keys], [("total",)]))
            for label in LABEL_COLUMNS:
                sums.append(([(table, k, label) for k in keys], [("total", label)]))
        if ranks:
            renumbered = sorted(seen_frame["rank"]) == list(range(1, len(seen_frame) + 1))
            ranked = _keys((seen_frame if renumbered else rows).sort_values("rank"), table)
            order += [((table, a), (table, b)) for a, b in pairwise(ranked)]
    per_buurt = full.streets.groupby("buurtcode")["candidates"].sum()
    street_keys = _keys(full.streets, "streets")
    for code, count in zip(full.buurten["buurtcode"], full.buurten["candidates"], strict=True):
        if per_buurt.get(code, 0) != count:
            continue
        inside = [("streets", k) for k in street_keys if k[0] == code]
        sums.append((inside, [("buurten", code)]))
        for label in LABEL_COLUMNS:
            sums.append(([(*v, label) for v in inside], [("buurten", code, label)]))

    for left, right in sums:
        assert len({*left, *right}) == len(left) + len(right), (left, right)
    for _ in range(1000):
        changed = False
        for left, right in sums:
            for side, other in ((left, right), (right, left)):
                other_low = sum(low[v] for v in other)
                other_high = sum(high[v] for v in other)
                # The side's sums, kept up to date as its cells narrow (each cell once in
                # a side, checked above): linear, not quadratic, in the side's length.
                side_low = sum(low[w] for w in side)
                side_high = sum(high[w] for w in side)
                for v in side:
                    rest_low = side_low - low[v]
                    rest_high = side_high - high[v]
                    new_low = max(low[v], other_low - rest_high)
                    new_high = min(high[v], other_high - rest_low)
                    if (new_low, new_high) != (low[v], high[v]):
                        side_low += new_low - low[v]
                        side_high += new_high - high[v]
                        low[v], high[v], changed = new_low, new_high, True
        for upper, lower in order:
            if low[upper] < low[lower]:
                low[upper], changed = low[lower], True
            if high[lower] > high[upper]:
                high[lower], changed = high[upper], True
        if not changed:
            break
    for v, value in truth.items():  # the arithmetic itself must be right
        assert low[v] <= value <= high[v], (v, low[v], value, high[v])
    # The label totals are not published as such (only the buurten's labels); the total
    # itself is, when it is 5 or more.
    return {
        v: truth[v]
        for v in hidden
        if (v[0] != "total" or v == ("total",)) and low[v] == high[v] and truth[v] > 0
    }


def small_derivable(full: Result, shown: Result, *, ranks: bool = True) -> dict[Var, int]:
    """The derivable hidden counts of 1-4 homes: what the small-numbers rule protects."""
    return {v: n for v, n in derivable(full, shown, ranks=ranks).items() if n < 5}
