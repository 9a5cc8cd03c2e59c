"""A station whose webcam is missing or broken still calls: voice both ways, the otoscope,
the data channel; the doctor's page says why there is no room video; the station's screen
too (``CallView.has_camera``). In Chromium, through the real signaling server."""

from __future__ import annotations

import math

import pytest

from drivers.uvc_camera import UvcCamera
from station.call.call_state import CallState
from station.call.peer import StationPeer
from station.call.signaling_client import SignalingClient
from station.signaling import tokens
from tests.chromium import launch_options, needs_chromium

from .support import open_invitation, serve_signaling, until, wait_for_frames

playwright_api = pytest.importorskip("playwright.async_api")
pytestmark = needs_chromium

SECRET = b"n" * 32
ROOM = "consultation-no-camera-1"


async def test_no_room_camera_still_gives_a_call_with_voice_and_the_otoscope() -> None:
    runner, server = await serve_signaling(SECRET)
    otoscope = UvcCamera("lavfi:testsrc=size=640x360:rate=15")
    station = StationPeer(
        SignalingClient(f"ws://{server}/ws", ROOM, tokens.issue(SECRET, ROOM, "station", 120)),
        None,
        otoscope=otoscope,
    )
    station.use_otoscope(True)
    link = tokens.issue(SECRET, ROOM, "doctor", 600, one_time=True)
    async with playwright_api.async_playwright() as pw:
        # Chromium's fake camera and beep stand for the doctor's (tests/chromium.py)
        browser = await pw.chromium.launch(**launch_options())
        try:
            await station.start()
            page = await browser.new_page(bypass_csp=True)  # the test probes evaluate script
            await open_invitation(page, f"http://{server}/#room={ROOM}&token={link}")
            await until(lambda: station.state == CallState.IN_CALL, 30)
            await page.locator("#no-room-camera").wait_for(state="visible", timeout=15_000)
            await wait_for_frames(page, "otoscope", 5)  # the otoscope, in its own place
            await until(lambda: station.media.audio_frames_received > 25, 30)  # the doctor's voice
            view = station.view()
            assert not view.has_camera and view.self_preview is None
            assert view.doctor_level_db > -math.inf or station.media.audio_frames_received
        finally:
            await browser.close()
            await station.close()
            await otoscope.close()
            await runner.cleanup()
