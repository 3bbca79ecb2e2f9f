"""Meeliften (geo.meeliften): hand-made homes whose answers are worked out by hand.

Every case puts a project home at the origin (tests/unit/meeliften_cases.py) and
private homes at known distances, labels, kinds and streets. The window is 2023-2026
unless a test says otherwise.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from pydantic import ValidationError

from geo import meeliften_io
from geo.dataset import Dataset
from geo.meeliften import (
    CANDIDATE_COLUMNS,
    LABEL_COLUMNS,
    MIN_SHOWN,
    Parameters,
    Result,
    analyse,
    candidates,
    eligible_homes,
    for_viewers,
    project_homes,
    suppress,
    suppress_labels,
)
from tests.unit.meeliften_cases import (
    BU_A,
    BU_A2,
    BU_B,
    ONE_PROJECT,
    Street,
    buurten,
    corporation,
    derivable,
    home,
    private,
    small_derivable,
    streets,
)


def params(**changes: object) -> Parameters:
    return Parameters(**({"year_from": 2023, "year_to": 2026} | changes))  # type: ignore[arg-type]


def found(
    private_homes: gpd.GeoDataFrame,
    corporation_homes: gpd.GeoDataFrame = ONE_PROJECT,
    **changes: object,
) -> gpd.GeoDataFrame:
    return candidates(private_homes, corporation_homes, params(**changes))


def ids(frame: pd.DataFrame) -> set[str]:
    return set(frame["home_id"])


def assigned(frame: pd.DataFrame) -> dict[str, str]:
    return dict(zip(frame["home_id"], frame["project_id"], strict=True))


def result(
    private_homes: gpd.GeoDataFrame,
    corporation_homes: gpd.GeoDataFrame = ONE_PROJECT,
    **changes: object,
) -> Result:
    return analyse(private_homes, corporation_homes, buurten(), params(**changes))


# -- parameters ---------------------------------------------------------------------------


def test_parameters_defaults_are_the_issues() -> None:
    p = Parameters(year_from=2023, year_to=2026)
    assert (p.radius_m, p.max_label, p.include_unlabelled, p.same_street) == (
        150.0,
        "D",
        True,
        True,
    )
    assert (p.similarity, p.era_years) == ("type_or_era", 15)


@pytest.mark.parametrize(
    "changes",
    [
        {"max_label": "H"},
        {"max_label": "d"},  # labels are upper case; the CLI upper-cases its argument
        {"max_label": ""},
        {"year_from": 2026, "year_to": 2025},
        {"radius_m": 0},
        {"radius_m": -5},
        {"radius_m": 2001},
        {"era_years": -1},
        {"similarity": "kind"},
        {"colour": "red"},
    ],
)
def test_parameters_refuse_bad_values(changes: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        params(**changes)


# -- distance ------------------------------------------------------------------------------

BOUNDARY = private(
    home("east-150.0", 150.0, 0.0),
    home("east-150.01", 150.01, 0.0),
    home("diagonal-150", 90.0, 120.0),  # 3-4-5: exactly 150 m
    home("diagonal-150.1", 90.0, 120.1),
    home("south-149.99", 0.0, -149.99),
    home("west-300", -300.0, 0.0),
)


def test_radius_boundary_150_in_150_01_out() -> None:
    out = found(BOUNDARY)
    assert ids(out) == {"east-150.0", "diagonal-150", "south-149.99"}
    assert sorted(out["distance_m"]) == [150.0, 150.0, 150.0]  # 149.99 rounds to 150.0
    assert not out["same_street"].any()


def test_radius_is_the_parameter() -> None:
    assert ids(found(BOUNDARY, radius_m=150.02)) == {
        "east-150.0",
        "east-150.01",
        "diagonal-150",
        "south-149.99",
    }
    assert ids(found(BOUNDARY, radius_m=100.0)) == set()
    assert "west-300" in ids(found(BOUNDARY, radius_m=300.0))


def test_distance_is_to_the_nearest_project_home_rounded_to_a_decimetre() -> None:
    project = corporation(home("K1", 0, 0), home("K2", 100, 0))
    out = found(private(home("p", 112.34, 0.0), home("q", 30.06, 0.0)), project)
    assert dict(zip(out["home_id"], out["distance_m"], strict=True)) == {"p": 12.3, "q": 30.1}


# -- labels --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "max_label", "unlabelled", "expected"),
    [
        ("D", "D", True, True),
        ("C", "D", True, False),
        ("E", "D", True, True),
        ("G", "D", True, True),
        (None, "D", True, True),
        (None, "D", False, False),
        ("D", "D", False, True),
        # ranks, not text: "A+" < "A" as strings, but A+ is the better label
        ("A+", "A", True, False),
        ("A", "A", True, True),
        ("A++++", "A", True, False),
        ("B", "A", True, True),
        ("A+", "A+", True, True),
        ("A++", "A+", True, False),
        ("A", "A+", True, True),
        ("G", "G", True, True),
        ("F", "G", True, False),
        ("A++++", "A++++", True, True),
    ],
)
def test_label_threshold(
    label: str | None, max_label: str, unlabelled: bool, expected: bool
) -> None:
    homes = private(home("p", 10, 0, energielabel=label))
    chosen = dict(max_label=max_label, include_unlabelled=unlabelled)
    assert (len(eligible_homes(homes, params(**chosen))) == 1) is expected
    assert (ids(found(homes, **chosen)) == {"p"}) is expected


def test_unlabelled_homes_count_as_geen() -> None:
    res = result(private(home("p", 10, 0, energielabel=None), home("q", 20, 0, energielabel="G")))
    row = res.projects.iloc[0]
    assert (row["candidates"], row["geen"], row["G"]) == (2, 1, 1)
    assert list(LABEL_COLUMNS)[-1] == "geen"


# -- similar dwellings --------------------------------------------------------------------

# The project home is an eengezinswoning (ground level) of 1970.
KINDS = private(
    home("ground-2000", 10, 0, woningtype="rijwoning", bouwjaar=2000),
    home("ground-1985", 10, 1, woningtype="tussenwoning", bouwjaar=1985),
    home("ground-spaces-case", 10, 2, woningtype=" Vrijstaand ", bouwjaar=1900),
    home("stacked-1980", 10, 3, woningtype="appartement", bouwjaar=1980),
    home("stacked-1955", 10, 4, woningtype="portiekflat", bouwjaar=1955),
    home("stacked-1986", 10, 5, woningtype="appartement", bouwjaar=1986),
    home("unknown-word-1970", 10, 6, woningtype="woonwagen", bouwjaar=1970),
    home("nothing-known", 10, 7, woningtype=None, bouwjaar=None),
)
SAME_KIND = {"ground-2000", "ground-1985", "ground-spaces-case"}
SAME_ERA = {"ground-1985", "stacked-1980", "stacked-1955", "unknown-word-1970"}  # <= 15 years


@pytest.mark.parametrize(
    ("similarity", "expected"),
    [
        ("type", SAME_KIND),
        ("era", SAME_ERA),
        ("type_or_era", SAME_KIND | SAME_ERA),
        ("any", set(KINDS["home_id"])),
    ],
)
def test_similarity(similarity: str, expected: set[str]) -> None:
    assert ids(found(KINDS, similarity=similarity)) == expected


def test_era_years_is_the_parameter() -> None:
    assert ids(found(KINDS, similarity="era", era_years=16)) == SAME_ERA | {"stacked-1986"}
    assert ids(found(KINDS, similarity="era", era_years=0)) == {"unknown-word-1970"}


def test_a_project_of_unknown_kind_matches_by_era_only() -> None:
    seniors = corporation(home("K1", 0, 0, woningtype="seniorenwoning"))
    assert ids(found(KINDS, seniors, similarity="type")) == set()
    assert ids(found(KINDS, seniors)) == SAME_ERA


def test_similar_to_one_home_near_another_is_not_enough() -> None:
    """Near and similar must hold for the same project home: a stacked home 10 m from
    the project's eengezinswoning, 1,000 m from its apartment (another street), is
    not a candidate by type."""
    project = corporation(
        home("K1", 0, 0, bouwjaar=2010),
        home("K2", 1000, 0, woningtype="appartement", bouwjaar=2010),
    )
    homes = private(home("p", 10, 0, woningtype="appartement", bouwjaar=1930))
    assert ids(found(homes, project, similarity="type")) == set()


# -- the same street ----------------------------------------------------------------------


def test_same_street_in_the_same_wijk_counts_beyond_the_radius() -> None:
    project = corporation(home("K1", 0, 0, straat="Kerkstraat", buurtcode=BU_A))
    homes = private(
        home("same-buurt-800m", 800, 0, straat="Kerkstraat", buurtcode=BU_A),
        home("same-wijk-other-buurt-900m", 0, 900, straat="Kerkstraat", buurtcode=BU_A2),
        home("spelled-differently", -700, 0, straat=" kerkstraat ", buurtcode=BU_A),
        home("other-wijk", 600, 0, straat="Kerkstraat", buurtcode=BU_B),
        home("other-street", 500, 0, straat="Kerkweg", buurtcode=BU_A),
        home("no-street", 400, 0, straat=None, buurtcode=BU_A),
    )
    out = found(homes, project)
    assert ids(out) == {"same-buurt-800m", "same-wijk-other-buurt-900m", "spelled-differently"}
    assert out["same_street"].all()
    assert sorted(out["distance_m"]) == [700.0, 800.0, 900.0]
    assert ids(found(homes, project, same_street=False)) == set()


def test_same_street_flag_within_the_radius() -> None:
    project = corporation(home("K1", 0, 0, straat="Kerkstraat"))
    homes = private(home("on", 50, 0, straat="Kerkstraat"), home("off", 60, 0, straat="Laan"))
    out = found(homes, project).set_index("home_id")
    assert bool(out.loc["on", "same_street"]) is True
    assert bool(out.loc["off", "same_street"]) is False


def test_a_home_without_buurtcode_has_no_street_but_still_a_distance() -> None:
    """(At commit 4d17f01 this raised TypeError: the street key was pd.NA.)"""
    homes = private(
        home("no-buurt-near", 50, 0, straat="Projectweg", buurtcode=None),
        home("no-buurt-far", 500, 0, straat="Projectweg", buurtcode=None),
    )
    out = found(homes)
    assert ids(out) == {"no-buurt-near"}  # no wijk, so no street match for the far one
    assert not out["same_street"].any()
    assert eligible_homes(homes, params())["street_key"].tolist() == [None, None]


def test_a_project_home_without_buurtcode_still_counts_by_distance() -> None:
    project = corporation(home("K1", 0, 0, straat="Projectweg", buurtcode=None))
    homes = private(home("p", 50, 0, straat="Projectweg"), home("far", 500, 0, straat="Projectweg"))
    out = found(homes, project)
    assert ids(out) == {"p"}
    assert not out["same_street"].any()
    assert project_homes(project, params())["street_key"].tolist() == [None]


def test_two_homes_without_buurtcode_are_not_on_the_same_street() -> None:
    """No key on either side is not the same key: both outside every buurt, both on a
    Projectweg (which one?), the home is near by distance only."""
    project = corporation(home("K1", 0, 0, straat="Projectweg", buurtcode=None))
    homes = private(
        home("near", 50, 0, straat="Projectweg", buurtcode=None),
        home("far", 800, 0, straat="Projectweg", buurtcode=None),
        home("no-name", 60, 0, straat=None, buurtcode=BU_A),
    )
    out = found(homes, project).set_index("home_id")
    assert set(out.index) == {"near", "no-name"}
    assert out["same_street"].tolist() == [False, False]
    unnamed = corporation(home("K1", 0, 0, straat=None))
    out = found(private(home("q", 50, 0, straat=None)), unnamed)
    assert out["same_street"].tolist() == [False]  # no street on either side


# -- the nearest project ------------------------------------------------------------------


def test_a_home_near_two_projects_goes_to_the_nearest() -> None:
    project = corporation(home("A1", 0, 0, complex_id="A"), home("B1", 150, 0, complex_id="B"))
    out = found(private(home("p", 100, 0), home("q", 40, 0)), project)
    assert assigned(out) == {"p": "B 2024", "q": "A 2024"}
    assert dict(zip(out["home_id"], out["distance_m"], strict=True)) == {"p": 50.0, "q": 40.0}


def test_a_tie_goes_to_the_first_project_id_whatever_the_input_order() -> None:
    # "C10 2024" < "C9 2024" as text: the id's sort order, not a number's
    project = corporation(
        home("K9", 100, 0, complex_id="C9"), home("K10", -100, 0, complex_id="C10")
    )
    homes = private(home("p", 0, 0), home("q", 0, 30))
    assert assigned(found(homes, project)) == {"p": "C10 2024", "q": "C10 2024"}
    reversed_rows = project.iloc[::-1].reset_index(drop=True)
    assert assigned(found(homes, reversed_rows)) == {"p": "C10 2024", "q": "C10 2024"}


def test_a_complex_in_two_years_is_two_projects() -> None:
    project = corporation(
        home("K1", 0, 0, measure_year=2025),
        home("K2", 0, 0, measure_year=2024, measure="renovatie"),
        home("K3", 300, 0, complex_id=None, measure_year=2026),  # no complex: its own id
    )
    out = found(private(home("p", 10, 0), home("q", 310, 0)), project)
    assert assigned(out) == {"p": "C1 2024", "q": "K3 2026"}  # the tie: 2024 first
    assert set(project_homes(project, params())["project_id"]) == {"C1 2024", "C1 2025", "K3 2026"}


def test_the_nearest_project_wins_over_a_farther_same_street() -> None:
    project = corporation(
        home("A1", 500, 0, complex_id="A", straat="Kerkstraat"),
        home("B1", 0, 100, complex_id="B", straat="Laan"),
    )
    out = found(private(home("p", 0, 0, straat="Kerkstraat")), project)
    assert assigned(out) == {"p": "B 2024"}
    assert (out["distance_m"].iloc[0], bool(out["same_street"].iloc[0])) == (100.0, False)


def test_complexes_of_two_corporations_with_the_same_number_are_two_projects() -> None:
    """Complex numbers are each corporation's own: where two corporations have complex
    1001 in 2024, each project id gets its corporation's name in front; elsewhere the id
    stays "<complex> <year>" (the same number in different years is not shared)."""
    project = corporation(
        home("W1", 0, 0, complex_id="1001", corporation="Woonservice"),
        home("W2", 20, 0, complex_id="1001", corporation="Woonservice"),
        home("A1", 5000, 0, complex_id="1001", corporation="Actium"),
        home("A2", 10000, 0, complex_id="C7", corporation="Actium"),
        home("W3", 15000, 0, complex_id="2002", corporation="Woonservice", measure_year=2025),
        home("A3", 20000, 0, complex_id="2002", corporation="Actium", measure_year=2026),
    )
    res = result(
        private(home("p", 10, 0), home("q", 5010, 0), home("r", 15010, 0), home("s", 20010, 0)),
        project,
    )
    assert res.projects.set_index("project_id")[["corporation", "project_homes"]].to_dict(
        "index"
    ) == {
        "Woonservice 1001 2024": {"corporation": "Woonservice", "project_homes": 2},
        "Actium 1001 2024": {"corporation": "Actium", "project_homes": 1},
        "C7 2024": {"corporation": "Actium", "project_homes": 1},
        "2002 2025": {"corporation": "Woonservice", "project_homes": 1},
        "2002 2026": {"corporation": "Actium", "project_homes": 1},
    }
    owner = dict(zip(res.candidates["home_id"], res.candidates["corporation"], strict=True))
    assert owner == {"p": "Woonservice", "q": "Actium", "r": "Woonservice", "s": "Actium"}
    assert assigned(res.candidates) == {
        "p": "Woonservice 1001 2024",
        "q": "Actium 1001 2024",
        "r": "2002 2025",
        "s": "2002 2026",
    }


def test_a_home_id_standing_in_for_a_complex_follows_the_same_rule() -> None:
    project = corporation(
        home("K5", 0, 0, complex_id=None, corporation="Woonservice"),
        home("K5", 3000, 0, complex_id=None, corporation="Actium"),
        home("K6", 6000, 0, complex_id=None, corporation="Actium"),
    )
    assert sorted(project_homes(project, params())["project_id"]) == [
        "Actium K5 2024",
        "K6 2024",
        "Woonservice K5 2024",
    ]


def test_the_candidate_carries_its_projects_corporation() -> None:
    project = corporation(home("A1", 0, 0, complex_id="A", corporation="Actium"))
    out = found(private(home("p", 10, 0)), project)
    assert list(out.columns) == [*CANDIDATE_COLUMNS, "geometry"]
    assert out["corporation"].tolist() == ["Actium"]
    assert out.crs == "EPSG:28992"


# -- the year window and measures ---------------------------------------------------------


def test_only_projects_in_the_window_with_verduurzaming_or_renovatie() -> None:
    project = corporation(
        home("y2022", 0, 0, complex_id="Y2022", measure_year=2022),
        home("y2023", 1000, 0, complex_id="Y2023", measure_year=2023),
        home("y2026", 2000, 0, complex_id="Y2026", measure_year=2026, measure="renovatie"),
        home("y2027", 3000, 0, complex_id="Y2027", measure_year=2027),
        home("sloop", 4000, 0, complex_id="S", measure="sloop"),
        home("nieuwbouw", 5000, 0, complex_id="N", measure="nieuwbouw"),
        home("verkoop", 6000, 0, complex_id="V", measure="verkoop"),
        home("no-measure", 7000, 0, complex_id="M", measure=None, measure_year=None),
        home("no-year", 8000, 0, complex_id="X", measure_year=None),
        home("no-geometry", None, None, complex_id="G"),
    )
    homes = private(*(home(f"near-{x}", x + 10, 0) for x in range(0, 9000, 1000)))
    assert set(assigned(found(homes, project)).values()) == {"Y2023 2023", "Y2026 2026"}
    assert set(assigned(found(homes, project, year_from=2022, year_to=2022)).values()) == {
        "Y2022 2022"
    }
    assert set(project_homes(project, params())["home_id"]) == {"y2023", "y2026"}


# -- aggregates ---------------------------------------------------------------------------


def test_homes_across_a_buurt_border_count_in_their_own_buurt() -> None:
    homes = private(
        home("a1", 50, 0, buurtcode=BU_A),
        home("a2", 60, 0, buurtcode=BU_A),
        home("b1", -50, 0, buurtcode=BU_A2),
        home("b2", -60, 0, buurtcode=BU_A2),
        home("b3", -70, 0, buurtcode=BU_A2),
        home("b-not", -80, 0, buurtcode=BU_A2, energielabel="B"),
    )
    res = result(homes)
    per_buurt = res.buurten.set_index("buurtcode")
    assert per_buurt["candidates"].to_dict() == {BU_A: 2, BU_A2: 3}
    assert per_buurt["private_homes"].to_dict() == {BU_A: 2, BU_A2: 4}
    assert per_buurt["share"].to_dict() == {BU_A: 1.0, BU_A2: 0.75}
    assert per_buurt.loc[BU_A2, "buurtnaam"] == "Buurt 0101"
    assert res.projects["candidates"].tolist() == [5]
    assert res.total == 5


def test_counts_shares_ranks_and_labels() -> None:
    res = result(
        streets(
            Street("Aweg", BU_A, {"E": 4}, others=4),  # 4 of 8: 0.5
            Street("Bweg", BU_A, {"E": 2, "G": 2}, others=0),  # 4 of 4: 1.0
            Street("Cweg", BU_A2, {"D": 6, None: 1}, others=3),  # 7 of 10: 0.7
            Street("Dweg", BU_B, {"F": 2}, others=2),  # 2 of 4: 0.5
            Street("Eweg", BU_B, {"F": 2}, others=2),  # 2 of 4: 0.5, the name after D
        )
    )
    s = res.streets.set_index("straat")
    assert s["rank"].to_dict() == {"Cweg": 1, "Bweg": 2, "Aweg": 3, "Dweg": 4, "Eweg": 5}
    assert s["candidates"].to_dict() == {"Cweg": 7, "Bweg": 4, "Aweg": 4, "Dweg": 2, "Eweg": 2}
    assert s["private_homes"].to_dict() == {"Cweg": 10, "Bweg": 4, "Aweg": 8, "Dweg": 4, "Eweg": 4}
    assert s["share"].to_dict() == {"Cweg": 0.7, "Bweg": 1.0, "Aweg": 0.5, "Dweg": 0.5, "Eweg": 0.5}
    assert s.loc["Cweg", ["D", "geen", "E"]].tolist() == [6, 1, 0]
    assert s.loc["Bweg", ["E", "G"]].tolist() == [2, 2]
    assert (s[list(LABEL_COLUMNS)].sum(axis=1) == s["candidates"]).all()

    b = res.buurten.set_index("buurtcode")
    assert b["candidates"].to_dict() == {BU_A: 8, BU_A2: 7, BU_B: 4}
    assert b["rank"].to_dict() == {BU_A: 1, BU_A2: 2, BU_B: 3}
    assert b.loc[BU_A, "share"] == 8 / 12
    p = res.projects.iloc[0]
    assert (p["candidates"], p["project_homes"], p["rank"]) == (19, 1, 1)
    labels = {c: int(p[c]) for c in LABEL_COLUMNS if p[c]}
    assert labels == {"D": 6, "E": 6, "F": 4, "G": 2, "geen": 1}
    for frame in (res.projects, res.streets, res.buurten):
        assert int(frame["candidates"].sum()) == res.total == 19


STREET_COLUMNS = [
    "buurtcode", "straat", "candidates", "projects", "private_homes", *LABEL_COLUMNS,
    "share", "buurtnaam", "rank",
]  # fmt: skip


def test_a_street_across_a_buurt_border_is_a_row_in_each_buurt() -> None:
    """Kerkstraat runs through BU_A and BU_A2: two rows, each with the candidates and
    private homes of its own buurt, so the streets of a buurt add up to the buurt."""
    project = corporation(
        home("A1", 0, 0, complex_id="A"), home("B1", 0, 100, complex_id="B", straat="Laan")
    )
    homes = private(
        *(home(f"a{i}", 10 + i, 0, straat="Kerkstraat", buurtcode=BU_A) for i in range(3)),
        home("a-not", 20, 0, straat="Kerkstraat", buurtcode=BU_A, energielabel="A"),
        home("b1", -10, 0, straat="Kerkstraat", buurtcode=BU_A2),
        home("b2", 0, 90, straat="Kerkstraat", buurtcode=BU_A2),  # nearer to B1
        home("b-not1", -20, 0, straat="Kerkstraat", buurtcode=BU_A2, energielabel="B"),
        home("b-not2", -30, 0, straat=" Kerkstraat ", buurtcode=BU_A2, energielabel="C"),
        home("laan", -40, 0, straat="Laan", buurtcode=BU_A2, energielabel=None),
    )
    res = result(homes, project)
    assert list(res.streets.columns) == STREET_COLUMNS
    rows = res.streets.set_index(["buurtcode", "straat"])
    assert rows[["candidates", "private_homes", "share", "projects", "rank"]].to_dict(
        "index"
    ) == {
        (BU_A, "Kerkstraat"): {
            "candidates": 3, "private_homes": 4, "share": 0.75, "projects": "A 2024", "rank": 1,
        },
        (BU_A2, "Kerkstraat"): {
            "candidates": 2, "private_homes": 4, "share": 0.5, "projects": "A 2024, B 2024",
            "rank": 2,
        },
        (BU_A2, "Laan"): {
            "candidates": 1, "private_homes": 1, "share": 1.0, "projects": "A 2024", "rank": 3,
        },
    }  # fmt: skip
    assert rows.loc[(BU_A2, "Laan"), "geen"] == 1
    assert res.streets["buurtnaam"].tolist() == ["Buurt 0100", "Buurt 0101", "Buurt 0101"]
    per_buurt = res.buurten.set_index("buurtcode")
    assert per_buurt["candidates"].to_dict() == {BU_A: 3, BU_A2: 3}
    assert per_buurt["private_homes"].to_dict() == {BU_A: 4, BU_A2: 5}
    assert per_buurt["rank"].to_dict() == {BU_A: 1, BU_A2: 2}  # equal counts: share 0.75, 0.6
    counts = ["candidates", *LABEL_COLUMNS]
    summed = res.streets.groupby("buurtcode")[counts].sum()
    assert summed.to_dict("index") == per_buurt[counts].to_dict("index")


def test_projects_without_candidates_are_listed_last_with_zero() -> None:
    project = corporation(home("A1", 0, 0, complex_id="A"), home("B1", 5000, 0, complex_id="B"))
    res = result(private(home("p", 10, 0)), project)
    assert res.projects[["project_id", "candidates", "rank"]].values.tolist() == [
        ["A 2024", 1, 1],
        ["B 2024", 0, 2],
    ]
    assert res.projects.loc[1, list(LABEL_COLUMNS)].sum() == 0


EMPTY_CASES = {
    "no private homes": (private(), ONE_PROJECT),
    "no corporation homes": (private(home("p", 10, 0)), corporation()),
    "no project in the window": (
        private(home("p", 10, 0)),
        corporation(home("K1", 0, 0, measure_year=2030)),
    ),
    "no candidate": (private(home("p", 10, 0, energielabel="A")), ONE_PROJECT),
}


@pytest.mark.parametrize("case", list(EMPTY_CASES))
def test_no_candidates_gives_an_empty_candidate_table(case: str) -> None:
    out = found(*EMPTY_CASES[case])
    assert out.empty
    assert list(out.columns) == [*CANDIDATE_COLUMNS, "geometry"]


@pytest.mark.parametrize("case", list(EMPTY_CASES))
def test_no_candidates_gives_empty_results_without_error(case: str) -> None:
    """(At commit da7f76c analyse() raised ValueError 'cannot join with no overlapping
    index names' here: _label_counts() of nothing had an unnamed index.)"""
    res = analyse(*EMPTY_CASES[case], buurten(), params())
    assert res.total == 0
    assert res.streets.empty and res.buurten.empty
    assert (res.projects["candidates"] == 0).all()
    viewer = for_viewers(res)
    assert viewer.total == 0 and viewer.total_for(facilitator=False) == 0  # 0 tells nothing
    assert meeliften_io.to_json(viewer, facilitator=False)["total_candidates"] == 0
    assert viewer.buurten.empty


@pytest.mark.parametrize("case", list(EMPTY_CASES))
def test_no_candidates_gives_empty_viewer_tables(case: str) -> None:
    full = analyse(*EMPTY_CASES[case], buurten(), params())
    viewer = for_viewers(full)
    assert len(viewer.projects) == len(full.projects)  # projects of 0 are shown
    assert viewer.streets.empty and viewer.buurten.empty
    for name in ("projects", "streets", "buurten"):
        assert list(getattr(viewer, name).columns) == list(getattr(full, name).columns)


# -- suppress -----------------------------------------------------------------------------

NA = None


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([10, 7, 6], [10, 7, 6]),  # nothing small
        ([5, 9], [5, 9]),  # 5 is shown
        ([10, 3, 7], [10, NA, NA]),  # 3 alone: the smallest shown goes too
        ([10, 3, 2, 7], [10, NA, NA, 7]),  # two small: they hide each other
        ([0, 3, 8, 9], [0, NA, NA, 9]),  # zero stays, and is never the extra one
        ([4], [NA]),
        ([1, 0, 0], [NA, 0, 0]),  # nothing to hide it with
        ([6, 6, 2], [NA, 6, NA]),  # a tie: one of them
        # the hidden part of a group must add up to 5 or more, in two counts or more,
        # not all of them 1 (each hidden count is at least 1: zeros are shown)
        ([10, 1, 1], [NA, NA, NA]),  # 1 + 1 = 2: both 1; with the 10: 12 in three
        ([10, 2, 2], [NA, NA, NA]),  # 4 in two: 1 + 3 or 2 + 2, both small
        ([10, 8, 2, 2], [10, NA, NA, NA]),  # the smallest shown goes: 8
        ([3, 4, 20], [NA, NA, 20]),  # 7 in two: enough
        ([1, 4, 20], [NA, NA, 20]),  # 5 in two: 1 + 4, 2 + 3, ...
        ([20, 9, 1, 1, 1, 1, 1], [20, NA, NA, NA, NA, NA, NA]),  # 5 in five: all ones
        ([1, 1, 1, 2, 30], [NA, NA, NA, NA, 30]),  # 5 in four: not all ones
        ([2, 2, 20, 0], [NA, NA, NA, 0]),  # zero stays, 20 goes
        ([0, 0, 3], [0, 0, NA]),  # nothing to hide it with
        ([2, 2], [NA, NA]),  # nothing to hide them with
        ([5, 0], [5, 0]),
    ],
)
def test_suppress(values: list[int], expected: list[int | None]) -> None:
    out = suppress(pd.Series(values, index=[f"r{i}" for i in range(len(values))]))
    assert [None if pd.isna(v) else int(v) for v in out] == expected
    assert list(out.index) == [f"r{i}" for i in range(len(values))]


def test_suppress_per_group() -> None:
    values = pd.Series([10, 3, 7, 8, 9, 2, 1, 1, 1, 6, 9, 4, 5, 0])
    groups = pd.Series(list("aaabbccddddeee"))
    out = suppress(values, groups)
    assert [None if pd.isna(v) else int(v) for v in out] == [
        *(10, NA, NA),  # a: 3, and 7 with it
        *(8, 9),  # b: nothing small
        *(NA, NA),  # c: 2 + 1, nothing to hide them with (not b's 8: another group)
        *(NA, NA, NA, 9),  # d: 1 + 1 are both 1, so the 6 goes too
        *(NA, NA, 0),  # e: 4 and 5
    ]
    assert values.tolist() == [10, 3, 7, 8, 9, 2, 1, 1, 1, 6, 9, 4, 5, 0]  # left alone


# -- what viewers see ---------------------------------------------------------------------


def _counts(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[["candidates", *LABEL_COLUMNS]]


def _no_small_count(res: Result) -> None:
    assert res.candidates.empty
    for frame in (res.projects, res.streets, res.buurten):
        values = _counts(frame).astype("Float64").to_numpy(dtype=float, na_value=float("nan"))
        shown = values[~pd.isna(values)]
        assert not ((shown >= 1) & (shown < MIN_SHOWN)).any(), frame


@pytest.fixture(scope="module")
def demo(demo_dataset: Dataset) -> Dataset:
    return demo_dataset  # tests/conftest.py: loaded once per session


DEMO_WINDOWS = [
    {},
    {"year_from": 2024, "year_to": 2024},
    {"year_from": 2025, "year_to": 2025},
    {"radius_m": 50.0},
    {"year_from": 2026, "year_to": 2026, "max_label": "F"},
]


def _demo_result(demo: Dataset, **changes: object) -> Result:
    return analyse(
        demo.table("private_homes"), demo.corporation_homes, demo.buurten, params(**changes)
    )


KEYS = {"projects": ["project_id"], "streets": ["buurtcode", "straat"], "buurten": ["buurtcode"]}


def _by_key(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    return frame.set_index(KEYS[name])


@pytest.mark.parametrize("changes", DEMO_WINDOWS)
def test_viewers_see_no_count_of_1_to_4_on_the_demo(demo: Dataset, changes: dict) -> None:
    full = _demo_result(demo, **changes)
    viewer = for_viewers(full)
    _no_small_count(viewer)
    assert viewer.total == full.total
    # Hidden rows are left out, not shown empty; the rows shown have the facilitator's
    # counts, in the facilitator's order, ranked 1..n.
    for name in ("projects", "streets", "buurten"):
        shown, whole = _by_key(getattr(viewer, name), name), _by_key(getattr(full, name), name)
        assert not whole.empty and shown["candidates"].notna().all()
        assert shown.index.isin(whole.index).all()
        assert list(shown.index) == [k for k in whole.index if k in shown.index]
        assert shown["candidates"].astype(int).to_dict() == (
            whole.loc[shown.index, "candidates"].to_dict()
        )
        assert shown["rank"].tolist() == list(range(1, len(shown) + 1))
        if name != "buurten":  # labels per buurt only
            assert shown[list(LABEL_COLUMNS)].isna().all().all()
    # A buurt's label cells: the facilitator's, or hidden; the streets of a hidden buurt
    # are left out.
    shown_buurten = _by_key(viewer.buurten, "buurten")
    labels = shown_buurten[list(LABEL_COLUMNS)]
    whole_labels = _by_key(full.buurten, "buurten").loc[labels.index, list(LABEL_COLUMNS)]
    assert (labels.isna() | (labels == whole_labels)).all().all()
    assert set(viewer.streets["buurtcode"]) <= set(shown_buurten.index)


def test_a_lone_small_street_takes_the_smallest_other_in_its_buurt_with_it() -> None:
    full = result(
        streets(
            Street("Aweg", BU_A, {"E": 10}),
            Street("Bweg", BU_A, {"E": 7}),
            Street("Cweg", BU_A, {"E": 3}),
            Street("Dweg", BU_B, {"E": 6}),  # another buurt: untouched
            Street("Eweg", BU_B, {"E": 5}),
        )
    )
    viewer = for_viewers(full)
    _no_small_count(viewer)
    assert full.streets["straat"].tolist() == ["Aweg", "Bweg", "Dweg", "Eweg", "Cweg"]
    assert viewer.streets[["straat", "candidates", "rank"]].values.tolist() == [
        ["Aweg", 10, 1],
        ["Dweg", 6, 2],
        ["Eweg", 5, 3],
    ]
    assert viewer.buurten.set_index("buurtcode")["candidates"].to_dict() == {BU_A: 20, BU_B: 11}


def test_a_hidden_buurt_hides_all_its_streets() -> None:
    """BU_B has 3 candidates, so it is hidden, and with it the smallest other buurt,
    BU_A2 (12). BU_A2's streets of 6 each would pass within their buurt, but the buurt's
    count would follow from them: they are left out too."""
    full = result(
        streets(
            Street("Aweg", BU_A, {"E": 10}),
            Street("Bweg", BU_A, {"E": 7}),
            Street("Dweg", BU_A2, {"E": 6}),
            Street("Eweg", BU_A2, {"E": 6}),
            Street("Cweg", BU_B, {"E": 3}),
        )
    )
    viewer = for_viewers(full)
    _no_small_count(viewer)
    assert viewer.buurten[["buurtcode", "candidates", "rank"]].values.tolist() == [[BU_A, 17, 1]]
    assert viewer.streets[["buurtcode", "straat", "candidates", "rank"]].values.tolist() == [
        [BU_A, "Aweg", 10, 1],
        [BU_A, "Bweg", 7, 2],
    ]
    assert viewer.projects["candidates"].tolist() == [32]
    assert viewer.total_for(facilitator=False) == 32
    assert small_derivable(full, viewer) == {}  # BU_A2 + BU_B = 15: no more than that


def test_a_lone_small_label_cell_takes_the_smallest_other_of_its_row_with_it() -> None:
    """Label counts are shown per buurt only: D 6, E 7, F 3 -> F hidden, and D (the
    smallest shown) with it. The street's and the project's label columns are empty
    (they would add up to the buurt's)."""
    full = result(streets(Street("Aweg", BU_A, {"D": 6, "E": 7, "F": 3})))
    viewer = for_viewers(full)
    _no_small_count(viewer)
    row = viewer.buurten.iloc[0]
    assert int(row["candidates"]) == 16
    assert pd.isna(row["D"]) and pd.isna(row["F"]) and int(row["E"]) == 7
    assert int(row["G"]) == 0 and int(row["geen"]) == 0  # zeros stay
    for frame in (viewer.projects, viewer.streets):
        assert frame["candidates"].tolist() == [16]
        assert frame[list(LABEL_COLUMNS)].isna().all().all()
        assert str(frame["D"].dtype) == "Int64"


def test_a_lone_small_project_takes_the_smallest_other_project_with_it() -> None:
    project = corporation(
        home("A1", 0, 0, complex_id="A"),
        home("B1", 2000, 0, complex_id="B"),
        home("C1", 4000, 0, complex_id="C"),
    )
    homes = private(
        *(home(f"a{i}", 10, i) for i in range(12)),
        *(home(f"b{i}", 2010, i) for i in range(8)),
        *(home(f"c{i}", 4010, i) for i in range(2)),
    )
    viewer = for_viewers(result(homes, project))
    assert viewer.projects[["project_id", "candidates", "rank"]].values.tolist() == [
        ["A 2024", 12, 1]
    ]


def test_a_buurt_whose_streets_are_all_small_shows_no_street() -> None:
    """Three streets of 2 in one buurt of 6: the buurt and the project are shown, no
    street is; the buurt's labels E 4 and F 2 are both hidden (6 in two cells)."""
    full = result(
        streets(
            Street("Aweg", BU_A, {"E": 2}),
            Street("Bweg", BU_A, {"E": 2}),
            Street("Cweg", BU_A, {"F": 2}),
        )
    )
    viewer = for_viewers(full)
    _no_small_count(viewer)
    row = viewer.buurten.iloc[0]
    assert (row["buurtcode"], int(row["candidates"]), pd.isna(row["E"]), pd.isna(row["F"])) == (
        BU_A,
        6,
        True,
        True,
    )
    assert viewer.projects["candidates"].tolist() == [6]
    assert viewer.streets.empty  # (at commit 3307235: one row of NA)
    assert small_derivable(full, viewer) == {}


@pytest.mark.parametrize(
    "homes",
    [
        [
            Street("Aweg", BU_A, {"E": 2}),
            Street("Bweg", BU_A, {"E": 2}),
            Street("Cweg", BU_A, {"F": 2}),
        ],
        [Street("Aweg", BU_A, {"E": 3})],
    ],
    ids=["every street hidden", "everything hidden"],
)
def test_a_level_with_every_row_hidden_is_empty_for_viewers(homes: list[Street]) -> None:
    """(At commit da7f76c for_viewers() raised KeyError 'A++++' here: the label
    suppression of an empty table.)"""
    full = result(streets(*homes))
    viewer = for_viewers(full)
    _no_small_count(viewer)
    for name in ("projects", "streets", "buurten"):
        assert list(getattr(viewer, name).columns) == list(getattr(full, name).columns)
    assert viewer.streets.empty
    assert meeliften_io.to_json(viewer)["streets"] == []
    if full.total < MIN_SHOWN:
        assert viewer.projects.empty and viewer.buurten.empty


def test_derivable_finds_a_lone_hidden_count() -> None:
    """The check below works: take away the complementary cell and the small one is
    derivable from the buurt's total."""
    full = result(
        streets(
            Street("Aweg", BU_A, {"E": 10}),
            Street("Bweg", BU_A, {"E": 7}),
            Street("Cweg", BU_A, {"E": 3}),
        )
    )
    viewer = for_viewers(full)
    assert small_derivable(full, viewer) == {}
    leaky = viewer.streets.copy()
    bweg = full.streets[full.streets["straat"] == "Bweg"]
    leaky = pd.concat([leaky, bweg], ignore_index=True)
    leaky_result = Result(
        viewer.parameters,
        viewer.candidates,
        viewer.projects,
        leaky,
        viewer.buurten,
        total=viewer.total,
    )
    derived = small_derivable(full, leaky_result)
    # 20 - 10 - 7; the buurt's only label is E, so Cweg's 3 are E
    assert derived == {("streets", (BU_A, "Cweg")): 3, ("streets", (BU_A, "Cweg"), "E"): 3}


def test_the_viewers_total_is_the_real_total(demo: Dataset) -> None:
    """(At commit 4d17f01 a viewer's total was 0: the length of the empty list.)"""
    full = _demo_result(demo)
    viewer = for_viewers(full)
    assert full.total == 601
    assert viewer.total == full.total
    assert viewer.total_for(facilitator=False) == 601
    assert meeliften_io.to_json(viewer)["total_candidates"] == full.total
    assert meeliften_io.to_json(viewer, facilitator=False)["total_candidates"] == full.total


@pytest.mark.parametrize(("count", "for_viewer"), [(0, 0), (1, None), (4, None), (5, 5), (12, 12)])
def test_a_total_of_1_to_4_is_hidden_from_viewers(count: int, for_viewer: int | None) -> None:
    full = result(private(*(home(f"p{i}", 10, i) for i in range(count))))
    viewer = for_viewers(full)
    assert (full.total, viewer.total) == (count, count)
    assert full.total_for(facilitator=True) == viewer.total_for(facilitator=True) == count
    assert viewer.total_for(facilitator=False) == for_viewer
    assert meeliften_io.to_json(viewer, facilitator=False)["total_candidates"] == for_viewer
    assert meeliften_io.to_json(viewer, facilitator=True)["total_candidates"] == count


def test_a_results_total_defaults_to_its_candidates() -> None:
    full = result(private(*(home(f"p{i}", 10, i) for i in range(3))))
    again = Result(full.parameters, full.candidates, full.projects, full.streets, full.buurten)
    assert again.total == 3
    given = Result(full.parameters, full.candidates.iloc[0:0], full.projects, full.streets,
                   full.buurten, total=7)  # fmt: skip
    assert given.total == 7


def test_two_hidden_label_cells_of_one_each_are_not_derivable() -> None:
    """E 10, F 1, G 1: F + G = 2 would make both 1 (zeros are shown, so each is at least
    1), so E goes too: 12 hidden in three cells. (At commit 4d17f01 E 10 was shown.)"""
    full = result(streets(Street("Aweg", BU_A, {"E": 10, "F": 1, "G": 1})))
    viewer = for_viewers(full)
    _no_small_count(viewer)
    row = viewer.buurten.iloc[0]
    assert (int(row["candidates"]), pd.isna(row["E"]), pd.isna(row["F"]), pd.isna(row["G"])) == (
        12,
        True,
        True,
        True,
    )
    assert int(row["D"]) == 0
    assert small_derivable(full, viewer, ranks=False) == {}
    assert small_derivable(full, viewer) == {}


def test_the_rank_gaps_do_not_give_a_hidden_count_away() -> None:
    """Qweg (6) hides with Cweg (2). Had the viewer's streets kept their ranks (1, 2, 4
    of 5), the gap at 3 would put Qweg between two streets of 6, so Qweg = 6 and
    Cweg = 18 - 10 - 6 = 2: the ranks are renumbered 1..n."""
    full = result(
        streets(
            Street("Aweg", BU_A, {"E": 10}),
            Street("Qweg", BU_A, {"E": 6}, others=2),  # share 0.75
            Street("Cweg", BU_A, {"E": 2}),
            Street("Uweg", BU_B, {"E": 6}),  # share 1.0: ranked before Qweg
            Street("Vweg", BU_B, {"E": 6}, others=6),  # share 0.5: ranked after Qweg
        )
    )
    viewer = for_viewers(full)
    _no_small_count(viewer)
    assert full.streets.set_index("straat")["rank"].to_dict() == {
        "Aweg": 1, "Uweg": 2, "Qweg": 3, "Vweg": 4, "Cweg": 5,
    }  # fmt: skip
    assert viewer.streets[["straat", "candidates", "rank"]].values.tolist() == [
        ["Aweg", 10, 1],
        ["Uweg", 6, 2],
        ["Vweg", 6, 3],
    ]
    assert small_derivable(full, viewer, ranks=False) == {}  # without the ranks: safe
    assert small_derivable(full, viewer) == {}
    for frame in (viewer.projects, viewer.streets, viewer.buurten):
        assert frame["rank"].tolist() == list(range(1, len(frame) + 1))
    # The check sees the leak the old ranks made.
    kept = viewer.streets.drop(columns="rank").merge(
        full.streets[["buurtcode", "straat", "rank"]], on=["buurtcode", "straat"]
    )
    assert kept["rank"].tolist() == [1, 2, 4]
    gaps = Result(
        viewer.parameters, viewer.candidates, viewer.projects, kept, viewer.buurten,
        total=viewer.total,
    )  # fmt: skip
    assert small_derivable(full, gaps) == {
        ("streets", (BU_A, "Cweg")): 2,
        ("streets", (BU_A, "Cweg"), "E"): 2,
    }


def test_hidden_label_cells_are_not_derivable_from_the_buurts_labels() -> None:
    """Aweg (E 4, F 1, G 9) and Bweg (E 5, F 7, G 2) are the buurt's only streets. The
    buurt shows E 9, F 8, G 11. Were the streets' labels shown (each row suppressed by
    itself: Aweg G 9, Bweg F 7), Aweg F = 8 - 7 = 1, Aweg E = 14 - 9 - 1 = 4 and Bweg
    G = 11 - 9 = 2: the streets show no labels."""
    full = result(
        streets(
            Street("Aweg", BU_A, {"E": 4, "F": 1, "G": 9}),
            Street("Bweg", BU_A, {"E": 5, "F": 7, "G": 2}),
        )
    )
    viewer = for_viewers(full)
    _no_small_count(viewer)
    assert viewer.buurten.iloc[0][["candidates", "E", "F", "G"]].tolist() == [28, 9, 8, 11]
    assert viewer.streets[list(LABEL_COLUMNS)].isna().all().all()
    assert small_derivable(full, viewer, ranks=False) == {}
    assert small_derivable(full, viewer) == {}
    # The check sees the leak that labels per street made.
    per_street = suppress_labels(full.streets)
    assert per_street.set_index("straat")[["E", "F", "G"]].astype(object).fillna(-1).to_dict(
        "index"
    ) == {"Aweg": {"E": -1, "F": -1, "G": 9}, "Bweg": {"E": -1, "F": 7, "G": -1}}
    labelled = Result(
        viewer.parameters, viewer.candidates, viewer.projects, per_street, viewer.buurten,
        total=viewer.total,
    )  # fmt: skip
    assert small_derivable(full, labelled) == {
        ("streets", (BU_A, "Aweg"), "F"): 1,
        ("streets", (BU_A, "Aweg"), "E"): 4,
        ("streets", (BU_A, "Bweg"), "G"): 2,
    }


@pytest.mark.parametrize("changes", DEMO_WINDOWS)
def test_no_hidden_count_is_derivable_on_the_demo(demo: Dataset, changes: dict) -> None:
    """(At commit 4d17f01, e.g. 2026 with max-label F: Berkenstraat F = 4 and geen = 1
    from Westerbork's labels, buurt BU17310201 = 3 from the total less the shown
    buurten.)"""
    full = _demo_result(demo, **changes)
    viewer = for_viewers(full)
    assert small_derivable(full, viewer) == {}
    assert small_derivable(full, viewer, ranks=False) == {}


def test_the_viewers_tables_keep_their_columns(demo: Dataset) -> None:
    full = _demo_result(demo)
    viewer = for_viewers(full)
    for name in ("projects", "streets", "buurten"):
        assert list(getattr(viewer, name).columns) == list(getattr(full, name).columns)
    assert list(full.streets.columns) == STREET_COLUMNS
    assert derivable(full, full) == {}  # nothing hidden, nothing to derive
