"""The service's doctors: who each organisation admits (by RPPS, added by its operator), the
sessions of those signed in, and the sign-ins under way between redirect and callback.

All in the registry's database, so that every node of a cluster knows them. A session's id is
random (256 bits) and lives only in the doctor's HttpOnly cookie; the database keeps its
SHA-256. A sign-in's state is used once (deleted as it is read).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from station.signaling.oidc import DoctorIdentity
from station.signaling.registry import RegistryError
from station.signaling.registry_schema import doctor_sessions, doctors, login_states, organisations

SESSION_HOURS = 10  # a doctor's working day; then they sign in again
LOGIN_MINUTES = 10


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class DoctorAccount:
    rpps: str
    name: str
    organisation: str
    organisation_id: str


@dataclass(frozen=True)
class DoctorSession:
    identity: DoctorIdentity
    organisations: tuple[str, ...]  # organisation ids this doctor may serve


def check_rpps(rpps: str) -> str:
    rpps = rpps.strip()
    if len(rpps) != 11 or not rpps.isdigit():
        raise RegistryError("numéro RPPS invalide (11 chiffres).")
    return rpps


class Doctors:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    # ---- the operator ---------------------------------------------------------------------
    async def add(self, rpps: str, organisation: str, name: str) -> DoctorAccount:
        rpps, organisation = check_rpps(rpps), " ".join(organisation.split())
        name = " ".join(name.split())
        if not name or not organisation:
            raise RegistryError("indiquez le nom du médecin et l’organisation.")
        async with self.engine.begin() as conn:
            org_id = await _organisation(conn, organisation)
            try:
                await conn.execute(
                    insert(doctors).values(
                        rpps=rpps, organisation_id=org_id, name=name, added_at=_now()
                    )
                )
            except IntegrityError:
                raise RegistryError(
                    f"le médecin RPPS {rpps} est déjà admis pour « {organisation} »."
                ) from None
        return DoctorAccount(rpps, name, organisation, org_id)

    async def remove(self, rpps: str, organisation: str) -> None:
        async with self.engine.begin() as conn:
            org_id = await _organisation(conn, organisation, create=False)
            removed = await conn.execute(
                delete(doctors).where(doctors.c.rpps == rpps, doctors.c.organisation_id == org_id)
            )
        if not removed.rowcount:
            raise RegistryError(f"aucun médecin RPPS {rpps} pour « {organisation} ».")

    async def accounts(self, organisation_id: str | None = None) -> list[DoctorAccount]:
        query = select(
            doctors.c.rpps,
            doctors.c.name,
            organisations.c.name.label("organisation"),
            doctors.c.organisation_id,
        ).join(organisations, organisations.c.id == doctors.c.organisation_id)
        if organisation_id is not None:
            query = query.where(doctors.c.organisation_id == organisation_id)
        async with self.engine.connect() as conn:
            rows = (await conn.execute(query.order_by(organisations.c.name, doctors.c.name))).all()
        return [DoctorAccount(r.rpps, r.name, r.organisation, r.organisation_id) for r in rows]

    async def organisations_of(self, rpps: str) -> tuple[str, ...]:
        async with self.engine.connect() as conn:
            rows = await conn.execute(
                select(doctors.c.organisation_id).where(doctors.c.rpps == rpps)
            )
            return tuple(sorted(r.organisation_id for r in rows))

    # ---- sessions -------------------------------------------------------------------------
    async def open_session(self, identity: DoctorIdentity) -> str:
        """A new session for a doctor the provider vouched for; its id, for the cookie."""
        session_id = secrets.token_urlsafe(32)
        now = _now()
        async with self.engine.begin() as conn:
            await conn.execute(delete(doctor_sessions).where(doctor_sessions.c.expires_at < now))
            await conn.execute(
                insert(doctor_sessions).values(
                    id_sha256=_sha256(session_id),
                    identity=json.dumps(asdict(identity), ensure_ascii=False),
                    expires_at=now + timedelta(hours=SESSION_HOURS),
                )
            )
        return session_id

    async def session(self, session_id: str) -> DoctorSession | None:
        """The signed-in doctor of this cookie, if the session holds and they are admitted."""
        if not session_id or len(session_id) > 100:
            return None
        async with self.engine.connect() as conn:
            row = (
                await conn.execute(
                    select(doctor_sessions.c.identity).where(
                        doctor_sessions.c.id_sha256 == _sha256(session_id),
                        doctor_sessions.c.expires_at > _now(),
                    )
                )
            ).first()
        if row is None:
            return None
        identity = DoctorIdentity(**json.loads(row.identity))
        return DoctorSession(identity, await self.organisations_of(identity.rpps))

    async def end_session(self, session_id: str) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                delete(doctor_sessions).where(doctor_sessions.c.id_sha256 == _sha256(session_id))
            )

    # ---- sign-ins under way ---------------------------------------------------------------
    async def remember_login(self, state: str, nonce: str, verifier: str) -> None:
        now = _now()
        async with self.engine.begin() as conn:
            await conn.execute(delete(login_states).where(login_states.c.expires_at < now))
            await conn.execute(
                insert(login_states).values(
                    state_sha256=_sha256(state),
                    nonce=nonce,
                    verifier=verifier,
                    expires_at=now + timedelta(minutes=LOGIN_MINUTES),
                )
            )

    async def claim_login(self, state: str) -> tuple[str, str] | None:
        """The nonce and PKCE verifier of a sign-in, once (a replayed callback gets None)."""
        async with self.engine.begin() as conn:
            row = (
                await conn.execute(
                    delete(login_states)
                    .where(
                        login_states.c.state_sha256 == _sha256(state),
                        login_states.c.expires_at > _now(),
                    )
                    .returning(login_states.c.nonce, login_states.c.verifier)
                )
            ).first()
        return None if row is None else (row.nonce, row.verifier)


async def _organisation(conn: AsyncConnection, name: str, create: bool = True) -> str:
    org_id = (
        await conn.execute(select(organisations.c.id).where(organisations.c.name == name))
    ).scalar()
    if org_id is None:
        if not create:
            raise RegistryError(f"aucune organisation nommée « {name} ».")
        org_id = str(uuid.uuid4())
        await conn.execute(insert(organisations).values(id=org_id, name=name, created_at=_now()))
    return str(org_id)
