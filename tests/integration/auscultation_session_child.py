"""The doctor asks for the heart; the assistant records the four areas one by one on the real
driver (run as a child process by tests/integration/test_auscultation.py with the simulator's
ALSA_CONFIG_PATH). Prints what the record and the doctor got as one JSON line."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import asyncio
import json

from drivers.stethoscope import Stethoscope
from station.checklists import shipped
from station.consultation.auscultation import sites_left
from station.consultation.consultation import Consultation
from station.consultation.session import ConsultationSession
from station.devices.manager import DeviceManager
from station.protocol import channel as proto
from station.records import EventStore
from tests.consultation.test_session_still import RecordingPeer


async def main(device: str, record_path: str) -> None:
    store = EventStore(Path(record_path), bytes(32))
    consultation = Consultation.start(
        store, shipped()["standard"], station={}, assistant={"name": "Inès Martin"}
    )
    stethoscope = Stethoscope(device)
    session = ConsultationSession(consultation, DeviceManager({}), stethoscope=stethoscope)
    session.clip_seconds = 1.5
    peer = RecordingPeer()
    session.attach_peer(peer)
    await session.on_doctor_message(
        proto.parse(
            {"v": 1, "type": "request", "id": "r7", "action": "auscultate", "kind": "heart"}
        )
    )
    step = consultation.run.step("request_r7")
    order, outcomes = [], []
    try:
        while (left := sites_left(consultation, step.id)) and len(outcomes) < 8:
            order.append(left[0].code)
            outcomes.append((await session.auscultate(step.id, left[0].code)).usable)
    finally:
        await stethoscope.close()
    replies = [proto.as_dict(proto.decode(raw)) for raw in peer.sent if '"type":"reply"' in raw]
    result = {
        "kind": step.kind,
        "region": step.region,
        "order": order,
        "usable": outcomes,
        "answer": consultation.run.answers.get(step.id),
        "replies": [r["text"] for r in replies if r["request"] == "r7"],
        "open": [s.id for s in session.open_requests()],
    }
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
