"""Attention points: what the parties should discuss, area by area.

Four kinds, each an `AttentionPoint` with the area, the buurt a map link selects, and
a sentence of the message catalogue with its values:

- `regret`: sustainability work that changes the heating system (`heating_change`),
  planned for the year in an area whose heat strategy is still unknown, whose phase
  comes later, or that has no phasing at all: the risk of a regret investment.
  Insulation and other no-regret work never counts (DESIGN.md, "No-regret work is
  not a conflict"), nor does new building.
- `no_vision`: liveability attention areas designated for the year without a wijk- or
  buurtvisie, from the agreement store's current state (the one the map shows), or,
  without it, from the data directory's `attention_areas`.
- `park`: holiday parks in a vitality class of `ConflictRules.park_vitality` (not
  vital) where households of the corporations' target group live.
- `labels`: buurten where many private homes have a poor energy label and no
  corporation verduurzaming or renovatie project of the period is near them.

Counts of homes and households of 1-4 are written as "fewer than 5" (DESIGN.md,
"Small numbers").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.agreements import designated
from geo.codes import LABEL_RANK, split_reasons
from geo.dataset import Dataset
from geo.monitoring import Msg, Note, Num, Pct, classify_phase, count_or_hidden
from geo.targets import ConflictRules
from geo.yearview import buurt_phasing

if TYPE_CHECKING:  # geo.config reads the rules of this module's callers
    from geo.config import Settings

Kind = Literal["regret", "no_vision", "park", "labels"]
KINDS: tuple[Kind, ...] = ("regret", "no_vision", "park", "labels")
PROJECT_MEASURES = ("verduurzaming", "renovatie")
# Phase classes (geo.monitoring.classify_phase) where a heating change may be regretted.
REGRET_CLASSES = ("undecided", "later", "none")


@dataclass(frozen=True)
class AttentionPoint:
    """One thing to discuss about one area."""

    kind: Kind
    area_code: str | None  # buurt or wijk code; None for a drawn area or a park
    area_name: str
    buurtcode: str | None  # the buurt a link to the map selects (None: none found)
    year: int | None  # None: not about one year (a park, the whole period)
    note: Note
    geometry: BaseGeometry | None = None

    def text(self, lang: str) -> str:
        return self.note.text(lang)


def _names(dataset: Dataset) -> dict[str, str]:
    """Buurt and wijk names by code."""
    names = dict(zip(dataset.buurten["buurtcode"], dataset.buurten["buurtnaam"], strict=True))
    names.update(zip(dataset.wijken["wijkcode"], dataset.wijken["wijknaam"], strict=True))
    return {str(k): str(v) for k, v in names.items()}


def _geometries(dataset: Dataset) -> dict[str, BaseGeometry]:
    """Buurt and wijk polygons by code (for map highlights)."""
    out = dict(zip(dataset.buurten["buurtcode"], dataset.buurten.geometry, strict=True))
    out.update(zip(dataset.wijken["wijkcode"], dataset.wijken.geometry, strict=True))
    return out


def buurt_for(dataset: Dataset, code: object, geometry: BaseGeometry | None = None) -> str | None:
    """The buurt a map link selects for an area: the buurt itself, a wijk's first
    buurt (by code), or the buurt holding a drawn area's or a point's inner point."""
    buurten = dataset.buurten
    if isinstance(code, str) and code in set(buurten["buurtcode"]):
        return code
    if isinstance(code, str) and code.startswith("WK"):
        mine = sorted(buurten.loc[buurten["wijkcode"] == code, "buurtcode"])
        if mine:
            return str(mine[0])
    if geometry is not None and not geometry.is_empty:
        point = geometry.representative_point()
        hits = buurten[buurten.contains(point)]
        if not hits.empty:
            return str(hits["buurtcode"].iloc[0])
    return None


# -- regret: heating changes ahead of the heat strategy ----------------------------------


def regret_risks(dataset: Dataset, year: int) -> list[AttentionPoint]:
    """Heating-changing sustainability work planned for `year` in areas whose heat
    strategy is unknown, whose phase starts later, or that have no phasing; one point
    per heat-phasing area (a wijk, or a buurt with its own phasing)."""
    if dataset.heat_phasing.empty:
        return []  # no phasing at all: nothing to weigh the work against
    homes = dataset.corporation_homes
    change = homes["heating_change"].fillna(False).astype(bool)
    work = homes[
        homes["measure"].isin(PROJECT_MEASURES).fillna(False).astype(bool)
        & change
        & (homes["measure_year"] == year).fillna(False).astype(bool)
        & homes["buurtcode"].notna()
    ]
    if work.empty:
        return []
    phasing = buurt_phasing(dataset.buurten, dataset.heat_phasing)
    joined = phasing.reindex(work["buurtcode"].astype(object))
    index = work.index
    phase = classify_phase(
        pd.Series(joined["period_start"].to_numpy(), index=index),
        pd.Series(joined["period_end"].to_numpy(), index=index),
        pd.Series(joined["strategy"].to_numpy(), index=index),
        pd.Series(year, index=index),
    )
    wijk_of = dict(zip(dataset.buurten["buurtcode"], dataset.buurten["wijkcode"], strict=True))
    area = pd.Series(joined["area_code"].to_numpy(), index=index).fillna(
        work["buurtcode"].map(wijk_of)
    )
    frame = pd.DataFrame(
        {
            "area": area,
            "phase": phase,
            "buurtcode": work["buurtcode"],
            "measure": work["measure"],
            "corporation": work["corporation"],
        }
    )
    frame = frame[frame["phase"].isin(REGRET_CLASSES)]
    heat = dataset.heat_phasing.set_index("area_code")
    names, shapes = _names(dataset), _geometries(dataset)
    out = []
    for (code, klass), group in frame.groupby(["area", "phase"], sort=True):
        code = str(code)
        values: dict[str, object] = {
            "homes": count_or_hidden(len(group)),
            "year": year,
            "measures": tuple(Msg(f"measure.{m}") for m in sorted(set(group["measure"]))),
            "corporations": ", ".join(sorted({str(c) for c in group["corporation"]})),
            "area": names.get(code, code),
        }
        if code in heat.index:
            row = heat.loc[code]
            values["period"] = f"{row['period_start']}–{row['period_end']}"
            values["strategy"] = Msg(f"strategy.{row['strategy']}")
        # The link selects the buurt where most of this work lies.
        counts = group["buurtcode"].value_counts()
        link = str(sorted(counts[counts == counts.max()].index)[0])
        out.append(
            AttentionPoint(
                "regret",
                code,
                names.get(code, code),
                link,
                year,
                Note(f"conflict.text.regret.{klass}", values),
                shapes.get(code),
            )
        )
    return out


# -- attention areas without a neighbourhood vision ----------------------------------------


def _seed_designations(dataset: Dataset, year: int) -> pd.DataFrame:
    """The data directory's attention areas decided for `year` (the last row per area)."""
    seeds = pd.DataFrame(dataset.attention_areas)
    if seeds.empty:
        return seeds.assign(area_name=pd.Series(dtype=object))
    seeds = seeds[(seeds["year"] == year) & (seeds["theme"] == "liveability")]
    seeds = seeds.assign(
        area_key=seeds["area_code"].fillna(pd.Series(seeds.index, index=seeds.index).astype(str))
    )
    seeds = seeds.drop_duplicates("area_key", keep="last")
    names = _names(dataset)
    seeds = seeds.assign(area_name=seeds["area_code"].map(lambda c: names.get(str(c), c)))
    return seeds[seeds["status"] == "designated"]


def _blank(value: object) -> bool:
    """No text, or only spaces: a vision that is not there."""
    return not (isinstance(value, str) and value.strip())


def without_vision(
    dataset: Dataset,
    year: int,
    states: pd.DataFrame | None = None,
    party_names: Mapping[str, str] | None = None,
) -> list[AttentionPoint]:
    """Liveability attention areas designated for `year` without a vision. `states`
    is the agreement store's current state (geo.agreements.case_states, filtered for
    the reader); None: the data directory's `attention_areas`."""
    cases = (
        _seed_designations(dataset, year) if states is None else designated(states, year)  # type: ignore[arg-type]
    )
    parties = dict(party_names or {})
    out = []
    for row in cases.to_dict("records"):
        if not _blank(row.get("vision")):
            continue
        code = row.get("area_code") if isinstance(row.get("area_code"), str) else None
        geometry = row.get("geometry")
        geometry = geometry if isinstance(geometry, BaseGeometry) else None
        lead = row.get("lead_party")
        name = str(row.get("area_name") or code or "")
        values: dict[str, object] = {
            "area": name,
            "year": year,
            "reasons": tuple(Msg(f"reason.{r}") for r in split_reasons(row.get("reasons"))),
            "lead": parties.get(str(lead), str(lead)) if isinstance(lead, str) else "–",
        }
        if not values["reasons"]:
            values["reasons"] = Msg("conflict.no_reasons")
        out.append(
            AttentionPoint(
                "no_vision",
                code,
                name,
                buurt_for(dataset, code, geometry),
                year,
                Note("conflict.text.no_vision", values),
                geometry,
            )
        )
    return sorted(out, key=lambda p: p.area_name.casefold())


# -- holiday parks -----------------------------------------------------------------------


def parks_with_households(dataset: Dataset, rules: ConflictRules) -> list[AttentionPoint]:
    """Parks of the listed vitality classes with target-group households."""
    parks = dataset.holiday_parks
    if parks.empty:
        return []
    households = parks["target_group_households"].fillna(0).astype(int)
    chosen = parks[parks["vitality"].isin(rules.park_vitality).fillna(False) & (households > 0)]
    names = _names(dataset)
    out = []
    for row in chosen.to_dict("records"):
        geometry = row["geometry"]
        buurt = buurt_for(dataset, None, geometry)
        values: dict[str, object] = {
            "park": str(row["name"]),
            "vitality": Msg(f"vitality.{row['vitality']}"),
            "households": count_or_hidden(int(row["target_group_households"])),
            "buurt": names.get(buurt, "–") if buurt else "–",
        }
        out.append(
            AttentionPoint(
                "park",
                buurt,
                str(row["name"]),
                buurt,
                None,
                Note("conflict.text.park", values),
                geometry,
            )
        )
    return sorted(out, key=lambda p: p.area_name.casefold())


# -- poorly labelled private homes without a corporation project near ---------------------


def unserved_labels(
    dataset: Dataset, rules: ConflictRules, period: tuple[int, int]
) -> pd.DataFrame:
    """Per buurt: its private homes, the ones labelled `rules.max_label` or worse, and
    of those the ones with no home of a corporation verduurzaming or renovatie project
    planned in `period` within `rules.radius_m` ("unserved").

    Columns: buurtcode, private, poor, unserved, share (unserved / private), listed.
    """
    private = dataset.table("private_homes")
    columns = ["buurtcode", "private", "poor", "unserved", "share", "listed"]
    if private.empty:
        # Typed: an untyped (object) `listed` would select columns, not rows.
        return pd.DataFrame(
            {
                "buurtcode": pd.Series(dtype=object),
                "private": pd.Series(dtype=int),
                "poor": pd.Series(dtype=int),
                "unserved": pd.Series(dtype=int),
                "share": pd.Series(dtype=float),
                "listed": pd.Series(dtype=bool),
            }
        )[columns]
    rank = private["energielabel"].map(LABEL_RANK)
    poor = (rank >= LABEL_RANK[rules.max_label]).fillna(False).to_numpy(dtype=bool)
    homes = dataset.corporation_homes
    first, last = period
    years = homes["measure_year"]
    project = homes[
        homes["measure"].isin(PROJECT_MEASURES).fillna(False).astype(bool)
        & ((years >= first) & (years <= last)).fillna(False).astype(bool)
    ]
    project_geoms = project.geometry.values
    project_geoms = project_geoms[
        ~(shapely.is_missing(project_geoms) | shapely.is_empty(project_geoms))
    ]
    near = np.zeros(len(private), dtype=bool)
    geoms = private.geometry.values  # type: ignore[attr-defined]
    if len(project_geoms) and poor.any():
        tree = shapely.STRtree(project_geoms)
        candidates = np.flatnonzero(poor)
        hits = tree.query(geoms[candidates], predicate="dwithin", distance=rules.radius_m)
        near[candidates[np.unique(hits[0])]] = True
    frame = pd.DataFrame(
        {
            "buurtcode": private["buurtcode"].to_numpy(),
            "private": 1,
            "poor": poor.astype(int),
            "unserved": (poor & ~near).astype(int),
        }
    )
    per_buurt = frame.groupby("buurtcode", dropna=True)[["private", "poor", "unserved"]].sum()
    per_buurt = per_buurt.reset_index()
    per_buurt["share"] = per_buurt["unserved"] / per_buurt["private"]
    per_buurt["listed"] = (per_buurt["unserved"] >= rules.min_homes) & (
        per_buurt["share"] + 1e-9 >= rules.min_share
    )
    return per_buurt[columns]


def labels_without_project(
    dataset: Dataset, rules: ConflictRules, period: tuple[int, int]
) -> list[AttentionPoint]:
    """The buurten `unserved_labels` lists, most unserved homes first."""
    per_buurt = unserved_labels(dataset, rules, period)
    listed = per_buurt[per_buurt["listed"]].sort_values(
        ["unserved", "buurtcode"], ascending=[False, True]
    )
    names, shapes = _names(dataset), _geometries(dataset)
    out = []
    for row in listed.to_dict("records"):
        code = str(row["buurtcode"])
        values: dict[str, object] = {
            "area": names.get(code, code),
            "homes": count_or_hidden(int(row["unserved"])),
            "label": rules.max_label,
            "share": Pct(float(row["share"])),
            "radius": Num(rules.radius_m),
            "first": period[0],
            "last": period[1],
        }
        out.append(
            AttentionPoint(
                "labels",
                code,
                names.get(code, code),
                code,
                None,
                Note("conflict.text.labels", values),
                shapes.get(code),
            )
        )
    return out


# -- all of them ---------------------------------------------------------------------------


def standing_points(
    dataset: Dataset, year: int, rules: ConflictRules, period: tuple[int, int]
) -> list[AttentionPoint]:
    """The points that follow from the data files alone, not from the agreement store
    (a caller may keep them while the store changes)."""
    return [
        *regret_risks(dataset, year),
        *parks_with_households(dataset, rules),
        *labels_without_project(dataset, rules, period),
    ]


def attention_points(
    dataset: Dataset,
    year: int,
    rules: ConflictRules,
    period: tuple[int, int],
    *,
    states: pd.DataFrame | None = None,
    party_names: Mapping[str, str] | None = None,
    standing: Sequence[AttentionPoint] | None = None,
) -> list[AttentionPoint]:
    """Everything to discuss for `year`, in the order of `KINDS`; `standing`: what
    `standing_points` gives for the same arguments, when the caller has it."""
    if standing is None:
        standing = standing_points(dataset, year, rules, period)
    found = [*standing, *without_vision(dataset, year, states, party_names)]
    return sorted(found, key=lambda p: KINDS.index(p.kind))  # stable: each kind's order


def points_for(
    dataset: Dataset,
    settings: Settings,
    year: int,
    states: pd.DataFrame | None = None,
    standing: Sequence[AttentionPoint] | None = None,
) -> list[AttentionPoint]:
    """`attention_points` under the configuration's rules, years and party names."""
    return attention_points(
        dataset,
        year,
        settings.conflicts,
        settings.years.period,
        states=states,
        party_names={p.id: p.name for p in settings.parties},
        standing=standing,
    )


def points_frame(points: list[AttentionPoint], lang: str) -> gpd.GeoDataFrame:
    """The points as a frame (EPSG:28992) with their sentence in `lang`: for tables,
    exports and map highlights."""
    return gpd.GeoDataFrame(
        {
            "kind": [p.kind for p in points],
            "area_code": [p.area_code for p in points],
            "area_name": [p.area_name for p in points],
            "buurtcode": [p.buurtcode for p in points],
            "year": pd.array([p.year for p in points], dtype="Int64"),
            "text_key": [p.note.key for p in points],
            "text": [p.text(lang) for p in points],
        },
        geometry=[p.geometry for p in points],
        crs="EPSG:28992",
    )
