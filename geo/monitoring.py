"""The agreements' targets against the data, per year: actual, expected, traffic light.

Each target (`geo.targets`, read from configuration) gives one `Reading` per year (a
refugee split one per corporation): what the data shows, what was expected by the end
of that year (pro rata for targets over a period), how much of it was reached
(`fulfilment`) and a status: on track, behind, off track, or no data. Where the data
has no figure, the reading says why (`note`) and has no actual value: never a 0 that
would read as "nothing happened".

Rules followed (DESIGN.md):
- Planned is not done: homes count by `completed_year`, never by `measure_year`; a home
  marked gereed without a completion year is not counted (and the reading says so).
- Rent-cap shares are about the lettings of a year (`yearly_figures`), not the stock.
- Small numbers: counts of 1-4 homes worked out here from the home tables are hidden
  before they are shown (`suppress_small`), together with one more where a hidden one
  could be worked out by subtraction. The `yearly_figures` are aggregates the
  corporations report themselves (lettings, persons, completed projects) and are
  shown as reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from geo.dataset import Dataset
from geo.i18n import number, t
from geo.targets import (
    RefugeeSplitTarget,
    RentCapTarget,
    SeniorHomesTarget,
    StockTarget,
    SustainableTarget,
    Target,
)
from geo.yearview import buurt_phasing, in_stock

Status = Literal["on_track", "behind", "off_track", "no_data"]
STATUSES: tuple[Status, ...] = ("on_track", "behind", "off_track", "no_data")
Unit = Literal["homes", "share"]
MIN_SHOWN = 5  # DESIGN.md, "Small numbers": aggregates of fewer homes are hidden
# A float share like 0.85 / 0.85 must not fall just below 1.0.
EPSILON = 1e-9

# The indicators of `yearly_figures` the targets read.
LETTINGS_TOTAL = "lettings_total"
LETTINGS_BELOW = {"first": "lettings_below_first_cap", "second": "lettings_below_second_cap"}
REFUGEES = "refugees_housed_persons"
SENIOR_HOMES = "clustered_senior_homes_completed"

# Where completed sustainability work lies relative to the heat phasing of its area.
PhaseClass = Literal["current", "later", "earlier", "undecided", "none"]
PHASE_CLASSES: tuple[PhaseClass, ...] = ("current", "earlier", "later", "undecided", "none")
HIDDEN = "hidden"  # the counts too small to show in their own class, per year


@dataclass(frozen=True)
class Msg:
    """A value of a note that is itself a message of the catalogue, translated (and
    filled in) when the note is shown: an indicator's name, a coded value."""

    key: str
    values: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Num:
    """A number of a note, written the way the language writes it (1.234 / 1,234)."""

    value: float


@dataclass(frozen=True)
class Pct:
    """A share (0-1) of a note, written as a percentage."""

    value: float


def word(value: object, lang: str) -> str:
    """One note value in words: messages translated, numbers formatted, a tuple of
    values joined with commas; anything else (names, years) as it is."""
    if isinstance(value, Msg):
        return t(value.key, lang, **{k: word(v, lang) for k, v in value.values.items()})
    if isinstance(value, Num):
        return number(round(value.value), lang)
    if isinstance(value, Pct):
        return percent(value.value, lang)
    if isinstance(value, tuple):
        return ", ".join(word(v, lang) for v in value)
    return str(value)


def count_or_hidden(count: int) -> Num | Msg:
    """A count of homes for a note, or "fewer than 5" for 1-4 (DESIGN.md, "Small
    numbers")."""
    if 0 < count < MIN_SHOWN:
        return Msg("mon.fewer", {"n": MIN_SHOWN})
    return Num(count)


@dataclass(frozen=True)
class Note:
    """A sentence of the message catalogue (`key`) with its values (see `word`), e.g.
    why a reading has no data."""

    key: str
    values: dict[str, object] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return t(self.key, lang, **{k: word(v, lang) for k, v in self.values.items()})


@dataclass(frozen=True)
class Reading:
    """One target (or, for a split, one corporation's part of it) in one year."""

    target: Target
    year: int
    status: Status
    actual: float | None = None  # None: no figure in the data (never 0 for "unknown")
    expected: float | None = None
    fulfilment: float | None = None
    unit: Unit = "homes"
    corporation: str | None = None  # the corporation this line is about, if any
    # Further figures to show (name -> value; None = hidden, fewer than 5 homes).
    details: dict[str, float | int | None] = field(default_factory=dict)
    notes: tuple[Note, ...] = ()

    @property
    def kind(self) -> str:
        return self.target.kind

    @property
    def key(self) -> str:
        """Stable id of the line: the target id, plus the corporation of a split."""
        split = self.kind == "refugee_split" and self.corporation
        return self.target.id + (f":{self.corporation}" if split else "")


def status_for(fulfilment: float | None, on_track: float, off_track: float) -> Status:
    """The traffic light for a fulfilment (None: no data)."""
    if fulfilment is None or not np.isfinite(fulfilment):
        return "no_data"
    if fulfilment + EPSILON >= on_track:
        return "on_track"
    if fulfilment + EPSILON >= off_track:
        return "behind"
    return "off_track"


def same_corporation(values: pd.Series, name: str) -> pd.Series:
    """Rows of `values` naming corporation `name` (case and outer spaces ignored: the
    configuration may say "woonservice" where an export says "Woonservice ")."""
    return values.astype("string").str.strip().str.casefold() == name.strip().casefold()


def _of(frame: pd.DataFrame, corporation: str | None) -> pd.DataFrame:
    """The rows of one corporation (all rows for None)."""
    if corporation is None:
        return frame
    return frame[same_corporation(frame["corporation"], corporation).fillna(False)]


def suppress_small(values: pd.Series, groups: pd.Series | None = None) -> pd.Series:
    """`values` (counts of homes) with every count of 1-4 hidden (NA) and, per group,
    one more (the smallest shown) where a single hidden count could be worked out from
    the group's total by subtraction. Zero stays: it tells nothing about anyone."""
    counts = values.astype("Int64")
    hide = counts.between(1, MIN_SHOWN - 1).fillna(False).astype(bool)
    keys = groups if groups is not None else pd.Series(0, index=values.index)
    for _, index in keys.groupby(keys, dropna=False).groups.items():
        part, hidden = counts.loc[index], hide.loc[index]
        if int(hidden.sum()) == 1:
            visible = part[~hidden & part.gt(0).fillna(False)]
            if len(visible):
                hide = hide | (hide.index == visible.idxmin())
    return counts.mask(hide)


def _done_between(homes: pd.DataFrame, first: int, last: int) -> pd.Series:
    """Homes whose measure was completed from `first` to `last` (planned is not done)."""
    year = homes["completed_year"]
    return (year.notna() & (year >= first) & (year <= last)).fillna(False).astype(bool)


def _undated_done(homes: pd.DataFrame) -> int:
    """Homes marked gereed without a completion year: not counted (planned is not done),
    but worth a word to whoever keeps the data."""
    if "measure_status" not in homes:
        return 0
    marked = (homes["measure_status"] == "gereed").fillna(False).astype(bool)
    return int((marked & homes["completed_year"].isna()).sum())


def _outside(target: Target, year: int, first: int) -> Reading | None:
    """A no-data reading for a year before the target starts; None inside it."""
    if year < first:
        return Reading(
            target, year, "no_data", notes=(Note("mon.note.not_started", {"first": first}),)
        )
    return None


# -- targets read from the homes ---------------------------------------------------------


def stock_level(homes: pd.DataFrame, year: int, corporation: str | None = None) -> int:
    """Corporation homes owned at the end of `year` (all corporations: None)."""
    return int(in_stock(_of(homes, corporation), year).sum())


def read_stock(homes: pd.DataFrame, target: StockTarget, year: int) -> Reading:
    """The stock at the end of `year` against the straight line from start to end.

    Fulfilment is measured on the change since 1 January of the first year, both
    sides from the data itself: a data directory that lacks a few homes of the start
    stock still shows whether the stock moves as agreed.
    """
    outside = _outside(target, year, target.first_year)
    if outside:
        return outside
    mine = _of(homes, target.corporation)
    if mine.empty:
        return Reading(
            target,
            year,
            "no_data",
            corporation=target.corporation,
            notes=(Note("mon.note.no_homes", {"corporation": target.corporation or ""}),),
        )
    span = min(year, target.last_year) - target.first_year + 1
    expected = target.start + (target.end - target.start) * span / target.years
    start = stock_level(mine, target.first_year - 1)
    actual = stock_level(mine, year)
    expected_change, actual_change = expected - target.start, float(actual - start)
    if actual_change + EPSILON >= expected_change:
        fulfilment = 1.0 if expected_change <= 0 else actual_change / expected_change
    else:
        # Behind: the shortfall as a part of the change planned so far (or, where none
        # was planned yet, of the whole period's change).
        scale = abs(expected_change) or abs(target.end - target.start) or 1.0
        fulfilment = 1.0 - (expected_change - actual_change) / scale
    measure = mine["measure"].fillna("")
    done = _done_between(mine, target.first_year, year)
    built = (measure == "nieuwbouw") & done
    if "bouwjaar" in mine:
        # Homes an export lists without a nieuwbouw measure came in by their build year
        # (geo.yearview.in_stock): new too, so start + built - demolished - sold adds up.
        new = mine["bouwjaar"].between(target.first_year, year).fillna(False).astype(bool)
        built = built | ((measure != "nieuwbouw") & new)
    moves = pd.Series(
        {
            "built": int(built.sum()),
            "demolished": int(((measure == "sloop") & done).sum()),
            "sold": int(((measure == "verkoop") & done).sum()),
        }
    )
    shown = suppress_small(moves)
    details: dict[str, float | int | None] = {
        "start": start,
        **{str(k): (None if pd.isna(v) else int(v)) for k, v in shown.items()},
    }
    notes = [*_stock_notes(target, start, mine)]
    return Reading(
        target,
        year,
        status_for(fulfilment, target.on_track, target.off_track),
        actual=float(actual),
        expected=expected,
        fulfilment=fulfilment,
        corporation=target.corporation,
        details=details,
        notes=tuple(notes),
    )


def _stock_notes(target: StockTarget, start: int, homes: pd.DataFrame) -> Iterable[Note]:
    if start != target.start:
        yield Note(
            "mon.note.start_differs",
            {"first": target.first_year, "data": Num(start), "agreed": Num(target.start)},
        )
    undated = _undated_done(homes)
    if undated:
        yield Note("mon.note.undated", {"count": count_or_hidden(undated)})


def read_sustainable(homes: pd.DataFrame, target: SustainableTarget, year: int) -> Reading:
    """Homes made sustainable (completed) since the start of the period, against the
    agreed number per year or pro rata of the period's total."""
    outside = _outside(target, year, target.first_year)
    if outside:
        return outside
    mine = _of(homes, target.corporation)
    who: dict[str, object] = {"corporation": target.corporation or ""}
    if mine.empty:
        return Reading(
            target,
            year,
            "no_data",
            corporation=target.corporation,
            notes=(Note("mon.note.no_homes", who),),
        )
    if mine["measure"].isna().all():
        # Not one measure, planned or done: the export has none, which is no 0.
        return Reading(
            target,
            year,
            "no_data",
            corporation=target.corporation,
            notes=(Note("mon.note.no_measures", who),),
        )
    chosen = mine["measure"].isin(target.measures).fillna(False).astype(bool)
    done = chosen & _done_between(mine, target.first_year, min(year, target.last_year))
    actual = int(done.sum())
    expected = target.expected_by(year)
    fulfilment = actual / expected if expected > 0 else None
    shown = suppress_small(pd.Series([actual]))
    undated = _undated_done(mine[chosen])
    return Reading(
        target,
        year,
        status_for(fulfilment, target.on_track, target.off_track),
        # A count of 1-4 is hidden; the status still says how the target stands.
        actual=None if pd.isna(shown.iloc[0]) else float(actual),
        expected=expected,
        fulfilment=fulfilment,
        corporation=target.corporation,
        details={"small": 1 if pd.isna(shown.iloc[0]) else 0},
        notes=(Note("mon.note.undated", {"count": count_or_hidden(undated)}),) if undated else (),
    )


def classify_phase(
    period_start: pd.Series, period_end: pd.Series, strategy: pd.Series, year: pd.Series
) -> pd.Series:
    """Where each year lies relative to its area's heat phasing: `undecided` when the
    strategy is unknown, `none` without phasing, else current, later or earlier."""
    start = period_start.astype("Float64")
    end = period_end.astype("Float64")
    years = year.astype("Float64")
    out = np.select(
        [
            period_start.isna().to_numpy(),
            (strategy == "onbekend").fillna(False).to_numpy(dtype=bool),
            (years < start).fillna(False).to_numpy(dtype=bool),
            (years > end).fillna(False).to_numpy(dtype=bool),
        ],
        ["none", "undecided", "later", "earlier"],
        default="current",
    )
    return pd.Series(out, index=year.index, dtype=object)


def sustainable_by_phase(
    dataset: Dataset, target: SustainableTarget, years: Sequence[int]
) -> pd.DataFrame:
    """Completed homes of `target` per year and heat-phase class of their area
    (`classify_phase`, in the year of completion), small counts hidden per year.

    Columns: year, phase, homes. Counts of 1-4 (and one more where a single one could
    be worked out by subtraction) are not shown in their class: they are added up per
    year in the class `hidden`, so each year's total stays whole.
    """
    homes = _of(dataset.corporation_homes, target.corporation)
    chosen = homes["measure"].isin(target.measures).fillna(False).astype(bool)
    done = homes[chosen & _done_between(homes, min(years), max(years))]
    phasing = buurt_phasing(dataset.buurten, dataset.heat_phasing)
    joined = phasing.reindex(done["buurtcode"].astype(object))
    phase = classify_phase(
        pd.Series(joined["period_start"].to_numpy(), index=done.index),
        pd.Series(joined["period_end"].to_numpy(), index=done.index),
        pd.Series(joined["strategy"].to_numpy(), index=done.index),
        done["completed_year"],
    )
    counts = (
        pd.DataFrame({"year": done["completed_year"].astype(int), "phase": phase})
        .groupby(["year", "phase"])
        .size()
    )
    full = pd.MultiIndex.from_product([list(years), list(PHASE_CLASSES)], names=["year", "phase"])
    counts = counts.reindex(full, fill_value=0)
    frame = counts.rename("count").reset_index()
    frame["homes"] = suppress_small(frame["count"], frame["year"])
    return _merge_hidden(frame).drop(columns="count")


def _merge_hidden(frame: pd.DataFrame) -> pd.DataFrame:
    """Per year, the hidden counts together as one `hidden` row, so a bar still shows
    the year's total (which the cumulative figures give away anyway). Where that sum
    is itself 1-4, the smallest shown count joins it."""
    rows: list[dict[str, object]] = []
    for year, part in frame.groupby("year", sort=True):
        counts = [int(c) for c in part["count"]]
        shown = [None if pd.isna(h) else int(h) for h in part["homes"]]
        merged = sum(c for c, h in zip(counts, shown, strict=True) if h is None)
        if 0 < merged < MIN_SHOWN:
            visible = [i for i, h in enumerate(shown) if h]
            if visible:
                smallest = min(visible, key=lambda i: (shown[i] or 0, i))
                merged += counts[smallest]
                shown[smallest] = None
        rows += [
            {"year": year, "phase": phase, "count": count, "homes": 0 if h is None else h}
            for phase, count, h in zip(part["phase"], counts, shown, strict=True)
        ]
        rows.append({"year": year, "phase": HIDDEN, "count": merged, "homes": merged})
    out = pd.DataFrame(rows, columns=["year", "phase", "count", "homes"])
    return out.astype({"homes": "Int64"})


# -- targets read from yearly_figures -----------------------------------------------------


def _figures(figures: pd.DataFrame, indicator: str, corporation: str | None) -> pd.DataFrame:
    """The yearly figures of one indicator (and corporation)."""
    rows = figures[figures["indicator"].astype("string").str.strip() == indicator]
    return _of(rows, corporation)


def _no_table(target: Target, year: int, corporation: str | None = None) -> Reading:
    """The reading of a figure target when the data directory has no yearly figures."""
    return Reading(
        target,
        year,
        "no_data",
        corporation=corporation,
        notes=(Note("mon.note.no_yearly_figures"),),
    )


def _no_figure(indicators: Iterable[str], missing: Iterable[object]) -> tuple[Note, ...]:
    """No figure for these indicators in these years (or for these corporations)."""
    return (
        Note(
            "mon.note.no_figure",
            {
                "indicator": tuple(Msg(f"mon.indicator.{i}") for i in indicators),
                "which": tuple(str(m) for m in missing),
            },
        ),
    )


def read_senior_homes(figures: pd.DataFrame, target: SeniorHomesTarget, year: int) -> Reading:
    """Clustered senior homes completed from the first year to `year`, against the
    milestones. Every year of that span needs a figure: a missing year is not a 0."""
    outside = _outside(target, year, target.first_year)
    if outside:
        return outside
    if figures.empty:
        return _no_table(target, year, target.corporation)
    rows = _figures(figures, SENIOR_HOMES, target.corporation)
    span = list(range(target.first_year, year + 1))
    have = set(rows["year"].dropna().astype(int))
    missing = [y for y in span if y not in have]
    expected = target.expected_by(year)
    if missing:
        return Reading(
            target,
            year,
            "no_data",
            expected=expected,
            corporation=target.corporation,
            notes=_no_figure([SENIOR_HOMES], missing),
        )
    actual = float(rows.loc[rows["year"].isin(span), "value"].sum())
    fulfilment = actual / expected if expected > 0 else None
    return Reading(
        target,
        year,
        status_for(fulfilment, target.on_track, target.off_track),
        actual=actual,
        expected=expected,
        fulfilment=fulfilment,
        corporation=target.corporation,
        details={"this_year": float(rows.loc[rows["year"] == year, "value"].sum())},
    )


def read_rent_cap(figures: pd.DataFrame, target: RentCapTarget, year: int) -> Reading:
    """The share of `year`'s lettings below the target's rent cap. Every corporation
    counted needs both figures (all lettings and those below the cap)."""
    if figures.empty:
        return _no_table(target, year, target.corporation)
    below_name = LETTINGS_BELOW[target.cap]
    total_rows = _figures(figures, LETTINGS_TOTAL, target.corporation)
    below_rows = _figures(figures, below_name, target.corporation)
    total_by = total_rows[total_rows["year"] == year].groupby("corporation")["value"].sum()
    below_by = below_rows[below_rows["year"] == year].groupby("corporation")["value"].sum()
    details: dict[str, float | int | None] = {}
    if target.limits.get(year) is not None:
        details["limit"] = target.limits[year]
    # A corporation with only one of the two figures cannot be counted: say which.
    notes: tuple[Note, ...] = ()
    if total_by.empty and below_by.empty:
        notes = _no_figure([LETTINGS_TOTAL, below_name], [year])
    else:
        for name, have, other in (
            (below_name, below_by, total_by),
            (LETTINGS_TOTAL, total_by, below_by),
        ):
            lacking = sorted(set(other.index) - set(have.index))
            if lacking:
                notes += _no_figure([name], [f"{c} ({year})" for c in lacking])
    if notes:
        return Reading(
            target,
            year,
            "no_data",
            unit="share",
            corporation=target.corporation,
            details=details,
            notes=notes,
        )
    total, below = float(total_by.sum()), float(below_by.sum())
    if total <= 0:
        return Reading(
            target,
            year,
            "no_data",
            unit="share",
            corporation=target.corporation,
            details=details,
            notes=(Note("mon.note.no_lettings", {"year": year}),),
        )
    share = below / total
    fulfilment = share / target.min_share
    caveats: list[Note] = []
    if target.cap == "second":
        first_rows = _figures(figures, LETTINGS_BELOW["first"], target.corporation)
        first = float(first_rows.loc[first_rows["year"] == year, "value"].sum())
        if len(first_rows[first_rows["year"] == year]) and below < first:
            # Below the second cap includes below the first: less is a counting error.
            caveats.append(Note("mon.note.second_below_first", {"year": year}))
    return Reading(
        target,
        year,
        status_for(fulfilment, target.on_track, target.off_track),
        actual=share,
        expected=target.min_share,
        fulfilment=fulfilment,
        unit="share",
        corporation=target.corporation,
        details={**details, "lettings": total, "below": below},
        notes=tuple(caveats),
    )


def read_refugee_split(
    figures: pd.DataFrame, target: RefugeeSplitTarget, year: int
) -> list[Reading]:
    """Each corporation's share of the refugees housed in `year` (persons) against its
    agreed share; every corporation of the split needs a figure."""
    if figures.empty:
        return [_no_table(target, year, name) for name in target.shares]
    rows = _figures(figures, REFUGEES, None)
    rows = rows[rows["year"] == year]
    persons: dict[str, float] = {}
    for name in target.shares:
        mine = _of(rows, name)
        if not mine.empty:
            persons[name] = float(mine["value"].sum())
    missing = [name for name in target.shares if name not in persons]
    total = sum(persons.values())
    if missing or total <= 0:
        notes = (
            _no_figure([REFUGEES], missing)
            if missing
            else (Note("mon.note.no_refugees", {"year": year}),)
        )
        return [
            Reading(
                target, year, "no_data", expected=share, unit="share", corporation=name, notes=notes
            )
            for name, share in target.shares.items()
        ]
    out = []
    for name, share in target.shares.items():
        actual = persons[name] / total
        fulfilment = actual / share
        out.append(
            Reading(
                target,
                year,
                status_for(fulfilment, target.on_track, target.off_track),
                actual=actual,
                expected=share,
                fulfilment=fulfilment,
                unit="share",
                corporation=name,
                details={"persons": persons[name], "total": total},
            )
        )
    return out


# -- all targets ------------------------------------------------------------------------


def readings(dataset: Dataset, targets: Sequence[Target], year: int) -> list[Reading]:
    """Every target's reading(s) for `year`, in the order of `targets`."""
    homes = dataset.corporation_homes
    figures = dataset.table("yearly_figures")
    out: list[Reading] = []
    for target in targets:
        if isinstance(target, StockTarget):
            out.append(read_stock(homes, target, year))
        elif isinstance(target, SustainableTarget):
            out.append(read_sustainable(homes, target, year))
        elif isinstance(target, SeniorHomesTarget):
            out.append(read_senior_homes(figures, target, year))
        elif isinstance(target, RentCapTarget):
            out.append(read_rent_cap(figures, target, year))
        else:
            out.extend(read_refugee_split(figures, target, year))
    return out


def history(dataset: Dataset, targets: Sequence[Target], years: Sequence[int]) -> pd.DataFrame:
    """The readings of every year as one frame, for charts.

    Columns: key, target_id, kind, corporation, year, actual, expected, status
    (actual NA where the data has no figure or the count is hidden).
    """
    rows = [
        {
            "key": r.key,
            "target_id": r.target.id,
            "kind": r.kind,
            "corporation": r.corporation,
            "year": year,
            "actual": r.actual,
            "expected": r.expected,
            "status": r.status,
        }
        for year in years
        for r in readings(dataset, targets, year)
    ]
    frame = pd.DataFrame(
        rows,
        columns=["key", "target_id", "kind", "corporation", "year", "actual", "expected", "status"],
    )
    return frame.astype({"actual": "Float64", "expected": "Float64"})


# -- words ----------------------------------------------------------------------------------


def title(reading: Reading, lang: str) -> str:
    """What the target is, in words (names come from the configuration)."""
    target = reading.target
    who = reading.corporation or target.corporation
    if isinstance(target, StockTarget):
        return (
            t("mon.title.stock", lang, corporation=who) if who else t("mon.title.stock_all", lang)
        )
    if isinstance(target, SustainableTarget):
        amount = (
            t("mon.amount.per_year", lang, count=number(target.per_year, lang))
            if target.per_year is not None
            else t(
                "mon.amount.total",
                lang,
                count=number(target.total or 0, lang),
                first=target.first_year,
                last=target.last_year,
            )
        )
        measures = " / ".join(t(f"measure.{m}", lang) for m in target.measures)
        key = "mon.title.sustainable" if who else "mon.title.sustainable_all"
        return t(key, lang, corporation=who or "", amount=amount, measures=measures)
    if isinstance(target, SeniorHomesTarget):
        goals = ", ".join(
            t("mon.milestone", lang, count=number(m.count, lang), year=m.year)
            for m in target.milestones
        )
        return t("mon.title.senior_homes", lang, goals=goals)
    if isinstance(target, RentCapTarget):
        return t(f"mon.title.rent_{target.cap}", lang, share=percent(target.min_share, lang))
    return t(
        "mon.title.refugees",
        lang,
        corporation=who or "",
        share=fraction(target.shares.get(who or "", 0.0), lang),
    )


def percent(share: float, lang: str, digits: int = 0) -> str:
    """0.853 -> "85%" ("85,3%" with digits=1 in Dutch)."""
    text = f"{share * 100:.{digits}f}%"
    return text.replace(".", ",") if lang == "nl" else text


def fraction(share: float, lang: str) -> str:
    """A share as the agreements say it: one third, two thirds, else a percentage."""
    for key, value in (("third", 1 / 3), ("two_thirds", 2 / 3), ("half", 0.5)):
        if abs(share - value) < 0.005:
            return t(f"mon.fraction.{key}", lang)
    return percent(share, lang)


def value_text(value: float | None, unit: Unit, lang: str) -> str:
    """A reading's number as shown: homes as whole numbers, shares as percentages,
    and a dash (never 0) for no figure."""
    if value is None:
        return "–"
    if unit == "share":
        return percent(value, lang, digits=1)
    return number(round(value), lang)
