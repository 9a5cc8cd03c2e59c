"""The app playing the scripted consultation, to be killed with SIGKILL by the test.

The record key comes from ``STATION_TEST_RECORD_KEY`` through a test-only keyring backend, so
the parent test can open the same record afterwards.
"""

import os
import sys

import keyring
from keyring.backend import KeyringBackend

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class EnvKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return os.environ["STATION_TEST_RECORD_KEY"] if username == "record-master-key" else None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("the test's key is fixed")

    def delete_password(self, service: str, username: str) -> None:
        pass


keyring.set_keyring(EnvKeyring())

from station.ui.app import run_demo_app  # noqa: E402

sys.exit(run_demo_app(0, "normotensive", scripted=True))
