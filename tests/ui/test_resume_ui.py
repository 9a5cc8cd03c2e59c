"""The app killed (SIGKILL) in the middle of a consultation offers, once restarted, to resume it
exactly where the record says it was; the assistant finishes it from there."""

from __future__ import annotations

import base64
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import keyring
from PySide6.QtWidgets import QPushButton

from station.consultation import Consultation
from station.credentials import RECORD_KEY, SERVICE
from station.demo_env import DemoEnvironment
from station.records.store import EventStore
from station.ui import scripted, user
from station.ui.demo import demo_workstation
from station.ui.main_window import MainWindow

KEY = bytes(range(32))


def _kill_mid_consultation(data_dir: Path) -> str:
    """Run the app and kill it at random moments until one kill lands mid-consultation."""
    env = dict(
        os.environ,
        STATION_DATA_DIR=str(data_dir),
        STATION_TEST_RECORD_KEY=base64.b64encode(KEY).decode(),
        QT_QPA_PLATFORM="offscreen",
    )
    child = Path(__file__).with_name("crash_app_child.py")
    rng = random.Random(7)
    record = data_dir / "record.sqlite3"
    for _ in range(8):
        proc = subprocess.Popen(
            [sys.executable, str(child)], env=env, stdout=subprocess.PIPE, text=True
        )
        # The room opens once the patient is identified: from then on the consultation is
        # under way. Waited for, not timed (a busy machine starts the app much later).
        assert proc.stdout is not None
        while (line := proc.stdout.readline()) and not line.startswith("doctor: "):
            pass
        time.sleep(rng.uniform(0.0, 2.0))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        if record.exists():
            with EventStore(record, KEY) as store:
                unfinished = Consultation.unfinished(store)
                if unfinished and len(store.events(unfinished[-1])) > 3:
                    return unfinished[-1]
    raise AssertionError("no kill landed in the middle of a consultation")


def test_killed_app_offers_to_resume_where_it_was(
    run_ui: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    data_dir = tmp_path / "data"
    monkeypatch.setenv("STATION_DATA_DIR", str(data_dir))
    consultation_id = _kill_mid_consultation(data_dir)
    keyring.set_password(SERVICE, RECORD_KEY, base64.b64encode(KEY).decode())
    with EventStore(data_dir / "record.sqlite3", KEY) as store:
        recorded = Consultation.resume(store, consultation_id)
        expected_answers = dict(recorded.run.answers)
        expected_phase = recorded.run.phase

    async def scenario() -> dict[str, Any]:
        async with DemoEnvironment() as env:
            workstation = demo_workstation(env)
            window = MainWindow(workstation)
            qtbot.addWidget(window)
            window.show()
            scripted.sign_in(window)
            offered = window.home.resume_box.isVisible()
            button = window.findChild(QPushButton, f"resume-{consultation_id}")
            assert button is not None, "no resume button for the interrupted consultation"
            user.click(button)
            session = workstation.session
            assert session is not None
            resumed = {
                "offered": offered,
                "answers": dict(session.consultation.run.answers),
                "phase": session.consultation.run.phase,
                "screen": window.stack.currentWidget() is window.consultation,
            }
            # Finish it from where it was, through the window.
            while session.consultation.run.phase != "after":
                await scripted.fill_phase(window, scripted.STANDARD_ANSWERS)
                await scripted.next_phase(window)
            await scripted.fill_phase(window, scripted.STANDARD_ANSWERS)
            await scripted.settled(window)
            user.click(scripted.button(window, "next-phase"))
            await scripted.until(lambda: bool(window.report.pages), 60, "report")
            resumed["left"] = [u.consultation for u in workstation.unfinished()]
            await workstation.end_call()
            await workstation.otoscope.close()
            return resumed

    resumed = run_ui(scenario)
    assert resumed["offered"]
    assert resumed["screen"]
    assert resumed["answers"] == expected_answers
    assert resumed["phase"] == expected_phase
    assert consultation_id not in resumed["left"]
