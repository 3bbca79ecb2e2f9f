"""Reading and appending area events, with optimistic concurrency.

Every write is one transaction. For each area/theme/year (a "case") the writer
states the version it last saw; if events that matter to it were appended since,
the whole write is refused with a ConflictError naming them, and nothing is
written. Positions of *other* parties do not matter to a party's own position, so
parties can record theirs at the same moment; for proposals, decisions and
corrections every change matters (the facilitator must see the latest positions).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import geopandas as gpd
import pandas as pd
from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from geo.agreements import (
    EVENT_COLUMNS,
    RD_NEW,
    Actor,
    ConflictError,
    InvalidCorrection,
    NewEvent,
    check_permission,
    correction_problem,
    empty_events,
    root_of,
)
from geo.errors import AfsprakenkaartError
from geo.store.engine import WRITE, make_engine, migrate
from geo.store.tables import AreaCase, AreaEvent, SavedViewRow, StoreSeed
from geo.views import ITEMS_MAX, MapView, SavedView, ViewError, check_facilitator, clean_title

LOCAL = ZoneInfo("Europe/Amsterdam")


class StoreError(AfsprakenkaartError):
    """The database could not be reached or refused the write."""


@dataclass(frozen=True)
class Written:
    ids: list[int]
    versions: dict[str, int]  # case_key -> version after the write


def _describe(row: AreaEvent) -> str:
    what = row.event_type
    value = row.position or row.status
    when = ""
    if row.created_at:
        stamp = row.created_at
        stamp = stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)  # SQLite: naive UTC
        when = stamp.astimezone(LOCAL).strftime("%H:%M")
    return f"{row.author} recorded a {what}{f' ({value})' if value else ''} at {when}"


def _check_corrections(session: Session, events: Sequence[NewEvent]) -> None:
    """Each correction must supersede an event of its own case and fit that event's
    kind (a status for proposals and decisions, the same party's position for a
    position), or the derived state would no longer make sense."""
    corrections = [e for e in events if e.event_type == "correction"]
    if not corrections:
        return
    rows = session.execute(
        select(
            AreaEvent.id,
            AreaEvent.case_key,
            AreaEvent.event_type,
            AreaEvent.supersedes,
            AreaEvent.party,
        ).where(AreaEvent.case_key.in_({e.case_key for e in corrections}))
    ).all()
    by_id = {r.id: r for r in rows}
    parents = {r.id: r.supersedes for r in rows if r.supersedes is not None}
    for ev in corrections:
        target = by_id.get(ev.supersedes)
        if target is None or target.case_key != ev.case_key:
            raise InvalidCorrection(f"event #{ev.supersedes} is not an event of {ev.case_key}")
        root = by_id[root_of(target.id, parents)]
        problem = correction_problem(root.event_type, root.party, ev)
        if problem:
            raise InvalidCorrection(f"event #{ev.supersedes}: {problem}")


def _matters(new: NewEvent, seen: AreaEvent) -> bool:
    """Whether an event appended after the writer's read invalidates `new`."""
    if new.event_type == "position" and seen.event_type == "position":
        return seen.party == new.party
    return True


class Store:
    """The agreement store on one database."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # -- reading -------------------------------------------------------------

    def head(self) -> int:
        """The newest event id (0 when empty): a cheap key for caching derived state."""
        with Session(self.engine) as session:
            return int(session.scalar(select(func.coalesce(func.max(AreaEvent.id), 0))) or 0)

    def events(
        self,
        *,
        gemeentecode: str | None = None,
        year: int | None = None,
        area_key: str | None = None,
        case_keys: Iterable[str] | None = None,
    ) -> gpd.GeoDataFrame:
        """Events as a frame in EPSG:28992, oldest first."""
        query = select(*[getattr(AreaEvent, c) for c in EVENT_COLUMNS]).order_by(AreaEvent.id)
        if gemeentecode is not None:
            query = query.where(AreaEvent.gemeentecode == gemeentecode)
        if year is not None:
            query = query.where(AreaEvent.year == year)
        if area_key is not None:
            query = query.where(AreaEvent.area_key == area_key)
        if case_keys is not None:
            query = query.where(AreaEvent.case_key.in_(list(case_keys)))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        if not rows:
            return empty_events()
        # From plain tuples, texts as Python objects: building from Row objects and
        # pandas' arrow-backed text columns each cost more than the state derivation.
        frame = pd.DataFrame([tuple(r) for r in rows], columns=EVENT_COLUMNS, dtype=object)
        for column in ("id", "year", "version"):
            frame[column] = frame[column].astype("int64")
        frame["published"] = frame["published"].astype(bool)
        frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
        return gpd.GeoDataFrame(frame, geometry="geometry", crs=RD_NEW)

    def versions(self, case_keys: Iterable[str]) -> dict[str, int]:
        """The current version of each case (0 for a case with no events yet)."""
        keys = list(case_keys)
        with Session(self.engine) as session:
            found = dict(
                session.execute(
                    select(AreaCase.case_key, AreaCase.version).where(AreaCase.case_key.in_(keys))
                ).all()
            )
        return {k: int(found.get(k, 0)) for k in keys}

    def seeded(self, seed_key: str) -> bool:
        with Session(self.engine) as session:
            return session.get(StoreSeed, seed_key) is not None

    # -- writing -------------------------------------------------------------

    def append(
        self,
        events: Sequence[NewEvent],
        actor: Actor,
        parties: Iterable[str],
        expected: Mapping[str, int] | None = None,
        *,
        seed_key: str | None = None,
        progress: callable | None = None,  # type: ignore[valid-type]
    ) -> Written:
        """Append `events` in one transaction, all or nothing.

        `expected` maps case keys to the version the writer saw; cases left out are
        not checked (imports). Re-sending a write whose events were already stored
        (same event_uid) returns them instead of storing them twice.
        """
        allowed = frozenset(parties)
        for ev in events:
            check_permission(actor, ev, allowed)
        now = datetime.now(UTC)
        batch = str(uuid.uuid4())
        try:
            with Session(self.engine.execution_options(**WRITE)) as session, session.begin():
                uids = [e.event_uid for e in events]
                stored = session.execute(
                    select(AreaEvent.id, AreaEvent.case_key, AreaEvent.version)
                    .where(AreaEvent.event_uid.in_(uids))
                    .order_by(AreaEvent.id)
                ).all()
                if stored:
                    return Written([r.id for r in stored], {r.case_key: r.version for r in stored})
                if seed_key is not None:
                    session.add(StoreSeed(seed_key=seed_key, events=len(events), created_at=now))
                    session.flush()
                versions = self._claim(session, events, expected or {})
                _check_corrections(session, events)
                ids = []
                for i, ev in enumerate(events):
                    versions[ev.case_key] += 1
                    row = ev.record(actor, now, versions[ev.case_key], batch)
                    result = session.execute(insert(AreaEvent).values(**row))
                    ids.append(result.inserted_primary_key[0])  # type: ignore[attr-defined]
                    if progress is not None:
                        progress(i + 1)
                for key, version in versions.items():
                    session.execute(
                        update(AreaCase).where(AreaCase.case_key == key).values(version=version)
                    )
            return Written([int(i) for i in ids], versions)
        except IntegrityError as exc:
            if seed_key is not None and self.seeded(seed_key):
                return Written([], {})
            raise ConflictError(
                ", ".join(sorted({e.case_key for e in events})),
                ["another write to the same area was stored first"],
            ) from exc
        except OperationalError as exc:
            raise StoreError(f"the agreement store refused the write: {exc.orig}") from exc

    def _claim(
        self, session: Session, events: Sequence[NewEvent], expected: Mapping[str, int]
    ) -> dict[str, int]:
        """Lock the cases written to and check what was appended since the writer read."""
        keys = sorted({e.case_key for e in events})
        versions: dict[str, int] = {}
        for key in keys:
            # The UPDATE takes the row lock (PostgreSQL) before we read the version,
            # so two writers of one case are serialised here.
            locked = session.execute(
                update(AreaCase)
                .where(AreaCase.case_key == key)
                .values(version=AreaCase.version)
                .returning(AreaCase.version)
            ).scalar()
            if locked is None:
                session.add(AreaCase(case_key=key, version=0))
                session.flush()  # a concurrent creator of the same case fails here
                locked = 0
            versions[key] = int(locked)
        for key in keys:
            if key not in expected or versions[key] == expected[key]:
                continue
            since = session.scalars(
                select(AreaEvent)
                .where(AreaEvent.case_key == key, AreaEvent.version > expected[key])
                .order_by(AreaEvent.id)
            ).all()
            mine = [e for e in events if e.case_key == key]
            changes = [_describe(s) for s in since if any(_matters(e, s) for e in mine)]
            if changes:
                raise ConflictError(key, changes)
        return versions


class Agenda:
    """The saved views of one municipality, in agenda order."""

    def __init__(self, store: Store, gemeentecode: str):
        self.engine = store.engine
        self.gemeentecode = gemeentecode

    def views(self) -> list[SavedView]:
        query = (
            select(SavedViewRow)
            .where(SavedViewRow.gemeentecode == self.gemeentecode)
            .where(SavedViewRow.removed_at.is_(None))
            .order_by(SavedViewRow.position, SavedViewRow.id)
        )
        with Session(self.engine) as session:
            rows = session.scalars(query).all()
            return [
                SavedView(
                    id=r.id,
                    position=i + 1,
                    title=r.title,
                    view=MapView.model_validate_json(r.state),
                    author=r.author,
                    created_at=r.created_at,
                )
                for i, r in enumerate(rows)
            ]

    def add(self, title: str, view: MapView, actor: Actor) -> int:
        """Store `view` as the last agenda item; its id."""
        check_facilitator(actor)
        text = clean_title(title)
        with Session(self.engine.execution_options(**WRITE)) as session, session.begin():
            open_items = session.scalar(
                select(func.count(SavedViewRow.id))
                .where(SavedViewRow.gemeentecode == self.gemeentecode)
                .where(SavedViewRow.removed_at.is_(None))
            )
            if int(open_items or 0) >= ITEMS_MAX:
                raise ViewError(
                    f"the agenda holds at most {ITEMS_MAX} items: remove one before adding",
                    "full",
                    n=ITEMS_MAX,
                )
            last = session.scalar(
                select(func.coalesce(func.max(SavedViewRow.position), 0)).where(
                    SavedViewRow.gemeentecode == self.gemeentecode
                )
            )
            row = SavedViewRow(
                gemeentecode=self.gemeentecode,
                position=int(last or 0) + 1,
                title=text,
                state=view.model_dump_json(),
                author=actor.name or actor.role,
                created_at=datetime.now(UTC),
            )
            session.add(row)
            session.flush()
            return int(row.id)

    def move(self, view_id: int, steps: int, actor: Actor) -> None:
        """Move an item `steps` places up (negative) or down in the agenda."""
        check_facilitator(actor)
        with Session(self.engine.execution_options(**WRITE)) as session, session.begin():
            rows = list(
                session.scalars(
                    select(SavedViewRow)
                    .where(SavedViewRow.gemeentecode == self.gemeentecode)
                    .where(SavedViewRow.removed_at.is_(None))
                    .order_by(SavedViewRow.position, SavedViewRow.id)
                ).all()
            )
            index = next((i for i, r in enumerate(rows) if r.id == view_id), None)
            if index is None:
                raise ViewError(
                    f"agenda item {view_id} does not exist (removed meanwhile?)", "missing"
                )
            row = rows.pop(index)
            rows.insert(max(0, min(len(rows), index + steps)), row)
            for position, item in enumerate(rows, start=1):
                item.position = position

    def remove(self, view_id: int, actor: Actor) -> None:
        check_facilitator(actor)
        with Session(self.engine.execution_options(**WRITE)) as session, session.begin():
            row = session.get(SavedViewRow, view_id)
            if row is None or row.gemeentecode != self.gemeentecode or row.removed_at:
                raise ViewError(
                    f"agenda item {view_id} does not exist (removed meanwhile?)", "missing"
                )
            row.removed_at = datetime.now(UTC)


def open_store(url: str) -> Store:
    """Open (and on first use create or upgrade) the store at `url`."""
    engine = make_engine(url)
    try:
        migrate(engine)
    except OperationalError as exc:
        raise StoreError(f"cannot open the agreement store {engine.url!r}: {exc.orig}") from exc
    return Store(engine)
