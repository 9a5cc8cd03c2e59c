"""A doctor's request to its answer on the doctor's page, on a quiet and on a busy machine
(prints figures, asserts nothing).

    python tests/bench/bench_requests_under_load.py [--requests 15] [--runs 3] [--burners 0 3]

The whole path as the user meets it: the doctor clicks « Poids » on the real page in Debian's
Chromium; the request crosses the real signaling server's call (aiortc data channel) to the
station's session, which records it; the assistant (played here, as soon as the request is on
screen) weighs the patient on the Marsden M-430 simulator through the real driver on a pty;
the answer goes back and the page marks the request "arrivée ici". Timed from the click to
that mark, both on the page's clock. Also counted: requests that never arrived (60 s), and
the station's false "waiting for the doctor" states (the call state going back to waiting
while the doctor is on the call).

Baseline, in the same run and under the same load: a bare aiortc data-channel pair (two
RTCPeerConnections, no signaling server, no page, no record) doing the same exchange: a
request message, the same scale read through the same driver, a measurement message back.

Load: N processes each spinning one core in pure Python (``--burners``), started after the
call is up, stopped after the run.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiohttp import web
from aiortc import RTCPeerConnection
from playwright.async_api import async_playwright

from drivers import registry
from drivers.base import DeviceKind
from drivers.sim import simulator_class
from drivers.uvc_camera import UvcCamera
from station.call.call_state import CallState
from station.call.peer import StationPeer
from station.call.signaling_client import SignalingClient
from station.checklists import shipped
from station.consultation import Consultation
from station.consultation.session import ConsultationSession
from station.devices.manager import DeviceManager
from station.records import EventStore
from station.signaling import tokens
from station.signaling.server import make_app
from tests.chromium import launch_options
from tests.e2e.support import open_invitation

LOST_AFTER = 60.0
WAITING = CallState.WAITING


@contextmanager
def burners(count: int) -> Iterator[None]:
    procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def scale_on_pty(seed: int) -> tuple[Any, Any]:
    sim = simulator_class("marsden-m430")(profile="normotensive", seed=seed)
    driver = registry.get("marsden-m430")(sim.start())
    return sim, driver


async def station_run(requests: int, load: int) -> dict[str, Any]:
    secret, room = os.urandom(32), "bench-requests-under-load"
    runner = web.AppRunner(make_app(secret))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    address = f"127.0.0.1:{runner.addresses[0][1]}"
    sim, scale = scale_on_pty(11)
    otoscope = UvcCamera("lavfi:testsrc=size=640x360:rate=15")
    station = StationPeer(
        SignalingClient(f"ws://{address}/ws", room, tokens.issue(secret, room, "station", 900)),
        UvcCamera("lavfi:testsrc2=size=640x480:rate=30"),
        otoscope=otoscope,
    )
    link = tokens.issue(secret, room, "doctor", 900, one_time=True)
    folder = Path(tempfile.mkdtemp())
    states: list[CallState] = []
    station.state_changed.connect(states.append)
    with EventStore(folder / "record.sqlite3", os.urandom(32)) as store:
        consultation = Consultation.start(
            store, shipped()["standard"], station={"name": "B"}, assistant={"name": "A"}
        )
        session = ConsultationSession(consultation, DeviceManager({DeviceKind.SCALE: scale}))
        session.attach_peer(station)
        # The assistant: weighs as soon as the doctor's request is on the station's screen.
        weighing: set[asyncio.Task[Any]] = set()

        def assistant(_: Any) -> None:
            task = asyncio.ensure_future(session.take_measurement(DeviceKind.SCALE))
            weighing.add(task)
            task.add_done_callback(weighing.discard)

        session.request_received.connect(assistant)
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(**launch_options())
            try:
                await station.start()
                page = await browser.new_page(bypass_csp=True)  # the bench probes evaluate script
                await open_invitation(page, f"http://{address}/#room={room}&token={link}")
                while session.call_state != CallState.IN_CALL:
                    await asyncio.sleep(0.05)
                in_call_from = len(states)
                times, received, lost = [], [], 0
                with burners(load):
                    for number in range(requests):
                        took = await page.evaluate(CLICK_AND_WAIT, [number, LOST_AFTER * 1000])
                        if took is None:
                            lost += 1
                        else:
                            received.append(float(took[0]))
                            times.append(float(took[1]))
                false_waiting = sum(
                    1
                    for s in states[in_call_from:]
                    if s in (CallState.WAITING, CallState.CONNECTING)
                )
                interrupted = sum(1 for s in states[in_call_from:] if s == CallState.INTERRUPTED)
            finally:
                await browser.close()
                await station.close()
                await otoscope.close()
                await scale.close()
                sim.stop()
                await runner.cleanup()
    return {
        "times": times,
        "received": received,
        "lost": lost,
        "false_waiting": false_waiting,
        "interrupted": interrupted,
    }


# On the page: click « Poids », then wait for that request's line to say it arrived.
CLICK_AND_WAIT = """
async ([number, limit]) => {
  const list = document.getElementById('request-list');
  const before = list.children.length;
  const start = Date.now();
  let received = null;
  [...document.querySelectorAll('.requests button')].find((b) => b.textContent === 'Poids').click();
  while (Date.now() - start < limit) {
    const item = list.children[before];
    if (item && received === null && item.dataset.stage !== 'asked') received = Date.now() - start;
    if (item && item.dataset.stage === 'arrived') return [received, Date.now() - start];
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return null;
}
"""


async def bare_run(requests: int, load: int) -> dict[str, Any]:
    """Two aiortc peers in this process: request → the same scale read → measurement back."""
    sim, scale = scale_on_pty(12)
    doctor, station = RTCPeerConnection(), RTCPeerConnection()
    asked = doctor.createDataChannel("station", ordered=True)
    answers: asyncio.Queue[str] = asyncio.Queue()
    opened = asyncio.Event()
    answering: set[asyncio.Future[None]] = set()

    @station.on("datachannel")
    def _channel(channel: Any) -> None:
        @channel.on("message")
        def _request(raw: str) -> None:
            channel.send(json.dumps({"v": 1, "type": "ack", "id": json.loads(raw)["id"]}))

            async def answer() -> None:
                measurement = await scale.measure(timeout=30)
                payload = measurement.to_dict()
                payload.pop("device_time", None)
                message = {"v": 1, "type": "measurement", "id": json.loads(raw)["id"]}
                channel.send(json.dumps({**message, "measurement": payload}))

            task = asyncio.ensure_future(answer())
            answering.add(task)
            task.add_done_callback(answering.discard)

    asked.on("open", opened.set)
    acks: asyncio.Queue[str] = asyncio.Queue()
    asked.on(
        "message",
        lambda raw: (acks if '"type": "ack"' in raw else answers).put_nowait(raw),
    )
    await doctor.setLocalDescription(await doctor.createOffer())
    await station.setRemoteDescription(doctor.localDescription)
    await station.setLocalDescription(await station.createAnswer())
    await doctor.setRemoteDescription(station.localDescription)
    await opened.wait()
    times, received, lost = [], [], 0
    try:
        with burners(load):
            for number in range(requests):
                start = time.monotonic()
                request = {
                    "v": 1,
                    "type": "request",
                    "id": f"req-{number}",
                    "action": "take-measurement",
                    "kind": "scale",
                }
                asked.send(json.dumps(request))
                try:
                    await asyncio.wait_for(acks.get(), LOST_AFTER)
                    received.append((time.monotonic() - start) * 1000)
                    await asyncio.wait_for(answers.get(), LOST_AFTER)
                    times.append((time.monotonic() - start) * 1000)
                except TimeoutError:
                    lost += 1
    finally:
        await doctor.close()
        await station.close()
        await scale.close()
        sim.stop()
    return {"times": times, "received": received, "lost": lost}


def figures(values: list[float]) -> str:
    if not values:
        return "no answer"
    return f"p50 {statistics.median(values):6.0f} ms  p95 {percentile(values, 0.95):6.0f} ms"


def line(label: str, result: dict[str, Any]) -> str:
    answered = len(result["times"])
    text = (
        f"  {label:<26} received {figures(result['received'])} | answered "
        f"{figures(result['times'])}  lost {result['lost']}/{answered + result['lost']}"
    )
    if "false_waiting" in result:
        text += f"  false 'waiting' {result['false_waiting']}"
        text += f"  'interrupted' {result['interrupted']}"
    return text


async def main(requests: int, runs: int, loads: list[int]) -> None:
    print(f"{requests} requests a run, {runs} runs a load, {os.cpu_count()} cores")
    for load in loads:
        for run in range(1, runs + 1):
            bare = await bare_run(requests, load)
            whole = await station_run(requests, load)
            print(f"{load} burner(s), run {run} (load average {os.getloadavg()[0]:.1f}):")
            print(line("bare aiortc pair", bare))
            print(line("station ↔ doctor's page", whole))
            for part in ("received", "times"):
                if bare[part] and whole[part]:
                    ratio = statistics.median(whole[part]) / statistics.median(bare[part])
                    name = "received" if part == "received" else "answered"
                    print(f"  p50 ratio to the bare pair, {name}: {ratio:.2f}×")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--burners", type=int, nargs="+", default=[0, 3])
    arguments = parser.parse_args()
    asyncio.run(main(arguments.requests, arguments.runs, arguments.burners))
