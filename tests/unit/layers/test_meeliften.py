"""Layer `meeliften`: candidate private homes counted per 250 m square, small numbers
hidden from everyone but the facilitator."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest
from layer_tools import (
    HOSTILE,
    HOSTILE_ESCAPED,
    geojson_features,
    legend_html_of,
    parse_popup,
    with_table,
)

from geo.meeliften import MIN_SHOWN, Parameters
from layers.meeliften import CELL_M, cells, result
from layers.registry import DEFAULT_LAYER_IDS, LAYERS_BY_ID

LAYER = LAYERS_BY_ID["meeliften"]
COUNT = re.compile(r"^(\d+) ")


def counts(group) -> list[int]:
    """The candidate count each drawn square's popup states."""
    found = []
    for feature in geojson_features(group):
        title = parse_popup(feature["properties"]["popup"]).title
        match = COUNT.match(title)
        assert match, title
        found.append(int(match.group(1)))
    return found


@pytest.fixture
def facilitator(make_ctx):
    return dataclasses.replace(make_ctx(2025), facilitator=True)


def test_the_facilitator_sees_every_candidate_in_the_square_it_lies_in(facilitator):
    group = LAYER.build(facilitator)
    analysis = result(facilitator.dataset, LAYER.params(facilitator))
    assert analysis.total > 100
    assert sum(counts(group)) == analysis.total
    squares = cells(facilitator.dataset, LAYER.params(facilitator), False)
    # Every candidate point lies inside the square that counts it.
    joined = analysis.candidates.sjoin(squares[["geometry"]], predicate="within")
    assert joined.index.is_unique and len(joined) == analysis.total
    assert set(np.round(squares.geometry.area)) == {CELL_M * CELL_M}


def test_a_viewer_sees_no_square_of_fewer_than_5_and_cannot_work_one_out(make_ctx, facilitator):
    full = counts(LAYER.build(facilitator))
    viewer_ctx = make_ctx(2025, viewer=True)
    shown = counts(LAYER.build(viewer_ctx))
    assert any(0 < c < MIN_SHOWN for c in full), "the demo must have small squares to hide"
    assert shown and min(shown) >= MIN_SHOWN
    hidden = sorted(full)
    for c in shown:
        hidden.remove(c)  # every shown square has the facilitator's count
    # The legend states the total: the hidden squares may not be a single one.
    assert len(hidden) != 1
    legend = legend_html_of(LAYER.build(viewer_ctx))
    assert "onder 5 woningen" in legend


def test_small_label_counts_are_hidden_from_viewers_too(make_ctx):
    squares = cells(make_ctx().dataset, LAYER.params(make_ctx()), True)
    labels = squares.drop(columns=["x", "y", "candidates", "projects", "geometry"])
    values = labels.to_numpy(dtype=float)
    present = values[~np.isnan(values)]
    assert not ((present > 0) & (present < MIN_SHOWN)).any()
    # No row with exactly one hidden cell: the square's total would give it away.
    hidden_per_square = np.isnan(values).sum(axis=1)
    assert not (hidden_per_square == 1).any()


def test_the_legend_states_the_choices_and_a_smaller_radius_finds_fewer(facilitator):
    narrow = dataclasses.replace(
        facilitator,
        meeliften=Parameters(year_from=2023, year_to=2026, radius_m=50, same_street=False),
    )
    wide = result(facilitator.dataset, LAYER.params(facilitator)).total
    assert result(narrow.dataset, LAYER.params(narrow)).total < wide
    legend = legend_html_of(LAYER.build(narrow))
    assert "binnen 50 m" in legend and "2023–2026" in legend


def test_the_layer_is_off_on_a_first_visit():
    assert "meeliften" not in DEFAULT_LAYER_IDS


def test_project_names_are_shown_as_text(facilitator):
    homes = facilitator.dataset.corporation_homes.copy()
    homes.loc[homes["measure"] == "verduurzaming", "complex_id"] = HOSTILE
    ctx = dataclasses.replace(
        facilitator, dataset=with_table(facilitator.dataset, "corporation_homes", homes)
    )
    popups = [f["properties"]["popup"] for f in geojson_features(LAYER.build(ctx))]
    assert any(HOSTILE_ESCAPED in p for p in popups)
    assert not any(HOSTILE in p for p in popups)
