from datetime import datetime

import pytest

from drivers.base import Flag
from drivers.ble_gatt import (
    parse_blood_pressure,
    parse_plx_continuous,
    parse_temperature,
    parse_weight,
)
from drivers.errors import ProtocolError
from drivers.ieee11073 import parse_bp_event_report

PHD_BP_REPORT = bytes.fromhex(
    "E700003E003C00540101003600000049 00500D1D002CF00000000002002400010012000300060078005000642007"
    "12061210000000020 00AF2582007120612100000".replace(" ", "")
)


def test_ieee11073_10407_event_report_vector() -> None:
    m = parse_bp_event_report(PHD_BP_REPORT)
    assert [(c.loinc, c.value, c.unit) for c in m.components] == [
        ("8480-6", 120.0, "mm[Hg]"),
        ("8462-4", 80.0, "mm[Hg]"),
        ("8478-0", 100.0, "mm[Hg]"),
        ("8867-4", 60.0, "/min"),
    ]
    assert m.device_time == datetime(2007, 12, 6, 12, 10)
    assert not m.flags


def test_ieee11073_rejects_a_truncated_report() -> None:
    with pytest.raises(ProtocolError):
        parse_bp_event_report(PHD_BP_REPORT[:-3])


def _bp(flags: int, *fields: bytes) -> bytes:
    return bytes([flags]) + b"".join(fields)


SYS_120 = bytes.fromhex("7800")
DIA_80 = bytes.fromhex("5000")
MAP_93 = bytes.fromhex("5D00")


def test_ble_blood_pressure_with_time_pulse_and_status() -> None:
    stamp = bytes.fromhex("DD07081A090A14")  # 2013-08-26 09:10:20 (A&D UA-651BLE vector)
    pulse = bytes.fromhex("4800")  # 72
    status = (0x0004 | 0x0002).to_bytes(2, "little")  # irregular pulse, cuff too loose
    m = parse_blood_pressure(_bp(0x02 | 0x04 | 0x10, SYS_120, DIA_80, MAP_93, stamp, pulse, status))
    assert m.value("systolic") == 120 and m.value("diastolic") == 80 and m.value("pulse") == 72
    assert m.device_time == datetime(2013, 8, 26, 9, 10, 20)
    assert {Flag.IRREGULAR_HEARTBEAT, Flag.CUFF_LOOSE} <= m.flags


def test_ble_blood_pressure_in_kpa_is_converted_to_mmhg() -> None:
    kpa_17_6 = bytes.fromhex("B0F0")
    kpa_10_7 = (0xF000 | 107).to_bytes(2, "little")
    m = parse_blood_pressure(_bp(0x01, kpa_17_6, kpa_10_7, bytes.fromhex("FF07")))
    assert m.value("systolic") == pytest.approx(132.0, abs=0.1)
    assert m.value("diastolic") == pytest.approx(80.3, abs=0.1)


def test_ble_blood_pressure_flags_an_impossible_reading() -> None:
    m = parse_blood_pressure(_bp(0x00, DIA_80, SYS_120, MAP_93))  # diastolic above systolic
    assert Flag.IMPLAUSIBLE in m.flags


def test_ble_temperature_fahrenheit_with_site() -> None:
    f_98_6 = (0xFF000000 | 986).to_bytes(4, "little")
    m = parse_temperature(bytes([0x05]) + f_98_6 + bytes([7]))
    assert m.value("temperature") == pytest.approx(37.0)
    assert m.site == "rectum"


def test_ble_plx_continuous_vector() -> None:
    m = parse_plx_continuous(bytes.fromhex("00E8F384F3"))
    assert (m.value("spo2"), m.value("pulse")) == (100.0, 90.0)


def test_ble_weight_vector_and_bmi() -> None:
    assert parse_weight(bytes.fromhex("007800")).value("weight") == pytest.approx(0.6)
    body = bytes([0x08]) + (14500).to_bytes(2, "little") + (251).to_bytes(2, "little")
    body += (1700).to_bytes(2, "little")
    m = parse_weight(body)
    assert m.value("weight") == pytest.approx(72.5)
    assert m.value("bmi") == pytest.approx(25.1)
    assert m.value("height") == pytest.approx(170.0)


@pytest.mark.parametrize(
    "parser", [parse_blood_pressure, parse_temperature, parse_plx_continuous, parse_weight]
)
def test_ble_short_frames_are_protocol_errors(parser) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ProtocolError):
        parser(b"\x1f\x00")
