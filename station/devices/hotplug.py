"""Devices that come and go while the station runs: one plugged in later is found, one
unplugged is said, and said back when it returns.

Every few seconds each kind the station uses is looked for as ``station.devices.resolve``
finds it (configured port, else detected). A configured port that is a device path (``/dev/…``
on Linux and macOS) is checked for existence; a Windows COM port or a URL is left to the
reading itself, whose failure says the same words.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from drivers.base import DeviceDriver, DeviceKind
from drivers.errors import DeviceError
from station.devices.manager import DeviceManager, DeviceState
from station.devices.resolve import resolve

log = logging.getLogger("station.devices")

PERIOD = 2.0  # seconds between looks: a nurse plugs a device, then looks at the screen


def open_driver(kind: DeviceKind) -> DeviceDriver | None:
    """The driver on the kind's configured or detected port, or None if there is none now."""
    try:
        choice = resolve(kind)
    except DeviceError:
        return None
    driver = choice.driver(choice.port)
    return driver if isinstance(driver, DeviceDriver) else None


def _port_gone(port: str) -> bool:
    return port.startswith("/") and not Path(port).exists()


def look_once(
    manager: DeviceManager,
    kinds: Iterable[DeviceKind],
    find: Callable[[DeviceKind], DeviceDriver | None] = open_driver,
) -> None:
    for kind in kinds:
        slot = manager.slots.get(kind)
        if slot is None:
            driver = find(kind)
            if driver is not None:
                manager.add(kind, driver)
            continue
        if slot.state is DeviceState.MEASURING:
            continue
        if _port_gone(slot.driver.url):
            manager.unplugged(kind)
        else:
            manager.plugged_back(kind)


async def watch(
    manager: DeviceManager,
    kinds: Iterable[DeviceKind],
    period: float = PERIOD,
    find: Callable[[DeviceKind], DeviceDriver | None] = open_driver,
) -> None:
    """Look again and again (cancel the task to stop); detection runs off the loop."""
    kinds = tuple(kinds)
    loop = asyncio.get_running_loop()
    while True:
        missing = [kind for kind in kinds if kind not in manager.slots]
        found: dict[DeviceKind, DeviceDriver | None] = {}
        for kind in missing:  # detection lists ports: a few ms, but not on the UI's loop
            found[kind] = await loop.run_in_executor(None, find, kind)
        look_once(manager, kinds, found.get)
        await asyncio.sleep(period)
