"""A test-only keyring for child processes: the record key from ``STATION_TEST_RECORD_KEY``.

Chosen with ``PYTHON_KEYRING_BACKEND=env_keyring.EnvKeyring`` (``tests`` on ``PYTHONPATH``),
so a test and the app it starts share one record key without the machine's keyring. Other
secrets live in memory, or, with ``STATION_TEST_KEYRING_FILE``, in that (test's own) file, so
one command can store a credential that the next one reads.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class EnvKeyring(KeyringBackend):
    """The record key from the environment; anything else (the record's head) in memory."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.others: dict[str, str] = {}

    def _file(self) -> Path | None:
        name = os.environ.get("STATION_TEST_KEYRING_FILE")
        return Path(name) if name else None

    def get_password(self, service: str, username: str) -> str | None:
        if username == "record-master-key":
            return os.environ["STATION_TEST_RECORD_KEY"]
        file = self._file()
        if file is not None and file.exists():
            return json.loads(file.read_text()).get(username)
        return self.others.get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        if username == "record-master-key":
            raise RuntimeError("the test's key is fixed")
        file = self._file()
        if file is None:
            self.others[username] = password
            return
        stored = json.loads(file.read_text()) if file.exists() else {}
        stored[username] = password
        file.write_text(json.dumps(stored))
        file.chmod(0o600)

    def delete_password(self, service: str, username: str) -> None:
        pass
