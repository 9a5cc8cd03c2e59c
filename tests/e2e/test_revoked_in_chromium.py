"""A station revoked mid-call, as the doctor meets it: the doctor is on the page in Chromium,
in a call with the enrolled station through the service run as its operator runs it; the
operator revokes the station; the page says the station was disabled and the call ended, and
the station stops trying to reconnect."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from drivers.uvc_camera import UvcCamera
from station.call.peer import StationPeer
from station.call.service_client import ServiceClient, enroll
from station.call.signaling_client import SignalingClient
from tests.chromium import launch_options
from tests.fleet import enrollment_code, operator, running_service

from .support import open_invitation, until, wait_for_frames

playwright_api = pytest.importorskip("playwright.async_api")
pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None, reason="Debian's chromium is not installed"
)


async def test_the_doctor_s_page_says_a_revoked_station_ended_the_call(tmp_path: Path) -> None:
    with running_service(tmp_path) as (url, env):
        code = enrollment_code(env, "Cabine révoquée", "Pharmacie du Marché")
        enrolled = await enroll(url, code)
        grant = await ServiceClient(url, enrolled.credential).open_room()
        station = StationPeer(
            SignalingClient(url.replace("http", "ws", 1) + "/ws", grant.room, grant.station_token),
            UvcCamera("lavfi:testsrc2=size=320x240:rate=15"),
        )
        ended: list[str] = []
        station.ended.connect(ended.append)
        async with playwright_api.async_playwright() as pw:
            browser = await pw.chromium.launch(**launch_options())
            try:
                await station.start()
                page = await browser.new_page(bypass_csp=True)  # the test's probes evaluate
                await open_invitation(page, grant.doctor_link)
                await wait_for_frames(page, "remote", 5)
                revoked = await asyncio.to_thread(operator, env, "revoke", "Cabine révoquée")
                assert revoked.returncode == 0, revoked.stderr
                await page.wait_for_function(
                    "() => document.getElementById('state').textContent.includes('désactivé')",
                    timeout=20_000,
                )
                state = await page.inner_text("#state")
                # doctor.js's own peer connection (a global binding of the page's script).
                connection = await page.evaluate("() => pc === null || pc.connectionState")
                await until(lambda: ended == ["revoked"], 20)
            finally:
                await browser.close()
                await station.close()
    assert "poste désactivé par l’exploitant" in state
    assert connection in (True, "closed")  # the page closed the media too
    assert station.pc is None  # the station closed its side of the media too
