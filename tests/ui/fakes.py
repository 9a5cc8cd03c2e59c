"""A workstation without devices or call, for screens that need neither (sign-in, home)."""

from __future__ import annotations

import os
from pathlib import Path

from station.devices.manager import DeviceManager
from station.records.store import EventStore
from station.workstation import Workstation


def offline_workstation(folder: Path | None = None, keyring_message: str = "") -> Workstation:
    folder = folder or Path(os.environ.get("STATION_DATA_DIR", "."))
    folder.mkdir(parents=True, exist_ok=True)
    store = EventStore(folder / "record.sqlite3", bytes(32))
    return Workstation(store, DeviceManager({}), keyring_message=keyring_message)
