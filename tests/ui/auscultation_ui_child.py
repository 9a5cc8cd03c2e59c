"""The guided auscultation on the assistant's screen, by real clicks, on the real driver (run
as a child process by tests/ui/test_auscultation_ui.py with the simulator's ALSA_CONFIG_PATH:
PortAudio reads it once, when loaded). Prints what the screen said and the record kept."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QPushButton

from drivers.stethoscope import Stethoscope
from station.checklists import shipped
from station.consultation.consultation import Consultation
from station.consultation.session import ConsultationSession
from station.devices.manager import DeviceManager
from station.protocol import channel as proto
from station.records import EventStore
from station.records.report_data import gather
from station.ui.consultation_screen import ConsultationScreen
from tests.consultation.test_session_still import RecordingPeer
from tests.stethoscope_support import print_from_qt


async def until(predicate, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.05)


def click(widget: QPushButton) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


async def main(device: str, record_path: str) -> dict[str, object]:
    store = EventStore(Path(record_path), bytes(32))
    consultation = Consultation.start(
        store, shipped()["standard"], station={}, assistant={"name": "Inès Martin"}
    )
    stethoscope = Stethoscope(device)
    session = ConsultationSession(consultation, DeviceManager({}), stethoscope=stethoscope)
    session.clip_seconds = 1.0
    session.attach_peer(RecordingPeer())
    screen = ConsultationScreen(session)
    screen.resize(1200, 800)
    screen.show()
    seen: dict[str, object] = {"where": [], "outcomes": []}
    try:
        await session.on_doctor_message(
            proto.parse(
                {"v": 1, "type": "request", "id": "r1", "action": "auscultate", "kind": "heart"}
            )
        )
        await until(lambda: screen.findChild(QPushButton, "auscultate-request_r1") is not None)
        button = screen.findChild(QPushButton, "auscultate-request_r1")
        click(button)
        dialog = screen.auscultation_dialog
        assert dialog is not None
        await until(dialog.isVisible)
        record = dialog.findChild(QPushButton, "auscultation-record")
        outcome = dialog.findChild(QLabel, "auscultation-outcome")
        gain = dialog.findChild(QLabel, "auscultation-gain")
        louder = dialog.findChild(QPushButton, "auscultation-louder")
        quieter = dialog.findChild(QPushButton, "auscultation-quieter")
        # Far too loud: the sound saturates, is said, and the area is offered again.
        while louder.isEnabled():
            click(louder)
        seen["loudest"] = gain.text()
        click(record)
        await until(lambda: dialog.task is None and outcome.text().startswith("Le son"))
        seen["saturated"] = outcome.text()
        seen["after_saturated"] = dialog.where.text()
        for _ in range(6):
            click(quieter)
        seen["gain_back"] = [gain.text(), round(stethoscope.gain, 3)]
        for _ in range(2):  # two areas, then the dialog is closed (the assistant steps away)
            seen["where"].append(dialog.where.text())
            click(record)
            await until(lambda: dialog.task is None and "gardé" in outcome.text())
            seen["outcomes"].append(outcome.text())
        click(dialog.findChild(QPushButton, "auscultation-close"))
        await until(lambda: not dialog.isVisible())
        # Opened again: it goes on from the third area.
        click(screen.findChild(QPushButton, "auscultate-request_r1"))
        dialog = screen.auscultation_dialog
        await until(dialog.isVisible)
        record = dialog.findChild(QPushButton, "auscultation-record")
        outcome = dialog.findChild(QLabel, "auscultation-outcome")
        while record.isVisible():
            seen["where"].append(dialog.where.text())
            click(record)
            await until(lambda: dialog.task is None and outcome.text() != "")
            seen["outcomes"].append(outcome.text())
        seen["finished"] = dialog.where.text() + " — " + dialog.how.text()
        seen["progress"] = dialog.progress.value()
        seen["step_done"] = "request_r1" in consultation.run.answers
        clips = gather(consultation.id, store.events(consultation.id)).auscultations
        seen["clips"] = [(c.site.label, c.complete) for c in clips]
        dialog.close()
    finally:
        screen.detach()
        await stethoscope.close()
    return seen


if __name__ == "__main__":
    print_from_qt(main(sys.argv[1], sys.argv[2]))
