"""The stethoscope on the doctor's page in Chromium (run as a child process by
tests/e2e/test_stethoscope_browser.py, with the simulator's ALSA_CONFIG_PATH): the station's
peer with the real driver on the simulator's device, the real signaling server, Debian's
Chromium on the doctor's link. Prints what the page showed and did as one JSON line."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import asyncio
import json
import shutil

from playwright.async_api import async_playwright

from drivers.stethoscope import Stethoscope
from drivers.uvc_camera import UvcCamera
from station.call.peer import StationPeer
from station.call.signaling_client import SignalingClient
from station.signaling import tokens
from tests.e2e.support import open_invitation, serve_signaling
from tests.e2e.test_doctor_browser import CHROMIUM_ARGS

SECRET = b"h" * 32
ROOM = "consultation-stethoscope-page"
LEVEL = "Number(document.getElementById('stethoscope-box').dataset.levelDbfs || -200)"
PEAK = "Number(document.getElementById('stethoscope-box').dataset.peakHz || -1)"


async def main(device: str) -> dict[str, object]:
    runner, address = await serve_signaling(SECRET)
    camera = UvcCamera("lavfi:testsrc2=size=320x240:rate=15")
    stethoscope = Stethoscope(device)
    station = StationPeer(
        SignalingClient(f"ws://{address}/ws", ROOM, tokens.issue(SECRET, ROOM, "station", 300)),
        camera,
        stethoscope=stethoscope,
    )
    link = tokens.issue(SECRET, ROOM, "doctor", 300, one_time=True)
    seen: dict[str, object] = {}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=[*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"],
        )
        try:
            await station.start()
            page = await browser.new_page(bypass_csp=True)  # the probes below evaluate script
            await open_invitation(page, f"http://{address}/#room={ROOM}&token={link}")
            box = page.locator("#stethoscope-box")
            await box.wait_for(state="visible", timeout=60_000)
            # Decoded samples reach Web Audio: the page's analyser reads a heart, not silence.
            await page.wait_for_function(f"{LEVEL} > -50", timeout=60_000)
            seen["level_bell"] = await page.evaluate(LEVEL)
            peaks = []
            for _ in range(30):
                peaks.append(await page.evaluate(PEAK))
                await page.wait_for_timeout(50)
            seen["peaks_bell"] = peaks
            seen["voice_element_has_sound"] = await page.evaluate(
                "!!document.getElementById('remote-audio').srcObject"
            )
            await page.get_by_label("Sans filtre").check()
            await page.wait_for_function(f"{LEVEL} > -50", timeout=10_000)
            seen["level_flat"] = await page.evaluate(LEVEL)
            gain = page.get_by_label("Volume du stéthoscope")
            await gain.focus()
            await gain.press("ArrowRight")
            seen["gain_text"] = await page.locator("#steth-gain-value").inner_text()
            await page.get_by_role("button", name="Vérifier mon casque (40 Hz)").click()
            await page.get_by_role("button", name="Je n’entends rien").click()
            seen["headphone_no"] = await page.locator("#headphone-state").inner_text()
            await page.get_by_role("button", name="Vérifier mon casque (40 Hz)").click()
            await page.get_by_role("button", name="Je l’entends").click()
            seen["headphone_yes"] = await page.locator("#headphone-state").inner_text()
            seen["state"] = await page.locator("#stethoscope-state").inner_text()
        finally:
            await browser.close()
            await station.close()
            await stethoscope.close()
            await camera.close()
            await runner.cleanup()
    return seen


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1]))), flush=True)
