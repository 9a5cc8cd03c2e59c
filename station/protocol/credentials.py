"""A station's credential as the service keeps it: the words of enrollment both sides share."""

from __future__ import annotations

import hashlib


def credential_hash(secret: str) -> str:
    """What the service keeps of a station's secret: its SHA-256 (the secret is 256 random
    bits, so no slow hash is needed); the station sends it once, when it enrolls."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
