"""Doctors: the accounts each organisation admits (by RPPS), their sign-in sessions, the
sign-ins under way, and the waiting room of consultations ready for a doctor.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    when = sa.DateTime(timezone=True)
    op.create_table(
        "doctors",
        sa.Column("rpps", sa.String(11), primary_key=True),
        sa.Column(
            "organisation_id", sa.String(36), sa.ForeignKey("organisations.id"), primary_key=True
        ),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("added_at", when, nullable=False),
    )
    op.create_table(
        "doctor_sessions",
        sa.Column("id_sha256", sa.String(64), primary_key=True),
        sa.Column("identity", sa.Text(), nullable=False),
        sa.Column("expires_at", when, nullable=False, index=True),
    )
    op.create_table(
        "login_states",
        sa.Column("state_sha256", sa.String(64), primary_key=True),
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column("verifier", sa.String(128), nullable=False),
        sa.Column("expires_at", when, nullable=False, index=True),
    )
    op.create_table(
        "waiting",
        sa.Column("room", sa.String(64), primary_key=True),
        sa.Column(
            "organisation_id", sa.String(36), sa.ForeignKey("organisations.id"), nullable=False
        ),
        sa.Column("station_id", sa.String(36), sa.ForeignKey("stations.id"), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("doctor_rpps", sa.String(11)),
        sa.Column("since", when, nullable=False),
        sa.Column("taken_by", sa.String(11)),
        sa.Column("taken_at", when),
        sa.Column("closed_at", when),
        sa.Column("version", sa.Integer(), nullable=False, index=True),
    )


def downgrade() -> None:
    for table in ("waiting", "login_states", "doctor_sessions", "doctors"):
        op.drop_table(table)
