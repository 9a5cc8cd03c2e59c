"""Which driver and which port serve a device kind: asked, configured, or detected."""

from __future__ import annotations

from dataclasses import dataclass

from drivers import registry
from drivers.base import BaseDevice, DeviceKind
from drivers.detect import detect
from drivers.errors import DeviceNotFound, DriverUnavailable
from station.config import device_setting


class NoDeviceConfigured(DeviceNotFound):
    code = "not-configured"


@dataclass(frozen=True)
class DeviceChoice:
    driver: type[BaseDevice]
    port: str
    how: str  # "asked", "configured" or "detected", for the user


def resolve(kind: DeviceKind, driver: str | None = None, port: str | None = None) -> DeviceChoice:
    setting = device_setting(str(kind))
    driver_name = driver or setting.driver
    how = "asked" if port else "configured"
    port = port or setting.port
    if not port:
        for found in detect():
            if found.kind == kind and (driver_name is None or driver_name in found.drivers):
                driver_name = driver_name or found.drivers[0]
                port, how = found.port, "detected"
                break
    driver_name = driver_name or registry.DEFAULT_FOR_KIND[kind]
    cls = registry.get(driver_name)
    if cls.kind != kind:
        raise DriverUnavailable(
            f"Le pilote « {driver_name} » ne sert pas à ce type d’appareil ({kind}).",
            device=driver_name,
        )
    if not port:
        raise NoDeviceConfigured(
            f"Aucun appareil « {kind} » détecté ni configuré : branchez-le, ou indiquez son port "
            "avec --port.",
            device=driver_name,
        )
    return DeviceChoice(cls, port, how)
