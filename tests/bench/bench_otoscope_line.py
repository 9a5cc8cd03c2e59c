"""What the otoscope's video line costs the station (prints figures, asserts nothing).

    python tests/bench/bench_otoscope_line.py [--seconds 30]

The station's peer (camera 1280×720 at 30 fps and the otoscope's line, 960×540) in a call to
a doctor in another process, through the real signaling server. The station process's CPU
over ``--seconds``: first with no otoscope line at all (the baseline, same run), then the
otoscope idle (1 frame/s, nobody examining), then in use (15 frames/s), then the whole call
(in use, with the microphone). Last, the issue's baseline for that whole call, same run: a
bare aiortc sender (an ``RTCPeerConnection`` and aiortc's ``MediaPlayer`` sources, no station
code) sending the same lines to the same doctor: 1280×720 at 30 fps, 960×540 at 15 fps, and
the sound. Goal of the resources issue: the whole call ≤ 1.3× the bare sender.
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

from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.contrib.media import MediaPlayer

from drivers.uvc_camera import UvcCamera
from station.call.audio import Microphone
from station.call.peer import StationPeer
from station.call.signaling_client import SignalingClient
from station.signaling import tokens
from tests.e2e.support import serve_signaling, until

SECRET = b"o" * 32
SOAK = Path(__file__).with_name("bench_soak.py")
SOUND = "lavfi:sine=frequency=440:sample_rate=48000"


def _doctor(address: str, room: str) -> subprocess.Popen[bytes]:
    link = f"http://{address}/#room={room}&token=" + tokens.issue(
        SECRET, room, "doctor", 600, one_time=True
    )
    return subprocess.Popen(
        [sys.executable, str(SOAK), "--role", "doctor", "--link", link],
        cwd=tempfile.gettempdir(),
    )


def _report(label: str, cpu: float, wall: float, scope_fps: float | None) -> float:
    line = f"{label:<34} station CPU {100 * cpu / wall:5.1f} %"
    if scope_fps is not None:
        line += f"   otoscope line {scope_fps:4.1f} frames/s"
    print(line, flush=True)
    return 100 * cpu / wall


def _room(label: str) -> str:
    plain = "".join(c for c in label if c.isalnum() or c == " ")
    return "bench-otoscope-" + "-".join(plain.split())


async def one(
    address: str,
    label: str,
    otoscope: bool,
    in_use: bool,
    seconds: float,
    microphone: bool = False,
) -> float:
    room = _room(label)
    camera = UvcCamera("lavfi:testsrc2=size=1280x720:rate=30")
    scope = UvcCamera("lavfi:testsrc=size=1280x720:rate=15") if otoscope else None
    mic = Microphone(SOUND) if microphone else None
    peer = StationPeer(
        SignalingClient(f"ws://{address}/ws", room, tokens.issue(SECRET, room, "station", 600)),
        camera,
        otoscope=scope,
        microphone=mic,
    )
    await peer.start()
    doctor = _doctor(address, room)
    try:
        await until(lambda: peer.connected.is_set(), timeout=60)
        peer.use_otoscope(in_use)
        await asyncio.sleep(5)  # settle: encoders warm, rates steady
        cpu, wall = time.process_time(), time.monotonic()
        sent = peer.otoscope_track.frames_sent if peer.otoscope_track else 0
        await asyncio.sleep(seconds)
        cpu, wall = time.process_time() - cpu, time.monotonic() - wall
        scope_fps = ((peer.otoscope_track.frames_sent - sent) / wall) if peer.otoscope_track else 0
        return _report(label, cpu, wall, scope_fps)
    finally:
        doctor.kill()
        doctor.wait()
        await peer.close()
        await camera.close()
        if scope is not None:
            await scope.close()
        if mic is not None:
            mic.close()


async def bare(address: str, label: str, seconds: float) -> float:
    """aiortc alone, as its examples send: a peer connection, MediaPlayer sources, the SDP
    through the same signaling server (its cost is a few messages)."""
    room = _room(label)
    signaling = SignalingClient(
        f"ws://{address}/ws", room, tokens.issue(SECRET, room, "station", 600)
    )
    await signaling.connect()
    players = [
        MediaPlayer("testsrc2=size=1280x720:rate=30", format="lavfi"),
        MediaPlayer("testsrc=size=960x540:rate=15", format="lavfi"),
        MediaPlayer(SOUND.partition(":")[2], format="lavfi"),
    ]
    pc = RTCPeerConnection()
    pc.addTrack(players[0].video)
    pc.addTransceiver(players[1].video, direction="sendonly")
    pc.addTrack(players[2].audio)
    doctor = _doctor(address, room)
    try:
        while (await signaling.receive()).get("type") != "peer-joined":
            pass
        await pc.setLocalDescription(await pc.createOffer())
        await signaling.send({"type": "offer", "sdp": pc.localDescription.sdp})
        while (message := await signaling.receive()).get("type") != "answer":
            pass
        await pc.setRemoteDescription(RTCSessionDescription(message["sdp"], "answer"))
        await until(lambda: pc.connectionState == "connected", timeout=60)
        await asyncio.sleep(5)
        cpu, wall = time.process_time(), time.monotonic()
        await asyncio.sleep(seconds)
        return _report(label, time.process_time() - cpu, time.monotonic() - wall, None)
    finally:
        doctor.kill()
        doctor.wait()
        await pc.close()
        for player in players:
            for track in (player.audio, player.video):
                if track is not None:
                    track.stop()
        await signaling.close()


async def main(seconds: float) -> None:
    runner, address = await serve_signaling(SECRET)
    try:
        await one(address, "no otoscope", False, False, seconds)
        await one(address, "otoscope idle", True, False, seconds)
        await one(address, "otoscope in use", True, True, seconds)
        whole = await one(address, "whole call (otoscope in use, mic)", True, True, seconds, True)
        base = await bare(address, "bare aiortc sender (baseline)", seconds)
        print(f"whole call / bare sender: {whole / base:.2f}× (goal 1.3×)")
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30.0)
    os.chdir(tempfile.gettempdir())
    asyncio.run(main(parser.parse_args().seconds))
