"""What each layer shows in a chosen year: planned is not done, overrides win."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from geo.dataset import Dataset
from geo.yearview import (
    effective_heat_phasing,
    home_states,
    phase_state,
    stock_in_year,
)

# id: (measure, measure_year, completed_year)
HOMES = {
    "kept": (None, None, None),
    "insulated-2024": ("verduurzaming", 2024, 2024),
    "insulated-late": ("verduurzaming", 2024, 2025),  # planned 2024, finished a year late
    "renovation-open": ("renovatie", 2023, None),  # planned long ago, never finished
    "demolished-2024": ("sloop", 2024, 2024),
    "demolition-open": ("sloop", 2024, None),
    "sold-2025": ("verkoop", 2025, 2025),
    "built-2025": ("nieuwbouw", 2024, 2025),
    "fictief": ("nieuwbouw", 2026, None),
}


@pytest.fixture
def homes() -> gpd.GeoDataFrame:
    ids = list(HOMES)
    return gpd.GeoDataFrame(
        {
            "home_id": ids,
            "corporation": ["Alpha"] * len(ids),
            "measure": pd.array([HOMES[i][0] for i in ids], dtype="string"),
            "measure_year": pd.array([HOMES[i][1] for i in ids], dtype="Int64"),
            "completed_year": pd.array([HOMES[i][2] for i in ids], dtype="Int64"),
        },
        geometry=[Point(230_000 + 10 * n, 540_000) for n in range(len(ids) - 1)] + [None],
        crs=28992,
    )


def _states(frame: gpd.GeoDataFrame, year: int) -> dict[str, str]:
    result = home_states(frame, year)
    return dict(zip(result["home_id"], result["state"], strict=True))


# --- home_states ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "done"),
    [
        (2022, set()),
        (2023, set()),
        (2024, {"insulated-2024", "demolished-2024"}),
        (2025, {"insulated-2024", "demolished-2024", "insulated-late", "sold-2025", "built-2025"}),
        (2030, {"insulated-2024", "demolished-2024", "insulated-late", "sold-2025", "built-2025"}),
    ],
)
def test_done_only_when_completed_in_or_before_the_year(
    homes: gpd.GeoDataFrame, year: int, done: set[str]
) -> None:
    states = _states(homes, year)
    assert {h for h, s in states.items() if s == "done"} == done
    assert states["kept"] == "none"
    assert {h for h, s in states.items() if s == "planned"} == set(HOMES) - done - {"kept"}


def test_measure_year_never_counts_as_done(homes: gpd.GeoDataFrame) -> None:
    # The renovation was planned for 2023; years later it is still only planned.
    assert _states(homes, 2023)["renovation-open"] == "planned"
    assert _states(homes, 2040)["renovation-open"] == "planned"
    # And a measure completed late is planned in its planned year.
    assert _states(homes, 2024)["insulated-late"] == "planned"


def test_home_states_keeps_every_row_and_leaves_the_input_alone(homes: gpd.GeoDataFrame) -> None:
    before = homes.copy()
    result = home_states(homes, 2025)
    assert len(result) == len(homes)
    assert "state" not in homes.columns
    pd.testing.assert_frame_equal(homes, before)
    assert result.crs == homes.crs


# --- stock_in_year --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "left", "entered"),
    [
        (2023, set(), set()),
        (2024, {"demolished-2024"}, set()),
        (2025, {"demolished-2024", "sold-2025"}, {"built-2025"}),
        (2030, {"demolished-2024", "sold-2025"}, {"built-2025"}),
    ],
)
def test_stock_in_year(
    homes: gpd.GeoDataFrame, year: int, left: set[str], entered: set[str]
) -> None:
    existing = {h for h, (m, _, _) in HOMES.items() if m != "nieuwbouw"}
    stock = set(stock_in_year(homes, year)["home_id"])
    assert stock == (existing - left) | entered


def test_a_planned_demolition_stays_in_the_stock(homes: gpd.GeoDataFrame) -> None:
    for year in (2024, 2025, 2030):
        assert "demolition-open" in set(stock_in_year(homes, year)["home_id"])


def test_a_fictief_home_only_enters_when_completed(homes: gpd.GeoDataFrame) -> None:
    assert "fictief" not in set(stock_in_year(homes, 2030)["home_id"])
    finished = homes.copy()
    finished["completed_year"] = finished["completed_year"].where(
        finished["home_id"] != "fictief", 2027
    )
    assert "fictief" not in set(stock_in_year(finished, 2026)["home_id"])
    assert "fictief" in set(stock_in_year(finished, 2027)["home_id"])


def test_stock_in_year_leaves_the_input_alone(homes: gpd.GeoDataFrame) -> None:
    before = homes.copy()
    stock_in_year(homes, 2025)
    pd.testing.assert_frame_equal(homes, before)


def test_demo_stock_per_year_follows_completions(demo_dataset: Dataset) -> None:
    homes = demo_dataset.corporation_homes
    existing = int((homes["measure"].fillna("") != "nieuwbouw").sum())
    for year in (2023, 2024, 2025, 2026):
        done = homes["completed_year"].notna() & (homes["completed_year"] <= year)
        left = int((homes["measure"].isin(["sloop", "verkoop"]) & done).sum())
        came = int(((homes["measure"] == "nieuwbouw") & done).sum())
        assert len(stock_in_year(homes, year)) == existing - left + came


# --- phase_state ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2025, "later"),
        (2026, "current"),
        (2028, "current"),
        (2030, "current"),
        (2031, "earlier"),
    ],
)
def test_phase_state_boundaries(year: int, expected: str) -> None:
    assert phase_state(2026, 2030, year) == expected


def test_phase_of_a_single_year() -> None:
    assert [phase_state(2025, 2025, y) for y in (2024, 2025, 2026)] == [
        "later",
        "current",
        "earlier",
    ]


# --- effective_heat_phasing -----------------------------------------------------------

# Two wijken of two 100 m squares each, and a fifth buurt in a wijk without phasing.
SQUARES = {
    "BU00010100": ("WK000101", box(200_000, 500_000, 200_100, 500_100)),
    "BU00010101": ("WK000101", box(200_100, 500_000, 200_200, 500_100)),
    "BU00010200": ("WK000102", box(200_000, 500_100, 200_100, 500_200)),
    "BU00010201": ("WK000102", box(200_100, 500_100, 200_200, 500_200)),
    "BU00010300": ("WK000103", box(200_200, 500_000, 200_300, 500_100)),
}


@pytest.fixture
def buurten() -> gpd.GeoDataFrame:
    codes = list(SQUARES)
    return gpd.GeoDataFrame(
        {
            "buurtcode": codes,
            "buurtnaam": [f"Buurt {c[-4:]}" for c in codes],
            "wijkcode": [SQUARES[c][0] for c in codes],
            "gemeentecode": ["GM0001"] * len(codes),
        },
        geometry=[SQUARES[c][1] for c in codes],
        crs=28992,
    )


@pytest.fixture
def heat() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_code": ["WK000101", "WK000102", "BU00010101", "WK000999"],
            "period_start": pd.array([2026, 2031, 2022, 2036], dtype="Int64"),
            "period_end": pd.array([2030, 2035, 2025, 2050], dtype="Int64"),
            "strategy": ["hybride", "warmtenet", "all-electric", "onbekend"],
            "plan_status": ["uitvoeringsplan", "verkenning", "afgerond", "verkenning"],
        }
    )


def test_a_buurt_row_overrides_its_wijk(buurten: gpd.GeoDataFrame, heat: pd.DataFrame) -> None:
    drawn = effective_heat_phasing(buurten, heat).set_index("area_code")
    assert set(drawn.index) == {"WK000101", "WK000102", "BU00010101"}
    # The wijk is drawn without its overriding buurt; the buurt carries its own row.
    assert drawn.geometry["WK000101"].equals(SQUARES["BU00010100"][1])
    assert drawn.geometry["BU00010101"].equals(SQUARES["BU00010101"][1])
    assert drawn.geometry["WK000102"].area == pytest.approx(20_000)
    assert drawn.loc["BU00010101", "strategy"] == "all-electric"
    assert drawn.loc["WK000101", "strategy"] == "hybride"
    assert drawn.loc["BU00010101", "level"] == "buurt"
    assert drawn.loc["WK000101", "level"] == "wijk"
    assert drawn.crs == buurten.crs


def test_areas_without_phasing_or_without_buurten_are_not_drawn(
    buurten: gpd.GeoDataFrame, heat: pd.DataFrame
) -> None:
    drawn = effective_heat_phasing(buurten, heat)
    assert "WK000103" not in set(drawn["area_code"])  # a wijk without a row
    assert "WK000999" not in set(drawn["area_code"])  # a row without buurten
    assert drawn.geometry.union_all().area == pytest.approx(40_000)


def test_no_matching_rows_gives_an_empty_layer(buurten: gpd.GeoDataFrame) -> None:
    heat = pd.DataFrame(
        {
            "area_code": ["WK009999"],
            "period_start": [2022],
            "period_end": [2025],
            "strategy": ["onbekend"],
            "plan_status": ["verkenning"],
        }
    )
    drawn = effective_heat_phasing(buurten, heat)
    assert drawn.empty
    assert "level" in drawn.columns


def test_effective_heat_phasing_leaves_its_inputs_alone(
    buurten: gpd.GeoDataFrame, heat: pd.DataFrame
) -> None:
    buurten_before, heat_before = buurten.copy(), heat.copy()
    effective_heat_phasing(buurten, heat)
    pd.testing.assert_frame_equal(buurten, buurten_before)
    pd.testing.assert_frame_equal(heat, heat_before)


def test_demo_phasing_covers_every_buurt_once(demo_dataset: Dataset) -> None:
    drawn = effective_heat_phasing(demo_dataset.buurten, demo_dataset.heat_phasing)
    total = demo_dataset.buurten.geometry.area.sum()
    # No overlaps (areas add up to the union) and nothing left out.
    assert drawn.geometry.area.sum() == pytest.approx(drawn.geometry.union_all().area, rel=1e-6)
    assert drawn.geometry.area.sum() == pytest.approx(total, rel=1e-6)
    overrides = set(drawn.loc[drawn["level"] == "buurt", "area_code"])
    rows = set(demo_dataset.heat_phasing["area_code"])
    assert overrides == {c for c in rows if c.startswith("BU")}


def test_phasing_code_prefers_the_buurt_then_its_wijk() -> None:
    from geo.yearview import phasing_code

    assert phasing_code("BU00010001", "WK000100", {"BU00010001", "WK000100"}) == "BU00010001"
    assert phasing_code("BU00010002", "WK000100", {"BU00010001", "WK000100"}) == "WK000100"
    assert phasing_code("BU00020001", "WK000200", {"WK000100"}) is None
