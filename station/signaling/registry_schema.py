"""The registry's tables (SQLAlchemy Core): the one description of the schema, which the
migrations in ``station/signaling/migrations`` build and a test compares them with."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect


class UtcDateTime(TypeDecorator[datetime]):
    """Times stored in UTC and read back aware, whatever the database keeps."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()
organisations = Table(
    "organisations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", UtcDateTime(), nullable=False),
)
stations = Table(
    "stations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("organisation_id", String(36), ForeignKey("organisations.id"), nullable=False),
    Column("credential_sha256", String(64)),  # None until the station has enrolled
    Column("enrolled_at", UtcDateTime()),
    Column("revoked_at", UtcDateTime()),
)
enrollments = Table(
    "enrollments",
    metadata,
    Column("code_sha256", String(64), primary_key=True),
    Column("station_id", String(36), ForeignKey("stations.id"), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("used_at", UtcDateTime()),
)
used_tokens = Table(
    "used_tokens",
    metadata,
    Column("nonce", String(64), primary_key=True),
    Column("expires_at", UtcDateTime(), nullable=False, index=True),
)
# The doctors each organisation lets take its consultations (by RPPS, added by the operator).
doctors = Table(
    "doctors",
    metadata,
    Column("rpps", String(11), primary_key=True),
    Column("organisation_id", String(36), ForeignKey("organisations.id"), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("added_at", UtcDateTime(), nullable=False),
)
# Signed-in doctors: the cookie holds a random id, the table only its SHA-256.
doctor_sessions = Table(
    "doctor_sessions",
    metadata,
    Column("id_sha256", String(64), primary_key=True),
    Column("identity", Text(), nullable=False),  # JSON: sub, name, rpps, profession, specialty
    Column("expires_at", UtcDateTime(), nullable=False, index=True),
)
# Between the redirect to the provider and its callback (which may reach another node).
login_states = Table(
    "login_states",
    metadata,
    Column("state_sha256", String(64), primary_key=True),
    Column("nonce", String(64), nullable=False),
    Column("verifier", String(128), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False, index=True),
)
# The waiting room: a station's consultation ready for a doctor (no patient name, ever).
waiting = Table(
    "waiting",
    metadata,
    Column("room", String(64), primary_key=True),
    Column("organisation_id", String(36), ForeignKey("organisations.id"), nullable=False),
    Column("station_id", String(36), ForeignKey("stations.id"), nullable=False),
    Column("summary", Text(), nullable=False),  # JSON: place, reason, measurements
    Column("doctor_rpps", String(11)),  # a named doctor only (the patient's own), else any
    Column("since", UtcDateTime(), nullable=False),
    Column("taken_by", String(11)),
    Column("taken_at", UtcDateTime()),
    Column("closed_at", UtcDateTime()),  # the station withdrew it (ended, or cancelled)
    Column("version", Integer(), nullable=False, index=True),  # changes on every update
)
