"""The agreement workflow's domain: who may record what, and the state it adds up to.

Everything said in a workshop is an event (proposal, position, decision or
correction) appended to the store; nothing is overwritten. A correction takes the
place of the event it supersedes (an undo is a correction with no values). The
current state of every area, theme and year is derived from the events by the pure
functions below, so the store, the map, the exports and the tests agree.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pydantic import BaseModel, ConfigDict, Field, model_validator

from geo.codes import AREA_KINDS, DECISION_STATUSES, POSITIONS, REASON_SEPARATOR, REASONS, THEMES
from geo.errors import AfsprakenkaartError

RD_NEW = "EPSG:28992"
Role = Literal["viewer", "party", "facilitator"]
EventType = Literal["proposal", "position", "decision", "correction"]
DECIDED = ("designated", "rejected", "postponed", "ended")
MAX_TEXT = 4000


class PermissionDenied(AfsprakenkaartError):
    """The signed-in role may not record this event."""


class ConflictError(AfsprakenkaartError):
    """Someone else changed the area since this screen read it."""

    def __init__(self, case_key: str, changes: list[str]):
        self.case_key = case_key
        self.changes = changes
        super().__init__(
            f"{case_key} was changed by someone else in the meantime: "
            + "; ".join(changes)
            + ". Reload to see the changes, then record again."
        )


class InvalidCorrection(AfsprakenkaartError):
    """A correction that does not fit the event it supersedes."""


def correction_problem(kind: str, party: str | None, correction: NewEvent) -> str | None:
    """Why `correction` cannot stand in for an event of `kind` (recorded for `party`),
    or None. With neither status nor position it is an undo, which always fits."""
    if correction.status is None and correction.position is None:
        return None
    if kind == "position":
        if correction.status is not None or correction.position is None:
            return "a position is corrected with a position, not a status"
        if correction.party != party:
            return f"a correction of {party}'s position must be for {party}"
        return None
    if correction.position is not None:
        return f"a {kind} is corrected with a status, not a position"
    allowed = ("proposed",) if kind == "proposal" else DECIDED
    if correction.status not in allowed:
        return f"a {kind} is corrected with a status among {', '.join(allowed)}"
    return None


@dataclass(frozen=True)
class Actor:
    """Who records: the role lives in the server-side session, never in the request."""

    role: Role
    party: str | None = None
    name: str = ""

    @property
    def author(self) -> str:
        who = self.name.strip() or self.role
        return f"{who} ({self.party})" if self.party else who


VIEWER = Actor("viewer")


@dataclass(frozen=True)
class Area:
    """A buurt, a wijk or a drawn area, with a snapshot of its boundary (RD New)."""

    kind: str
    code: str | None
    name: str
    geometry: shapely.Geometry | None = None
    gemeentecode: str | None = None
    boundary_year: int | None = None
    drawn_id: str | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.code if self.kind != 'drawn' else self.drawn_id}"

    @staticmethod
    def drawn(name: str, geometry: shapely.Geometry, gemeentecode: str | None = None) -> Area:
        """A new area that follows no boundary, drawn on the map."""
        return Area("drawn", None, name, geometry, gemeentecode, None, uuid.uuid4().hex)


def case_key(area_key: str, theme: str, year: int) -> str:
    return f"{area_key}|{theme}|{year}"


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


class NewEvent(BaseModel):
    """One event to append, validated before anything is written."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True, extra="forbid")

    area_key: str
    area_kind: str
    area_code: str | None = None
    area_name: str | None = None
    gemeentecode: str | None = None
    boundary_year: int | None = None
    geometry: Any = None  # shapely geometry in EPSG:28992, or None (positions)
    theme: str
    year: int
    event_type: EventType
    status: str | None = None
    position: str | None = None
    party: str | None = None
    lead_party: str | None = None
    reasons: tuple[str, ...] = ()
    vision: str | None = Field(default=None, max_length=MAX_TEXT)
    published: bool = False
    note: str | None = Field(default=None, max_length=MAX_TEXT)
    supersedes: int | None = None
    event_uid: str = Field(default_factory=lambda: str(uuid.uuid4()))

    @model_validator(mode="after")
    def _consistent(self) -> NewEvent:
        if self.area_kind not in AREA_KINDS:
            raise ValueError(f"area kind {self.area_kind!r} is not one of {AREA_KINDS}")
        if self.theme not in THEMES:
            raise ValueError(f"theme {self.theme!r} is not one of {', '.join(THEMES)}")
        bad = [r for r in self.reasons if r not in REASONS]
        if bad:
            raise ValueError(f"reasons {bad} are not among {', '.join(REASONS)}")
        if self.event_type == "proposal" and self.status != "proposed":
            raise ValueError("a proposal has status 'proposed'")
        if self.event_type == "decision" and self.status not in DECIDED:
            raise ValueError(f"a decision's status is one of {', '.join(DECIDED)}")
        if self.event_type == "position" and (self.position not in POSITIONS or not self.party):
            raise ValueError(f"a position names a party and one of {', '.join(POSITIONS)}")
        if self.event_type == "correction" and self.supersedes is None:
            raise ValueError("a correction names the event it supersedes")
        if self.status is not None and self.status not in DECISION_STATUSES:
            raise ValueError(f"status {self.status!r} is not one of {DECISION_STATUSES}")
        if self.geometry is not None and not isinstance(self.geometry, shapely.Geometry):
            raise ValueError("geometry must be a shapely geometry")
        return self

    @property
    def case_key(self) -> str:
        return case_key(self.area_key, self.theme, self.year)

    def record(
        self, actor: Actor, created_at: datetime, version: int, batch: str
    ) -> dict[str, Any]:
        """The row this event becomes in the store (`area_events`), minus its id."""
        row = self.model_dump(exclude={"reasons"})
        row.update(
            case_key=self.case_key,
            reasons=REASON_SEPARATOR.join(self.reasons) or None,
            role=actor.role,
            author=actor.author,
            created_at=created_at,
            version=version,
            batch=batch,
        )
        return row


def new_event(area: Area, theme: str, year: int, event_type: EventType, **values: Any) -> NewEvent:
    """An event about `area` (texts are trimmed; empty texts become None)."""
    for name in ("note", "vision", "lead_party", "party"):
        if isinstance(values.get(name), str):
            values[name] = _clean(values[name])
    return NewEvent(
        area_key=area.key,
        area_kind=area.kind,
        area_code=area.code,
        area_name=area.name,
        gemeentecode=area.gemeentecode,
        boundary_year=area.boundary_year,
        geometry=area.geometry if event_type != "position" else None,
        theme=theme,
        year=year,
        event_type=event_type,
        **values,
    )


def check_permission(actor: Actor, event: NewEvent, parties: set[str] | frozenset[str]) -> None:
    """Raise PermissionDenied unless `actor` may record `event`.

    Party members propose and record their own party's position; the facilitator
    records decisions and corrections, and may enter a position a party states aloud.
    """
    for name in ("party", "lead_party"):
        value = getattr(event, name)
        if value is not None and value not in parties:
            raise PermissionDenied(f"unknown party {value!r}: configured are {sorted(parties)}")
    if actor.role == "facilitator":
        return
    if actor.role == "party" and actor.party in parties:
        if event.event_type == "proposal" and event.party in (None, actor.party):
            return
        if event.event_type == "position" and event.party == actor.party:
            return
        if event.event_type == "position":
            raise PermissionDenied(
                f"{actor.party} may record only its own position, not {event.party}'s"
            )
        raise PermissionDenied(f"only the facilitator records a {event.event_type}")
    raise PermissionDenied("viewers read; sign in as a party or the facilitator to record")


# ---------------------------------------------------------------------------
# Deriving the current state from the events (pure functions over frames).

EVENT_COLUMNS = [
    "id",
    "case_key",
    "area_key",
    "gemeentecode",
    "area_code",
    "area_kind",
    "area_name",
    "boundary_year",
    "geometry",
    "theme",
    "year",
    "event_type",
    "status",
    "position",
    "party",
    "lead_party",
    "reasons",
    "vision",
    "published",
    "role",
    "author",
    "note",
    "created_at",
    "supersedes",
    "version",
    "batch",
]


def empty_events() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {c: pd.Series(dtype=object) for c in EVENT_COLUMNS if c != "geometry"},
        geometry=gpd.GeoSeries([], crs=RD_NEW),
    )


def supersedes_map(events: pd.DataFrame) -> dict[int, int]:
    """Event id -> the id of the event it supersedes, for the corrections in `events`."""
    ids = events["id"].to_numpy(dtype="int64")
    sup = events["supersedes"].astype("float64").to_numpy()
    has = ~np.isnan(sup)
    return dict(zip(ids[has].tolist(), sup[has].astype("int64").tolist(), strict=True))


def root_of(event_id: int, supersedes: Mapping[int, int]) -> int:
    """The original event a correction (chain) stands for."""
    while event_id in supersedes:  # chains are short: a few corrections at most
        event_id = supersedes[event_id]
    return event_id


def not_superseded(events: pd.DataFrame) -> pd.DataFrame:
    """The events no later correction supersedes: the ones a correction may still target."""
    return events[~events["id"].isin(events["supersedes"].dropna().astype(int))]


def effective(events: pd.DataFrame) -> pd.DataFrame:
    """Events that count, in the order they count: superseded ones dropped, each
    correction standing in for the event it corrects (its `kind` and its place `seq`
    in the order of events)."""
    if events.empty:
        return events.assign(kind=pd.Series(dtype=str), seq=pd.Series(dtype="int64"))
    # Plain numpy arrays and dicts: this runs on every read of the store (see
    # benchmarks/store.py), and per-value pandas access dominated it.
    ids = events["id"].to_numpy(dtype="int64")
    parent = supersedes_map(events)
    root = [root_of(i, parent) for i in ids.tolist()]
    etype = events["event_type"].to_numpy(dtype=object)
    types = dict(zip(ids.tolist(), etype, strict=True))
    party = events["party"].to_numpy(dtype=object)
    parties = dict(zip(ids.tolist(), party, strict=True))
    # A correction of a position stays that party's position, named again or not.
    party = np.array(
        [p if isinstance(p, str) else parties[r] for p, r in zip(party, root, strict=True)],
        dtype=object,
    )
    # A correction without status or position is an undo: it only removes.
    undo = (
        (etype == "correction")
        & events["status"].isna().to_numpy()
        & (events["position"].isna().to_numpy())
    )
    keep = ~np.isin(ids, list(set(parent.values()))) & ~undo
    out = events.assign(
        seq=root, kind=np.array([types[r] for r in root], dtype=object), party=party
    )[keep]
    return out.sort_values("seq", kind="stable")


def _last(eff: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """The last effective row per `by` (`eff` is in the order events count)."""
    return eff.drop_duplicates(by, keep="last")


def _positions(eff: pd.DataFrame) -> pd.DataFrame:
    pos = eff[eff["kind"] == "position"]
    cols = ["case_key", "party", "position", "note", "author", "created_at", "id"]
    return _last(pos, ["case_key", "party"])[cols].reset_index(drop=True)


def positions(events: pd.DataFrame) -> pd.DataFrame:
    """The current position of every party per case (its latest, corrections applied)."""
    return _positions(effective(events))


STATE_COLUMNS = [
    "case_key",
    "area_key",
    "area_kind",
    "area_code",
    "area_name",
    "gemeentecode",
    "theme",
    "year",
    "status",
    "reasons",
    "lead_party",
    "vision",
    "published",
    "note",
    "decided_at",
    "decided_by",
    "positions",
    "opposed",
    "version",
    "geometry",
]


def case_states(events: pd.DataFrame) -> gpd.GeoDataFrame:
    """One row per area, theme and year: the status and everything agreed about it.

    status is the latest decision's, or `proposed` while only a proposal stands.
    `positions` reads `party:position|...`; `opposed` flags a designation while a
    party disagreed (allowed, but the minutes must say so).
    """
    eff = effective(events)
    if eff.empty:
        return gpd.GeoDataFrame(
            {c: pd.Series(dtype=object) for c in STATE_COLUMNS if c != "geometry"},
            geometry=gpd.GeoSeries([], crs=RD_NEW),
        )
    version = events.groupby("case_key")["version"].max()
    proposals = _last(eff[eff["kind"] == "proposal"], ["case_key"]).set_index("case_key")
    decisions = _last(eff[eff["kind"] == "decision"], ["case_key"]).set_index("case_key")
    pos = _positions(eff)
    pairs: dict[str, list[str]] = {}
    for key, party, value in sorted(
        zip(pos["case_key"], pos["party"], pos["position"], strict=True),
        key=lambda x: (x[0], x[1]),
    ):
        pairs.setdefault(key, []).append(f"{party}:{value}")
    pos_text = pd.Series({k: REASON_SEPARATOR.join(v) for k, v in pairs.items()}, dtype=object)
    disagree = set(pos.loc[pos["position"] == "disagree", "case_key"])
    with_geom = eff[eff.geometry.notna() & ~eff.geometry.is_empty]
    geometry = _last(with_geom, ["case_key"]).set_index("case_key").geometry

    cases = proposals.index.union(decisions.index)
    base = _last(eff[eff["case_key"].isin(cases)], ["case_key"]).set_index("case_key")
    out = pd.DataFrame(index=cases)
    for col in ("area_key", "area_kind", "area_code", "area_name", "gemeentecode", "theme"):
        out[col] = base[col]
    out["year"] = base["year"].astype("int64")
    decided = out.index.isin(decisions.index)
    out["status"] = np.where(decided, decisions["status"].reindex(cases), "proposed")

    def pick(col: str) -> pd.Series:
        # The decision's value where it has one, else the proposal's.
        return decisions[col].reindex(cases).combine_first(proposals[col].reindex(cases))

    for col in ("reasons", "lead_party", "vision", "note"):
        out[col] = pick(col)
    out["published"] = proposals["published"].reindex(cases).fillna(False).astype(bool) | decided
    out["decided_at"] = decisions["created_at"].reindex(cases)
    out["decided_by"] = decisions["author"].reindex(cases)
    out["positions"] = pos_text.reindex(cases)
    out["opposed"] = (out["status"] == "designated") & out.index.isin(disagree)
    out["version"] = version.reindex(cases).astype("int64")
    out = out.reset_index(names="case_key")
    out = out.sort_values(["year", "theme", "area_key"]).reset_index(drop=True)
    return gpd.GeoDataFrame(out, geometry=geometry.reindex(out["case_key"]).to_numpy(), crs=RD_NEW)[
        STATE_COLUMNS
    ]


def visible_to(states: gpd.GeoDataFrame, actor: Actor) -> gpd.GeoDataFrame:
    """Viewers read what is decided, and proposals only once published."""
    if actor.role != "viewer":
        return states
    return states[(states["status"] != "proposed") | states["published"].astype(bool)]


def designated(states: gpd.GeoDataFrame, year: int, theme: str = "liveability") -> gpd.GeoDataFrame:
    """Areas designated for `theme` in `year` (the attention layer of that year)."""
    mask = (states["year"] == year) & (states["theme"] == theme)
    return states[mask & (states["status"] == "designated")]


def timeline(events: pd.DataFrame, area_key: str) -> pd.DataFrame:
    """Every event of an area across themes and years, oldest first, with what each
    correction superseded; nothing is left out."""
    mine = events[events["area_key"] == area_key].sort_values("id")
    superseded_by = {
        int(s): int(i) for i, s in zip(mine["id"], mine["supersedes"], strict=True) if pd.notna(s)
    }
    later = pd.array([superseded_by.get(int(i)) for i in mine["id"]], dtype="Int64")
    return pd.DataFrame(mine.drop(columns="geometry")).assign(superseded_by=later)
