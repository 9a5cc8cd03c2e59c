"""The call on a constrained network: the bitrate ceiling from ``[call]`` holds, and on a poor
network the video pauses while the voice and the data channel go on, then comes back."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from typing import Any

import pytest

from drivers.uvc_camera import UvcCamera
from station.call.audio import TEST_MICROPHONE, Microphone
from station.call.doctor_peer import DoctorPeer
from station.call.peer import StationPeer
from station.call.signaling_client import SignalingClient
from station.call.video_settings import VideoSettings
from station.signaling import tokens

from .support import serve_signaling, until, video_bytes_sent

SECRET = b"n" * 32


@pytest.fixture
async def ws_url() -> AsyncIterator[str]:
    runner, address = await serve_signaling(SECRET)
    yield f"ws://{address}/ws"
    await runner.cleanup()


def _pair(
    ws_url: str, room: str, video: VideoSettings, **station: Any
) -> tuple[StationPeer, DoctorPeer]:
    peer = StationPeer(
        SignalingClient(ws_url, room, tokens.issue(SECRET, room, "station", 120)),
        UvcCamera("lavfi:testsrc2=size=640x480:rate=30"),
        video=video,
        **station,
    )
    doctor = DoctorPeer(
        SignalingClient(ws_url, room, tokens.issue(SECRET, room, "doctor", 120, one_time=True))
    )
    return peer, doctor


async def _sent_kbps(station: StationPeer, seconds: float) -> float:
    """Video kbit/s the station sent over ``seconds``."""
    before = await video_bytes_sent(station.pc)
    await asyncio.sleep(seconds)
    return (await video_bytes_sent(station.pc) - before) * 8 / 1000 / seconds


async def test_the_bitrate_ceiling_holds(ws_url: str) -> None:
    """A busy picture (a test pattern compresses badly) with no ceiling, then under 300: the
    bytes sent stay under the ceiling, and the picture shrinks rather than freezing."""
    measured: dict[int | None, float] = {}
    sizes: dict[int | None, set[tuple[int, int]]] = {}
    for kbps in (None, 300):
        room = f"consultation-bitrate-{kbps}"
        station, doctor = _pair(ws_url, room, VideoSettings(max_bitrate_kbps=kbps))
        try:
            await station.start()
            await doctor.start()
            await until(lambda: doctor.frames > 10, timeout=20)  # noqa: B023
            await asyncio.sleep(1)
            measured[kbps] = await _sent_kbps(station, 4)
            sizes[kbps] = set(doctor.frame_sizes)
        finally:
            await doctor.close()
            await station.close()
    print(f"sent: {measured[None]:.0f} kbit/s by default, {measured[300]:.0f} kbit/s under 300")
    assert measured[300] < 300 * 1.3
    assert measured[None] > measured[300] * 2
    assert sizes[None] == {(640, 480)}
    assert min(width for width, _height in sizes[300]) < 640


async def test_poor_network_pauses_video_and_keeps_voice_and_data(
    ws_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Losing 20 % of media packets for a while makes the call audio-only: no video frames
    reach the doctor, the voice and the measurements still do, and the doctor is told; once
    the loss stops, the video comes back."""
    from aioice import ice

    lossy = False
    dice = random.Random(7)
    original = ice.StunProtocol.datagram_received

    def network(self: Any, data: bytes, addr: Any) -> None:
        # Only RTP media is lost (RFC 7983: first byte 128–191; RTCP's types are 192–223),
        # so the test is about the media and not about the data channel's retransmissions.
        is_rtp = len(data) > 1 and 128 <= data[0] <= 191 and not 192 <= data[1] <= 223
        if lossy and is_rtp and dice.random() < 0.2:
            return
        original(self, data, addr)

    monkeypatch.setattr(ice.StunProtocol, "datagram_received", network)
    microphone = Microphone(TEST_MICROPHONE)
    station, doctor = _pair(
        ws_url,
        "consultation-poor-network",
        VideoSettings(max_width=640, max_height=360, max_fps=15),
        microphone=microphone,
    )
    station.quality_period = 0.5
    try:
        await station.start()
        await doctor.start()
        await until(lambda: station.quality is not None and doctor.frames > 10, timeout=20)
        assert not station.quality.audio_only

        lossy = True
        await until(lambda: station.quality is not None and station.quality.audio_only, timeout=30)
        await asyncio.sleep(1)  # frames already on the wire arrive
        frames, sound = doctor.frames, doctor.audio_frames
        station.send({"type": "note", "kind": "observation", "text": "pendant la coupure vidéo"})
        await asyncio.sleep(3)
        assert doctor.frames == frames
        # The voice goes on: 150 frames of 20 ms were sent; aiortc's jitter buffer (standing in
        # for the browser's, which conceals loss) gives up on a good share of them.
        assert doctor.audio_frames > sound + 25
        assert station.camera_track is not None and station.camera_track.preview is not None
        await until(
            lambda: any(m.get("text") == "pendant la coupure vidéo" for m in doctor.messages)
        )
        assert {"type": "video", "paused": True, "reason": "poor-network"}.items() <= next(
            m for m in doctor.messages if m["type"] == "video"
        ).items()

        lossy = False
        await until(
            lambda: station.quality is not None and not station.quality.audio_only, timeout=30
        )
        await until(lambda: doctor.frames > frames + 10, timeout=10)
        videos = [m["paused"] for m in doctor.messages if m["type"] == "video"]
        assert videos == [True, False]
        assert station.offers == 1  # the same connection throughout
    finally:
        await doctor.close()
        await station.close()
        microphone.close()
