"""What the service vouches for, signed so that a station can check it: who the doctor who
took a room is (after they signed in), and that this doctor signed this conclusion.

The service signs compact JWS (RFC 7515) with Ed25519, a key derived from its master secret
(HKDF), so every node of a cluster signs with the same key and no key file exists. The station
gets the public key with its room (``POST /api/rooms``, over its authenticated TLS link) and
checks each assertion against its own room: one stolen from another consultation is refused.
"""

from __future__ import annotations

import json
import time
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

ALGORITHM = "Ed25519"  # RFC 9864 (fully specified; "EdDSA" is deprecated)
IDENTITY = "doctor-identity"
CONCLUSION = "conclusion-signature"
LIFETIME = 4 * 3600  # an identity outlives a long consultation, not a day


class AssertionRefused(Exception):
    """An assertion that does not hold (bad signature, another room, expired, malformed)."""


def _private_key(secret: bytes) -> OKPKey:
    seed = HKDF(hashes.SHA256(), 32, salt=None, info=b"station doctor assertions").derive(secret)
    raw = Ed25519PrivateKey.from_private_bytes(seed).private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
    )
    return OKPKey.import_key(raw)


class Signer:
    def __init__(self, secret: bytes) -> None:
        self._key = _private_key(secret)

    def public_jwk(self) -> dict[str, Any]:
        return dict(self._key.as_dict(private=False))

    def sign(self, kind: str, room: str, claims: dict[str, Any]) -> str:
        now = int(time.time())
        payload = {**claims, "typ": kind, "room": room, "iat": now, "exp": now + LIFETIME}
        return jws.serialize_compact(
            {"alg": ALGORITHM},
            json.dumps(payload, ensure_ascii=False),
            self._key,
            algorithms=[ALGORITHM],
        )


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
