"""Faults the station's signaling once died of, each through the real server: a garbage or
duplicated answer, and thousands of nested brackets on the data channel. The call still comes
up, and the station keeps its signaling loop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from drivers.uvc_camera import UvcCamera
from station.call.doctor_peer import DoctorPeer
from station.call.peer import StationPeer
from station.call.signaling_client import SignalingClient
from station.protocol import channel as proto
from station.signaling import tokens

from .support import serve_signaling, until

SECRET = b"f" * 32
ROOM = "consultation-faults-1"


@pytest.fixture
async def ws_url() -> AsyncIterator[str]:
    runner, address = await serve_signaling(SECRET)
    yield f"ws://{address}/ws"
    await runner.cleanup()


def _doctor_token() -> str:
    return tokens.issue(SECRET, ROOM, "doctor", 60, one_time=True)


async def test_garbage_and_duplicate_answers_leave_the_call_possible(ws_url: str) -> None:
    station = StationPeer(
        SignalingClient(ws_url, ROOM, tokens.issue(SECRET, ROOM, "station", 60)),
        UvcCamera("lavfi:testsrc2=size=320x240:rate=15"),
    )
    rogue = SignalingClient(ws_url, ROOM, _doctor_token())
    doctor = DoctorPeer(SignalingClient(ws_url, ROOM, _doctor_token()))
    try:
        await station.start()
        await rogue.connect()  # a doctor's page that answers nonsense
        await until(lambda: station.pc is not None)  # the station offered to it
        for _ in range(2):
            await rogue.send({"type": "answer", "sdp": "v=0\r\nthis is not SDP\r\n"})
        await rogue.close()
        await doctor.start()  # then the real doctor
        await until(lambda: doctor.frames >= 5, 30)
        assert station._task is not None and not station._task.done()
        # A duplicated answer, late: ignored, the call goes on.
        await doctor.signaling.send({"type": "answer", "sdp": "v=0\r\n"})
        frames = doctor.frames
        await until(lambda: doctor.frames > frames + 5, 30)
        assert not station._task.done()
    finally:
        await doctor.close()
        await station.close()


def test_nested_brackets_on_the_data_channel_are_refused_cleanly() -> None:
    with pytest.raises(proto.InvalidMessage):
        proto.decode("[" * 30_000)


async def test_nested_brackets_to_the_server_get_a_clean_refusal(ws_url: str) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as session, session.ws_connect(ws_url) as ws:
        await ws.send_str("[" * 30_000)
        message = await asyncio.wait_for(ws.receive(), 10)
        assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        assert ws.close_code == 4001  # "join expected", not 1006 and a traceback
