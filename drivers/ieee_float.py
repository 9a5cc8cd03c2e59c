"""IEEE 11073-20601 SFLOAT (16-bit) and FLOAT (32-bit) decoding.

SFLOAT: 4-bit two's-complement exponent (high nibble), 12-bit two's-complement mantissa.
FLOAT: 8-bit signed exponent (high byte), 24-bit two's-complement mantissa.
value = mantissa x 10^exponent. Special values decode to NaN / +-inf; NRes and reserved too
(NaN), and callers must treat a non-finite value as "no value".
Source: IEEE 11073-20601; Bluetooth SIG GATT specification (../shared/protocols/README.md).
"""

from __future__ import annotations

import math

_SFLOAT_SPECIAL = {
    0x07FF: math.nan,  # NaN
    0x0800: math.nan,  # NRes (not at this resolution)
    0x07FE: math.inf,
    0x0802: -math.inf,
    0x0801: math.nan,  # reserved
}
_FLOAT_SPECIAL = {
    0x007FFFFF: math.nan,
    0x00800000: math.nan,
    0x007FFFFE: math.inf,
    0x00800002: -math.inf,
    0x00800001: math.nan,
}


def _signed(value: int, bits: int) -> int:
    return value - (1 << bits) if value & (1 << (bits - 1)) else value


def decode_sfloat(raw: int) -> float:
    raw &= 0xFFFF
    if raw in _SFLOAT_SPECIAL:
        return _SFLOAT_SPECIAL[raw]
    exponent = _signed(raw >> 12, 4)
    mantissa = _signed(raw & 0x0FFF, 12)
    return _scale(mantissa, exponent)


def decode_float(raw: int) -> float:
    raw &= 0xFFFFFFFF
    if raw in _FLOAT_SPECIAL:
        return _FLOAT_SPECIAL[raw]
    exponent = _signed(raw >> 24, 8)
    mantissa = _signed(raw & 0xFFFFFF, 24)
    return _scale(mantissa, exponent)


def _scale(mantissa: int, exponent: int) -> float:
    # Round to the precision the exponent carries, so 1000 x 10^-1 is exactly 100.0.
    value = mantissa * (10.0**exponent)
    return round(value, -exponent) if exponent < 0 else float(value)


def sfloat_le(data: bytes, offset: int) -> float:
    return decode_sfloat(data[offset] | (data[offset + 1] << 8))


def float_le(data: bytes, offset: int) -> float:
    return decode_float(int.from_bytes(data[offset : offset + 4], "little"))


def encode_sfloat(mantissa: int, exponent: int) -> int:
    """For tests and simulators: pack a mantissa and exponent."""
    if not (-2048 <= mantissa <= 2047 and -8 <= exponent <= 7):
        raise ValueError("out of SFLOAT range")
    return ((exponent & 0x0F) << 12) | (mantissa & 0x0FFF)
