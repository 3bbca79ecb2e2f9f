"""The agreement store's tables (SQLAlchemy 2). Alembic migrations create them.

`area_events` is append-only: proposals, positions, decisions and corrections. The
current state is derived from it (geo.agreements.state). `area_cases` holds one row
per area, theme and year with the version the optimistic concurrency check uses.
"""

from __future__ import annotations

from datetime import datetime

import shapely
from sqlalchemy import Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from geo.store.geometry import GeometryType


class Base(DeclarativeBase):
    pass


class AreaEvent(Base):
    __tablename__ = "area_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_uid: Mapped[str] = mapped_column(String(36), unique=True)
    batch: Mapped[str] = mapped_column(String(36), index=True)
    case_key: Mapped[str] = mapped_column(String(200), index=True)
    area_key: Mapped[str] = mapped_column(String(160), index=True)
    gemeentecode: Mapped[str | None] = mapped_column(String(6), index=True)
    area_code: Mapped[str | None] = mapped_column(String(20))
    area_kind: Mapped[str] = mapped_column(String(10))
    area_name: Mapped[str | None] = mapped_column(Text)
    boundary_year: Mapped[int | None] = mapped_column(Integer)
    geometry: Mapped[shapely.Geometry | None] = mapped_column(GeometryType())
    theme: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer, index=True)
    event_type: Mapped[str] = mapped_column(String(20))
    status: Mapped[str | None] = mapped_column(String(20))
    position: Mapped[str | None] = mapped_column(String(20))
    party: Mapped[str | None] = mapped_column(String(64))
    lead_party: Mapped[str | None] = mapped_column(String(64))
    reasons: Mapped[str | None] = mapped_column(String(100))
    vision: Mapped[str | None] = mapped_column(Text)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    role: Mapped[str] = mapped_column(String(20))
    author: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    supersedes: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)


class AreaCase(Base):
    __tablename__ = "area_cases"

    case_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


class StoreSeed(Base):
    """Seed files loaded once per municipality (the primary key makes that exactly once)."""

    __tablename__ = "store_seeds"

    seed_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    events: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SavedViewRow(Base):
    """An agenda item (geo.views). Removing one sets `removed_at`: kept for the record."""

    __tablename__ = "saved_views"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    gemeentecode: Mapped[str] = mapped_column(String(6), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(Text)  # MapView as JSON
    author: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
