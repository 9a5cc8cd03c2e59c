"""Device management for the application: choosing the driver and port for each device kind."""

from station.devices.resolve import DeviceChoice, NoDeviceConfigured, resolve

__all__ = ["DeviceChoice", "NoDeviceConfigured", "resolve"]
