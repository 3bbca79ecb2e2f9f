"""Agenda items (saved views) in the agreement store, on SQLite and on PostGIS: stored in
order, moved, removed, only by the facilitator, each municipality its own; and a store
made before agenda items existed is upgraded with its events kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from geo.agreements import Actor
from geo.store import open_store
from geo.store.engine import MIGRATIONS, make_engine
from geo.store.repository import Agenda
from geo.views import ITEMS_MAX, TITLE_MAX, MapView, ViewError, parse_at

FIEN = Actor("facilitator", None, "Fien")
MIA = Actor("party", "mevm", "Mia")
VIEW = MapView(
    year=2025,
    layers=("heat_phasing", "discuss"),
    buurt="BU17310000",
    panel="agreements",
    theme="heat",
    selection=("BU17310000", "WK173101"),
    center=(52.87097, 6.54357),
    zoom=13.5,
)


@pytest.fixture
def book(store_url: str) -> Agenda:
    return Agenda(open_store(store_url), "GM1731")


def test_items_come_back_in_the_order_stored_with_every_value(book: Agenda) -> None:
    first = book.add("Beilen: warmte", VIEW, FIEN)
    second = book.add("  Westerbork \n  parken ", MapView(year=2023), FIEN)
    items = book.views()
    assert [(i.id, i.position, i.title) for i in items] == [
        (first, 1, "Beilen: warmte"),
        (second, 2, "Westerbork parken"),  # one line, trimmed
    ]
    assert items[0].view == VIEW
    assert items[0].author == "Fien"


def test_moving_and_removing_keep_a_gapless_order(book: Agenda) -> None:
    ids = [book.add(f"punt {n}", MapView(year=2023 + n % 4), FIEN) for n in range(4)]
    book.move(ids[3], -2, FIEN)  # to the second place
    assert [i.id for i in book.views()] == [ids[0], ids[3], ids[1], ids[2]]
    book.move(ids[0], -5, FIEN)  # already first: stays
    book.move(ids[1], 10, FIEN)  # to the end
    assert [i.id for i in book.views()] == [ids[0], ids[3], ids[2], ids[1]]
    book.remove(ids[3], FIEN)
    assert [(i.id, i.position) for i in book.views()] == [(ids[0], 1), (ids[2], 2), (ids[1], 3)]
    with pytest.raises(ViewError, match="does not exist"):
        book.remove(ids[3], FIEN)
    with pytest.raises(ViewError, match="does not exist"):
        book.move(ids[3], 1, FIEN)


def test_only_the_facilitator_changes_the_agenda(book: Agenda) -> None:
    kept = book.add("punt", VIEW, FIEN)
    for change in (
        lambda: book.add("mijn punt", VIEW, MIA),
        lambda: book.move(kept, 1, MIA),
        lambda: book.remove(kept, MIA),
    ):
        with pytest.raises(ViewError, match="only the facilitator"):
            change()
    assert [(i.id, i.title) for i in book.views()] == [(kept, "punt")]


@pytest.mark.parametrize("title", ["", "   \n ", "x" * (TITLE_MAX + 1)])
def test_a_bad_title_is_refused_and_nothing_stored(book: Agenda, title: str) -> None:
    with pytest.raises(ViewError):
        book.add(title, VIEW, FIEN)
    assert book.views() == []


def test_a_full_agenda_refuses_more_until_an_item_is_removed(book: Agenda) -> None:
    ids = [book.add(f"punt {n}", MapView(year=2023), FIEN) for n in range(ITEMS_MAX)]
    with pytest.raises(ViewError, match=f"at most {ITEMS_MAX} items"):
        book.add("een te veel", VIEW, FIEN)
    assert len(book.views()) == ITEMS_MAX
    book.remove(ids[0], FIEN)  # removed items do not count
    last = book.add("past weer", VIEW, FIEN)
    assert book.views()[-1].id == last and len(book.views()) == ITEMS_MAX


def test_each_municipality_has_its_own_agenda(store_url: str) -> None:
    store = open_store(store_url)
    ours, theirs = Agenda(store, "GM1731"), Agenda(store, "GM0014")
    mine = ours.add("Midden-Drenthe", VIEW, FIEN)
    other = theirs.add("Groningen", VIEW, FIEN)
    assert [i.id for i in ours.views()] == [mine]
    assert [i.id for i in theirs.views()] == [other]
    with pytest.raises(ViewError):
        ours.remove(other, FIEN)
    assert [i.id for i in theirs.views()] == [other]


def test_a_store_from_before_agenda_items_is_upgraded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = make_engine(url)
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.commit()
    assert "saved_views" not in inspect(engine).get_table_names()
    engine.dispose()
    store = open_store(url)
    assert "saved_views" in inspect(store.engine).get_table_names()
    assert Agenda(store, "GM1731").add("na de upgrade", VIEW, FIEN) > 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("52.87097,6.54357,13.5", ((52.87097, 6.54357), 13.5)),
        ("52.8,6.5,11", ((52.8, 6.5), 11.0)),
        ("52.8,6.5", None),
        ("abc", None),
        ("", None),
        (None, None),
        ("95,6.5,11", None),  # no latitude
        ("52.8,6.5,40", None),  # no zoom
    ],
)
def test_the_place_in_a_link(text: str | None, expected: object) -> None:
    assert parse_at(text) == expected


def test_a_view_refuses_what_is_not_a_place() -> None:
    with pytest.raises(ValueError):
        MapView(year=2025, center=(200.0, 6.5), zoom=10)
