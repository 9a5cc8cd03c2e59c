"""Contec CMS50D+ (firmware 4.6 and later) / CMS50E / CMS50EW pulse oximeters, live data.

Transport: serial over the USB cable (or Bluetooth SPP on the EW), 115200 baud 8N1.
Framing: the host starts the live stream with ``7D 81 A1 80 80 80 80 80 80`` and must send it
again about every 5 s or the device stops. The device sends 9-byte frames starting with
``01``; the other bytes have bit 7 set (the value is in bits 0-6):
  B3 = C0 when a finger is in the probe; B5 & 7F = pulse rate; B6 & 7F = SpO2 (> 100: none).
Other status bits differ between public sources (*uncertain*); they are not interpreted, and
no pleth wave is taken from this firmware until it is checked on hardware.
Sources: GitHub tobac/cms50ew, AndreasZachariae/cms50dplus-driver
(../shared/protocols/README.md).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

from drivers.base import SerialSettings
from drivers.oximetry import LinkStats, OximetrySample, StreamingOximeter

FRAME_SIZE = 9
FRAME_START = 0x01
FINGER_IN = 0xC0
START_LIVE = bytes([0x7D, 0x81, 0xA1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80])
KEEP_ALIVE_SECONDS = 4.0  # the device stops after about 5 s without a command


@dataclass(frozen=True, slots=True)
class CMS50EFrame:
    finger_in: bool
    pulse: int
    spo2: int

    def encode(self) -> bytes:
        return bytes(
            [
                FRAME_START,
                0x80,
                0x80,
                FINGER_IN if self.finger_in else 0x80,
                0x80,
                0x80 | (self.pulse & 0x7F),
                0x80 | (self.spo2 & 0x7F),
                0x80,
                0x80,
            ]
        )

    def to_sample(self) -> OximetrySample:
        valid = self.finger_in
        return OximetrySample(
            spo2=self.spo2 if valid and 0 < self.spo2 <= 100 else None,
            pulse=self.pulse if valid and self.pulse > 0 else None,
            finger_out=not self.finger_in,
        )


class CMS50EParser:
    """Frames start with 01 and every other byte has bit 7 set: resynchronise on that."""

    def __init__(self, stats: LinkStats | None = None) -> None:
        self.stats = stats or LinkStats()
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[CMS50EFrame]:
        frames = []
        for byte in data:
            if byte == FRAME_START:
                self.stats.dropped_bytes += len(self._buf)
                self._buf = bytearray([byte])
            elif self._buf and byte & 0x80:
                self._buf.append(byte)
                if len(self._buf) == FRAME_SIZE:
                    b = self._buf
                    frames.append(CMS50EFrame(b[3] == FINGER_IN, b[5] & 0x7F, b[6] & 0x7F))
                    self.stats.frames += 1
                    self._buf = bytearray()
            else:  # outside a frame, or a byte that cannot be inside one
                self.stats.dropped_bytes += len(self._buf) + 1
                self._buf = bytearray()
        return frames


class ContecCMS50E(StreamingOximeter):
    name = "contec-cms50e"
    manufacturer = "Contec"
    model = "CMS50D+ 4.6 / CMS50E"
    serial_settings = SerialSettings(115200)

    def _make_parser(self) -> CMS50EParser:
        return CMS50EParser(self.stats)

    async def _samples(self) -> AsyncIterator[OximetrySample]:
        await self.transport.write(START_LIVE)
        last_command = time.monotonic()
        async for sample in super()._samples():
            if time.monotonic() - last_command >= KEEP_ALIVE_SECONDS:
                await self.transport.write(START_LIVE)
                last_command = time.monotonic()
            yield sample
