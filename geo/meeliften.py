"""Meeliften: private homes whose owners could join a corporation's works.

The agreements ask parties to "investigate to what extent private owners can join
(meeliften) when corporations start making social rental homes in a buurt or street
sustainable". A corporation *project* is one complex's homes with measure
verduurzaming or renovatie in one year. A private home is a *candidate* for a project
when it is

- near: within `radius_m` of one of the project's homes, or in the same street
  (same street name in the same wijk: street names repeat across villages);
- poorly labelled: energy label `max_label` or worse, or no label at all (optional);
- similar: of the same kind of dwelling (ground-level or stacked) or built within
  `era_years` of the project's homes (`similarity`).

A candidate belongs to the one project nearest to it, so every count below adds up.
Everything is vectorised: the spatial part is one STRtree query (`dwithin`) of all
private homes against all project homes, the street part one merge.

The results are aggregated per project, per street and per buurt with label counts,
the share of the street's (or buurt's) private homes, and a rank for picking pilot
streets. `for_viewers` applies DESIGN's small-numbers rule before anything reaches a
viewer: no aggregate of fewer than 5 homes, nor one that can be worked out from the
others by subtraction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from geo.codes import ENERGY_LABELS, LABEL_RANK

PROJECT_MEASURES = ("verduurzaming", "renovatie")
NO_LABEL = "geen"  # the label column of homes without a registered label
LABEL_COLUMNS = (*ENERGY_LABELS, NO_LABEL)
MIN_SHOWN = 5  # DESIGN.md, "Small numbers"
STACKED = frozenset(
    {"appartement", "flat", "galerijflat", "portiekflat", "portiekwoning", "maisonnette",
     "bovenwoning", "benedenwoning", "etagewoning", "studio"}
)  # fmt: skip
GROUND = frozenset(
    {"eengezinswoning", "rijwoning", "tussenwoning", "hoekwoning", "twee-onder-een-kap",
     "vrijstaand", "geschakeld", "woonboerderij", "bungalow", "patiowoning"}
)  # fmt: skip
Similarity = Literal["type_or_era", "type", "era", "any"]


class Parameters(BaseModel):
    """The choices behind a meeliften analysis; every one is shown and adjustable."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    year_from: int = Field(ge=2000, le=2100)
    year_to: int = Field(ge=2000, le=2100)
    radius_m: float = Field(default=150.0, gt=0, le=2000)
    max_label: str = "D"
    include_unlabelled: bool = True
    same_street: bool = True
    similarity: Similarity = "type_or_era"
    era_years: int = Field(default=15, ge=0, le=200)

    @field_validator("max_label")
    @classmethod
    def _label(cls, value: str) -> str:
        if value not in LABEL_RANK:
            raise ValueError(
                f"{value!r} is not an energy label: use one of {', '.join(ENERGY_LABELS)}"
            )
        return value

    @model_validator(mode="after")
    def _check(self) -> Parameters:
        if self.year_to < self.year_from:
            raise ValueError(f"year_to {self.year_to} is before year_from {self.year_from}")
        return self


def dwelling_kind(woningtype: pd.Series) -> pd.Series:
    """'stacked', 'ground' or None: the kinds a corporation's and the BAG's words share."""
    words = woningtype.astype("string").str.strip().str.lower()
    kind = pd.Series(None, index=woningtype.index, dtype=object)
    kind[words.isin(STACKED).fillna(False).to_numpy(dtype=bool)] = "stacked"
    kind[words.isin(GROUND).fillna(False).to_numpy(dtype=bool)] = "ground"
    return kind


def _street_key(straat: pd.Series, wijk: pd.Series) -> pd.Series:
    """wijk|street name, or None without either (a home outside every buurt has no wijk)."""
    name = straat.astype("string").str.strip().str.lower()
    known = (name.notna() & (name != "") & wijk.notna()).fillna(False).to_numpy(dtype=bool)
    return (wijk.astype("string") + "|" + name).astype(object).where(known, None)


def _wijk_of(buurtcode: pd.Series) -> pd.Series:
    # A CBS buurtcode is BU + gemeente (4) + wijk (2) + buurt (2): the wijk is in it.
    return buurtcode.astype("string").str.slice(2, 8)


def project_homes(corporation_homes: pd.DataFrame, params: Parameters) -> gpd.GeoDataFrame:
    """The corporation homes of projects in the year window, with `project_id`."""
    homes = corporation_homes
    year = pd.to_numeric(homes["measure_year"], errors="coerce")
    mask = (
        homes["measure"].isin(PROJECT_MEASURES)
        & year.between(params.year_from, params.year_to)
        & homes.geometry.notna()
        & ~homes.geometry.is_empty
    )
    keep = mask.fillna(False).to_numpy(dtype=bool)
    chosen = homes[keep].copy()
    year_text = year[keep].astype("Int64").astype("string")
    complex_id = chosen["complex_id"].astype("string").fillna(chosen["home_id"].astype("string"))
    project_id = complex_id + " " + year_text
    # Complex numbers are each corporation's own: where two corporations use the same
    # one, the corporation's name goes in front.
    shared = chosen.groupby(project_id)["corporation"].transform("nunique").gt(1)
    corporation = chosen["corporation"].astype("string")
    chosen["project_id"] = project_id.where(~shared, corporation + " " + project_id).astype(object)
    chosen["kind"] = dwelling_kind(chosen["woningtype"])
    chosen["street_key"] = _street_key(chosen["straat"], _wijk_of(chosen["buurtcode"]))
    return gpd.GeoDataFrame(chosen, geometry="geometry", crs=homes.crs).reset_index(drop=True)


def eligible_homes(private_homes: pd.DataFrame, params: Parameters) -> gpd.GeoDataFrame:
    """The private homes whose label qualifies (max_label or worse, or none)."""
    rank = private_homes["energielabel"].map(LABEL_RANK)
    poor = rank >= LABEL_RANK[params.max_label]
    unlabelled = private_homes["energielabel"].isna() & params.include_unlabelled
    mask = (poor.fillna(False) | unlabelled) & private_homes.geometry.notna()
    chosen = private_homes[mask.to_numpy(dtype=bool)].copy()
    chosen["kind"] = dwelling_kind(chosen["woningtype"])
    chosen["street_key"] = _street_key(chosen["straat"], _wijk_of(chosen["buurtcode"]))
    return gpd.GeoDataFrame(chosen, geometry="geometry", crs=private_homes.crs).reset_index(
        drop=True
    )


def _pairs(
    private: gpd.GeoDataFrame, projects: gpd.GeoDataFrame, params: Parameters
) -> pd.DataFrame:
    """(private row, project-home row) pairs that are near: by distance or street."""
    near = projects.sindex.query(private.geometry, predicate="dwithin", distance=params.radius_m)
    p, c = near[0], near[1]
    if params.same_street:
        left = pd.DataFrame({"p": np.arange(len(private)), "key": private["street_key"]})
        right = pd.DataFrame({"c": np.arange(len(projects)), "key": projects["street_key"]})
        street = left.dropna().merge(right.dropna(), on="key")
        # Distinct pairs as one integer each: np.unique is far cheaper than pandas'
        # drop_duplicates on two columns.
        code = np.unique(
            np.concatenate([p, street["p"].to_numpy()]) * len(projects)
            + np.concatenate([c, street["c"].to_numpy()])
        )
        p, c = np.divmod(code, len(projects))
    return pd.DataFrame({"p": p, "c": c})


def _similar(
    private: pd.DataFrame, projects: pd.DataFrame, pairs: pd.DataFrame, params: Parameters
) -> np.ndarray:
    if params.similarity == "any" or pairs.empty:
        return np.ones(len(pairs), dtype=bool)
    p_kind = private["kind"].to_numpy(dtype=object)[pairs["p"]]
    c_kind = projects["kind"].to_numpy(dtype=object)[pairs["c"]]
    same_kind = (p_kind == c_kind) & pd.notna(p_kind)
    p_year = pd.to_numeric(private["bouwjaar"], errors="coerce").to_numpy(dtype=float)[pairs["p"]]
    c_year = pd.to_numeric(projects["bouwjaar"], errors="coerce").to_numpy(dtype=float)[pairs["c"]]
    with np.errstate(invalid="ignore"):
        same_era = np.abs(p_year - c_year) <= params.era_years  # NaN compares False
    return {
        "type": same_kind,
        "era": same_era,
        "type_or_era": same_kind | same_era,
    }[params.similarity]


def _same_street(private: pd.DataFrame, projects: pd.DataFrame, pairs: pd.DataFrame) -> np.ndarray:
    p_key = private["street_key"].to_numpy(dtype=object)[pairs["p"]]
    c_key = projects["street_key"].to_numpy(dtype=object)[pairs["c"]]
    return np.asarray((p_key == c_key) & pd.notna(p_key), dtype=bool)


CANDIDATE_COLUMNS = (
    "home_id", "straat", "postcode", "huisnummer", "woningtype", "bouwjaar", "energielabel",
    "buurtcode", "project_id", "corporation", "distance_m", "same_street",
)  # fmt: skip


def no_candidates(crs: object) -> gpd.GeoDataFrame:
    """A candidates table without rows."""
    return gpd.GeoDataFrame(
        {c: pd.Series(dtype=object) for c in CANDIDATE_COLUMNS},
        geometry=gpd.GeoSeries([], crs=crs),
    )


def candidates(
    private_homes: pd.DataFrame,
    corporation_homes: pd.DataFrame,
    params: Parameters,
    *,
    projects: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """One row per candidate private home, assigned to its nearest project (ties: the
    project id first in sort order), with the distance to that project's nearest home.
    `projects`: `project_homes(corporation_homes, params)` when the caller has it."""
    if projects is None:
        projects = project_homes(corporation_homes, params)
    private = eligible_homes(private_homes, params)
    empty = no_candidates(private_homes.crs)
    if projects.empty or private.empty:
        return empty
    pairs = _pairs(private, projects, params)
    pairs = pairs[_similar(private, projects, pairs, params)]
    if pairs.empty:
        return empty
    p_geom = private.geometry.values[pairs["p"].to_numpy()]
    c_geom = projects.geometry.values[pairs["c"].to_numpy()]
    pairs = pairs.assign(
        distance_m=p_geom.distance(c_geom),
        project_id=projects["project_id"].to_numpy(dtype=object)[pairs["c"]],
        same_street=_same_street(private, projects, pairs),
    )
    best = pairs.sort_values(["p", "distance_m", "project_id"]).drop_duplicates("p")
    # Same street with the chosen project, even when the nearest home was another's.
    chosen_project = np.full(len(private), None, dtype=object)
    chosen_project[best["p"].to_numpy()] = best["project_id"].to_numpy()
    to_chosen = pairs["project_id"].to_numpy() == chosen_project[pairs["p"].to_numpy()]
    on_street = pairs["p"].to_numpy()[to_chosen & pairs["same_street"].to_numpy()]
    best_street = np.bincount(on_street, minlength=len(private))[best["p"].to_numpy()] > 0
    chosen = private.iloc[best["p"].to_numpy()].reset_index(drop=True)
    corp_of = projects.drop_duplicates("project_id").set_index("project_id")["corporation"]
    chosen = chosen.assign(
        project_id=best["project_id"].to_numpy(),
        corporation=corp_of.reindex(best["project_id"]).to_numpy(),
        distance_m=best["distance_m"].round(1).to_numpy(),
        same_street=best_street,
    )
    for column in CANDIDATE_COLUMNS:
        if column not in chosen:
            chosen[column] = None
    return gpd.GeoDataFrame(
        chosen[[*CANDIDATE_COLUMNS, "geometry"]], geometry="geometry", crs=private_homes.crs
    )


# -- aggregates --------------------------------------------------------------------------


def _label_counts(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Homes per label (LABEL_COLUMNS) per group of `by`: one bincount, not a crosstab
    (pandas' reshaping was most of the demo's run time)."""
    if frame.empty:
        index = pd.MultiIndex.from_arrays([[]] * len(by), names=by)
        empty = index if len(by) > 1 else pd.Index([], name=by[0])
        return pd.DataFrame(index=empty, columns=list(LABEL_COLUMNS), dtype="int64")
    codes, found = pd.MultiIndex.from_frame(frame[by]).factorize()
    groups = pd.MultiIndex.from_tuples(list(found), names=by)
    rank = frame["energielabel"].map(LABEL_RANK).fillna(len(ENERGY_LABELS)).to_numpy(dtype=int)
    width = len(LABEL_COLUMNS)
    counts = np.bincount(codes * width + rank, minlength=len(groups) * width)
    rows: pd.Index = groups if len(by) > 1 else groups.get_level_values(0)
    return pd.DataFrame(counts.reshape(-1, width), index=rows, columns=list(LABEL_COLUMNS))


@dataclass(frozen=True)
class Result:
    """A meeliften analysis: the candidates and their aggregates."""

    parameters: Parameters
    candidates: gpd.GeoDataFrame
    projects: pd.DataFrame
    streets: pd.DataFrame
    buurten: pd.DataFrame
    # The number of candidates; given when the list is left out (a viewer's result).
    total: int = -1

    def __post_init__(self) -> None:
        if self.total < 0:
            object.__setattr__(self, "total", len(self.candidates))

    def total_for(self, *, facilitator: bool) -> int | None:
        """The total as that person may see it: None for a viewer when it is 1-4."""
        hidden = not facilitator and 0 < self.total < MIN_SHOWN
        return None if hidden else self.total


def _ranked(frame: pd.DataFrame) -> pd.DataFrame:
    """Most candidates first; equal counts, the higher share of the street (or buurt)
    first; then by name, so the order never depends on the input's."""
    by = [c for c in ("candidates", "share") if c in frame]
    tie = next(c for c in ("project_id", "straat", "buurtcode") if c in frame)
    ordered = frame.sort_values(
        [*by, tie], ascending=[False] * len(by) + [True], kind="stable", na_position="last"
    )
    return ordered.assign(rank=np.arange(1, len(ordered) + 1)).reset_index(drop=True)


def _joined(values: pd.Series, by: pd.Series | list[pd.Series]) -> pd.Series:
    """The distinct values per group (of one key or several), sorted, joined with ", "."""
    keys = by if isinstance(by, list) else [by]
    names = [f"k{i}" for i in range(len(keys))]
    pairs = pd.DataFrame({**dict(zip(names, keys, strict=True)), "v": values.astype("string")})
    pairs = pairs.dropna().drop_duplicates().sort_values("v")
    return pairs.groupby(names if len(names) > 1 else names[0])["v"].agg(", ".join)


def _counted(found: pd.DataFrame, by: list[str], index: pd.Index | None = None) -> pd.DataFrame:
    """Label counts per group and their sum, `candidates`; on `index` when given
    (groups without candidates get zeros). Homes without a key count in no group."""
    counts = _label_counts(found.dropna(subset=by), by)
    if index is not None:
        counts = counts.reindex(index, fill_value=0)
    return counts.assign(candidates=counts.sum(axis=1))


PROJECT_COLUMNS = (
    "project_id", "corporation", "complex_id", "year", "measure", "project_homes", "streets",
    "buurtcode", "candidates", *LABEL_COLUMNS, "buurtnaam",
)  # fmt: skip
STREET_COLUMNS = (
    "buurtcode", "straat", "candidates", "projects", "private_homes", *LABEL_COLUMNS, "share",
    "buurtnaam",
)  # fmt: skip
BUURT_COLUMNS = ("buurtcode", "candidates", "private_homes", *LABEL_COLUMNS, "share", "buurtnaam")


def analyse(
    private_homes: pd.DataFrame,
    corporation_homes: pd.DataFrame,
    buurten: pd.DataFrame,
    params: Parameters,
) -> Result:
    """Candidates and their aggregates per project, street and buurt."""
    homes = project_homes(corporation_homes, params)
    found = candidates(private_homes, corporation_homes, params, projects=homes)
    return aggregate(found, homes, private_totals(private_homes), buurten, params)


def private_totals(private_homes: pd.DataFrame) -> pd.Series:
    """Private homes per buurt and street (names stripped): the denominators of the
    shares. Sums of these over parts of the homes add up to the whole."""
    streets = private_homes["straat"].astype("string").str.strip()
    frame = pd.DataFrame({"buurtcode": private_homes["buurtcode"], "straat": streets})
    return frame.value_counts(dropna=False).rename("private_homes")


def aggregate(
    found: pd.DataFrame,
    homes: pd.DataFrame,
    totals: pd.Series,
    buurten: pd.DataFrame,
    params: Parameters,
) -> Result:
    """The candidates `found` for the project homes `homes`, aggregated per project,
    street and buurt; `totals` are the private homes per buurt and street."""
    # Few pandas steps on small frames: at the demo's size, each step's fixed cost is
    # what the run time is made of (benchmarks/meeliften.py).
    names = buurten.set_index("buurtcode")["buurtnaam"]

    first = homes.drop_duplicates("project_id").set_index("project_id")
    projects = _counted(found, ["project_id"], first.index).assign(
        corporation=first["corporation"],
        complex_id=first["complex_id"],
        year=pd.to_numeric(first["measure_year"]).astype("Int64"),
        measure=_joined(homes["measure"], homes["project_id"]),
        project_homes=homes.groupby("project_id").size(),
        streets=_joined(homes["straat"], homes["project_id"]),
        buurtcode=first["buurtcode"],
        buurtnaam=first["buurtcode"].map(names),
    )
    projects = projects.rename_axis("project_id").reset_index()[list(PROJECT_COLUMNS)]

    # A street per buurt: a street that crosses a buurt border is a row in each, so
    # the streets of a buurt add up to the buurt (and suppression can rely on it).
    keys = ["buurtcode", "straat"]
    by_street = found.assign(straat=found["straat"].astype("string").str.strip())
    streets = _counted(by_street, keys)
    streets = streets.assign(
        private_homes=totals.reindex(streets.index).to_numpy(),
        projects=_joined(by_street["project_id"], [by_street[k] for k in keys]).reindex(
            streets.index
        ),
    ).reset_index()
    streets = streets.assign(
        share=streets["candidates"] / streets["private_homes"],
        buurtnaam=streets["buurtcode"].map(names),
    )[list(STREET_COLUMNS)]

    per_buurt = _counted(found, ["buurtcode"]).rename_axis("buurtcode")
    per_buurt = per_buurt.assign(
        private_homes=totals.groupby(level="buurtcode", dropna=False).sum().reindex(per_buurt.index)
    ).reset_index()
    per_buurt = per_buurt.assign(
        share=per_buurt["candidates"] / per_buurt["private_homes"],
        buurtnaam=per_buurt["buurtcode"].map(names),
    )[list(BUURT_COLUMNS)]
    return Result(params, found, _ranked(projects), _ranked(streets), _ranked(per_buurt))


# -- privacy ------------------------------------------------------------------------------


def suppress(values: pd.Series, groups: pd.Series | None = None) -> pd.Series:
    """`values` with every count of 1-4 homes hidden (NA), and per group more of the
    smallest shown counts until what is hidden cannot be worked out from the group's
    total: nothing, or at least two counts that add up to 5 or more and are not all 1.
    Zero stays: it tells nothing about anyone."""
    counts = values.astype("Int64")
    hidden = counts.between(1, MIN_SHOWN - 1).fillna(False).astype(bool)
    keys = groups if groups is not None else pd.Series(0, index=values.index)
    positive = counts.gt(0).fillna(False).astype(bool)
    # One more per round in each group that needs it: a few rounds at most.
    while True:
        hidden_sum = counts.where(hidden, 0).groupby(keys, dropna=False).transform("sum")
        hidden_n = hidden.astype(int).groupby(keys, dropna=False).transform("sum")
        unsafe = (hidden_sum > 0) & (
            (hidden_sum < MIN_SHOWN) | (hidden_n < 2) | (hidden_sum == hidden_n)
        )
        eligible = ~hidden & positive & unsafe
        if not eligible.any():
            break
        extra = counts[eligible].groupby(keys[eligible], dropna=False).idxmin()
        hidden = hidden | counts.index.isin(list(extra))
    return counts.mask(hidden)


def suppress_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Label counts per row: small cells hidden, with one more where a row's total
    would give a single hidden cell away."""
    if frame.empty:
        return frame.astype({c: "Int64" for c in LABEL_COLUMNS})
    labels = frame[list(LABEL_COLUMNS)]
    stacked = labels.stack()
    assert isinstance(stacked, pd.Series)  # one column level: stack() gives a Series
    rows = pd.Series(stacked.index.get_level_values(0), index=stacked.index)
    hidden = suppress(stacked, rows).unstack()
    return frame.assign(**{c: hidden[c].astype("Int64") for c in LABEL_COLUMNS})


def _renumbered(frame: pd.DataFrame) -> pd.DataFrame:
    """Ranks 1..n: gaps would show where a hidden row stood."""
    return frame.reset_index(drop=True).assign(rank=np.arange(1, len(frame) + 1))


def for_viewers(result: Result) -> Result:
    """The aggregates a viewer may see (DESIGN.md, "Small numbers"): no candidate list,
    no count below 5, and nothing a hidden count could be worked out from.

    The tables are sums of one another (the streets of a buurt add up to the buurt, the
    buurten and the projects each to the total), so: buurten and projects are
    suppressed against the total, streets against their buurt, and a hidden buurt
    hides all its streets. Label counts are shown per buurt only (a buurt's are the
    sums of its streets'), suppressed within the buurt's row.
    """
    buurten = result.buurten.assign(candidates=suppress(result.buurten["candidates"]))
    shown_buurten = set(buurten.loc[buurten["candidates"].notna(), "buurtcode"])
    streets = result.streets[result.streets["buurtcode"].isin(shown_buurten)]
    streets = streets.assign(candidates=suppress(streets["candidates"], streets["buurtcode"]))
    projects = result.projects.assign(candidates=suppress(result.projects["candidates"]))
    tables = []
    for frame, labels in ((projects, False), (streets, False), (buurten, True)):
        shown = frame[frame["candidates"].notna()]
        if labels:
            shown = suppress_labels(shown)
        else:  # an array, not a Series: a Series would add its own index to an empty frame
            hidden = pd.array([pd.NA] * len(shown), dtype="Int64")
            shown = shown.assign(**dict.fromkeys(LABEL_COLUMNS, hidden))
        if "share" in shown:
            shown = shown.assign(share=shown["share"].astype(float))
        tables.append(_renumbered(shown))
    projects, streets, buurten = tables
    empty = result.candidates.iloc[0:0]
    return Result(result.parameters, empty, projects, streets, buurten, total=result.total)
