"""`station demo --scripted`: a whole consultation played through the real window, no person.

It fills the same widgets an assistant would (found by their object names), takes readings
from the simulated devices, and a scripted doctor (a Python WebRTC peer) joins with the link,
asks for a temperature and writes advice. Useful for CI, screenshots and training.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QLabel, QLineEdit

from station.call.doctor_peer import DoctorPeer
from station.checklists.model import Step
from station.consultation.session import ConsultationSession
from station.ui import user
from station.ui.main_window import MainWindow
from station.ui.user import ScriptError

ASSISTANT = ("Claire Martin", "nurse", "10101010101")
PATIENTS = (
    ("Durand", "Lucie", "02/07/1948"),
    ("Lefèvre", "Jean-Pierre", "14021937"),  # typed without the slashes, as many do
    ("N'Diaye", "Awa Marie", "30/11/1985"),
)
PATIENT = PATIENTS[0]
STANDARD_ANSWERS: dict[str, Any] = {
    "red_flags": ["none"],
    "needs_physical_exam": "no",
    "reason": "Douleur de l’oreille droite depuis deux jours, fièvre.",
    "complaint_area": "yes",
    "context": "Vit seule, autonome.",
    "follow_up": "own_doctor",
}
DOCTOR_ADVICE = "Paracétamol 1 g jusqu’à 3 fois par jour si fièvre ; revoir le médecin traitant."
DOCTOR = ("Dr Paul LEFÈVRE", "10002233445")
DOCTOR_CONCLUSION: dict[str, Any] = {
    "findings": "Tympan droit inflammatoire, bombé.",
    "impression": "Otite moyenne aiguë probable.",
    "advice": DOCTOR_ADVICE,
    "orientation": "regular-doctor",
    "orientation_days": 2,
}

__all__ = ["ScriptError", "play", "play_day"]


async def until(predicate: Callable[[], bool], timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise ScriptError(f"not reached in {timeout:.0f} s: {what}")
        await asyncio.sleep(0.05)


def button(window: MainWindow, name: str) -> Any:
    return user.button(window, name)


def sign_in(window: MainWindow) -> None:
    name, profession, rpps = ASSISTANT
    user.type_into(window.signin.name, name)
    user.choose(window.signin.profession, profession)
    user.type_into(window.signin.rpps, rpps)
    user.press(window.signin.rpps, Qt.Key.Key_Return)


def identify(window: MainWindow, patient: tuple[str, str, str] = PATIENT) -> None:
    family, given, birth = patient
    screen = window.patient
    user.type_into(screen.family_name, family)
    user.type_into(screen.given_names, given)
    user.press(screen.given_names, Qt.Key.Key_Tab)  # on to the date of birth, by Tab
    user.type_text(screen.birth_date, birth)
    user.click(screen.submit)


def _next_step(session: ConsultationSession, answers: dict[str, Any]) -> Step | None:
    run = session.consultation.run
    for step in sorted(run.visible(), key=lambda s: not s.adhoc):
        if step.id not in run.answers and (step.required or step.id in answers):
            return step
    return None


async def settled(window: MainWindow) -> None:
    """Wait for the checklist to show the last answer (its rebuild runs on the next turn)."""
    screen = window.consultation
    if screen is not None:
        await until(lambda: not screen.checklist.rebuild_queued, 10, "checklist redrawn")


async def answer_step(window: MainWindow, step: Step, answers: dict[str, Any]) -> None:
    """Answer one step with the control the checklist panel shows for it, by real input."""
    sid, kind = step.id, step.kind
    session = window.workstation.session
    assert session is not None
    await settled(window)
    if kind in ("confirm", "info"):
        user.click(user.find(window, f"answer-{sid}", QCheckBox))
    elif kind == "consent":
        user.click(button(window, f"answer-{sid}-yes"))
    elif kind == "choice":
        value = answers.get(sid) or next(o.value for o in step.options if o.stop is None)
        _click_row(window, f"answer-{sid}-{value}")
    elif kind == "multi-choice":
        values = answers.get(sid) or [next(o.value for o in step.options if o.stop is None)]
        for value in values:
            _click_row(window, f"answer-{sid}-{value}")
        user.click(button(window, f"answer-{sid}-confirm"))
    elif kind == "text":
        line = user.find(window, f"answer-{sid}", QLineEdit)
        user.type_into(line, str(answers.get(sid, "Sans particularité.")))
        user.press(line, Qt.Key.Key_Return)
    elif kind == "number":
        spin = user.find(window, f"answer-{sid}", QDoubleSpinBox)
        assert isinstance(spin, QDoubleSpinBox)
        value = answers.get(sid, spin.minimum())
        user.type_into(spin, f"{value}".replace(".", ","))
        user.press(spin, Qt.Key.Key_Return)
    elif kind in ("measurement", "still"):
        user.click(button(window, f"{'measure' if kind == 'measurement' else 'still'}-{sid}"))
    await until(
        lambda: sid in session.consultation.run.answers or bool(error_text(window)),
        what=f"answer to {sid}",
    )
    if sid not in session.consultation.run.answers:
        raise ScriptError(f"{sid}: {error_text(window)}")


def _click_row(window: MainWindow, name: str) -> None:
    """Click an option's text, not its box: the whole row answers, as a person expects."""
    box = user.find(window, name)
    row = box.parentWidget()
    label = getattr(row, "label", None)
    user.click(label if isinstance(label, QLabel) else box)


def error_text(window: MainWindow) -> str:
    texts = [label.text() for label in window.findChildren(QLabel, "error") if label.text()]
    session = window.workstation.session
    if session is not None and session.last_error:
        texts.append(session.last_error)
    return " / ".join(texts)


async def fill_phase(window: MainWindow, answers: dict[str, Any]) -> None:
    session = window.workstation.session
    assert session is not None
    while (step := _next_step(session, answers)) is not None:
        await answer_step(window, step, answers)


async def next_phase(window: MainWindow) -> None:
    session = window.workstation.session
    assert session is not None
    before = session.consultation.run.phase
    await settled(window)
    user.click(button(window, "next-phase"))
    await until(lambda: session.consultation.run.phase != before, 10, "next phase")
    await settled(window)


async def shot(window: MainWindow, folder: Path | None, name: str) -> None:
    """Save what the window shows (for docs/screenshots and training material)."""
    if folder is not None:
        # Let Qt lay the screen out first; processEvents() here would re-enter the loop.
        await asyncio.sleep(0.3)
        folder.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(folder / f"{name}.png"))


async def play(window: MainWindow, screenshots: Path | None = None) -> str:
    """The whole standard consultation; returns the consultation's id."""
    (consultation,) = await play_day(window, 1, screenshots)
    return consultation


async def play_day(
    window: MainWindow,
    count: int,
    screenshots: Path | None = None,
    done: Callable[[str], None] | None = None,
    at_home: Callable[[], None] | None = None,
) -> list[str]:
    """``count`` standard consultations in a row in one window, as a kiosk's day goes.

    ``done(id)`` is called on each report screen; ``at_home()`` once back home after each
    consultation, when the app has given back what the consultation left free.
    """
    await shot(window, screenshots, "1-sign-in")
    sign_in(window)
    finished: list[str] = []
    for number in range(count):
        await until(lambda: window.stack.currentWidget() is window.home, 10, "home screen")
        first = number == 0
        await shot(window, screenshots if first else None, "2-home")
        user.choose(window.home.checklist, "standard")
        user.click(window.home.begin)
        await shot(window, screenshots if first else None, "3-patient")
        identify(window, PATIENTS[number % len(PATIENTS)])
        consultation = await one_consultation(window, screenshots if first else None)
        finished.append(consultation)
        if done is not None:
            done(consultation)
        user.click(button(window, "report-done"))
        if at_home is not None:
            await until(lambda: window.stack.currentWidget() is window.home, 10, "home screen")
            released = window.memory_released
            if released is not None:
                await asyncio.wait_for(asyncio.shield(released), 10)
            at_home()
    return finished


async def one_consultation(window: MainWindow, screenshots: Path | None) -> str:
    workstation = window.workstation
    session = workstation.session
    if session is None or window.consultation is None:
        raise ScriptError(f"consultation not started: {window.patient.error.text()}")
    await until(lambda: workstation.call is not None, 30, "call room")
    assert workstation.call is not None
    doctor = DoctorPeer.from_link(workstation.call.doctor_link)
    await doctor.start()
    try:
        await fill_phase(window, STANDARD_ANSWERS)
        await next_phase(window)
        await until(lambda: session.call_connected, 60, "doctor connected")
        # An invited doctor: a declared name and RPPS, said in the report as such.
        doctor.send({"type": "doctor", "id": "who-1", "name": DOCTOR[0], "rpps": DOCTOR[1]})
        await answer_step(window, session.consultation.run.step("blood_pressure"), {})
        doctor.send(
            {
                "type": "request",
                "id": "req-temp",
                "action": "take-measurement",
                "kind": "thermometer",
            }
        )
        await until(lambda: bool(session.open_requests()), 30, "doctor's request")
        await fill_phase(window, STANDARD_ANSWERS)
        doctor.send({"type": "note", "id": "note-1", "kind": "advice", "text": DOCTOR_ADVICE})
        await until(lambda: bool(session.consultation.notes), 30, "doctor's note")
        doctor.send({"type": "conclusion", "id": "concl-1", **DOCTOR_CONCLUSION})
        await until(lambda: session.consultation.conclusion is not None, 30, "conclusion")
        screen = window.consultation
        await until(lambda: screen.call.self_view.frames_shown > 0, 10, "self view")
        await shot(window, screenshots, "4-consultation")
        await until(
            lambda: sum(m["type"] == "measurement" for m in doctor.messages) >= 3,
            30,
            "measurements at the doctor",
        )
        await next_phase(window)
        await fill_phase(window, STANDARD_ANSWERS)
        await settled(window)
        user.click(button(window, "next-phase"))
        await until(lambda: window.stack.currentWidget() is window.report, 60, "report preview")
        await until(lambda: bool(window.report.pages), 60, "report pages")
        await shot(window, screenshots, "5-report")
        return session.consultation.id
    finally:
        await doctor.close()
