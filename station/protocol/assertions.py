"""What the service vouches for about a doctor, as a station checks it: who the doctor who
took a room is (after they signed in), and that this doctor signed this conclusion.

Compact JWS (RFC 7515) with Ed25519. The station gets the service's public key with its room
(``POST /api/rooms``, over its authenticated TLS link) and checks each assertion against its
own room: one stolen from another consultation is refused. The service signs
(``station.signaling.assertions``); both sides share these words.
"""

from __future__ import annotations

import json
import time
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

ALGORITHM = "Ed25519"  # RFC 9864 (fully specified; "EdDSA" is deprecated)
IDENTITY = "doctor-identity"
CONCLUSION = "conclusion-signature"
LIFETIME = 4 * 3600  # an identity outlives a long consultation, not a day


class AssertionRefused(Exception):
    """An assertion that does not hold (bad signature, another room, expired, malformed)."""


def verify(public_jwk: dict[str, Any], token: str, kind: str, room: str) -> dict[str, Any]:
    """The claims of a valid assertion of ``kind`` for ``room``; raises AssertionRefused."""
    try:
        key = OKPKey.import_key(public_jwk)
        obj = jws.deserialize_compact(token, key, algorithms=[ALGORITHM])
        claims = json.loads(obj.payload)
    except (JoseError, ValueError, TypeError) as err:
        raise AssertionRefused("signature") from err
    if not isinstance(claims, dict) or claims.get("typ") != kind:
        raise AssertionRefused("kind")
    if claims.get("room") != room:
        raise AssertionRefused("room")
    if not isinstance(claims.get("exp"), int) or claims["exp"] < time.time():
        raise AssertionRefused("expired")
    return claims
