"""Alembic environment: run on the connection geo.store.engine hands over."""

from __future__ import annotations

from alembic import context

from geo.store.tables import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: later migrations copy tables
)
with context.begin_transaction():
    context.run_migrations()
