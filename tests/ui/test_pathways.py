"""Every shipped pathway's first phase answered by real input, through the window, up to the
call: the identity, consent (the resident's or a representative's), emergency signs, reason
and context, each with the control a person uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from station.checklists import shipped
from station.ui import scripted, user
from station.ui.main_window import MainWindow
from tests.ui.fakes import offline_workstation

ANSWERS: dict[str, dict[str, Any]] = {
    "standard": scripted.STANDARD_ANSWERS,
    "pharmacy": {"red_flags": ["none"], "complaint_area": "no"},
    # A resident who cannot consent: the representative's consent is asked instead.
    "ehpad": {"can_consent": "no", "red_flags": ["none"], "complaint_area": "no"},
}


@pytest.mark.parametrize("pathway", sorted(shipped()))
def test_the_first_phase_of_every_pathway_by_real_input(
    pathway: str, run_ui: Any, tmp_path: Path, qtbot: Any
) -> None:
    window = MainWindow(offline_workstation(tmp_path))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    scripted.sign_in(window)
    user.choose(window.home.checklist, pathway)
    user.click(window.home.begin)
    scripted.identify(window)
    session = window.workstation.session
    assert session is not None and session.consultation.run.checklist.id == pathway

    async def scenario() -> None:
        await scripted.fill_phase(window, ANSWERS[pathway])
        await scripted.next_phase(window)

    run_ui(scenario)
    run = session.consultation.run
    assert run.phase == "during" and run.stop is None
    if pathway == "ehpad":
        assert run.answers["representative_consent"] is True and "consent" not in run.answers
