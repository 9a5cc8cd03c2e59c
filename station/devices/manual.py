"""A measurement typed in by the assistant (the device is missing or broken): flagged as such.

The same validation as a device reading applies, so an impossible value is flagged
``implausible`` rather than refused; the report and the doctor see ``manual-entry``.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers import loinc
from drivers.base import Component, DeviceInfo, DeviceKind, Flag, Measurement
from drivers.validation import validate

MANUAL_DEVICE = DeviceInfo("manual-entry", "", "Saisie manuelle")


@dataclass(frozen=True)
class ManualField:
    name: str
    loinc: str
    unit: str
    label: str  # French; the UI translates it
    minimum: float
    maximum: float
    decimals: int = 0
    required: bool = True


MANUAL_FIELDS: dict[DeviceKind, tuple[ManualField, ...]] = {
    DeviceKind.BLOOD_PRESSURE: (
        ManualField("systolic", loinc.SYSTOLIC, loinc.MMHG, "Systolique (mmHg)", 40, 300),
        ManualField("diastolic", loinc.DIASTOLIC, loinc.MMHG, "Diastolique (mmHg)", 20, 200),
        ManualField(
            "pulse", loinc.HEART_RATE, loinc.PER_MIN, "Pouls (/min)", 20, 250, required=False
        ),
    ),
    DeviceKind.THERMOMETER: (
        ManualField(
            "temperature", loinc.BODY_TEMPERATURE, loinc.CELSIUS, "Température (°C)", 30, 45, 1
        ),
    ),
    DeviceKind.OXIMETER: (
        ManualField("spo2", loinc.SPO2, loinc.PERCENT, "SpO2 (%)", 50, 100),
        ManualField(
            "pulse",
            loinc.PULSE_RATE_OXIMETRY,
            loinc.PER_MIN,
            "Pouls (/min)",
            20,
            250,
            required=False,
        ),
    ),
    DeviceKind.SCALE: (
        ManualField("weight", loinc.BODY_WEIGHT, loinc.KG, "Poids (kg)", 1, 350, 1),
    ),
}


class ManualEntryError(ValueError):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def manual_measurement(kind: DeviceKind, values: dict[str, float | None]) -> Measurement:
    components = []
    for field in MANUAL_FIELDS[kind]:
        value = values.get(field.name)
        if value is None:
            if field.required:
                raise ManualEntryError(f"Indiquez : {field.label}.")
            continue
        if not field.minimum <= value <= field.maximum:
            raise ManualEntryError(
                f"{field.label} : valeur hors limites ({field.minimum:g} à {field.maximum:g})."
            )
        components.append(
            Component(field.name, field.loinc, round(value, field.decimals), field.unit)
        )
    measurement = Measurement(
        kind, tuple(components), MANUAL_DEVICE, flags=frozenset({Flag.MANUAL_ENTRY})
    )
    return validate(measurement)
