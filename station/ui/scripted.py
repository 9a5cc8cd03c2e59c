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

from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
)

from station.call.doctor_peer import DoctorPeer
from station.checklists.model import Step
from station.consultation.session import ConsultationSession
from station.ui.main_window import MainWindow

ASSISTANT = ("Claire Martin", "nurse", "10101010101")
PATIENT = ("Durand", "Lucie", "02/07/1948")
STANDARD_ANSWERS: dict[str, Any] = {
    "red_flags": ["none"],
    "needs_physical_exam": "no",
    "reason": "Douleur de l’oreille droite depuis deux jours, fièvre.",
    "complaint_area": "yes",
    "context": "Vit seule, autonome.",
    "follow_up": "own_doctor",
}
DOCTOR_ADVICE = "Paracétamol 1 g jusqu’à 3 fois par jour si fièvre ; revoir le médecin traitant."


class ScriptError(RuntimeError):
    pass


async def until(predicate: Callable[[], bool], timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise ScriptError(f"not reached in {timeout:.0f} s: {what}")
        await asyncio.sleep(0.05)


def button(window: MainWindow, name: str) -> QAbstractButton:
    found = window.findChild(QAbstractButton, name)
    if found is None:
        raise ScriptError(f"no button {name!r} on screen")
    return found


def sign_in(window: MainWindow) -> None:
    name, profession, rpps = ASSISTANT
    window.signin.name.setText(name)
    window.signin.profession.setCurrentIndex(window.signin.profession.findData(profession))
    window.signin.rpps.setText(rpps)
    window.signin.submit.click()


def identify(window: MainWindow) -> None:
    family, given, birth = PATIENT
    window.patient.family_name.setText(family)
    window.patient.given_names.setText(given)
    day, month, year = (int(p) for p in birth.split("/"))
    from PySide6.QtCore import QDate

    window.patient.birth_date.setDate(QDate(year, month, day))
    window.patient.submit.click()


def _next_step(session: ConsultationSession, answers: dict[str, Any]) -> Step | None:
    run = session.consultation.run
    for step in sorted(run.visible(), key=lambda s: not s.adhoc):
        if step.id not in run.answers and (step.required or step.id in answers):
            return step
    return None


async def answer_step(window: MainWindow, step: Step, answers: dict[str, Any]) -> None:
    """Answer one step with the widget the checklist panel shows for it."""
    sid, kind = step.id, step.kind
    session = window.workstation.session
    assert session is not None
    if kind in ("confirm", "info"):
        box = window.findChild(QCheckBox, f"answer-{sid}")
        assert box is not None
        box.setChecked(True)
    elif kind == "consent":
        button(window, f"answer-{sid}-yes").click()
    elif kind == "choice":
        value = answers.get(sid) or next(o.value for o in step.options if o.stop is None)
        button(window, f"answer-{sid}-{value}").click()
    elif kind == "multi-choice":
        values = answers.get(sid) or [next(o.value for o in step.options if o.stop is None)]
        for value in values:
            button(window, f"answer-{sid}-{value}").setChecked(True)
        button(window, f"answer-{sid}-confirm").click()
    elif kind == "text":
        line = window.findChild(QLineEdit, f"answer-{sid}")
        assert line is not None
        line.setText(str(answers.get(sid, "Sans particularité.")))
        button(window, f"answer-{sid}-save").click()
    elif kind == "number":
        spin = window.findChild(QDoubleSpinBox, f"answer-{sid}")
        assert spin is not None
        spin.setValue(float(answers.get(sid, spin.minimum())))
        button(window, f"answer-{sid}-save").click()
    elif kind in ("measurement", "still"):
        button(window, f"{'measure' if kind == 'measurement' else 'still'}-{sid}").click()
    await until(
        lambda: sid in session.consultation.run.answers or bool(error_text(window)),
        what=f"answer to {sid}",
    )
    if sid not in session.consultation.run.answers:
        raise ScriptError(f"{sid}: {error_text(window)}")


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
    button(window, "next-phase").click()
    await until(lambda: session.consultation.run.phase != before, 10, "next phase")


async def shot(window: MainWindow, folder: Path | None, name: str) -> None:
    """Save what the window shows (for docs/screenshots and training material)."""
    if folder is not None:
        # Let Qt lay the screen out first; processEvents() here would re-enter the loop.
        await asyncio.sleep(0.3)
        folder.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(folder / f"{name}.png"))


async def play(window: MainWindow, screenshots: Path | None = None) -> str:
    """The whole standard consultation; returns the consultation's id."""
    await shot(window, screenshots, "1-sign-in")
    sign_in(window)
    await shot(window, screenshots, "2-home")
    window.home.checklist.setCurrentIndex(window.home.checklist.findData("standard"))
    window.home.begin.click()
    await shot(window, screenshots, "3-patient")
    identify(window)
    workstation = window.workstation
    session = workstation.session
    if session is None:
        raise ScriptError(f"consultation not started: {window.patient.error.text()}")
    await until(lambda: workstation.call is not None, 30, "call room")
    assert workstation.call is not None
    doctor = DoctorPeer.from_link(workstation.call.doctor_link)
    await doctor.start()
    try:
        await fill_phase(window, STANDARD_ANSWERS)
        await next_phase(window)
        await until(lambda: session.call_connected, 60, "doctor connected")
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
        await until(lambda: window.consultation.call.self_view.frames_shown > 0, 10, "self view")
        await shot(window, screenshots, "4-consultation")
        await until(
            lambda: sum(m["type"] == "measurement" for m in doctor.messages) >= 4,
            30,
            "measurements at the doctor",
        )
        await next_phase(window)
        await fill_phase(window, STANDARD_ANSWERS)
        button(window, "next-phase").click()
        await until(lambda: bool(window.report.pages), 60, "report preview")
        await shot(window, screenshots, "5-report")
        return session.consultation.id
    finally:
        await doctor.close()
