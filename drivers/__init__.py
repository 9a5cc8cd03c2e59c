"""Device drivers for the teleconsultation station. Never imports ``station``."""

from drivers.base import (
    BaseDevice,
    Component,
    DeviceDriver,
    DeviceInfo,
    DeviceKind,
    Flag,
    Measurement,
    SerialSettings,
    UsbId,
)
from drivers.errors import (
    DeviceDisconnected,
    DeviceError,
    DeviceNotFound,
    DeviceTimeout,
    DriverUnavailable,
    MeasurementError,
    ProtocolError,
)

__all__ = [
    "BaseDevice",
    "Component",
    "DeviceDisconnected",
    "DeviceDriver",
    "DeviceError",
    "DeviceInfo",
    "DeviceKind",
    "DeviceNotFound",
    "DeviceTimeout",
    "DriverUnavailable",
    "Flag",
    "Measurement",
    "MeasurementError",
    "ProtocolError",
    "SerialSettings",
    "UsbId",
]
