"""Values outside the usual adult ranges, said the same way everywhere.

One table (``assets/doctor/usual_ranges.json``) serves the report (PDF and FHIR) and the
doctor's page, which loads the same file: a value is never "high" on one and not the other.
Codes are HL7 ObservationInterpretation's: L/H outside the usual range, LL/HH beyond the
critical limits.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from station.assets import assets_dir

INTERPRETATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
INTERPRETATION_DISPLAY = {"L": "Low", "H": "High", "LL": "Critical low", "HH": "Critical high"}
INTERPRETATION_WORDS = {"L": "basse", "H": "élevée", "LL": "très basse", "HH": "très élevée"}


@cache
def usual_ranges() -> dict[str, dict[str, Any]]:
    raw = json.loads((assets_dir() / "doctor" / "usual_ranges.json").read_text("utf-8"))
    return {code: limits for code, limits in raw.items() if not code.startswith("_")}


def interpret(loinc: str, value: float) -> str | None:
    """H, L, HH, LL, or None when the value is usual (or the code has no range)."""
    limits = usual_ranges().get(loinc)
    if limits is None:
        return None
    if value < limits["critical_low"]:
        return "LL"
    if value > limits["critical_high"]:
        return "HH"
    if value < limits["low"]:
        return "L"
    if value > limits["high"]:
        return "H"
    return None
