"""A test-only keyring for child processes: the record key from ``STATION_TEST_RECORD_KEY``.

Chosen with ``PYTHON_KEYRING_BACKEND=env_keyring.EnvKeyring`` (``tests`` on ``PYTHONPATH``),
so a test and the app it starts share one record key without the machine's keyring.
"""

from __future__ import annotations

import os

from keyring.backend import KeyringBackend


class EnvKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return os.environ["STATION_TEST_RECORD_KEY"] if username == "record-master-key" else None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("the test's key is fixed")

    def delete_password(self, service: str, username: str) -> None:
        pass
