"""Engines for the store: SQLite (WAL, immediate write transactions) or PostgreSQL."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from geo.errors import ConfigError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
WRITE = {"afk_write": True}
MIGRATION_LOCK = 17_310_001  # any constant shared by every process of this app
SQLITE_BUSY_TIMEOUT_S = 30


def normalise_url(url: str) -> str:
    """Accept the usual `postgres://` and `postgresql://` forms for psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    """An engine for `url`; a SQLite file and its folder are created when missing."""
    try:
        parsed = make_url(normalise_url(url))
    except ArgumentError:
        raise ConfigError(f"DATABASE_URL {url!r} is not a database URL") from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed.database)
    if parsed.get_backend_name() != "postgresql":
        raise ConfigError(f"database {parsed.get_backend_name()!r}: use sqlite or postgresql")
    return create_engine(parsed, pool_pre_ping=True)


def _sqlite_engine(database: str | None) -> Engine:
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        f"sqlite:///{database or ':memory:'}",
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _connect(dbapi: sqlite3.Connection, _: Any) -> None:
        # Let SQLAlchemy, not the driver, decide where transactions begin.
        dbapi.isolation_level = None
        _wal(dbapi)
        dbapi.execute("PRAGMA foreign_keys=ON")
        dbapi.execute("PRAGMA synchronous=NORMAL")

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # A write takes the lock up front: a deferred transaction that read first
        # would fail with "database is locked" instead of waiting its turn.
        immediate = conn.get_execution_options().get("afk_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _wal(dbapi: sqlite3.Connection) -> None:
    """WAL (readers never wait for the writer). Persistent in the file, so only the
    first connection ever switches; that needs a moment's exclusive lock, which the
    busy timeout does not cover, so several processes opening a new file retry."""
    for attempt in range(50):
        try:
            if dbapi.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                dbapi.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError:
            if attempt == 49:
                raise
            time.sleep(0.1)


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (creates it on first run)."""
    config = _alembic_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as conn:
        if MigrationContext.configure(conn).get_current_revision() == head:
            return
    with engine.connect().execution_options(**WRITE) as conn:
        # One migrator at a time: SQLite's write lock (BEGIN IMMEDIATE) or, on
        # PostgreSQL, an advisory lock; alembic then reads the revision under it.
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        conn.commit()
