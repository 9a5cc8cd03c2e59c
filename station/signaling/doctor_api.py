"""The doctors' side of the service: sign-in through the OpenID Connect provider, the waiting
room (live over a WebSocket), taking a consultation, and the service's signature of a
conclusion; and the stations' side of the waiting room.

Doctor (session cookie ``__Host-station-doctor``: HttpOnly, Secure, SameSite=Lax, never in a
URL): ``GET /auth/login`` → provider → ``GET /auth/callback``; ``POST /auth/logout``;
``GET /api/me``; ``GET /ws/queue``; ``POST /api/queue/{room}/take``; ``POST /api/sign``.
Station (``Bearer STATION_ID.SECRET``): ``POST /api/queue`` (ready, or updated),
``DELETE /api/queue/{room}``, ``GET /api/doctors`` (its organisation's directory).
A doctor's POST must come from the service's own pages (``Origin``), on top of SameSite.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
from typing import Any

from aiohttp import WSMsgType, web

from station.protocol.assertions import CONCLUSION, IDENTITY
from station.protocol.conclusion import Conclusion, ConclusionError
from station.signaling import tokens
from station.signaling.api import authorised_station
from station.signaling.assertions import Signer
from station.signaling.doctors import Doctors, DoctorSession
from station.signaling.http_security import allowed_origin
from station.signaling.oidc import OidcClient, OidcError
from station.signaling.registry import Registry, Station
from station.signaling.waiting_room import WaitingRoom, summary_of

log = logging.getLogger("station.signaling.doctors")

SESSION_COOKIE = "__Host-station-doctor"
LOGIN_COOKIE = "__Host-station-login"
DOCTOR_TOKEN_SECONDS = 600  # from taking a consultation to joining its room
ROOM = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def _refuse(status: int, error: str, message: str) -> web.Response:
    return web.json_response({"error": error, "message": message}, status=status)


def _cookie(response: web.StreamResponse, name: str, value: str, seconds: int) -> None:
    response.set_cookie(
        name, value, max_age=seconds, path="/", secure=True, httponly=True, samesite="Lax"
    )


def _page(status: int, title: str, text: str) -> web.Response:
    """A refusal of the sign-in, in words (a page of its own: no script, no inline style)."""
    body = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><h1>{title}</h1><p>{text}</p>"
        '<p><a href="/">Revenir à l’accueil</a></p></body></html>'
    )
    return web.Response(status=status, text=body, content_type="text/html", charset="utf-8")


class DoctorApi:
    def __init__(
        self,
        registry: Registry,
        secret: bytes,
        oidc: OidcClient | None,
        public_url: str = "",
    ) -> None:
        self.registry = registry
        self.doctors = Doctors(registry.engine)
        self.waiting = WaitingRoom(registry.engine)
        self.oidc = oidc
        self.secret = secret
        self.signer = Signer(secret)
        self.public_url = public_url
        self._poller: asyncio.Task[None] | None = None

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/auth/login", self.login)
        app.router.add_get("/auth/callback", self.callback)
        app.router.add_post("/auth/logout", self.logout)
        app.router.add_get("/api/me", self.me)
        app.router.add_get("/ws/queue", self.queue_socket)
        app.router.add_post("/api/queue/{room}/take", self.take)
        app.router.add_post("/api/sign", self.sign)
        app.router.add_post("/api/queue", self.announce)
        app.router.add_delete("/api/queue/{room}", self.withdraw)
        app.router.add_get("/api/doctors", self.directory)
        app.on_startup.append(self._start)
        app.on_shutdown.append(self._stop)

    async def _start(self, app: web.Application) -> None:
        self._poller = asyncio.create_task(self.waiting.watch())

    async def _stop(self, app: web.Application) -> None:
        if self._poller is not None:
            self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller

    # ---- signing in -------------------------------------------------------------------------
    async def login(self, request: web.Request) -> web.StreamResponse:
        if self.oidc is None:
            return _page(
                404,
                "Connexion indisponible",
                "Ce service n’a pas de fournisseur "
                "d’identité configuré : utilisez le lien d’invitation reçu.",
            )
        try:
            login = await self.oidc.login()
        except OidcError as err:
            log.warning("sign-in not started (%s)", err.reason)
            return _page(503, "Connexion impossible", err.message)
        await self.doctors.remember_login(login.state, login.nonce, login.verifier)
        response = web.HTTPFound(login.url)
        _cookie(response, LOGIN_COOKIE, login.state, 600)
        raise response

    async def callback(self, request: web.Request) -> web.StreamResponse:
        if self.oidc is None:
            raise web.HTTPNotFound()
        state = request.query.get("state", "")
        cookie = request.cookies.get(LOGIN_COOKIE, "")
        if "error" in request.query:
            return _page(
                403,
                "Connexion refusée",
                "Le fournisseur d’identité a refusé la "
                "connexion : recommencez, avec votre carte CPS ou e-CPS.",
            )
        # The callback must come back to the browser that started it (no forced sign-in).
        if not state or not secrets.compare_digest(state, cookie):
            return _page(403, "Connexion refusée", "Connexion commencée ailleurs : recommencez.")
        remembered = await self.doctors.claim_login(state)
        if remembered is None:
            return _page(403, "Connexion refusée", "Connexion expirée : recommencez.")
        nonce, verifier = remembered
        try:
            identity = await self.oidc.finish(request.query.get("code", ""), nonce, verifier)
        except OidcError as err:
            log.info("sign-in refused (%s)", err.reason)
            return _page(403, "Connexion refusée", err.message)
        if not await self.doctors.organisations_of(identity.rpps):
            log.info("sign-in refused: doctor not admitted by any organisation")
            return _page(
                403,
                "Compte non admis",
                "Vous êtes bien identifié(e), mais aucune "
                "organisation de ce service ne vous a encore admis : contactez "
                "l’exploitant.",
            )
        session_id = await self.doctors.open_session(identity)
        log.info("doctor signed in")
        response = web.HTTPFound("/")
        _cookie(response, SESSION_COOKIE, session_id, 10 * 3600)
        response.del_cookie(LOGIN_COOKIE, path="/")
        raise response

    async def logout(self, request: web.Request) -> web.Response:
        if not allowed_origin(request, self.public_url):
            raise web.HTTPForbidden(text="origine refusée")
        await self.doctors.end_session(request.cookies.get(SESSION_COOKIE, ""))
        response = web.json_response({"signedOut": True})
        response.del_cookie(SESSION_COOKIE, path="/")
        return response

    async def _doctor(self, request: web.Request) -> DoctorSession | None:
        return await self.doctors.session(request.cookies.get(SESSION_COOKIE, ""))

    async def me(self, request: web.Request) -> web.Response:
        session = await self._doctor(request)
        if session is None:
            return _refuse(401, "session", "non connecté(e)")
        i = session.identity
        return web.json_response(
            {
                "name": i.name,
                "rpps": i.rpps,
                "profession": i.profession,
                "specialty": i.specialty,
                "organisations": len(session.organisations),
            }
        )

    # ---- the waiting room, doctor's side ----------------------------------------------------
    async def queue_socket(self, request: web.Request) -> web.WebSocketResponse:
        if not allowed_origin(request, self.public_url):
            raise web.HTTPForbidden(text="origine refusée")
        session = await self._doctor(request)
        if session is None:
            raise web.HTTPUnauthorized(text="non connecté(e)")
        ws = web.WebSocketResponse(heartbeat=20.0, max_msg_size=1024)
        await ws.prepare(request)
        pusher = asyncio.create_task(self._push_queue(ws, request))
        try:
            async for message in ws:  # nothing to say but pings; the close ends it
                if message.type == WSMsgType.ERROR:
                    break
        finally:
            pusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pusher
        return ws

    async def _push_queue(self, ws: web.WebSocketResponse, request: web.Request) -> None:
        seen = -1
        while not ws.closed:
            session = await self._doctor(request)  # expired or revoked meanwhile: cut
            if session is None:
                await ws.close(code=4001, message=b"session expired")
                return
            entries = await self.waiting.entries(session.organisations, session.identity.rpps)
            generation = self.waiting.generation
            if generation != seen:
                listed = [e.public() for e in entries]
                await ws.send_json({"v": 1, "type": "queue", "entries": listed})
                seen = generation
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.waiting.next_change(seen), 30)

    async def take(self, request: web.Request) -> web.Response:
        if not allowed_origin(request, self.public_url):
            raise web.HTTPForbidden(text="origine refusée")
        session = await self._doctor(request)
        if session is None:
            return _refuse(401, "session", "session expirée : reconnectez-vous.")
        room = request.match_info["room"]
        i = session.identity
        entry = await self.waiting.take(room, i.rpps, session.organisations)
        if entry is None:
            known = await self.waiting.entry(room)
            mine = known is not None and known.organisation_id in session.organisations
            if mine and known is not None and known.taken_by:
                return _refuse(409, "taken", "Un autre médecin a déjà pris cette consultation.")
            return _refuse(404, "gone", "Consultation introuvable ou terminée.")
        log.info("room %s taken by a doctor", room[:8])
        doctor = {
            "name": i.name,
            "rpps": i.rpps,
            "profession": i.profession,
            "specialty": i.specialty,
            "provider": self.oidc.settings.provider_name if self.oidc else "",
        }
        return web.json_response(
            {
                "room": room,
                "token": tokens.issue(
                    self.secret,
                    room,
                    "doctor",
                    DOCTOR_TOKEN_SECONDS,
                    one_time=True,
                    station=entry.station_id,
                ),
                "assertion": self.signer.sign(IDENTITY, room, doctor),
            }
        )

    async def sign(self, request: web.Request) -> web.Response:
        """The service's word that this signed-in doctor signed this conclusion, for the room
        they took: over the digest the station computes too (one code: protocol.conclusion)."""
        if not allowed_origin(request, self.public_url):
            raise web.HTTPForbidden(text="origine refusée")
        session = await self._doctor(request)
        if session is None:
            return _refuse(401, "session", "session expirée : reconnectez-vous.")
        body = await _json(request)
        room, conclusion = str(body.get("room", "")), body.get("conclusion")
        if not ROOM.match(room) or not isinstance(conclusion, dict):
            return _refuse(400, "invalid", "demande de signature invalide.")
        try:
            digest = Conclusion.from_message(conclusion).digest()  # the station's own digest
        except ConclusionError as err:
            return _refuse(400, "conclusion", err.message)
        entry = await self.waiting.entry(room)
        if entry is None or entry.taken_by != session.identity.rpps:
            return _refuse(403, "not-yours", "Cette consultation n’est pas la vôtre.")
        signature = self.signer.sign(
            CONCLUSION, room, {"digest": digest, "rpps": session.identity.rpps}
        )
        log.info("conclusion signed for room %s", room[:8])
        return web.json_response({"signature": signature, "digest": digest})

    # ---- the waiting room, station's side ---------------------------------------------------
    async def _station(self, request: web.Request) -> Station | None:
        return await authorised_station(self.registry, request)

    async def announce(self, request: web.Request) -> web.Response:
        station = await self._station(request)
        if station is None:
            return _refuse(401, "station", "poste non autorisé par le service.")
        body = await _json(request)
        room, doctor = str(body.get("room", "")), body.get("doctor")
        if not ROOM.match(room) or (doctor is not None and not _rpps(doctor)):
            return _refuse(400, "invalid", "annonce invalide.")
        if doctor is not None:
            directory = {a.rpps for a in await self.doctors.accounts(station.organisation_id)}
            if doctor not in directory:
                return _refuse(400, "doctor", "ce médecin n’est pas dans l’annuaire.")
        try:
            await self.waiting.announce(station, room, summary_of(body), doctor)
        except PermissionError:
            return _refuse(403, "room", "salle d’un autre poste.")
        entry = await self.waiting.entry(room)
        assert entry is not None
        return web.json_response(
            {"since": entry.since.isoformat(), "taken": entry.taken_by is not None}, status=201
        )

    async def withdraw(self, request: web.Request) -> web.Response:
        station = await self._station(request)
        if station is None:
            return _refuse(401, "station", "poste non autorisé par le service.")
        await self.waiting.withdraw(station, request.match_info["room"])
        return web.Response(status=204)

    async def directory(self, request: web.Request) -> web.Response:
        station = await self._station(request)
        if station is None:
            return _refuse(401, "station", "poste non autorisé par le service.")
        accounts = await self.doctors.accounts(station.organisation_id)
        return web.json_response({"doctors": [{"rpps": a.rpps, "name": a.name} for a in accounts]})


def _rpps(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 11 and value.isdigit()


async def _json(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (ValueError, RecursionError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}
