"""A still asked by the doctor: the full PNG goes into the record, a JPEG view to the doctor
in one data-channel message the page accepts."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from drivers.uvc_camera import UvcCamera
from station.call.call_state import CallState
from station.checklists import shipped
from station.consultation import Consultation
from station.consultation.session import ConsultationSession
from station.demo_env import OTOSCOPE
from station.devices.manager import DeviceManager
from station.protocol import channel as proto
from station.records.store import EventStore
from station.signals import Signal


class RecordingPeer:
    def __init__(self) -> None:
        self.sent: list[str] = []
        self.message: Signal[dict[str, Any]] = Signal()
        self.state_changed: Signal[Any] = Signal()
        self.channel_opened: Signal[None] = Signal()
        self.delivered: Signal[str] = Signal()
        self.quality_changed: Signal[Any] = Signal()
        self.ended: Signal[str] = Signal()
        self.state = CallState.WAITING
        self.channel = None
        self.room = "room"
        self.service_key = None

    def send(self, message: dict[str, Any]) -> str:
        message = {"v": 1, **message, "id": message.get("id") or f"m{len(self.sent)}"}
        self.sent.append(proto.encode(message))
        return str(message["id"])

    async def send_bulk(self, message: dict[str, Any]) -> str:
        return self.send(message)


async def test_doctor_asks_for_a_still(tmp_path: Path) -> None:
    with EventStore(tmp_path / "r.sqlite3", bytes(32)) as store:
        consultation = Consultation.start(
            store, shipped()["standard"], station={"name": "T"}, assistant={"name": "A"}
        )
        otoscope = UvcCamera(OTOSCOPE)
        session = ConsultationSession(consultation, DeviceManager({}), otoscope=otoscope)
        peer = RecordingPeer()
        session.attach_peer(peer)
        try:
            await session.on_doctor_message(
                proto.parse({"v": 1, "type": "request", "id": "r1", "action": "capture-still"})
            )
        finally:
            await otoscope.close()
        events = store.events(consultation.id)
    still_event = next(e for e in events if e.type == "still")
    png = base64.b64decode(still_event.payload["png_b64"])
    assert png.startswith(b"\x89PNG") and still_event.payload["bytes"] == len(png)
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1280, 720)  # the otoscope's full size, not the call's view
    stills = [proto.as_dict(proto.decode(raw)) for raw in peer.sent if '"type":"still"' in raw]
    assert len(stills) == 1
    jpeg = base64.b64decode(stills[0]["jpeg_b64"])
    assert jpeg.startswith(b"\xff\xd8")  # a JPEG
    assert stills[0]["width"] >= 320 and len(peer.sent[-1].encode()) < proto.MAX_MESSAGE_BYTES


async def test_a_restarted_station_sends_again_what_the_record_holds(tmp_path: Path) -> None:
    """After a restart, the new call's page gets the still and the closed request's outcome
    from the record, under the ids they had: a page that already had them shows each once."""
    path, key = tmp_path / "r.sqlite3", bytes(32)
    with EventStore(path, key) as store:
        consultation = Consultation.start(
            store, shipped()["standard"], station={"name": "T"}, assistant={"name": "A"}
        )
        otoscope = UvcCamera(OTOSCOPE)
        session = ConsultationSession(consultation, DeviceManager({}), otoscope=otoscope)
        first = RecordingPeer()
        session.attach_peer(first)
        try:
            await session.on_doctor_message(
                proto.parse({"v": 1, "type": "request", "id": "r1", "action": "capture-still"})
            )
            await session.on_doctor_message(
                proto.parse(
                    {
                        "v": 1,
                        "type": "request",
                        "id": "w1",
                        "action": "take-measurement",
                        "kind": "scale",
                    }
                )
            )
            (step,) = session.open_requests()
            session.dismiss_request(step.id, "Le patient ne tient pas debout.")
        finally:
            await otoscope.close()
        consultation_id = consultation.id
    sent_first = [proto.as_dict(proto.decode(raw)) for raw in first.sent]
    (still,) = [m for m in sent_first if m["type"] == "still"]

    with EventStore(path, key) as store:  # the station again, on its record
        resumed = Consultation.resume(store, consultation_id)
        session = ConsultationSession(resumed, DeviceManager({}))
        second = RecordingPeer()
        second.channel = type("Open", (), {"readyState": "open"})()
        session.attach_peer(second)
        assert session._stills_again is not None
        await session._stills_again
    sent_again = [proto.as_dict(proto.decode(raw)) for raw in second.sent]
    (again,) = [m for m in sent_again if m["type"] == "still"]
    assert again["id"] == still["id"] and again["jpeg_b64"].strip()
    outcomes = [m for m in sent_again if m["type"] == "reply" and m["request"] == "w1"]
    assert [(m["ok"], m["text"]) for m in outcomes] == [
        (False, "Pas possible : Le patient ne tient pas debout.")
    ]
