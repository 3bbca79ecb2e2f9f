"""Agenda items and presentation mode on the map page (AppTest): the facilitator saves
what the map shows, everyone steps through the items or opens one from its link, and
presentation mode states the year and layers in a bar with big year buttons."""

from __future__ import annotations

import re
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from geo.agreements import Actor
from geo.i18n import t
from geo.store import open_store
from geo.store.repository import Agenda
from geo.views import ITEMS_MAX, MapView
from tests.app.apptest import checked, open_page
from ui.held import HELD

FIEN = Actor("facilitator", None, "Fien")
MIA = Actor("party", "mevm", "Mia")
BEILEN = "BU17310000"
HOSTILE = "**vet** <script>x</script> [a](javascript:alert(1))"


def button(at: AppTest, label: str) -> Any:
    found = [b for b in at.button if b.label == label]
    assert found, (label, [b.label for b in at.button])
    return found[0]


def texts(at: AppTest) -> str:
    """The page's Markdown as a reader sees it (backslash escapes undone)."""
    return re.sub(r"\\(.)", r"\1", " ".join(m.value for m in at.markdown))


def agenda(database_url: str) -> Agenda:
    return Agenda(open_store(database_url), "GM1731")


def test_the_facilitator_saves_what_the_map_shows(database_url: str) -> None:
    at = open_page(actor=FIEN, year="2024", layers="Vakantieparken", buurt=BEILEN)
    at.query_params["at"] = "52.9,6.52,13.25"  # where the map looked (written by map.js)
    [title] = [w for w in at.sidebar.text_input if w.label == t("agenda.new_title", "nl")]
    title.input("Beilen  centrum")
    [theme] = [w for w in at.sidebar.selectbox if w.label == t("agenda.theme", "nl")]
    theme.set_value("heat")
    checked(button(at, t("agenda.save", "nl")).click())
    [item] = agenda(database_url).views()
    assert item.title == "Beilen centrum"
    assert item.view.year == 2024
    assert item.view.layers == ("holiday_parks",)
    assert item.view.buurt == BEILEN
    assert item.view.theme == "heat"
    assert (item.view.center, item.view.zoom) == ((52.9, 6.52), 13.25)
    assert at.query_params["agenda"] == str(item.id)  # the item is a link


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_refused_save_says_why_in_the_page_language(database_url: str, lang: str) -> None:
    """No title, then a full agenda: each refusal in the reader's language, nothing saved
    beyond what fits."""
    book = agenda(database_url)
    at = open_page(actor=FIEN, year="2024", lang=lang)
    checked(button(at, t("agenda.save", lang)).click())  # no title typed
    assert [e.value for e in at.sidebar.error] == [t("agenda.error.no_title", lang)]
    for n in range(ITEMS_MAX):
        book.add(f"punt {n}", MapView(year=2023), FIEN)
    [title] = [w for w in at.sidebar.text_input if w.label == t("agenda.new_title", lang)]
    title.input("nog een")
    checked(button(at, t("agenda.save", lang)).click())
    assert [e.value for e in at.sidebar.error] == [t("agenda.error.full", lang, n=ITEMS_MAX)]
    assert len(book.views()) == ITEMS_MAX


def test_a_party_member_cannot_save(database_url: str) -> None:
    agenda(database_url).add("punt", MapView(year=2023), FIEN)
    at = open_page(actor=MIA)
    assert not [w for w in at.sidebar.text_input if w.label == t("agenda.new_title", "nl")]
    arrange = ("agenda_up_", "agenda_down_", "agenda_remove_")
    assert [b.key for b in at.button if (b.key or "").startswith("agenda_go_")]  # the list is there
    assert not [b for b in at.button if (b.key or "").startswith(arrange)]


def test_a_link_opens_its_item_and_next_steps_through(database_url: str) -> None:
    book = agenda(database_url)
    first = book.add("Warmte", MapView(year=2023, layers=("heat_phasing",), buurt=BEILEN), FIEN)
    book.add("Parken", MapView(year=2026, layers=("holiday_parks", "discuss")), FIEN)
    at = open_page(agenda=str(first))  # a viewer with the link
    assert at.session_state["year"] == 2023
    assert list(at.session_state["layers"]) == ["heat_phasing"]
    assert at.session_state["buurt"] == BEILEN
    assert "1 van 2" in texts(at)
    checked(button(at, t("agenda.next")).click())
    assert at.session_state["year"] == 2026
    assert list(at.session_state["layers"]) == ["holiday_parks", "discuss"]
    assert at.session_state["buurt"] is None
    assert "2 van 2" in texts(at)
    assert at.query_params["agenda"] != str(first)
    checked(button(at, t("agenda.previous")).click())
    assert at.session_state["year"] == 2023


def test_a_step_through_the_agenda_survives_a_rerun_with_the_browsers_old_values(
    database_url: str,
) -> None:
    """The map reports its moved view while a step's run is going: that rerun carries the
    year and layers the browser still shows. The step's values are held (ui.held) and
    win; once a run has completed, the user's own change is taken again."""
    book = agenda(database_url)
    first = book.add("Warmte", MapView(year=2023, layers=("heat_phasing",)), FIEN)
    book.add("Parken", MapView(year=2026, layers=("holiday_parks", "discuss")), FIEN)
    at = open_page(agenda=str(first))
    assert at.button_group(key="year").value == 2023
    # "Next" was clicked and its callback ran; its run was stopped by the map's report,
    # whose widget values (2023, heat phasing) are those the browser still showed.
    at.session_state[HELD] = {"year": 2026, "layers": ["holiday_parks", "discuss"]}
    checked(at.run())
    assert at.button_group(key="year").value == 2026
    assert list(at.session_state["layers"]) == ["holiday_parks", "discuss"]
    assert HELD not in at.session_state
    # Held no longer: a year the user picks now is the year shown.
    checked(at.button_group(key="year").set_value(2024).run())
    assert at.session_state["year"] == 2024


def test_an_unknown_item_in_a_link_changes_nothing(database_url: str) -> None:
    at = open_page(agenda="999", year="2025")
    assert at.session_state["year"] == 2025


def test_an_item_title_is_shown_as_typed(database_url: str) -> None:
    item = agenda(database_url).add(HOSTILE, MapView(year=2024), FIEN)
    at = open_page(actor=FIEN, agenda=str(item))  # the facilitator: ↑ ↓ ✕ name it too
    shown = {b.key: b.label for b in at.button if "vet" in b.label}
    assert {f"agenda_{k}_{item}" for k in ("go", "up", "down", "remove")} <= set(shown)
    assert all("\\*\\*vet\\*\\*" in label for label in shown.values())  # not bold
    raw = " ".join(m.value for m in at.markdown)
    assert "\\<script\\>" in raw and "<script>" not in raw


def test_presentation_states_year_and_layers_in_large_buttons(database_url: str) -> None:
    at = open_page(present="1", year="2025", layers="Warmtetransitie per wijk")
    bar = texts(at)
    assert "Midden-Drenthe · 2025" in bar
    assert "Warmtetransitie per wijk" in bar
    years = [b for b in at.button if b.key and b.key.startswith("present_year_")]
    assert [b.label for b in years] == ["2023", "2024", "2025", "2026"]
    checked(next(b for b in years if b.label == "2023").click())
    assert at.session_state["year"] == 2023
    assert "Midden-Drenthe · 2023" in texts(at)
    checked(at.button(key="present_off").click())
    assert at.session_state["present"] is False
    assert "present" not in at.query_params
    assert not [b for b in at.button if b.key and b.key.startswith("present_year_")]


def test_presentation_keeps_the_panel_choice(database_url: str) -> None:
    at = open_page(panel="meeliften")
    checked(button(at, t("present.on", "nl")).click())
    assert at.session_state["present"] is True
    checked(at.button(key="present_off").click())
    assert at.session_state["panel"] == "meeliften"
