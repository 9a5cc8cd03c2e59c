"""The devices of one station during a consultation: their state in plain words, and readings.

Plain Python (no Qt): the UI connects to :attr:`DeviceManager.changed` (and disconnects when
its screen goes away) and renders :attr:`DeviceManager.slots`. A failed reading never raises
past :meth:`DeviceManager.measure` without first setting the device's state to an error the
assistant can read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from drivers.base import DeviceDriver, DeviceKind, Measurement
from drivers.errors import DeviceError
from station.devices.wording import KIND_NAMES
from station.signals import Signal

log = logging.getLogger("station.devices")


class DeviceState(StrEnum):
    READY = "ready"
    MEASURING = "measuring"
    ERROR = "error"


STATE_WORDS = {
    DeviceState.READY: "prêt",
    DeviceState.MEASURING: "mesure en cours…",
    DeviceState.ERROR: "problème",
}

UNPLUGGED = "débranché : rebranchez le câble (ou le récepteur USB) de l’appareil."

# What to do while a reading is under way, shown next to the device.
HOW_TO = {
    DeviceKind.BLOOD_PRESSURE: "Brassard au bras, patient assis, au calme ; l’appareil gonfle.",
    DeviceKind.THERMOMETER: "Sonde sous la langue ou dans l’oreille jusqu’au signal.",
    DeviceKind.OXIMETER: "Pince au bout du doigt, main immobile.",
    DeviceKind.SCALE: "Le patient monte sur la balance et reste immobile.",
}


@dataclass
class DeviceSlot:
    kind: DeviceKind
    driver: DeviceDriver
    state: DeviceState = DeviceState.READY
    message: str = ""  # plain French: what is happening or what went wrong
    last: Measurement | None = None

    @property
    def name(self) -> str:
        return KIND_NAMES[self.kind]

    @property
    def model(self) -> str:
        return f"{self.driver.manufacturer} {self.driver.model}"


class DeviceManager:
    def __init__(self, drivers: dict[DeviceKind, DeviceDriver]) -> None:
        self.slots = {kind: DeviceSlot(kind, driver) for kind, driver in drivers.items()}
        # One slot's state, message or last reading changed.
        self.changed: Signal[DeviceSlot] = Signal("devices.changed")

    def _changed(self, slot: DeviceSlot) -> None:
        self.changed.emit(slot)

    async def measure(self, kind: DeviceKind, timeout: float | None = 60) -> Measurement:
        """One reading; on failure the slot says why in words and the error is re-raised."""
        slot = self.slots.get(kind)
        if slot is None:
            raise KeyError(kind)
        if slot.state is DeviceState.MEASURING:
            raise DeviceError("Une mesure est déjà en cours sur cet appareil.")
        slot.state, slot.message = DeviceState.MEASURING, HOW_TO.get(kind, "")
        self._changed(slot)
        try:
            measurement = await slot.driver.measure(timeout=timeout)
        except DeviceError as err:
            log.info("reading failed on %s: %s", kind, err.code)
            slot.state, slot.message = DeviceState.ERROR, err.message
            self._changed(slot)
            # The port is closed after a failure so the next try reopens it (device replugged).
            await slot.driver.close()
            raise
        except BaseException:
            slot.state, slot.message = DeviceState.READY, ""
            self._changed(slot)
            raise
        slot.state, slot.message, slot.last = DeviceState.READY, "", measurement
        self._changed(slot)
        return measurement

    def add(self, kind: DeviceKind, driver: DeviceDriver) -> DeviceSlot:
        """A device plugged in while the station runs (found by ``station.devices.hotplug``)."""
        slot = self.slots[kind] = DeviceSlot(kind, driver)
        log.info("%s found", kind)
        self._changed(slot)
        return slot

    def unplugged(self, kind: DeviceKind) -> None:
        """Its port is gone: said until it comes back (a reading under way fails by itself)."""
        slot = self.slots[kind]
        if slot.state is DeviceState.MEASURING or slot.message == UNPLUGGED:
            return
        slot.state, slot.message = DeviceState.ERROR, UNPLUGGED
        self._changed(slot)

    def plugged_back(self, kind: DeviceKind) -> None:
        slot = self.slots[kind]
        if slot.message == UNPLUGGED:
            slot.state, slot.message = DeviceState.READY, ""
            self._changed(slot)

    def refuse(self, kind: DeviceKind, message: str, keep_last: Measurement | None) -> None:
        """A reading the device gave is not kept (it is not this patient's): say why."""
        slot = self.slots[kind]
        slot.state, slot.message, slot.last = DeviceState.ERROR, message, keep_last
        self._changed(slot)

    async def close(self) -> None:
        for slot in self.slots.values():
            await slot.driver.close()
