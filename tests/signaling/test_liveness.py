"""Dead peers are found by the node's sweep (no per-socket heartbeat): a peer that stops
answering pings is cut and its room hears it left; a quiet peer that answers stays."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import socket
import struct
import time
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


async def _frozen_page(base: str, role: str) -> socket.socket:
    """A peer that joins, then never reads again (a frozen tab): a raw WebSocket client whose
    receive buffer is small, so what the server sends it piles up on the server."""
    host, port = base.removeprefix("http://").split(":")
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setblocking(False)
    loop = asyncio.get_running_loop()
    await loop.sock_connect(sock, (host, int(port)))
    key = base64.b64encode(os.urandom(16)).decode()
    await loop.sock_sendall(
        sock,
        (
            f"GET /ws HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        ).encode(),
    )
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += await loop.sock_recv(sock, 1024)
    assert answer.startswith(b"HTTP/1.1 101"), answer
    token = tokens.issue(SECRET, ROOM, role, 600)
    join = json.dumps({"v": 1, "type": "join", "room": ROOM, "token": token}).encode()
    mask = os.urandom(4)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(join))
    header = bytes([0x81, 0x80 | 126]) + struct.pack("!H", len(join)) + mask
    await loop.sock_sendall(sock, header + masked)
    return sock


async def test_a_peer_that_stops_reading_is_cut_and_never_holds_the_room(
    served: tuple[str, SignalingState],
) -> None:
    base, state = served
    state.liveness.stuck_bytes = 256 * 1024
    state.liveness.interval = 3600  # after at most one more sweep: pongs are not the point here
    async with aiohttp.ClientSession() as session:
        station = await _join(session, base, "station", autoping=True)
        frozen = await _frozen_page(base, "doctor")
        heard: list[dict[str, object]] = []

        async def listen() -> None:
            async for msg in station:
                if msg.type == aiohttp.WSMsgType.TEXT:
                    heard.append(json.loads(msg.data))

        listener = asyncio.create_task(listen())
        try:
            await _until(lambda: {"type": "peer-joined", "role": "doctor", "v": 1} in heard)
            offer = json.dumps({"v": 1, "type": "offer", "sdp": "v=0 " + "a" * 50_000})
            async with asyncio.timeout(30):
                while {"type": "peer-left", "role": "doctor", "v": 1} not in heard:
                    await station.send_str(offer)  # at the rate the service allows
                    await asyncio.sleep(0.06)
            # The station's own messages were answered all along, and still are.
            await station.send_str(json.dumps({"v": 1, "type": "ping"}))
            await _until(lambda: {"type": "pong", "v": 1} in heard)
            assert state.liveness.cut == 1 and len(state.sockets) == 1
        finally:
            frozen.close()  # else a failure here would hold the server's shutdown
            await station.close()
            listener.cancel()


async def test_a_starved_node_does_not_cut_a_live_peer(
    served: tuple[str, SignalingState],
) -> None:
    """The node's loop stalls (a busy machine) right after it pinged a quiet, live peer: the
    pong waits unread in the socket, and the late look cuts nobody."""
    base, state = served
    async with aiohttp.ClientSession() as session:
        station = await _join(session, base, "station", autoping=True)

        async def listen() -> None:  # receive() answers the server's pings (autoping)
            async for _ in station:
                pass

        listener = asyncio.create_task(listen())
        for _ in range(3):
            await _until(lambda: bool(state.liveness._pinged))
            time.sleep(5 * state.liveness.interval)  # the whole loop starved: no pong read
            await _until(lambda: not state.liveness._pinged)  # heard again, once it could read
        seen = state.liveness.sweeps
        await _until(lambda: state.liveness.sweeps >= seen + 3)
        assert state.liveness.cut == 0 and not station.closed
        assert state.liveness.late_sweeps >= 3
        listener.cancel()
        await station.close()
