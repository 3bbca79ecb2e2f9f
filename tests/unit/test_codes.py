"""Coded values: energy labels compare by rank, reasons split on '|'."""

from __future__ import annotations

import math

import pytest

from geo.codes import ENERGY_LABELS, label_at_or_below, split_reasons


def test_energy_labels_run_from_best_to_worst() -> None:
    assert ENERGY_LABELS[0] == "A++++"
    assert ENERGY_LABELS[-1] == "G"
    assert len(set(ENERGY_LABELS)) == len(ENERGY_LABELS) == 11


@pytest.mark.parametrize(
    ("label", "threshold", "expected"),
    [
        ("A+", "A", False),  # A+ is better than A, although "A+" > "A" as text
        ("A", "A+", True),
        ("A++++", "A", False),
        ("A", "A", True),
        ("B", "A", True),
        ("C", "D", False),
        ("D", "D", True),
        ("G", "D", True),
        ("G", "G", True),
        ("F", "G", False),
    ],
)
def test_label_at_or_below_compares_by_rank(label: str, threshold: str, expected: bool) -> None:
    assert label_at_or_below(label, threshold) is expected


def test_threshold_d_selects_d_e_f_and_g() -> None:
    selected = [label for label in ENERGY_LABELS if label_at_or_below(label, "D")]
    assert selected == ["D", "E", "F", "G"]


def test_threshold_a_plus_includes_a_and_everything_worse() -> None:
    selected = {label for label in ENERGY_LABELS if label_at_or_below(label, "A+")}
    assert selected == {"A+", "A", "B", "C", "D", "E", "F", "G"}


@pytest.mark.parametrize("label", [None, math.nan, "", "H", "d", 7])
def test_missing_or_unknown_labels_are_never_at_or_below(label: object) -> None:
    assert label_at_or_below(label, "G") is False
    assert label_at_or_below(label, "A++++") is False


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("social|physical", ("social", "physical")),
        ("social", ("social",)),
        (" social | safety ", ("social", "safety")),
        ("physical||safety|", ("physical", "safety")),
        ("social|physical|safety", ("social", "physical", "safety")),
        ("", ()),
        ("   ", ()),
        (None, ()),
        (math.nan, ()),
    ],
)
def test_split_reasons(cell: object, expected: tuple[str, ...]) -> None:
    assert split_reasons(cell) == expected
