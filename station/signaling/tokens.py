"""Short-lived signed join tokens: HMAC-SHA256 over room, role, expiry, a nonce and the station.

Only the service holds the secret: it issues every token (``POST /api/rooms``), so no station
can forge a join to another station's room.

A token is ``base64url(claims).base64url(mac)``. One-time tokens (the doctor's join link)
are remembered by the signaling backend until they expire, so a second use is refused.
Tokens never travel in a URL the server sees: the doctor link carries them in the fragment
(``#...``), and the page sends them in its first WebSocket message.
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import time
from dataclasses import dataclass

ROLES = ("station", "doctor")


class TokenError(Exception):
    """Why a token is refused; ``reason`` is one of: malformed, signature, expired, role."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Claims:
    room: str
    role: str
    expires: int  # unix seconds
    nonce: str
    one_time: bool
    station: str = ""  # the enrolled station whose room this is ("" for a room of no station)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue(
    secret: bytes,
    room: str,
    role: str,
    ttl: float,
    *,
    one_time: bool = False,
    station: str = "",
) -> str:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    claims: dict[str, object] = {
        "r": room,
        "o": role,
        "e": int(time.time() + ttl),
        "n": _b64(os.urandom(12)),
        "u": one_time,
    }
    if station:
        claims["s"] = station
    body = _b64(json.dumps(claims, separators=(",", ":")).encode())
    mac = hmac.new(secret, body.encode(), "sha256").digest()
    return f"{body}.{_b64(mac)}"


def verify(secret: bytes, token: str, now: float | None = None) -> Claims:
    """Check signature and expiry; raises TokenError."""
    try:
        body, mac = token.split(".")
        expected = hmac.new(secret, body.encode(), "sha256").digest()
        given = _unb64(mac)
    except (ValueError, AttributeError) as err:
        raise TokenError("malformed") from err
    if not hmac.compare_digest(expected, given):
        raise TokenError("signature")
    try:
        raw = json.loads(_unb64(body))
        claims = Claims(
            str(raw["r"]),
            str(raw["o"]),
            int(raw["e"]),
            str(raw["n"]),
            bool(raw["u"]),
            str(raw.get("s", "")),
        )
    except (ValueError, KeyError, TypeError) as err:
        raise TokenError("malformed") from err
    if claims.role not in ROLES:
        raise TokenError("role")
    if claims.expires < (time.time() if now is None else now):
        raise TokenError("expired")
    return claims


