"""End to end in a real browser: Debian's Chromium (headless, driven by Playwright) opens the
doctor link, receives the station's video through a real WebRTC call, sees a measurement taken
by a simulator on a pty, and its requests and notes reach the station.

Each test has its own call (station, signaling server, browser). Nothing waits a fixed time
and then asserts: every check waits for its condition, and no figure that depends on the
machine's load (a quality level, a frame count after a sleep) is asserted.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from drivers import registry
from drivers.base import DeviceDriver, Measurement
from drivers.sim import simulator_class
from drivers.uvc_camera import UvcCamera
from station.call.peer import StationPeer
from station.call.signaling_client import SignalingClient
from station.protocol import channel as wire
from station.signaling import tokens
from tests.chromium import launch_options, needs_chromium

from .support import decoded_frames, open_invitation, serve_signaling, until, wait_for_frames

playwright_api = pytest.importorskip("playwright.async_api")
pytestmark = needs_chromium

SECRET = b"b" * 32
ROOM = "consultation-browser-1"


@dataclass
class Call:
    station: StationPeer
    page: Any
    port: str  # the hypertensive blood-pressure simulator's pty
    received: list[dict[str, Any]] = field(default_factory=list)

    async def measurement(self) -> Measurement:
        monitor = registry.get("beurer-bm58")(self.port)
        assert isinstance(monitor, DeviceDriver)
        try:
            return await monitor.measure(timeout=10)
        finally:
            await monitor.close()


@pytest.fixture
async def call() -> AsyncIterator[Call]:
    """A doctor on the page in Chromium, in a call with the station: video is flowing."""
    runner, server = await serve_signaling(SECRET)
    otoscope = UvcCamera("lavfi:testsrc=size=640x360:rate=15")
    station = StationPeer(
        SignalingClient(f"ws://{server}/ws", ROOM, tokens.issue(SECRET, ROOM, "station", 120)),
        UvcCamera("lavfi:testsrc2=size=640x480:rate=30"),
        otoscope=otoscope,
    )
    link_token = tokens.issue(SECRET, ROOM, "doctor", 600, one_time=True)
    sim = simulator_class("beurer-bm58")(profile="hypertensive", seed=5)
    port = sim.start()
    async with playwright_api.async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_options())
        try:
            await station.start()
            page = await browser.new_page(bypass_csp=True)  # the test's own probes evaluate script
            await open_invitation(page, f"http://{server}/#room={ROOM}&token={link_token}")
            await wait_for_frames(page, "remote", 10)
            joined = Call(station, page, port)
            station.message.connect(lambda m: joined.received.append(wire.as_dict(m)))
            yield joined
        finally:
            await browser.close()
            sim.stop()
            await station.close()
            await otoscope.close()
            await runner.cleanup()


async def _frames_stop(page: Any, video: str, timeout: float = 15.0) -> int:
    """Wait until the <video> decodes nothing more for one second; returns its frame count."""
    deadline = time.monotonic() + timeout
    last = await page.evaluate(decoded_frames(video))
    while time.monotonic() < deadline:
        await asyncio.sleep(1.0)
        now = await page.evaluate(decoded_frames(video))
        if now == last:
            return int(now)
        last = now
    raise AssertionError(f"{video} kept playing")


async def test_the_video_moves_and_the_link_leaves_the_address_bar(call: Call) -> None:
    first = await call.page.evaluate(decoded_frames("remote"))
    await wait_for_frames(call.page, "remote", first + 5)
    assert "token" not in call.page.url


async def test_the_otoscope_is_a_second_view_the_doctor_can_enlarge(call: Call) -> None:
    page = call.page
    await wait_for_frames(page, "otoscope", 5)
    await page.get_by_role("button", name="Agrandir l’otoscope").click()
    assert await page.get_attribute("#remote", "aria-label") == "Vidéo de l’otoscope"
    await page.get_by_role("button", name="Agrandir la caméra du patient").click()
    assert await page.get_attribute("#remote", "aria-label") == "Vidéo du patient"


async def test_a_measurement_is_shown_with_its_meaning_in_words(call: Call) -> None:
    measurement = await call.measurement()
    started = time.monotonic()
    call.station.send_measurement(measurement)
    item = call.page.locator("#vitals li").first
    await item.wait_for(timeout=10_000)
    text = await item.inner_text()
    assert f"systolique {int(measurement.value('systolic'))} mmHg" in text
    assert "Beurer" in text
    assert "élevée" in text  # hypertensive profile: said in words, not colour alone
    print(f"measurement reached the page in {(time.monotonic() - started) * 1000:.0f} ms")


async def test_requests_and_notes_reach_the_station(call: Call) -> None:
    page = call.page
    await page.get_by_role("button", name="Température").click()
    await page.fill("#note", "Otite probable, revoir dans 48 h.")
    await page.get_by_role("button", name="Envoyer la note").click()
    await until(lambda: len(call.received) >= 2, 10)
    kinds = {(m["type"], m.get("kind")) for m in call.received}
    assert ("request", "thermometer") in kinds
    assert ("note", "observation") in kinds
    note = next(m for m in call.received if m["type"] == "note")
    assert note["text"] == "Otite probable, revoir dans 48 h."
    await page.wait_for_function(
        "document.getElementById('note-state').textContent.includes('reçue')"
    )


async def test_the_photo_button_asks_for_a_still_only(call: Call) -> None:
    """It once also sent a measurement request with no kind: a step nobody could answer."""
    page = call.page
    await page.get_by_role("button", name="Photo à l’otoscope").click()
    await until(lambda: any(m["type"] == "request" for m in call.received), 10)
    # The station replies in words when it cannot serve a request.
    call.station.send(
        {"type": "reply", "request": "x", "ok": False, "text": "Aucun otoscope branché."}
    )
    await page.wait_for_function(
        "document.getElementById('request-state').textContent.includes('Aucun otoscope')"
    )
    requests = [m for m in call.received if m["type"] == "request"]
    assert [(m["action"], m.get("kind")) for m in requests] == [("capture-still", None)]


async def test_the_doctors_camera_and_voice_reach_the_station(call: Call) -> None:
    await until(lambda: call.station.media.remote_frame is not None, 15)
    await until(lambda: call.station.media.audio_frames_received > 0, 15)


async def test_the_checklist_summary_is_shown_as_text_never_html(call: Call) -> None:
    page = call.page
    call.station.send(
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
    assert await page.locator("#checklist b").count() == 0
    assert "<b>Otalgie</b>" in await page.inner_text("#checklist")


async def test_call_quality_and_the_audio_only_fallback_are_said(call: Call) -> None:
    page = call.page
    # The level depends on the machine's load: only that it is measured and said in words.
    await page.wait_for_function(
        "document.getElementById('quality').textContent.includes('images/s')"
    )
    assert "Qualité de l’appel : " in await page.inner_text("#quality")
    assert not await page.is_visible("#video-paused")
    call.station.pause_video(True)
    await page.locator("#video-paused").wait_for(state="visible", timeout=10_000)
    frozen = await _frames_stop(page, "remote")
    call.station.pause_video(False)
    await page.locator("#video-paused").wait_for(state="hidden", timeout=10_000)
    await wait_for_frames(page, "remote", frozen + 5)


async def test_a_reloaded_page_rejoins_and_gets_each_measurement_once(call: Call) -> None:
    page = call.page
    measurement = await call.measurement()
    await page.reload()
    call.station.send_measurement(measurement)  # sent while the page is away
    await page.locator("#vitals li").first.wait_for(timeout=30_000)
    await wait_for_frames(page, "remote", 5)
    # A second reading after it: any duplicate of the first (re-sent in order on the same
    # channel) would be shown before it.
    call.station.send_measurement(await call.measurement())
    await page.wait_for_function("document.querySelectorAll('#vitals li').length >= 2")
    assert await page.locator("#vitals li").count() == 2


async def test_muting_is_said_on_the_button_and_ending_says_bye(call: Call) -> None:
    page = call.page
    await page.get_by_role("button", name="Couper le micro").click()
    assert await page.get_attribute("#mute-mic", "aria-pressed") == "true"
    assert await page.inner_text("#mute-mic") == "Rétablir le micro"
    await page.get_by_role("button", name="Terminer l’appel").click()
    await until(lambda: not call.station.connected.is_set(), 10)
    assert "terminé" in await page.inner_text("#state")
