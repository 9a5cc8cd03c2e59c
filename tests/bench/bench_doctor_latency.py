"""Measurement latency to the doctor (prints figures, asserts nothing).

    python tests/bench/bench_doctor_latency.py [--count N]

From the last byte of a blood-pressure record written on the pty by the BM58 simulator to the
value visible in the doctor's page in headless Chromium, through the real driver, the real
signaling server and a real WebRTC data channel. Split in two: pty → Measurement at the
caller (driver), Measurement sent → shown in the page (call + page). Both clocks are this
machine's wall clock (the page records Date.now() when the value appears).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

import argparse
import asyncio
import statistics
import time

from aiohttp import web
from playwright.async_api import async_playwright

from drivers.beurer_bm58 import BeurerBM58
from drivers.sim import simulator_class
from drivers.uvc_camera import UvcCamera
from station.call.peer import StationPeer
from station.call.signaling_client import SignalingClient
from station.signaling import tokens
from station.signaling.server import make_app
from tests.chromium import launch_options

OBSERVE = """
window.__shown = [];
new MutationObserver(() => window.__shown.push(Date.now()))
  .observe(document.getElementById('vitals'), {childList: true});
"""


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def show(label: str, values: list[float]) -> None:
    print(f"  {label:<46} median {statistics.median(values):7.2f} ms  p95 {p95(values):7.2f} ms")


async def main(count: int) -> None:
    secret, room = b"z" * 32, "bench-room-123"
    runner = web.AppRunner(make_app(secret))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    address = f"127.0.0.1:{runner.addresses[0][1]}"
    station = StationPeer(
        SignalingClient(f"ws://{address}/ws", room, tokens.issue(secret, room, "station", 600)),
        UvcCamera("lavfi:testsrc2=size=640x480:rate=30"),
    )
    sim = simulator_class("beurer-bm58")(seed=1)
    driver = BeurerBM58(sim.start())
    link = f"http://{address}/#room={room}&token={tokens.issue(secret, room, 'doctor', 600)}"
    device_ms, call_ms, total_ms = [], [], []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_options())
        page = await browser.new_page(bypass_csp=True)  # the test's own probes evaluate script
        await station.start()
        await page.goto(link)
        # An invited doctor says who they are before the call (name, RPPS).
        await page.locator("#declared-name").press_sequentially("Dr Banc ESSAI")
        await page.locator("#declared-rpps").press_sequentially("10001234567")
        await page.click("#declare-go")
        await asyncio.wait_for(station.connected.wait(), 30)
        await page.evaluate(OBSERVE)
        for i in range(count):
            measurement = await driver.measure(timeout=10)
            returned = time.perf_counter()
            wall_offset = time.time() - returned
            last_byte_wall = sim.last_write_end + wall_offset
            sent_wall = time.time()
            station.send_measurement(measurement)
            await page.wait_for_function(f"window.__shown.length > {i}", polling="raf")
            shown_wall = (await page.evaluate(f"window.__shown[{i}]")) / 1000
            device_ms.append((returned - sim.last_write_end) * 1000)
            call_ms.append((shown_wall - sent_wall) * 1000)
            total_ms.append((shown_wall - last_byte_wall) * 1000)
        await browser.close()
    await driver.close()
    sim.stop()
    await station.close()
    await runner.cleanup()
    print(f"Blood pressure, {count} measurements, BM58 simulator → doctor page in Chromium")
    show("pty last byte → Measurement (driver)", device_ms)
    show("Measurement sent → shown in page (call, page)", call_ms)
    show("pty last byte → shown in page (total)", total_ms)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=30)
    asyncio.run(main(ap.parse_args().count))
