import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.ieee_float import decode_float, decode_sfloat, encode_sfloat, sfloat_le


@pytest.mark.parametrize(
    ("hex_le", "expected"),
    [("E8F3", 100.0), ("84F3", 90.0), ("8000", 128.0), ("B0F0", 17.6), ("57F0", 8.7)],
)
def test_published_sfloat_vectors(hex_le: str, expected: float) -> None:
    assert sfloat_le(bytes.fromhex(hex_le), 0) == expected


def test_negative_exponent_is_twos_complement_not_offset() -> None:
    # exponent nibble 0xF is -1 (two's complement), not 15 - 8 = 7
    assert decode_sfloat(0xF258) == 60.0
    assert decode_sfloat(0x8001) == pytest.approx(1e-8)


def test_negative_mantissa() -> None:
    assert decode_sfloat(encode_sfloat(-5, -1)) == -0.5


@pytest.mark.parametrize("raw", [0x07FF, 0x0800, 0x0801])
def test_sfloat_special_values_are_not_numbers(raw: int) -> None:
    assert math.isnan(decode_sfloat(raw))


def test_sfloat_infinities() -> None:
    assert decode_sfloat(0x07FE) == math.inf
    assert decode_sfloat(0x0802) == -math.inf


def test_float_vectors() -> None:
    assert decode_float(0xFF0003E8) == 100.0  # 1000 x 10^-1
    assert decode_float(0x00000078) == 120.0
    assert math.isnan(decode_float(0x007FFFFF))
    assert decode_float(0x007FFFFE) == math.inf


@given(st.integers(-2000, 2000), st.integers(-8, 7))
def test_sfloat_round_trip(mantissa: int, exponent: int) -> None:
    raw = encode_sfloat(mantissa, exponent)
    value = decode_sfloat(raw)
    if raw in (0x07FF, 0x0800, 0x07FE, 0x0802, 0x0801):
        return
    assert value == pytest.approx(mantissa * 10.0**exponent)
