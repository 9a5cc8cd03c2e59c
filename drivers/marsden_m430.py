"""Marsden M-430 weighing scale with height rod and BMI, Bluetooth SPP (a serial port).

Transport: serial (an RFCOMM port over Bluetooth SPP, so the baud rate is nominal); 9600 8N1.
Framing: the scale pushes one reading per weighing: 217 ASCII bytes = 7 rows of 31 bytes,
GROSS WEIGHT, TARE WEIGHT, NET WEIGHT, HEIGHT, BMI, ``DD/MM/YYYY   hh:mm``, blank. Each value
row holds 7 characters at columns 18-24 (NET: 8 characters at 17-24), a space, a 2-character
unit, then CR LF LF.
Source: GitHub rprobinson/MediPi, Marsden M-430 driver (../shared/protocols/README.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from drivers.base import Component, DeviceKind, Measurement, SerialSettings
from drivers.errors import ProtocolError
from drivers.loinc import BMI, BODY_HEIGHT, BODY_WEIGHT, CM, KG, KG_PER_M2
from drivers.serial_driver import SerialDeviceDriver

ROW = 31
ROWS = 7
BLOCK = ROW * ROWS  # 217
ROW_END = b"\r\n\n"
BLOCK_START = b"GROSS"
LABELS = (b"GROSS", b"TARE", b"NET", b"HEIGHT", b"BMI")


@dataclass(frozen=True, slots=True)
class M430Reading:
    gross: float
    tare: float
    net: float
    weight_unit: str
    height: float | None
    height_unit: str
    bmi: float | None
    time: datetime | None


def _value(row: bytes, start: int, what: str) -> tuple[float | None, str]:
    text = row[start:25].decode("ascii").strip()
    unit = row[26:28].decode("ascii").strip()
    if not text or set(text) <= {"-"}:
        return None, unit  # the scale has no value for this row (e.g. no height entered)
    try:
        value = float(text)
    except ValueError as err:
        raise ProtocolError(f"Valeur illisible ({what}) dans la pesée.") from err
    if not math.isfinite(value):  # float() takes "nan", "inf" and "1e999"
        raise ProtocolError(f"Valeur illisible ({what}) dans la pesée.")
    return value, unit


def parse_block(block: bytes) -> M430Reading:
    if len(block) != BLOCK:
        raise ProtocolError(f"Pesée incomplète ({len(block)}/{BLOCK} octets).")
    try:
        block.decode("ascii")
    except UnicodeDecodeError as err:
        raise ProtocolError("Pesée illisible (caractères inattendus).") from err
    rows = [block[i * ROW : (i + 1) * ROW] for i in range(ROWS)]
    for i, row in enumerate(rows):
        if not row.endswith(ROW_END):
            raise ProtocolError("Pesée mal formée (fin de ligne attendue).")
        if i < len(LABELS) and not row.startswith(LABELS[i]):
            raise ProtocolError("Pesée mal formée (ligne inattendue).")
    gross, unit = _value(rows[0], 18, "poids brut")
    tare, _ = _value(rows[1], 18, "tare")
    net, _ = _value(rows[2], 17, "poids net")
    height, height_unit = _value(rows[3], 18, "taille")
    bmi, _ = _value(rows[4], 18, "IMC")
    if gross is None or net is None:
        raise ProtocolError("La pesée ne contient pas de poids.")
    when = None
    stamp = rows[5][:18].decode("ascii").strip()
    if stamp:
        try:
            when = datetime.strptime(stamp, "%d/%m/%Y   %H:%M")
        except ValueError as err:
            raise ProtocolError("Date illisible dans la pesée.") from err
    return M430Reading(gross, tare or 0.0, net, unit, height, height_unit, bmi, when)


def _row(label: str, value: str, unit: str, label_width: int = 18) -> bytes:
    return f"{label:<{label_width}}{value:>{25 - label_width}} {unit:<2}".encode("ascii") + ROW_END


def encode_block(reading: M430Reading) -> bytes:
    def num(v: float | None) -> str:
        return "-------" if v is None else f"{v:.1f}"

    stamp = reading.time.strftime("%d/%m/%Y   %H:%M") if reading.time else ""
    return b"".join(
        [
            _row("GROSS WEIGHT", num(reading.gross), reading.weight_unit),
            _row("TARE WEIGHT", num(reading.tare), reading.weight_unit),
            _row("NET WEIGHT", num(reading.net), reading.weight_unit, label_width=17),
            _row("HEIGHT", num(reading.height), reading.height_unit),
            _row("BMI", num(reading.bmi), ""),
            f"{stamp:<28}".encode("ascii") + ROW_END,
            b" " * 28 + ROW_END,
        ]
    )


_TO_KG = {"kg": 1.0, "lb": 0.45359237}
_TO_CM = {"cm": 1.0, "in": 2.54, "m": 100.0}


class MarsdenM430(SerialDeviceDriver):
    name = "marsden-m430"
    kind = DeviceKind.SCALE
    manufacturer = "Marsden"
    model = "M-430"
    serial_settings = SerialSettings(9600)
    measure_timeout = 60.0  # the patient has to step on the scale
    block_gap = 1.0  # longer silence inside a block: the block was cut short
    noise_limit = 32  # non-ASCII bytes tolerated while waiting for a block

    async def _measure(self) -> Measurement:
        t = self.transport
        await t.reset_input()
        buf = bytearray()
        unreadable = 0
        while True:
            in_block = buf.startswith(BLOCK_START)
            data = await t.read_available(self.block_gap if in_block else self.measure_timeout)
            if not data:
                if in_block:
                    raise ProtocolError(
                        f"Pesée incomplète ({len(buf)}/{BLOCK} octets) : recommencez la pesée.",
                        device=self.name,
                    )
                continue
            # The scale speaks printable ASCII only: anything else is line noise.
            unreadable += sum(1 for b in data if b > 0x7E or (b < 0x20 and b not in b"\r\n"))
            if unreadable > self.noise_limit:
                raise ProtocolError(device=self.name)
            buf += data
            start = buf.find(BLOCK_START)
            if start < 0:
                del buf[: max(0, len(buf) - len(BLOCK_START) + 1)]
                continue
            del buf[:start]
            if len(buf) >= BLOCK:
                return self._to_measurement(parse_block(bytes(buf[:BLOCK])))

    def _to_measurement(self, r: M430Reading) -> Measurement:
        if r.weight_unit not in _TO_KG:
            raise ProtocolError(f"Unité de poids inconnue : {r.weight_unit!r}.", device=self.name)
        comps = [Component("weight", BODY_WEIGHT, round(r.net * _TO_KG[r.weight_unit], 2), KG)]
        if r.height is not None and r.height_unit in _TO_CM:
            comps.append(
                Component("height", BODY_HEIGHT, round(r.height * _TO_CM[r.height_unit], 1), CM)
            )
        if r.bmi is not None:
            comps.append(Component("bmi", BMI, r.bmi, KG_PER_M2))
        return self.make_measurement(tuple(comps), device_time=r.time)
