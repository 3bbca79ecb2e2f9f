"""What the agreements aim at, and when something is worth discussing: configuration.

The targets of the monitoring page (`geo.monitoring`) and the thresholds of the list of
attention points (`geo.conflicts`), as typed models that `geo.config.Settings` reads
from TOML (`[[targets]]`, `[conflicts]`). The defaults are the performance agreements
2023-2026 of Midden-Drenthe; another municipality replaces the whole list.

Kept apart from `geo.monitoring` so that reading the configuration never imports
pandas or geopandas (the command line reads it before anything else).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from geo.codes import ENERGY_LABELS, VITALITY

TargetKind = Literal["stock", "sustainable", "senior_homes", "rent_cap", "refugee_split"]
TARGET_KINDS: tuple[TargetKind, ...] = (
    "stock",
    "sustainable",
    "senior_homes",
    "rent_cap",
    "refugee_split",
)
SustainableMeasure = Literal["verduurzaming", "renovatie"]
Year = Annotated[int, Field(ge=2000, le=2100)]
Share = Annotated[float, Field(gt=0, le=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Target(_Model):
    """What every target has: an id, whose it is, and where its traffic light turns.

    `fulfilment` is the part of what was expected that the data shows (1.0: exactly
    as agreed). At or above `on_track` the light says on track; below `off_track` it
    says off track; in between, behind.
    """

    id: str = Field(pattern=r"^[a-z0-9_-]+$")
    # As the data's `corporation` column writes it (compared without regard to case);
    # None: all corporations together.
    corporation: str | None = None
    on_track: float = Field(default=0.95, ge=0, le=2)
    off_track: float = Field(default=0.75, ge=-10, le=2)

    @model_validator(mode="after")
    def _thresholds_ordered(self) -> _Target:
        if self.off_track > self.on_track:
            raise ValueError(f"off_track {self.off_track} is above on_track {self.on_track}")
        return self


class _Period(_Model):
    first_year: Year
    last_year: Year

    @model_validator(mode="after")
    def _ordered(self) -> _Period:
        if self.last_year < self.first_year:
            raise ValueError(f"last_year {self.last_year} is before first_year {self.first_year}")
        return self

    @property
    def years(self) -> int:
        return self.last_year - self.first_year + 1


class StockTarget(_Target, _Period):
    """The corporation's stock goes from `start` (1 January of `first_year`) to `end`
    (31 December of `last_year`); expected in between: a straight line.

    `added` (net new homes), `replaced` (demolished and rebuilt) and `sold` are the
    agreed movements, shown beside what the data has completed; when given, start +
    added - sold must equal end.
    """

    kind: Literal["stock"] = "stock"
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    added: int | None = Field(default=None, ge=0)
    replaced: int | None = Field(default=None, ge=0)
    sold: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _movements_add_up(self) -> StockTarget:
        if self.added is not None and self.sold is not None:
            expected = self.start + self.added - self.sold
            if expected != self.end:
                raise ValueError(
                    f"start {self.start} + added {self.added} - sold {self.sold} = "
                    f"{expected}, not end {self.end}"
                )
        return self


class SustainableTarget(_Target, _Period):
    """Homes made sustainable: `per_year` each year, or `total` over the period
    (expected pro rata). Counts completed measures of the kinds in `measures`."""

    kind: Literal["sustainable"] = "sustainable"
    per_year: int | None = Field(default=None, gt=0)
    total: int | None = Field(default=None, gt=0)
    measures: tuple[SustainableMeasure, ...] = ("verduurzaming", "renovatie")

    @model_validator(mode="after")
    def _one_amount(self) -> SustainableTarget:
        if (self.per_year is None) == (self.total is None):
            raise ValueError("give either per_year or total")
        if not self.measures:
            raise ValueError("measures must name verduurzaming, renovatie or both")
        return self

    def expected_by(self, year: int) -> float:
        """Homes expected done from the start of the period to the end of `year`."""
        done_years = min(max(year - self.first_year + 1, 0), self.years)
        if self.per_year is not None:
            return float(self.per_year * done_years)
        return float(self.total or 0) * done_years / self.years


class Milestone(_Model):
    year: Year
    count: int = Field(gt=0)


class SeniorHomesTarget(_Target):
    """Clustered senior homes completed since 1 January of `first_year`, reaching each
    milestone's count by the end of its year (straight lines in between). Read from
    `yearly_figures` (indicator clustered_senior_homes_completed)."""

    kind: Literal["senior_homes"] = "senior_homes"
    first_year: Year
    milestones: tuple[Milestone, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _milestones_ascend(self) -> SeniorHomesTarget:
        years = [m.year for m in self.milestones]
        counts = [m.count for m in self.milestones]
        if years != sorted(set(years)) or counts != sorted(counts):
            raise ValueError("milestones must ascend in year and count")
        if years[0] < self.first_year:
            raise ValueError(f"milestone {years[0]} is before first_year {self.first_year}")
        return self

    @property
    def last_year(self) -> int:
        return self.milestones[-1].year

    def expected_by(self, year: int) -> float:
        """Cumulative homes expected by the end of `year` (0 before the period)."""
        previous_year, previous_count = self.first_year - 1, 0
        for milestone in self.milestones:
            if year <= milestone.year:
                span = milestone.year - previous_year
                part = max(year - previous_year, 0) / span
                return previous_count + (milestone.count - previous_count) * part
            previous_year, previous_count = milestone.year, milestone.count
        return float(previous_count)


class RentCapTarget(_Target):
    """At least `min_share` of the year's lettings below the first or second rent cap
    (aftoppingsgrens), from `yearly_figures`: lettings_below_<cap>_cap / lettings_total.

    Rent limits change every year: `limits` gives the cap in euros per year, shown
    beside the share (optional).
    """

    kind: Literal["rent_cap"] = "rent_cap"
    cap: Literal["first", "second"]
    min_share: Share
    on_track: float = Field(default=1.0, ge=0, le=2)
    off_track: float = Field(default=0.9, ge=-10, le=2)
    limits: dict[int, float] = Field(default_factory=dict)


class RefugeeSplitTarget(_Target):
    """How the refugees with a residence permit housed in a year (in persons) are
    split between corporations; each corporation's share is checked against its own."""

    kind: Literal["refugee_split"] = "refugee_split"
    shares: dict[str, Share] = Field(min_length=1)
    on_track: float = Field(default=0.9, ge=0, le=2)
    off_track: float = Field(default=0.75, ge=-10, le=2)

    @model_validator(mode="after")
    def _shares_add_up(self) -> RefugeeSplitTarget:
        total = sum(self.shares.values())
        if abs(total - 1) > 0.01:
            raise ValueError(f"shares add up to {total:.3f}, not 1")
        return self


Target = Annotated[
    StockTarget | SustainableTarget | SeniorHomesTarget | RentCapTarget | RefugeeSplitTarget,
    Field(discriminator="kind"),
]

# The performance agreements 2023-2026 of Midden-Drenthe (DESIGN.md).
DEFAULT_TARGETS: tuple[Target, ...] = (
    StockTarget(
        id="stock-woonservice",
        corporation="Woonservice",
        first_year=2023,
        last_year=2026,
        start=2220,
        end=2290,
        added=100,
        replaced=80,
        sold=30,
    ),
    StockTarget(
        id="stock-actium",
        corporation="Actium",
        first_year=2023,
        last_year=2026,
        start=1019,
        end=1051,
        added=52,
        sold=20,
    ),
    StockTarget(id="stock-total", first_year=2023, last_year=2026, start=3239, end=3341),
    SustainableTarget(
        id="sustainable-woonservice",
        corporation="Woonservice",
        first_year=2023,
        last_year=2026,
        per_year=75,
    ),
    SustainableTarget(
        id="sustainable-actium",
        corporation="Actium",
        first_year=2023,
        last_year=2026,
        total=91,
    ),
    SeniorHomesTarget(
        id="senior-homes",
        first_year=2023,
        milestones=(Milestone(year=2026, count=110), Milestone(year=2030, count=220)),
    ),
    RentCapTarget(id="rent-first-cap", cap="first", min_share=0.85),
    RentCapTarget(id="rent-second-cap", cap="second", min_share=0.95),
    RefugeeSplitTarget(id="refugees", shares={"Actium": 1 / 3, "Woonservice": 2 / 3}),
)


class ConflictRules(_Model):
    """When an area is worth discussing (`geo.conflicts`)."""

    # Poorly labelled private homes: this label or worse.
    max_label: Literal[ENERGY_LABELS] = "E"  # type: ignore[valid-type]
    # A buurt is listed when at least this many poorly labelled private homes, and at
    # least this share of all its private homes, have no corporation project near.
    min_homes: int = Field(default=20, ge=1)
    min_share: float = Field(default=0.30, ge=0, le=1)
    # "Near": a home of a verduurzaming or renovatie project within this distance.
    radius_m: float = Field(default=500.0, gt=0, le=10_000)
    # Parks in these vitality classes with target-group households are listed.
    park_vitality: tuple[Literal[VITALITY], ...] = ("niet-vitaal",)  # type: ignore[valid-type]


def repeated_target_ids(targets: tuple[Target, ...]) -> list[str]:
    """Target ids that occur more than once (each must be unique: pages key on them)."""
    ids = [target.id for target in targets]
    return sorted({i for i in ids if ids.count(i) > 1})
