"""The record's head (sequence and MAC) kept in the OS keyring, outside the record file.

The chain inside the file proves it was not edited, but not that it is the latest version: a
-wal file deleted after a crash, or an older copy put back, is a whole chain too. The keyring
remembers the last head written; a record behind it is refused (``EventStore._check_anchor``).
A keyring that cannot be written is logged, never a failed append: the event is on disk.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from station.credentials import CredentialsUnavailable, get_secret, set_secret

log = logging.getLogger("station.records")


class KeyringAnchor:
    def __init__(self, record: Path) -> None:
        # One entry per record file (the demo's and the station's are two records).
        digest = hashlib.sha256(str(record.resolve()).encode()).hexdigest()[:16]
        self.name = f"record-head-{digest}"

    def load(self) -> tuple[int, bytes] | None:
        try:
            value = get_secret(self.name)
        except CredentialsUnavailable:
            return None
        if not value or ":" not in value:
            return None
        seq, mac = value.split(":", 1)
        try:
            return int(seq), bytes.fromhex(mac)
        except ValueError:
            return None

    def save(self, seq: int, mac: bytes) -> None:
        try:
            set_secret(self.name, f"{seq}:{mac.hex()}")
        except CredentialsUnavailable:
            log.warning("record head not kept in the keyring (keyring unavailable)")

    def forget(self) -> None:
        """A fresh record starts (the damaged one was set aside)."""
        try:
            set_secret(self.name, "")
        except CredentialsUnavailable:
            log.warning("record head not reset in the keyring (keyring unavailable)")
