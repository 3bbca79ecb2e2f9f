"""The session summary: which events of a day it reports, and that it escapes all text."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pandas as pd
from shapely.geometry import box

from geo.agreements import Actor, Area, case_states, new_event
from geo.config import Settings
from geo.summary import local_today, session_summary, summary_html
from geo.workshop import SEED_ACTOR, events_frame

HOSTILE = "<img src=x onerror=alert(1)>"
DAY = date(2026, 3, 12)
SETTINGS = Settings()
FACILITATOR = Actor("facilitator", None, "Fien")
A = Area("buurt", "BU17310900", f"Westerbork {HOSTILE}", box(0, 0, 10, 10), "GM1731", 2022)
B = Area("buurt", "BU17310600", "Smilde-Centrum", box(20, 0, 30, 10), "GM1731", 2022)
C = Area("buurt", "BU17310700", "Bovensmilde", box(40, 0, 50, 10), "GM1731", 2022)


def at(frame: pd.DataFrame, stamps: list[str], authors: list[str] | None = None) -> pd.DataFrame:
    """The events with the given times (Dutch local time) and authors."""
    times = [pd.Timestamp(s, tz="Europe/Amsterdam").tz_convert(UTC) for s in stamps]
    out = frame.assign(created_at=times)
    return out.assign(author=authors) if authors else out


def workshop_events() -> pd.DataFrame:
    events = [
        new_event(A, "liveability", 2026, "proposal", status="proposed", note=HOSTILE),
        new_event(
            A,
            "liveability",
            2026,
            "position",
            party="mevm",
            position="disagree",
            note=f"mevm says {HOSTILE}",
        ),
        new_event(A, "liveability", 2026, "position", party="actium", position="agree"),
        new_event(A, "liveability", 2026, "decision", status="designated", vision=HOSTILE),
        new_event(B, "liveability", 2026, "proposal", status="proposed"),  # open, same day
        new_event(C, "liveability", 2026, "decision", status="rejected"),  # the day before
    ]
    return at(
        events_frame(events, FACILITATOR),
        [
            "2026-03-12 09:00",
            "2026-03-12 09:10",
            "2026-03-12 09:12",
            "2026-03-12 09:30",
            "2026-03-12 23:30",
            "2026-03-11 23:59",
        ],
    )


def test_the_summary_holds_the_days_decisions_and_open_proposals_only() -> None:
    events = workshop_events()
    summary = session_summary(events, case_states(events), DAY)

    assert list(summary.decisions["area_code"]) == ["BU17310900"]
    assert summary.decisions.iloc[0]["opposed"]  # MEVM disagreed
    # 23:30 Dutch time is the next day in UTC: still the 12th for the minutes.
    assert list(summary.proposals["area_code"]) == ["BU17310600"]
    assert set(summary.positions["party"]) == {"mevm", "actium"}
    assert set(summary.areas["area_code"]) == {"BU17310900", "BU17310600"}
    previous = session_summary(events, case_states(events), date(2026, 3, 11))
    assert list(previous.decisions["area_code"]) == ["BU17310700"]


def test_seeded_decisions_are_not_reported_as_taken_in_the_session() -> None:
    events = workshop_events()
    authors = [SEED_ACTOR.author] * len(events)
    seeded = at(
        events, [str(t.tz_convert("Europe/Amsterdam"))[:16] for t in events["created_at"]], authors
    )
    summary = session_summary(seeded, case_states(seeded), DAY)
    assert summary.decisions.empty and summary.proposals.empty


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_every_user_text_is_escaped_and_shown_as_text() -> None:
    events = workshop_events()
    summary = session_summary(events, case_states(events), DAY)
    page = summary_html(
        summary, SETTINGS, f"Midden-Drenthe {HOSTILE}", "nl", demo=True, map_image=b"\x89PNG"
    )
    parser = _Collect()
    parser.feed(page)

    assert "img" in parser.tags  # the map image only...
    assert parser.tags.count("img") == 1
    assert not re.search(r"<img src=x", page)
    text = "".join(parser.text)
    assert f"Westerbork {HOSTILE}" in text  # ...the hostile texts are shown, as text
    assert f"mevm says {HOSTILE}" in text
    assert "DEMO — fictieve gegevens" in text
    assert "aangewezen" in text and "oneens" in text and "eens" in text


def test_the_page_names_every_party_and_no_demo_mark_for_real_data() -> None:
    events = workshop_events()
    summary = session_summary(events, case_states(events), DAY)
    page = summary_html(
        summary,
        SETTINGS,
        "Midden-Drenthe",
        "en",
        demo=False,
        map_image=None,
        generated=datetime(2026, 3, 12, 18, 0, tzinfo=UTC),
    )
    for party in SETTINGS.parties:
        assert party.name in page
    assert "DEMO" not in page
    assert "12-03-2026 19:00" in page  # made at, in Dutch local time
    assert "designated" in page


def test_today_is_the_dutch_day_also_late_in_the_evening_on_a_utc_server() -> None:
    """Events are grouped by the Dutch day, so the page's default day must be that one."""
    assert local_today(datetime(2026, 11, 27, 22, 59, tzinfo=UTC)) == date(2026, 11, 27)
    assert local_today(datetime(2026, 11, 27, 23, 1, tzinfo=UTC)) == date(2026, 11, 28)
    assert local_today(datetime(2026, 7, 1, 22, 1, tzinfo=UTC)) == date(2026, 7, 2)  # CEST
