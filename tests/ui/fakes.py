"""A workstation without devices or call, for screens that need neither (sign-in, home)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from station.consultation.session import ConsultationSession
from station.devices.manager import DeviceManager
from station.records.store import EventStore
from station.ui.main_window import MainWindow
from station.workstation import Workstation


def offline_workstation(folder: Path | None = None, keyring_message: str = "") -> Workstation:
    # Never the working directory: a record left there once got committed.
    folder = folder or Path(os.environ["STATION_DATA_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    store = EventStore(folder / "record.sqlite3", bytes(32))
    return Workstation(store, DeviceManager({}), keyring_message=keyring_message)


def demo_window(env: Any, qtbot: Any) -> MainWindow:
    """The app's window on a demo environment, shown (offscreen) and closed with the test."""
    from station.ui.demo import demo_workstation

    window = MainWindow(demo_workstation(env))
    qtbot.addWidget(window)
    window.show()
    return window


async def consultation_during_call(window: MainWindow) -> ConsultationSession:
    """Signed in, patient identified, the before-call checklist done: the call phase."""
    from station.ui import scripted, user

    scripted.sign_in(window)
    user.click(window.home.begin)
    scripted.identify(window)
    session = window.workstation.session
    assert session is not None and window.consultation is not None
    await scripted.fill_phase(window, scripted.STANDARD_ANSWERS)
    await scripted.next_phase(window)
    return session
