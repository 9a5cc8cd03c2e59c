"""`station demo --call`: the vertical slice on simulated devices.

A signaling server on loopback, the four serial devices simulated on pseudo-terminals, a test
camera, and the station's peer in one room; it prints ``doctor: URL``. When the doctor asks
for a measurement, the station takes it through the real driver from the simulator's bytes
and sends it over the call. Runs until Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
from typing import Any

from aiohttp import web

from drivers import registry
from drivers.base import DeviceDriver, DeviceKind
from drivers.errors import DeviceError
from drivers.sim import simulator_class
from drivers.sim.pty import PtySimulator
from drivers.uvc_camera import UvcCamera
from station.call.peer import StationPeer
from station.call.signaling_client import SignalingClient
from station.devices.wording import describe
from station.signaling import tokens
from station.signaling.server import make_app

SERIAL_KINDS = (
    DeviceKind.BLOOD_PRESSURE,
    DeviceKind.THERMOMETER,
    DeviceKind.OXIMETER,
    DeviceKind.SCALE,
)


async def run_call_demo(port: int, profile: str) -> int:
    secret = os.urandom(32)  # this run only: nothing to keep, nothing in a file
    runner = web.AppRunner(make_app(secret))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    address = f"127.0.0.1:{runner.addresses[0][1]}"
    room = secrets.token_urlsafe(12)

    sims: dict[str, PtySimulator] = {}
    drivers: dict[str, DeviceDriver] = {}
    for kind in SERIAL_KINDS:
        name = registry.DEFAULT_FOR_KIND[kind]
        sim = simulator_class(name)(profile=profile)
        driver = registry.get(name)(sim.start())
        assert isinstance(driver, DeviceDriver)
        sims[str(kind)], drivers[str(kind)] = sim, driver

    station: StationPeer

    async def on_message(message: dict[str, Any]) -> None:
        if message["type"] == "request" and message.get("action") == "take-measurement":
            driver = drivers.get(str(message.get("kind")))
            if driver is None:
                return
            print(f"Demande du médecin : {message.get('kind')} — mesure en cours…", flush=True)
            try:
                measurement = await driver.measure(timeout=30)
            except DeviceError as err:
                print(f"  échec : {err.message}", flush=True)
                return
            print(f"  {describe(measurement)}", flush=True)
            station.send_measurement(measurement)
        elif message["type"] == "note":
            print("Note du médecin reçue pour le compte rendu.", flush=True)

    station = StationPeer(
        SignalingClient(
            f"ws://{address}/ws", room, tokens.issue(secret, room, "station", 4 * 3600)
        ),
        UvcCamera("lavfi:testsrc2=size=1280x720:rate=30"),
        on_message=on_message,
    )
    await station.start()
    link_token = tokens.issue(secret, room, "doctor", 3600, one_time=True)
    print(f"doctor: http://{address}/#room={room}&token={link_token}", flush=True)
    print(
        "Ouvrez ce lien dans un navigateur (lien à usage unique, valable 1 h). "
        "Ctrl-C pour terminer.",
        flush=True,
    )

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # Windows: Ctrl-C still ends asyncio.run
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await station.close()
        for driver in drivers.values():
            await driver.close()
        for sim in sims.values():
            sim.stop()
        await runner.cleanup()
    print("Démonstration terminée.", flush=True)
    return 0
