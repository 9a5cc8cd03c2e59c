"""Redis restarts under two live nodes: joins meanwhile fail cleanly (1013, try again), the
nodes reconnect and resubscribe by themselves, offers cross nodes again (the sender retries
what was lost), and a one-time link spent before the restart stays spent (the registry keeps
it, not Redis)."""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from station.protocol.close_codes import CLOSE_REPLAYED, CLOSE_TRY_AGAIN
from station.signaling import tokens
from station.signaling.backends import RedisBackend
from station.signaling.registry import Registry, sqlite_url
from station.signaling.server import make_app

from .test_server import join

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="Debian's redis-server is not installed"
)
SECRET = b"q" * 32
ROOM = "room-redis-restart"


class RedisServer:
    def __init__(self, folder: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.folder = folder
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)  # polling the server's start
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=10)


@pytest.fixture
async def cluster(tmp_path: Path) -> AsyncIterator[tuple[RedisServer, list[str]]]:
    redis = RedisServer(tmp_path)
    redis.start()
    registry = await Registry.open(sqlite_url(tmp_path / "registry.sqlite3"))
    runners = []
    for _ in range(2):
        app = make_app(SECRET, backend=RedisBackend(redis.url), registry=registry)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        runners.append(runner)
    yield redis, [f"http://127.0.0.1:{r.addresses[0][1]}" for r in runners]
    for runner in runners:
        await runner.cleanup()
    await registry.close()
    if redis.proc is not None and redis.proc.poll() is None:
        redis.stop()


async def _offer_until_relayed(
    station: aiohttp.ClientWebSocketResponse, doctor: aiohttp.ClientWebSocketResponse
) -> float:
    """Send offers until one crosses to the doctor (what a station does: it offers again)."""
    started = time.monotonic()
    while time.monotonic() - started < 30:
        await station.send_str(json.dumps({"v": 1, "type": "offer", "sdp": "v=0 retry"}))
        try:
            while True:
                msg = await doctor.receive(timeout=0.5)
                if msg.type != aiohttp.WSMsgType.TEXT:
                    raise AssertionError(f"doctor's socket closed: {msg}")
                if json.loads(msg.data).get("type") == "offer":
                    return time.monotonic() - started
        except TimeoutError:
            continue
    raise AssertionError("no offer crossed the nodes after the restart")


async def test_the_nodes_recover_from_a_redis_restart(
    cluster: tuple[RedisServer, list[str]],
) -> None:
    redis, (node_a, node_b) = cluster
    async with aiohttp.ClientSession() as session:
        station, joined = await join(
            session, node_a, tokens.issue(SECRET, ROOM, "station", 60), ROOM
        )
        link = tokens.issue(SECRET, ROOM, "doctor", 600, one_time=True)
        doctor, joined_d = await join(session, node_b, link, ROOM)
        assert joined and joined_d
        await _offer_until_relayed(station, doctor)

        redis.stop()
        during, refused = await join(
            session, node_a, tokens.issue(SECRET, "another-room", "station", 60), "another-room"
        )
        assert refused is None and during.close_code == CLOSE_TRY_AGAIN
        redis.start()

        recovered_in = await _offer_until_relayed(station, doctor)
        again, replayed = await join(session, node_a, link, ROOM)
        assert replayed is None and again.close_code == CLOSE_REPLAYED
        for ws in (station, doctor, during, again):
            await ws.close()
    print(f"offers crossed the nodes again {recovered_in:.1f} s after Redis came back")
    await asyncio.sleep(0)


async def test_a_dropped_connection_to_redis_loses_no_message(
    cluster: tuple[RedisServer, list[str]],
) -> None:
    """Every node's connections to Redis are killed while the station sends: the doctor's node
    reads its room's Stream on from where it stopped; each offer arrives once, in order (Redis
    pub/sub would have dropped what was published while the node was reconnecting)."""
    import redis.asyncio as aioredis

    redis, (node_a, node_b) = cluster
    async with aiohttp.ClientSession() as session:
        room = "room-redis-dropped"
        station, _ = await join(session, node_a, tokens.issue(SECRET, room, "station", 60), room)
        doctor, joined = await join(
            session, node_b, tokens.issue(SECRET, room, "doctor", 60, one_time=True), room
        )
        assert joined
        admin = aioredis.from_url(redis.url)
        await admin.client_kill_filter(_type="normal", skipme=True)
        for number in range(1, 21):
            await station.send_str(json.dumps({"v": 1, "type": "offer", "sdp": f"v=0 {number}"}))
            if number == 10:
                await admin.client_kill_filter(_type="normal", skipme=True)
        await admin.aclose()
        received: list[int] = []
        deadline = time.monotonic() + 20
        while len(received) < 20 and time.monotonic() < deadline:
            msg = await doctor.receive(timeout=10)
            if msg.type != aiohttp.WSMsgType.TEXT:
                break
            data = json.loads(msg.data)
            if data.get("type") == "offer":
                received.append(int(data["sdp"].split()[1]))
        for ws in (station, doctor):
            await ws.close()
    assert received == list(range(1, 21))
