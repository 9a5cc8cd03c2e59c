"""The service's registry of organisations and stations: who may open a room, and for whom.

A station is enrolled by an operator (``station-signaling enroll``), who gets a one-time code
that expires; the station turns the code into its own credential (``station enroll``): a
random secret it keeps in its keyring, of which the service keeps only the SHA-256. Revoking
a station (``station-signaling revoke``) refuses its credential, its pending codes and its
rooms' tokens at once; the nodes cut its calls (they watch :meth:`Registry.revoked_since`).

SQLite by default, PostgreSQL for a cluster, through SQLAlchemy's asyncio Core (one schema and
one query layer for both; aiosqlite and asyncpg are the drivers). Database URLs may hold a
password: they are never logged.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Column, delete, insert, inspect, select, text, update
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from station.protocol.credentials import credential_hash
from station.signaling.registry_schema import enrollments, organisations, stations, used_tokens

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: read aloud, typed by hand
CODE_LENGTH = 12  # about 59 bits, one use, a day at most
ENROLLMENT_HOURS = 24


class RegistryError(Exception):
    """A refusal in plain French (for the operator's console or the station's screen)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Station:
    id: str
    name: str
    organisation: str
    organisation_id: str
    enrolled: bool
    revoked: bool


def _now() -> datetime:
    return datetime.now(UTC)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_code(code: str) -> str:
    """What the operator read out, as typed: case, spaces and dashes do not matter."""
    return "".join(c for c in code.upper() if c.isalnum())


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def database_url(url: str) -> str:
    """The async driver's URL for a plain one: sqlite:///… → aiosqlite, postgresql://… → asyncpg."""
    try:
        parsed = make_url(url)
    except ArgumentError as err:
        raise RegistryError(
            "adresse de base de données illisible (sqlite:///… ou postgresql://…)"
        ) from err
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+aiosqlite").render_as_string(hide_password=False)
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)
    raise RegistryError(f"base de données « {backend} » non prise en charge (SQLite ou PostgreSQL)")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _private_sqlite_file(url: str) -> None:
    """A SQLite registry (credential hashes) is its owner's only, as are its journals."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    path = Path(parsed.database)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))  # SQLite's journals copy the mode
    path.chmod(0o600)


MIGRATION_LOCK = 4_211_873  # PostgreSQL advisory lock: one node of a cluster migrates at a time


def _migrate(connection: Connection) -> None:
    """The schema to its newest revision, on the service's own connection (Alembic)."""
    from alembic import command
    from alembic.config import Config
    from alembic.migration import MigrationContext

    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    config.attributes["connection"] = connection
    current = MigrationContext.configure(connection).get_current_revision()
    if current is None and inspect(connection).has_table("stations"):
        # A registry made before the migrations existed holds exactly revision 0001's tables:
        # say so, then upgrade (else 0001 fails on "table already exists").
        command.stamp(config, "0001")
    command.upgrade(config, "head")


class Registry:
    """Async access to the registry; :meth:`open` brings its schema to the newest revision."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    @classmethod
    async def open(cls, url: str) -> Registry:
        async_url = database_url(url)
        _private_sqlite_file(async_url)
        engine = create_async_engine(async_url, pool_pre_ping=True)
        try:
            async with engine.begin() as conn:
                await conn.run_sync(_migrate)
        except (SQLAlchemyError, OSError) as err:
            await engine.dispose()
            raise RegistryError(
                f"base de données du service inaccessible ({type(err).__name__})"
            ) from err
        return cls(engine)

    async def close(self) -> None:
        await self.engine.dispose()

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as conn:
                await conn.execute(select(1))
            return True
        except (SQLAlchemyError, OSError):
            return False

    # ---- the operator ---------------------------------------------------------------------
    async def enroll(
        self, name: str, organisation: str, hours: float = ENROLLMENT_HOURS
    ) -> tuple[str, datetime]:
        """A one-time code for station ``name`` of ``organisation`` (both created if new).

        A station enrolled before (a new PC at the same place) keeps its name: its old
        credential stops working once the new code is used.
        """
        name, organisation = " ".join(name.split()), " ".join(organisation.split())
        if not name or not organisation:
            raise RegistryError("indiquez le nom du poste et son organisation.")
        code = new_code()
        expires = _now() + timedelta(hours=hours)
        async with self.engine.begin() as conn:
            org_id = (
                await conn.execute(
                    select(organisations.c.id).where(organisations.c.name == organisation)
                )
            ).scalar()
            if org_id is None:
                org_id = str(uuid.uuid4())
                await conn.execute(
                    insert(organisations).values(id=org_id, name=organisation, created_at=_now())
                )
            row = (
                await conn.execute(
                    select(stations.c.id, stations.c.organisation_id).where(stations.c.name == name)
                )
            ).first()
            if row is None:
                station_id = str(uuid.uuid4())
                await conn.execute(
                    insert(stations).values(id=station_id, name=name, organisation_id=org_id)
                )
            elif row.organisation_id != org_id:
                raise RegistryError(f"le poste « {name} » appartient à une autre organisation.")
            else:
                station_id = row.id
            await conn.execute(
                insert(enrollments).values(
                    code_sha256=_sha256(normalise_code(code)),
                    station_id=station_id,
                    expires_at=expires,
                )
            )
        return code, expires

    async def revoke(self, name: str) -> Station:
        """Refuse the station from now on: its credential, its pending codes, its rooms."""
        now = _now()
        async with self.engine.begin() as conn:
            station_id = (
                await conn.execute(select(stations.c.id).where(stations.c.name == name))
            ).scalar()
            if station_id is None:
                raise RegistryError(f"aucun poste nommé « {name} ».")
            await conn.execute(
                update(stations).where(stations.c.id == station_id).values(revoked_at=now)
            )
            await conn.execute(
                update(enrollments)
                .where(enrollments.c.station_id == station_id, enrollments.c.used_at.is_(None))
                .values(used_at=now)
            )
        station = await self.station(station_id)
        assert station is not None
        return station

    async def stations(self) -> list[Station]:
        async with self.engine.connect() as conn:
            rows = (await conn.execute(self._select().order_by(stations.c.name))).all()
        return [self._station(row) for row in rows]

    # ---- the station ----------------------------------------------------------------------
    async def redeem(self, code: str, secret_sha256: str) -> Station:
        """Turn a one-time code into the station's credential (the hash of its secret)."""
        if len(secret_sha256) != 64 or any(c not in "0123456789abcdef" for c in secret_sha256):
            raise RegistryError("demande d’inscription invalide.")
        now = _now()
        async with self.engine.begin() as conn:
            # One use: the update succeeds for one request only, even on two nodes at once.
            claimed = await conn.execute(
                update(enrollments)
                .where(
                    enrollments.c.code_sha256 == _sha256(normalise_code(code)),
                    enrollments.c.used_at.is_(None),
                    enrollments.c.expires_at > now,
                )
                .values(used_at=now)
                .returning(enrollments.c.station_id)
            )
            station_id = claimed.scalar()
            if station_id is None:
                raise RegistryError(
                    "code d’inscription refusé : inconnu, déjà utilisé, expiré ou révoqué ; "
                    "demandez-en un nouveau à l’exploitant."
                )
            await conn.execute(
                update(stations)
                .where(stations.c.id == station_id)
                .values(credential_sha256=secret_sha256, enrolled_at=now, revoked_at=None)
            )
        station = await self.station(station_id)
        assert station is not None
        return station

    async def authenticate(self, station_id: str, secret: str) -> Station | None:
        """The station whose credential this is, if it is enrolled and not revoked."""
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    self._select(stations.c.credential_sha256).where(stations.c.id == station_id)
                )
            ).first()
        if row is None or row.credential_sha256 is None or row.revoked_at is not None:
            return None
        if not hmac.compare_digest(row.credential_sha256, credential_hash(secret)):
            return None
        return self._station(row)

    async def station(self, station_id: str) -> Station | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(self._select().where(stations.c.id == station_id))).first()
        return None if row is None else self._station(row)

    async def use_once(self, nonce: str, expires: int) -> bool:
        """True the first time a one-time token is used, on any node; False ever after (until
        it expires, when it would be refused anyway)."""
        now = _now()
        try:
            async with self.engine.begin() as conn:
                await conn.execute(delete(used_tokens).where(used_tokens.c.expires_at < now))
                await conn.execute(
                    insert(used_tokens).values(
                        nonce=nonce[:64], expires_at=datetime.fromtimestamp(expires, UTC)
                    )
                )
        except IntegrityError:
            return False
        return True

    async def revoked_since(self, since: datetime) -> set[str]:
        """Stations revoked at or after ``since`` (the nodes poll this to cut their calls)."""
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(stations.c.id).where(stations.c.revoked_at >= since))
        return {row.id for row in rows}

    @staticmethod
    def _select(*extra: Column[str]):  # type: ignore[no-untyped-def]
        return select(
            stations.c.id,
            stations.c.name,
            stations.c.credential_sha256.isnot(None).label("enrolled"),
            stations.c.revoked_at,
            stations.c.organisation_id,
            organisations.c.name.label("organisation"),
            *extra,
        ).join(organisations, organisations.c.id == stations.c.organisation_id)

    @staticmethod
    def _station(row) -> Station:  # type: ignore[no-untyped-def]
        return Station(
            row.id,
            row.name,
            row.organisation,
            row.organisation_id,
            bool(row.enrolled),
            row.revoked_at is not None,
        )
