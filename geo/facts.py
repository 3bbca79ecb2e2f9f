"""The facts of one buurt in one year, for the side panel (and later the fact sheet)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from shapely.geometry import Point

from geo.dataset import Dataset
from geo.workshop import seed_states
from geo.yearview import home_states, phase_state, phasing_code, stock_in_year

PARKS_NEAR_M = 2_000.0


@dataclass(frozen=True)
class HeatFacts:
    area_code: str
    period_start: int
    period_end: int
    strategy: str
    plan_status: str
    override: bool
    state: str


@dataclass(frozen=True)
class AttentionFacts:
    designated: bool
    current: dict[str, object] | None
    history: list[dict[str, object]] = field(default_factory=list)


@dataclass(frozen=True)
class BuurtFacts:
    buurtcode: str
    buurtnaam: str
    wijkcode: str
    wijknaam: str
    year: int
    homes_per_corporation: dict[str, int]
    works: pd.DataFrame  # year, corporation, measure, state, homes
    heat: HeatFacts | None
    attention: AttentionFacts
    parks: pd.DataFrame  # name, vitality, units, distance_m

    @property
    def homes_total(self) -> int:
        return sum(self.homes_per_corporation.values())


def buurt_at(dataset: Dataset, x: float, y: float) -> str | None:
    """The buurtcode of the buurt containing an RD New point, or None outside them."""
    hits = dataset.buurten[dataset.buurten.contains(Point(x, y))]
    return str(hits["buurtcode"].iloc[0]) if not hits.empty else None


def _works(homes: pd.DataFrame, year: int) -> pd.DataFrame:
    measured = home_states(homes[homes["measure"].notna()], year)  # type: ignore[arg-type]
    if measured.empty:
        return pd.DataFrame(columns=["year", "corporation", "measure", "state", "homes"])
    grouped = (
        measured.groupby(["measure_year", "corporation", "measure", "state"], dropna=False)
        .size()
        .reset_index(name="homes")
        .rename(columns={"measure_year": "year"})
        .sort_values(["year", "corporation", "measure"])
    )
    return grouped.reset_index(drop=True)


def buurt_facts(
    dataset: Dataset, buurtcode: str, year: int, states: pd.DataFrame | None = None
) -> BuurtFacts:
    """Everything the side panel says about `buurtcode` in `year`; `states` is the
    agreement store's current state (geo.workshop.store_states), by default the
    data directory's seed decisions."""
    buurten = dataset.buurten
    row = buurten[buurten["buurtcode"] == buurtcode]
    if row.empty:
        raise KeyError(buurtcode)
    buurt = row.iloc[0]
    wijk = dataset.wijken[dataset.wijken["wijkcode"] == buurt["wijkcode"]]
    wijknaam = str(wijk["wijknaam"].iloc[0]) if not wijk.empty else str(buurt["wijkcode"])

    homes = dataset.corporation_homes
    here = homes[homes["buurtcode"] == buurtcode]
    stock = stock_in_year(here, year)  # type: ignore[arg-type]
    per_corp = {str(k): int(v) for k, v in stock["corporation"].value_counts().items()}

    heat = None
    phasing = dataset.heat_phasing.set_index("area_code")
    code = phasing_code(buurtcode, str(buurt["wijkcode"]), phasing.index)
    if code is not None:
        p = phasing.loc[code]
        start, end = int(str(p["period_start"])), int(str(p["period_end"]))
        heat = HeatFacts(
            code,
            start,
            end,
            str(p["strategy"]),
            str(p["plan_status"]),
            code == buurtcode,
            phase_state(start, end, year),
        )

    areas = seed_states(dataset) if states is None else states
    mine = areas[(areas["area_code"] == buurtcode) & (areas["theme"] == "liveability")]
    history = [
        {str(k): (None if pd.api.types.is_scalar(v) and pd.isna(v) else v) for k, v in r.items()}
        for r in pd.DataFrame(mine.drop(columns="geometry")).sort_values("year").to_dict("records")
    ]
    current = next((h for h in history if h["year"] == year), None)
    attention = AttentionFacts(
        designated=bool(current and current["status"] == "designated"),
        current=current,
        history=history,
    )

    parks = dataset.holiday_parks
    if parks.empty:
        near = pd.DataFrame(columns=["name", "vitality", "units", "distance_m"])
    else:
        distance = parks.geometry.distance(buurt.geometry)
        near = parks.assign(distance_m=distance.round(0))
        near = near[near["distance_m"] <= PARKS_NEAR_M].sort_values(["distance_m", "name"])
        near = pd.DataFrame(near[["name", "vitality", "units", "distance_m"]])

    return BuurtFacts(
        buurtcode=buurtcode,
        buurtnaam=str(buurt["buurtnaam"]),
        wijkcode=str(buurt["wijkcode"]),
        wijknaam=wijknaam,
        year=year,
        homes_per_corporation=per_corp,
        works=_works(here, year),
        heat=heat,
        attention=attention,
        parks=near.reset_index(drop=True),
    )
