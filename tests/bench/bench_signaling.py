"""The fleet's service under load (prints figures, asserts nothing).

    python tests/bench/bench_signaling.py [--rooms 100,1000,5000] [--seconds 10] [--redis]
        [--servers bare,memory,redis]

For each N: N rooms, each with a station and a doctor socket; the station sends one message a
second, relayed to the doctor. Reported: join latency (socket opened → ``joined``), relay
latency (sent → received, one clock: both ends are in this process), p50 and p95; the
server's CPU (% of one core over the steady window) and resident memory per room. Servers:

- baseline: a bare aiohttp WebSocket relay of a few lines (pairs sockets by room, relays text);
- ``station-signaling`` as deployed (subprocess: guard, schema checks, tokens, registry,
  metrics), in memory, and with ``--redis`` through a real redis-server;
- with ``--redis``, also two such nodes behind HAProxy (``deploy/haproxy.cfg``, TLS), whose
  CPU is the sum of the nodes' and HAProxy's.

The load generator runs on the same 2 cores: figures compare servers under the same load, and
are not a capacity statement for a bigger machine.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import gc
import json
import os
import random
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import aiohttp

from station.signaling import tokens

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
BARE = """
import sys
from aiohttp import web, WSMsgType
rooms = {}
async def ws(request):
    ws = web.WebSocketResponse(); await ws.prepare(request)
    room, role = request.query["room"], request.query["role"]
    rooms.setdefault(room, {})[role] = ws
    await ws.send_str('{"type":"joined"}')
    async for msg in ws:
        if msg.type == WSMsgType.TEXT:
            for other, peer in list(rooms.get(room, {}).items()):
                if other != role:
                    await peer.send_str(msg.data)
    rooms.get(room, {}).pop(role, None)
    return ws
app = web.Application(); app.router.add_get("/ws", ws)
app.router.add_get("/healthz", lambda r: web.Response(text="ok"))
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
"""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


class Server:
    def __init__(self, kind: str, folder: Path, redis_url: str = "") -> None:
        self.kind, self.port = kind, _port()
        self.secret = base64.b64encode(os.urandom(24)).decode()
        if kind == "bare":
            args = [sys.executable, "-c", BARE, str(self.port)]
        else:
            args = [
                str(BIN / "station-signaling"),
                "--port",
                str(self.port),
                "--max-per-address",
                "0",
            ]
            if redis_url:
                args += ["--redis", redis_url]
        env = dict(
            os.environ,
            STATION_SIGNALING_SECRET=self.secret,
            STATION_SERVICE_DATABASE=f"sqlite:///{folder / f'registry-{self.port}.sqlite3'}",
        )
        self.proc = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{kind} server did not start") from None
                time.sleep(0.1)

        self.pids = [self.proc.pid]
        self.url = f"ws://127.0.0.1:{self.port}"
        self.ssl: ssl.SSLContext | bool = True

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


class HaproxyCluster:
    """Two service nodes on Redis behind HAProxy, from deploy/haproxy.cfg (TLS at the front and
    to the nodes, as deployed)."""

    def __init__(self, folder: Path, redis_url: str) -> None:
        self.kind = "2 nodes"
        cert, key = folder / "cert.pem", folder / "key.pem"
        if not cert.exists():
            subprocess.run(
                [
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "1",
                    "-keyout",
                    str(key),
                    "-out",
                    str(cert),
                    "-subj",
                    "/CN=127.0.0.1",
                    "-addext",
                    "subjectAltName=IP:127.0.0.1",
                ],
                check=True,
                capture_output=True,
            )
            (folder / "haproxy.pem").write_bytes(cert.read_bytes() + key.read_bytes())
        self.secret = base64.b64encode(os.urandom(24)).decode()
        self.ssl = ssl.create_default_context(cafile=str(cert))
        env = dict(
            os.environ,
            STATION_SIGNALING_SECRET=self.secret,
            STATION_SERVICE_DATABASE=f"sqlite:///{folder / 'registry-cluster.sqlite3'}",
        )
        nodes = [_port(), _port()]
        self.procs = []
        for port in nodes:
            self.procs.append(
                subprocess.Popen(
                    [
                        str(BIN / "station-signaling"),
                        "--port",
                        str(port),
                        "--redis",
                        redis_url,
                        "--tls-cert",
                        str(cert),
                        "--tls-key",
                        str(key),
                        "--max-per-address",
                        "0",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    env=env,
                )
            )
            self._ready(f"https://127.0.0.1:{port}/readyz")
        self.port = _port()
        self.procs.append(
            subprocess.Popen(
                ["haproxy", "-db", "-f", str(ROOT / "deploy" / "haproxy.cfg")],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=dict(
                    os.environ,
                    STATION_FRONT=f"127.0.0.1:{self.port}",
                    STATION_TLS_PEM=str(folder / "haproxy.pem"),
                    STATION_NODE1=f"127.0.0.1:{nodes[0]}",
                    STATION_NODE2=f"127.0.0.1:{nodes[1]}",
                    STATION_NODE_CA=str(cert),
                ),
            )
        )
        self._ready(f"https://127.0.0.1:{self.port}/readyz")
        self.pids = [proc.pid for proc in self.procs]
        self.url = f"wss://127.0.0.1:{self.port}"

    def _ready(self, url: str) -> None:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=1, context=self.ssl):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{url} never ready") from None
                time.sleep(0.2)

    def stop(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            proc.wait(timeout=30)


async def _join(
    session: aiohttp.ClientSession, server: Server | HaproxyCluster, room: str, role: str
) -> tuple[aiohttp.ClientWebSocketResponse, float]:
    started = time.perf_counter()
    if server.kind == "bare":
        ws = await session.ws_connect(f"{server.url}/ws?room={room}&role={role}")
    else:
        ws = await session.ws_connect(f"{server.url}/ws", ssl=server.ssl)
        token = tokens.issue(server.secret.encode(), room, role, 600)
        await ws.send_str(json.dumps({"v": 1, "type": "join", "room": room, "token": token}))
    while True:
        msg = await ws.receive(timeout=60)
        if msg.type != aiohttp.WSMsgType.TEXT:
            raise RuntimeError(f"join refused: {msg}")
        if json.loads(msg.data).get("type") == "joined":
            return ws, time.perf_counter() - started


ROOMS_PER_SOURCE = 30  # 60 sockets, under the 64 per address that HAProxy and the guard allow


def _source(number: int) -> str:
    """A loopback source address per 30 rooms: the fleet's stations come from many addresses
    (Linux routes all of 127.0.0.0/8 to the loopback)."""
    block = number // ROOMS_PER_SOURCE
    return f"127.0.{1 + block // 250}.{1 + block % 250}"


async def _load(server: Server | HaproxyCluster, rooms: int, seconds: float) -> dict[str, float]:
    joins: list[float] = []
    relays: list[float] = []
    gate = asyncio.Semaphore(100)  # joins in flight at once
    sessions: dict[str, aiohttp.ClientSession] = {}
    async with contextlib.AsyncExitStack() as stack:

        async def session_for(number: int) -> aiohttp.ClientSession:
            source = _source(number)
            if source not in sessions:
                connector = aiohttp.TCPConnector(limit=0, local_addr=(source, 0))
                sessions[source] = await stack.enter_async_context(
                    aiohttp.ClientSession(connector=connector)
                )
            return sessions[source]

        async def pair(number: int) -> tuple[aiohttp.ClientWebSocketResponse, ...]:
            room = f"bench-room-{number:06d}"
            session = await session_for(number)
            async with gate:
                station, t1 = await _join(session, server, room, "station")
                doctor, t2 = await _join(session, server, room, "doctor")
            joins.extend((t1, t2))
            return station, doctor

        rss_before = sum(_rss_mb(pid) for pid in server.pids)
        pairs = await asyncio.gather(*(pair(n) for n in range(rooms)))
        rss_joined = sum(_rss_mb(pid) for pid in server.pids)
        measuring = True
        counts = {"sent": 0, "received": 0}

        async def send(ws: aiohttp.ClientWebSocketResponse) -> None:
            await asyncio.sleep(random.random())
            while measuring:
                stamp = time.perf_counter()
                await ws.send_str(json.dumps({"v": 1, "type": "offer", "sdp": f"v=0 {stamp}"}))
                counts["sent"] += 1
                await asyncio.sleep(1.0)

        async def receive(ws: aiohttp.ClientWebSocketResponse) -> None:
            with contextlib.suppress(aiohttp.ClientError):  # cut: its messages count as lost
                await _receive(ws)

        async def _receive(ws: aiohttp.ClientWebSocketResponse) -> None:
            async for msg in ws:
                if msg.type != aiohttp.WSMsgType.TEXT:
                    return
                data = json.loads(msg.data)
                if data.get("type") == "offer":
                    relays.append(time.perf_counter() - float(data["sdp"].split()[1]))
                    counts["received"] += 1

        # The generator's own collector is paused over the window: with 2N sockets its full
        # collections stall it for tenths of a second, which would count as the server's.
        gc.collect()
        gc.disable()
        receivers = [asyncio.create_task(receive(doctor)) for _, doctor in pairs]
        senders = [asyncio.create_task(send(station)) for station, _ in pairs]
        await asyncio.sleep(2.0)  # warm-up: every sender has started
        relays.clear()
        cpu_start = sum(_cpu_seconds(pid) for pid in server.pids)
        wall_start = time.perf_counter()
        await asyncio.sleep(seconds)
        cpu_now = sum(_cpu_seconds(pid) for pid in server.pids)
        cpu = (cpu_now - cpu_start) / (time.perf_counter() - wall_start)
        measured = list(relays)
        measuring = False
        gc.enable()
        await asyncio.gather(*senders)
        # Lost: sent and never received, once the relay has had time to catch up.
        settle = time.monotonic() + 30
        while counts["received"] < counts["sent"] and time.monotonic() < settle:
            await asyncio.sleep(0.1)
        for station, doctor in pairs:
            await station.close()
            await doctor.close()
        for task in receivers:
            task.cancel()
    return {
        "join_p50": _pct(joins, 0.5) * 1000,
        "join_p95": _pct(joins, 0.95) * 1000,
        "relay_p50": _pct(measured, 0.5) * 1000,
        "relay_p95": _pct(measured, 0.95) * 1000,
        "relayed_per_s": len(measured) / seconds,
        "cpu": cpu * 100,
        "kb_per_room": (rss_joined - rss_before) * 1024 / rooms,
        "lost": counts["sent"] - counts["received"],
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rooms", default="100,1000,5000")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--redis", action="store_true", help="also through a redis-server")
    parser.add_argument(
        "--servers", default="bare,memory,redis,haproxy", help="which of them to run"
    )
    args = parser.parse_args()
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    folder = Path(tempfile.mkdtemp(prefix="station-bench-signaling-"))
    redis_proc = None
    chosen = args.servers.split(",")
    kinds = [kind for kind in ("bare", "memory") if kind in chosen]
    redis_url = ""
    if args.redis and "redis" in chosen and shutil.which("redis-server"):
        redis_port = _port()
        redis_proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(redis_port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(folder),
            ],
            stdout=subprocess.DEVNULL,
        )
        redis_url = f"redis://127.0.0.1:{redis_port}/0"
        kinds.append("redis")
        if "haproxy" in chosen and shutil.which("haproxy"):
            kinds.append("haproxy")
        time.sleep(0.5)  # a bench: redis-server is up well within this
    print(
        f"{args.seconds:.0f} s of one message per second per room after joining; open files {hard}"
    )
    print(
        f"{'server':<8} {'rooms':>6} {'join p50':>9} {'join p95':>9} {'relay p50':>10} "
        f"{'relay p95':>10} {'relayed/s':>10} {'lost':>6} {'CPU %':>6} {'kB/room':>8}"
    )
    try:
        for rooms in (int(n) for n in args.rooms.split(",")):
            for kind in kinds:
                server: Server | HaproxyCluster = (
                    HaproxyCluster(folder, redis_url)
                    if kind == "haproxy"
                    else Server(kind, folder, redis_url if kind == "redis" else "")
                )
                if kind in ("redis", "haproxy") and redis_proc is not None:
                    server.pids.append(redis_proc.pid)  # the rooms' state lives there too
                try:
                    f = asyncio.run(_load(server, rooms, args.seconds))
                except (aiohttp.ClientError, OSError, RuntimeError) as err:
                    print(f"{server.kind:<8} {rooms:>6} failed: {type(err).__name__} {err}")
                    continue
                finally:
                    server.stop()
                print(
                    f"{server.kind:<8} {rooms:>6} {f['join_p50']:>7.1f}ms {f['join_p95']:>7.1f}ms "
                    f"{f['relay_p50']:>8.1f}ms {f['relay_p95']:>8.1f}ms "
                    f"{f['relayed_per_s']:>10.0f} {f['lost']:>6} {f['cpu']:>6.0f} "
                    f"{f['kb_per_room']:>8.1f}",
                    flush=True,
                )
    finally:
        if redis_proc is not None:
            redis_proc.terminate()
            redis_proc.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
