"""Pairing a device: try it on a port with its driver, and keep the setting only if it works."""

from __future__ import annotations

from drivers import registry
from drivers.base import DeviceDriver, DeviceKind, Measurement
from drivers.errors import DriverUnavailable
from station.config import save_device


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
