"""The registry's tables (SQLAlchemy Core): the one description of the schema, which the
migrations in ``station/signaling/migrations`` build and a test compares them with."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, ForeignKey, MetaData, String, Table, TypeDecorator
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
