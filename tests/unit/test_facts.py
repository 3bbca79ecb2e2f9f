"""The facts of one buurt in one year (side panel), checked on hand-made squares and the demo."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from geo.dataset import Dataset
from geo.facts import PARKS_NEAR_M, buurt_at, buurt_facts
from geo.manifest import Manifest

X0, Y0 = 200_000.0, 500_000.0
KM = 1_000.0

# Three 1 km squares: A and B side by side in one wijk, C 10 km east in another wijk.
A = box(X0, Y0, X0 + KM, Y0 + KM)
B = box(X0 + KM, Y0, X0 + 2 * KM, Y0 + KM)
C = box(X0 + 10 * KM, Y0, X0 + 11 * KM, Y0 + KM)
INSIDE_A = (X0 + 500, Y0 + 500)


def _homes() -> gpd.GeoDataFrame:
    x, y = INSIDE_A
    # (home_id, corporation, buurtcode, measure, measure_year, completed_year)
    rows = [
        ("a1", "Alpha", "BU00010100", None, None, None),
        ("a2", "Alpha", "BU00010100", None, None, None),
        ("a3", "Alpha", "BU00010100", "verkoop", 2024, 2024),
        ("a4", "Alpha", "BU00010100", "verduurzaming", 2024, 2025),
        ("a5", "Alpha", "BU00010100", "verduurzaming", 2024, None),
        ("b1", "Beta", "BU00010100", None, None, None),
        ("b2", "Beta", "BU00010100", "sloop", 2024, 2024),
        ("b3", "Beta", "BU00010100", "nieuwbouw", 2025, 2025),
        ("b4", "Beta", "BU00010101", None, None, None),  # in the neighbouring buurt
        ("b5", "Beta", None, "nieuwbouw", 2026, None),  # fictief: no place yet
    ]
    return gpd.GeoDataFrame(
        {
            "home_id": [r[0] for r in rows],
            "corporation": [r[1] for r in rows],
            "buurtcode": [r[2] for r in rows],
            "measure": [r[3] for r in rows],
            "measure_year": pd.array([r[4] for r in rows], dtype="Int64"),
            "completed_year": pd.array([r[5] for r in rows], dtype="Int64"),
        },
        geometry=[Point(x + n, y) for n in range(len(rows) - 2)]
        + [Point(X0 + 1500, Y0 + 500), None],
        crs=28992,
    )


# (name, point, vitality): distances to square A are 0, 500, 1500, 2000 and 2500 m.
PARKS = [
    ("Park Binnen", Point(X0 + 200, Y0 + 200), "vitaal"),
    ("Park Vijfhonderd", Point(X0 - 500, Y0 + 500), "kansrijk"),
    ("Park Anderhalf", Point(X0 + 500, Y0 - 1500), "niet-vitaal"),
    ("Park Twee", Point(X0 + 500, Y0 + KM + 2000), "transformatie"),
    ("Park Te Ver", Point(X0 - 2500, Y0 + 500), "niet-vitaal"),
]


@pytest.fixture
def small(tmp_path: Path) -> Dataset:
    buurten = gpd.GeoDataFrame(
        {
            "buurtcode": ["BU00010100", "BU00010101", "BU00010200"],
            "buurtnaam": ["Aakamp", "Beekhof", "Cingel"],
            "wijkcode": ["WK000101", "WK000101", "WK000102"],
            "gemeentecode": ["GM0001"] * 3,
        },
        geometry=[A, B, C],
        crs=28992,
    )
    wijken = gpd.GeoDataFrame(
        {
            "wijkcode": ["WK000101", "WK000102"],
            "wijknaam": ["Wijk Oost", "Wijk Ver"],
            "gemeentecode": ["GM0001"] * 2,
        },
        geometry=[A.union(B), C],
        crs=28992,
    )
    heat = pd.DataFrame(
        {
            "area_code": ["WK000101", "BU00010101"],
            "period_start": pd.array([2026, 2022], dtype="Int64"),
            "period_end": pd.array([2030, 2025], dtype="Int64"),
            "strategy": ["hybride", "all-electric"],
            "plan_status": ["uitvoeringsplan", "afgerond"],
        }
    )
    attention = gpd.GeoDataFrame(
        {
            "area_code": ["BU00010100", "BU00010100", "BU00010100", "BU00010101"],
            "area_kind": ["buurt"] * 4,
            "theme": ["liveability", "heat", "liveability", "liveability"],
            "year": pd.array([2024, 2024, 2023, 2024], dtype="Int64"),
            "status": ["ended", "designated", "designated", "proposed"],
            "reasons": ["social", None, "social|safety", "physical"],
            "lead_party": ["gemeente", "gemeente", "actium", "mevm"],
            "vision": [None, None, "https://example.org/visie", None],
            "note": [None] * 4,
        },
        geometry=[A, A, A, B],
        crs=28992,
    )
    parks = gpd.GeoDataFrame(
        {
            "park_id": [f"P{n}" for n in range(len(PARKS))],
            "name": [p[0] for p in PARKS],
            "vitality": [p[2] for p in PARKS],
            "units": pd.array([10 * (n + 1) for n in range(len(PARKS))], dtype="Int64"),
        },
        geometry=[p[1] for p in PARKS],
        crs=28992,
    )
    manifest = Manifest(municipality_code="GM0001", municipality_name="Proef", boundary_year=2024)
    return Dataset(
        directory=tmp_path,
        manifest=manifest,
        tables={
            "buurten": buurten,
            "wijken": wijken,
            "corporation_homes": _homes(),
            "heat_phasing": heat,
            "attention_areas": attention,
            "holiday_parks": parks,
        },
    )


# --- hand-made squares ----------------------------------------------------------------


def test_names_of_the_buurt_and_its_wijk(small: Dataset) -> None:
    facts = buurt_facts(small, "BU00010100", 2024)
    assert (facts.buurtcode, facts.buurtnaam) == ("BU00010100", "Aakamp")
    assert (facts.wijkcode, facts.wijknaam) == ("WK000101", "Wijk Oost")
    assert facts.year == 2024


@pytest.mark.parametrize(
    ("year", "alpha", "beta"),
    [
        (2023, 5, 2),  # a1-a5; b1, b2 (the new build b3 is not there yet)
        (2024, 4, 1),  # a3 sold, b2 demolished
        (2025, 4, 2),  # b3 built
    ],
)
def test_homes_per_corporation_follow_the_year(
    small: Dataset, year: int, alpha: int, beta: int
) -> None:
    facts = buurt_facts(small, "BU00010100", year)
    assert facts.homes_per_corporation == {"Alpha": alpha, "Beta": beta}
    assert facts.homes_total == alpha + beta


def test_works_count_planned_and_done_homes(small: Dataset) -> None:
    works = buurt_facts(small, "BU00010100", 2024).works
    rows = {(r.year, r.corporation, r.measure, r.state): r.homes for r in works.itertuples()}
    assert rows == {
        (2024, "Alpha", "verkoop", "done"): 1,
        (2024, "Alpha", "verduurzaming", "planned"): 2,  # a4 finishes in 2025, a5 open
        (2024, "Beta", "sloop", "done"): 1,
        (2025, "Beta", "nieuwbouw", "planned"): 1,
    }
    later = buurt_facts(small, "BU00010100", 2025).works
    assert int(later.loc[later["state"] == "done", "homes"].sum()) == 4


def test_works_are_sorted_by_year(small: Dataset) -> None:
    works = buurt_facts(small, "BU00010100", 2025).works
    assert list(works["year"]) == sorted(works["year"])


def test_a_buurt_without_homes(small: Dataset) -> None:
    facts = buurt_facts(small, "BU00010200", 2024)
    assert facts.homes_per_corporation == {}
    assert facts.homes_total == 0
    assert facts.works.empty


def test_heat_phase_of_the_wijk(small: Dataset) -> None:
    heat = buurt_facts(small, "BU00010100", 2024).heat
    assert heat is not None
    assert (heat.area_code, heat.override) == ("WK000101", False)
    assert (heat.period_start, heat.period_end) == (2026, 2030)
    assert (heat.strategy, heat.plan_status) == ("hybride", "uitvoeringsplan")


@pytest.mark.parametrize(("year", "state"), [(2025, "later"), (2026, "current"), (2031, "earlier")])
def test_heat_phase_state_follows_the_year(small: Dataset, year: int, state: str) -> None:
    heat = buurt_facts(small, "BU00010100", year).heat
    assert heat is not None
    assert heat.state == state


def test_a_buurt_row_overrides_its_wijk(small: Dataset) -> None:
    heat = buurt_facts(small, "BU00010101", 2024).heat
    assert heat is not None
    assert (heat.area_code, heat.override) == ("BU00010101", True)
    assert (heat.strategy, heat.plan_status, heat.state) == ("all-electric", "afgerond", "current")


def test_no_heat_phase_known(small: Dataset) -> None:
    assert buurt_facts(small, "BU00010200", 2024).heat is None


def test_attention_status_and_history(small: Dataset) -> None:
    y2023 = buurt_facts(small, "BU00010100", 2023).attention
    assert y2023.designated is True
    assert y2023.current is not None
    assert y2023.current["reasons"] == "social|safety"
    assert y2023.current["vision"] == "https://example.org/visie"

    y2024 = buurt_facts(small, "BU00010100", 2024).attention
    assert y2024.designated is False  # ended; the heat-theme row does not count
    assert y2024.current is not None
    assert y2024.current["status"] == "ended"
    # History: liveability only, oldest first, missing values as None (not NaN).
    assert [(h["year"], h["status"]) for h in y2024.history] == [
        (2023, "designated"),
        (2024, "ended"),
    ]
    assert y2024.history[1]["vision"] is None

    y2025 = buurt_facts(small, "BU00010100", 2025).attention
    assert (y2025.designated, y2025.current) == (False, None)
    assert len(y2025.history) == 2


def test_a_proposal_is_not_a_designation(small: Dataset) -> None:
    attention = buurt_facts(small, "BU00010101", 2024).attention
    assert attention.current is not None
    assert attention.current["status"] == "proposed"
    assert attention.designated is False


def test_parks_within_two_km_sorted_by_distance(small: Dataset) -> None:
    parks = buurt_facts(small, "BU00010100", 2024).parks
    assert list(parks["name"]) == ["Park Binnen", "Park Vijfhonderd", "Park Anderhalf", "Park Twee"]
    assert list(parks["distance_m"]) == [0.0, 500.0, 1500.0, 2000.0]
    assert list(parks["vitality"]) == ["vitaal", "kansrijk", "niet-vitaal", "transformatie"]


def test_no_parks_near_a_far_buurt(small: Dataset) -> None:
    assert buurt_facts(small, "BU00010200", 2024).parks.empty


def test_unknown_buurt_is_a_key_error(small: Dataset) -> None:
    with pytest.raises(KeyError):
        buurt_facts(small, "BU99999999", 2024)


def test_buurt_facts_leave_the_dataset_alone(small: Dataset) -> None:
    before = {name: frame.copy() for name, frame in small.tables.items()}
    buurt_facts(small, "BU00010100", 2025)
    for name, frame in small.tables.items():
        pd.testing.assert_frame_equal(frame, before[name], obj=name)


def test_buurt_at_finds_the_buurt_containing_a_point(small: Dataset) -> None:
    assert buurt_at(small, *INSIDE_A) == "BU00010100"
    assert buurt_at(small, X0 + 1500, Y0 + 500) == "BU00010101"
    assert buurt_at(small, X0 + 10_500, Y0 + 999) == "BU00010200"


@pytest.mark.parametrize("point", [(X0 + 5_000, Y0 + 500), (X0 - 1, Y0 + 500), (0.0, 0.0)])
def test_buurt_at_outside_every_buurt_is_none(small: Dataset, point: tuple[float, float]) -> None:
    assert buurt_at(small, *point) is None


# --- the demo -------------------------------------------------------------------------

BRUNSTING = "BU17310003"


def _direct_stock_count(homes: pd.DataFrame, buurtcode: str, year: int) -> dict[str, int]:
    """Count row by row, the way a person with the spreadsheet would."""
    counts: dict[str, int] = {}
    for home in homes.itertuples():
        if home.buurtcode != buurtcode:
            continue
        completed = None if pd.isna(home.completed_year) else int(home.completed_year)
        finished = completed is not None and completed <= year
        if home.measure in ("sloop", "verkoop") and finished:
            continue
        if home.measure == "nieuwbouw" and not finished:
            continue
        counts[home.corporation] = counts.get(home.corporation, 0) + 1
    return counts


def _busiest_buurten(demo: Dataset, n: int) -> list[str]:
    measured = demo.corporation_homes[demo.corporation_homes["measure"].notna()]
    return [str(c) for c in measured["buurtcode"].value_counts().index[:n]]


@pytest.mark.parametrize("year", [2023, 2025, 2026])
def test_demo_homes_per_corporation_equal_a_direct_count(demo_dataset: Dataset, year: int) -> None:
    homes = demo_dataset.corporation_homes
    for code in [BRUNSTING, *_busiest_buurten(demo_dataset, 3)]:
        facts = buurt_facts(demo_dataset, code, year)
        expected = _direct_stock_count(homes, code, year)
        assert facts.homes_per_corporation == expected, code
        assert facts.homes_total > 0


def test_demo_works_add_up_to_the_measured_homes(demo_dataset: Dataset) -> None:
    homes = demo_dataset.corporation_homes
    for code in _busiest_buurten(demo_dataset, 3):
        works = buurt_facts(demo_dataset, code, 2025).works
        measured = homes[(homes["buurtcode"] == code) & homes["measure"].notna()]
        assert int(works["homes"].sum()) == len(measured)
        done = measured["completed_year"].notna() & (measured["completed_year"] <= 2025)
        assert int(works.loc[works["state"] == "done", "homes"].sum()) == int(done.sum())


def test_demo_brunsting_has_its_own_heat_phase(demo_dataset: Dataset) -> None:
    phasing = demo_dataset.heat_phasing.set_index("area_code")
    assert BRUNSTING in phasing.index
    heat = buurt_facts(demo_dataset, BRUNSTING, 2024).heat
    assert heat is not None
    assert (heat.area_code, heat.override) == (BRUNSTING, True)
    row = phasing.loc[BRUNSTING]
    assert (heat.period_start, heat.period_end) == (row["period_start"], row["period_end"])
    assert (heat.strategy, heat.plan_status) == (row["strategy"], row["plan_status"])


def test_demo_other_buurten_get_their_wijk_phase(demo_dataset: Dataset) -> None:
    phasing = demo_dataset.heat_phasing.set_index("area_code")
    buurten = demo_dataset.buurten
    wijk = buurten.loc[buurten["buurtcode"] == BRUNSTING, "wijkcode"].iloc[0]
    neighbours = buurten.loc[
        (buurten["wijkcode"] == wijk) & (buurten["buurtcode"] != BRUNSTING), "buurtcode"
    ]
    assert len(neighbours) > 0
    for code in neighbours:
        heat = buurt_facts(demo_dataset, code, 2024).heat
        assert heat is not None
        assert (heat.area_code, heat.override) == (wijk, False)
        assert heat.strategy == phasing.loc[wijk, "strategy"]


def test_demo_attention_history(demo_dataset: Dataset) -> None:
    areas = demo_dataset.attention_areas
    liveability = areas[areas["theme"] == "liveability"]
    for code in liveability["area_code"].dropna().unique():
        rows = liveability[liveability["area_code"] == code].sort_values("year")
        for year in (2023, 2024, 2025, 2026):
            attention = buurt_facts(demo_dataset, code, year).attention
            assert [h["year"] for h in attention.history] == list(rows["year"])
            this_year = rows[rows["year"] == year]
            expected = bool((this_year["status"] == "designated").any())
            assert attention.designated is expected, (code, year)


def test_demo_parks_within_two_km(demo_dataset: Dataset) -> None:
    parks = demo_dataset.holiday_parks
    buurten = demo_dataset.buurten.set_index("buurtcode")
    seen_any = False
    for code in buurten.index:
        listed = buurt_facts(demo_dataset, code, 2024).parks
        distance = parks.geometry.distance(buurten.geometry[code])
        expected = set(parks.loc[distance.round(0) <= PARKS_NEAR_M, "name"])
        assert set(listed["name"]) == expected, code
        assert list(listed["distance_m"]) == sorted(listed["distance_m"])
        seen_any = seen_any or len(listed) > 1
    assert seen_any


def test_demo_buurt_at_finds_every_buurt(demo_dataset: Dataset) -> None:
    for buurt in demo_dataset.buurten.itertuples():
        point = buurt.geometry.representative_point()
        assert buurt_at(demo_dataset, point.x, point.y) == buurt.buurtcode


def test_demo_buurt_at_outside_the_municipality(demo_dataset: Dataset) -> None:
    minx, miny, _, _ = demo_dataset.buurten.total_bounds
    assert buurt_at(demo_dataset, minx - 1_000, miny - 1_000) is None
    assert buurt_at(demo_dataset, 155_000, 463_000) is None  # Amersfoort, not Drenthe
