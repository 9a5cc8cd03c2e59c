"""The doctor's auscultation request: a step of its own for the assistant, refused in words
where the station has no stethoscope, and only in the forms the protocol allows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from station.checklists import shipped
from station.consultation import Consultation
from station.consultation.auscultation import sites_left
from station.consultation.session import ConsultationSession
from station.devices.manager import DeviceManager
from station.protocol import channel as proto
from station.records.store import EventStore

from .test_session_still import RecordingPeer


async def test_a_request_becomes_a_step_and_is_refused_without_a_stethoscope(
    tmp_path: Path,
) -> None:
    with EventStore(tmp_path / "r.sqlite3", bytes(32)) as store:
        consultation = Consultation.start(
            store, shipped()["standard"], station={"name": "T"}, assistant={"name": "A"}
        )
        session = ConsultationSession(consultation, DeviceManager({}))
        peer = RecordingPeer()
        session.attach_peer(peer)
        await session.on_doctor_message(
            proto.parse(
                {"v": 1, "type": "request", "id": "r1", "action": "auscultate", "kind": "lungs"}
            )
        )
        step = consultation.run.step("request_r1")
        assert (step.kind, step.region) == ("auscultation", "lungs")
        assert "poumons" in step.text["fr"]
        assert [s.face for s in sites_left(consultation, step.id)] == ["front"] * 4 + ["back"] * 4
        (reply,) = [
            proto.as_dict(proto.decode(raw)) for raw in peer.sent if '"type":"reply"' in raw
        ]
        assert reply["ok"] is False and "Aucun stéthoscope" in reply["text"]
        resumed = Consultation.resume(store, consultation.id)  # the request outlives a restart
        assert resumed.run.step("request_r1").region == "lungs"


@pytest.mark.parametrize(
    "request_",
    [
        {"action": "auscultate"},  # which region?
        {"action": "auscultate", "kind": "scale"},
        {"action": "take-measurement", "kind": "heart"},
    ],
)
def test_malformed_auscultation_requests_are_refused_by_the_protocol(
    request_: dict[str, str],
) -> None:
    raw = json.dumps({"v": 1, "type": "request", "id": "r2", **request_})
    with pytest.raises(proto.InvalidMessage):
        proto.decode(raw)
    accepted = {"v": 1, "type": "request", "id": "r3", "action": "auscultate", "kind": "heart"}
    assert proto.as_dict(proto.decode(json.dumps(accepted))) == accepted
