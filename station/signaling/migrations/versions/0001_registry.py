"""The registry: organisations, stations, one-time enrollment codes.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "stations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column(
            "organisation_id", sa.String(36), sa.ForeignKey("organisations.id"), nullable=False
        ),
        sa.Column("credential_sha256", sa.String(64)),
        sa.Column("enrolled_at", sa.DateTime(timezone=True)),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "enrollments",
        sa.Column("code_sha256", sa.String(64), primary_key=True),
        sa.Column("station_id", sa.String(36), sa.ForeignKey("stations.id"), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    op.drop_table("enrollments")
    op.drop_table("stations")
    op.drop_table("organisations")
