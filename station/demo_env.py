"""The embedded default the demo runs on: everything a station needs, simulated, on one machine.

The fleet's service on loopback (random secret and a registry in a temporary folder for this
run), the demo station enrolled to it as a real one is (a one-time code redeemed through the
API, the credential held in memory), the four serial devices simulated
on pseudo-terminals and read through their real drivers, a test camera and a test otoscope
(PyAV ``lavfi`` sources through the real capture code), and a record.

The demo's record lives in its own folder (``demo/`` in the station's data folder, or
``STATION_DATA_DIR``), never mixed with real consultations. Its key comes from the keyring;
on a machine without one, the demo runs on a temporary record with a key held in memory,
and says so.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from aiohttp import web

from drivers import registry
from drivers.base import DeviceDriver, DeviceKind
from drivers.sim import simulator_class
from drivers.sim.pty import PtySimulator
from drivers.uvc_camera import UvcCamera
from station.call.audio import TEST_MICROPHONE, Microphone, open_microphone
from station.call.service import CallService
from station.call.service_client import ServiceClient, enroll
from station.call.speaker import Speaker, configured_speaker, open_speaker
from station.credentials import CredentialsUnavailable, record_master_key
from station.devices.manager import DeviceManager
from station.records.anchor import KeyringAnchor
from station.records.location import demo_data_dir
from station.records.opening import open_or_set_aside
from station.records.store import EventStore
from station.signaling.registry import Registry, sqlite_url
from station.signaling.server import make_app

SERIAL_KINDS = (
    DeviceKind.BLOOD_PRESSURE,
    DeviceKind.THERMOMETER,
    DeviceKind.OXIMETER,
    DeviceKind.SCALE,
)
ROOM_CAMERA = "lavfi:testsrc2=size=1280x720:rate=30"
# The older test pattern, unlike the room's: 1 ms of CPU a frame where the Mandelbrot set
# took 15 ms at its start and more as it zoomed (up to 60 points of a core in a call).
OTOSCOPE = "lavfi:testsrc=size=1280x720:rate=15"
DEMO_STATION = {
    "name": "Station de démonstration",
    "address": "1 place de la Mairie, 00000 Démo",
    "operator": "Démonstration (aucun patient réel)",
    "finess": "DEMO00000",  # not a real structure: the demo's documents say it
    "place": "cabin",
}
NO_KEYRING_NOTE = (
    "Trousseau sécurisé indisponible : la démonstration utilise un dossier temporaire, "
    "effacé à la fin."
)


STETHOSCOPE_NOTE = (
    "Démonstration sans stéthoscope : son simulateur a besoin d’ALSA (Linux), avant que le "
    "son ne soit ouvert."
)


class DemoEnvironment:
    """Async context manager; attributes are ready inside ``async with``."""

    def __init__(
        self,
        port: int = 0,
        profile: str = "normotensive",
        record: bool = True,
        stethoscope: bool = False,
    ) -> None:
        self.port = port
        self.record = record
        self.profile = profile
        self.want_stethoscope = stethoscope
        self.stethoscope: Any = None  # the real driver on the simulator's audio input
        self._stethoscope_sim: Any = None
        self.stethoscope_note = ""
        self.sims: dict[DeviceKind, PtySimulator] = {}
        self.devices: DeviceManager | None = None
        self.calls: CallService | None = None
        self.microphone: Microphone | None = None
        self.speaker: Speaker | None = None
        self.speaker_problem = ""  # why there is no speaker ("disabled" when so configured)
        self.base_url = ""
        self.secret = os.urandom(32)  # this run only: nothing to keep, nothing in a file
        self._runner: web.AppRunner | None = None
        self.store: EventStore | None = None
        self.record_note = ""
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._service_tmp: tempfile.TemporaryDirectory[str] | None = None
        self.registry: Registry | None = None

    async def __aenter__(self) -> DemoEnvironment:
        # The record first: refused (another window has it), nothing else was started.
        if self.record:
            self.store = self._open_record()
        self._service_tmp = tempfile.TemporaryDirectory(prefix="station-demo-service-")
        self.registry = await Registry.open(
            sqlite_url(Path(self._service_tmp.name) / "registry.sqlite3")
        )
        self._runner = web.AppRunner(make_app(self.secret, registry=self.registry))
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        self.base_url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        code, _ = await self.registry.enroll(DEMO_STATION["name"], DEMO_STATION["operator"])
        enrolled = await enroll(self.base_url, code)
        drivers: dict[DeviceKind, DeviceDriver] = {}
        for kind in SERIAL_KINDS:
            name = registry.DEFAULT_FOR_KIND[kind]
            sim = simulator_class(name)(profile=self.profile)
            driver = registry.get(name)(sim.start())
            assert isinstance(driver, DeviceDriver)
            self.sims[kind], drivers[kind] = sim, driver
        self.devices = DeviceManager(drivers)
        if self.want_stethoscope:
            self._start_stethoscope()  # before PortAudio loads (the speaker below)
        self.microphone = open_microphone(TEST_MICROPHONE)
        self.speaker, self.speaker_problem = open_speaker(configured_speaker())
        self.calls = CallService(
            self.base_url,
            ServiceClient(self.base_url, enrolled.credential),
            lambda: UvcCamera(ROOM_CAMERA),
            microphone=self.microphone,
            speaker=self.speaker,
        )
        return self

    def _start_stethoscope(self) -> None:
        """The stethoscope simulator's heart on an audio input the real driver opens (Linux:
        an ALSA device, defined for this process before PortAudio reads ALSA's settings)."""
        from drivers.sim.stethoscope import StethoscopeSimulator
        from drivers.stethoscope import Stethoscope

        if not sys.platform.startswith("linux") or "sounddevice" in sys.modules:
            self.stethoscope_note = STETHOSCOPE_NOTE
            return
        if not Path("/usr/share/alsa/alsa.conf").exists():
            self.stethoscope_note = STETHOSCOPE_NOTE
            return
        sim = StethoscopeSimulator("normal")
        device = sim.start()
        os.environ["ALSA_CONFIG_PATH"] = sim.alsa_config_path
        self._stethoscope_sim, self.stethoscope = sim, Stethoscope(device)

    def _open_record(self) -> EventStore:
        try:
            key = record_master_key()
            folder = demo_data_dir()
        except CredentialsUnavailable:
            key = os.urandom(32)
            self._tmp = tempfile.TemporaryDirectory(prefix="station-demo-")
            folder = Path(self._tmp.name)
            self.record_note = NO_KEYRING_NOTE
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "record.sqlite3"
        # The head is kept in the keyring only when the keyring holds the key (not in memory).
        anchor = None if self._tmp is not None else KeyringAnchor(path)
        store, damaged = open_or_set_aside(path, key, anchor)
        if damaged:  # the station goes on; the sign-in screen says it
            self.record_note = damaged
        return store

    def otoscope(self) -> UvcCamera:
        return UvcCamera(OTOSCOPE)

    def unplug(self, kind: DeviceKind) -> None:
        """Pull a simulated device's cable (for tests and training)."""
        self.sims[kind].unplug()

    async def __aexit__(self, *exc_info: object) -> None:
        if self.stethoscope is not None:
            await self.stethoscope.close()
        if self._stethoscope_sim is not None:
            self._stethoscope_sim.stop()
        if self.microphone is not None:
            self.microphone.close()
        if self.speaker is not None:
            self.speaker.close()
        if self.devices is not None:
            await self.devices.close()
        for sim in self.sims.values():
            sim.stop()
        if self.store is not None:
            self.store.close()
        if self._runner is not None:
            await self._runner.cleanup()
        if self.registry is not None:
            await self.registry.close()
        if self._service_tmp is not None:
            self._service_tmp.cleanup()
        if self._tmp is not None:
            self._tmp.cleanup()
