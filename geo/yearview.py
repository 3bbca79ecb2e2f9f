"""What each layer shows in a chosen year. Pure functions; inputs are never changed."""

from __future__ import annotations

from collections.abc import Container
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd

PhaseState = Literal["current", "later", "earlier"]
LEAVES_STOCK = ("sloop", "verkoop")


def _done_by(homes: pd.DataFrame, year: int) -> pd.Series:
    return (homes["completed_year"].fillna(10_000) <= year).astype(bool)


def home_states(homes: gpd.GeoDataFrame, year: int) -> gpd.GeoDataFrame:
    """Homes with a `state` column for `year`: done, planned or none.

    Monitoring counts `completed_year`, never `measure_year`: a measure is done in
    `year` only when it was completed in or before that year.
    """
    done = _done_by(homes, year)
    has_measure = homes["measure"].notna()
    state = np.where(done & has_measure, "done", np.where(has_measure, "planned", "none"))
    return homes.assign(state=state)


def in_stock(homes: pd.DataFrame, year: int) -> pd.Series:
    """True for the corporation homes owned at the end of `year`.

    A home leaves with a completed sloop or verkoop; a new build (measure nieuwbouw)
    enters when completed, never when only planned. Any other home was there all
    along, unless its build year is after `year`: a corporation's export of today
    lists homes finished last year without a nieuwbouw measure, and those must not
    count in an earlier year's stock.
    """
    done = _done_by(homes, year)
    measure = homes["measure"].fillna("")
    gone = measure.isin(LEAVES_STOCK) & done
    not_built = (measure == "nieuwbouw") & ~done
    if "bouwjaar" in homes:  # hand-made frames may leave it out
        built_later = (measure != "nieuwbouw") & (homes["bouwjaar"].fillna(0) > year)
        not_built = not_built | built_later.astype(bool)
    return ~gone & ~not_built


def stock_in_year(homes: gpd.GeoDataFrame, year: int) -> gpd.GeoDataFrame:
    """Corporation homes owned at the end of `year` (see `in_stock`)."""
    return homes[in_stock(homes, year)]


def phase_state(period_start: int, period_end: int, year: int) -> PhaseState:
    """Where `year` falls relative to a heat-transition period."""
    if year < period_start:
        return "later"
    if year > period_end:
        return "earlier"
    return "current"


def phasing_code(buurtcode: str, wijkcode: str, phased: Container[str]) -> str | None:
    """The area code whose heat phasing applies to a buurt: its own row overrides its
    wijk's; None when neither has one."""
    if buurtcode in phased:
        return buurtcode
    return wijkcode if wijkcode in phased else None


def buurt_phasing(buurten: pd.DataFrame, heat: pd.DataFrame) -> pd.DataFrame:
    """The heat phasing that applies to each buurt (its own row, else its wijk's),
    indexed by buurtcode; buurten without one are left out."""
    phased = heat.set_index("area_code")
    codes = {
        buurt: phasing_code(buurt, wijk, phased.index)
        for buurt, wijk in zip(buurten["buurtcode"], buurten["wijkcode"], strict=True)
    }
    found = {buurt: code for buurt, code in codes.items() if code is not None}
    if not found:
        return pd.DataFrame(columns=["area_code", *phased.columns]).rename_axis("buurtcode")
    rows = phased.loc[list(found.values())].reset_index()
    return rows.set_index(pd.Index(list(found), name="buurtcode"))


def effective_heat_phasing(buurten: gpd.GeoDataFrame, heat: pd.DataFrame) -> gpd.GeoDataFrame:
    """One polygon per phasing row, drawn on buurten: a buurt row overrides its wijk's.

    Drawing on dissolved buurten (not on the wijk polygons) keeps overrides from
    overlapping their wijk, also where a boundary file's wijk edges are coarser.
    """
    phased = set(heat["area_code"])
    codes = [
        phasing_code(code, wijk, phased)
        for code, wijk in zip(buurten["buurtcode"], buurten["wijkcode"], strict=True)
    ]
    drawn = buurten.assign(area_code=codes)
    drawn = drawn[drawn["area_code"].notna()]
    if drawn.empty:
        return gpd.GeoDataFrame(
            heat.iloc[0:0].assign(level=pd.Series(dtype=str)),
            geometry=gpd.GeoSeries([], crs=buurten.crs),
        )
    dissolved = drawn[["area_code", "geometry"]].dissolve(by="area_code", as_index=False)
    merged = dissolved.merge(heat, on="area_code", how="left")
    merged["level"] = np.where(merged["area_code"].str.startswith("BU"), "buurt", "wijk")
    return merged
