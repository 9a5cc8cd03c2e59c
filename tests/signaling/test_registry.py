"""The service's registry on SQLite and on a real PostgreSQL: enrollment codes are one-time,
expire, and die with a revocation; a station's credential is its own and can be revoked."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from station.protocol.credentials import credential_hash
from station.signaling.registry import Registry, RegistryError, sqlite_url
from tests import postgres_server

SECRET = "a-station-secret-of-enough-entropy-0123456789"


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    if postgres_server.unavailable():
        pytest.skip(postgres_server.unavailable())
    with postgres_server.postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
async def registry(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Registry]:
    if request.param == "sqlite":
        url = sqlite_url(tmp_path / "registry.sqlite3")
    else:
        url = request.getfixturevalue("postgres_url")
    registry = await Registry.open(url)
    yield registry
    if request.param == "postgresql":  # one cluster for the module: leave it empty
        async with registry.engine.begin() as conn:
            from station.signaling.registry_schema import metadata

            for table in reversed(metadata.sorted_tables):
                await conn.execute(table.delete())
    await registry.close()


async def test_a_code_becomes_the_station_credential_once(registry: Registry) -> None:
    code, expires = await registry.enroll("Cabine 1", "Pharmacie du Marché")
    assert expires > datetime.now(UTC) + timedelta(hours=23)
    station = await registry.redeem(code.lower().replace("-", " "), credential_hash(SECRET))
    assert (station.name, station.organisation, station.enrolled) == (
        "Cabine 1",
        "Pharmacie du Marché",
        True,
    )
    assert await registry.authenticate(station.id, SECRET) == station
    assert await registry.authenticate(station.id, SECRET + "x") is None
    with pytest.raises(RegistryError, match="déjà utilisé"):
        await registry.redeem(code, credential_hash("another"))


async def test_two_redeems_at_once_one_wins(registry: Registry) -> None:
    code, _ = await registry.enroll("Cabine 2", "Pharmacie du Marché")
    results = await asyncio.gather(
        registry.redeem(code, credential_hash("one")),
        registry.redeem(code, credential_hash("two")),
        return_exceptions=True,
    )
    assert sum(isinstance(r, RegistryError) for r in results) == 1


async def test_an_expired_code_is_refused(registry: Registry) -> None:
    code, _ = await registry.enroll("Cabine 3", "EHPAD Les Tilleuls", hours=-1)
    with pytest.raises(RegistryError, match="expiré"):
        await registry.redeem(code, credential_hash(SECRET))


async def test_revoking_refuses_the_credential_and_the_pending_code(registry: Registry) -> None:
    code, _ = await registry.enroll("Cabine 4", "EHPAD Les Tilleuls")
    station = await registry.redeem(code, credential_hash(SECRET))
    pending, _ = await registry.enroll("Cabine 4", "EHPAD Les Tilleuls")
    before = datetime.now(UTC) - timedelta(seconds=1)
    revoked = await registry.revoke("Cabine 4")
    assert revoked.revoked and await registry.authenticate(station.id, SECRET) is None
    assert await registry.revoked_since(before) == {station.id}
    with pytest.raises(RegistryError, match="révoqué"):
        await registry.redeem(pending, credential_hash("new"))
    # Enrolled again by the operator (a new PC): a new code, a new credential.
    fresh, _ = await registry.enroll("Cabine 4", "EHPAD Les Tilleuls")
    again = await registry.redeem(fresh, credential_hash("new secret"))
    assert not again.revoked and await registry.authenticate(station.id, "new secret")


async def test_a_name_belongs_to_one_organisation(registry: Registry) -> None:
    await registry.enroll("Cabine 5", "Pharmacie du Marché")
    with pytest.raises(RegistryError, match="autre organisation"):
        await registry.enroll("Cabine 5", "Pharmacie de la Gare")
    with pytest.raises(RegistryError, match="aucun poste"):
        await registry.revoke("Cabine inconnue")


async def test_the_migrations_build_the_schema_the_code_describes(registry: Registry) -> None:
    """One description of the tables (registry_schema.py), and migrations that build it."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from station.signaling.registry_schema import metadata

    async with registry.engine.connect() as conn:
        diff = await conn.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), metadata)
        )
    assert diff == []


async def test_opening_again_is_a_no_op_and_keeps_the_data(registry: Registry) -> None:
    code, _ = await registry.enroll("Cabine 9", "Pharmacie du Marché")
    again = await Registry.open(str(registry.engine.url.render_as_string(hide_password=False)))
    try:
        station = await again.redeem(code, credential_hash(SECRET))
        assert station.name == "Cabine 9"
    finally:
        await again.close()


async def test_a_registry_made_before_the_migrations_opens(tmp_path: Path) -> None:
    """Tables from before the migrations existed, with no recorded revision (or an empty one,
    left by a first migration that failed on them): adopted as revision 0001, then upgraded."""
    import sqlite3

    from sqlalchemy import create_engine

    from station.signaling.registry_schema import enrollments, organisations, stations

    for name, empty_version in (("old.sqlite3", False), ("half.sqlite3", True)):
        path = tmp_path / name
        engine = create_engine(f"sqlite:///{path}")
        with engine.begin() as conn:
            for table in (organisations, stations, enrollments):
                table.create(conn)
        engine.dispose()
        if empty_version:
            with sqlite3.connect(path) as db:
                db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        registry = await Registry.open(sqlite_url(path))
        try:
            code, _ = await registry.enroll("Cabine ancienne", "Pharmacie du Marché")
            station = await registry.redeem(code, credential_hash(SECRET))
            assert await registry.use_once("nonce-1", 2_000_000_000)  # 0002's table is there
            assert station.name == "Cabine ancienne"
        finally:
            await registry.close()
