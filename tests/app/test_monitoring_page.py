"""The monitoring page under AppTest: traffic lights, "no figure" instead of 0, the
language switch, links to the map, and names from data shown as text."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from geo import monitoring as mon
from geo.config import Settings
from geo.conflicts import attention_points
from geo.dataset import Dataset, load_dataset
from geo.i18n import t
from layers.base import MapContext
from layers.registry import DEFAULT_LAYER_IDS, LAYERS_BY_ID
from tests.app.apptest import open_page, unescape

HOSTILE = "<img src=x onerror=alert(1)>"
LIGHT = re.compile(r"^#### :(green|orange|red|gray)-background\[(.+)\]$")
TITLE = re.compile(r"^### (.+)$")
NO_TABLE_NL = "Geen cijfer: de gegevensmap heeft geen jaarcijfers (yearly_figures)."


def monitoring_app() -> None:
    """The monitoring page as the landing page, with the map to link to."""
    import streamlit as st

    from ui import map_page, monitoring_page

    st.navigation(
        [
            st.Page(
                monitoring_page.render, title="Monitoring", url_path="monitoring", default=True
            ),
            st.Page(map_page.render, title="Kaart", url_path="kaart"),
        ],
        position="hidden",
    ).run()


def lights(at: AppTest) -> list[tuple[str, str, str]]:
    """(card title, colour, label) of every traffic light, in page order."""
    out, title = [], ""
    for element in at.markdown:
        if match := TITLE.match(element.value):
            title = unescape(match.group(1))
        elif match := LIGHT.match(element.value):
            out.append((title, match.group(1), match.group(2)))
    return out


def with_figures(directory: Path, csv: str | None) -> Path:
    """`directory` (a copy of the demo) with these yearly figures, or none at all."""
    path = directory / "yearly_figures.csv"
    path.unlink()
    if csv is not None:
        path.write_text(csv, encoding="utf-8")
    load_dataset(directory)  # still a valid data directory
    return directory


# Worked out by hand for 2023 (the default targets):
#   first cap:  180 of 200 lettings = 90% >= 85%                    -> on track
#   second cap: 180 of 200 = 90% against 95%: 0.947, within 0.9      -> behind
#   refugees:   Actium 10 of 20 = 50% against one third: 1.5         -> on track
#               Woonservice 50% against two thirds: 0.75, the edge   -> behind
#   senior homes: 20 + 10 = 30 against 110 * 1/4 = 27.5: 1.09       -> on track
FIGURES_2023 = """year;corporation;indicator;value
2023;Actium;lettings_total;100
2023;Actium;lettings_below_first_cap;90
2023;Actium;lettings_below_second_cap;90
2023;Woonservice;lettings_total;100
2023;Woonservice;lettings_below_first_cap;90
2023;Woonservice;lettings_below_second_cap;90
2023;Actium;refugees_housed_persons;10
2023;Woonservice;refugees_housed_persons;10
2023;Actium;clustered_senior_homes_completed;20
2023;Woonservice;clustered_senior_homes_completed;10
"""


def test_a_light_per_target_with_symbol_and_word(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFSPRAKENKAART_DATA", str(with_figures(data_copy, FIGURES_2023)))
    at = open_page(monitoring_app, year="2023")
    found = {title: (colour, label) for title, colour, label in lights(at)}
    assert found["Minstens 85% onder de eerste aftoppingsgrens"] == ("green", "✔ op schema")
    assert found["Minstens 95% onder de tweede aftoppingsgrens"] == ("orange", "▲ achter")
    assert found["Actium: een derde"] == ("green", "✔ op schema")
    assert found["Woonservice: twee derde"] == ("orange", "▲ achter")
    assert found["Opgeleverd: 110 in 2026, 220 in 2030"] == ("green", "✔ op schema")
    # The lights of the home tables are those geo.monitoring gives, one per reading.
    expected = mon.readings(load_dataset(data_copy), Settings().targets, 2023)
    assert len(lights(at)) == len(expected) == 10
    words = {s: t(f"mon.status.{s}") for s in mon.STATUSES}
    for (title, _, label), reading in zip(lights(at), expected, strict=True):
        assert title == mon.title(reading, "nl")
        assert label == words[reading.status]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Aandeel 2023"] in {"90,0%", "50,0%"}


def test_a_year_without_figures_says_so_instead_of_zero(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFSPRAKENKAART_DATA", str(with_figures(data_copy, FIGURES_2023)))
    at = open_page(monitoring_app, year="2024")
    no_data = [title for title, _, label in lights(at) if label == "– geen gegevens"]
    assert len(no_data) == 5  # senior homes, two rent caps, two refugee lines
    infos = [unescape(i.value) for i in at.info]
    assert any("ontbreekt voor 2024" in i for i in infos), infos


def test_without_yearly_figures_the_page_says_there_is_no_figure(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFSPRAKENKAART_DATA", str(with_figures(data_copy, None)))
    at = open_page(monitoring_app, year="2024")
    by_title = {title: (colour, label) for title, colour, label in lights(at)}
    figure_cards = [
        "Opgeleverd: 110 in 2026, 220 in 2030",
        "Minstens 85% onder de eerste aftoppingsgrens",
        "Minstens 95% onder de tweede aftoppingsgrens",
        "Actium: een derde",
        "Woonservice: twee derde",
    ]
    for title in figure_cards:
        assert by_title[title] == ("gray", "– geen gegevens"), title
    infos = [unescape(i.value) for i in at.info]
    assert infos.count(NO_TABLE_NL) == 5
    # The numbers of those cards are a dash, never 0; the home tables still count.
    values = [m.value for m in at.metric]
    assert values.count("–") == 5
    assert "0" not in values and "0,0%" not in values
    captions = [c.value for c in at.caption]
    assert captions.count(t("mon.chart.no_data")) == 3  # senior homes, rent, refugees


def test_the_language_switch() -> None:
    at = open_page(monitoring_app, year="2024", lang="en")
    assert at.title[0].value == "Monitoring the performance agreements of Midden\\-Drenthe"
    labels = {label for _, _, label in lights(at)}
    assert labels <= {t(f"mon.status.{s}", "en") for s in mon.STATUSES}
    assert at.header[0].value == "Corporation housing stock"
    # Switching to Dutch on the page: Dutch text, and the link loses ?lang.
    at.segmented_control(key="lang").set_value("nl").run()
    assert not at.exception
    assert at.title[0].value.startswith("Monitoring prestatieafspraken")
    assert {label for _, _, label in lights(at)} <= {t(f"mon.status.{s}") for s in mon.STATUSES}
    assert "lang" not in at.query_params


def test_every_point_to_discuss_links_to_its_buurt_on_the_map(demo_dataset: Dataset) -> None:
    at = open_page(monitoring_app, year="2024", lang="en")
    buurten = set(demo_dataset.buurten["buurtcode"])
    links = [link.proto for link in at.get("page_link")]
    to_buurten = [link for link in links if "buurt=" in link.query_string]
    assert to_buurten, "no links to the map"
    for link in to_buurten:
        query = dict(part.split("=") for part in link.query_string.split("&"))
        assert query["buurt"] in buurten
        assert query["year"] == "2024" and query["lang"] == "en"
        assert link.label.endswith("on the map")


def test_the_year_select_drives_the_page() -> None:
    at = open_page(monitoring_app, year="2023")
    assert "2023" in at.caption[0].value
    at.segmented_control(key="monitoring_year").set_value(2025).run()
    assert not at.exception
    assert "2025" in at.caption[0].value
    assert at.header[-1].value == t("conflict.title", "nl", year=2025)
    assert at.query_params["year"] == "2025"  # the link reproduces the view


def test_hostile_names_are_shown_as_text(
    hostile_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFSPRAKENKAART_DATA", str(hostile_data))
    at = open_page(monitoring_app, year="2024")
    escaped = r"\<img src\=x onerror\=alert\(1\)\>"
    texts = [
        *(e.value for e in at.markdown),
        *(e.value for e in at.caption),
        *(e.value for e in at.info),
        *(e.value for e in at.title),
        *(e.proto.label for e in at.get("page_link")),
    ]
    for text in texts:
        assert not re.search(r"(?<!\\)<img", text), text
    assert escaped in at.title[0].value  # the municipality's name
    shown = [e.value for e in at.markdown if escaped in e.value]
    assert shown, "the hostile park and buurt names should be listed, escaped"
    assert any(escaped in e.proto.label for e in at.get("page_link"))


def test_the_map_links_to_the_monitoring_page() -> None:
    at = open_page()
    labels = [link.proto.label for link in at.get("page_link")]
    assert t("mon.link") in labels


def point_links(at: AppTest) -> list[tuple[str, dict[str, list[str]]]]:
    """(label, query) of every page link that opens a buurt on the map."""
    out = []
    for element in at.get("page_link"):
        query = parse_qs(element.proto.query_string)
        if "buurt" in query:
            out.append((element.proto.label, query))
    return out


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_point_links_open_the_map_with_the_points_to_discuss_shown(
    demo_dataset: Dataset, lang: str
) -> None:
    settings = Settings()
    at = open_page(monitoring_app, year="2024", lang=lang)
    ctx = MapContext(demo_dataset, settings, 2024, lang)
    # The titles the map's layer pills write into the URL: the usual layers, and the
    # points to discuss (off on a first visit of the map) in the page's language.
    shown = [LAYERS_BY_ID[i].title(ctx) for i in DEFAULT_LAYER_IDS]
    discuss = LAYERS_BY_ID["discuss"].title(ctx)
    assert "discuss" not in DEFAULT_LAYER_IDS
    assert discuss == t("layer.discuss", lang) and discuss not in shown
    names = {p.id: p.name for p in settings.parties}
    period = (settings.years.first, settings.years.last)
    points = attention_points(demo_dataset, 2024, settings.conflicts, period, party_names=names)
    linked = sorted(p.buurtcode for p in points if p.buurtcode)
    links = point_links(at)
    assert sorted(query["buurt"][0] for _, query in links) == linked  # one per point
    for label, query in links:
        assert query["layers"] == [*shown, discuss], label
        assert query["year"] == ["2024"]
        assert query.get("lang") == ([lang] if lang != "nl" else None)
        assert len(query["buurt"]) == 1


def test_following_a_point_link_shows_the_buurt_with_the_points_to_discuss(
    demo_dataset: Dataset,
) -> None:
    """The link's query, given to the map page as the browser would: the buurt is
    selected, the layer pills hold the usual layers and the points to discuss, and
    the map carries the discuss markers."""
    (_, query), *_ = point_links(open_page(monitoring_app, year="2024", lang="en"))
    at = open_page(**{k: v if k == "layers" else v[0] for k, v in query.items()})
    assert at.button_group(key="layers").value == [*DEFAULT_LAYER_IDS, "discuss"]
    assert at.session_state["buurt"] == query["buurt"][0]
    assert at.query_params["year"] == "2024"
    (component,) = at.get("component_instance")
    assert "afk-discuss-marker" in json.loads(component.proto.json_args)["feature_group"]
    buurten = demo_dataset.buurten
    names = dict(zip(buurten["buurtcode"], buurten["buurtnaam"], strict=True))
    assert unescape(at.header[0].value) == names[query["buurt"][0]]
