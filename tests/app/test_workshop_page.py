"""The agreements panel under Streamlit's AppTest: sign-in, roles, proposals, positions,
decisions, stale writes and hostile text, against a fresh SQLite store per test
(tests/app/conftest.py sets DATABASE_URL).

Sessions signed in through the sidebar form test the sign-in; the other tests put the
Actor in the session state directly (as the form would) to test what a role sees.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from html.parser import HTMLParser
from typing import Any

import geopandas as gpd
import pytest
import shapely
from streamlit.testing.v1 import AppTest

from geo import access
from geo.agreements import VIEWER, Actor, Area, designated, new_event
from geo.config import Settings
from geo.dataset import Dataset
from geo.i18n import t
from geo.store import Store, open_store
from geo.workshop import area_of, seed_store, store_states
from tests.app.apptest import checked, map_args, open_page

XSS = "<img src=x onerror=window.__xss=1>"
SETTINGS = Settings()
PARTIES = [p.id for p in SETTINGS.parties]
PARTY_NAMES = [p.name for p in SETTINGS.parties]

ORVELTE = "BU17311500"  # proposed (and published) for 2026 in the demo's seed
ORVELTE_2026 = f"buurt:{ORVELTE}|liveability|2026"
HOOGHALEN_2026 = "buurt:BU17310200|liveability|2026"  # designated in the seed
BEILEN, LIEVING_MAKKUM = "BU17310000", "BU17310001"  # nothing in the seed

FACILITATOR = Actor("facilitator", None, "Gespreksleider Fien")
ACTIUM = Actor("party", "actium", "Ann")
MEVM = Actor("party", "mevm", "Mo")


# --- helpers -------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The demo data, no config file; the process-wide sign-in throttle starts clean."""
    for name in ("AFSPRAKENKAART_DATA", "AFSPRAKENKAART_OFFLINE", "AFSPRAKENKAART_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    for state in (access.THROTTLE._failures, access.THROTTLE._next):
        state.clear()
    yield
    for state in (access.THROTTLE._failures, access.THROTTLE._next):
        state.clear()


@pytest.fixture
def store(database_url: str, demo_dataset: Dataset) -> Store:
    """The test's store (the page opens the same file), with the seed loaded."""
    opened = open_store(database_url)
    seed_store(opened, demo_dataset, SETTINGS)
    return opened


def run_page(
    actor: Actor | None = None,
    year: int = 2026,
    panel: str | None = "agreements",
    **state: Any,
) -> AppTest:
    """A first run of the page as `actor` (None: a viewer) with session `state`."""
    query = {"year": str(year)} | ({"panel": panel} if panel else {})
    return open_page(actor=actor, state=state, **query)


def one(elements: Sequence[Any], label: str) -> Any:
    found = [e for e in elements if e.label == label]
    assert len(found) == 1, (label, [e.label for e in elements])
    return found[0]


def labelled(elements: Sequence[Any], label: str) -> list[Any]:
    return [e for e in elements if e.label == label]


def unescape_markdown(text: str) -> str:
    """What Streamlit shows for text escaped with backslashes (ui.text.plain)."""
    return re.sub(r"\\(.)", r"\1", text)


def case_labels(at: AppTest) -> list[str]:
    """The cases the "Bespreken" list offers, as it shows them."""
    return list(at.selectbox(key="case").options)


def open_case(at: AppTest, case_key: str) -> AppTest:
    checked(at.selectbox(key="case").set_value(case_key))
    assert at.selectbox(key="case").value == case_key
    return at


def events_of(store: Store, case_key: str) -> gpd.GeoDataFrame:
    events = store.events()
    return events[events["case_key"] == case_key]


def form_buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.main.button if b.proto.is_form_submitter]


def sign_in(at: AppTest, role: str, code: str, name: str = "") -> AppTest:
    """Fill in and submit the sidebar's sign-in form."""
    sidebar = at.sidebar
    one(sidebar.selectbox, t("access.role", "nl")).set_value(role)
    one(sidebar.text_input, t("access.name", "nl")).input(name)
    one(sidebar.text_input, t("access.code", "nl")).input(code)
    one(sidebar.button, t("access.sign_in", "nl")).click()
    return checked(at)


def signed_in(at: AppTest) -> Actor:
    """Who the session is signed in as (VIEWER when nobody)."""
    value = at.session_state.get("_actor")
    return value if isinstance(value, Actor) else VIEWER


class _Glance(HTMLParser):
    """The glance blocks as {area: {party: position word}}, from each block's name and
    its chips' aria-labels ("Party: word"), which is what a screen reader reads."""

    def __init__(self) -> None:
        super().__init__()
        self.cases: dict[str, dict[str, str]] = {}
        self._name: list[str] | None = None
        self._current: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if "afk-case-name" in classes:
            self._name = []
        elif "afk-chip" in classes and self._current is not None:
            party, _, word = (found.get("aria-label") or "").partition(": ")
            self._current[party] = word

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._name is not None:
            self._current = self.cases.setdefault("".join(self._name), {})
            self._name = None

    def handle_data(self, data: str) -> None:
        if self._name is not None:
            self._name.append(data)


def glance_element(at: AppTest) -> Any:
    found = [m for m in at.markdown if "afk-glance-key" in m.value]
    assert len(found) == 1, "no glance (or more than one)"
    return found[0]


def glance(at: AppTest) -> dict[str, dict[str, str]]:
    """{area name: {party name: position word}} as the glance shows it."""
    parser = _Glance()
    parser.feed(glance_element(at).value)
    for area, chips in parser.cases.items():
        assert list(chips) == PARTY_NAMES, (area, chips)
    return parser.cases


def attention_legend(count: int, year: int) -> str:
    """The attention layer's legend line for `count` designated areas."""
    return (
        t("legend.attention.designated", "nl", year=year)
        + f" ({t('legend.attention.count', 'nl', count=count)})"
    )


# --- signing in ---------------------------------------------------------------------------


def test_a_wrong_code_shows_an_error_and_stays_viewer() -> None:
    at = run_page()
    sign_in(at, "actium", "demo-mevm", name="Ann")  # another party's code
    assert [e.value for e in at.error] == [t("access.error.wrong", "nl")]
    assert signed_in(at) == VIEWER
    assert not at.sidebar.success, "nobody is signed in"
    assert labelled(at.sidebar.selectbox, t("access.role", "nl")), "the form is still offered"
    assert [i.value for i in at.main.info] == [t("ws.viewer_note", "nl")]
    assert not labelled(at.main.expander, t("ws.new_proposal", "nl"))


def test_wrong_codes_are_throttled_even_before_a_right_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(access.THROTTLE, "clock", lambda: 1000.0)  # time stands still
    at = run_page()
    for _ in range(access.FREE_ATTEMPTS):
        sign_in(at, "mevm", "not-the-code")
        assert [e.value for e in at.error] == [t("access.error.wrong", "nl")]
    sign_in(at, "mevm", "demo-mevm")
    assert [e.value for e in at.error] == [t("access.error.locked", "nl", seconds=2)]
    assert signed_in(at) == VIEWER
    # Per role: another party is not locked out by MEVM's guesser.
    sign_in(at, "actium", "demo-actium")
    assert signed_in(at) == Actor("party", "actium", "")


def test_the_right_party_code_signs_in() -> None:
    at = run_page()
    sign_in(at, "actium", "demo-actium", name="Ann de Vries")
    assert not at.error
    assert signed_in(at) == Actor("party", "actium", "Ann de Vries")
    [success] = at.sidebar.success
    assert unescape_markdown(success.value) == (
        f"{t('access.signed_in_as', 'nl')} **Actium** — Ann de Vries"
    )
    assert not labelled(at.sidebar.selectbox, t("access.role", "nl"))
    assert labelled(at.main.expander, t("ws.new_proposal", "nl"))
    assert not at.main.info, "no viewer note for a signed-in party"


def test_the_facilitator_code_signs_in_as_facilitator() -> None:
    at = run_page()
    sign_in(at, "facilitator", "demo-facilitator", name="Fien")
    assert signed_in(at) == Actor("facilitator", None, "Fien")


# --- what each role is offered --------------------------------------------------------------


def test_a_party_member_records_only_its_own_position(store: Store) -> None:
    at = open_case(run_page(MEVM), ORVELTE_2026)
    assert t("ws.save_position", "nl") in form_buttons(at)
    # No party to choose: the form names the member's own party.
    assert not labelled(at.main.selectbox, t("ws.party", "nl"))
    assert f"{t('ws.party', 'nl')}: MEVM" in [unescape_markdown(c.value) for c in at.main.caption]
    # No widget in the panel offers another party.
    others = set(PARTY_NAMES) - {"MEVM"}
    for widget in [*at.main.selectbox, *at.main.radio, *at.main.multiselect]:
        assert not others & set(widget.options), (widget.label, widget.options)
    # What it records is MEVM's position.
    at.radio(key=f"pv_{ORVELTE_2026}").set_value("disagree")
    at.text_input(key=f"pn_{ORVELTE_2026}").input("te weinig huurwoningen")
    checked(one(at.main.button, t("ws.save_position", "nl")).click())
    assert [s.value for s in at.main.success] == [t("ws.saved", "nl")]
    positions = events_of(store, ORVELTE_2026).query("event_type == 'position'")
    assert list(positions["party"]) == ["mevm"]
    assert list(positions["position"]) == ["disagree"]
    assert list(positions["author"]) == ["Mo (mevm)"]
    assert glance(at)["Orvelte"]["MEVM"] == t("position.disagree", "nl")


def test_the_facilitator_records_any_party_and_decides(store: Store) -> None:
    at = open_case(run_page(FACILITATOR), ORVELTE_2026)
    party = one(at.main.selectbox, t("ws.party", "nl"))
    assert list(party.options) == PARTY_NAMES
    assert t("ws.save_decision", "nl") in form_buttons(at)
    status = at.radio(key=f"ds_{ORVELTE_2026}")
    assert list(status.options) == [
        t(f"status.{s}", "nl") for s in ("designated", "rejected", "postponed", "ended")
    ]
    assert labelled(at.main.expander, t("ws.correct", "nl"))
    # The facilitator enters a position a party states aloud.
    party.set_value("samensterk")
    at.radio(key=f"pv_{ORVELTE_2026}").set_value("reservation")
    checked(one(at.main.button, t("ws.save_position", "nl")).click())
    positions = events_of(store, ORVELTE_2026).query("event_type == 'position'")
    assert list(zip(positions["party"], positions["position"], strict=True)) == [
        ("samensterk", "reservation")
    ]
    assert list(positions["role"]) == ["facilitator"]


def test_a_party_member_sees_no_decision_form(store: Store) -> None:
    at = open_case(run_page(ACTIUM), ORVELTE_2026)
    buttons = form_buttons(at)
    assert t("ws.save_position", "nl") in buttons  # the case is open, with its form
    assert t("ws.save_decision", "nl") not in buttons
    assert t("ws.save_correction", "nl") not in buttons
    assert not labelled(at.main.radio, t("popup.status", "nl"))
    assert not labelled(at.main.expander, t("ws.correct", "nl"))
    assert not labelled(at.main.button, t("ws.publish_now", "nl"))


def test_a_viewer_sees_no_forms_and_no_unpublished_proposal(
    store: Store, demo_dataset: Dataset
) -> None:
    secret = "VERTROUWELIJK voorstel van Actium"
    proposal = new_event(
        area_of(demo_dataset, BEILEN),
        "liveability",
        2026,
        "proposal",
        status="proposed",
        lead_party="actium",
        party="actium",
        note=secret,
    )
    store.append([proposal], ACTIUM, SETTINGS.party_ids, {})
    beilen_2026 = proposal.case_key

    # The party that made it sees it (so the viewer's view below proves something).
    party = run_page(ACTIUM)
    assert any(o.startswith("Beilen · ") for o in case_labels(party))
    assert "Beilen" in glance(party)
    open_case(party, beilen_2026)

    viewer = run_page()
    assert not any(o.startswith("Beilen") for o in case_labels(viewer))
    assert "Beilen" not in glance(viewer)
    assert "Orvelte" in glance(viewer), "a published proposal is shown"
    everything = json.dumps(map_args(viewer)) + "".join(
        m.value for m in [*viewer.markdown, *viewer.caption, *viewer.info]
    )
    assert secret not in everything and "VERTROUWELIJK" not in everything
    # No forms: not on an open proposal, not on a decided area.
    for case in (ORVELTE_2026, HOOGHALEN_2026):
        open_case(viewer, case)
        assert viewer.main.dataframe, "the case is open, with its timeline"
        assert form_buttons(viewer) == []
        assert not viewer.main.text_input and not viewer.main.text_area
        assert not viewer.main.toggle
        assert not labelled(viewer.main.expander, t("ws.new_proposal", "nl"))
        assert not labelled(viewer.main.expander, t("ws.correct", "nl"))
    assert set(store.events()["note"].dropna()) >= {secret}, "the proposal is still stored"


# --- proposals and decisions -------------------------------------------------------------------


@pytest.mark.parametrize("actor", [ACTIUM, FACILITATOR], ids=["party", "facilitator"])
def test_a_proposal_for_chosen_areas_makes_one_proposal_per_area(
    actor: Actor, store: Store, demo_dataset: Dataset
) -> None:
    chosen = [area_of(demo_dataset, BEILEN), area_of(demo_dataset, LIEVING_MAKKUM)]
    at = run_page(actor, _selection=chosen)
    assert f"**{t('ws.chosen', 'nl', count=2)}**" in [m.value for m in at.main.markdown]
    assert one(at.main.selectbox, t("ws.theme", "nl")).value == "liveability"
    assert one(at.main.selectbox, t("app.year", "nl")).value == 2026
    lead = one(at.main.selectbox, t("popup.lead_party", "nl"))
    assert lead.value == (actor.party or PARTIES[0])
    lead.set_value("woonservice")
    one(at.main.multiselect, t("ws.reasons", "nl")).set_value(["social", "safety"])
    one(at.main.text_area, t("ws.note", "nl")).input("Twee buurten, één aanpak")
    publish = labelled(at.main.checkbox, t("ws.publish", "nl"))
    assert bool(publish) == (actor.role == "facilitator"), "only the facilitator publishes"
    if publish:
        publish[0].check()
    before = len(store.events())
    checked(one(at.main.button, t("ws.propose_button", "nl")).click())

    assert [s.value for s in at.main.success] == [t("ws.saved", "nl")]
    new = store.events().iloc[before:]
    assert sorted(new["area_code"]) == [BEILEN, LIEVING_MAKKUM]
    assert set(new["event_type"]) == {"proposal"}
    for _, event in new.iterrows():
        assert (event["theme"], event["year"], event["status"]) == ("liveability", 2026, "proposed")
        assert event["lead_party"] == "woonservice"
        assert event["party"] == actor.party or (actor.party is None and event["party"] is None)
        assert event["reasons"] == "social|safety"
        assert event["note"] == "Twee buurten, één aanpak"
        assert bool(event["published"]) == (actor.role == "facilitator")
        assert event["geometry"].equals(
            next(a.geometry for a in chosen if a.code == event["area_code"])
        )
    assert at.session_state["_selection"] == [], "the choice is cleared once recorded"
    shown = glance(at)
    assert {"Beilen", "Lieving Makkum"} <= set(shown)


def test_designating_an_area_puts_it_in_that_years_attention_layer(
    store: Store, demo_dataset: Dataset
) -> None:
    at = open_case(run_page(FACILITATOR), ORVELTE_2026)
    before = designated(store_states(store, demo_dataset), 2026)
    assert ORVELTE not in set(before["area_code"])
    assert attention_legend(len(before), 2026) in map_args(at)["feature_group"]

    at.radio(key=f"ds_{ORVELTE_2026}").set_value("designated")
    at.text_input(key=f"dv_{ORVELTE_2026}").input("Samen met de dorpsraad")
    checked(one(at.main.button, t("ws.save_decision", "nl")).click())

    assert [s.value for s in at.main.success] == [t("ws.saved", "nl")]
    after = designated(store_states(store, demo_dataset), 2026)
    assert set(after["area_code"]) == set(before["area_code"]) | {ORVELTE}
    row = after[after["area_code"] == ORVELTE].iloc[0]
    assert row["vision"] == "Samen met de dorpsraad"
    assert row["decided_by"] == "Gespreksleider Fien"
    # The map the page draws now counts it in the attention layer of 2026.
    feature_group = map_args(at)["feature_group"]
    assert attention_legend(len(before) + 1, 2026) in feature_group
    assert attention_legend(len(before), 2026) not in feature_group
    assert glance(at)["Orvelte"] == dict.fromkeys(PARTY_NAMES, t("ws.no_position", "nl"))
    status_line = [m.value for m in at.main.markdown if "Status" in m.value]
    assert any(f"**{t('status.designated', 'nl')}**" in s for s in status_line), status_line


# --- two sessions at once ----------------------------------------------------------------


def test_two_parties_positions_on_one_screen_are_both_kept(store: Store) -> None:
    actium = open_case(run_page(ACTIUM), ORVELTE_2026)
    mevm = open_case(run_page(MEVM), ORVELTE_2026)  # opened before Actium records
    actium.radio(key=f"pv_{ORVELTE_2026}").set_value("agree")
    checked(one(actium.main.button, t("ws.save_position", "nl")).click())
    mevm.radio(key=f"pv_{ORVELTE_2026}").set_value("disagree")
    checked(one(mevm.main.button, t("ws.save_position", "nl")).click())

    assert not mevm.main.error, [e.value for e in mevm.main.error]
    positions = events_of(store, ORVELTE_2026).query("event_type == 'position'")
    assert sorted(zip(positions["party"], positions["position"], strict=True)) == [
        ("actium", "agree"),
        ("mevm", "disagree"),
    ]
    row = glance(mevm)["Orvelte"]
    assert row["Actium"] == t("position.agree", "nl")
    assert row["MEVM"] == t("position.disagree", "nl")
    assert row["Samen Sterk"] == t("ws.no_position", "nl")


def test_a_decision_on_a_stale_screen_is_refused(store: Store) -> None:
    first = open_case(run_page(FACILITATOR), ORVELTE_2026)
    second = open_case(run_page(Actor("facilitator", None, "Tweede")), ORVELTE_2026)
    first.radio(key=f"ds_{ORVELTE_2026}").set_value("designated")
    checked(one(first.main.button, t("ws.save_decision", "nl")).click())
    assert [s.value for s in first.main.success] == [t("ws.saved", "nl")]

    second.radio(key=f"ds_{ORVELTE_2026}").set_value("rejected")
    checked(one(second.main.button, t("ws.save_decision", "nl")).click())
    [error] = second.main.error
    assert unescape_markdown(error.value).startswith(
        "Niet opgeslagen: iemand anders heeft dit gebied intussen gewijzigd"
    )
    assert "Gespreksleider Fien" in unescape_markdown(error.value), "it says who"
    assert not second.main.success
    decisions = events_of(store, ORVELTE_2026).query("event_type == 'decision'")
    assert list(decisions["status"]) == ["designated"]
    assert list(decisions["author"]) == ["Gespreksleider Fien"]
    # The refused screen now shows the new state, so a second try is deliberate.
    assert "aangewezen" in glance_element(second).value
    second.radio(key=f"ds_{ORVELTE_2026}").set_value("rejected")
    checked(one(second.main.button, t("ws.save_decision", "nl")).click())
    assert not second.main.error
    decisions = events_of(store, ORVELTE_2026).query("event_type == 'decision'")
    assert list(decisions["status"]) == ["designated", "rejected"]


# --- hostile text and the URL ---------------------------------------------------------------


def test_html_in_user_text_is_shown_as_text(store: Store, demo_dataset: Dataset) -> None:
    drawn = Area.drawn(
        XSS,
        shapely.box(230_000, 545_000, 231_000, 546_000),
        demo_dataset.manifest.municipality_code,
    )
    proposal = new_event(
        drawn, "liveability", 2026, "proposal", status="proposed", note=XSS, vision=XSS
    )
    store.append([proposal], FACILITATOR, SETTINGS.party_ids, {})
    case = proposal.case_key

    at = open_case(run_page(Actor("party", "actium", XSS)), case)
    at.text_input(key=f"pn_{case}").input(XSS)
    checked(one(at.main.button, t("ws.save_position", "nl")).click())
    assert not at.main.error
    stored = events_of(store, case)
    assert list(stored["note"]) == [XSS, XSS], "stored exactly as typed"
    assert list(stored["author"])[-1] == f"{XSS} (actium)"

    # Markdown gets the text escaped, so it cannot become markup ...
    shown = [*at.markdown, *at.caption, *at.success, *at.error, *at.info]
    for element in shown:
        if not getattr(element, "allow_html", False):
            assert not re.search(r"(?<!\\)<img", element.value), element.value
    texts = [unescape_markdown(m.value) for m in at.main.markdown]
    assert f"## {XSS}" in texts, "the heading shows the name as typed"
    assert any(f"{t('ws.note', 'nl')}: {XSS}" in s for s in texts)
    assert any(f"{t('popup.vision', 'nl')}: {XSS}" in s for s in texts)
    assert any(XSS in unescape_markdown(s.value) for s in at.sidebar.success), "the name"
    # ... and the one HTML element, the glance, carries it as entities.
    table = glance_element(at)
    assert table.allow_html
    assert "<img" not in table.value
    assert "&lt;img src=x onerror=window.__xss=1&gt;" in table.value
    assert XSS in glance(at)
    # The timeline is data, not markup: every value as typed.
    [timeline] = at.main.dataframe
    frame = timeline.value
    assert list(frame[t("ws.note", "nl")]) == [XSS, XSS]
    assert list(frame[t("ws.by", "nl")])[-1] == f"{XSS} (actium)"
    assert any(o.startswith(f"{XSS} · ") for o in case_labels(at))


def test_the_panel_is_carried_by_the_url() -> None:
    at = run_page(panel=None)
    assert at.button_group(key="panel").value == "facts"
    assert "panel" not in at.query_params
    assert at.selectbox(key="buurt"), "the facts panel"
    checked(at.button_group(key="panel").set_value("agreements"))
    assert at.query_params["panel"] == "agreements"
    assert [m.value for m in at.main.markdown if m.value.startswith("**Gebieden")] == [
        f"**{t('ws.agenda', 'nl', year=2026)}**"
    ]
    checked(at.button_group(key="panel").set_value("facts"))
    assert "panel" not in at.query_params
    # A link with panel=agreements opens the agreements panel.
    linked = run_page(panel="agreements")
    assert linked.button_group(key="panel").value == "agreements"
    assert linked.query_params["panel"] == "agreements"
    assert linked.selectbox(key="case")
