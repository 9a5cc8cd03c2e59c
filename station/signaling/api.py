"""The service's HTTP API for stations (JSON; nothing about a patient ever goes through it).

- ``POST /api/enroll`` ``{"code", "credential_sha256"}``: a one-time enrollment code becomes
  the station's credential; the station keeps the secret, the service only its SHA-256.
- ``POST /api/rooms`` with ``Authorization: Bearer STATION_ID.SECRET``: a room for the
  station's next consultation, its own join token and the doctor's one-time link. Stations
  never hold the service's signing secret, so none can forge a join to another's room.

Refusals are ``{"error": code, "message": French}`` with 400, 401 or 429.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections import defaultdict
from typing import Any

from aiohttp import web

from station.signaling import tokens
from station.signaling.assertions import Signer
from station.signaling.registry import Registry, RegistryError, Station

log = logging.getLogger("station.signaling")

STATION_TOKEN_SECONDS = 4 * 3600
DOCTOR_LINK_SECONDS = 3600
ENROLL_ATTEMPTS_PER_MINUTE = 10  # per address: a code cannot be guessed, nor the service flooded


def _refuse(status: int, error: str, message: str) -> web.Response:
    return web.json_response({"error": error, "message": message}, status=status)


async def _body(request: web.Request) -> dict[str, Any] | None:
    try:
        body = await request.json()
    except (ValueError, RecursionError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


async def authorised_station(registry: Registry, request: web.Request) -> Station | None:
    """The enrolled, unrevoked station whose ``Bearer STATION_ID.SECRET`` this request bears."""
    scheme, _, credential = request.headers.get("Authorization", "").partition(" ")
    station_id, _, secret = credential.partition(".")
    if scheme != "Bearer" or not station_id or not secret:
        return None
    return await registry.authenticate(station_id, secret)


class Api:
    def __init__(self, registry: Registry, secret: bytes, public_url: str = "") -> None:
        self.registry = registry
        self.secret = secret
        self.signer = Signer(secret)
        self.public_url = public_url.rstrip("/")
        self.enroll_attempts: dict[str, list[float]] = defaultdict(list)

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/api/enroll", self.enroll)
        app.router.add_post("/api/rooms", self.open_room)

    def _too_many(self, address: str) -> bool:
        now = time.monotonic()
        recent = [t for t in self.enroll_attempts[address] if now - t < 60]
        recent.append(now)
        self.enroll_attempts[address] = recent
        if len(self.enroll_attempts) > 10_000:  # forget the oldest addresses, not the limit
            self.enroll_attempts = defaultdict(list, list(self.enroll_attempts.items())[-5_000:])
        return len(recent) > ENROLL_ATTEMPTS_PER_MINUTE

    async def enroll(self, request: web.Request) -> web.Response:
        if self._too_many(request.remote or ""):
            return _refuse(429, "rate", "trop de tentatives : réessayez dans une minute.")
        body = await _body(request)
        code, digest = (body or {}).get("code"), (body or {}).get("credential_sha256")
        if not isinstance(code, str) or not isinstance(digest, str) or len(code) > 64:
            return _refuse(400, "invalid", "demande d’inscription invalide.")
        try:
            station = await self.registry.redeem(code, digest)
        except RegistryError as err:
            log.info("enrollment refused")
            return _refuse(400, "code", err.message)
        log.info("station %s enrolled", station.id[:8])
        return web.json_response(
            {"station": station.id, "name": station.name, "organisation": station.organisation},
            status=201,
        )

    async def open_room(self, request: web.Request) -> web.Response:
        station = await authorised_station(self.registry, request)
        if station is None:
            log.info("room refused: station not authorised")
            return _refuse(
                401,
                "station",
                "poste non autorisé par le service (inconnu ou révoqué) : contactez l’exploitant.",
            )
        room = secrets.token_urlsafe(12)
        station_token = tokens.issue(
            self.secret, room, "station", STATION_TOKEN_SECONDS, station=station.id
        )
        doctor_token = tokens.issue(
            self.secret, room, "doctor", DOCTOR_LINK_SECONDS, one_time=True, station=station.id
        )
        base = self.public_url or str(request.url.origin())
        log.info("room %s opened for station %s", room[:8], station.id[:8])
        return web.json_response(
            {
                "room": room,
                "stationToken": station_token,
                "doctorLink": f"{base}/#room={room}&token={doctor_token}",
                "expires": int(time.time() + DOCTOR_LINK_SECONDS),
                "serviceKey": self.signer.public_jwk(),
            },
            status=201,
        )
