"""Base for drivers that talk to their device over a serial line (real, USB bridge or pty)."""

from __future__ import annotations

from drivers.base import DeviceDriver
from drivers.transport import SerialTransport


class SerialDeviceDriver(DeviceDriver):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        assert self.serial_settings is not None, (
            f"{type(self).__name__} declares no serial settings"
        )
        self.transport = SerialTransport(url, self.serial_settings, device=self.name)

    async def _open(self) -> None:
        await self.transport.open()

    async def _close(self) -> None:
        await self.transport.close()
