"""Two signaling nodes sharing rooms through a real redis-server: the station on one node,
the doctor on the other."""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator

import aiohttp
import pytest
from aiohttp import web

from station.signaling import tokens
from station.signaling.backends import RedisBackend
from station.signaling.server import make_app

from .test_server import join, next_json

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None,
    reason="Debian's redis-server is not installed (.ci/run installs it)",
)
SECRET = b"r" * 32
ROOM = "room-redis-0001"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def redis_url(tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    port = _free_port()
    proc = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
async def nodes(redis_url: str) -> AsyncIterator[list[str]]:
    runners = []
    for _ in range(2):
        runner = web.AppRunner(make_app(SECRET, backend=RedisBackend(redis_url)))
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        runners.append(runner)
    yield [f"http://127.0.0.1:{r.addresses[0][1]}" for r in runners]
    for runner in runners:
        await runner.cleanup()


async def test_station_and_doctor_on_two_nodes(nodes: list[str]) -> None:
    node_a, node_b = nodes
    async with aiohttp.ClientSession() as session:
        station, joined = await join(
            session, node_a, tokens.issue(SECRET, ROOM, "station", 60), ROOM
        )
        assert joined and joined["peers"] == [], station.close_code
        link = tokens.issue(SECRET, ROOM, "doctor", 600, one_time=True)
        doctor, joined_d = await join(session, node_b, link, ROOM)
        assert joined_d and joined_d["peers"] == ["station"]
        assert (await next_json(station)) == {"v": 1, "type": "peer-joined", "role": "doctor"}

        await station.send_str(json.dumps({"v": 1, "type": "offer", "sdp": "v=0 a"}))
        got = await next_json(doctor)
        assert (got["type"], got["sdp"], got["from"]) == ("offer", "v=0 a", "station")
        await doctor.send_str(json.dumps({"v": 1, "type": "answer", "sdp": "v=0 b"}))
        got = await next_json(station)
        assert (got["type"], got["sdp"], got["from"]) == ("answer", "v=0 b", "doctor")

        # the one-time link, spent on node B, is refused on node A too
        again, refused = await join(session, node_a, link, ROOM)
        assert refused is None and again.close_code == 4004

        # the doctor's page reloads onto node A: the old connection on node B is replaced
        moved, rejoined = await join(session, node_a, joined_d["sessionToken"], ROOM)
        assert rejoined and rejoined["peers"] == ["station"]
        closing = await doctor.receive(timeout=5)
        assert closing.type == aiohttp.WSMsgType.CLOSE and closing.data == 4005
        await station.send_str(json.dumps({"v": 1, "type": "bye"}))
        got = await next_json(moved)
        assert got["type"] == "peer-joined" or got["type"] == "bye"
        if got["type"] == "peer-joined":
            got = await next_json(moved)
        assert got == {"v": 1, "type": "bye", "from": "station"}

        await moved.close()
        deadline = time.monotonic() + 5
        seen = []
        while time.monotonic() < deadline:
            message = await next_json(station)
            seen.append(message)
            if message == {"v": 1, "type": "peer-left", "role": "doctor"}:
                break
        assert seen[-1] == {"v": 1, "type": "peer-left", "role": "doctor"}
        await asyncio.sleep(0)
