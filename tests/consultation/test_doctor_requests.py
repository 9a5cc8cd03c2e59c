"""What the doctor may ask: a measurement request names its device, one request per device is
open at a time, stills are rate-limited and capped, and any request can be declined with a
reason that reaches the doctor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drivers.uvc_camera import UvcCamera
from station.checklists import shipped
from station.consultation import Consultation
from station.consultation.session import ConsultationSession
from station.devices.manager import DeviceManager
from station.protocol import channel as proto
from station.records import EventStore
from tests.consultation.test_session_still import RecordingPeer

KEY = bytes(range(32))


def _session(store: EventStore, otoscope: UvcCamera | None = None) -> ConsultationSession:
    consultation = Consultation.start(
        store, shipped()["standard"], station={"name": "T"}, assistant={"name": "A"}
    )
    session = ConsultationSession(consultation, DeviceManager({}), otoscope=otoscope)
    session.attach_peer(RecordingPeer())
    return session


def _replies(session: ConsultationSession) -> list[dict[str, object]]:
    return [m for m in map(json.loads, session.peer.sent) if m["type"] == "reply"]


def test_a_measurement_request_must_name_its_device() -> None:
    with pytest.raises(proto.InvalidMessage):
        proto.decode(
            json.dumps({"v": 1, "type": "request", "id": "r", "action": "take-measurement"})
        )


async def test_150_requests_for_one_device_make_one_step(tmp_path: Path) -> None:
    with EventStore(tmp_path / "r.sqlite3", KEY) as store:
        session = _session(store)
        for number in range(150):
            await session.on_doctor_message(
                proto.parse(
                    {
                        "type": "request",
                        "id": f"r{number}",
                        "action": "take-measurement",
                        "kind": "scale",
                    }
                )
            )
        assert len(session.open_requests()) == 1
        recorded = [e for e in store.events(session.consultation.id) if e.type == "request"]
        assert len(recorded) == 1
        assert sum("déjà demandée" in str(r["text"]) for r in _replies(session)) == 149


async def test_a_burst_of_still_requests_takes_one_photo(tmp_path: Path) -> None:
    from station.demo_env import OTOSCOPE

    otoscope = UvcCamera(OTOSCOPE)
    try:
        with EventStore(tmp_path / "r.sqlite3", KEY) as store:
            session = _session(store, otoscope)
            for number in range(20):
                await session.on_doctor_message(
                    proto.parse({"type": "request", "id": f"s{number}", "action": "capture-still"})
                )
            stills = [e for e in store.events(session.consultation.id) if e.type == "still"]
            assert len(stills) == 1
            assert sum("attendez" in str(r["text"]) for r in _replies(session)) == 19
    finally:
        await otoscope.close()


async def test_a_request_declined_with_a_reason_answers_the_doctor(tmp_path: Path) -> None:
    with EventStore(tmp_path / "r.sqlite3", KEY) as store:
        session = _session(store)
        await session.on_doctor_message(
            proto.parse(
                {"type": "request", "id": "w1", "action": "take-measurement", "kind": "scale"}
            )
        )
        (step,) = session.open_requests()
        session.dismiss_request(step.id, "Le patient ne peut pas se tenir debout.")
        assert session.open_requests() == []
        assert session.consultation.run.answers[step.id] == {
            "dismissed": "Le patient ne peut pas se tenir debout."
        }
        assert _replies(session)[-1] == {
            "v": 1,
            "id": _replies(session)[-1]["id"],
            "type": "reply",
            "request": "w1",
            "ok": False,
            "text": "Pas possible : Le patient ne peut pas se tenir debout.",
            "final": True,
        }
