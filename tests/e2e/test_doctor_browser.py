"""End to end in a real browser: Debian's Chromium (headless, driven by Playwright) opens the
doctor link, receives the station's video through a real WebRTC call, sees a measurement taken
by a simulator on a pty, and its request and note reach the station."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from drivers import registry
from drivers.base import DeviceDriver
from drivers.sim import simulator_class
from drivers.uvc_camera import UvcCamera
from station.call.peer import StationPeer
from station.call.signaling_client import SignalingClient
from station.signaling import tokens

from .support import decoded_frames, serve_signaling, wait_for_frames

playwright_api = pytest.importorskip("playwright.async_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None,
    reason="Debian's chromium is not installed (.ci/run installs it)",
)

SECRET = b"b" * 32
ROOM = "consultation-browser-1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    # aiortc cannot resolve the .local names Chromium uses to hide host addresses
    "--disable-features=WebRtcHideLocalIpsWithMdns",
]


@pytest.fixture
async def server() -> AsyncIterator[str]:
    runner, address = await serve_signaling(SECRET)
    yield address
    await runner.cleanup()


async def test_doctor_page_in_chromium(server: str) -> None:
    received: list[dict[str, Any]] = []
    otoscope = UvcCamera("lavfi:mandelbrot=size=640x360:rate=15")
    station = StationPeer(
        SignalingClient(f"ws://{server}/ws", ROOM, tokens.issue(SECRET, ROOM, "station", 120)),
        UvcCamera("lavfi:testsrc2=size=640x480:rate=30"),
        otoscope=otoscope,
    )
    station.message.connect(received.append)
    link_token = tokens.issue(SECRET, ROOM, "doctor", 600, one_time=True)
    link = f"http://{server}/#room={ROOM}&token={link_token}"
    sim = simulator_class("beurer-bm58")(profile="hypertensive", seed=5)
    port = sim.start()
    async with playwright_api.async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            await station.start()
            page = await browser.new_page()
            await page.goto(link)
            # moving video: decoded frames keep increasing
            await wait_for_frames(page, "remote", 10)
            first = await page.evaluate(decoded_frames("remote"))
            await asyncio.sleep(1.0)
            later = await page.evaluate(decoded_frames("remote"))
            assert later > first
            assert "token" not in page.url  # the link does not stay in the address bar

            # The otoscope arrives as a second view; the doctor can make it the large one.
            await wait_for_frames(page, "otoscope", 5)
            await page.get_by_role("button", name="Agrandir l’otoscope").click()
            assert await page.get_attribute("#remote", "aria-label") == "Vidéo de l’otoscope"
            await page.get_by_role("button", name="Agrandir la caméra du patient").click()
            assert await page.get_attribute("#remote", "aria-label") == "Vidéo du patient"

            monitor = registry.get("beurer-bm58")(port)
            assert isinstance(monitor, DeviceDriver)
            measurement = await monitor.measure(timeout=10)
            await monitor.close()
            started = time.monotonic()
            station.send_measurement(measurement)
            item = page.locator("#vitals li").first
            await item.wait_for(timeout=10_000)
            text = await item.inner_text()
            systolic = int(measurement.value("systolic"))
            assert f"systolique {systolic} mmHg" in text
            assert "Beurer" in text
            assert "élevée" in text  # hypertensive profile: said in words, not colour alone
            print(f"measurement reached the page in {(time.monotonic() - started) * 1000:.0f} ms")

            await page.get_by_role("button", name="Température").click()
            await page.fill("#note", "Otite probable, revoir dans 48 h.")
            await page.get_by_role("button", name="Envoyer la note").click()
            deadline = time.monotonic() + 10
            while len(received) < 2 and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            kinds = {(m["type"], m.get("kind")) for m in received}
            assert ("request", "thermometer") in kinds
            assert ("note", "observation") in kinds
            note = next(m for m in received if m["type"] == "note")
            assert note["text"] == "Otite probable, revoir dans 48 h."
            await page.wait_for_function(
                "document.getElementById('note-state').textContent.includes('reçue')"
            )

            # The doctor's camera reaches the station (Chromium's fake device).
            deadline = time.monotonic() + 15
            while station.remote_frame is None and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            assert station.remote_frame is not None, "no video from the doctor's camera"
            assert station.audio_frames_received > 0, "no sound from the doctor's microphone"

            # The assistant's checklist, as the doctor needs it, shown as text.
            station.send(
                {
                    "type": "checklist",
                    "state": "examination",
                    "phase": "during",
                    "stop": None,
                    "answers": [
                        {"step": "consent", "label": "Consentement", "value": True},
                        {"step": "reason", "label": "Motif", "value": "<b>Otalgie</b>"},
                    ],
                }
            )
            await page.wait_for_function(
                "document.getElementById('checklist').textContent.includes('Otalgie')"
            )
            assert "examen en cours" in await page.inner_text("#checklist-state")
            assert await page.locator("#checklist b").count() == 0  # text, never HTML
            assert "<b>Otalgie</b>" in await page.inner_text("#checklist")

            # Call quality in words with the page's own figures; the audio-only fallback said.
            await page.wait_for_function(
                "document.getElementById('quality').textContent.includes('images/s')"
            )
            assert "Qualité de l’appel : bonne" in await page.inner_text("#quality")
            assert not await page.is_visible("#video-paused")
            station.pause_video(True)
            await page.locator("#video-paused").wait_for(state="visible", timeout=10_000)
            await asyncio.sleep(0.5)  # frames already on the wire
            frozen = await page.evaluate(decoded_frames("remote"))
            await asyncio.sleep(1.0)
            assert await page.evaluate(decoded_frames("remote")) == frozen
            station.pause_video(False)
            await page.locator("#video-paused").wait_for(state="hidden", timeout=10_000)
            await wait_for_frames(page, "remote", frozen + 5)

            # The doctor reloads the page: it rejoins with its session token, the station offers
            # again, and a measurement sent meanwhile arrives once.
            await page.reload()
            station.send_measurement(measurement)
            await page.locator("#vitals li").first.wait_for(timeout=30_000)
            await wait_for_frames(page, "remote", 5)
            await asyncio.sleep(1.5)  # any duplicate would have arrived by now
            assert await page.locator("#vitals li").count() == 1

            # Muting is said on the button itself (not by colour alone); ending says bye.
            await page.get_by_role("button", name="Couper le micro").click()
            assert await page.get_attribute("#mute-mic", "aria-pressed") == "true"
            assert await page.inner_text("#mute-mic") == "Rétablir le micro"
            await page.get_by_role("button", name="Terminer l’appel").click()
            deadline = time.monotonic() + 10
            while station.connected.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            assert not station.connected.is_set()
            assert "terminé" in await page.inner_text("#state")
        finally:
            await browser.close()
            sim.stop()
            await station.close()
            await otoscope.close()
