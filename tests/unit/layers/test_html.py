"""layers.html: escaping of every data value, popups, symbols and legends."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import pytest
from layer_tools import HOSTILE, HOSTILE_ESCAPED, parse_popup, svg_parts, visible_texts

from geo.i18n import t
from layers.html import esc, legend_html, popup_html, symbol_svg


@pytest.mark.parametrize(
    "missing",
    [None, float("nan"), np.nan, pd.NA, pd.NaT, np.float64("nan")],
    ids=["None", "nan", "np.nan", "pd.NA", "pd.NaT", "np.float64-nan"],
)
def test_esc_turns_missing_values_into_an_empty_string(missing):
    assert esc(missing) == ""


def test_esc_reads_missing_values_out_of_frames():
    frame = pd.DataFrame(
        {
            "n": pd.array([1, None], dtype="Int64"),
            "s": pd.array(["x", None], dtype="string"),
            "f": [1.5, np.nan],
        }
    )
    row = frame.iloc[1]
    assert [esc(row[c]) for c in frame.columns] == ["", "", ""]
    assert [esc(v) for v in frame.iloc[0]] == ["1", "x", "1.5"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"', "&quot;"),
        ("'", "&#x27;"),
        ("a & b", "a &amp; b"),
        ("<b>", "&lt;b&gt;"),
        (HOSTILE, HOSTILE_ESCAPED),
        ("<a title='x\" onmouseover=y'>", "&lt;a title=&#x27;x&quot; onmouseover=y&#x27;&gt;"),
    ],
)
def test_esc_escapes_markup_and_both_quotes(value, expected):
    assert esc(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(0, "0"), (0.0, "0.0"), (False, "False"), ("", ""), (2025, "2025")]
)
def test_esc_keeps_falsy_values_that_are_not_missing(value, expected):
    assert esc(value) == expected


@pytest.mark.parametrize("text", ["Beilen", "Wijk-/buurtvisie", "ë — €", HOSTILE, "a&amp;b"])
def test_esc_shows_the_text_as_it_was(text):
    assert html.unescape(esc(text)) == text


def test_popup_escapes_title_labels_and_values():
    rows = [
        (HOSTILE, "label"),
        ("Naam", HOSTILE),
        ("Aantal", 0),
        ("Leeg", None),
        ("Quote", 'it\'s "x"'),
    ]
    raw = popup_html(HOSTILE, rows, lang="nl", demo=False)
    assert HOSTILE not in raw
    assert raw.count(HOSTILE_ESCAPED) == 3
    popup = parse_popup(raw)
    assert popup.title == HOSTILE
    assert popup.fields == {
        HOSTILE: "label",
        "Naam": HOSTILE,
        "Aantal": "0",
        "Leeg": "",
        "Quote": 'it\'s "x"',
    }
    assert popup.demo_tag is None


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_popup_adds_the_demo_mark_only_for_demo_data(lang):
    with_mark = parse_popup(popup_html("Beilen", [("a", 1)], lang=lang, demo=True))
    assert with_mark.demo_tag == t("demo.mark", lang)
    without = popup_html("Beilen", [("a", 1)], lang=lang, demo=False)
    assert parse_popup(without).demo_tag is None
    assert t("demo.mark", lang) not in without


def test_symbol_letter_is_escaped():
    svg = symbol_svg("circle", "#0072B2", letter="<&>")
    assert "<&>" not in svg
    assert svg_parts(svg)["letter"] == "&lt;&amp;&gt;"


def test_legend_escapes_title_headings_and_labels_but_keeps_symbols():
    symbol = symbol_svg("square", "#0072B2", size=18)
    raw = legend_html(HOSTILE, [(HOSTILE, [(symbol, HOSTILE), (symbol, "Actium & co")])])
    assert HOSTILE not in raw
    assert raw.count(HOSTILE_ESCAPED) == 3
    assert raw.count(symbol) == 2
    assert visible_texts(raw) == [HOSTILE, HOSTILE, HOSTILE, "Actium & co"]
