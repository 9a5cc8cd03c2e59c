"""Nonin pulse oximeter (OEM III module, Xpod...), serial data format 7.

Transport: serial 9600 baud 8N1 (the OEM modules' default rate).
Framing: frames of 5 bytes ``status, pleth MSB, pleth LSB, var, checksum`` where checksum =
(b0+b1+b2+b3) mod 256; 25 frames make a packet (1/3 s, 75 samples/s). Status: 0x80 always set,
0x01 sync (frame 0 of a packet), 0x02 green perfusion, 0x04 red perfusion (low signal),
0x08 sensor alarm, 0x10 out of track, 0x20 artifact.
``var`` by frame index: 0-1 HR 4-beat average (frame 0 holds HR bits 8-7 in its bits 1-0,
frame 1 bits 6-0), 2 SpO2 4-beat, 3 firmware revision, 7 status flags (0x01 low battery),
8 SpO2 4-beat, 13-14 HR 8-beat, 15 SpO2 8-beat, 16 SpO2 display, 19-20 HR display.
HR >= 511 or SpO2 >= 101 (127 in practice) means "no value".
Command to select format 7: ``02 70 02 02 07 03``; the module answers ACK 06 or NAK 15.
Sources: GitHub mdpnp/mdpnp (OpenICE) ``devices/nonin/``; Pufferfish Nonin packet parser
(../shared/protocols/README.md). The command bytes are *derived*: check on hardware.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.base import Flag, SerialSettings
from drivers.errors import DeviceTimeout, MeasurementError
from drivers.oximetry import LinkStats, OximetrySample, StreamingOximeter

FRAME_SIZE = 5
FRAMES_PER_PACKET = 25
STATUS_ALWAYS = 0x80
STATUS_SYNC = 0x01
STATUS_GREEN_PERFUSION = 0x02
STATUS_RED_PERFUSION = 0x04
STATUS_SENSOR_ALARM = 0x08
STATUS_OUT_OF_TRACK = 0x10
STATUS_ARTIFACT = 0x20
SET_FORMAT_7 = bytes([0x02, 0x70, 0x02, 0x02, 0x07, 0x03])
ACK = 0x06
NAK = 0x15
NO_HR = 511
NO_SPO2 = 127
LOW_BATTERY = 0x01


def frame_checksum(frame: bytes) -> int:
    return sum(frame[:4]) & 0xFF


def encode_frame(status: int, pleth: int, var: int) -> bytes:
    body = bytes([status | STATUS_ALWAYS, (pleth >> 8) & 0xFF, pleth & 0xFF, var & 0xFF])
    return body + bytes([frame_checksum(body)])


@dataclass(frozen=True, slots=True)
class NoninPacket:
    statuses: tuple[int, ...]
    pleth: tuple[int, ...]
    var: tuple[int, ...]

    @property
    def heart_rate(self) -> int | None:
        hr = ((self.var[0] & 0x03) << 7) | (self.var[1] & 0x7F)
        return None if hr >= NO_HR else hr

    @property
    def spo2(self) -> int | None:
        value = self.var[2] & 0x7F
        return None if value > 100 else value

    @property
    def firmware(self) -> int:
        return self.var[3]

    def status_any(self, bit: int) -> bool:
        return any(s & bit for s in self.statuses)

    def to_sample(self) -> OximetrySample:
        alarm = self.status_any(STATUS_SENSOR_ALARM)
        out_of_track = self.status_any(STATUS_OUT_OF_TRACK)
        flags: set[str] = set()
        if self.status_any(STATUS_ARTIFACT):
            flags.add(Flag.ARTIFACT)
        if self.status_any(STATUS_RED_PERFUSION):
            flags.add(Flag.LOW_PERFUSION)
        if self.var[7] & LOW_BATTERY:
            flags.add(Flag.LOW_BATTERY)
        if out_of_track:
            flags.add(Flag.SIGNAL_SEARCHING)
        valid = not (alarm or out_of_track)
        return OximetrySample(
            spo2=self.spo2 if valid else None,
            pulse=self.heart_rate if valid else None,
            pleth=self.pleth,
            # Nonin's sensor alarm: the sensor gives unusable data (unplugged, faulty, no finger).
            probe_error=alarm,
            flags=frozenset(flags),
        )


def encode_packet(statuses: list[int], pleth: list[int], var: list[int]) -> bytes:
    return b"".join(encode_frame(s, p, v) for s, p, v in zip(statuses, pleth, var, strict=True))


class NoninParser:
    """Cuts the byte stream into checked frames and the frames into packets."""

    def __init__(self, stats: LinkStats | None = None) -> None:
        self.stats = stats or LinkStats()
        self._buf = bytearray()
        self._frames: list[bytes] = []

    def feed(self, data: bytes) -> list[NoninPacket]:
        self._buf += data
        packets = []
        while len(self._buf) >= FRAME_SIZE:
            frame = bytes(self._buf[:FRAME_SIZE])
            if not frame[0] & STATUS_ALWAYS or frame_checksum(frame) != frame[4]:
                # Not a frame boundary (or a corrupted frame): slide one byte and look again.
                del self._buf[0]
                self.stats.dropped_bytes += 1
                if self._frames:
                    self.stats.bad_frames += 1
                    self._frames.clear()
                continue
            del self._buf[:FRAME_SIZE]
            if frame[0] & STATUS_SYNC:
                if self._frames:
                    self.stats.bad_frames += 1  # a packet cut short
                self._frames = [frame]
            elif self._frames:
                self._frames.append(frame)
            else:
                continue  # before the first sync frame: wait for a packet start
            if len(self._frames) == FRAMES_PER_PACKET:
                packets.append(
                    NoninPacket(
                        statuses=tuple(f[0] for f in self._frames),
                        pleth=tuple((f[1] << 8) | f[2] for f in self._frames),
                        var=tuple(f[3] for f in self._frames),
                    )
                )
                self.stats.frames += FRAMES_PER_PACKET
                self._frames = []
        return packets


class NoninFormat7(StreamingOximeter):
    name = "nonin-format7"
    manufacturer = "Nonin"
    model = "OEM III (format 7)"
    serial_settings = SerialSettings(9600)
    stable_seconds = 1.0  # three packets
    garbage_limit = 150

    async def _open(self) -> None:
        await super()._open()
        await self.transport.write(SET_FORMAT_7)
        reply = await self.transport.read_available(1.0)
        if not reply:
            raise DeviceTimeout(
                "L’oxymètre ne répond pas : vérifiez qu’il est branché, puis recommencez.",
                device=self.name,
            )
        if NAK in reply[:1]:
            raise MeasurementError(
                "L’oxymètre refuse le format de données demandé.",
                device_code="nak",
                device=self.name,
            )

    def _make_parser(self) -> NoninParser:
        return NoninParser(self.stats)
