"""Dead peers are found by the node's sweep (no per-socket heartbeat): a peer that stops
answering pings is cut and its room hears it left; a quiet peer that answers stays."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from station.signaling import tokens
from station.signaling.server import STATE_KEY, SignalingState, make_app

SECRET = b"s" * 32
ROOM = "room-liveness-01"


@pytest.fixture
async def served() -> AsyncIterator[tuple[str, SignalingState]]:
    app = make_app(SECRET)
    state = app[STATE_KEY]
    state.liveness.interval = 0.2  # before start-up: the sweep reads it each turn
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}", state
    await runner.cleanup()


async def _join(
    session: aiohttp.ClientSession, base: str, role: str, autoping: bool
) -> aiohttp.ClientWebSocketResponse:
    ws = await session.ws_connect(f"{base}/ws", autoping=autoping)
    token = tokens.issue(SECRET, ROOM, role, 600)
    await ws.send_str(json.dumps({"v": 1, "type": "join", "room": ROOM, "token": token}))
    while True:
        msg = await ws.receive(timeout=5)
        assert msg.type == aiohttp.WSMsgType.TEXT, msg
        if json.loads(msg.data)["type"] == "joined":
            return ws


async def _until(condition, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.02)


async def test_a_peer_that_stops_answering_is_cut_and_its_room_hears_it(
    served: tuple[str, SignalingState],
) -> None:
    base, state = served
    async with aiohttp.ClientSession() as session:
        station = await _join(session, base, "station", autoping=True)
        heard: list[dict[str, object]] = []

        async def listen() -> None:  # receive() answers the server's pings (autoping)
            async for msg in station:
                if msg.type == aiohttp.WSMsgType.TEXT:
                    heard.append(json.loads(msg.data))

        listener = asyncio.create_task(listen())
        # The doctor's page froze: its socket is open, nothing reads it, no pong goes back.
        frozen = await _join(session, base, "doctor", autoping=False)
        await _until(lambda: {"type": "peer-left", "role": "doctor", "v": 1} in heard)
        assert state.liveness.cut == 1
        assert len(state.sockets) == 1

        # The station, quiet all along but answering, is still in after many more sweeps.
        seen = state.liveness.sweeps
        await _until(lambda: state.liveness.sweeps >= seen + 5)
        assert not station.closed and state.liveness.cut == 1
        await station.send_str(json.dumps({"v": 1, "type": "ping"}))
        await _until(lambda: {"type": "pong", "v": 1} in heard)
        await station.close()
        await frozen.close()
        listener.cancel()


async def test_the_server_answers_a_clients_ping(served: tuple[str, SignalingState]) -> None:
    base, _ = served
    async with aiohttp.ClientSession() as session:
        ws = await _join(session, base, "station", autoping=False)
        await ws.ping(b"are-you-there")
        while True:  # the server's own pings may come first
            msg = await ws.receive(timeout=5)
            if msg.type == aiohttp.WSMsgType.PING:
                await ws.pong(msg.data)
                continue
            assert msg.type == aiohttp.WSMsgType.PONG and msg.data == b"are-you-there"
            break
        await ws.close()
