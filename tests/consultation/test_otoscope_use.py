"""The otoscope's video line goes at its full rate only while the otoscope is in use: the
examination step waits for the assistant, or the doctor asked to see it; otherwise it idles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from station.checklists import shipped
from station.checklists.run import ChecklistRun
from station.consultation import Consultation
from station.consultation.otoscope_use import SHOWN_FOR, otoscope_in_use
from station.consultation.session import ConsultationSession
from station.devices.manager import DeviceManager
from station.protocol import channel as proto
from station.records import EventStore
from tests.consultation.test_session_still import RecordingPeer


class OtoscopePeer(RecordingPeer):
    def __init__(self) -> None:
        super().__init__()
        self.uses: list[bool] = []

    def use_otoscope(self, in_use: bool) -> None:
        self.uses.append(in_use)


def test_in_use_while_its_step_waits_or_the_doctor_asked() -> None:
    run = ChecklistRun(shipped()["standard"])
    run.phase = "during"
    assert not otoscope_in_use(run, None, 1000.0)  # no ear complaint: no otoscope step
    run.answers["complaint_area"] = "yes"
    assert otoscope_in_use(run, None, 1000.0)  # the examination is the next thing to do
    run.answers["otoscope"] = {"still": "s1"}
    assert not otoscope_in_use(run, None, 1000.0)  # done: back to idle
    assert otoscope_in_use(run, 1000.0 - 10, 1000.0)  # "show me the otoscope"
    assert not otoscope_in_use(run, 1000.0 - SHOWN_FOR - 1, 1000.0)


async def test_the_doctor_asking_to_see_it_puts_it_in_use(tmp_path: Path) -> None:
    from drivers.uvc_camera import UvcCamera
    from station.demo_env import OTOSCOPE

    otoscope = UvcCamera(OTOSCOPE)
    try:
        with EventStore(tmp_path / "r.sqlite3", bytes(32)) as store:
            consultation = Consultation.start(
                store, shipped()["standard"], station={"name": "T"}, assistant={"name": "A"}
            )
            session = ConsultationSession(consultation, DeviceManager({}), otoscope=otoscope)
            peer: Any = OtoscopePeer()
            session.attach_peer(peer)
            assert peer.uses == [False]  # idle from the start of the call
            await session.on_doctor_message(
                proto.parse({"v": 1, "type": "request", "id": "r1", "action": "show-otoscope"})
            )
            assert peer.uses[-1] is True
    finally:
        await otoscope.close()
