"""The neighbourhood page's fact sheet: one buurt as a tenant may read it.

Built on `geo.facts.buurt_facts` (the side panel's facts), with what a public page
needs on top:

- it is always the *viewer's* sheet, whoever opens the link: agreements only when
  decided or published (`geo.agreements.visible_to`), and plans per buurt, never per
  address or complex (DESIGN.md, "Sensitive plans");
- counts of 1-4 homes are hidden (`None`, shown as "fewer than 5"); where a total is
  shown, the homes per corporation are hidden together with any count from which a
  hidden one could be worked out (`geo.meeliften.suppress`, DESIGN.md "Small numbers");
- the attention status covers the areas the buurt lies in: the buurt itself, its wijk,
  and drawn areas that overlap it.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.agreements import VIEWER, visible_to
from geo.codes import MEASURES, split_reasons
from geo.dataset import Dataset
from geo.facts import PARKS_NEAR_M, buurt_facts
from geo.meeliften import MIN_SHOWN, suppress
from geo.workshop import seed_states

OVERLAP_M2 = 1.0  # a drawn area that only touches the buurt's edge does not cover it
AREA_KIND_ORDER = {"buurt": 0, "wijk": 1, "drawn": 2}


def shown(count: int) -> int | None:
    """A count of homes as it may be shown: None (fewer than 5) for 1-4."""
    return None if 0 < count < MIN_SHOWN else int(count)


@dataclass(frozen=True)
class CorporationHomes:
    corporation: str
    homes: int | None  # None: hidden (small, or it would give a small one away)


@dataclass(frozen=True)
class Plan:
    """Homes of one corporation with one measure planned for one year."""

    year: int
    measure: str  # verduurzaming, renovatie, sloop, nieuwbouw, verkoop
    corporation: str
    done: bool  # completed by the end of the sheet's year
    homes: int | None  # None: fewer than 5


@dataclass(frozen=True)
class Heat:
    period_start: int
    period_end: int
    strategy: str  # warmtenet, all-electric, hybride, groengas, onbekend
    plan_status: str  # verkenning, uitvoeringsplan, uitvoering, afgerond
    phase: str  # current, later, earlier (the sheet's year against the period)
    own_plan: bool  # the buurt has its own row, different from its wijk's


@dataclass(frozen=True)
class AttentionCase:
    """One liveability case (area, year) that covers the buurt, as a viewer sees it."""

    year: int
    status: str  # proposed (published), designated, rejected, postponed, ended
    area_kind: str  # buurt, wijk, drawn
    area_name: str
    reasons: tuple[str, ...]
    lead_party: str | None  # a party id
    vision: str | None  # text or a web address
    note: str | None


@dataclass(frozen=True)
class Attention:
    current: tuple[AttentionCase, ...]  # the cases of the sheet's year, the buurt's own first
    designated_years: tuple[int, ...]  # every year the buurt lay in a designated area

    @property
    def designated(self) -> bool:
        return any(c.status == "designated" for c in self.current)


@dataclass(frozen=True)
class Park:
    name: str
    vitality: str | None
    distance_m: int  # 0: in the buurt


@dataclass(frozen=True)
class NeighbourhoodSheet:
    """Everything the neighbourhood page says about one buurt in one year."""

    buurtcode: str
    buurtnaam: str
    wijkcode: str
    wijknaam: str
    municipality: str
    year: int
    demo: bool
    homes: tuple[CorporationHomes, ...]  # most homes first
    homes_total: int | None
    plans: tuple[Plan, ...]  # by year, measure, corporation
    heat: Heat | None
    attention: Attention
    parks: tuple[Park, ...]  # nearest first
    parks_within_m: float = PARKS_NEAR_M

    @property
    def planned(self) -> tuple[Plan, ...]:
        return tuple(p for p in self.plans if not p.done)

    @property
    def done(self) -> tuple[Plan, ...]:
        return tuple(p for p in self.plans if p.done)


def homes_shown(
    per_corporation: dict[str, int],
) -> tuple[tuple[CorporationHomes, ...], int | None]:
    """Homes per corporation and their total as a viewer may see them: counts of 1-4
    hidden (None), and more where the total would give a hidden one away."""
    if not per_corporation:
        return (), 0
    counts = pd.Series(per_corporation, dtype="Int64").sort_values(ascending=False, kind="stable")
    hidden = suppress(counts)
    rows = tuple(
        CorporationHomes(str(name), None if pd.isna(value) else int(value))
        for name, value in hidden.items()
    )
    return rows, shown(int(counts.sum()))


def _plans(works: pd.DataFrame) -> tuple[Plan, ...]:
    order = {m: i for i, m in enumerate(MEASURES)}
    plans = [
        Plan(
            int(w["year"]),
            str(w["measure"]),
            str(w["corporation"]),
            w["state"] == "done",
            shown(int(w["homes"])),
        )
        for w in works.to_dict("records")
        if _text(w["year"]) is not None
    ]
    return tuple(sorted(plans, key=lambda p: (p.year, order.get(p.measure, 99), p.corporation)))


def _covering(states: gpd.GeoDataFrame, dataset: Dataset, buurtcode: str) -> pd.DataFrame:
    """The liveability cases whose area covers the buurt: its own, its wijk's, and drawn
    areas overlapping it."""
    buurt = dataset.buurten[dataset.buurten["buurtcode"] == buurtcode].iloc[0]
    live = states[states["theme"] == "liveability"]
    own = live["area_code"].isin([buurtcode, buurt["wijkcode"]])
    drawn = live["area_kind"] == "drawn"
    if drawn.any():
        geometry = live.geometry[drawn]
        overlap = geometry.notna() & (geometry.intersection(buurt.geometry).area > OVERLAP_M2)
        drawn = drawn & overlap.reindex(live.index, fill_value=False).astype(bool)
    return pd.DataFrame(live[own | drawn].drop(columns="geometry"))


def _text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return None
    return str(value).strip() or None


def _attention(cases: pd.DataFrame, year: int) -> Attention:
    rows = sorted(
        cases.to_dict("records"),
        key=lambda r: (AREA_KIND_ORDER.get(str(r["area_kind"]), 9), str(r["area_name"] or "")),
    )
    current = tuple(
        AttentionCase(
            year=int(r["year"]),
            status=str(r["status"]),
            area_kind=str(r["area_kind"]),
            area_name=_text(r["area_name"]) or _text(r["area_code"]) or "",
            reasons=split_reasons(r["reasons"]),
            lead_party=_text(r["lead_party"]),
            vision=_text(r["vision"]),
            note=_text(r["note"]),
        )
        for r in rows
        if int(r["year"]) == year
    )
    designated = sorted({int(r["year"]) for r in rows if r["status"] == "designated"})
    return Attention(current, tuple(designated))


def neighbourhood_sheet(
    dataset: Dataset, buurtcode: str, year: int, states: gpd.GeoDataFrame | None = None
) -> NeighbourhoodSheet:
    """The sheet of `buurtcode` in `year`. `states` is the agreement store's current state
    (geo.workshop.store_states), by default the data directory's seed decisions; only
    what a viewer may read is used. Raises KeyError for a code not in the dataset."""
    areas = visible_to(seed_states(dataset) if states is None else states, VIEWER)
    facts = buurt_facts(dataset, buurtcode, year, areas)
    homes, total = homes_shown(facts.homes_per_corporation)
    heat = None
    if facts.heat is not None:
        h = facts.heat
        heat = Heat(h.period_start, h.period_end, h.strategy, h.plan_status, h.state, h.override)
    parks = tuple(
        Park(str(p["name"]), _text(p["vitality"]), int(p["distance_m"]))
        for p in facts.parks.to_dict("records")
    )
    return NeighbourhoodSheet(
        buurtcode=facts.buurtcode,
        buurtnaam=facts.buurtnaam,
        wijkcode=facts.wijkcode,
        wijknaam=facts.wijknaam,
        municipality=dataset.manifest.municipality_name,
        year=year,
        demo=dataset.manifest.demo,
        homes=homes,
        homes_total=total,
        plans=_plans(facts.works),
        heat=heat,
        attention=_attention(_covering(areas, dataset, buurtcode), year),
        parks=parks,
    )
