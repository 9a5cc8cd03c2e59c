"""Bluetooth SIG health measurement characteristics, decoded into Measurements.

Parsers only (a BLE transport with ``bleak`` comes later): Blood Pressure Measurement 0x2A35,
Temperature Measurement 0x2A1C, PLX Continuous Measurement 0x2A5F, Weight Measurement 0x2A9D.
All multi-byte fields are little-endian; SFLOAT/FLOAT per IEEE 11073-20601.
Sources: Bluetooth SIG GATT specification supplement; StanfordSpezi/SpeziBluetooth
(../shared/protocols/README.md).
"""

from __future__ import annotations

import math
from datetime import datetime

from drivers.base import Component, DeviceInfo, DeviceKind, Flag, Measurement
from drivers.errors import ProtocolError
from drivers.ieee_float import float_le, sfloat_le
from drivers.loinc import (
    BMI,
    BODY_HEIGHT,
    BODY_TEMPERATURE,
    BODY_WEIGHT,
    CELSIUS,
    CM,
    DIASTOLIC,
    HEART_RATE,
    KG,
    KG_PER_M2,
    MEAN_PRESSURE,
    MMHG,
    PER_MIN,
    PERCENT,
    PULSE_RATE_OXIMETRY,
    SPO2,
    SYSTOLIC,
)
from drivers.validation import validate

GENERIC_BLE = DeviceInfo(driver="ble-gatt", manufacturer="Bluetooth", model="GATT health profile")
KPA_TO_MMHG = 7.500615758
LB_TO_KG = 0.45359237
TEMPERATURE_SITES = {
    1: "armpit",
    2: "body",
    3: "ear",
    4: "finger",
    5: "gastro-intestinal tract",
    6: "mouth",
    7: "rectum",
    8: "toe",
    9: "tympanum",
}


class _Reader:
    """Walks a characteristic value; running out of bytes is a ProtocolError."""

    def __init__(self, data: bytes, what: str) -> None:
        self.data, self.pos, self.what = bytes(data), 0, what

    def take(self, size: int) -> int:
        if self.pos + size > len(self.data):
            raise ProtocolError(f"Trame Bluetooth trop courte ({self.what}).")
        start, self.pos = self.pos, self.pos + size
        return start

    def u8(self) -> int:
        return self.data[self.take(1)]

    def u16(self) -> int:
        i = self.take(2)
        return self.data[i] | (self.data[i + 1] << 8)

    def sfloat(self) -> float:
        return sfloat_le(self.data, self.take(2))

    def float32(self) -> float:
        return float_le(self.data, self.take(4))

    def date_time(self) -> datetime | None:
        i = self.take(7)
        d = self.data
        year = d[i] | (d[i + 1] << 8)
        if year == 0:  # "year not known"
            return None
        try:
            return datetime(year, d[i + 2], d[i + 3], d[i + 4], d[i + 5], d[i + 6])
        except ValueError as err:
            raise ProtocolError(f"Date illisible ({self.what}).") from err


def _finite(value: float, what: str) -> float:
    if not math.isfinite(value):
        raise ProtocolError(f"L’appareil n’a pas donné de valeur ({what}).")
    return value


def parse_blood_pressure(data: bytes, device: DeviceInfo = GENERIC_BLE) -> Measurement:
    r = _Reader(data, "tension")
    flags = r.u8()
    scale = KPA_TO_MMHG if flags & 0x01 else 1.0
    systolic, diastolic, mean = (r.sfloat(), r.sfloat(), r.sfloat())
    when = r.date_time() if flags & 0x02 else None
    pulse = r.sfloat() if flags & 0x04 else None
    if flags & 0x08:
        r.u8()  # user id
    quality: set[str] = set()
    if flags & 0x10:
        status = r.u16()
        bits = {
            0x01: Flag.BODY_MOVEMENT,
            0x02: Flag.CUFF_LOOSE,
            0x04: Flag.IRREGULAR_HEARTBEAT,
            0x08: Flag.OUT_OF_RANGE,
            0x10: Flag.OUT_OF_RANGE,
            0x20: Flag.IMPROPER_POSITION,
        }
        quality |= {flag for bit, flag in bits.items() if status & bit}
    comps = [
        Component("systolic", SYSTOLIC, round(_finite(systolic, "systolique") * scale, 1), MMHG),
        Component(
            "diastolic", DIASTOLIC, round(_finite(diastolic, "diastolique") * scale, 1), MMHG
        ),
    ]
    if math.isfinite(mean):
        comps.append(Component("mean", MEAN_PRESSURE, round(mean * scale, 1), MMHG))
    if pulse is not None and math.isfinite(pulse):
        comps.append(Component("pulse", HEART_RATE, pulse, PER_MIN))
    return validate(
        Measurement(
            DeviceKind.BLOOD_PRESSURE,
            tuple(comps),
            device,
            flags=frozenset(quality),
            device_time=when,
        )
    )


def parse_temperature(data: bytes, device: DeviceInfo = GENERIC_BLE) -> Measurement:
    r = _Reader(data, "température")
    flags = r.u8()
    value = _finite(r.float32(), "température")
    if flags & 0x01:  # Fahrenheit
        value = round((value - 32) * 5 / 9, 2)
    when = r.date_time() if flags & 0x02 else None
    site = TEMPERATURE_SITES.get(r.u8()) if flags & 0x04 else None
    comps = (Component("temperature", BODY_TEMPERATURE, value, CELSIUS),)
    return validate(Measurement(DeviceKind.THERMOMETER, comps, device, device_time=when, site=site))


def parse_plx_continuous(data: bytes, device: DeviceInfo = GENERIC_BLE) -> Measurement:
    r = _Reader(data, "oxymétrie")
    r.u8()  # flags: the optional fields that follow are not needed for a spot value
    spo2 = _finite(r.sfloat(), "SpO2")
    pulse = _finite(r.sfloat(), "pouls")
    comps = (
        Component("spo2", SPO2, spo2, PERCENT),
        Component("pulse", PULSE_RATE_OXIMETRY, pulse, PER_MIN),
    )
    return validate(Measurement(DeviceKind.OXIMETER, comps, device))


def parse_weight(data: bytes, device: DeviceInfo = GENERIC_BLE) -> Measurement:
    r = _Reader(data, "poids")
    flags = r.u8()
    imperial = bool(flags & 0x01)
    raw = r.u16()
    if raw == 0xFFFF:
        raise ProtocolError("La balance n’a pas donné de poids (mesure ratée).")
    weight = raw * 0.01 * LB_TO_KG if imperial else raw * 0.005
    when = r.date_time() if flags & 0x02 else None
    if flags & 0x04:
        r.u8()  # user id
    comps = [Component("weight", BODY_WEIGHT, round(weight, 3), KG)]
    if flags & 0x08:
        bmi = r.u16() * 0.1
        height_raw = r.u16()
        height_cm = height_raw * 0.1 * 2.54 if imperial else height_raw * 0.1
        comps += [
            Component("bmi", BMI, round(bmi, 1), KG_PER_M2),
            Component("height", BODY_HEIGHT, round(height_cm, 1), CM),
        ]
    return validate(Measurement(DeviceKind.SCALE, tuple(comps), device, device_time=when))
