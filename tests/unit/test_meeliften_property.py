"""Meeliften on random homes (Hypothesis): the spatial index gives what a brute-force
loop over every (private home, project home) pair gives, rule by rule as the module
documents them.

Coordinates lie on a 30 m lattice in a 150 m square and the radius is mostly a multiple
of 30 m, so homes at exactly the radius (in line, or 90-120-150) and exact ties between
two projects come up often; build years and era_years meet exactly at the edge too.
Checked by mutation: making the brute force's radius, window or era test strict, its
tie-break reversed, its wijk the whole buurtcode, or its same-street flag any project's,
each fails this test.
"""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from geo.codes import ENERGY_LABELS, LABEL_RANK, MEASURES
from geo.meeliften import (
    GROUND,
    LABEL_COLUMNS,
    MIN_SHOWN,
    PROJECT_MEASURES,
    STACKED,
    Parameters,
    analyse,
    candidates,
    for_viewers,
)
from geo.meeliften_tiles import partitioned_candidates
from tests.unit.meeliften_cases import BU_A, BU_A2, BU_B, buurten, corporation, home, private

FAST = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

lattice = st.integers(0, 5).map(lambda v: v * 30.0)
STREETS = ["Kerkstraat", " kerkstraat", "Dorpsstraat", None]
YEARS = st.sampled_from([1970, 1985, 1960, 1975, 1995, 2000, None])  # era edges: 0, 5, 10, 15, 25


def _private(buurtcodes: list[str | None]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "x": lattice,
            "y": lattice,
            "energielabel": st.sampled_from([*ENERGY_LABELS[::-1], None]),
            "woningtype": st.sampled_from(["rijwoning", "Appartement ", "woonwagen", None]),
            "bouwjaar": YEARS,
            "straat": st.sampled_from(STREETS),
            "buurtcode": st.sampled_from(buurtcodes),
        }
    )


def _corporation(buurtcodes: list[str | None]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "x": lattice,
            "y": lattice,
            "located": st.sampled_from([True] * 5 + [False]),  # False: no geometry
            "complex_id": st.sampled_from(["C1", "C2", "C10", None]),
            # mostly projects: the other measures and missing years only need to occur
            "measure": st.sampled_from([*PROJECT_MEASURES * 4, *MEASURES, None]),
            # years from the window's start: mostly in it, sometimes just before or after
            "year_offset": st.sampled_from([0, 1, 2, 0, 1, -1, 3, 4, None]),
            "woningtype": st.sampled_from(["eengezinswoning", "appartement", "seniorenwoning"]),
            "bouwjaar": YEARS,
            "straat": st.sampled_from(STREETS),
            "buurtcode": st.sampled_from(buurtcodes),
            "corporation": st.sampled_from(["Actium", "Woonservice"]),
        }
    )


@st.composite
def parameters(draw: st.DrawFn) -> Parameters:
    year_from = draw(st.sampled_from([2023, 2024, 2022, 2025]))  # first: the simplest
    return Parameters(
        year_from=year_from,
        year_to=year_from + draw(st.sampled_from([2, 1, 0, 3])),
        radius_m=draw(st.sampled_from([150.0, 90.0, 120.0, 60.0, 100.0])),
        max_label=draw(st.sampled_from(ENERGY_LABELS)),
        include_unlabelled=draw(st.booleans()),
        same_street=draw(st.booleans()),
        similarity=draw(st.sampled_from(["type_or_era", "era", "any", "type"])),
        era_years=draw(st.sampled_from([15, 10, 0, 5, 25, 30])),
    )


@st.composite
def cases(
    draw: st.DrawFn, buurtcodes: tuple[str | None, ...] = (BU_A, BU_A2, BU_B)
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, Parameters]:
    params = draw(parameters())
    homes = draw(st.lists(_private(list(buurtcodes)), min_size=2, max_size=25))
    corp = draw(st.lists(_corporation(list(buurtcodes)), min_size=2, max_size=10))
    private_homes = private(*({"home_id": f"P{i}", **h} for i, h in enumerate(homes)))
    corporation_homes = corporation(
        *(
            {
                "home_id": f"K{i}",
                **h,
                "x": h["x"] if h["located"] else None,
                "measure_year": None
                if h["year_offset"] is None
                else params.year_from + h["year_offset"],
            }
            for i, h in enumerate(corp)
        )
    )
    return private_homes, corporation_homes, params


# -- the brute force: the documented rules, one pair at a time -----------------------------


def _text(value: object) -> str | None:
    return None if value is None or value is pd.NA or pd.isna(value) else str(value)  # type: ignore[arg-type]


def _kind(woningtype: object) -> str | None:
    word = (_text(woningtype) or "").strip().lower()
    return "stacked" if word in STACKED else "ground" if word in GROUND else None


def _street(straat: object, buurtcode: object) -> tuple[str, str] | None:
    """Same street = same name (trimmed, any case) in the same wijk (buurtcode[2:8])."""
    name, code = _text(straat), _text(buurtcode)
    if name is None or not name.strip() or code is None:
        return None
    return (code[2:8], name.strip().lower())


def _year(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[arg-type]


def _similar(p: dict[str, Any], c: dict[str, Any], params: Parameters) -> bool:
    kind = _kind(p["woningtype"]) is not None and _kind(p["woningtype"]) == _kind(c["woningtype"])
    py, cy = _year(p["bouwjaar"]), _year(c["bouwjaar"])
    era = py is not None and cy is not None and abs(py - cy) <= params.era_years
    return {"type": kind, "era": era, "type_or_era": kind or era, "any": True}[params.similarity]


def brute_projects(corporation_homes: gpd.GeoDataFrame, params: Parameters) -> list[dict[str, Any]]:
    """The project homes (with "project_id") of the window."""
    projects = []
    for c in corporation_homes.to_dict("records"):
        year = _year(c["measure_year"])
        if (
            c["measure"] in PROJECT_MEASURES
            and year is not None
            and params.year_from <= year <= params.year_to
            and c["geometry"] is not None
        ):
            complex_id = _text(c["complex_id"]) or c["home_id"]
            projects.append(c | {"project_id": f"{complex_id} {year}"})
    # "<complex or home> <year>", with the corporation in front only where two
    # corporations have projects with that id (complex numbers are each one's own).
    owners: dict[str, set[str]] = {}
    for c in projects:
        owners.setdefault(c["project_id"], set()).add(c["corporation"])
    for c in projects:
        if len(owners[c["project_id"]]) > 1:
            c["project_id"] = f"{c['corporation']} {c['project_id']}"
    return projects


def brute_force(
    private_homes: gpd.GeoDataFrame, corporation_homes: gpd.GeoDataFrame, params: Parameters
) -> dict[str, tuple[str, float, bool]]:
    """{home_id: (project_id, distance_m, same_street)} for every candidate."""
    projects = brute_projects(corporation_homes, params)
    out = {}
    for p in private_homes.to_dict("records"):
        label = _text(p["energielabel"])
        if label is None and not params.include_unlabelled:
            continue
        if label is not None and LABEL_RANK[label] < LABEL_RANK[params.max_label]:
            continue
        street = _street(p["straat"], p["buurtcode"])
        pairs = []
        for c in projects:
            dx, dy = p["geometry"].x - c["geometry"].x, p["geometry"].y - c["geometry"].y
            distance = math.sqrt(dx * dx + dy * dy)
            same = street is not None and street == _street(c["straat"], c["buurtcode"])
            near = distance <= params.radius_m or (params.same_street and same)
            if near and _similar(p, c, params):
                pairs.append((distance, c["project_id"], same))
        if pairs:
            distance, project_id, _ = min(pairs)
            on_street = any(same for _, pid, same in pairs if pid == project_id)
            out[p["home_id"]] = (project_id, float(np.round(distance, 1)), on_street)
    return out


def _ours(frame: gpd.GeoDataFrame) -> dict[str, tuple[str, float, bool]]:
    return {
        row["home_id"]: (row["project_id"], float(row["distance_m"]), bool(row["same_street"]))
        for row in frame.to_dict("records")
    }


# -- the properties -----------------------------------------------------------------------


NEAREST_IS_NOT_ON_THE_STREET = (
    private(home("P0", 0, 0, straat="Kerkstraat")),
    corporation(
        home("K0", 120, 0, complex_id="A", straat="Kerkstraat"),
        home("K1", 0, 60, complex_id="B", straat="Laan"),
    ),
    Parameters(year_from=2023, year_to=2026),
)


TWO_CORPORATIONS_ONE_NUMBER = (
    private(home("P0", 0, 0), home("P1", 120, 0), home("P2", 60, 0)),
    corporation(
        home("K0", 0, 0, complex_id="C1", corporation="Actium"),
        home("K1", 120, 0, complex_id="C1", corporation="Woonservice"),
        home("K2", 60, 30, complex_id="C1", corporation="Woonservice", measure_year=2025),
    ),
    Parameters(year_from=2023, year_to=2026),
)


@FAST
@given(cases())
@example(NEAREST_IS_NOT_ON_THE_STREET)  # same_street: of the chosen project only
@example(TWO_CORPORATIONS_ONE_NUMBER)  # "Actium C1 2024", "Woonservice C1 2024", "C1 2025"
def test_candidates_equal_the_brute_force(
    case: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, Parameters],
) -> None:
    """Same homes, same project (the nearest; ties: the first project id), same
    distance to a decimetre, same same-street flag."""
    private_homes, corporation_homes, params = case
    expected = brute_force(private_homes, corporation_homes, params)
    event(f"candidates: {min(len(expected), 3)}{'+' if len(expected) >= 3 else ''}")
    assert _ours(candidates(private_homes, corporation_homes, params)) == expected


OUTSIDE_EVERY_BUURT = (
    private(home("P0", 50, 0, straat="Kerkstraat", buurtcode=None)),
    corporation(home("K0", 0, 0, straat="Kerkstraat")),
    Parameters(year_from=2023, year_to=2026),
)


@FAST
@given(cases(buurtcodes=(BU_A, None)))
@example(OUTSIDE_EVERY_BUURT)
def test_candidates_equal_the_brute_force_with_homes_outside_every_buurt(
    case: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, Parameters],
) -> None:
    """A home (private or corporation) without buurtcode has no wijk, so no street:
    it is near by distance only, and never on the same street."""
    private_homes, corporation_homes, params = case
    assert _ours(candidates(private_homes, corporation_homes, params)) == brute_force(
        private_homes, corporation_homes, params
    )


def _count(keys: list[Any]) -> dict[Any, int]:
    counts: dict[Any, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    return counts


@settings(FAST, max_examples=40)
@given(cases())
def test_aggregates_equal_a_count_by_hand(
    case: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, Parameters],
) -> None:
    """Per project, per street of a buurt (the name trimmed, its case kept) and per buurt,
    counted from the brute force's candidates; the streets of a buurt add up to it."""
    private_homes, corporation_homes, params = case
    full = analyse(private_homes, corporation_homes, buurten(), params)
    found = brute_force(private_homes, corporation_homes, params)
    homes = {h["home_id"]: h for h in private_homes.to_dict("records")}

    def street(h: dict[str, Any]) -> tuple[str, str] | None:
        name, code = _text(h["straat"]), _text(h["buurtcode"])
        return None if name is None or code is None else (code, name.strip())

    street_homes = _count([street(h) for h in homes.values() if street(h)])
    street_found = _count([street(homes[i]) for i in found if street(homes[i])])
    street_projects: dict[Any, set[str]] = {}
    for i, (project_id, _, _) in found.items():
        if street(homes[i]):
            street_projects.setdefault(street(homes[i]), set()).add(project_id)
    assert {
        (r["buurtcode"], r["straat"]): (r["candidates"], r["private_homes"], r["projects"])
        for r in full.streets.to_dict("records")
    } == {
        key: (n, street_homes[key], ", ".join(sorted(street_projects[key])))
        for key, n in street_found.items()
    }
    buurt_homes = _count([_text(h["buurtcode"]) for h in homes.values()])
    buurt_found = _count([_text(homes[i]["buurtcode"]) for i in found])
    assert {
        r["buurtcode"]: (r["candidates"], r["private_homes"])
        for r in full.buurten.to_dict("records")
    } == {code: (n, buurt_homes[code]) for code, n in buurt_found.items()}
    project_found = _count([project_id for project_id, _, _ in found.values()])
    assert dict(zip(full.projects["project_id"], full.projects["candidates"], strict=True)) == {
        c["project_id"]: project_found.get(c["project_id"], 0)
        for c in brute_projects(corporation_homes, params)
    }

    assert full.total == len(found)
    for frame in (full.projects, full.buurten):
        assert int(frame["candidates"].sum()) == full.total
    per_buurt = full.streets.groupby("buurtcode")["candidates"].sum().to_dict()
    named = _count([homes[i]["buurtcode"] for i in found if street(homes[i])])
    assert per_buurt == named  # the named candidates of each buurt, all of them
    for frame in (full.projects, full.streets, full.buurten):
        assert (frame[list(LABEL_COLUMNS)].sum(axis=1) == frame["candidates"]).all()
        assert frame["rank"].tolist() == list(range(1, len(frame) + 1))


def _hidden_part_is_safe(shown: dict[Any, Any], whole: dict[Any, int]) -> None:
    """What suppress() promises for one group: `shown` {key: count or NA, or left out}
    against the facilitator's `whole` {key: count}. Counts of 1-4 are hidden; the hidden
    part is nothing, or two or more counts adding up to 5 or more and not all ones
    (unless every positive count is hidden: nothing was left to hide them with); to get
    there the smallest shown count is hidden, and one of 5 or more is always enough."""
    hidden = {k: n for k, n in whole.items() if k not in shown or pd.isna(shown[k])}
    assert all(shown[k] == n for k, n in whole.items() if k not in hidden)
    assert all(n > 0 for n in hidden.values())  # zeros are shown
    assert all(k in hidden for k, n in whole.items() if 0 < n < MIN_SHOWN)
    total, many = sum(hidden.values()), len(hidden)
    everything = all(k in hidden for k, n in whole.items() if n > 0)
    assert not hidden or everything or (many >= 2 and total >= MIN_SHOWN and total != many)
    extra = [n for n in hidden.values() if n >= MIN_SHOWN]
    assert len(extra) <= 1
    others = [n for k, n in whole.items() if k not in hidden and n > 0]
    assert not extra or not others or extra[0] <= min(others)


@settings(FAST, max_examples=60)
@given(cases())
def test_viewers_see_no_small_count_and_no_hidden_part_that_gives_itself_away(
    case: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, Parameters],
) -> None:
    """for_viewers, group by group: buurten and projects against the total, the streets
    of each shown buurt against it, each shown buurt's label cells against its row."""
    private_homes, corporation_homes, params = case
    full = analyse(private_homes, corporation_homes, buurten(), params)
    viewer = for_viewers(full)
    assert viewer.candidates.empty
    assert viewer.total == full.total
    assert viewer.total_for(facilitator=False) == (
        None if 0 < full.total < MIN_SHOWN else full.total
    )
    keys = {
        "projects": ["project_id"],
        "streets": ["buurtcode", "straat"],
        "buurten": ["buurtcode"],
    }
    rows: dict[str, dict[Any, dict[str, Any]]] = {}
    for name, key in keys.items():
        frame, whole = getattr(viewer, name), getattr(full, name)
        assert list(frame.columns) == list(whole.columns)
        assert frame["rank"].tolist() == list(range(1, len(frame) + 1))
        cells = frame[["candidates", *LABEL_COLUMNS]].astype("Float64")
        values = cells.to_numpy(dtype=float, na_value=np.nan)
        assert not ((values >= 1) & (values < MIN_SHOWN)).any()
        assert frame["candidates"].notna().all()  # hidden rows are left out
        seen = [tuple(r) for r in frame[key].itertuples(index=False)]
        order = [tuple(r) for r in whole[key].itertuples(index=False)]
        assert seen == [k for k in order if k in set(seen)]  # the facilitator's order
        rows[name] = dict(zip(seen, frame.to_dict("records"), strict=True))
        if name != "buurten":
            assert frame[list(LABEL_COLUMNS)].isna().all().all()  # labels per buurt only

    def counts(name: str, frame: pd.DataFrame) -> dict[Any, int]:
        return {
            tuple(r[c] for c in keys[name]): int(r["candidates"]) for r in frame.to_dict("records")
        }

    for name in ("projects", "buurten"):
        shown = {k: r["candidates"] for k, r in rows[name].items()}
        _hidden_part_is_safe(shown, counts(name, getattr(full, name)))
    shown_buurten = {k[0] for k in rows["buurten"]}
    assert {k[0] for k in rows["streets"]} <= shown_buurten  # a hidden buurt hides its streets
    for code in shown_buurten:
        inside = full.streets[full.streets["buurtcode"] == code]
        shown = {k: r["candidates"] for k, r in rows["streets"].items() if k[0] == code}
        _hidden_part_is_safe(shown, counts("streets", inside))
        whole = full.buurten.set_index("buurtcode").loc[code]
        seen = rows["buurten"][(code,)]
        assert int(seen["candidates"]) == int(whole["candidates"])
        _hidden_part_is_safe(
            {c: seen[c] for c in LABEL_COLUMNS}, {c: int(whole[c]) for c in LABEL_COLUMNS}
        )


@settings(FAST, max_examples=30)
@given(cases(), st.sampled_from([40.0, 70.0, 130.0]), st.sampled_from([0, 6]))
def test_partitioned_equals_unpartitioned(
    case: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, Parameters], tile_m: float, batch: int
) -> None:
    """geo/meeliften_tiles.py (the national path): tiles smaller than the
    radius, so halos and streets across tiles are exercised, one tile per call or
    batches of tiles."""
    private_homes, corporation_homes, params = case
    whole = candidates(private_homes, corporation_homes, params)
    parts = partitioned_candidates(
        private_homes, corporation_homes, params, tile_m=tile_m, batch_homes=batch
    )
    assert _ours(parts) == _ours(whole)
    assert list(parts["home_id"]) == list(whole["home_id"])  # the same order
