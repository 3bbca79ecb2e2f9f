"""The neighbourhood page's fact sheet (geo.neighbourhood): hand-made buurten and the demo."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from geo import codes
from geo.agreements import Area, NewEvent, case_states, new_event
from geo.dataset import Dataset
from geo.facts import buurt_facts
from geo.i18n import LANGUAGES, MESSAGES, t
from geo.manifest import Manifest
from geo.neighbourhood import MIN_SHOWN, neighbourhood_sheet, shown
from geo.workshop import events_frame, seed_states

X0, Y0 = 200_000.0, 500_000.0
KM = 1_000.0
A = box(X0, Y0, X0 + KM, Y0 + KM)
B = box(X0 + KM, Y0, X0 + 2 * KM, Y0 + KM)
C = box(X0 + 10 * KM, Y0, X0 + 11 * KM, Y0 + KM)
BU_A, BU_B, BU_C = "BU00010100", "BU00010101", "BU00010200"
WK_AB, WK_C = "WK000101", "WK000102"

# (corporation, buurt, measure, measure_year, completed_year, how many homes)
HOMES = [
    ("Alpha", BU_A, None, None, None, 20),
    ("Alpha", BU_A, "verduurzaming", 2025, None, 6),
    ("Alpha", BU_A, "verduurzaming", 2024, 2024, 7),
    ("Alpha", BU_A, "sloop", 2025, None, 2),
    ("Beta", BU_A, None, None, None, 8),
    ("Beta", BU_A, "renovatie", 2026, None, 5),
    ("Beta", BU_A, "verkoop", 2024, 2024, 3),  # sold in 2024: out of the 2025 stock
    ("Beta", BU_A, "nieuwbouw", 2027, None, 9),  # not built yet: not in the stock
    ("Alpha", BU_B, None, None, None, 12),
    ("Beta", BU_B, None, None, None, 2),
    ("Gamma", BU_B, None, None, None, 2),
    ("Alpha", BU_C, None, None, None, 3),
]


def _homes() -> gpd.GeoDataFrame:
    rows = [r[:5] for r in HOMES for _ in range(r[5])]
    return gpd.GeoDataFrame(
        {
            "home_id": [f"H{i}" for i in range(len(rows))],
            "corporation": [r[0] for r in rows],
            "buurtcode": [r[1] for r in rows],
            "measure": [r[2] for r in rows],
            "measure_year": pd.array([r[3] for r in rows], dtype="Int64"),
            "completed_year": pd.array([r[4] for r in rows], dtype="Int64"),
        },
        geometry=[Point(X0 + 500, Y0 + 500)] * len(rows),
        crs=28992,
    )


def _dataset(
    tmp_path: Path, *, strategy: str = "hybride", period: tuple[int, int] = (2026, 2030)
) -> Dataset:
    buurten = gpd.GeoDataFrame(
        {
            "buurtcode": [BU_A, BU_B, BU_C],
            "buurtnaam": ["Aakamp", "Beekhof", "Cingel"],
            "wijkcode": [WK_AB, WK_AB, WK_C],
            "gemeentecode": ["GM0001"] * 3,
        },
        geometry=[A, B, C],
        crs=28992,
    )
    wijken = gpd.GeoDataFrame(
        {"wijkcode": [WK_AB, WK_C], "wijknaam": ["Oost", "Ver"], "gemeentecode": ["GM0001"] * 2},
        geometry=[A.union(B), C],
        crs=28992,
    )
    heat = pd.DataFrame(
        {
            "area_code": [WK_AB, BU_B],
            "period_start": pd.array([period[0], 2022], dtype="Int64"),
            "period_end": pd.array([period[1], 2025], dtype="Int64"),
            "strategy": [strategy, "all-electric"],
            "plan_status": ["uitvoeringsplan", "afgerond"],
        }
    )
    parks = gpd.GeoDataFrame(
        {
            "park_id": ["P1", "P2", "P3"],
            "name": ["Park Binnen", "Park Dichtbij", "Park Ver Weg"],
            "vitality": ["vitaal", None, "niet-vitaal"],
            "units": pd.array([10, 20, 30], dtype="Int64"),
        },
        geometry=[Point(X0 + 200, Y0 + 200), Point(X0 - 700, Y0 + 500), Point(X0 - 5000, Y0)],
        crs=28992,
    )
    empty_areas = gpd.GeoDataFrame(
        {c: pd.Series(dtype=object) for c in ("area_code", "area_kind", "theme", "status")}
        | {"year": pd.Series(dtype="Int64")},
        geometry=gpd.GeoSeries([], crs=28992),
    )
    return Dataset(
        directory=tmp_path,
        manifest=Manifest(
            municipality_code="GM0001", municipality_name="Proef", boundary_year=2024
        ),
        tables={
            "buurten": buurten,
            "wijken": wijken,
            "corporation_homes": _homes(),
            "heat_phasing": heat,
            "attention_areas": empty_areas,
            "holiday_parks": parks,
        },
    )


@pytest.fixture
def small(tmp_path: Path) -> Dataset:
    return _dataset(tmp_path)


def _states(*events: NewEvent) -> gpd.GeoDataFrame:
    return case_states(events_frame(list(events)))


def _area(dataset: Dataset, code: str) -> Area:
    table, name = (
        (dataset.buurten, "buurtnaam") if code.startswith("BU") else (dataset.wijken, "wijknaam")
    )
    column = "buurtcode" if code.startswith("BU") else "wijkcode"
    row = table[table[column] == code].iloc[0]
    return Area("buurt" if code.startswith("BU") else "wijk", code, str(row[name]), row.geometry)


# --- homes per corporation ------------------------------------------------------------------


def test_homes_per_corporation_follow_the_stock_of_the_year(small: Dataset) -> None:
    sheet = neighbourhood_sheet(small, BU_A, 2025)
    facts = buurt_facts(small, BU_A, 2025)
    assert {h.corporation: h.homes for h in sheet.homes} == facts.homes_per_corporation
    assert sheet.homes_total == facts.homes_total
    assert [h.homes for h in sheet.homes] == sorted(
        (h.homes or 0 for h in sheet.homes), reverse=True
    )


def test_small_counts_are_hidden_with_what_would_give_them_away(small: Dataset) -> None:
    sheet = neighbourhood_sheet(small, BU_B, 2025)
    shown_homes = {h.corporation: h.homes for h in sheet.homes}
    # Beta 2 and Gamma 2 are hidden; shown beside a total, Alpha's 12 would give their sum
    # (4) away and with it that each has fewer than 5: Alpha is hidden too.
    assert shown_homes == {"Alpha": None, "Beta": None, "Gamma": None}
    assert sheet.homes_total == buurt_facts(small, BU_B, 2025).homes_total == 16
    tiny = neighbourhood_sheet(small, BU_C, 2025)
    assert tiny.homes_total is None  # 3 homes in all: fewer than 5
    assert [h.homes for h in tiny.homes] == [None]


def test_no_homes_is_zero_not_hidden(tmp_path: Path) -> None:
    data = _dataset(tmp_path)
    homes = data.corporation_homes[data.corporation_homes["buurtcode"] != BU_C]
    empty = Dataset(data.directory, data.manifest, {**data.tables, "corporation_homes": homes})
    sheet = neighbourhood_sheet(empty, BU_C, 2025)
    assert sheet.homes == ()
    assert sheet.homes_total == 0


@pytest.mark.parametrize(("count", "expected"), [(0, 0), (1, None), (4, None), (5, 5), (120, 120)])
def test_shown_hides_one_to_four(count: int, expected: int | None) -> None:
    assert shown(count) == expected
    assert MIN_SHOWN == 5


# --- plans ----------------------------------------------------------------------------------


def test_plans_per_year_measure_and_corporation(small: Dataset) -> None:
    sheet = neighbourhood_sheet(small, BU_A, 2025)
    expected = {
        (year, measure, corp): n
        for corp, code, measure, year, _, n in HOMES
        if code == BU_A and measure is not None
    }
    got = {(p.year, p.measure, p.corporation): p for p in sheet.plans}
    assert set(got) == set(expected)
    for key, plan in got.items():
        assert plan.homes == (expected[key] if expected[key] >= MIN_SHOWN else None), key
    assert [(p.year, p.measure) for p in sheet.plans] == sorted(
        ((p.year, p.measure) for p in sheet.plans),
        key=lambda ym: (ym[0], codes.MEASURES.index(ym[1])),
    )


def test_done_and_planned_depend_on_the_year(small: Dataset) -> None:
    in_2025 = neighbourhood_sheet(small, BU_A, 2025)
    done = {(p.year, p.measure) for p in in_2025.done}
    assert done == {(2024, "verduurzaming"), (2024, "verkoop")}
    assert {(p.year, p.measure) for p in in_2025.planned} == {
        (2025, "verduurzaming"),
        (2025, "sloop"),
        (2026, "renovatie"),
        (2027, "nieuwbouw"),
    }
    in_2023 = neighbourhood_sheet(small, BU_A, 2023)
    assert in_2023.done == ()


def test_sensitive_plans_are_per_buurt_never_per_address(small: Dataset) -> None:
    sheet = neighbourhood_sheet(small, BU_A, 2025)
    fields = {f for p in sheet.plans for f in vars(p)}
    assert fields == {"year", "measure", "corporation", "done", "homes"}
    [sloop] = [p for p in sheet.plans if p.measure == "sloop"]
    assert sloop.homes is None  # 2 homes: fewer than 5


# --- heat transition -------------------------------------------------------------------------


@pytest.mark.parametrize("strategy", codes.HEAT_STRATEGIES)
@pytest.mark.parametrize(("year", "phase"), [(2025, "later"), (2027, "current"), (2031, "earlier")])
def test_heat_phase_and_strategy_of_the_wijk(
    tmp_path: Path, strategy: str, year: int, phase: str
) -> None:
    sheet = neighbourhood_sheet(_dataset(tmp_path, strategy=strategy), BU_A, year)
    assert sheet.heat is not None
    assert (sheet.heat.strategy, sheet.heat.phase) == (strategy, phase)
    assert (sheet.heat.period_start, sheet.heat.period_end) == (2026, 2030)
    assert not sheet.heat.own_plan
    # Every strategy, phase and plan status has a plain explanation in both languages.
    for key in (
        f"nb.heat.means.{strategy}",
        f"nb.heat.phase.{phase}",
        "nb.heat.plan.uitvoeringsplan",
    ):
        assert all(t(key, lang, start=2026, end=2030) for lang in LANGUAGES), key


def test_a_buurt_row_overrides_its_wijk(small: Dataset) -> None:
    sheet = neighbourhood_sheet(small, BU_B, 2025)
    assert sheet.heat is not None
    assert (sheet.heat.strategy, sheet.heat.own_plan, sheet.heat.phase) == (
        "all-electric",
        True,
        "current",
    )
    assert neighbourhood_sheet(small, BU_C, 2025).heat is None


def test_every_coded_value_the_sheet_shows_has_its_plain_words() -> None:
    keys = [f"nb.heat.means.{s}" for s in codes.HEAT_STRATEGIES]
    keys += [f"nb.heat.plan.{p}" for p in codes.PLAN_STATUSES]
    keys += [f"nb.heat.phase.{p}" for p in ("current", "later", "earlier")]
    keys += [f"nb.att.status.{s}" for s in codes.DECISION_STATUSES]
    keys += [f"nb.att.reason.{r}" for r in codes.REASONS]
    keys += [f"nb.parks.vitality.{v}" for v in (*codes.VITALITY, "unknown")]
    keys += [f"nb.plans.{state}.{m}" for state in ("done", "planned") for m in codes.MEASURES]
    assert [k for k in keys if k not in MESSAGES] == []


# --- attention areas ------------------------------------------------------------------------


def test_no_attention_area(small: Dataset) -> None:
    sheet = neighbourhood_sheet(small, BU_A, 2025)
    assert sheet.attention.current == ()
    assert not sheet.attention.designated
    assert sheet.attention.designated_years == ()


def test_a_designated_buurt_with_what_was_agreed(small: Dataset) -> None:
    area = _area(small, BU_A)
    states = _states(
        new_event(area, "liveability", 2024, "decision", status="designated", reasons=("social",)),
        new_event(
            area,
            "liveability",
            2025,
            "decision",
            status="designated",
            reasons=("social", "safety"),
            lead_party="gemeente",
            vision="https://example.org/visie",
            note="Samen met de huurders",
        ),
        new_event(area, "heat", 2025, "decision", status="designated"),  # another theme
    )
    sheet = neighbourhood_sheet(small, BU_A, 2025, states)
    [case] = sheet.attention.current
    assert sheet.attention.designated
    assert (case.status, case.area_kind, case.reasons) == (
        "designated",
        "buurt",
        ("social", "safety"),
    )
    assert (case.lead_party, case.vision, case.note) == (
        "gemeente",
        "https://example.org/visie",
        "Samen met de huurders",
    )
    assert sheet.attention.designated_years == (2024, 2025)
    assert neighbourhood_sheet(small, BU_B, 2025, states).attention.current == ()


def test_a_designated_wijk_or_overlapping_drawn_area_covers_the_buurt(small: Dataset) -> None:
    wijk = _area(small, WK_AB)
    drawn = Area.drawn("Rond het plein", box(X0 + 900, Y0, X0 + 1100, Y0 + 100))
    touching = Area.drawn("Alleen de rand", box(X0 - 100, Y0, X0, Y0 + 100))  # shares an edge
    states = _states(
        new_event(wijk, "liveability", 2025, "decision", status="designated"),
        new_event(drawn, "liveability", 2025, "decision", status="postponed"),
        new_event(touching, "liveability", 2025, "decision", status="designated"),
    )
    sheet_a = neighbourhood_sheet(small, BU_A, 2025, states)
    assert [(c.area_kind, c.area_name, c.status) for c in sheet_a.attention.current] == [
        ("wijk", "Oost", "designated"),
        ("drawn", "Rond het plein", "postponed"),
    ]
    assert sheet_a.attention.designated
    assert [
        c.area_kind for c in neighbourhood_sheet(small, BU_C, 2025, states).attention.current
    ] == []


def test_viewers_see_a_proposal_only_once_it_is_published(small: Dataset) -> None:
    area_a, area_b = _area(small, BU_A), _area(small, BU_B)
    states = _states(
        new_event(area_a, "liveability", 2025, "proposal", status="proposed", published=False),
        new_event(area_b, "liveability", 2025, "proposal", status="proposed", published=True),
    )
    assert neighbourhood_sheet(small, BU_A, 2025, states).attention.current == ()
    [case] = neighbourhood_sheet(small, BU_B, 2025, states).attention.current
    assert case.status == "proposed"
    assert not neighbourhood_sheet(small, BU_B, 2025, states).attention.designated


# --- holiday parks -------------------------------------------------------------------------


def test_parks_nearby_nearest_first(small: Dataset) -> None:
    sheet = neighbourhood_sheet(small, BU_A, 2025)
    assert [(p.name, p.vitality, p.distance_m) for p in sheet.parks] == [
        ("Park Binnen", "vitaal", 0),
        ("Park Dichtbij", None, 700),
    ]
    assert neighbourhood_sheet(small, BU_C, 2025).parks == ()


# --- the demo ------------------------------------------------------------------------------


def test_every_demo_buurt_has_a_sheet_that_agrees_with_its_facts(demo_dataset: Dataset) -> None:
    states = seed_states(demo_dataset)
    hidden_somewhere = False
    for code in demo_dataset.buurten["buurtcode"]:
        sheet = neighbourhood_sheet(demo_dataset, code, 2025, states)
        facts = buurt_facts(demo_dataset, code, 2025, states)
        assert sheet.buurtnaam == facts.buurtnaam and sheet.demo
        assert sheet.homes_total == shown(facts.homes_total)
        for h in sheet.homes:
            assert h.homes is None or h.homes == facts.homes_per_corporation[h.corporation]
            assert h.homes is None or h.homes >= MIN_SHOWN
        works = facts.works.assign(done=facts.works["state"] == "done")
        assert len(sheet.plans) == len(works)
        for plan in sheet.plans:
            match = works[
                (works["year"] == plan.year)
                & (works["measure"] == plan.measure)
                & (works["corporation"] == plan.corporation)
                & (works["done"] == plan.done)
            ]
            assert len(match) == 1
            assert plan.homes == shown(int(match["homes"].iloc[0]))
            hidden_somewhere |= plan.homes is None
        designated = states[
            (states["area_code"] == code)
            & (states["theme"] == "liveability")
            & (states["status"] == "designated")
        ]
        assert set(sheet.attention.designated_years) == set(designated["year"].astype(int))
    assert hidden_somewhere, "the demo has small plans, hidden on some sheet"


def test_unknown_code_is_a_key_error(demo_dataset: Dataset) -> None:
    with pytest.raises(KeyError):
        neighbourhood_sheet(demo_dataset, "BU99999999", 2025)
