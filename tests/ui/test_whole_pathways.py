"""The EHPAD and pharmacy pathways played whole by real input, sign-in to the report, with the
demo's devices, the otoscope and a doctor on the call (the standard one is the day's test)."""

from __future__ import annotations

from typing import Any

import pytest

from station.call.doctor_peer import DoctorPeer
from station.demo_env import DemoEnvironment
from station.records.report_data import gather
from station.ui import scripted, user
from tests.ui.fakes import demo_window

ANSWERS: dict[str, dict[str, Any]] = {
    # A resident who cannot consent, an ear complaint (the otoscope is asked), family told.
    "ehpad": {
        "can_consent": "no",
        "red_flags": ["none"],
        "complaint_area": "ent",
        "reason": "Otalgie droite depuis la veille.",
        "family_informed": "yes",
    },
    "pharmacy": {
        "red_flags": ["none"],
        "complaint_area": "yes",
        "reason": "Mal de gorge et oreille droite.",
        "current_treatments": "Aucun traitement.",
    },
}


@pytest.mark.parametrize("pathway", sorted(ANSWERS))
def test_a_whole_pathway_by_real_input(pathway: str, run_ui: Any, qtbot: Any) -> None:
    answers = ANSWERS[pathway]

    async def scenario() -> dict[str, Any]:
        async with DemoEnvironment() as env:
            window = demo_window(env, qtbot)
            workstation = window.workstation
            scripted.sign_in(window)
            user.choose(window.home.checklist, pathway)
            user.click(window.home.begin)
            scripted.identify(window)
            session = workstation.session
            assert session is not None
            await scripted.until(lambda: workstation.call is not None, 30, "call room")
            assert workstation.call is not None
            doctor = DoctorPeer.from_link(workstation.call.doctor_link)
            await doctor.start()
            try:
                phases = []
                while session.consultation.run.phase in ("before", "during", "after"):
                    phases.append(session.consultation.run.phase)
                    await scripted.fill_phase(window, answers)
                    if session.consultation.run.phase == "during":
                        await scripted.until(lambda: session.call_connected, 60, "doctor")
                    await scripted.settled(window)
                    user.click(scripted.button(window, "next-phase"))
                    await scripted.until(
                        lambda p=phases[-1]: session.consultation.run.phase != p, 60, "next phase"
                    )
                await scripted.until(
                    lambda: window.stack.currentWidget() is window.report, 60, "report screen"
                )
                await scripted.until(lambda: bool(window.report.pages), 60, "report pages")
            finally:
                await doctor.close()
            assert env.store is not None
            consultation = session.consultation.id
            data = gather(consultation, env.store.events(consultation))
            types = [e.type for e in env.store.events(consultation)]
            await workstation.end_call()
            await workstation.otoscope.close()
            return {"phases": phases, "data": data, "types": types}

    result = run_ui(scenario, timeout=300)
    data = result["data"]
    assert result["phases"] == ["before", "during", "after"]
    assert {m.kind for m in data.measurements} >= {"blood-pressure", "thermometer", "oximeter"}
    assert len(data.stills) == 1  # the otoscope step the complaint asked for
    # The report queued for the health record, then the TLM-CR made for Mon Espace Santé.
    assert result["types"][-2:] == ["report.queued", "cda.made"]
    if pathway == "ehpad":
        questions = " ".join(question for question, _ in data.follow_up)
        assert "plan de soins" in questions
        assert (
            "La famille ou la personne de confiance doit-elle être informée ?",
            "Oui, l’équipe s’en charge",
        ) in data.follow_up
