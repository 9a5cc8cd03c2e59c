"""The waiting room's update latency (prints figures, asserts nothing).

    python tests/bench/bench_queue.py [--announces 50]

A station announces a consultation ready (``POST /api/queue``); a signed-in doctor's page is
subscribed to ``/ws/queue``. Reported: the time from the announce being sent to the queue
update reaching the doctor's socket, p50 and p95, in three set-ups run one after the other:

- baseline: a bare aiohttp app whose POST handler pushes to the socket at once;
- one node of the service (its real registry on SQLite, the doctor's real session): the node
  hears its own change at once;
- two nodes on one registry, station on one and doctor on the other: the doctor's node sees the
  change at its next poll of the database (every 0.5 s).

Both ends are in this process (one clock). The doctor's session is opened in the registry
directly: sign-in is not what is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import aiohttp
from aiohttp import web

from station.signaling.doctor_api import SESSION_COOKIE
from station.signaling.doctors import Doctors
from station.signaling.oidc import DoctorIdentity
from station.signaling.registry import Registry, sqlite_url
from station.signaling.server import make_app

RPPS = "10003456789"


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"


async def _serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


async def bare(count: int) -> list[float]:
    sockets: list[web.WebSocketResponse] = []

    async def queue(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"type": "queue", "entries": []})
        sockets.append(ws)
        async for _ in ws:
            pass
        return ws

    async def announce(request: web.Request) -> web.Response:
        body = await request.json()
        for ws in sockets:
            await ws.send_json({"type": "queue", "entries": [body]})
        return web.json_response({}, status=201)

    app = web.Application()
    app.router.add_get("/ws/queue", queue)
    app.router.add_post("/api/queue", announce)
    runner, url = await _serve(app)
    try:
        async with aiohttp.ClientSession() as http:
            return await _measure(http, url, url, {}, {}, count)
    finally:
        await runner.cleanup()


async def _measure(
    http: aiohttp.ClientSession,
    station_url: str,
    doctor_url: str,
    station_headers: dict[str, str],
    doctor_headers: dict[str, str],
    count: int,
) -> list[float]:
    samples = []
    async with http.ws_connect(
        doctor_url.replace("http", "ws", 1) + "/ws/queue", headers=doctor_headers
    ) as ws:
        await ws.receive_json(timeout=10)  # the queue as it is
        for number in range(count):
            room = f"bench-room-{number:04d}-{os.getpid()}"
            sent = time.perf_counter()
            async with http.post(
                f"{station_url}/api/queue",
                json={"room": room, "place": "Cabine", "reason": "Banc d’essai"},
                headers=station_headers,
            ) as response:
                assert response.status == 201, await response.text()
            while True:
                message = await ws.receive_json(timeout=10)
                if any(e.get("room") == room for e in message.get("entries", [])):
                    samples.append(time.perf_counter() - sent)
                    break
    return samples


async def service(count: int, nodes: int) -> list[float]:
    folder = Path(tempfile.mkdtemp(prefix="bench-queue-"))
    url = sqlite_url(folder / "registry.sqlite3")
    secret = base64.b64encode(os.urandom(32))
    registries = [await Registry.open(url) for _ in range(nodes)]
    doctors = Doctors(registries[0].engine)
    await doctors.add(RPPS, "Banc", "Dr Banc")
    session = await doctors.open_session(
        DoctorIdentity("bench", "Dr Banc", RPPS, "Médecin", "Médecine générale")
    )
    code, _ = await registries[0].enroll("Cabine du banc", "Banc")
    from station.protocol.credentials import credential_hash

    station_secret = "bench-station-secret"
    station = await registries[0].redeem(code, credential_hash(station_secret))
    runners, urls = [], []
    for registry in registries:
        runner, served = await _serve(make_app(secret, registry=registry))
        runners.append(runner)
        urls.append(served)
    try:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
            return await _measure(
                http,
                urls[0],
                urls[-1],
                {"Authorization": f"Bearer {station.id}.{station_secret}"},
                {"Cookie": f"{SESSION_COOKIE}={session}", "Origin": urls[-1]},
                count,
            )
    finally:
        for runner in runners:
            await runner.cleanup()
        for registry in registries:
            await registry.close()


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--announces", type=int, default=50)
    args = ap.parse_args()
    print(f"waiting room: announce → doctor's page, {args.announces} announces each")
    print(f"  bare aiohttp push          {_percentiles(await bare(args.announces))}")
    print(f"  one node (SQLite registry) {_percentiles(await service(args.announces, 1))}")
    print(f"  two nodes, one registry    {_percentiles(await service(args.announces, 2))}")


if __name__ == "__main__":
    asyncio.run(main())
