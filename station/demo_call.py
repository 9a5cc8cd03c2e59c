"""`station demo --call`: the call on simulated devices, without the app (a console).

Starts the :class:`DemoEnvironment`, joins a room as the station and prints ``doctor: URL``.
When the doctor asks for a measurement, the station takes it through the real driver from the
simulator's bytes and sends it over the call. Runs until Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from typing import Any

from drivers.base import DeviceKind
from drivers.errors import DeviceError
from station.demo_env import DemoEnvironment
from station.devices.wording import describe
from station.protocol import channel as wire


async def run_call_demo(port: int, profile: str) -> int:
    async with DemoEnvironment(port, profile, record=False) as env:
        assert env.calls is not None and env.devices is not None
        devices = env.devices
        call = await env.calls.open()

        async def on_message(message: Any) -> None:
            if isinstance(message, wire.Request) and message.action == "take-measurement":
                try:
                    kind = DeviceKind(str(message.kind))
                except ValueError:
                    return
                if kind not in devices.slots:
                    return
                print(f"Demande du médecin : {kind} — mesure en cours…", flush=True)
                try:
                    measurement = await devices.measure(kind, timeout=30)
                except DeviceError as err:
                    print(f"  échec : {err.message}", flush=True)
                    return
                print(f"  {describe(measurement)}", flush=True)
                call.peer.send_measurement(measurement, request=message.id)
            elif isinstance(message, wire.Note):
                print("Note du médecin reçue pour le compte rendu.", flush=True)

        call.peer.message.connect(on_message)
        print(f"doctor: {call.doctor_link}", flush=True)
        print(
            "Ouvrez ce lien dans un navigateur (lien à usage unique, valable 1 h). "
            "Ctrl-C pour terminer.",
            flush=True,
        )
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # Windows: Ctrl-C ends asyncio.run
                loop.add_signal_handler(sig, stop.set)
        try:
            await stop.wait()
        finally:
            await call.peer.close()
    print("Démonstration terminée.", flush=True)
    return 0
