"""The agreement store: append-only area events in SQLite (default) or PostGIS."""

from geo.store.repository import Store, open_store

__all__ = ["Store", "open_store"]
