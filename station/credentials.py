"""The only place secrets are read or written: the operating system's keyring.

Windows Credential Manager, macOS Keychain, Secret Service (GNOME Keyring, KWallet) on Linux.
A machine without any backend gets a clear message in French and the way to fix it, never a
plaintext fallback.
"""

from __future__ import annotations

import base64
import os

SERVICE = "station"
RECORD_KEY = "record-master-key"


class CredentialsUnavailable(Exception):
    """No usable keyring; ``message`` tells the assistant or technician what to do."""

    def __init__(self, detail: str = "") -> None:
        self.message = (
            "Le trousseau sécurisé du système est indisponible : Station ne peut ni lire ni "
            "protéger ses secrets. Sous Windows et macOS il est intégré ; sous Linux, installez "
            "et déverrouillez un trousseau (paquet gnome-keyring ou kwallet) dans la session."
        )
        super().__init__(self.message + (f" ({detail})" if detail else ""))


def get_secret(name: str) -> str | None:
    # keyring is imported here, not at start: it costs 40 ms before the window could show.
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(SERVICE, name)
    except KeyringError as err:  # NoKeyringError, locked or refused keyring...
        raise CredentialsUnavailable(type(err).__name__) from err


def set_secret(name: str, value: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, name, value)
    except KeyringError as err:
        raise CredentialsUnavailable(type(err).__name__) from err


def record_master_key() -> bytes:
    """The 32-byte key that protects the record, created on first use."""
    stored = get_secret(RECORD_KEY)
    if stored is None:
        stored = base64.b64encode(os.urandom(32)).decode("ascii")
        set_secret(RECORD_KEY, stored)
    key = base64.b64decode(stored)
    if len(key) != 32:
        raise CredentialsUnavailable("clé du dossier invalide")
    return key
