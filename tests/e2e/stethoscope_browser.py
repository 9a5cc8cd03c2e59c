"""The stethoscope on the doctor's page in Chromium (run as a child process by
tests/e2e/test_stethoscope_browser.py, with the simulator's ALSA_CONFIG_PATH): the station's
peer and consultation session with the real driver on the simulator's device, a real record,
the real signaling server, Debian's Chromium on the doctor's link. The doctor listens live,
asks for the heart, and hears the recorded clip again. Prints what the page showed and did as
one JSON line."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import array
import asyncio
import json
import math

from playwright.async_api import async_playwright

from drivers.stethoscope import Stethoscope
from drivers.uvc_camera import UvcCamera
from station.call.peer import StationPeer
from station.call.signaling_client import SignalingClient
from station.checklists import shipped
from station.consultation.consultation import Consultation
from station.consultation.session import ConsultationSession
from station.devices.manager import DeviceManager
from station.records import EventStore
from station.signaling import tokens
from tests.chromium import AUTOPLAY, launch_options
from tests.e2e.support import open_invitation, serve_signaling, until

SECRET = b"h" * 32
ROOM = "consultation-stethoscope-page"
LEVEL = "Number(document.getElementById('stethoscope-box').dataset.levelDbfs || -200)"
PEAK = "Number(document.getElementById('stethoscope-box').dataset.peakHz || -1)"


async def main(device: str) -> dict[str, object]:
    store = EventStore(Path("record.sqlite3"), bytes(32))  # the child runs in a tmp folder
    consultation = Consultation.start(
        store, shipped()["standard"], station={}, assistant={"name": "Inès Martin"}
    )
    runner, address = await serve_signaling(SECRET)
    camera = UvcCamera("lavfi:testsrc2=size=320x240:rate=15")
    stethoscope = Stethoscope(device)
    station = StationPeer(
        SignalingClient(f"ws://{address}/ws", ROOM, tokens.issue(SECRET, ROOM, "station", 300)),
        camera,
        stethoscope=stethoscope,
    )
    session = ConsultationSession(consultation, DeviceManager({}), stethoscope=stethoscope)
    session.clip_seconds = 3.0
    session.attach_peer(station)
    link = tokens.issue(SECRET, ROOM, "doctor", 300, one_time=True)
    seen: dict[str, object] = {}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_options(AUTOPLAY))
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
            seen.update(await _replay(page, session))
        finally:
            await browser.close()
            await station.close()
            await stethoscope.close()
            await camera.close()
            await runner.cleanup()
            store.close()
    return seen


async def _replay(page: object, session: ConsultationSession) -> dict[str, object]:
    """The doctor asks for the heart; the assistant records the aortic area (as the dialog
    does); the doctor hears that clip again from the list."""
    await page.get_by_role("button", name="Ausculter le cœur").click()
    await until(lambda: session.open_requests(), timeout=30)
    (step,) = session.open_requests()
    outcome = await session.auscultate(step.id, "aortic")
    (clip,) = session.consultation.clips.clips
    sound = array.array("h", (await _record_pcm(session, clip.clip)))
    record_dbfs = 10 * math.log10(sum(x * x for x in sound) / len(sound) / 32768**2)
    row = page.locator("#steth-clips li")
    await row.wait_for(timeout=30_000)
    seen: dict[str, object] = {"outcome": outcome.usable, "clip_text": await row.inner_text()}
    await page.get_by_role("button", name="Réécouter : Foyer aortique").click()
    await page.wait_for_function(
        "document.getElementById('stethoscope-box').dataset.replaying", timeout=60_000
    )
    seen["replay_state"] = await page.locator("#stethoscope-state").inner_text()
    await page.wait_for_function(f"{LEVEL} > -50", timeout=10_000)
    seen["replay_level"] = await page.evaluate(LEVEL)
    seen["replay_seconds"] = float(await row.get_attribute("data-seconds") or 0)
    seen["replay_dbfs"] = float(await row.get_attribute("data-rms-dbfs") or 0)
    seen["record_dbfs"] = record_dbfs
    await page.get_by_role("button", name="Arrêter : Foyer aortique").click()
    seen["after_stop"] = await page.locator("#stethoscope-state").inner_text()
    seen["replaying_after_stop"] = await page.evaluate(
        "document.getElementById('stethoscope-box').dataset.replaying || ''"
    )
    return seen


async def _record_pcm(session: ConsultationSession, clip_id: str) -> bytes:
    from station.consultation.clip_replay import clip_wav

    wav = clip_wav(session.consultation, clip_id)
    assert wav is not None
    return wav[44:]  # the canonical header, then the samples


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1]))), flush=True)
