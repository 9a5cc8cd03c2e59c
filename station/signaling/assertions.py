"""The service's signature over what it vouches for about a doctor (the words and the check
are in :mod:`station.protocol.assertions`).

The service signs compact JWS with Ed25519, a key derived from its master secret (HKDF), so
every node of a cluster signs with the same key and no key file exists.
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
from joserfc.jwk import OKPKey

from station.protocol.assertions import ALGORITHM, LIFETIME


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
