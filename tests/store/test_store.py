"""The agreement store on SQLite and on PostGIS: what goes in comes out, all or nothing,
and nobody silently overwrites anybody (every test runs on both databases)."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import shapely
from alembic.config import Config
from alembic.script import ScriptDirectory
from shapely.geometry import MultiPolygon, Polygon, box
from sqlalchemy import inspect, text

from geo.agreements import (
    DECIDED,
    EVENT_COLUMNS,
    Actor,
    Area,
    ConflictError,
    NewEvent,
    PermissionDenied,
    case_states,
    new_event,
    timeline,
)
from geo.codes import POSITIONS
from geo.config import Settings
from geo.dataset import Dataset
from geo.errors import AfsprakenkaartError
from geo.store import Store, open_store
from geo.store.engine import MIGRATIONS
from geo.workshop import seed_events, seed_key, seed_states, seed_store, store_states
from tests import pg

PARTIES = frozenset({"gemeente", "actium", "mevm"})
FIEN = Actor("facilitator", None, "Fien")
BRAM = Actor("facilitator", None, "Bram")
MIA = Actor("party", "mevm", "Mia")
MO = Actor("party", "mevm", "Mo")
AAD = Actor("party", "actium", "Aad")

# A buurt of two parts, one with a hole, at RD coordinates with decimals.
SHAPE = MultiPolygon(
    [
        Polygon(
            [
                (233000.125, 548000.5),
                (233800.75, 548000.5),
                (233800.75, 548700.25),
                (233000.125, 548700.25),
            ],
            holes=[[(233200.0, 548200.0), (233300.0, 548200.0), (233300.0, 548300.0)]],
        ),
        Polygon([(234000.0, 548000.0), (234150.5, 548000.0), (234075.25, 548130.0)]),
    ]
)
HOSTILE_NAME = '<img src=x onerror=alert(1)> Ñoño\'s "buurt"'
AREA = Area("buurt", "BU17310900", HOSTILE_NAME, SHAPE, "GM1731", 2022)
OTHER = Area("wijk", "WK173101", "Wijk 01", box(230000, 545000, 231000, 546000), "GM1731", 2022)
NOTE = (
    'Bewoners: "te weinig groen" & <b>onveilig</b> — l\'été 2024 🏘️\n'
    "Tweede regel;\tmet; puntkomma's en \\backslash\\ en 中文"
)
VISION = '<script>alert("x")</script> https://example.org/visie?a=1&b=2'


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    yield opened
    opened.engine.dispose()


def proposal(area: Area = AREA, year: int = 2024, **values: Any) -> NewEvent:
    return new_event(area, "liveability", year, "proposal", status="proposed", **values)


def decision(status: str, area: Area = AREA, year: int = 2024, **values: Any) -> NewEvent:
    return new_event(area, "liveability", year, "decision", status=status, **values)


def position(party: str, value: str, area: Area = AREA, **values: Any) -> NewEvent:
    return new_event(area, "liveability", 2024, "position", party=party, position=value, **values)


def correction(of: int, area: Area = AREA, **values: Any) -> NewEvent:
    return new_event(area, "liveability", 2024, "correction", supersedes=of, **values)


KEY = proposal().case_key


def status_of(store: Store, key: str = KEY) -> str:
    states = case_states(store.events())
    return states.set_index("case_key").loc[key, "status"]


def snapshot(store: Store) -> tuple[int, int, dict[str, int]]:
    """What a failed write must leave as it was."""
    keys = [KEY, proposal(area=OTHER).case_key]
    return store.head(), len(store.events()), store.versions(keys)


# --- Round trip -----------------------------------------------------------------------------


def test_events_come_back_as_they_went_in(store: Store) -> None:
    assert store.head() == 0
    assert set(store.events().columns) == set(EVENT_COLUMNS)
    drawn = Area.drawn("Speelveld 'De Kamp'", box(231000.5, 546000.5, 231020.5, 546030.5), "GM1731")
    before = datetime.now(UTC)
    first = store.append(
        [
            proposal(
                reasons=("social", "safety"),
                lead_party="gemeente",
                vision=VISION,
                note=NOTE,
                published=True,
            ),
            position("mevm", "reservation", note=NOTE),
            new_event(
                drawn, "meeliften", 2025, "proposal", status="proposed", reasons=("physical",)
            ),
        ],
        FIEN,
        PARTIES,
    )
    assert first.versions == {KEY: 2, f"{drawn.key}|meeliften|2025": 1}
    assert first.ids == sorted(first.ids) and len(set(first.ids)) == 3

    events = store.events()
    assert set(events.columns) == set(EVENT_COLUMNS)
    assert events.crs.to_epsg() == 28992
    assert list(events["id"]) == first.ids
    assert store.head() == first.ids[-1]

    prop, pos, other = (events.iloc[i] for i in range(3))
    assert prop["geometry"].area == pytest.approx(SHAPE.area, abs=0)
    assert prop["geometry"].bounds == SHAPE.bounds
    assert shapely.equals_exact(prop["geometry"], SHAPE, tolerance=0)
    assert prop["geometry"].geom_type == "MultiPolygon"
    assert other["geometry"].bounds == drawn.geometry.bounds
    assert pos["geometry"] is None

    assert prop["reasons"] == "social|safety" and other["reasons"] == "physical"
    assert pd.isna(pos["reasons"])
    assert prop["note"] == NOTE and pos["note"] == NOTE
    assert prop["vision"] == VISION
    assert prop["area_name"] == HOSTILE_NAME
    assert other["area_name"] == "Speelveld 'De Kamp'"
    assert (prop["area_key"], prop["area_code"], prop["area_kind"]) == (
        AREA.key,
        AREA.code,
        "buurt",
    )
    assert other["area_kind"] == "drawn" and pd.isna(other["area_code"])
    assert (prop["gemeentecode"], prop["boundary_year"]) == ("GM1731", 2022)
    assert (prop["theme"], prop["year"], prop["event_type"], prop["status"]) == (
        "liveability",
        2024,
        "proposal",
        "proposed",
    )
    assert (pos["party"], pos["position"], pos["event_type"]) == ("mevm", "reservation", "position")
    assert bool(prop["published"]) is True and bool(pos["published"]) is False
    assert (prop["author"], prop["role"], prop["lead_party"]) == ("Fien", "facilitator", "gemeente")
    assert list(events["version"]) == [1, 2, 1]
    assert len(set(events["batch"])) == 1
    created = events["created_at"]
    assert all(before - timedelta(seconds=1) <= t <= datetime.now(UTC) for t in created)


def test_events_can_be_filtered(store: Store) -> None:
    store.append(
        [proposal(), proposal(year=2025), proposal(area=OTHER), proposal(area=OTHER, year=2025)],
        FIEN,
        PARTIES,
    )
    assert set(store.events(area_key=OTHER.key)["case_key"]) == {
        proposal(area=OTHER).case_key,
        proposal(area=OTHER, year=2025).case_key,
    }
    assert set(store.events(year=2025)["year"]) == {2025}
    assert list(store.events(case_keys=[KEY])["case_key"]) == [KEY]
    assert len(store.events(gemeentecode="GM1731")) == 4
    assert store.events(gemeentecode="GM0000").empty
    assert store.versions([KEY, "buurt:BU00000000|liveability|2024"]) == {
        KEY: 1,
        "buurt:BU00000000|liveability|2024": 0,
    }


def test_corrections_refer_to_stored_events(store: Store) -> None:
    written = store.append([proposal(), decision("designated")], FIEN, PARTIES)
    decided = written.ids[1]
    fix = store.append([correction(decided, status="postponed")], FIEN, PARTIES, {KEY: 2})
    assert status_of(store) == "postponed"
    undo = store.append([correction(fix.ids[0])], FIEN, PARTIES, fix.versions)
    assert status_of(store) == "proposed"
    line = timeline(store.events(), AREA.key)
    later = dict(zip(line["id"], line["superseded_by"], strict=True))
    assert later[decided] == fix.ids[0] and later[fix.ids[0]] == undo.ids[0]
    assert pd.isna(later[written.ids[0]])


@pytest.mark.parametrize(
    ("target", "values"),
    [(1, {"party": "mevm", "status": "proposed"}), (2, {"position": "disagree"})],
    ids=["status-for-a-position", "position-for-a-decision"],
)
def test_a_correction_that_does_not_fit_its_event(
    store: Store, target: int, values: dict[str, Any]
) -> None:
    written = store.append(
        [proposal(), position("mevm", "agree"), decision("designated")], FIEN, PARTIES
    )
    fix = correction(written.ids[target], **values)
    try:
        store.append([fix], FIEN, PARTIES, written.versions)
    except (AfsprakenkaartError, ValueError):
        return  # refused: fine
    # Stored: then the state must still be derivable and make sense.
    state = case_states(store.events()).iloc[0]
    assert state["status"] in DECIDED
    for pair in str(state["positions"]).split("|"):
        party, _, value = pair.partition(":")
        assert party in PARTIES and value in POSITIONS, state["positions"]


# --- PostGIS ------------------------------------------------------------------------------


@pytest.fixture
def pg_store(pg_server: str) -> Iterator[Store]:
    opened = open_store(pg.fresh_database(pg_server, f"t_{uuid.uuid4().hex[:12]}"))
    yield opened
    opened.engine.dispose()


def test_postgis_stores_real_geometries_in_rd_new(pg_store: Store) -> None:
    pg_store.append([proposal(), position("mevm", "agree"), proposal(area=OTHER)], FIEN, PARTIES)
    with pg_store.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT ST_SRID(geometry), GeometryType(geometry), ST_Area(geometry) "
                "FROM area_events WHERE geometry IS NOT NULL ORDER BY id"
            )
        ).all()
        column = conn.execute(
            text("SELECT srid, type FROM geometry_columns WHERE f_table_name = 'area_events'")
        ).one()
        indexes = conn.execute(
            text("SELECT indexdef FROM pg_indexes WHERE tablename = 'area_events'")
        ).scalars()
        gist = [d for d in indexes if "USING gist (geometry)" in d]
        near = conn.execute(
            text(
                "SELECT area_key FROM area_events WHERE geometry && "
                "ST_MakeEnvelope(233500, 548500, 233600, 548600, 28992)"
            )
        ).scalars()
        hits = list(near)
    assert [(srid, kind) for srid, kind, _ in rows] == [(28992, "MULTIPOLYGON"), (28992, "POLYGON")]
    assert rows[0][2] == pytest.approx(SHAPE.area)
    assert tuple(column) == (28992, "GEOMETRY")
    assert len(gist) == 1, gist
    assert hits == [AREA.key]


# --- Optimistic concurrency --------------------------------------------------------------


def test_a_stale_decision_is_refused_naming_who_changed_what(store: Store) -> None:
    store.append([proposal()], FIEN, PARTIES)
    seen = store.versions([KEY])  # both facilitators' screens show this version
    store.append([decision("designated")], BRAM, PARTIES, seen)
    before = snapshot(store)
    with pytest.raises(ConflictError) as refused:
        store.append([decision("rejected")], FIEN, PARTIES, seen)
    assert refused.value.case_key == KEY
    message = str(refused.value)
    assert "Bram" in message and "decision" in message and "designated" in message
    assert snapshot(store) == before
    assert status_of(store) == "designated"
    # After a reload the same decision goes through.
    store.append([decision("rejected")], FIEN, PARTIES, store.versions([KEY]))
    assert status_of(store) == "rejected"


def test_a_position_recorded_meanwhile_makes_a_decision_stale(store: Store) -> None:
    store.append([proposal()], FIEN, PARTIES)
    seen = store.versions([KEY])
    store.append([position("mevm", "disagree")], MIA, PARTIES, seen)
    before = snapshot(store)
    with pytest.raises(ConflictError, match=r"Mia \(mevm\).*position.*disagree"):
        store.append([decision("designated")], FIEN, PARTIES, seen)
    assert snapshot(store) == before


def test_two_parties_record_their_positions_from_the_same_version(store: Store) -> None:
    store.append([proposal()], FIEN, PARTIES)
    seen = store.versions([KEY])
    first = store.append([position("mevm", "agree")], MIA, PARTIES, seen)
    second = store.append([position("actium", "disagree")], AAD, PARTIES, seen)
    assert (first.versions[KEY], second.versions[KEY]) == (2, 3)
    assert case_states(store.events()).iloc[0]["positions"] == "actium:disagree|mevm:agree"


def test_one_party_twice_from_the_same_version_conflicts(store: Store) -> None:
    store.append([proposal()], FIEN, PARTIES)
    seen = store.versions([KEY])
    store.append([position("mevm", "agree")], MIA, PARTIES, seen)
    before = snapshot(store)
    with pytest.raises(ConflictError, match=r"Mia \(mevm\)"):
        store.append([position("mevm", "disagree")], MO, PARTIES, seen)
    assert snapshot(store) == before
    assert case_states(store.events()).iloc[0]["positions"] == "mevm:agree"


def test_a_decision_meanwhile_makes_a_position_stale(store: Store) -> None:
    store.append([proposal()], FIEN, PARTIES)
    seen = store.versions([KEY])
    store.append([decision("designated")], FIEN, PARTIES, seen)
    with pytest.raises(ConflictError, match="Fien"):
        store.append([position("mevm", "disagree")], MIA, PARTIES, seen)


def test_resending_a_write_returns_the_stored_event(store: Store) -> None:
    store.append([proposal()], FIEN, PARTIES)
    event = decision("designated")
    first = store.append([event], FIEN, PARTIES, {KEY: 1})
    store.append([position("mevm", "agree")], MIA, PARTIES, first.versions)
    before = snapshot(store)
    # The answer to the first send got lost; the browser sends it again, as it was.
    again = store.append([event], FIEN, PARTIES, {KEY: 1})
    assert again == first
    assert snapshot(store) == before


def test_resending_a_batch_returns_it_as_written(store: Store) -> None:
    uids = sorted((str(uuid.uuid4()) for _ in range(3)), reverse=True)
    batch = [
        proposal(event_uid=uids[0]),
        position("mevm", "agree", event_uid=uids[1]),
        decision("designated", event_uid=uids[2]),
    ]
    first = store.append(batch, FIEN, PARTIES, {KEY: 0})
    assert first.versions == {KEY: 3}
    assert store.append(batch, FIEN, PARTIES, {KEY: 0}) == first
    assert store.head() == first.ids[-1]


# --- All or nothing ---------------------------------------------------------------------------


def test_a_failing_event_writes_none_of_its_batch(store: Store) -> None:
    store.append([proposal()], FIEN, PARTIES)
    before = snapshot(store)
    batch = [
        decision("designated"),
        proposal(area=OTHER),
        correction(store.head() + 1000, status="rejected"),  # no such event
    ]
    with pytest.raises(AfsprakenkaartError):
        store.append(batch, FIEN, PARTIES)
    assert snapshot(store) == before
    assert status_of(store) == "proposed"


def test_a_stale_case_in_a_batch_writes_none_of_it(store: Store) -> None:
    store.append([proposal()], FIEN, PARTIES)
    before = snapshot(store)
    other = proposal(area=OTHER)
    with pytest.raises(ConflictError):
        store.append([other, decision("designated")], FIEN, PARTIES, {other.case_key: 0, KEY: 0})
    assert snapshot(store) == before


def test_a_refused_event_writes_none_of_its_batch(store: Store) -> None:
    store.append([proposal()], FIEN, PARTIES)
    before = snapshot(store)
    with pytest.raises(PermissionDenied):
        store.append([position("actium", "agree"), position("mevm", "agree")], AAD, PARTIES)
    assert snapshot(store) == before


# --- Seeding ------------------------------------------------------------------------------

COMPARED = [
    "case_key",
    "area_key",
    "area_kind",
    "area_code",
    "area_name",
    "gemeentecode",
    "theme",
    "year",
    "status",
    "reasons",
    "lead_party",
    "vision",
    "published",
    "note",
    "decided_by",
    "positions",
    "opposed",
    "version",
]


def state_records(states: pd.DataFrame) -> list[dict[str, Any]]:
    frame = states.sort_values("case_key")
    values = frame[COMPARED].astype(object)
    return values.where(values.notna(), None).to_dict("records")


def assert_seed_state(store: Store, dataset: Dataset) -> None:
    stored, seeded = store_states(store, dataset), seed_states(dataset)
    assert state_records(stored) == state_records(seeded)
    stored, seeded = stored.sort_values("case_key"), seeded.sort_values("case_key")
    assert stored.geometry.geom_equals(seeded.geometry, align=False).all()


def test_the_seed_is_stored_exactly_once(
    store_url: str, store: Store, demo_dataset: Dataset, demo_settings: Settings
) -> None:
    expected = len(seed_events(demo_dataset))
    assert not store.seeded(seed_key(demo_dataset))
    assert seed_store(store, demo_dataset, demo_settings) == expected
    assert seed_store(store, demo_dataset, demo_settings) == 0
    second = open_store(store_url)  # another process starting on the same store
    assert seed_store(second, demo_dataset, demo_settings) == 0
    second.engine.dispose()
    assert store.seeded(seed_key(demo_dataset))
    assert len(store.events()) == expected
    assert_seed_state(store, demo_dataset)


# --- Migrations and the database file --------------------------------------------------------


def _head_revision() -> str:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head
    return head


def test_a_fresh_database_gets_the_schema(store_url: str) -> None:
    store = open_store(store_url)
    tables = set(inspect(store.engine).get_table_names())
    assert {"area_events", "area_cases", "store_seeds", "alembic_version"} <= tables
    with store.engine.connect() as conn:
        revisions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    assert revisions == [_head_revision()]
    store.engine.dispose()


def test_reopening_a_store_migrates_nothing_and_keeps_the_events(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = open_store(store_url)
    written = first.append([proposal(note=NOTE)], FIEN, PARTIES)
    first.engine.dispose()

    def upgrade(*_: object, **__: object) -> None:
        raise AssertionError("the schema is up to date: nothing to migrate")

    monkeypatch.setattr("alembic.command.upgrade", upgrade)
    again = open_store(store_url)
    events = again.events()
    assert list(events["id"]) == written.ids and list(events["note"]) == [NOTE]
    assert again.versions([KEY]) == {KEY: 1}
    again.engine.dispose()


def test_a_sqlite_store_is_created_with_its_folder_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "there" / "afsprakenkaart.db"
    store = open_store(f"sqlite:///{path}")
    store.append([proposal()], FIEN, PARTIES)
    store.engine.dispose()
    assert path.is_file()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT count(*) FROM area_events").fetchone()[0] == 1
    finally:
        conn.close()
