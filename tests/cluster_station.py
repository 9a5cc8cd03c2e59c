"""A station for the cluster test, in its own process (it trusts the test's TLS certificate
through SSL_CERT_FILE, which aiohttp reads when it is imported).

    python tests/cluster_station.py SERVICE_URL CODE

Enrolls with the code, asks the service for a room, joins it with a test camera and prints
``doctor: LINK``. Then reads commands on stdin: ``send N`` sends N blood-pressure readings
(each its own data-channel message) and prints ``sent TOTAL``; ``quit`` ends the call.
"""

from __future__ import annotations

import asyncio
import sys

from drivers.base import Component, DeviceInfo, DeviceKind, Measurement
from drivers.uvc_camera import UvcCamera
from station.call.peer import StationPeer
from station.call.service_client import ServiceClient, enroll
from station.call.signaling_client import SignalingClient


def reading(number: int) -> Measurement:
    return Measurement(
        DeviceKind.BLOOD_PRESSURE,
        (
            Component("systolic", "8480-6", 120 + number, "mm[Hg]"),
            Component("diastolic", "8462-4", 80, "mm[Hg]"),
        ),
        DeviceInfo("beurer-bm58", "Beurer", "BM 58"),
    )


async def main(url: str, code: str) -> int:
    enrolled = await enroll(url, code)
    grant = await ServiceClient(url, enrolled.credential).open_room()
    ws_url = url.replace("https", "wss", 1) + "/ws"
    peer = StationPeer(
        SignalingClient(ws_url, grant.room, grant.station_token),
        UvcCamera("lavfi:testsrc2=size=640x360:rate=15"),
    )
    await peer.start()
    print(f"doctor: {grant.doctor_link}", flush=True)
    loop = asyncio.get_running_loop()
    sent = 0
    try:
        while True:
            line = (await loop.run_in_executor(None, sys.stdin.readline)).split()
            if not line or line[0] == "quit":
                return 0
            if line[0] == "send":
                for _ in range(int(line[1])):
                    sent += 1
                    peer.send_measurement(reading(sent))
                print(f"sent {sent}", flush=True)
    finally:
        await peer.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2])))
