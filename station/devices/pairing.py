"""Pairing a device: try it on a port with its driver, and keep the setting only if it works.

The stethoscope is an audio input: the machine's inputs are listed (a USB one by its ids, so
it is found again whichever socket it is plugged into), and the test is a short recording.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drivers import registry
from drivers.base import DeviceDriver, DeviceKind, Measurement
from drivers.errors import DriverUnavailable
from drivers.stethoscope import AudioClip, Stethoscope
from drivers.usb_audio import usb_id_of_input
from station.config import save_device

STETHOSCOPE_DRIVER = "stethoscope-audio"
STETHOSCOPE_TEST_SECONDS = 3.0


def drivers_for(kind: DeviceKind) -> list[str]:
    """The loadable drivers of a kind; a plugin that fails to import is left out."""
    return list(registry.loadable_for_kind(kind))


async def try_device(
    kind: DeviceKind, driver_name: str, port: str, timeout: float = 60
) -> Measurement:
    """One real reading through the driver; raises a DeviceError in plain words otherwise."""
    cls = registry.get(driver_name)
    if cls.kind != kind:
        raise DriverUnavailable(f"Le pilote « {driver_name} » ne sert pas à cet appareil.")
    device = cls(port)
    assert isinstance(device, DeviceDriver)
    try:
        return await device.measure(timeout=timeout)
    finally:
        await device.close()


def keep(kind: DeviceKind, driver_name: str, port: str) -> None:
    save_device(str(kind), driver_name, port)


@dataclass(frozen=True)
class AudioInput:
    name: str  # as the system names it
    port: str  # what the setting keeps: ``usb:VID:PID`` for a USB input, else its name


def audio_inputs(devices: list[Any] | None = None) -> list[AudioInput]:
    """The machine's audio inputs (PortAudio's), each once. Loads PortAudio: call it off the
    event loop."""
    if devices is None:
        import sounddevice as sd

        devices = list(sd.query_devices())
    found: dict[str, AudioInput] = {}
    for info in devices:
        if info.get("max_input_channels", 0) < 1:
            continue
        name = str(info["name"])
        usb_id = usb_id_of_input(name)
        port = f"usb:{usb_id}" if usb_id else name
        found.setdefault(port, AudioInput(name, port))
    return list(found.values())


async def try_stethoscope(port: str, seconds: float = STETHOSCOPE_TEST_SECONDS) -> AudioClip:
    """A short recording from the input; raises a DeviceError in plain words otherwise
    (absent, silent, saturated, lost)."""
    stethoscope = Stethoscope(port)
    try:
        return await stethoscope.record(seconds)
    finally:
        await stethoscope.close()
