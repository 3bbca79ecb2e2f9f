"""The neighbourhood page (/buurt) and the search box under AppTest: links, search,
language, what a viewer may read, and names from data shown as text."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.agreements import Actor, new_event
from geo.config import DEMO_DATA_DIR, load_settings
from geo.dataset import Dataset, load_dataset
from geo.i18n import number, t
from geo.neighbourhood import neighbourhood_sheet
from geo.search import build_index, label
from geo.store import open_store
from geo.workshop import area_of, seed_states, seed_store
from tests.app.apptest import open_page, unescape
from ui.text import plain

WESTERBORK = "BU17310900"  # designated every year of the demo
SMILDE = "BU17310600"
SECTIONS = ["nb.homes.title", "nb.plans.title", "nb.heat.title", "nb.att.title"]
SECTIONS += ["nb.parks.title", "nb.map"]


def buurt_app() -> None:
    """The neighbourhood page as the landing page, with the map to link to."""
    import streamlit as st

    from ui import map_page, neighbourhood_page

    st.navigation(
        [
            st.Page(neighbourhood_page.render, title="Buurt", url_path="buurt", default=True),
            st.Page(map_page.render, title="Kaart", url_path="kaart"),
        ],
        position="hidden",
    ).run()


def map_app() -> None:
    """The map page as the landing page, with the neighbourhood page to go to."""
    import streamlit as st

    from ui import map_page, neighbourhood_page

    st.navigation(
        [
            st.Page(map_page.render, title="Kaart", url_path="kaart", default=True),
            st.Page(neighbourhood_page.render, title="Buurt", url_path="buurt"),
        ],
        position="hidden",
    ).run()


def texts(at: AppTest) -> list[str]:
    """Every text of the page's body as Markdown source."""
    out = [e.value for e in (*at.title, *at.header, *at.markdown, *at.info, *at.warning)]
    out += [e.label for e in at.expander]
    return out


def links(at: AppTest) -> list[tuple[str, str, str]]:
    """(label, page, query string) of every page link; the map page, the app's default,
    lives at the root ("") of the address."""
    return [(p.proto.label, p.proto.page, p.proto.query_string) for p in at.get("page_link")]


# --- a link opens one buurt ------------------------------------------------------------


def test_a_link_with_a_code_opens_that_buurt(demo_dataset: Dataset) -> None:
    at = open_page(buurt_app, code=WESTERBORK, year="2024")
    names = dict(
        zip(demo_dataset.buurten["buurtcode"], demo_dataset.buurten["buurtnaam"], strict=True)
    )
    assert [unescape(x.value) for x in at.title] == [names[WESTERBORK]]
    assert [s.value for s in at.header] == [t(k, "nl") for k in SECTIONS]
    sheet = neighbourhood_sheet(demo_dataset, WESTERBORK, 2024, seed_states(demo_dataset))
    body = [unescape(x) for x in texts(at)]
    total = t("nb.homes.total", "nl", year=2024, count=number(sheet.homes_total or 0, "nl"))
    assert total in body
    assert t("nb.att.status.designated", "nl", year=2024) in "\n".join(body)
    assert any(t("demo.mark", "nl") in x for x in body)
    # The address stays shareable, and the map link opens the same buurt and year.
    assert at.query_params["code"] == WESTERBORK and at.query_params["year"] == "2024"
    [to_map] = [link for link in links(at) if link[1] == ""]
    assert to_map == (t("nb.to_map", "nl"), "", f"buurt={WESTERBORK}&year=2024")


def test_the_sheet_names_its_small_numbers_as_fewer_than_5(demo_dataset: Dataset) -> None:
    states = seed_states(demo_dataset)
    code = next(
        c
        for c in demo_dataset.buurten["buurtcode"]
        if any(p.homes is None for p in neighbourhood_sheet(demo_dataset, c, 2025, states).planned)
    )
    at = open_page(buurt_app, code=code, year="2025")
    body = "\n".join(unescape(x) for x in texts(at))
    assert t("nb.fewer", "nl", n=5) in body
    # Every count 1-4 in the sheet's sentences is absent: only ≥ 5 or "minder dan 5".
    counts = [int(n) for n in re.findall(r"(?:maakt|bouwt|slopen|verkopen|knapt) (\d+)", body)]
    assert all(n >= 5 for n in counts), counts


def test_the_map_of_the_buurt_outlines_it(demo_dataset: Dataset) -> None:
    at = open_page(buurt_app, code=SMILDE)
    [component] = at.get("component_instance")
    args = json.loads(component.proto.json_args)
    assert component.proto.component_name == "streamlit_folium.st_folium"
    assert re.search(r'"dashArray":\s*"10 6"', args["feature_group"])  # the selected outline
    assert args["returned_objects"] == []  # looking around the map reruns nothing


def test_an_unknown_code_says_so_and_offers_the_search() -> None:
    at = open_page(buurt_app, code="BU99999999")
    assert [w.value for w in at.warning] == [t("nb.unknown", "nl", code="BU99999999")]
    assert not at.title
    assert at.selectbox(key="search_buurt").label == t("search.label", "nl")


def test_without_a_code_the_page_starts_with_the_search(demo_dataset: Dataset) -> None:
    at = open_page(buurt_app)
    assert not at.title and not at.warning
    assert unescape(at.markdown[-1].value) == t("nb.start", "nl")
    options = at.selectbox(key="search_buurt").options
    index = build_index(demo_dataset)
    assert options == [label(e, "nl") for e in index.entries]


def test_english(demo_dataset: Dataset) -> None:
    at = open_page(buurt_app, code=WESTERBORK, lang="en")
    assert [s.value for s in at.header] == [t(k, "en") for k in SECTIONS]
    assert at.selectbox(key="search_buurt").label == t("search.label", "en")
    assert at.segmented_control(key="lang").value == "en"
    assert at.query_params["lang"] == "en"
    [to_map] = [link for link in links(at) if link[1] == ""]
    assert to_map[0] == t("nb.to_map", "en") and "lang=en" in to_map[2]


# --- the search box ---------------------------------------------------------------------


def test_choosing_a_buurt_opens_its_page(demo_dataset: Dataset) -> None:
    at = open_page(buurt_app)
    index = build_index(demo_dataset)
    entry = index.get(f"buurt:{SMILDE}")
    assert entry is not None
    at.selectbox(key="search_buurt").set_value(entry.id).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [unescape(x.value) for x in at.title] == [entry.name]
    assert at.query_params["code"] == SMILDE
    assert at.selectbox(key="search_buurt").value is None  # empty again for the next search


def test_choosing_a_village_lists_its_buurten(demo_dataset: Dataset) -> None:
    index = build_index(demo_dataset)
    village = next(e for e in index.entries if e.kind == "village" and len(e.codes) > 2)
    at = open_page(buurt_app, code=WESTERBORK)
    at.selectbox(key="search_buurt").set_value(village.id).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["q"] == village.id and "code" not in at.query_params
    names = dict(
        zip(demo_dataset.buurten["buurtcode"], demo_dataset.buurten["buurtnaam"], strict=True)
    )
    listed = [(unescape(lbl), query) for lbl, page, query in links(at) if page == "buurt"]
    assert listed == [(names[c], f"code={c}") for c in village.codes]
    heading = t("search.choose", "nl", name=village.name, count=len(village.codes))
    assert f"**{heading}**" in [unescape(m.value) for m in at.markdown]


def test_free_text_in_the_link_is_searched_on_the_server(demo_dataset: Dataset) -> None:
    homes = demo_dataset.corporation_homes
    postcode = str(homes["postcode"].dropna().iloc[0])
    at = open_page(buurt_app, q=postcode.replace(" ", "").lower())
    found = [(unescape(lbl), query) for lbl, page, query in links(at) if page == "buurt"]
    [first, *_] = build_index(demo_dataset).search(postcode)
    assert found[0][0] == label(first.entry, "nl")
    assert set(homes.loc[homes["postcode"] == postcode, "buurtcode"]) == set(first.entry.codes)
    at = open_page(buurt_app, q="qqqqqq")
    assert [w.value for w in at.warning] == [t("search.none", "nl", query="qqqqqq")]


def test_the_map_page_sidebar_search_opens_the_neighbourhood_page(demo_dataset: Dataset) -> None:
    at = open_page(map_app, year="2024")
    box = at.sidebar.selectbox(key="search_map")
    index = build_index(demo_dataset)
    entry = index.get(f"buurt:{WESTERBORK}")
    assert entry is not None
    box.set_value(entry.id).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [unescape(x.value) for x in at.title] == [entry.name]
    assert at.query_params["code"] == WESTERBORK


def test_the_map_panel_links_to_the_sheet_of_its_buurt() -> None:
    at = open_page(map_app, buurt=SMILDE, year="2024")
    assert (t("nb.link", "nl"), "buurt", f"code={SMILDE}&year=2024") in links(at)


# --- only what a viewer may read ---------------------------------------------------------


def test_a_signed_in_facilitator_still_gets_the_public_sheet(database_url: str) -> None:
    settings = load_settings(env={})
    ds = load_dataset(DEMO_DATA_DIR)
    store = open_store(database_url)
    seed_store(store, ds, settings)
    facilitator = Actor("facilitator", None, "Test")
    hidden, public = SMILDE, "BU17310601"  # neither has a case in 2026
    store.append(
        [
            new_event(area_of(ds, code), "liveability", 2026, "proposal", status="proposed", **kw)
            for code, kw in [(hidden, {"published": False}), (public, {"published": True})]
        ],
        facilitator,
        settings.party_ids,
    )
    store.engine.dispose()
    proposed = t("nb.att.status.proposed", "nl", year=2026)
    for code, shown in [(hidden, False), (public, True)]:
        at = open_page(buurt_app, actor=facilitator, code=code, year="2026")
        body = "\n".join(unescape(x) for x in texts(at))
        assert (proposed in body) is shown, code


# --- hostile names ------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
BOLD = "**x**"
LINK = "[a](javascript:x)"


def tiny_hostile_data(target: Path) -> Path:
    """Two buurten of the demo, with script, bold and link Markdown in every name."""
    target.mkdir(parents=True)
    keep = ["BU17310000", "BU17310001"]
    buurten = gpd.read_file(DEMO_DATA_DIR / "buurten.geojson")
    buurten = buurten[buurten["buurtcode"].isin(keep)].copy()
    buurten["buurtnaam"] = [f"{SCRIPT} {BOLD}", LINK]
    wijken = gpd.read_file(DEMO_DATA_DIR / "wijken.geojson")
    wijken = wijken[wijken["wijkcode"].isin(buurten["wijkcode"])].copy()
    wijken["wijknaam"] = f"Wijk 00 {SCRIPT}"
    homes = gpd.read_file(DEMO_DATA_DIR / "corporation_homes.geojson")
    homes = homes[homes["buurtcode"].isin(keep)].copy()
    homes["corporation"] = [BOLD if i % 2 else LINK for i in range(len(homes))]
    homes["complex_id"] = SCRIPT
    parks = gpd.read_file(DEMO_DATA_DIR / "holiday_parks.geojson")
    parks = parks.iloc[:3].copy()
    parks["name"] = [SCRIPT, BOLD, LINK]
    parks = parks.set_geometry(list(buurten.representative_point())[:1] * 3, crs=buurten.crs)
    attention = gpd.GeoDataFrame(
        {
            "area_code": ["BU17310001"],
            "area_kind": ["buurt"],
            "theme": ["liveability"],
            "year": [2025],
            "status": ["designated"],
            "reasons": ["social"],
            "lead_party": [LINK],
            "vision": [f"[klik](javascript:alert(1)) {SCRIPT}"],
            "note": [BOLD],
        },
        geometry=[buurten.geometry.iloc[1]],
        crs=buurten.crs,
    )
    for name, frame in [
        ("buurten", buurten),
        ("wijken", wijken),
        ("corporation_homes", homes),
        ("holiday_parks", parks),
        ("attention_areas", attention),
    ]:
        frame.to_file(target / f"{name}.geojson", driver="GeoJSON")
    heat = pd.read_csv(DEMO_DATA_DIR / "heat_phasing.csv", dtype=str)
    heat[heat["area_code"].isin(wijken["wijkcode"])].to_csv(
        target / "heat_phasing.csv", index=False
    )
    manifest = (DEMO_DATA_DIR / "manifest.toml").read_text(encoding="utf-8")
    manifest = manifest.replace(
        'municipality_name = "Midden-Drenthe"', f"municipality_name = {json.dumps(BOLD)}"
    )
    (target / "manifest.toml").write_text(manifest, encoding="utf-8")
    load_dataset(target)  # a valid data directory
    return target


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Dataset:
    directory = tiny_hostile_data(tmp_path / "data")
    monkeypatch.setenv("AFSPRAKENKAART_DATA", str(directory))
    return load_dataset(directory)


RAW = (SCRIPT, BOLD, LINK, "javascript:alert(1)")


def assert_shown_as_text(at: AppTest, *expected: str) -> None:
    sources = texts(at) + [lbl for lbl, _, _ in links(at)]
    for source in sources:
        for raw in RAW:
            assert raw not in source, (raw, source)  # never as live Markdown or HTML
        assert not re.search(r"(?<!\\)\]\((?!#)", source), source  # no link but our own
    shown = "\n".join(unescape(s) for s in sources)
    for text in expected:
        assert text in shown, text


def test_hostile_names_on_the_sheet_show_literally(hostile: Dataset) -> None:
    at = open_page(buurt_app, code="BU17310001", year="2025")
    assert [unescape(x.value) for x in at.title] == [LINK]
    assert at.title[0].value != LINK
    assert_shown_as_text(at, LINK, f"Wijk 00 {SCRIPT}", BOLD, SCRIPT)
    body = "\n".join(unescape(x) for x in texts(at))
    assert t("nb.att.vision", "nl", vision=f"[klik](javascript:alert(1)) {SCRIPT}") in body
    assert t("nb.att.note", "nl", note=BOLD) in body
    assert t("nb.att.lead", "nl", party=LINK) in body
    at = open_page(buurt_app, code="BU17310000", year="2025")
    assert [unescape(x.value) for x in at.title] == [f"{SCRIPT} {BOLD}"]
    assert_shown_as_text(at, f"{SCRIPT} {BOLD}")


def test_hostile_names_in_search_results_show_literally(hostile: Dataset) -> None:
    index = build_index(hostile)
    village = next(e for e in index.entries if e.kind == "village")
    at = open_page(buurt_app, q=village.id)
    assert_shown_as_text(at, f"{SCRIPT} {BOLD}", LINK)
    at = open_page(buurt_app, q="javascript")
    assert_shown_as_text(at, label(index.search("javascript")[0].entry, "nl"))
    # In the box itself the labels are plain option text, never Markdown.
    options = at.selectbox(key="search_buurt").options
    assert f"{LINK} — buurt in {SCRIPT}" in options


@pytest.mark.parametrize("year", ["²⁰²⁵", "<script>", "-1", "99999999999999999999", ""])
def test_a_year_that_is_no_year_gives_this_years_sheet(demo_dataset: Dataset, year: str) -> None:
    at = open_page(buurt_app, code=SMILDE, year=year)
    assert [unescape(x.value) for x in at.title] == ["Smilde-Centrum"]
    this_year = load_settings(env={}).years.clamp(date.today().year)
    sheet = neighbourhood_sheet(demo_dataset, SMILDE, this_year, seed_states(demo_dataset))
    count = number(sheet.homes_total or 0, "nl")
    total = t("nb.homes.total", "nl", year=this_year, count=count)
    assert total in [unescape(x) for x in texts(at)]


def test_hostile_text_in_the_link_shows_literally(hostile: Dataset) -> None:
    at = open_page(buurt_app, code=f"BU1{SCRIPT}")
    assert_shown_as_text(at, SCRIPT.upper())
    nothing = "[qq](javascript:qq) **qq**"  # finds nothing, even in this data
    at = open_page(buurt_app, q=nothing)
    [warning] = at.warning
    assert warning.value == t("search.none", "nl", query=plain(nothing))
    assert "](" not in warning.value and "**qq**" not in warning.value
