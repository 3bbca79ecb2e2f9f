"""Attention points on a hand-made municipality whose answers can be checked by eye.

Layout (1 km squares, RD New): wijk 1 = buurten A and B, wijk 2 = C, wijk 3 = D and E.
Heat phasing: wijk 1 2022-2025 hybride; B its own row, 2026-2030 strategy unknown;
wijk 2 2031-2035 warmtenet; wijk 3 none. Four buurten far east (F-I, wijk 4) hold the
private homes for the label check.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from geo.conflicts import (
    attention_points,
    buurt_for,
    labels_without_project,
    parks_with_households,
    points_frame,
    regret_risks,
    unserved_labels,
    without_vision,
)
from geo.dataset import Dataset
from geo.manifest import Manifest
from geo.targets import ConflictRules
from geo.workshop import seed_states

X0, Y0, KM = 200_000.0, 500_000.0, 1_000.0
CODES = {
    "A": ("BU00010100", "WK000101"),
    "B": ("BU00010101", "WK000101"),
    "C": ("BU00010200", "WK000102"),
    "D": ("BU00010300", "WK000103"),
    "E": ("BU00010301", "WK000103"),
    "F": ("BU00010400", "WK000104"),
    "G": ("BU00010401", "WK000104"),
    "H": ("BU00010402", "WK000104"),
    "I": ("BU00010403", "WK000104"),
}
# A-E side by side; F-I from 20 km east, 2 km apart (well beyond any radius).
SQUARE = {
    name: box(X0 + x * KM, Y0, X0 + (x + 1) * KM, Y0 + KM)
    for name, x in zip("ABCDEFGHI", [0, 1, 2, 3, 4, 20, 22, 24, 26], strict=True)
}


def centre(name: str, dx: float = 0.0, dy: float = 0.0) -> Point:
    c = SQUARE[name].centroid
    return Point(c.x + dx, c.y + dy)


def code(name: str) -> str:
    return CODES[name][0]


# (count, buurt, measure, measure_year, heating_change)
CORPORATION_WORK = [
    (3, "A", "verduurzaming", 2024, True),  # phase 2022-2025 runs, strategy known: fine
    (2, "B", "renovatie", 2024, True),  # B's strategy unknown: regret risk
    (4, "B", "verduurzaming", 2024, False),  # insulation: no-regret, never a conflict
    (6, "C", "verduurzaming", 2024, True),  # wijk 2's turn is 2031: regret risk
    (3, "C", "nieuwbouw", 2024, True),  # new building is no sustainability work
    (4, "C", "verduurzaming", 2025, True),  # another year
    (5, "D", "renovatie", 2024, True),  # wijk 3 has no phasing: regret risk
    (1, "H", "verduurzaming", 2025, False),  # the project near buurt H's private homes
]


def _corporation_homes() -> gpd.GeoDataFrame:
    rows = []
    for count, buurt, measure, year, change in CORPORATION_WORK:
        for n in range(count):
            point = centre(buurt, dx=3.0 * n) if buurt != "H" else centre("H", dy=300)
            rows.append((code(buurt), measure, year, change, point))
    return gpd.GeoDataFrame(
        {
            "home_id": [f"c{n}" for n in range(len(rows))],
            "corporation": ["Alpha" if n % 2 else "Beta" for n in range(len(rows))],
            "buurtcode": [r[0] for r in rows],
            "measure": [r[1] for r in rows],
            "measure_year": pd.array([r[2] for r in rows], dtype="Int64"),
            "completed_year": pd.array([None] * len(rows), dtype="Int64"),
            "heating_change": [r[3] for r in rows],
        },
        geometry=[r[4] for r in rows],
        crs=28992,
    )


# (buurt, count, label): private homes at the buurt's centre.
PRIVATE = [
    ("F", 24, "F"),  # 24 poor of 30 (80%), no project near: listed
    ("F", 6, "A"),
    ("G", 25, "G"),  # 25 poor of 100 (25%): below the 30% share
    ("G", 75, "C"),
    ("H", 20, "E"),  # 20 poor (label E counts) of 20, but a project 300 m away
    ("I", 19, "G"),  # 19 poor of 19: fewer than 20 homes
    ("I", 5, None),  # no label: not poorly labelled, but counted among the homes
]


def _private_homes() -> gpd.GeoDataFrame:
    rows = [(code(b), label, centre(b)) for b, count, label in PRIVATE for _ in range(count)]
    return gpd.GeoDataFrame(
        {
            "home_id": [f"p{n}" for n in range(len(rows))],
            "buurtcode": [r[0] for r in rows],
            "energielabel": [r[1] for r in rows],
        },
        geometry=[r[2] for r in rows],
        crs=28992,
    )


# (name, vitality, target-group households, location)
PARKS = [
    ("Park Eén", "niet-vitaal", 12, centre("A")),
    ("Park Leeg", "niet-vitaal", 0, centre("A", dx=100)),
    ("Park Vitaal", "vitaal", 30, centre("B")),
    ("Park Om", "transformatie", 8, centre("C")),
    ("Park Klein", "niet-vitaal", 3, centre("C", dx=100)),
]


@pytest.fixture
def town(tmp_path: Path) -> Dataset:
    names = list(CODES)
    buurten = gpd.GeoDataFrame(
        {
            "buurtcode": [CODES[n][0] for n in names],
            "buurtnaam": [f"Buurt {n}" for n in names],
            "wijkcode": [CODES[n][1] for n in names],
            "gemeentecode": ["GM0001"] * len(names),
        },
        geometry=[SQUARE[n] for n in names],
        crs=28992,
    )
    wijken = buurten.dissolve(by="wijkcode", as_index=False)[["wijkcode", "geometry"]]
    wijken["wijknaam"] = [f"Wijk {c[-1]}" for c in wijken["wijkcode"]]
    wijken["gemeentecode"] = "GM0001"
    heat = pd.DataFrame(
        {
            "area_code": ["WK000101", "BU00010101", "WK000102"],
            "period_start": pd.array([2022, 2026, 2031], dtype="Int64"),
            "period_end": pd.array([2025, 2030, 2035], dtype="Int64"),
            "strategy": ["hybride", "onbekend", "warmtenet"],
            "plan_status": ["uitvoering", "verkenning", "verkenning"],
        }
    )
    # (area, year, status, vision, lead)
    decisions = [
        ("A", 2024, "designated", None, "gemeente"),  # no vision: listed
        ("B", 2024, "designated", "Buurtvisie B", "actium"),  # has one
        ("C", 2024, "proposed", None, "mevm"),  # not designated
        ("A", 2023, "designated", None, "gemeente"),  # another year
    ]
    attention = gpd.GeoDataFrame(
        {
            "area_code": [code(d[0]) for d in decisions] + ["WK000103"],
            "area_kind": ["buurt"] * len(decisions) + ["wijk"],
            "theme": ["liveability"] * (len(decisions) + 1),
            "year": pd.array([d[1] for d in decisions] + [2024], dtype="Int64"),
            "status": [d[2] for d in decisions] + ["designated"],
            "reasons": ["social"] * len(decisions) + ["physical|safety"],
            "lead_party": [d[4] for d in decisions] + ["woonservice"],
            # Only spaces: no vision either.
            "vision": [d[3] for d in decisions] + ["   "],
            "note": [None] * (len(decisions) + 1),
        },
        geometry=[SQUARE[d[0]] for d in decisions] + [SQUARE["D"].union(SQUARE["E"])],
        crs=28992,
    )
    parks = gpd.GeoDataFrame(
        {
            "park_id": [f"P{n}" for n in range(len(PARKS))],
            "name": [p[0] for p in PARKS],
            "vitality": [p[1] for p in PARKS],
            "units": pd.array([50] * len(PARKS), dtype="Int64"),
            "permanent_residents": pd.array([40] * len(PARKS), dtype="Int64"),
            "target_group_households": pd.array([p[2] for p in PARKS], dtype="Int64"),
        },
        geometry=[p[3] for p in PARKS],
        crs=28992,
    )
    manifest = Manifest(municipality_code="GM0001", municipality_name="Proef", boundary_year=2024)
    return Dataset(
        directory=tmp_path,
        manifest=manifest,
        tables={
            "buurten": buurten,
            "wijken": wijken,
            "corporation_homes": _corporation_homes(),
            "private_homes": _private_homes(),
            "heat_phasing": heat,
            "attention_areas": attention,
            "holiday_parks": parks,
        },
    )


RULES = ConflictRules()
PERIOD = (2023, 2026)


# --- regret: heating changes ahead of the heat strategy ------------------------------------


def test_regret_only_for_heating_changes_ahead_of_an_undecided_or_later_phase(
    town: Dataset,
) -> None:
    points = {p.area_code: p for p in regret_risks(town, 2024)}
    # A: current phase with a known strategy; B's insulation: no-regret; C's new builds
    # and its 2025 work: not sustainability work of 2024.
    assert set(points) == {"BU00010101", "WK000102", "WK000103"}
    assert points["BU00010101"].note.key == "conflict.text.regret.undecided"
    assert points["WK000102"].note.key == "conflict.text.regret.later"
    assert points["WK000103"].note.key == "conflict.text.regret.none"
    # Links go to the buurt where the work is.
    assert points["WK000102"].buurtcode == code("C")
    assert points["WK000103"].buurtcode == code("D")
    assert {p.year for p in points.values()} == {2024}


def test_regret_sentences_say_how_many_and_hide_small_counts(town: Dataset) -> None:
    points = {p.area_code: p for p in regret_risks(town, 2024)}
    assert points["WK000102"].text("en") == (
        "Wijk 2: 6 homes with a new heating system planned in 2024 (sustainability works; "
        "Alpha, Beta), while the area's turn only comes in 2031–2035 (heat network)."
    )
    # B has 2 homes: written as "fewer than 5", never as 2.
    text = points["BU00010101"].text("nl")
    assert text.startswith("Buurt B: minder dan 5 woningen met een nieuwe verwarming")
    assert "nog onbekend is (fase 2026–2030)" in text
    assert " 2 " not in text


def test_regret_in_another_year_and_without_phasing(town: Dataset) -> None:
    later = regret_risks(town, 2025)
    assert [(p.area_code, p.note.key) for p in later] == [
        ("WK000102", "conflict.text.regret.later")
    ]
    assert regret_risks(town, 2030) == []
    no_heat = Dataset(
        town.directory, town.manifest, {**town.tables, "heat_phasing": town.heat_phasing.iloc[0:0]}
    )
    assert regret_risks(no_heat, 2024) == []


# --- attention areas without a vision ---------------------------------------------------------


def test_designated_areas_without_vision_from_the_data_file(town: Dataset) -> None:
    points = without_vision(town, 2024, party_names={"gemeente": "Gemeente Proef"})
    assert [(p.area_code, p.buurtcode) for p in points] == [
        (code("A"), code("A")),
        # A wijk links to its first buurt.
        ("WK000103", code("D")),
    ]
    assert points[0].text("nl") == (
        "Buurt A: aangewezen voor 2024 (sociaal; trekker Gemeente Proef), maar zonder "
        "wijk- of buurtvisie."
    )
    assert [p.area_code for p in without_vision(town, 2023)] == [code("A")]
    assert without_vision(town, 2025) == []


def test_designated_areas_without_vision_from_the_store_state(town: Dataset) -> None:
    states = seed_states(town)
    assert [p.area_code for p in without_vision(town, 2024, states)] == [code("A"), "WK000103"]
    # A vision recorded in the store (a later decision) takes A off the list.
    with_vision = states.assign(
        vision=states["vision"].where(
            ~((states["area_code"] == code("A")) & (states["year"] == 2024)), "Visie A"
        )
    )
    assert [p.area_code for p in without_vision(town, 2024, with_vision)] == ["WK000103"]


# --- holiday parks ---------------------------------------------------------------------------


def test_parks_not_vital_with_target_group_households(town: Dataset) -> None:
    points = parks_with_households(town, RULES)
    assert [(p.area_name, p.buurtcode) for p in points] == [
        ("Park Eén", code("A")),
        ("Park Klein", code("C")),
    ]
    assert points[0].text("en") == (
        "Park Eén (buurt Buurt A): not vital, 12 households of the corporations' target group."
    )
    assert "fewer than 5 households" in points[1].text("en")
    wider = ConflictRules(park_vitality=("niet-vitaal", "transformatie"))
    assert [p.area_name for p in parks_with_households(town, wider)] == [
        "Park Eén",
        "Park Klein",
        "Park Om",
    ]


# --- poorly labelled private homes without a project near ------------------------------------


def test_label_counts_per_buurt(town: Dataset) -> None:
    table = unserved_labels(town, RULES, PERIOD).set_index("buurtcode")
    assert table.loc[code("F"), ["private", "poor", "unserved"]].tolist() == [30, 24, 24]
    assert table.loc[code("G"), ["private", "poor", "unserved"]].tolist() == [100, 25, 25]
    assert table.loc[code("H"), ["private", "poor", "unserved"]].tolist() == [20, 20, 0]
    assert table.loc[code("I"), ["private", "poor", "unserved"]].tolist() == [24, 19, 19]
    assert table.loc[code("F"), "share"] == pytest.approx(0.8)
    assert table["listed"].to_dict() == {
        code("F"): True,
        code("G"): False,  # 25%
        code("H"): False,  # served by the project 300 m away
        code("I"): False,  # 19 homes
    }


def test_labels_without_project(town: Dataset) -> None:
    points = labels_without_project(town, RULES, PERIOD)
    assert [p.area_code for p in points] == [code("F")]
    assert points[0].text("nl") == (
        "Buurt F: 24 particuliere woningen met label E of slechter (80% van alle particuliere "
        "woningen) zonder verduurzamings- of renovatieproject van een corporatie binnen 500 m "
        "in 2023–2026."
    )


def test_the_project_must_be_near_and_in_the_years(town: Dataset) -> None:
    # Within 200 m the project at 300 m is not near; a period without 2025 has no project.
    near = labels_without_project(town, ConflictRules(radius_m=200), PERIOD)
    assert [p.area_code for p in near] == [code("F"), code("H")]
    early = labels_without_project(town, RULES, (2023, 2024))
    assert [p.area_code for p in early] == [code("F"), code("H")]
    # A stricter label (G only): F's F labels and H's E labels are no longer poor.
    strict = unserved_labels(town, ConflictRules(max_label="G"), (2023, 2024))
    assert strict.set_index("buurtcode")["poor"].to_dict() == {
        code("F"): 0,
        code("G"): 25,
        code("H"): 0,
        code("I"): 19,
    }


def test_thresholds_are_configurable(town: Dataset) -> None:
    loose = ConflictRules(min_homes=19, min_share=0.25)
    assert [p.area_code for p in labels_without_project(town, loose, PERIOD)] == [
        code("G"),
        code("F"),
        code("I"),
    ]


# --- all together ----------------------------------------------------------------------------


def test_attention_points_in_order_of_kind(town: Dataset) -> None:
    points = attention_points(town, 2024, RULES, PERIOD)
    assert [p.kind for p in points] == [
        "regret",
        "regret",
        "regret",
        "no_vision",
        "no_vision",
        "park",
        "park",
        "labels",
    ]
    frame = points_frame(points, "en")
    assert list(frame.columns) == [
        "kind",
        "area_code",
        "area_name",
        "buurtcode",
        "year",
        "text_key",
        "text",
        "geometry",
    ]
    assert frame.crs.to_epsg() == 28992
    assert frame["year"].isna().tolist() == [False] * 5 + [True] * 3


def test_buurt_for_a_drawn_area_is_the_buurt_holding_it(town: Dataset) -> None:
    drawn = box(X0 + 2100, Y0 + 100, X0 + 2300, Y0 + 300)  # inside C
    assert buurt_for(town, None, drawn) == code("C")
    assert buurt_for(town, "WK000104") == code("F")
    assert buurt_for(town, None, box(0, 0, 1, 1)) is None


def test_inputs_are_left_alone(town: Dataset) -> None:
    before = {name: frame.copy() for name, frame in town.tables.items()}
    attention_points(town, 2024, RULES, PERIOD)
    for name, frame in town.tables.items():
        pd.testing.assert_frame_equal(frame, before[name])
