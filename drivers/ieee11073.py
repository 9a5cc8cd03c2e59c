"""IEEE 11073-10407 blood-pressure monitor (Continua PHD), measurement event reports.

Transport: USB PHDC or Bluetooth HDP (not handled here: this module decodes the APDUs).
Framing: 11073-20601 APDUs, big-endian. A measurement arrives as a PrstApdu (``E7 00``)
holding a confirmed event report of type MDC_NOTI_SCAN_REPORT_FIXED (0x0D1D) whose
observations follow the standard configuration 0x02BC: handle 1 = compound SYS/DIA/MEAN
(SFLOATs, mmHg) + absolute time, handle 2 = pulse rate (SFLOAT, /min) + absolute time.
Absolute time is BCD: century, year, month, day, hour, minute, second, hundredths.
Source: GitHub signove/antidote ``tests/resources/apdu/`` (../shared/protocols/README.md).
"""

from __future__ import annotations

import math
import struct
from datetime import datetime

from drivers.base import Component, DeviceInfo, DeviceKind, Measurement
from drivers.errors import ProtocolError
from drivers.ieee_float import decode_sfloat
from drivers.loinc import DIASTOLIC, HEART_RATE, MEAN_PRESSURE, MMHG, PER_MIN, SYSTOLIC
from drivers.validation import validate

PRST_APDU = 0xE700
ROIV_CONFIRMED_EVENT_REPORT = 0x0101
ROIV_EVENT_REPORT = 0x0100
MDC_NOTI_SCAN_REPORT_FIXED = 0x0D1D
STANDARD_BP_CONFIG = 0x02BC
HANDLE_BP = 1
HANDLE_PULSE = 2

PHD_DEVICE = DeviceInfo(driver="ieee11073-10407", manufacturer="Continua", model="PHD BPM")


def _u16(data: bytes, offset: int) -> int:
    if offset + 2 > len(data):
        raise ProtocolError("Message 11073 trop court.")
    return int(struct.unpack_from(">H", data, offset)[0])


def _bcd(byte: int) -> int:
    hi, lo = byte >> 4, byte & 0x0F
    if hi > 9 or lo > 9:
        raise ProtocolError("Horodatage 11073 illisible.")
    return hi * 10 + lo


def _absolute_time(data: bytes) -> datetime:
    if len(data) != 8:
        raise ProtocolError("Horodatage 11073 de taille inattendue.")
    century, year, month, day, hour, minute, second = (_bcd(b) for b in data[:7])
    try:
        return datetime(century * 100 + year, month, day, hour, minute, second)
    except ValueError as err:
        raise ProtocolError("Horodatage 11073 impossible.") from err


def parse_bp_event_report(apdu: bytes, device: DeviceInfo = PHD_DEVICE) -> Measurement:
    """Decode a fixed-format scan report of a standard-configuration (0x02BC) BP monitor."""
    if _u16(apdu, 0) != PRST_APDU:
        raise ProtocolError("Ce message 11073 n’est pas un message de données (PrstApdu).")
    if _u16(apdu, 2) + 4 != len(apdu):
        raise ProtocolError("Message 11073 de longueur incohérente.")
    if _u16(apdu, 8) not in (ROIV_CONFIRMED_EVENT_REPORT, ROIV_EVENT_REPORT):
        raise ProtocolError("Message 11073 inattendu (pas un rapport d’événement).")
    # 10: length, 12: obj handle, 14: event time (4), 18: event type, 20: info length
    if _u16(apdu, 18) != MDC_NOTI_SCAN_REPORT_FIXED:
        raise ProtocolError("Rapport 11073 d’un format non pris en charge.")
    # 22: data-req-id, 24: scan-report-no, 26: observation count, 28: list length
    count = _u16(apdu, 26)
    pos = 30
    values: dict[int, tuple[list[float], datetime]] = {}
    for _ in range(count):
        handle, length = _u16(apdu, pos), _u16(apdu, pos + 2)
        body = apdu[pos + 4 : pos + 4 + length]
        if len(body) != length:
            raise ProtocolError("Observation 11073 tronquée.")
        pos += 4 + length
        if handle == HANDLE_BP:
            n, size = _u16(body, 0), _u16(body, 2)
            if n != 3 or size != 6 or length != 4 + size + 8:
                raise ProtocolError("Mesure de tension 11073 mal formée.")
            nums = [decode_sfloat(_u16(body, 4 + 2 * i)) for i in range(3)]
            values[handle] = (nums, _absolute_time(body[10:18]))
        elif handle == HANDLE_PULSE:
            if length != 10:
                raise ProtocolError("Mesure de pouls 11073 mal formée.")
            values[handle] = ([decode_sfloat(_u16(body, 0))], _absolute_time(body[2:10]))
    if HANDLE_BP not in values:
        raise ProtocolError("Le rapport 11073 ne contient pas de tension.")
    (systolic, diastolic, mean), when = values[HANDLE_BP]
    if not (math.isfinite(systolic) and math.isfinite(diastolic)):
        raise ProtocolError("Le tensiomètre n’a pas donné de valeur.")
    comps = [
        Component("systolic", SYSTOLIC, systolic, MMHG),
        Component("diastolic", DIASTOLIC, diastolic, MMHG),
    ]
    if math.isfinite(mean):
        comps.append(Component("mean", MEAN_PRESSURE, mean, MMHG))
    if HANDLE_PULSE in values and math.isfinite(values[HANDLE_PULSE][0][0]):
        comps.append(Component("pulse", HEART_RATE, values[HANDLE_PULSE][0][0], PER_MIN))
    return validate(Measurement(DeviceKind.BLOOD_PRESSURE, tuple(comps), device, device_time=when))
