"""A station in its own process, to be killed: it takes a weight on a simulated scale, joins
room ``delivery-restart-1`` and prints ``ready``, then ``recorded ID`` once a doctor's request
is in its record (and never answers it). Arguments: the signaling URL and the record's path."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from drivers import registry
from drivers.base import DeviceKind
from drivers.sim import simulator_class
from drivers.uvc_camera import UvcCamera
from station.call.peer import StationPeer
from station.call.signaling_client import SignalingClient
from station.checklists import shipped
from station.consultation import Consultation
from station.consultation.session import ConsultationSession
from station.devices.manager import DeviceManager
from station.records import EventStore
from station.signaling import tokens


async def main(ws_url: str, record: Path) -> None:
    sim = simulator_class("marsden-m430")(profile="normotensive", seed=9)
    scale = registry.get("marsden-m430")(sim.start())
    store = EventStore(record, bytes.fromhex(os.environ["STATION_TEST_RECORD_KEY"]))
    consultation = Consultation.start(
        store, shipped()["standard"], station={"name": "T"}, assistant={"name": "A"}
    )
    session = ConsultationSession(consultation, DeviceManager({DeviceKind.SCALE: scale}))
    assert await session.take_measurement(DeviceKind.SCALE) is not None
    secret = bytes.fromhex(os.environ["STATION_TEST_SECRET"])
    token = tokens.issue(secret, "delivery-restart-1", "station", 120)
    peer = StationPeer(
        SignalingClient(ws_url, "delivery-restart-1", token),
        UvcCamera("lavfi:testsrc2=size=320x240:rate=15"),
    )
    session.attach_peer(peer)
    # The assistant never answers: the request waits in the record when the process dies.
    await peer.start()
    print("ready", flush=True)
    while not consultation.requests:
        await asyncio.sleep(0.05)
    print("recorded", *consultation.requests, flush=True)
    await asyncio.sleep(3600)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], Path(sys.argv[2])))
