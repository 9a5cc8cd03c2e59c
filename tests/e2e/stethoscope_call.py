"""A live call whose stethoscope is the simulator's (run as a child process by
tests/e2e/test_stethoscope_call.py, with the simulator's ALSA_CONFIG_PATH): the station's
peer with the real driver, a doctor's peer, the real signaling server. Prints what the doctor
received on the stethoscope's line as one JSON line."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import array
import asyncio
import json
import math

from drivers.stethoscope import Stethoscope
from drivers.uvc_camera import UvcCamera
from station.call.doctor_peer import DoctorPeer
from station.call.peer import StationPeer
from station.call.signaling_client import SignalingClient
from station.signaling import tokens
from tests.e2e.support import serve_signaling, until
from tests.stethoscope_support import beat_period

SECRET = b"s" * 32
RATE = 48000
SECONDS = 5


def power(samples: array.array[int], hz: float) -> float:
    coeff = 2 * math.cos(2 * math.pi * hz / RATE)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coeff * s1 - s2, s1
    return s1 * s1 + s2 * s2 - coeff * s1 * s2


async def main(device: str) -> dict[str, float]:
    runner, address = await serve_signaling(SECRET)
    room = "consultation-stethoscope"
    camera = UvcCamera("lavfi:testsrc2=size=320x240:rate=15")
    stethoscope = Stethoscope(device)
    station = StationPeer(
        SignalingClient(f"ws://{address}/ws", room, tokens.issue(SECRET, room, "station", 120)),
        camera,
        stethoscope=stethoscope,
    )
    doctor = DoctorPeer(
        SignalingClient(
            f"ws://{address}/ws", room, tokens.issue(SECRET, room, "doctor", 120, one_time=True)
        )
    )
    try:
        await station.start()
        await doctor.start()
        wanted = SECONDS * RATE * 2
        await until(lambda: any(len(s) >= wanted for s in doctor.sound_by_track), timeout=60)
        line = max(doctor.sound_by_track, key=len)
        samples = array.array("h")
        samples.frombytes(bytes(line[:wanted]))
        samples = samples[RATE // 2 :]  # past the codec's and the jitter buffer's start
        return {
            "audio_lines": len(doctor.sound_by_track),
            "seconds": len(samples) / RATE,
            "p40": power(samples, 40),
            "p3000": power(samples, 3000),
            "rms": math.sqrt(sum(x * x for x in samples) / len(samples)),
            "beat_period": beat_period(samples, RATE),
        }
    finally:
        await doctor.close()
        await station.close()
        await stethoscope.close()
        await camera.close()
        await runner.cleanup()


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1]))), flush=True)
