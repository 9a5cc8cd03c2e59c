"""A whole consultation driven through the window, as the assistant would, on simulators."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QLabel

from drivers.base import DeviceKind
from station.call.doctor_peer import DoctorPeer
from station.demo_env import DemoEnvironment
from station.records.report_data import gather
from station.ui import scripted
from station.ui.app import demo_workstation
from station.ui.main_window import MainWindow
from tests.ui.fakes import consultation_during_call, demo_window


def test_whole_consultation_through_the_window(run_ui: Any, qtbot: Any) -> None:
    async def scenario() -> dict[str, Any]:
        async with DemoEnvironment(profile="fever") as env:
            workstation = demo_workstation(env)
            window = MainWindow(workstation)
            qtbot.addWidget(window)
            window.show()
            await workstation.ensure_call()
            consultation = await scripted.play(window)
            assert env.store is not None
            events = env.store.events(consultation)
            data = gather(consultation, events)
            home_texts = []
            window.report.done.emit()  # "Terminer": back to the home screen
            home_texts = [label.text() for label in window.home.findChildren(QLabel)]
            result = {
                "types": [e.type for e in events],
                "data": data,
                "pages": len(window.report.pages),
                "screen": window.stack.currentWidget(),
                "home": home_texts,
                "window": window,
            }
            await workstation.end_call()
            await workstation.otoscope.close()
            return result

    result = run_ui(scenario)
    data = result["data"]
    assert data.patient.family_name == "Durand"
    assert data.assistant.name == "Claire Martin"
    assert data.consent and data.consent["given"] is True
    kinds = [m.kind for m in data.measurements]
    # BP, temperature, SpO2 from the checklist and a second temperature the doctor asked for.
    assert kinds.count("blood-pressure") == 1 and kinds.count("thermometer") == 2
    models = {m.device.get("model") for m in data.measurements}
    assert {"BM58", "SureTemp Plus", "CMS50D+"} <= models  # read through the real drivers
    fever = next(m for m in data.measurements if m.kind == "thermometer")
    assert fever.components[0]["value"] >= 38.0  # the "fever" patient profile
    assert "request" in result["types"] and "doctor.joined" in result["types"]
    assert data.notes["advice"] == [scripted.DOCTOR_ADVICE]
    assert len(data.stills) == 1  # otoscope: the patient complained of an ear
    assert result["types"][-1] == "report.queued"
    assert result["pages"] >= 1
    assert result["screen"] is result["window"].home
    assert any("DURAND Lucie" in text and "en attente d’envoi" in text for text in result["home"])


def test_unplugged_device_says_so_and_the_consultation_goes_on(run_ui: Any, qtbot: Any) -> None:
    async def scenario() -> dict[str, Any]:
        async with DemoEnvironment() as env:
            window = demo_window(env, qtbot)
            workstation = window.workstation
            session = await consultation_during_call(window)
            assert window.consultation is not None
            card = window.consultation.vitals.cards[DeviceKind.BLOOD_PRESSURE]
            card.button.click()
            await scripted.until(lambda: "mesure en cours" in card.state.text(), 10)
            env.unplug(DeviceKind.BLOOD_PRESSURE)  # the cable pulled mid-measurement
            await scripted.until(lambda: "⚠" in card.state.text(), 60, "error shown")
            error = card.state.text()
            # The consultation goes on: the thermometer still works, from its card.
            thermometer = window.consultation.vitals.cards[DeviceKind.THERMOMETER]
            thermometer.button.click()
            await scripted.until(lambda: "temperature" in session.consultation.run.answers, 60)
            result = {
                "error": error,
                "button": card.button.text(),
                "state": session.state,
                "answers": dict(session.consultation.run.answers),
                "value": thermometer.value.text(),
            }
            await workstation.end_call()
            await workstation.otoscope.close()
            return result

    result = run_ui(scenario)
    assert "débranché" in result["error"] or "ne répond pas" in result["error"]
    assert result["button"] == "Recommencer la mesure"
    assert "blood_pressure" not in result["answers"]
    assert str(result["state"]) == "call"  # no doctor joined in this test; nothing was lost
    assert "°C" in result["value"]


def test_doctor_request_before_the_consultation_opens_is_kept(run_ui: Any, qtbot: Any) -> None:
    async def scenario() -> list[str]:
        async with DemoEnvironment() as env:
            workstation = demo_workstation(env)
            window = MainWindow(workstation)
            qtbot.addWidget(window)
            call = await workstation.ensure_call()
            assert call is not None
            doctor = DoctorPeer.from_link(call.doctor_link)
            await doctor.start()
            try:
                await scripted.until(lambda: call.peer.connected.is_set(), 60, "call up")
                doctor.send(
                    {
                        "type": "request",
                        "id": "early-1",
                        "action": "take-measurement",
                        "kind": "scale",
                    }
                )
                await scripted.until(lambda: bool(workstation._early_messages), 10)
                scripted.sign_in(window)
                window.home.begin.click()
                scripted.identify(window)
                session = workstation.session
                assert session is not None
                await scripted.until(lambda: bool(session.open_requests()), 10, "request")
                return [s.text["fr"] for s in session.open_requests()]
            finally:
                await doctor.close()
                await workstation.end_call()
                await workstation.otoscope.close()

    requests = run_ui(scenario)
    assert requests == ["Mesure demandée par le médecin : poids"]


def test_a_value_typed_by_hand_is_recorded_and_flagged(run_ui: Any, qtbot: Any) -> None:
    async def scenario() -> dict[str, Any]:
        async with DemoEnvironment() as env:
            window = demo_window(env, qtbot)
            workstation = window.workstation
            session = await consultation_during_call(window)
            assert window.consultation is not None
            scripted.button(window, "manual-weight").click()
            dialog = window.consultation.manual_dialog
            assert dialog is not None
            dialog.fields["weight"].setText("soixante")
            dialog.submit()
            first_error = dialog.error.text()
            dialog.fields["weight"].setText("72,5")
            dialog.submit()
            await scripted.until(lambda: "weight" in session.consultation.run.answers, 10)
            assert env.store is not None
            recorded = [
                e.payload
                for e in env.store.events(session.consultation.id)
                if e.type == "measurement"
            ]
            step_text = next(
                frame.findChildren(QLabel)[1].text()
                for frame in window.consultation.checklist.findChildren(QFrame, "step")
                if frame.property("step") == "weight"
            )
            await workstation.end_call()
            await workstation.otoscope.close()
            return {"error": first_error, "recorded": recorded, "shown": step_text}

    result = run_ui(scenario)
    assert "nombre" in result["error"]
    (weight,) = result["recorded"]
    assert weight["components"][0]["value"] == 72.5 and weight["components"][0]["unit"] == "kg"
    assert "manual-entry" in weight["flags"]
    assert "72,5 kg" in result["shown"] and "saisie manuelle" in result["shown"]


def test_call_quality_and_the_audio_only_fallback_are_said_in_words(
    run_ui: Any, qtbot: Any
) -> None:
    from station.call.quality import CallQuality

    async def scenario() -> list[str]:
        async with DemoEnvironment() as env:
            window = demo_window(env, qtbot)
            session = await consultation_during_call(window)
            await scripted.until(lambda: session.peer is not None, 20, "call opened")
            assert window.consultation is not None and session.peer is not None
            label = window.consultation.findChild(QLabel, "call-quality")
            texts = []
            for quality in (
                CallQuality(rtt_ms=35, loss_percent=0.4, bitrate_kbps=1210, fps=30),
                CallQuality(rtt_ms=520, loss_percent=14.2, bitrate_kbps=40, fps=0, audio_only=True),
            ):
                session.peer.quality = quality
                session.peer.on_quality(quality)
                texts.append(label.text())
            await window.workstation.end_call()
            await window.workstation.otoscope.close()
            return texts

    good, poor = run_ui(scenario)
    assert (
        good
        == "Qualité de l’appel : bonne (aller-retour 35 ms, pertes 0,4 %, 1210 kbit/s, 30 images/s)"
    )
    assert poor.startswith("Qualité de l’appel : faible (aller-retour 520 ms, pertes 14,2 %")
    assert "vidéo : elle est suspendue, le son et les mesures passent toujours" in poor
    assert "suspendue" not in good
