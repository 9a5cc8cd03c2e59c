"""Every parser, fed arbitrary bytes, either decodes or raises a typed DeviceError."""

import contextlib
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.beurer_bm58 import parse_record
from drivers.ble_gatt import (
    parse_blood_pressure,
    parse_plx_continuous,
    parse_temperature,
    parse_weight,
)
from drivers.contec_cms50d import CMS50Parser
from drivers.errors import DeviceError
from drivers.ieee11073 import parse_bp_event_report
from drivers.marsden_m430 import parse_block
from drivers.nonin_format7 import NoninParser
from drivers.validation import validate
from drivers.welch_allyn_suretemp import decode_packet, parse_temperature_record


def _cms50(data: bytes) -> Any:
    return [f.to_sample() for f in CMS50Parser().feed(data)]


def _cms50e(data: bytes) -> Any:
    from drivers.contec_cms50e import CMS50EParser

    return [f.to_sample() for f in CMS50EParser().feed(data)]


def _nonin(data: bytes) -> Any:
    return [p.to_sample() for p in NoninParser().feed(data)]


PARSERS: dict[str, Callable[[bytes], Any]] = {
    "bm58": parse_record,
    "suretemp-packet": decode_packet,
    "suretemp-record": parse_temperature_record,
    "cms50d": _cms50,
    "cms50e": _cms50e,
    "nonin": _nonin,
    "marsden": parse_block,
    "gatt-bp": parse_blood_pressure,
    "gatt-temperature": parse_temperature,
    "gatt-plx": parse_plx_continuous,
    "gatt-weight": parse_weight,
    "ieee11073": parse_bp_event_report,
}


@pytest.mark.parametrize("name", sorted(PARSERS))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300))
def test_parser_raises_only_typed_errors(name: str, data: bytes) -> None:
    try:
        result = PARSERS[name](data)
    except DeviceError:
        return
    # Whatever decodes must also survive validation (NaN, inf, absurd values are flagged).
    if hasattr(result, "components"):
        validate(result)


@settings(max_examples=200, deadline=None)
@given(body=st.binary(min_size=217, max_size=217))
def test_marsden_fuzz_with_plausible_structure(body: bytes) -> None:
    # Mostly-right blocks (right length, row ends) reach the deeper code paths.
    rows = bytearray(body)
    for i in range(7):
        rows[i * 31 + 28 : i * 31 + 31] = b"\r\n\n"
    rows[0:5] = b"GROSS"
    with contextlib.suppress(DeviceError):
        parse_block(bytes(rows))
