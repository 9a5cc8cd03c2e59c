"""A real station's composition root (``station`` with no subcommand): its own record, its
paired devices, the service it is enrolled to, and its report destinations.

Everything comes from the settings (``station.toml``: the setup screen and ``station enroll``
write it) and the OS keyring. What is missing is said in words (:attr:`Kiosk.problems`), and
the station opens all the same: the record and the devices work without a service; calls
wait for the station to be enrolled.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os

from drivers.base import DeviceDriver, DeviceKind
from drivers.stethoscope import Stethoscope
from drivers.uvc_camera import UvcCamera
from station.call.audio import Microphone, open_microphone
from station.call.service import CallService
from station.call.service_client import CREDENTIAL_NAME, ServiceClient, ServiceError
from station.call.speaker import Speaker, configured_speaker, open_speaker
from station.config import device_setting, load, service_url, station_identity
from station.credentials import get_secret, record_master_key
from station.devices import hotplug
from station.devices.manager import DeviceManager
from station.devices.wording import KIND_NAMES
from station.records.anchor import KeyringAnchor
from station.records.location import record_path
from station.records.opening import open_or_set_aside
from station.records.store import EventStore
from station.workstation import Workstation

log = logging.getLogger("station")

SERIAL_KINDS = (
    DeviceKind.BLOOD_PRESSURE,
    DeviceKind.THERMOMETER,
    DeviceKind.OXIMETER,
    DeviceKind.SCALE,
)
NOT_ENROLLED = (
    "Poste non inscrit au service de téléconsultation : les appels vidéo attendent son "
    "inscription (« station enroll ADRESSE CODE », code donné par l’exploitant)."
)
NO_CAMERA = (
    "Aucune caméra configurée ni détectée : les appels se font sans image de la pièce (voix, "
    "mesures et otoscope passent). Branchez la caméra, puis redémarrez le poste."
)


def _microphone_setting() -> str | None:
    value = os.environ.get("STATION_MICROPHONE")
    if value is None:
        section = load().get("call", {})
        value = str(section.get("microphone", "")) if isinstance(section, dict) else ""
    return value.strip() or None


def _camera_port() -> str | None:
    configured = device_setting(str(DeviceKind.CAMERA)).port
    if configured:
        return configured
    from drivers.detect import detect

    return next((d.port for d in detect() if d.kind is DeviceKind.CAMERA), None)


class Kiosk:
    """Async context manager: the configured station, ready inside ``async with``."""

    def __init__(self) -> None:
        self.store: EventStore | None = None
        self.devices: DeviceManager | None = None
        self.calls: CallService | None = None
        self.microphone: Microphone | None = None
        self.speaker: Speaker | None = None
        self.otoscope_port: str | None = None
        self.stethoscope: Stethoscope | None = None  # its audio input's name, as configured
        self.record_note = ""
        self.problems: list[str] = []
        self._watch: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Kiosk:
        # The record first: refused (another window has it), nothing else was started.
        path = record_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        self.store, self.record_note = open_or_set_aside(
            path, record_master_key(), KeyringAnchor(path)
        )
        loop = asyncio.get_running_loop()
        drivers: dict[DeviceKind, DeviceDriver] = {}
        for kind in SERIAL_KINDS:
            driver = await loop.run_in_executor(None, hotplug.open_driver, kind)
            if driver is not None:
                drivers[kind] = driver
            else:
                self.problems.append(
                    f"{KIND_NAMES[kind].capitalize()} : non branché ni configuré "
                    "(Réglages du poste) ; il sera trouvé dès qu’il sera branché."
                )
        self.devices = DeviceManager(drivers)
        self._watch = asyncio.create_task(hotplug.watch(self.devices, SERIAL_KINDS))
        self.microphone = open_microphone(_microphone_setting())
        self.speaker, _ = open_speaker(configured_speaker())
        self.otoscope_port = device_setting("otoscope").port
        stethoscope_input = device_setting("stethoscope").port
        if stethoscope_input:  # opened when first used: the call's line, an auscultation
            self.stethoscope = Stethoscope(stethoscope_input)
        self.calls = await self._calls(loop)
        return self

    async def _calls(self, loop: asyncio.AbstractEventLoop) -> CallService | None:
        url = service_url()
        credential = get_secret(CREDENTIAL_NAME) if url else None
        if not url or not credential:
            self.problems.append(NOT_ENROLLED)
            return None
        camera = await loop.run_in_executor(None, _camera_port)
        if camera is None:  # a broken webcam still leaves a voice call (and the otoscope)
            self.problems.append(NO_CAMERA)
        try:
            rooms = ServiceClient(url, credential)
        except ServiceError as err:
            self.problems.append(err.message)
            return None
        return CallService(
            url,
            rooms,
            (lambda: UvcCamera(camera)) if camera is not None else None,
            microphone=self.microphone,
            speaker=self.speaker,
        )

    async def connect_service(self, workstation: Workstation) -> None:
        """Just enrolled (the setup screen): the next consultation gets its room."""
        if NOT_ENROLLED in self.problems:
            self.problems.remove(NOT_ENROLLED)
        self.calls = await self._calls(asyncio.get_running_loop())
        workstation.calls = self.calls

    def workstation(self) -> Workstation:
        assert self.store is not None and self.devices is not None
        return Workstation(
            self.store,
            self.devices,
            self.calls,
            station={k: v for k, v in station_identity().items() if isinstance(v, str)},
            otoscope=UvcCamera(self.otoscope_port) if self.otoscope_port else None,
            stethoscope=self.stethoscope,
            keyring_message=self.record_note,
        )

    async def __aexit__(self, *exc_info: object) -> None:
        if self._watch is not None:
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch
        if self.stethoscope is not None:
            await self.stethoscope.close()
        if self.microphone is not None:
            self.microphone.close()
        if self.speaker is not None:
            self.speaker.close()
        if self.devices is not None:
            await self.devices.close()
        if self.store is not None:
            self.store.close()
