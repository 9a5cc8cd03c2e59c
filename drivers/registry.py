"""Which drivers exist: the built-in ones plus the entry-point group ``station.drivers``.

Modules are imported only when a driver is asked for, so a driver whose import fails (a
missing vendor SDK, an optional extra not installed) costs nothing until used, and then
raises :class:`DriverUnavailable` instead of crashing the caller.
"""

from __future__ import annotations

import importlib
import logging
from functools import cache
from importlib.metadata import entry_points

from drivers.base import BaseDevice, DeviceKind
from drivers.errors import DriverUnavailable

log = logging.getLogger("drivers.registry")

ENTRY_POINT_GROUP = "station.drivers"

BUILTIN: dict[str, str] = {
    "beurer-bm58": "drivers.beurer_bm58:BeurerBM58",
    "welch-allyn-suretemp": "drivers.welch_allyn_suretemp:SureTempPlus",
    "contec-cms50d": "drivers.contec_cms50d:ContecCMS50D",
    "contec-cms50e": "drivers.contec_cms50e:ContecCMS50E",
    "nonin-format7": "drivers.nonin_format7:NoninFormat7",
    "marsden-m430": "drivers.marsden_m430:MarsdenM430",
    "uvc-camera": "drivers.uvc_camera:UvcCamera",
    "stethoscope-audio": "drivers.stethoscope:Stethoscope",
}

# What a kind uses when nothing is detected or configured.
DEFAULT_FOR_KIND: dict[DeviceKind, str] = {
    DeviceKind.BLOOD_PRESSURE: "beurer-bm58",
    DeviceKind.THERMOMETER: "welch-allyn-suretemp",
    DeviceKind.OXIMETER: "contec-cms50d",
    DeviceKind.SCALE: "marsden-m430",
    DeviceKind.CAMERA: "uvc-camera",
    DeviceKind.STETHOSCOPE: "stethoscope-audio",
}


def _targets() -> dict[str, str]:
    return dict(_scanned())


@cache
def _scanned() -> dict[str, str]:
    """The built-in drivers and the installed plugins' entry points, scanned once per process
    (a scan reads every installed distribution's metadata; ``get()`` runs at each open)."""
    targets = dict(BUILTIN)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in BUILTIN:
            log.warning("entry point %s ignored: a built-in driver has that name", ep.name)
            continue
        targets[ep.name] = ep.value
    return targets


def names() -> list[str]:
    return sorted(_targets())


@cache
def _load(target: str) -> type[BaseDevice]:
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
        cls = getattr(module, attr)
    except Exception as err:  # any import-time failure of a plugin is "not available"
        raise DriverUnavailable(device=target) from err
    if not (isinstance(cls, type) and issubclass(cls, BaseDevice)):
        raise DriverUnavailable(device=target)
    return cls


def get(name: str) -> type[BaseDevice]:
    target = _targets().get(name)
    if target is None:
        raise DriverUnavailable(
            f"Pilote inconnu : « {name} ». Pilotes disponibles : {', '.join(names())}.",
            device=name,
        )
    return _load(target)


def loadable_for_kind(kind: DeviceKind) -> dict[str, type[BaseDevice]]:
    """Every loadable driver of one kind by its registered name (one that fails to import is
    left out, and logged)."""
    found = {}
    for name in names():
        try:
            cls = get(name)
        except DriverUnavailable:
            log.warning("driver %s is not available", name)
            continue
        if cls.kind == kind:
            found[name] = cls
    return found


def for_kind(kind: DeviceKind) -> list[type[BaseDevice]]:
    """Every loadable driver class of one kind."""
    return list(loadable_for_kind(kind).values())
