"""Coded values shared by importers, layers and exports (see DESIGN.md)."""

from __future__ import annotations

THEMES = ("liveability", "heat", "meeliften", "parks", "other")
DECISION_STATUSES = ("proposed", "designated", "rejected", "postponed", "ended")
POSITIONS = ("agree", "disagree", "abstain", "reservation")
REASONS = ("social", "physical", "safety")
MEASURES = ("verduurzaming", "renovatie", "sloop", "nieuwbouw", "verkoop")
MEASURE_STATUSES = ("gepland", "in-uitvoering", "gereed")
VITALITY = ("vitaal", "kansrijk", "niet-vitaal", "transformatie")
HEAT_STRATEGIES = ("warmtenet", "all-electric", "hybride", "groengas", "onbekend")
PLAN_STATUSES = ("verkenning", "uitvoeringsplan", "uitvoering", "afgerond")
AREA_KINDS = ("buurt", "wijk", "drawn")

# Best to worst. Compare labels by rank, never as text ("A+" < "A" as strings).
ENERGY_LABELS = ("A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G")
LABEL_RANK = {label: rank for rank, label in enumerate(ENERGY_LABELS)}

REASON_SEPARATOR = "|"

# Yes/no cells as Dutch and English spreadsheets write them ("x" ticks a box).
YES_WORDS = frozenset({"true", "1", "ja", "j", "yes", "y", "waar", "wel", "x"})
NO_WORDS = frozenset({"false", "0", "nee", "n", "no", "onwaar", "niet"})


def split_reasons(value: object) -> tuple[str, ...]:
    """Split a `social|physical` cell into its codes; empty or missing gives ()."""
    if not isinstance(value, str) or not value.strip():
        return ()
    return tuple(part.strip() for part in value.split(REASON_SEPARATOR) if part.strip())


def label_at_or_below(label: object, threshold: str) -> bool:
    """True when `label` is `threshold` or worse (D, E, F, G for threshold D)."""
    return isinstance(label, str) and LABEL_RANK.get(label, -1) >= LABEL_RANK[threshold]
