"""A test-only keyring for child processes: the record key from ``STATION_TEST_RECORD_KEY``.

Chosen with ``PYTHON_KEYRING_BACKEND=env_keyring.EnvKeyring`` (``tests`` on ``PYTHONPATH``),
so a test and the app it starts share one record key without the machine's keyring.
"""

from __future__ import annotations

import os

from keyring.backend import KeyringBackend


class EnvKeyring(KeyringBackend):
    """The record key from the environment; anything else (the record's head) in memory."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.others: dict[str, str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        if username == "record-master-key":
            return os.environ["STATION_TEST_RECORD_KEY"]
        return self.others.get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        if username == "record-master-key":
            raise RuntimeError("the test's key is fixed")
        self.others[username] = password

    def delete_password(self, service: str, username: str) -> None:
        pass
