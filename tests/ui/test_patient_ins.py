"""The nurse types the patient's INS and the INSEE code of the birthplace (the INS traits),
by keyboard: the record keeps them, the INS as typed (provisional), and a wrong code is said in
words without losing what was typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from station.ui import scripted, user
from station.ui.main_window import MainWindow
from tests.ui.fakes import offline_workstation


def test_the_ins_traits_are_typed_and_recorded(run_ui: Any, qtbot: Any, tmp_path: Path) -> None:
    window = MainWindow(offline_workstation(tmp_path / "data"))
    qtbot.addWidget(window)
    window.show()

    async def scenario() -> Any:
        scripted.sign_in(window)
        await scripted.until(lambda: window.stack.currentWidget() is window.home, 10)
        user.click(window.home.begin)
        screen = window.patient
        user.type_into(screen.ins, "2 50 03 2A 004 123")
        user.type_into(screen.birthplace, "Ajaccio")
        scripted.identify(window, ("Santoni", "Marie", "01/03/1950"))
        assert "INSEE" in screen.error.text()
        assert screen.ins.text() == "2 50 03 2A 004 123"  # nothing typed is lost
        user.type_into(screen.birthplace, "2A004")
        user.click(screen.submit)
        await scripted.until(lambda: window.workstation.session is not None, 10, "started")
        return window.workstation.session.consultation.patient  # type: ignore[union-attr]

    patient = run_ui(scenario)
    assert patient.birthplace == "2A004"
    assert patient.ins == {
        "value": "250032A00412340",  # the key added (2A counts as 19)
        "oid": "1.2.250.1.213.1.4.8",
        "status": "provisional",
        "how": "typed",
    }
