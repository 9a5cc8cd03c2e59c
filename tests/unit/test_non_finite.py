"""NaN, infinity and 1e999 are no reading: a ProtocolError at the driver, never a value kept
in the record (where no report could be built from it)."""

from __future__ import annotations

import math
from datetime import datetime

import pytest

from drivers.base import Component, DeviceKind
from drivers.errors import ProtocolError
from drivers.marsden_m430 import M430Reading, MarsdenM430, encode_block, parse_block
from drivers.welch_allyn_suretemp import RECORD, parse_temperature_record

READING = M430Reading(72.4, 0.0, 72.4, "kg", 170.0, "cm", 25.1, datetime(2026, 12, 2, 9, 30))


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "1e999", "NaN"])
def test_the_scale_refuses_a_non_finite_weight(text: str) -> None:
    block = encode_block(READING)
    good = f"{72.4:.1f}".encode()
    assert parse_block(block).net == 72.4
    forged = block.replace(good, text.rjust(len(good)).encode(), 1)
    with pytest.raises(ProtocolError):
        parse_block(forged)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_the_thermometer_refuses_a_non_finite_temperature(value: float) -> None:
    record = RECORD.pack(value, 310.0, 40, 0, 0, 6, 0, 1, 0)
    with pytest.raises(ProtocolError):
        parse_temperature_record(record)


def test_no_driver_makes_a_measurement_of_a_non_finite_value() -> None:
    driver = MarsdenM430("loop://")
    with pytest.raises(ProtocolError):
        driver.make_measurement((Component("weight", "29463-7", math.nan, "kg"),))
    assert driver.kind is DeviceKind.SCALE
