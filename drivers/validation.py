"""Plausibility checks applied to every measurement before it leaves a driver.

A value outside what a living patient can show is flagged ``implausible`` (never dropped, never
silently passed on): the assistant is told to measure again. Clinical interpretation (is 150
mmHg high?) is not the device layer's job.
"""

from __future__ import annotations

import math

from drivers.base import Flag, Measurement
from drivers.loinc import (
    BMI,
    BODY_HEIGHT,
    BODY_TEMPERATURE,
    BODY_WEIGHT,
    DIASTOLIC,
    HEART_RATE,
    MEAN_PRESSURE,
    PULSE_RATE_OXIMETRY,
    SPO2,
    SYSTOLIC,
)

# Physiologically possible limits per LOINC code, in the unit the drivers emit.
PLAUSIBLE: dict[str, tuple[float, float]] = {
    SYSTOLIC: (50, 300),  # mm[Hg]
    DIASTOLIC: (20, 200),
    MEAN_PRESSURE: (30, 250),
    HEART_RATE: (20, 300),  # /min
    PULSE_RATE_OXIMETRY: (20, 300),
    BODY_TEMPERATURE: (25.0, 45.0),  # Cel
    SPO2: (50, 100),  # %
    BODY_WEIGHT: (0.5, 400),  # kg
    BODY_HEIGHT: (30, 250),  # cm
    BMI: (8, 100),  # kg/m2
}


def implausible_components(measurement: Measurement) -> list[str]:
    """Names of the components whose value no patient can have."""
    bad: list[str] = []
    for comp in measurement.components:
        limits = PLAUSIBLE.get(comp.loinc)
        if not math.isfinite(comp.value) or (
            limits is not None and not limits[0] <= comp.value <= limits[1]
        ):
            bad.append(comp.name)
    codes = {c.loinc: c.value for c in measurement.components}
    if SYSTOLIC in codes and DIASTOLIC in codes and codes[DIASTOLIC] >= codes[SYSTOLIC]:
        bad.append("diastolic")
    return bad


def validate(measurement: Measurement) -> Measurement:
    if implausible_components(measurement):
        return measurement.with_flags(Flag.IMPLAUSIBLE)
    return measurement
