"""The agreement workflow's domain: validation, permissions and the state events add up to.

Events are built with `new_event` and turned into the frame the store returns with
`geo.workshop.events_frame`, which numbers them 1, 2, 3 ... in the order given, so a
correction names the event it supersedes by its place in the list.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from pydantic import ValidationError
from shapely.geometry import Point, box

from geo.agreements import (
    MAX_TEXT,
    STATE_COLUMNS,
    Actor,
    Area,
    NewEvent,
    PermissionDenied,
    case_states,
    check_permission,
    designated,
    effective,
    empty_events,
    new_event,
    positions,
    timeline,
    visible_to,
)
from geo.workshop import events_frame

AREA = Area("buurt", "BU00010001", "Centrum", box(0, 0, 100, 100), "GM0001", 2022)
OTHER = Area("wijk", "WK000101", "Noord", box(100, 0, 300, 100), "GM0001", 2022)
PARTIES = frozenset({"gemeente", "actium", "mevm"})
FACILITATOR = Actor("facilitator", None, "Fien")
ACTIUM = Actor("party", "actium", "Aad")
VIEWER = Actor("viewer")


def proposal(area: Area = AREA, theme: str = "liveability", year: int = 2024, **values: Any):
    return new_event(area, theme, year, "proposal", status="proposed", **values)


def position(party: str, value: str, area: Area = AREA, year: int = 2024, **values: Any):
    return new_event(area, "liveability", year, "position", party=party, position=value, **values)


def decision(status: str, area: Area = AREA, year: int = 2024, **values: Any):
    return new_event(area, "liveability", year, "decision", status=status, **values)


def correction(of: int, area: Area = AREA, year: int = 2024, **values: Any):
    return new_event(area, "liveability", year, "correction", supersedes=of, **values)


def frame(*events: NewEvent):
    return events_frame(list(events), FACILITATOR)


def only_state(*events: NewEvent) -> pd.Series:
    states = case_states(frame(*events))
    assert len(states) == 1, states
    return states.iloc[0]


def party_positions(events) -> dict[tuple[str, str], str]:
    pos = positions(events)
    return {
        (c, p): v for c, p, v in zip(pos["case_key"], pos["party"], pos["position"], strict=True)
    }


# --- NewEvent validation ----------------------------------------------------------------

VALID: dict[str, Any] = {
    "area_key": "buurt:BU00010001",
    "area_kind": "buurt",
    "area_code": "BU00010001",
    "theme": "liveability",
    "year": 2024,
    "event_type": "proposal",
    "status": "proposed",
}


def test_the_valid_base_event_is_accepted() -> None:
    event = NewEvent(**VALID)
    assert event.case_key == "buurt:BU00010001|liveability|2024"
    assert NewEvent(**{**VALID, "note": "x" * MAX_TEXT}).note == "x" * MAX_TEXT


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"area_kind": "straat"}, "area kind 'straat'"),
        ({"theme": "parking"}, "theme 'parking'"),
        ({"reasons": ("social", "noise")}, "reasons ['noise']"),
        ({"status": "designated"}, "a proposal has status 'proposed'"),
        ({"status": None}, "a proposal has status 'proposed'"),
        ({"event_type": "decision"}, "a decision's status is one of"),
        ({"event_type": "decision", "status": None}, "a decision's status is one of"),
        ({"event_type": "position", "status": None, "position": "agree"}, "names a party"),
        (
            {"event_type": "position", "status": None, "party": "mevm", "position": "maybe"},
            "one of",
        ),
        ({"event_type": "correction", "status": "rejected"}, "names the event it supersedes"),
        ({"event_type": "correction", "status": "approved", "supersedes": 1}, "'approved'"),
        ({"event_type": "vote"}, "event_type"),
        ({"geometry": "POLYGON ((0 0, 1 0, 1 1, 0 0))"}, "shapely geometry"),
        ({"note": "x" * (MAX_TEXT + 1)}, f"at most {MAX_TEXT} characters"),
        ({"vision": "x" * (MAX_TEXT + 1)}, f"at most {MAX_TEXT} characters"),
        ({"colour": "red"}, "Extra inputs are not permitted"),
    ],
    ids=lambda v: next(iter(v)) if isinstance(v, dict) else None,
)
def test_an_invalid_event_is_refused_before_anything_is_written(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace("[", r"\[")):
        NewEvent(**{**VALID, **changes})


def test_new_event_trims_texts_and_copies_the_area() -> None:
    event = proposal(note="  Samen optrekken  ", vision="   ", lead_party=" gemeente ")
    assert (event.note, event.vision, event.lead_party) == ("Samen optrekken", None, "gemeente")
    assert (event.area_key, event.area_kind, event.area_code) == (AREA.key, "buurt", AREA.code)
    assert (event.area_name, event.gemeentecode, event.boundary_year) == ("Centrum", "GM0001", 2022)
    assert event.geometry.equals(AREA.geometry)
    assert event.case_key == f"{AREA.key}|liveability|2024"


def test_a_position_carries_no_geometry_and_events_are_told_apart() -> None:
    event = position(" mevm ", "agree")
    assert event.party == "mevm"
    assert event.geometry is None
    assert proposal().event_uid != proposal().event_uid


def test_drawn_areas_get_keys_of_their_own() -> None:
    first = Area.drawn("Speeltuin", Point(5, 5).buffer(10))
    second = Area.drawn("Speeltuin", Point(5, 5).buffer(10))
    assert first.key.startswith("drawn:") and first.key != second.key
    assert proposal(area=first).area_code is None


# --- Permissions --------------------------------------------------------------------------

ALLOWED = [
    (ACTIUM, proposal()),
    (ACTIUM, proposal(party="actium", lead_party="mevm")),
    (ACTIUM, position("actium", "reservation")),
    (FACILITATOR, proposal()),
    (FACILITATOR, decision("designated", lead_party="gemeente")),
    (FACILITATOR, correction(1, status="rejected")),
    (FACILITATOR, position("mevm", "disagree")),  # stated aloud in the room
]


@pytest.mark.parametrize(("actor", "event"), ALLOWED)
def test_who_may_record_what(actor: Actor, event: NewEvent) -> None:
    check_permission(actor, event, PARTIES)


REFUSED = [
    (ACTIUM, position("mevm", "agree"), "only its own position"),
    (ACTIUM, proposal(party="mevm"), "only the facilitator"),
    (ACTIUM, decision("designated"), "only the facilitator records a decision"),
    (ACTIUM, correction(1, status="rejected"), "only the facilitator records a correction"),
    (VIEWER, proposal(), "viewers read"),
    (VIEWER, position("mevm", "agree"), "viewers read"),
    (VIEWER, decision("designated"), "viewers read"),
    (VIEWER, correction(1), "viewers read"),
    (Actor("party", None), proposal(), None),
    (Actor("party", "ghost"), proposal(), None),  # a party that is not configured
    (FACILITATOR, position("ghost", "agree"), "unknown party 'ghost'"),
    (FACILITATOR, decision("designated", lead_party="ghost"), "unknown party 'ghost'"),
    (ACTIUM, proposal(lead_party="ghost"), "unknown party 'ghost'"),
]


@pytest.mark.parametrize(("actor", "event", "message"), REFUSED)
def test_who_may_not_record_what(actor: Actor, event: NewEvent, message: str | None) -> None:
    with pytest.raises(PermissionDenied, match=message):
        check_permission(actor, event, PARTIES)


def test_the_author_names_the_person_and_the_party() -> None:
    assert ACTIUM.author == "Aad (actium)"
    assert Actor("party", "mevm").author == "party (mevm)"
    assert FACILITATOR.author == "Fien"


# --- Effective events: corrections and undo ---------------------------------------------


def test_a_correction_replaces_the_values_and_keeps_the_original_place() -> None:
    events = frame(
        decision("designated", note="eerst"),  # 1
        decision("ended", note="later"),  # 2
        correction(1, status="postponed", note="verbeterd"),  # 3
    )
    eff = effective(events)
    assert sorted(eff["id"]) == [2, 3]
    corrected = eff.set_index("id").loc[3]
    assert (corrected["kind"], corrected["seq"], corrected["status"]) == (
        "decision",
        1,
        "postponed",
    )
    assert corrected["note"] == "verbeterd"
    # The later decision still comes after the corrected one: it stays the latest.
    assert case_states(events).iloc[0]["status"] == "ended"


def test_correcting_the_latest_decision_changes_the_state() -> None:
    state = only_state(
        proposal(reasons=("social",)),
        decision("designated", reasons=("social",), lead_party="gemeente"),
        correction(2, status="rejected", reasons=("physical",), lead_party="actium"),
    )
    assert (state["status"], state["reasons"], state["lead_party"]) == (
        "rejected",
        "physical",
        "actium",
    )


def test_an_undo_removes_the_event() -> None:
    events = frame(proposal(), decision("designated"), correction(2))
    assert list(effective(events)["id"]) == [1]
    assert only_state(proposal(), decision("designated"), correction(2))["status"] == "proposed"


def test_an_undone_position_no_longer_counts() -> None:
    state = only_state(
        proposal(),
        position("mevm", "disagree"),
        position("actium", "agree"),
        decision("designated"),
        correction(2),
    )
    assert state["positions"] == "actium:agree"
    assert not state["opposed"]


def test_a_correction_of_a_correction_stands_in_for_the_original() -> None:
    events = frame(
        proposal(),  # 1
        decision("designated"),  # 2
        correction(2, status="rejected"),  # 3
        correction(3, status="postponed"),  # 4
    )
    eff = effective(events).set_index("id")
    assert list(eff.index) == [1, 4]
    assert (eff.loc[4, "kind"], eff.loc[4, "seq"]) == ("decision", 2)
    assert case_states(events).iloc[0]["status"] == "postponed"


def test_the_latest_decision_wins_by_the_original_order() -> None:
    # Correcting the first of two decisions does not make it the latest.
    events = [
        proposal(),
        decision("designated"),
        decision("postponed"),
        correction(2, status="rejected"),
    ]
    assert only_state(*events)["status"] == "postponed"
    # Undoing the later one makes the (corrected) earlier one count again.
    assert only_state(*events, correction(3))["status"] == "rejected"


def test_effective_of_no_events_is_empty() -> None:
    assert effective(empty_events()).empty
    states = case_states(empty_events())
    assert states.empty and list(states.columns) == STATE_COLUMNS


# --- Positions --------------------------------------------------------------------------


def test_positions_are_the_latest_per_party_and_case() -> None:
    events = frame(
        proposal(),
        position("mevm", "agree"),
        position("actium", "reservation"),
        position("mevm", "disagree"),
        proposal(year=2025),
        position("mevm", "abstain", year=2025),
    )
    key24, key25 = proposal().case_key, proposal(year=2025).case_key
    assert party_positions(events) == {
        (key24, "mevm"): "disagree",
        (key24, "actium"): "reservation",
        (key25, "mevm"): "abstain",
    }


def test_a_corrected_position_keeps_its_place_behind_later_ones() -> None:
    events = frame(
        position("mevm", "agree"),  # 1
        position("mevm", "reservation"),  # 2
        correction(1, party="mevm", position="disagree"),  # 3: corrects the older one
    )
    assert party_positions(events) == {(proposal().case_key, "mevm"): "reservation"}


def test_correcting_a_position_without_naming_the_party_again() -> None:
    # The facilitator fixes MEVM's mistyped position. Either the correction is refused
    # up front, or the corrected position stays MEVM's; never a broken state.
    try:
        fix = correction(2, position="disagree")
        check_permission(FACILITATOR, fix, PARTIES)
    except (ValueError, PermissionDenied):
        return
    state = only_state(proposal(), position("mevm", "agree"), decision("designated"), fix)
    assert state["positions"] == "mevm:disagree"
    assert state["opposed"]


# --- Case state ---------------------------------------------------------------------------


def test_status_goes_from_proposed_to_designated_to_ended() -> None:
    events = [
        proposal(),
        position("mevm", "agree"),
        decision("designated"),
        decision("ended"),
    ]
    statuses = [only_state(*events[: n + 1])["status"] for n in range(len(events))]
    assert statuses == ["proposed", "proposed", "designated", "ended"]


def test_a_decision_without_a_proposal_makes_a_case() -> None:
    state = only_state(decision("rejected", reasons=("safety",)))
    assert (state["status"], state["reasons"], state["area_code"]) == (
        "rejected",
        "safety",
        "BU00010001",
    )


def test_a_case_with_positions_only_is_not_a_case_yet() -> None:
    assert case_states(frame(position("mevm", "agree"))).empty


def test_the_decision_values_override_the_proposal() -> None:
    state = only_state(
        proposal(reasons=("social",), lead_party="gemeente", vision="Wijkvisie", note="voorstel"),
        decision("designated", reasons=("physical", "safety"), lead_party="actium", note="besluit"),
    )
    assert state["reasons"] == "physical|safety"
    assert state["lead_party"] == "actium"
    assert state["note"] == "besluit"
    assert state["vision"] == "Wijkvisie"  # the decision said nothing about it
    assert state["decided_by"] == FACILITATOR.author
    assert pd.notna(state["decided_at"])


def test_the_state_describes_the_area() -> None:
    state = only_state(proposal())
    assert state["case_key"] == proposal().case_key
    assert (state["area_key"], state["area_kind"], state["area_name"]) == (
        AREA.key,
        "buurt",
        "Centrum",
    )
    assert (state["gemeentecode"], state["theme"], state["year"]) == ("GM0001", "liveability", 2024)
    assert state["geometry"].equals(AREA.geometry)
    assert pd.isna(state["decided_at"])


@pytest.mark.parametrize(
    ("events", "opposed"),
    [
        ([proposal(), position("mevm", "disagree"), decision("designated")], True),
        ([proposal(), position("mevm", "agree"), decision("designated")], False),
        ([proposal(), position("mevm", "disagree"), decision("rejected")], False),
        ([proposal(), position("mevm", "disagree")], False),
        (
            [
                proposal(),
                position("mevm", "disagree"),
                decision("designated"),
                position("mevm", "agree"),
            ],
            False,
        ),
        (
            [
                proposal(),
                position("mevm", "reservation"),
                decision("designated"),
                position("actium", "disagree"),
            ],
            True,
        ),
    ],
    ids=[
        "designated-while-disagreeing",
        "designated-with-agreement",
        "rejected-while-disagreeing",
        "only-proposed",
        "disagreement-withdrawn",
        "another-party-disagrees-later",
    ],
)
def test_a_designation_while_a_party_disagrees_is_flagged(
    events: list[NewEvent], opposed: bool
) -> None:
    assert bool(only_state(*events)["opposed"]) is opposed


def test_positions_read_party_colon_position() -> None:
    state = only_state(
        proposal(),
        position("mevm", "agree"),
        position("actium", "disagree"),
        position("gemeente", "abstain"),
    )
    assert state["positions"] == "actium:disagree|gemeente:abstain|mevm:agree"


@pytest.mark.parametrize(
    ("events", "published"),
    [
        ([proposal()], False),
        ([proposal(published=True)], True),
        ([proposal(), decision("rejected")], True),
        ([decision("designated")], True),
    ],
)
def test_published(events: list[NewEvent], published: bool) -> None:
    assert bool(only_state(*events)["published"]) is published


def test_the_version_counts_every_event_of_the_case() -> None:
    events = frame(
        proposal(),
        position("mevm", "agree"),
        proposal(area=OTHER),
        decision("designated"),
        correction(4),  # an undo is a change too
    )
    versions = dict(zip(*[case_states(events)[c] for c in ("case_key", "version")], strict=True))
    assert versions == {proposal().case_key: 4, proposal(area=OTHER).case_key: 1}


def test_one_row_per_area_theme_and_year() -> None:
    states = case_states(
        frame(
            proposal(year=2025),
            proposal(theme="heat"),
            proposal(area=OTHER),
            decision("designated"),
            proposal(),
        )
    )
    assert sorted(states["case_key"]) == sorted(
        {
            proposal(year=2025).case_key,
            proposal(theme="heat").case_key,
            proposal(area=OTHER).case_key,
            proposal().case_key,
        }
    )


# --- What viewers see, and the attention layer of a year --------------------------------


def _mixed_states():
    return case_states(
        frame(
            proposal(area=AREA, year=2024),  # proposed, not published
            proposal(area=OTHER, year=2024, published=True),  # proposed, published
            decision("designated", area=AREA, year=2025),
            decision("rejected", area=OTHER, year=2025),
            decision("designated", area=OTHER, year=2026),
            new_event(AREA, "heat", 2026, "decision", status="designated"),
        )
    )


def test_viewers_see_decided_cases_and_published_proposals_only() -> None:
    states = _mixed_states()
    seen = set(visible_to(states, VIEWER)["case_key"])
    assert seen == set(states["case_key"]) - {proposal(area=AREA, year=2024).case_key}
    assert set(visible_to(states, ACTIUM)["case_key"]) == set(states["case_key"])
    assert set(visible_to(states, FACILITATOR)["case_key"]) == set(states["case_key"])


def test_designated_areas_of_a_year_and_theme() -> None:
    states = _mixed_states()
    assert list(designated(states, 2025)["area_key"]) == [AREA.key]
    assert list(designated(states, 2026)["area_key"]) == [OTHER.key]
    assert list(designated(states, 2026, "heat")["area_key"]) == [AREA.key]
    assert designated(states, 2024).empty


# --- Timeline -------------------------------------------------------------------------------


def test_the_timeline_keeps_every_event_and_says_what_superseded_it() -> None:
    events = frame(
        proposal(),  # 1
        proposal(area=OTHER),  # 2
        decision("designated"),  # 3
        position("mevm", "agree"),  # 4
        correction(3, status="rejected"),  # 5
        proposal(theme="heat", year=2025),  # 6
        correction(4),  # 7: undo
        correction(5, status="postponed"),  # 8
    )
    line = timeline(events.iloc[::-1], AREA.key)
    assert list(line["id"]) == [1, 3, 4, 5, 6, 7, 8]
    later = {
        int(i): (None if pd.isna(s) else int(s))
        for i, s in zip(line["id"], line["superseded_by"], strict=True)
    }
    assert later == {1: None, 3: 5, 4: 7, 5: 8, 6: None, 7: None, 8: None}
    assert set(zip(line["theme"], line["year"], strict=True)) == {
        ("liveability", 2024),
        ("heat", 2025),
    }
    assert timeline(events, "buurt:BU99999999").empty
