"""A whole consultation driven through the window, as the assistant would, on simulators."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel

from drivers.base import DeviceKind
from station.demo_env import DemoEnvironment
from station.records.report_data import gather
from station.ui import scripted, user
from station.ui.demo import demo_workstation
from station.ui.main_window import MainWindow
from tests.ui.fakes import consultation_during_call, demo_window


def test_whole_consultation_through_the_window(run_ui: Any, qtbot: Any) -> None:
    async def scenario() -> dict[str, Any]:
        async with DemoEnvironment(profile="fever") as env:
            workstation = demo_workstation(env)
            window = MainWindow(workstation)
            qtbot.addWidget(window)
            window.show()
            shown: list[int] = []  # the report's pages, on the report screen
            (consultation,) = await scripted.play_day(
                window, 1, done=lambda _: shown.append(len(window.report.pages))
            )
            assert env.store is not None
            events = env.store.events(consultation)
            data = gather(consultation, events)
            home_texts = []
            # play() ends with "Terminer" on the report: back to the home screen.
            home_texts = [label.text() for label in window.home.findChildren(QLabel)]
            result = {
                "types": [e.type for e in events],
                "data": data,
                "pages": shown[0],
                "pages_kept": len(window.report.pages),  # after "Terminer": forgotten
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
    # BP, temperature, SpO2: the temperature the doctor asked for also answered the
    # checklist's own step (one reading, listed once).
    assert kinds.count("blood-pressure") == 1 and kinds.count("thermometer") == 1
    models = {m.device.get("model") for m in data.measurements}
    assert {"BM58", "SureTemp Plus", "CMS50D+"} <= models  # read through the real drivers
    fever = next(m for m in data.measurements if m.kind == "thermometer")
    assert fever.components[0]["value"] >= 38.0  # the "fever" patient profile
    assert "request" in result["types"] and "doctor.joined" in result["types"]
    assert data.notes["advice"] == [scripted.DOCTOR_ADVICE]
    assert len(data.stills) == 1  # otoscope: the patient complained of an ear
    # The report queued for the health record, then the TLM-CR made for Mon Espace Santé.
    assert result["types"][-2:] == ["report.queued", "cda.made"]
    assert result["pages"] >= 1 and result["pages_kept"] == 0
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
            user.click(card.button)
            await scripted.until(lambda: "mesure en cours" in card.state.text(), 10)
            env.unplug(DeviceKind.BLOOD_PRESSURE)  # the cable pulled mid-measurement
            await scripted.until(lambda: "⚠" in card.state.text(), 60, "error shown")
            error = card.state.text()
            # The consultation goes on: the thermometer still works, from its card.
            thermometer = window.consultation.vitals.cards[DeviceKind.THERMOMETER]
            user.click(thermometer.button)
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


def test_the_doctor_room_opens_only_once_a_patient_is_identified(run_ui: Any, qtbot: Any) -> None:
    """No room, so no link, before a patient: a doctor joining then saw the room's camera, and
    what they sent landed in the next patient's record."""

    async def scenario() -> dict[str, Any]:
        async with DemoEnvironment() as env:
            window = demo_window(env, qtbot)
            workstation = window.workstation
            links: list[str] = []
            workstation.doctor_link.connect(links.append)
            before = await workstation.ensure_call()
            scripted.sign_in(window)
            user.click(window.home.begin)
            no_patient_yet = await workstation.ensure_call()
            scripted.identify(window)
            await scripted.until(lambda: workstation.call is not None, 30, "room")
            assert window.consultation is not None
            await scripted.until(
                lambda: bool(window.consultation.call.link.text()), 10, "link shown"
            )
            shown = window.consultation.call.link.text()
            await workstation.end_call()
            await workstation.otoscope.close()
            return {"before": before, "no_patient": no_patient_yet, "links": links, "shown": shown}

    result = run_ui(scenario)
    assert result["before"] is None and result["no_patient"] is None
    assert len(result["links"]) == 1 and result["shown"] == result["links"][0]


def test_a_value_typed_by_hand_is_recorded_and_flagged(run_ui: Any, qtbot: Any) -> None:
    async def scenario() -> dict[str, Any]:
        async with DemoEnvironment() as env:
            window = demo_window(env, qtbot)
            workstation = window.workstation
            session = await consultation_during_call(window)
            assert window.consultation is not None
            user.click(scripted.button(window, "manual-weight"))
            dialog = window.consultation.manual_dialog
            assert dialog is not None
            user.type_into(dialog.fields["weight"], "soixante")
            user.press(dialog.fields["weight"], Qt.Key.Key_Return)
            first_error = dialog.error.text()
            user.type_into(dialog.fields["weight"], "72,5")
            user.press(dialog.fields["weight"], Qt.Key.Key_Return)
            await scripted.until(lambda: "weight" in session.consultation.run.answers, 10)
            await scripted.settled(window)
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
                session.peer.quality_changed.emit(quality)
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
