import math

import pytest

from drivers.base import Component, DeviceInfo, DeviceKind, Flag, Measurement
from drivers.loinc import BODY_TEMPERATURE, DIASTOLIC, HEART_RATE, SPO2, SYSTOLIC
from drivers.validation import validate

DEVICE = DeviceInfo("test", "Test", "Test")


def _m(*components: tuple[str, str, float]) -> Measurement:
    return Measurement(
        DeviceKind.BLOOD_PRESSURE,
        tuple(Component(n, code, v, "x") for n, code, v in components),
        DEVICE,
    )


def test_normal_reading_is_not_flagged() -> None:
    m = validate(_m(("systolic", SYSTOLIC, 128), ("diastolic", DIASTOLIC, 82)))
    assert Flag.IMPLAUSIBLE not in m.flags


@pytest.mark.parametrize(
    "components",
    [
        (("systolic", SYSTOLIC, 400), ("diastolic", DIASTOLIC, 80)),
        (("systolic", SYSTOLIC, 120), ("diastolic", DIASTOLIC, 125)),
        (("pulse", HEART_RATE, 5),),
        (("spo2", SPO2, 130),),
        (("temperature", BODY_TEMPERATURE, 52.0),),
        (("temperature", BODY_TEMPERATURE, math.nan),),
    ],
)
def test_impossible_readings_are_flagged(components: tuple[tuple[str, str, float], ...]) -> None:
    assert Flag.IMPLAUSIBLE in validate(_m(*components)).flags


def test_fever_and_hypertension_are_not_the_device_layers_business() -> None:
    m = validate(_m(("systolic", SYSTOLIC, 190), ("diastolic", DIASTOLIC, 110)))
    assert not m.flags


def test_measurement_json_shape() -> None:
    d = _m(("systolic", SYSTOLIC, 128)).with_flags(Flag.MANUAL_ENTRY).to_dict()
    assert d["components"] == [{"name": "systolic", "loinc": "8480-6", "value": 128, "unit": "x"}]
    assert d["flags"] == ["manual-entry"] and d["kind"] == "blood-pressure"
    assert d["device"]["driver"] == "test" and "T" in d["time"]
