"""The message catalogue: every message in Dutch and English, every coded value labelled."""

from __future__ import annotations

import string

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from geo import codes
from geo.i18n import LANGUAGES, MESSAGES, t
from geo.yearview import home_states, phase_state


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_dutch_comes_first_and_english_second() -> None:
    assert LANGUAGES == ("nl", "en")


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_dutch_and_english_with_the_same_placeholders(key: str) -> None:
    nl, en = MESSAGES[key]
    assert nl.strip(), f"{key}: Dutch text is empty"
    assert en.strip(), f"{key}: English text is empty"
    assert _placeholders(nl) == _placeholders(en), key


def test_dutch_is_the_default_language() -> None:
    assert t("app.year") == MESSAGES["app.year"][0]
    assert t("app.year", "en") == MESSAGES["app.year"][1]


def test_placeholders_are_filled_in_both_languages() -> None:
    nl = t("legend.homes_on_map", "nl", count=1234)
    en = t("legend.homes_on_map", "en", count=1234)
    assert "1234" in nl
    assert "1234" in en
    assert nl != en
    assert "{" not in nl + en


def test_unknown_key_is_an_error_not_a_silent_blank() -> None:
    with pytest.raises(KeyError):
        t("no.such.key")


CODED = [
    ("measure", codes.MEASURES),
    ("status", codes.DECISION_STATUSES),
    ("reason", codes.REASONS),
    ("strategy", codes.HEAT_STRATEGIES),
    ("plan", codes.PLAN_STATUSES),
    ("vitality", codes.VITALITY),
]


@pytest.mark.parametrize("key", [f"{prefix}.{code}" for prefix, values in CODED for code in values])
def test_every_coded_value_has_a_label(key: str) -> None:
    assert key in MESSAGES
    for lang in LANGUAGES:
        assert t(key, lang).strip()


def test_every_state_the_year_view_produces_has_a_label() -> None:
    homes = gpd.GeoDataFrame(
        {
            "measure": ["verduurzaming", "verduurzaming", None],
            "measure_year": pd.array([2024, 2024, None], dtype="Int64"),
            "completed_year": pd.array([2024, None, None], dtype="Int64"),
        },
        geometry=[Point(0, 0)] * 3,
        crs=28992,
    )
    states = set(home_states(homes, 2024)["state"])
    assert len(states) == 3  # done, planned and none all occur
    phases = {phase_state(2026, 2030, year) for year in (2025, 2027, 2031)}
    assert len(phases) == 3
    keys = [f"state.{s}" for s in states] + [f"phase.{p}" for p in phases]
    missing = [k for k in keys if k not in MESSAGES]
    assert not missing
