"""The signaling server over real WebSockets on loopback."""

from __future__ import annotations

import asyncio
import base64
import hmac
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from station.signaling import tokens
from station.signaling.ice import IceConfig, turn_credentials
from station.signaling.server import make_app

SECRET = b"s" * 32
ROOM = "room-0123456789"


@pytest.fixture
async def base_url() -> AsyncIterator[str]:
    ice = IceConfig(("stun:127.0.0.1:3478",), ("turn:127.0.0.1:3478",), b"turn-secret")
    runner = web.AppRunner(make_app(SECRET, ice))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    await runner.cleanup()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as s:
        yield s


async def join(
    session: aiohttp.ClientSession, base_url: str, token: str, room: str = ROOM
) -> tuple[aiohttp.ClientWebSocketResponse, dict[str, Any] | None]:
    ws = await session.ws_connect(f"{base_url}/ws")
    await ws.send_str(json.dumps({"v": 1, "type": "join", "room": room, "token": token}))
    msg = await ws.receive(timeout=5)
    if msg.type == aiohttp.WSMsgType.TEXT:
        return ws, json.loads(msg.data)
    return ws, None


async def next_json(ws: aiohttp.ClientWebSocketResponse) -> dict[str, Any]:
    msg = await ws.receive(timeout=5)
    assert msg.type == aiohttp.WSMsgType.TEXT, msg
    return json.loads(msg.data)


async def test_station_and_doctor_exchange_offer_answer_and_candidates(
    base_url: str, session: aiohttp.ClientSession
) -> None:
    station, joined = await join(session, base_url, tokens.issue(SECRET, ROOM, "station", 60))
    assert joined and joined["type"] == "joined" and joined["peers"] == []
    link_token = tokens.issue(SECRET, ROOM, "doctor", 600, one_time=True)
    doctor, joined_d = await join(session, base_url, link_token)
    assert joined_d and joined_d["peers"] == ["station"]
    assert (await next_json(station)) == {"v": 1, "type": "peer-joined", "role": "doctor"}

    await station.send_str(json.dumps({"v": 1, "type": "offer", "sdp": "v=0\r\n..."}))
    got = await next_json(doctor)
    assert got["type"] == "offer" and got["from"] == "station" and got["sdp"] == "v=0\r\n..."
    candidate = {
        "candidate": "candidate:1 1 UDP 1 127.0.0.1 9 typ host",
        "sdpMid": "0",
        "sdpMLineIndex": 0,
    }
    await doctor.send_str(json.dumps({"v": 1, "type": "candidate", "candidate": candidate}))
    got = await next_json(station)
    assert got["candidate"] == candidate and got["from"] == "doctor"

    await doctor.close()
    assert (await next_json(station)) == {"v": 1, "type": "peer-left", "role": "doctor"}


async def test_ice_servers_carry_valid_turn_rest_credentials(
    base_url: str, session: aiohttp.ClientSession
) -> None:
    _, joined = await join(session, base_url, tokens.issue(SECRET, ROOM, "station", 60))
    assert joined
    stun, turn = joined["iceServers"]
    assert stun == {"urls": ["stun:127.0.0.1:3478"]}
    expiry, _, name = turn["username"].partition(":")
    assert int(expiry) > time.time() and name
    expected = base64.b64encode(
        hmac.new(b"turn-secret", turn["username"].encode(), "sha1").digest()
    ).decode()
    assert turn["credential"] == expected


def test_turn_credentials_formula() -> None:
    user, password = turn_credentials(b"secret", "alice", 60, now=1000)
    assert user == "1060:alice"
    assert (
        password == base64.b64encode(hmac.new(b"secret", b"1060:alice", "sha1").digest()).decode()
    )


@pytest.mark.parametrize(
    ("make_token", "room", "code"),
    [
        (lambda: "garbage", ROOM, 4001),
        (lambda: tokens.issue(b"x" * 32, ROOM, "doctor", 60), ROOM, 4001),  # other secret
        (lambda: tokens.issue(SECRET, ROOM, "doctor", -5), ROOM, 4002),  # expired
        (lambda: tokens.issue(SECRET, "other-room-123", "doctor", 60), ROOM, 4003),
    ],
)
async def test_bad_joins_are_refused_with_a_clear_close_code(
    base_url: str,
    session: aiohttp.ClientSession,
    make_token,
    room: str,
    code: int,  # type: ignore[no-untyped-def]
) -> None:
    ws, joined = await join(session, base_url, make_token(), room)
    assert joined is None and ws.close_code == code


async def test_one_time_link_cannot_be_replayed_but_the_session_token_rejoins(
    base_url: str, session: aiohttp.ClientSession
) -> None:
    link = tokens.issue(SECRET, ROOM, "doctor", 600, one_time=True)
    first, joined = await join(session, base_url, link)
    assert joined
    again, refused = await join(session, base_url, link)
    assert refused is None and again.close_code == 4004
    # a reloaded page uses the session token it was given: the new connection replaces the old
    _second, rejoined = await join(session, base_url, joined["sessionToken"])
    assert rejoined and rejoined["role"] == "doctor"
    await first.receive(timeout=5)
    assert first.close_code == 4005


async def test_no_join_first_is_refused(base_url: str, session: aiohttp.ClientSession) -> None:
    ws = await session.ws_connect(f"{base_url}/ws")
    await ws.send_str(json.dumps({"v": 1, "type": "offer", "sdp": "x"}))
    await ws.receive(timeout=5)
    assert ws.close_code == 4001


async def test_malformed_messages_are_refused_then_the_connection_closed(
    base_url: str, session: aiohttp.ClientSession
) -> None:
    ws, _ = await join(session, base_url, tokens.issue(SECRET, ROOM, "station", 60))
    for bad in [
        "not json",
        json.dumps({"v": 2, "type": "offer", "sdp": "x"}),
        json.dumps({"v": 1, "type": "offer"}),
        json.dumps({"v": 1, "type": "hack"}),
        json.dumps({"v": 1, "type": "candidate", "candidate": {"x": 1}}),
    ]:
        await ws.send_str(bad)
    replies = []
    while True:
        msg = await ws.receive(timeout=5)
        if msg.type != aiohttp.WSMsgType.TEXT:
            break
        replies.append(json.loads(msg.data))
    assert [r["code"] for r in replies] == ["invalid"] * 5
    assert ws.close_code == 4000


async def test_oversized_message_closes_the_connection(
    base_url: str, session: aiohttp.ClientSession
) -> None:
    ws, _ = await join(session, base_url, tokens.issue(SECRET, ROOM, "station", 60))
    await ws.send_str(json.dumps({"v": 1, "type": "offer", "sdp": "x" * 70_000}))
    await ws.receive(timeout=5)
    assert ws.close_code == 1009


async def test_flooding_is_cut_off(base_url: str, session: aiohttp.ClientSession) -> None:
    ws, _ = await join(session, base_url, tokens.issue(SECRET, ROOM, "station", 60))
    for _ in range(200):
        if ws.closed:
            break
        await ws.send_str(json.dumps({"v": 1, "type": "ping"}))
    while not ws.closed:
        msg = await ws.receive(timeout=5)
        if msg.type != aiohttp.WSMsgType.TEXT:
            break
    assert ws.close_code == 4008


async def test_doctor_page_is_served_same_origin(
    base_url: str, session: aiohttp.ClientSession
) -> None:
    async with session.get(f"{base_url}/") as response:
        assert response.status == 200
        text = await response.text()
    assert 'lang="fr"' in text and "/doctor/doctor.js" in text
    async with session.get(f"{base_url}/doctor/doctor.js") as response:
        assert response.status == 200 and "/ws" in await response.text()


async def test_ping_pong(base_url: str, session: aiohttp.ClientSession) -> None:
    ws, _ = await join(session, base_url, tokens.issue(SECRET, ROOM, "station", 60))
    await ws.send_str(json.dumps({"v": 1, "type": "ping"}))
    assert (await next_json(ws))["type"] == "pong"
    await asyncio.sleep(0)
