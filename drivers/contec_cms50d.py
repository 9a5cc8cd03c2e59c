"""Contec CMS50D+ pulse oximeter (firmware about 4.5), live data stream.

Transport: serial over the USB cable's CP210x bridge, 19200 baud, 8 data bits, odd parity,
1 stop bit. The source also sets XON/XOFF; we do not, because 0x11 and 0x13 occur as data
(pleth 17 or 19) and a flow-controlled line would swallow them. The host sends nothing.
Framing: 60 frames/s of 5 bytes; byte 0 has bit 7 set, bytes 1-4 have it clear (resync on it).
  B0: bits 0-3 signal strength, 0x10 finger out, 0x20 SpO2 dropping, 0x40 beep
  B1: pleth wave 0-127
  B2: bits 0-3 bar graph, 0x10 probe error, 0x20 searching, 0x40 pulse-rate bit 7
  B3: pulse rate bits 0-6
  B4: SpO2 (%)
Source: GitHub atbrask/CMS50Dplus (../shared/protocols/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.base import Flag, SerialSettings, UsbId
from drivers.oximetry import LinkStats, OximetrySample, StreamingOximeter

FRAME_SIZE = 5
SYNC = 0x80
FINGER_OUT = 0x10
SPO2_DROPPING = 0x20
PROBE_ERROR = 0x10
SEARCHING = 0x20
PULSE_BIT7 = 0x40
# Values the device sends when it has no reading.
NO_SPO2 = 127
NO_PULSE = 255


@dataclass(frozen=True, slots=True)
class CMS50Frame:
    signal_strength: int
    finger_out: bool
    spo2_dropping: bool
    beep: bool
    pleth: int
    bar_graph: int
    probe_error: bool
    searching: bool
    pulse: int
    spo2: int

    def encode(self) -> bytes:
        b0 = SYNC | (self.signal_strength & 0x0F)
        b0 |= FINGER_OUT if self.finger_out else 0
        b0 |= SPO2_DROPPING if self.spo2_dropping else 0
        b0 |= 0x40 if self.beep else 0
        b2 = (self.bar_graph & 0x0F) | (PROBE_ERROR if self.probe_error else 0)
        b2 |= SEARCHING if self.searching else 0
        b2 |= PULSE_BIT7 if self.pulse & 0x80 else 0
        return bytes([b0, self.pleth & 0x7F, b2, self.pulse & 0x7F, self.spo2 & 0x7F])

    def to_sample(self) -> OximetrySample:
        valid = not (self.finger_out or self.probe_error or self.searching)
        spo2 = self.spo2 if valid and 0 < self.spo2 <= 100 else None
        pulse = self.pulse if valid and 0 < self.pulse < NO_PULSE else None
        flags = {Flag.SIGNAL_SEARCHING} if self.searching else set()
        return OximetrySample(
            spo2=spo2,
            pulse=pulse,
            pleth=(self.pleth,),
            finger_out=self.finger_out,
            probe_error=self.probe_error,
            flags=frozenset(flags),
        )


def decode_frame(frame: bytes) -> CMS50Frame:
    b0, b1, b2, b3, b4 = frame
    return CMS50Frame(
        signal_strength=b0 & 0x0F,
        finger_out=bool(b0 & FINGER_OUT),
        spo2_dropping=bool(b0 & SPO2_DROPPING),
        beep=bool(b0 & 0x40),
        pleth=b1,
        bar_graph=b2 & 0x0F,
        probe_error=bool(b2 & PROBE_ERROR),
        searching=bool(b2 & SEARCHING),
        pulse=b3 | (0x80 if b2 & PULSE_BIT7 else 0),
        spo2=b4,
    )


class CMS50Parser:
    """Cuts a byte stream into frames, resynchronising on the sync bit."""

    def __init__(self, stats: LinkStats | None = None) -> None:
        self.stats = stats or LinkStats()
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[CMS50Frame]:
        frames = []
        for byte in data:
            if byte & SYNC:
                if self._buf:  # a new frame starts before the last one ended
                    self.stats.dropped_bytes += len(self._buf)
                self._buf = bytearray([byte])
            elif self._buf:
                self._buf.append(byte)
                if len(self._buf) == FRAME_SIZE:
                    frames.append(decode_frame(bytes(self._buf)))
                    self.stats.frames += 1
                    self._buf.clear()
            else:
                self.stats.dropped_bytes += 1
        return frames


class ContecCMS50D(StreamingOximeter):
    name = "contec-cms50d"
    manufacturer = "Contec"
    model = "CMS50D+"
    serial_settings = SerialSettings(19200, parity="O")
    # Generic Silicon Labs CP210x bridge: also used by other devices, so a match is a guess.
    usb_ids = (UsbId(0x10C4, 0xEA60),)

    def _make_parser(self) -> CMS50Parser:
        return CMS50Parser(self.stats)
