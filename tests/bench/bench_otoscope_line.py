"""What the otoscope's video line costs the station (prints figures, asserts nothing).

    python tests/bench/bench_otoscope_line.py [--seconds 30]

The station's peer (camera 1280×720 at 30 fps and the otoscope's line, 960×540) in a call to
a doctor in another process, through the real signaling server. The station process's CPU
over ``--seconds``: first with no otoscope line at all (the baseline, same run), then the
otoscope idle (1 frame/s, nobody examining), then in use (15 frames/s).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

import argparse
import asyncio
import os
import subprocess
import tempfile
import time

from drivers.uvc_camera import UvcCamera
from station.call.peer import StationPeer
from station.call.signaling_client import SignalingClient
from station.signaling import tokens
from tests.e2e.support import serve_signaling, until

SECRET = b"o" * 32
SOAK = Path(__file__).with_name("bench_soak.py")


async def one(address: str, label: str, otoscope: bool, in_use: bool, seconds: float) -> None:
    room = "bench-otoscope-" + "-".join(label.replace("(", "").replace(")", "").split())
    camera = UvcCamera("lavfi:testsrc2=size=1280x720:rate=30")
    scope = UvcCamera("lavfi:testsrc=size=1280x720:rate=15") if otoscope else None
    peer = StationPeer(
        SignalingClient(f"ws://{address}/ws", room, tokens.issue(SECRET, room, "station", 600)),
        camera,
        otoscope=scope,
    )
    link = f"http://{address}/#room={room}&token=" + tokens.issue(
        SECRET, room, "doctor", 600, one_time=True
    )
    await peer.start()
    doctor = subprocess.Popen(
        [sys.executable, str(SOAK), "--role", "doctor", "--link", link],
        cwd=tempfile.gettempdir(),
    )
    try:
        await until(lambda: peer.connected.is_set(), timeout=60)
        peer.use_otoscope(in_use)
        await asyncio.sleep(5)  # settle: encoders warm, rates steady
        cpu, wall = time.process_time(), time.monotonic()
        sent = peer.otoscope_track.frames_sent if peer.otoscope_track else 0
        await asyncio.sleep(seconds)
        cpu, wall = time.process_time() - cpu, time.monotonic() - wall
        scope_fps = ((peer.otoscope_track.frames_sent - sent) / wall) if peer.otoscope_track else 0
        print(
            f"{label:<22} station CPU {100 * cpu / wall:5.1f} %   otoscope line "
            f"{scope_fps:4.1f} frames/s",
            flush=True,
        )
    finally:
        doctor.kill()
        doctor.wait()
        await peer.close()
        await camera.close()
        if scope is not None:
            await scope.close()


async def main(seconds: float) -> None:
    runner, address = await serve_signaling(SECRET)
    try:
        await one(address, "no otoscope (baseline)", False, False, seconds)
        await one(address, "otoscope idle", True, False, seconds)
        await one(address, "otoscope in use", True, True, seconds)
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30.0)
    os.chdir(tempfile.gettempdir())
    asyncio.run(main(parser.parse_args().seconds))
