"""The session summary page under AppTest: what a viewer and the facilitator get."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo.agreements import Actor, new_event
from geo.config import Settings
from geo.dataset import Dataset
from geo.store import open_store
from geo.summary import local_today
from geo.workshop import area_of, seed_store
from tests.app.apptest import open_page

HOSTILE = "<img src=x onerror=alert(1)>"
FACILITATOR = Actor("facilitator", None, "Fien")


def summary_app() -> None:
    """The app's two pages with the summary as the landing page."""
    import streamlit as st

    from ui import map_page, summary_page

    st.navigation(
        [
            st.Page(summary_page.render, title="Verslag", url_path="verslag", default=True),
            st.Page(map_page.render, title="Kaart", url_path="kaart"),
        ],
        position="hidden",
    ).run()


@pytest.fixture
def workshop_day(database_url: str, demo_dataset: Dataset) -> None:
    """Today: one designation (with a hostile note) and one unpublished proposal."""
    store = open_store(database_url)
    settings = Settings()
    seed_store(store, demo_dataset, settings)
    beilen = area_of(demo_dataset, "BU17310000")
    wijster = area_of(demo_dataset, "BU17310001")
    store.append(
        [
            new_event(beilen, "liveability", 2026, "proposal", status="proposed"),
            new_event(beilen, "liveability", 2026, "position", party="mevm", position="agree"),
            new_event(
                beilen,
                "liveability",
                2026,
                "decision",
                status="designated",
                note=f"Besluit {HOSTILE}",
            ),
            new_event(wijster, "heat", 2026, "proposal", status="proposed", note="nog geheim"),
        ],
        FACILITATOR,
        settings.party_ids,
    )


def page_html(actor: Actor | None) -> tuple[AppTest, str]:
    at = open_page(summary_app, actor=actor)
    assert len(at.get("download_button")) == 1
    (frame,) = at.get("iframe")  # shows the same HTML the download button hands out
    return at, str(frame.proto.srcdoc)


@pytest.mark.usefixtures("workshop_day")
def test_the_facilitator_gets_todays_decision_and_open_proposal() -> None:
    _, html = page_html(FACILITATOR)
    assert local_today().strftime("%d-%m-%Y") in html
    assert "Beilen" in html
    assert "aangewezen" in html
    assert "nog geheim" in html  # the facilitator sees proposals in progress
    assert "DEMO — fictieve gegevens" in html
    assert HOSTILE not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "data:image/png;base64," in html  # the map of the areas


@pytest.mark.usefixtures("workshop_day")
def test_a_viewer_gets_the_decision_but_not_the_unpublished_proposal() -> None:
    _, html = page_html(None)
    assert "aangewezen" in html
    assert "nog geheim" not in html
