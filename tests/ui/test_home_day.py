"""The home screen across a day: closing mid-consultation asks first; an interrupted
consultation can be given up with a reason (recorded); past consultations are listed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from station.checklists import shipped
from station.consultation import Consultation
from station.records import events as ev
from station.ui import scripted, user
from station.ui.main_window import MainWindow
from tests.ui.fakes import offline_workstation


def _window(tmp_path: Path, qtbot: Any) -> MainWindow:
    window = MainWindow(offline_workstation(tmp_path))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def test_closing_mid_consultation_asks_first(tmp_path: Path, qtbot: Any) -> None:
    window = _window(tmp_path, qtbot)
    scripted.sign_in(window)
    user.click(window.home.begin)
    scripted.identify(window)
    assert window.consultation_under_way()
    window.close()  # the window's close button
    question = window.close_question
    assert question is not None
    qtbot.waitUntil(question.isVisible)
    assert window.isVisible()
    user.click(user.button(question, "confirm-close-no"))
    qtbot.waitUntil(lambda: not question.isVisible())
    assert window.isVisible()
    window.close()
    question = window.close_question
    qtbot.waitUntil(question.isVisible)
    user.click(user.button(question, "confirm-close-yes"))
    qtbot.waitUntil(lambda: not window.isVisible())
    # Nothing was lost: the consultation is offered for resuming.
    assert [u.patient for u in window.workstation.unfinished()] == ["DURAND Lucie"]


def test_an_interrupted_consultation_is_given_up_with_a_reason(tmp_path: Path, qtbot: Any) -> None:
    window = _window(tmp_path, qtbot)
    store = window.workstation.store
    left = Consultation.start(store, shipped()["standard"], station={}, assistant={"name": "A"})
    left.answer(
        "identity_checked",
        {"family_name": "Martin", "given_names": "Paul", "birth_date": "1940-05-06"},
    )
    scripted.sign_in(window)
    qtbot.waitUntil(lambda: window.home.resume_box.isVisible())
    user.click(user.button(window, f"abandon-{left.id}"))
    reason = user.find(window, f"abandon-reason-{left.id}", QLineEdit)
    user.click(user.button(window, f"abandon-confirm-{left.id}"))  # no reason yet: refused
    assert "pourquoi" in window.home.error.text()
    user.type_into(reason, "Le patient est reparti avant l’appel.")
    user.press(reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.home.resume_box.isVisible())
    recorded = [ev.decode(e) for e in store.events(left.id)]
    assert recorded[-1] == ev.ConsultationAbandoned("Le patient est reparti avant l’appel.", "A")
    assert window.workstation.unfinished() == []
    assert user.button(window, f"reopen-{left.id}").isVisible()  # listed with the past ones


def test_a_consultation_can_always_be_interrupted_and_resumed(
    run_ui: Any, tmp_path: Path, qtbot: Any
) -> None:
    window = _window(tmp_path, qtbot)
    scripted.sign_in(window)
    user.click(window.home.begin)
    scripted.identify(window)
    session = window.workstation.session
    assert session is not None

    async def scenario() -> None:
        user.click(user.button(window, "interrupt"))
        await scripted.until(lambda: window.stack.currentWidget() is window.home, 10)
        user.click(user.button(window, f"resume-{session.consultation.id}"))
        await scripted.until(lambda: window.consultation is not None, 10)

    run_ui(scenario)
    resumed = window.workstation.session
    assert resumed is not None and resumed.consultation.id == session.consultation.id
    assert window.stack.currentWidget() is window.consultation
