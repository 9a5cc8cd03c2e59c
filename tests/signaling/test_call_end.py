"""The end of a call ends its session tokens: after the doctor's bye, the doctor's session
token no longer joins (it used to for two hours); after the station's bye, neither does."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from station.call.signaling_client import SignalingClient, SignalingError
from station.protocol.close_codes import CLOSE_EXPIRED
from station.signaling import tokens
from station.signaling.server import make_app

SECRET = b"c" * 32
ROOM = "consultation-end-1"


@pytest.fixture
async def ws_url() -> AsyncIterator[str]:
    runner = web.AppRunner(make_app(SECRET))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    yield f"ws://127.0.0.1:{runner.addresses[0][1]}/ws"
    await runner.cleanup()


async def _joined(ws_url: str, role: str) -> SignalingClient:
    client = SignalingClient(
        ws_url, ROOM, tokens.issue(SECRET, ROOM, role, 60, one_time=role == "doctor")
    )
    await client.connect()
    return client


async def _until(client: SignalingClient, kind: str) -> None:
    while (await client.receive())["type"] != kind:
        pass


async def _refused(ws_url: str, token: str) -> int | None:
    again = SignalingClient(ws_url, ROOM, token)
    try:
        await again.connect()
    except SignalingError as err:
        return err.code
    finally:
        await again.close()
    return None


async def test_the_doctor_s_bye_ends_the_doctor_s_session(ws_url: str) -> None:
    station = await _joined(ws_url, "station")
    doctor = await _joined(ws_url, "doctor")
    session = doctor.token  # the reusable session token the server gave
    await doctor.send({"type": "bye"})
    await _until(station, "bye")  # relayed first
    await doctor.close()
    assert await _refused(ws_url, session) == CLOSE_EXPIRED
    # The station stays in its room (it can reconnect with its own session token).
    station_session = station.token
    await station.close()
    assert await _refused(ws_url, station_session) is None


async def test_the_station_s_bye_ends_the_room_for_both(ws_url: str) -> None:
    station = await _joined(ws_url, "station")
    doctor = await _joined(ws_url, "doctor")
    sessions = (station.token, doctor.token)
    await station.send({"type": "bye"})
    await _until(doctor, "bye")
    await station.close()
    await doctor.close()
    assert [await _refused(ws_url, token) for token in sessions] == [CLOSE_EXPIRED] * 2
