"""The doctor sees where each request stands, in Chromium, against the real station session:
asked, received by the station, arrived on the page; signing while a request is unanswered
asks first and names what is missing; the station shows that the doctor has the answer."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from drivers import registry
from drivers.base import DeviceDriver, DeviceKind
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
from tests.chromium import launch_options, needs_chromium

from .support import open_invitation, serve_signaling, until

playwright_api = pytest.importorskip("playwright.async_api")
pytestmark = needs_chromium

SECRET = b"q" * 32
ROOM = "consultation-requests-1"


@pytest.fixture
async def doctor_and_station(tmp_path: Path) -> AsyncIterator[tuple[Any, ConsultationSession]]:
    runner, server = await serve_signaling(SECRET)
    sim = simulator_class("marsden-m430")(profile="normotensive", seed=4)
    scale = registry.get("marsden-m430")(sim.start())
    assert isinstance(scale, DeviceDriver)
    station = StationPeer(
        SignalingClient(f"ws://{server}/ws", ROOM, tokens.issue(SECRET, ROOM, "station", 300)),
        UvcCamera("lavfi:testsrc2=size=320x240:rate=15"),
    )
    link = tokens.issue(SECRET, ROOM, "doctor", 600, one_time=True)
    with EventStore(tmp_path / "record.sqlite3", bytes(32)) as store:
        consultation = Consultation.start(
            store, shipped()["standard"], station={"name": "T"}, assistant={"name": "A"}
        )
        session = ConsultationSession(consultation, DeviceManager({DeviceKind.SCALE: scale}))
        session.attach_peer(station)
        async with playwright_api.async_playwright() as pw:
            browser = await pw.chromium.launch(**launch_options())
            try:
                await station.start()
                page = await browser.new_page(bypass_csp=True)  # the test probes evaluate script
                await open_invitation(page, f"http://{server}/#room={ROOM}&token={link}")
                await until(lambda: session.call_state == CallState.IN_CALL, 30)
                yield page, session
            finally:
                await browser.close()
                await station.close()
                await scale.close()
                sim.stop()
                await runner.cleanup()


async def test_a_request_is_followed_to_its_answer_and_signing_waits_for_it(
    doctor_and_station: tuple[Any, ConsultationSession],
) -> None:
    page, session = doctor_and_station
    await page.get_by_role("button", name="Poids").click()
    status = page.locator("#request-list li").first
    await status.wait_for(timeout=10_000)
    await until(lambda: session.open_requests(), 15)  # the station has it (its record)
    await page.wait_for_function(
        "document.querySelector('#request-list li').dataset.stage === 'received'"
    )
    assert "Poids — reçue par la station" in await status.inner_text()

    # Signing now asks first, naming what has not arrived; declining keeps it unsigned.
    await page.locator("#c-impression").press_sequentially("Pas d’anomalie.")
    await page.get_by_label("Retour à domicile").check()
    await page.get_by_role("button", name="Relire avant de signer").click()
    dialogs: list[str] = []

    async def decline(dialog: Any) -> None:
        dialogs.append(dialog.message)
        await dialog.dismiss()

    page.on("dialog", decline)
    await page.get_by_role("button", name="Signer la conclusion").click()
    await page.wait_for_function(
        "document.querySelector('#conclusion-state').textContent.includes('suspendue')"
    )
    assert len(dialogs) == 1 and "Poids" in dialogs[0]
    assert session.consultation.conclusion is None

    # The assistant weighs the patient: the page shows the weight, the request arrived.
    assert await session.take_measurement(DeviceKind.SCALE) is not None
    await page.wait_for_function(
        "document.querySelector('#request-list li').dataset.stage === 'arrived'"
    )
    assert "Poids" in await page.locator("#vitals li").first.inner_text()
    await until(lambda: session.delivered_to_doctor(session.consultation.measurements[-1]), 15)

    # Nothing missing any more: the conclusion is signed without a question.
    page.remove_listener("dialog", decline)
    await page.get_by_role("button", name="Signer la conclusion").click()
    await until(lambda: session.consultation.conclusion is not None, 15)
    assert len(dialogs) == 1


async def test_every_request_arrives_on_a_busy_machine(
    doctor_and_station: tuple[Any, ConsultationSession],
) -> None:
    """Three processes spin the CPU beside the call: each request still reaches the doctor's
    page once, and the station never says it waits for a doctor who is there. No time is
    asserted: the machine's load sets it."""
    page, session = doctor_and_station
    states: list[CallState] = []
    assert session.peer is not None
    session.peer.state_changed.connect(states.append)
    weighing: set[Any] = set()

    def assistant(_: Any) -> None:  # weighs as soon as the request is on the screen
        task = asyncio.ensure_future(session.take_measurement(DeviceKind.SCALE))
        weighing.add(task)
        task.add_done_callback(weighing.discard)

    session.request_received.connect(assistant)
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(3)]
    try:
        for number in range(3):
            await page.get_by_role("button", name="Poids").click()
            await page.wait_for_function(
                f"(document.querySelectorAll('#request-list li')[{number}] || {{}}).dataset"
                "?.stage === 'arrived'",
                timeout=120_000,
            )
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    await until(lambda: not session.peer.sender.unacked, 60)  # type: ignore[union-attr]
    assert await page.locator("#vitals li").count() == 3  # each weight once
    assert len(session.consultation.requests) == 3
    assert CallState.WAITING not in states and CallState.CONNECTING not in states
