"""The station's side of the fleet's service API: enrolling once, then a room per consultation.

Enrolling turns the operator's one-time code into the station's own credential: a random
secret made here and kept in the keyring (``service-credential``), of which the service keeps
only the SHA-256. Each consultation then asks the service for a room: the station's join token
and the doctor's one-time link come back; the station never holds the service's signing secret.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from station.protocol.credentials import credential_hash

log = logging.getLogger("station.call")

CREDENTIAL_NAME = "service-credential"
TIMEOUT = aiohttp.ClientTimeout(total=15)


class ServiceError(Exception):
    """The service refused or could not be reached; ``message`` is for the assistant."""

    def __init__(self, message: str, *, refused: bool = False) -> None:
        self.message = message
        self.refused = refused  # the service answered no (a bad code, a revoked station)
        super().__init__(message)


@dataclass(frozen=True)
class Enrollment:
    credential: str  # STATION_ID.SECRET, for the keyring only
    station: str
    name: str
    organisation: str


@dataclass(frozen=True)
class RoomGrant:
    room: str
    station_token: str
    doctor_link: str
    service_key: dict[str, Any] | None = None  # checks what the service signs (assertions)


def check_service_url(url: str) -> str:
    """HTTPS, or plain HTTP on loopback only (tests, the demo)."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    loopback = host == "localhost"
    with contextlib.suppress(ValueError):  # a name, not an address
        loopback = loopback or ipaddress.ip_address(host).is_loopback
    if parts.scheme == "https" or (parts.scheme == "http" and loopback):
        if parts.username or parts.password or parts.query or parts.fragment:
            raise ServiceError("adresse du service invalide (sans identifiant ni paramètres).")
        return url.strip().rstrip("/")
    raise ServiceError("l’adresse du service doit commencer par https:// (http:// en local).")


async def _post(url: str, body: dict[str, Any] | None, headers: dict[str, str]) -> Any:
    try:
        async with (
            aiohttp.ClientSession(timeout=TIMEOUT) as session,
            session.post(url, json=body or {}, headers=headers) as response,
        ):
            try:
                answer = await response.json(content_type=None)
            except ValueError:
                answer = None
            if response.status in (200, 201) and isinstance(answer, dict):
                return answer
            message = answer.get("message") if isinstance(answer, dict) else None
            refused = 400 <= response.status < 500
            log.warning("service refused the request (HTTP %d)", response.status)
            raise ServiceError(
                str(message) if message else f"le service a refusé la demande ({response.status}).",
                refused=refused,
            )
    except (aiohttp.ClientError, TimeoutError, OSError) as err:
        log.warning("service unreachable (%s)", type(err).__name__)
        raise ServiceError(
            "service de téléconsultation injoignable : vérifiez la connexion du poste."
        ) from err


async def enroll(base_url: str, code: str) -> Enrollment:
    """Redeem the operator's code; the secret is made here and never shown."""
    base_url = check_service_url(base_url)
    secret = secrets.token_urlsafe(32)
    answer = await _post(
        f"{base_url}/api/enroll",
        {"code": code, "credential_sha256": credential_hash(secret)},
        {},
    )
    station = str(answer.get("station", ""))
    if not station:
        raise ServiceError("réponse du service incomplète.")
    return Enrollment(
        f"{station}.{secret}",
        station,
        str(answer.get("name", "")),
        str(answer.get("organisation", "")),
    )


class ServiceClient:
    """Rooms for this station, asked with its credential."""

    def __init__(self, base_url: str, credential: str) -> None:
        self.base_url = check_service_url(base_url)
        self._credential = credential

    def __repr__(self) -> str:  # never the credential, even in a traceback's locals
        return f"ServiceClient({self.base_url!r})"

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._credential}"}

    async def announce(self, room: str, summary: dict[str, Any], doctor: str | None = None) -> None:
        """The consultation ready for a doctor (or its summary updated): the waiting room."""
        body = {"room": room, **summary, **({"doctor": doctor} if doctor else {})}
        await _post(f"{self.base_url}/api/queue", body, self._auth())

    async def withdraw(self, room: str) -> None:
        """Out of the waiting room (a doctor joined, or the consultation ended)."""
        try:
            async with (
                aiohttp.ClientSession(timeout=TIMEOUT) as session,
                session.delete(f"{self.base_url}/api/queue/{room}", headers=self._auth()),
            ):
                pass
        except (aiohttp.ClientError, TimeoutError, OSError) as err:
            raise ServiceError("service de téléconsultation injoignable.") from err

    async def doctors(self) -> list[tuple[str, str]]:
        """The organisation's directory of doctors: (RPPS, name), to call one by name."""
        try:
            async with (
                aiohttp.ClientSession(timeout=TIMEOUT) as session,
                session.get(f"{self.base_url}/api/doctors", headers=self._auth()) as response,
            ):
                answer = await response.json(content_type=None) if response.status == 200 else {}
        except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as err:
            raise ServiceError("service de téléconsultation injoignable.") from err
        listed = answer.get("doctors") if isinstance(answer, dict) else None
        return [
            (str(d["rpps"]), str(d["name"]))
            for d in (listed if isinstance(listed, list) else [])
            if isinstance(d, dict) and "rpps" in d and "name" in d
        ]

    async def open_room(self) -> RoomGrant:
        answer = await _post(
            f"{self.base_url}/api/rooms",
            None,
            {"Authorization": f"Bearer {self._credential}"},
        )
        try:
            key = answer.get("serviceKey")
            return RoomGrant(
                str(answer["room"]),
                str(answer["stationToken"]),
                str(answer["doctorLink"]),
                key if isinstance(key, dict) else None,
            )
        except KeyError as err:
            raise ServiceError("réponse du service incomplète.") from err
