"""Finding connected devices: serial ports by USB VID/PID, cameras by their video class.

Platforms: serial ports on Linux, Windows and macOS (pyserial's ``list_ports``). Cameras are
enumerated on Linux only, through sysfs (``/sys/class/video4linux``: capture nodes of UVC
interfaces, class 0x0E); on Windows and macOS a camera is configured by its name or index.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from serial.tools import list_ports

from drivers import registry
from drivers.base import DeviceKind, UsbId
from drivers.errors import DriverUnavailable

UVC_INTERFACE_CLASS = "0e"
SYSFS_VIDEO = Path("/sys/class/video4linux")


@dataclass(frozen=True)
class DetectedDevice:
    port: str
    description: str
    usb_id: UsbId | None = None
    serial_number: str | None = None
    drivers: tuple[str, ...] = field(default=())  # drivers whose USB ids match
    kind: DeviceKind | None = None


def _drivers_by_usb_id() -> dict[UsbId, list[str]]:
    table: dict[UsbId, list[str]] = {}
    for name in registry.names():
        try:
            cls = registry.get(name)
        except DriverUnavailable:
            continue
        for usb_id in cls.usb_ids:
            table.setdefault(usb_id, []).append(name)
    return table


def serial_ports() -> list[DetectedDevice]:
    table = _drivers_by_usb_id()
    found = []
    for info in sorted(list_ports.comports(), key=lambda p: p.device):
        usb_id = (
            UsbId(info.vid, info.pid) if info.vid is not None and info.pid is not None else None
        )
        names = tuple(table.get(usb_id, ())) if usb_id else ()
        kind = registry.get(names[0]).kind if names else None
        found.append(
            DetectedDevice(
                port=info.device,
                description=info.description or "",
                usb_id=usb_id,
                serial_number=info.serial_number,
                drivers=names,
                kind=kind,
            )
        )
    return found


def cameras() -> list[DetectedDevice]:
    if not sys.platform.startswith("linux") or not SYSFS_VIDEO.exists():
        return []
    found = []
    for node in sorted(SYSFS_VIDEO.glob("video*")):
        interface_class = _read(node / "device" / "bInterfaceClass")
        index = _read(node / "index")
        if interface_class != UVC_INTERFACE_CLASS or index not in ("", "0"):
            continue  # not UVC, or a metadata node of a camera already listed
        found.append(
            DetectedDevice(
                port=f"/dev/{node.name}",
                description=_read(node / "name"),
                drivers=("uvc-camera",),
                kind=DeviceKind.CAMERA,
            )
        )
    return found


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return ""


def detect() -> list[DetectedDevice]:
    """Every serial port and camera found, with the drivers that match each."""
    return serial_ports() + cameras()
