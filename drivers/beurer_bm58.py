"""Beurer BM 58 / BM 65 blood-pressure monitor.

Transport: serial over the device's USB cable, 4800 baud 8N1.
Framing: host-driven, single-byte commands, fixed-length replies, no checksum.
  host AA -> device 55 (handshake; no reply = device off or MEM not pressed)
  host A4 -> device name, ASCII, unterminated (read until the line is quiet)
  host A2 -> one byte: number of stored records
  host A3 n (n from 1) -> 9-byte record AC, SYS-25, DIA-25, PULSE, month, day, hour, minute,
                          year-2000; or the single byte A9 when there is no record n.
Source: GitHub babo/bm58 ``bm58.py`` (see ../shared/protocols/README.md).

The measurement just taken is the newest stored record; since the record order in memory is
not documented, the driver reads them all and picks the latest time stamp.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from drivers.base import Component, DeviceKind, Flag, Measurement, SerialSettings
from drivers.errors import DeviceTimeout, MeasurementError, ProtocolError
from drivers.loinc import DIASTOLIC, HEART_RATE, MMHG, PER_MIN, SYSTOLIC
from drivers.serial_driver import SerialDeviceDriver

HANDSHAKE = 0xAA
HANDSHAKE_REPLY = 0x55
CMD_NAME = 0xA4
CMD_COUNT = 0xA2
CMD_RECORD = 0xA3
RECORD_MARK = 0xAC
NO_RECORD = 0xA9
RECORD_SIZE = 9
OFFSET = 25  # SYS and DIA are sent minus 25


@dataclass(frozen=True, slots=True)
class BM58Record:
    systolic: int
    diastolic: int
    pulse: int
    time: datetime


def parse_record(frame: bytes) -> BM58Record:
    """Decode one 9-byte record; raises ProtocolError on anything else."""
    if len(frame) != RECORD_SIZE:
        raise ProtocolError(f"Enregistrement du tensiomètre incomplet ({len(frame)}/9 octets).")
    if frame[0] != RECORD_MARK:
        raise ProtocolError("Enregistrement du tensiomètre illisible (en-tête inattendu).")
    sys_raw, dia_raw, pulse, month, day, hour, minute, year = frame[1:]
    try:
        when = datetime(2000 + year, month, day, hour, minute)
    except ValueError as err:
        raise ProtocolError("Date illisible dans l’enregistrement du tensiomètre.") from err
    return BM58Record(sys_raw + OFFSET, dia_raw + OFFSET, pulse, when)


def encode_record(record: BM58Record) -> bytes:
    t = record.time
    return bytes(
        [
            RECORD_MARK,
            record.systolic - OFFSET,
            record.diastolic - OFFSET,
            record.pulse,
            t.month,
            t.day,
            t.hour,
            t.minute,
            t.year - 2000,
        ]
    )


class BeurerBM58(SerialDeviceDriver):
    name = "beurer-bm58"
    kind = DeviceKind.BLOOD_PRESSURE
    manufacturer = "Beurer"
    model = "BM 58"
    serial_settings = SerialSettings(4800)
    # The USB cable's bridge id is not documented publicly: no VID/PID, configure the port.
    reply_timeout = 1.0

    async def _measure(self) -> Measurement:
        t = self.transport
        await t.reset_input()
        await t.write(bytes([HANDSHAKE]))
        reply = await t.read(1, self.reply_timeout)
        if not reply:
            raise DeviceTimeout(
                "Le tensiomètre ne répond pas : allumez-le, appuyez sur MEM, puis recommencez.",
                device=self.name,
            )
        if reply[0] != HANDSHAKE_REPLY:
            raise ProtocolError(device=self.name)

        await t.write(bytes([CMD_NAME]))
        name = await t.read_until_quiet(quiet=0.1, limit=64, timeout=self.reply_timeout)
        if not name or not all(0x20 <= b < 0x7F for b in name.rstrip(b"\x00")):
            raise ProtocolError(device=self.name)
        # The name reply is a model name ("BM58"), not a serial number.
        self.reported_model = name.rstrip(b"\x00").decode("ascii").strip() or None

        await t.write(bytes([CMD_COUNT]))
        count_reply = await t.read(1, self.reply_timeout)
        if not count_reply:
            raise DeviceTimeout(device=self.name)
        count = count_reply[0]
        if count == 0:
            raise MeasurementError(
                "Le tensiomètre n’a aucune mesure en mémoire : prenez la tension, "
                "puis recommencez.",
                device_code="no-records",
                device=self.name,
            )

        newest: BM58Record | None = None
        for index in range(1, count + 1):
            record = await self._read_record(index)
            if record is not None and (newest is None or record.time >= newest.time):
                newest = record
        if newest is None:
            raise MeasurementError(
                "Le tensiomètre n’a renvoyé aucune mesure lisible.",
                device_code="no-records",
                device=self.name,
            )
        return self.make_measurement(
            (
                Component("systolic", SYSTOLIC, newest.systolic, MMHG),
                Component("diastolic", DIASTOLIC, newest.diastolic, MMHG),
                Component("pulse", HEART_RATE, newest.pulse, PER_MIN),
            ),
            flags={Flag.FROM_DEVICE_MEMORY},
            device_time=newest.time,
        )

    async def _read_record(self, index: int) -> BM58Record | None:
        t = self.transport
        await t.write(bytes([CMD_RECORD, index]))
        first = await t.read(1, self.reply_timeout)
        if not first:
            raise DeviceTimeout(device=self.name)
        if first[0] == NO_RECORD:
            return None
        rest = await t.read(RECORD_SIZE - 1, self.reply_timeout)
        return parse_record(first + rest)
