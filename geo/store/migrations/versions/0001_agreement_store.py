"""The agreement store: area events, case versions, seeds.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from geo.store.geometry import GeometryType

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    op.create_table(
        "area_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_uid", sa.String(36), nullable=False, unique=True),
        sa.Column("batch", sa.String(36), nullable=False, index=True),
        sa.Column("case_key", sa.String(200), nullable=False, index=True),
        sa.Column("area_key", sa.String(160), nullable=False, index=True),
        sa.Column("gemeentecode", sa.String(6), index=True),
        sa.Column("area_code", sa.String(20)),
        sa.Column("area_kind", sa.String(10), nullable=False),
        sa.Column("area_name", sa.Text),
        sa.Column("boundary_year", sa.Integer),
        sa.Column("geometry", GeometryType()),
        sa.Column("theme", sa.String(20), nullable=False),
        sa.Column("year", sa.Integer, nullable=False, index=True),
        sa.Column("event_type", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20)),
        sa.Column("position", sa.String(20)),
        sa.Column("party", sa.String(64)),
        sa.Column("lead_party", sa.String(64)),
        sa.Column("reasons", sa.String(100)),
        sa.Column("vision", sa.Text),
        sa.Column("published", sa.Boolean, nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("supersedes", sa.Integer, sa.ForeignKey("area_events.id")),
        sa.Column("version", sa.Integer, nullable=False),
        sa.UniqueConstraint("case_key", "version", name="uq_area_events_case_version"),
    )
    op.create_table(
        "area_cases",
        sa.Column("case_key", sa.String(200), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "store_seeds",
        sa.Column("seed_key", sa.String(200), primary_key=True),
        sa.Column("events", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("store_seeds")
    op.drop_table("area_cases")
    op.drop_table("area_events")
