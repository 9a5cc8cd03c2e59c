"""Station peer ↔ Python doctor peer through the real signaling server: video flows, a
measurement from a simulator on a pty reaches the doctor, the doctor's request reaches the
station."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from drivers import registry
from drivers.base import DeviceDriver
from drivers.sim import simulator_class
from drivers.uvc_camera import UvcCamera
from station.call.doctor_peer import DoctorPeer
from station.call.peer import StationPeer
from station.call.signaling_client import SignalingClient
from station.protocol import channel as wire
from station.signaling import tokens

from .support import serve_signaling, until

SECRET = b"e" * 32
ROOM = "consultation-e2e-1"


@pytest.fixture
async def ws_url() -> AsyncIterator[str]:
    runner, address = await serve_signaling(SECRET)
    yield f"ws://{address}/ws"
    await runner.cleanup()


async def test_video_measurement_and_request_cross_the_call(ws_url: str) -> None:
    requests: list[dict[str, Any]] = []
    station = StationPeer(
        SignalingClient(ws_url, ROOM, tokens.issue(SECRET, ROOM, "station", 60)),
        UvcCamera("lavfi:testsrc2=size=640x480:rate=30"),
    )
    station.message.connect(lambda message: requests.append(wire.as_dict(message)))
    doctor = DoctorPeer(
        SignalingClient(ws_url, ROOM, tokens.issue(SECRET, ROOM, "doctor", 60, one_time=True))
    )
    sim = simulator_class("beurer-bm58")(profile="hypertensive", seed=3)
    port = sim.start()
    try:
        await station.start()
        await doctor.start()
        # a measurement taken before the channel is open is queued, then delivered once
        monitor = registry.get("beurer-bm58")(port)
        assert isinstance(monitor, DeviceDriver)
        measurement = await monitor.measure(timeout=10)
        await monitor.close()
        station.send_measurement(measurement)

        await until(lambda: doctor.frames >= 30)
        assert doctor.frame_sizes == {(640, 480)}
        await until(lambda: doctor.messages)
        (received,) = doctor.messages
        values = {
            c["loinc"]: (c["value"], c["unit"]) for c in received["measurement"]["components"]
        }
        assert values["8480-6"] == (measurement.value("systolic"), "mm[Hg]")
        await until(lambda: not station.sender.unacked)  # the doctor acknowledged it

        doctor.send(
            {"type": "request", "id": "req-1", "action": "take-measurement", "kind": "thermometer"}
        )
        doctor.send(
            {"type": "request", "id": "req-1", "action": "take-measurement", "kind": "thermometer"}
        )  # a duplicate is handled once
        doctor.send({"type": "note", "id": "note-1", "kind": "advice", "text": "Boire."})
        await until(lambda: len(requests) >= 2)
        await asyncio.sleep(0.3)
        assert [(r["type"], r["id"]) for r in requests] == [
            ("request", "req-1"),
            ("note", "note-1"),
        ]
    finally:
        sim.stop()
        await doctor.close()
        await station.close()


async def test_doctor_reload_loses_nothing_and_duplicates_nothing(ws_url: str) -> None:
    """The doctor's page goes away (reload, network cut); measurements taken meanwhile wait
    and arrive once the doctor is back, each exactly once."""
    station = StationPeer(
        SignalingClient(ws_url, ROOM, tokens.issue(SECRET, ROOM, "station", 60)),
        UvcCamera("lavfi:testsrc2=size=320x240:rate=30"),
    )
    first = DoctorPeer(
        SignalingClient(ws_url, ROOM, tokens.issue(SECRET, ROOM, "doctor", 60, one_time=True))
    )
    second = None
    sim = simulator_class("welch-allyn-suretemp")(profile="fever", seed=4)
    port = sim.start()
    try:
        await station.start()
        await first.start()
        thermometer = registry.get("welch-allyn-suretemp")(port)
        assert isinstance(thermometer, DeviceDriver)
        station.send_measurement(await thermometer.measure(timeout=10))
        await until(lambda: len(first.messages) == 1 and not station.sender.unacked)
        session_token = first.signaling.token  # what the page keeps in sessionStorage
        await first.close()  # the page is reloaded
        await until(lambda: not station.connected.is_set())

        taken_while_away = [await thermometer.measure(timeout=10) for _ in range(2)]
        await thermometer.close()
        ids = [station.send_measurement(m) for m in taken_while_away]
        assert set(station.sender.unacked) == set(ids)

        second = DoctorPeer(SignalingClient(ws_url, ROOM, session_token))
        await second.start()
        await until(lambda: len(second.messages) >= 2 and not station.sender.unacked)
        await asyncio.sleep(0.5)
        assert [m["id"] for m in second.messages] == ids  # in order, once each
    finally:
        sim.stop()
        if second is not None:
            await second.close()
        await station.close()


async def test_signaling_server_restart_mid_call_keeps_the_call() -> None:
    """The signaling server goes down and comes back: the media path and the data channel
    carry on, and the station joins the room again by itself."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    ws_url = f"ws://127.0.0.1:{port}/ws"
    runner, _ = await serve_signaling(SECRET, port)
    station = StationPeer(
        SignalingClient(ws_url, ROOM, tokens.issue(SECRET, ROOM, "station", 60)),
        UvcCamera("lavfi:testsrc2=size=320x240:rate=30"),
    )
    doctor = DoctorPeer(
        SignalingClient(ws_url, ROOM, tokens.issue(SECRET, ROOM, "doctor", 60, one_time=True))
    )
    sim = simulator_class("marsden-m430")(profile="normotensive", seed=2)
    port_path = sim.start()
    try:
        await station.start()
        await doctor.start()
        await until(lambda: station.connected.is_set() and doctor.frames > 10)
        await runner.cleanup()  # the server goes down mid-call
        frames_at_outage = doctor.frames
        scale = registry.get("marsden-m430")(port_path)
        assert isinstance(scale, DeviceDriver)
        station.send_measurement(await scale.measure(timeout=10))
        await scale.close()
        await until(lambda: doctor.messages)  # the data channel does not need the server
        runner, _ = await serve_signaling(
            SECRET, port
        )  # back again: the station rejoins the room by itself
        await until(lambda: doctor.frames > frames_at_outage + 30)
        # the station is back in the room (a second doctor connection sees it)
        deadline = time.monotonic() + 20
        peers: list[str] = []
        while peers != ["station"] and time.monotonic() < deadline:
            probe = SignalingClient(ws_url, ROOM, tokens.issue(SECRET, ROOM, "doctor", 60))
            try:
                peers = (await probe.connect())["peers"]
            finally:
                await probe.close()
            await asyncio.sleep(0.1)
        assert peers == ["station"]
    finally:
        sim.stop()
        await doctor.close()
        await station.close()
        await runner.cleanup()


@pytest.mark.parametrize("codec", ["VP8", "H264"])
async def test_configured_codec_and_caps_are_what_the_doctor_receives(
    ws_url: str, codec: str
) -> None:
    from station.call.video_settings import VideoSettings

    room = f"consultation-codec-{codec}"
    station = StationPeer(
        SignalingClient(ws_url, room, tokens.issue(SECRET, room, "station", 60)),
        UvcCamera("lavfi:testsrc2=size=1280x720:rate=30"),
        video=VideoSettings(codec=codec, max_width=640, max_height=480, max_fps=15),
    )
    doctor = DoctorPeer(
        SignalingClient(ws_url, room, tokens.issue(SECRET, room, "doctor", 60, one_time=True))
    )
    try:
        await station.start()
        await doctor.start()
        await until(lambda: doctor.frames >= 20)
        started, frames_before = time.monotonic(), doctor.frames
        await asyncio.sleep(2.0)
        fps = (doctor.frames - frames_before) / (time.monotonic() - started)
        assert doctor.pc is not None and doctor.pc.remoteDescription is not None
        offered = doctor.pc.remoteDescription.sdp
        assert f"{codec}/90000" in offered
        assert ({"VP8", "H264"} - {codec}).pop() + "/90000" not in offered
        assert doctor.frame_sizes == {(640, 360)}  # 16:9 kept within 640×480
        assert fps <= 17  # capped at 15 from a 30 fps camera (a loaded machine gives fewer)
    finally:
        await doctor.close()
        await station.close()


async def test_call_comes_back_after_the_media_path_is_cut(
    ws_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every UDP datagram is lost for 10 s (signaling stays up): the station notices the
    silence, offers fresh connections until one gets through once the network is back; video
    resumes and what was sent meanwhile arrives once, in order."""
    from aioice import ice

    cut = False
    original = ice.StunProtocol.datagram_received

    def lossy(self: Any, data: Any, addr: Any) -> None:
        if not cut:
            original(self, data, addr)

    monkeypatch.setattr(ice.StunProtocol, "datagram_received", lossy)
    room = "consultation-cut"
    station = StationPeer(
        SignalingClient(ws_url, room, tokens.issue(SECRET, room, "station", 120)),
        UvcCamera("lavfi:testsrc2=size=320x240:rate=15"),
    )
    doctor = DoctorPeer(
        SignalingClient(ws_url, room, tokens.issue(SECRET, room, "doctor", 120, one_time=True))
    )
    try:
        await station.start()
        await doctor.start()
        await until(lambda: station.connected.is_set() and doctor.frames > 5)
        station.send({"type": "note", "kind": "observation", "text": "avant la coupure"})
        await until(lambda: len(doctor.messages) == 1)
        cut = True
        await until(lambda: not station.connected.is_set(), timeout=20)  # noticed
        for n in range(3):
            station.send({"type": "note", "kind": "observation", "text": f"pendant {n}"})
        await asyncio.sleep(4)
        cut = False
        back = time.monotonic()
        await until(lambda: station.connected.is_set(), timeout=30)
        frames = doctor.frames
        await until(lambda: doctor.frames > frames + 5)
        print(f"call back {time.monotonic() - back:.1f} s after the network")
        await until(lambda: len(doctor.messages) >= 4)
        await asyncio.sleep(0.5)
        texts = [m["text"] for m in doctor.messages]
        assert texts == ["avant la coupure", "pendant 0", "pendant 1", "pendant 2"]
        assert station.offers >= 2
    finally:
        await doctor.close()
        await station.close()


async def test_otoscope_is_a_second_video_line(ws_url: str) -> None:
    room = "consultation-otoscope"
    otoscope = UvcCamera("lavfi:testsrc=size=1280x720:rate=15")
    station = StationPeer(
        SignalingClient(ws_url, room, tokens.issue(SECRET, room, "station", 60)),
        UvcCamera("lavfi:testsrc2=size=640x480:rate=30"),
        otoscope=otoscope,
    )
    doctor = DoctorPeer(
        SignalingClient(ws_url, room, tokens.issue(SECRET, room, "doctor", 60, one_time=True))
    )
    try:
        await station.start()
        await doctor.start()
        await until(lambda: len(doctor.frames_by_track) == 2 and min(doctor.frames_by_track) > 2)
        # The otoscope's live view is capped to 960×540 (stills are read from the camera at
        # full size: tests/consultation/test_session_still.py).
        assert doctor.frame_sizes == {(640, 480), (960, 540)}
        # Nobody examines with it: it idles (1 frame/s) while the room's camera goes at 30.
        camera, line = doctor.frames_by_track
        await until(lambda: doctor.frames_by_track[0] >= camera + 60)
        idle = doctor.frames_by_track[1] - line
        assert idle <= 6, idle
        station.use_otoscope(True)  # the assistant picks it up: its full rate (15/s)
        _, line = doctor.frames_by_track
        await until(lambda: doctor.frames_by_track[1] >= line + 20)
    finally:
        await doctor.close()
        await station.close()
        await otoscope.close()


async def test_sound_goes_both_ways(ws_url: str) -> None:
    from station.call.audio import SPEAKING_DB, TEST_MICROPHONE, Microphone
    from station.call.speaker import Speaker
    from tests.call.recording_stream import RecordingStream, dominant_hz, left_channel

    room = "consultation-sound"
    station_mic = Microphone(TEST_MICROPHONE)
    doctor_mic = Microphone("lavfi:sine=frequency=880:sample_rate=48000")
    sound_cards: list[RecordingStream] = []
    speaker = Speaker(opener=RecordingStream.opener(sound_cards))
    station = StationPeer(
        SignalingClient(ws_url, room, tokens.issue(SECRET, room, "station", 60)),
        UvcCamera("lavfi:testsrc2=size=320x240:rate=15"),
        microphone=station_mic,
        speaker=speaker,
    )
    doctor = DoctorPeer(
        SignalingClient(ws_url, room, tokens.issue(SECRET, room, "doctor", 60, one_time=True)),
        microphone=doctor_mic,
    )
    try:
        await station.start()
        await doctor.start()
        await until(lambda: doctor.audio_frames > 25 and station.media.audio_frames_received > 25)
        # the doctor's sine is loud
        await until(lambda: station.media.doctor_level_db > SPEAKING_DB)
        # ... and it comes out of the station's loudspeaker, at its pitch, a second of it
        await until(lambda: speaker.seconds_played > 1.0)
    finally:
        await doctor.close()
        await station.close()
        station_mic.close()
        doctor_mic.close()
        speaker.close()
        sound_cards[0].stop()
    played = left_channel(sound_cards[0].recorded)
    assert dominant_hz(played) == pytest.approx(880, rel=0.03)
    print(f"speaker: {speaker.seconds_played:.1f} s played, ran dry {speaker.underruns} times")


async def test_ending_the_call_while_the_connection_is_being_replaced(ws_url: str) -> None:
    """The doctor's side closed its connection, so aiortc is closing ours by itself; the
    watchdog, replacing it, waits for that close; and the assistant ends the call right then.
    Ending must not raise (cancelling the watchdog inside aiortc's close used to cancel the
    future aiortc's own close resolves, and the end of the call raised CancelledError)."""
    room = "consultation-end-while-replacing"
    station = StationPeer(
        SignalingClient(ws_url, room, tokens.issue(SECRET, room, "station", 60)),
        UvcCamera("lavfi:testsrc2=size=320x240:rate=15"),
    )
    doctor = DoctorPeer(
        SignalingClient(ws_url, room, tokens.issue(SECRET, room, "doctor", 60, one_time=True))
    )
    try:
        await station.start()
        await doctor.start()
        await until(lambda: station.connected.is_set() and doctor.frames > 3)
        assert station.pc is not None
        aiortc_own_close = asyncio.ensure_future(station.pc.close())
        await asyncio.sleep(0)
        watchdog = asyncio.ensure_future(station._close_pc())  # what replacing it starts with
        await asyncio.sleep(0)
        watchdog.cancel()  # the call ends: close() cancels the watchdog first
        await asyncio.wait_for(station.close(), 10)
        await asyncio.wait_for(aiortc_own_close, 10)
        assert station.pc is None
    finally:
        await doctor.close()


async def test_late_pings_with_media_flowing_raise_no_false_alarm(ws_url: str) -> None:
    """The machine is loaded (two busy processes) and the doctor's answers to the pings stop,
    as a lagging data channel does, while video and its RTCP flow: no new connection is
    offered (the doctor would see a fresh key frame and a stall)."""
    import subprocess
    import sys

    from station.call.watchdog import CONNECT_GRACE, SILENCE_LIMIT

    room = "consultation-loaded"
    station = StationPeer(
        SignalingClient(ws_url, room, tokens.issue(SECRET, room, "station", 120)),
        UvcCamera("lavfi:testsrc2=size=320x240:rate=15"),
    )
    doctor = DoctorPeer(
        SignalingClient(ws_url, room, tokens.issue(SECRET, room, "doctor", 120, one_time=True))
    )
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        await station.start()
        await doctor.start()
        await until(lambda: station.connected.is_set() and doctor.frames > 5)
        doctor.answer_pings = False
        silent_since = time.monotonic()
        frames = doctor.frames
        # Long enough for the pings alone to call the path dead, and then some.
        await until(
            lambda: time.monotonic() - silent_since > SILENCE_LIMIT + CONNECT_GRACE + 3,
            timeout=60,
        )
        assert doctor.frames > frames  # the media went on all along
        assert station.offers == 1
    finally:
        for process in busy:
            process.kill()
            process.wait()
        await doctor.close()
        await station.close()
