"""LOINC codes and UCUM units of the vital signs the drivers emit (one place, no typos)."""

from __future__ import annotations

SYSTOLIC = "8480-6"  # Systolic blood pressure
DIASTOLIC = "8462-4"  # Diastolic blood pressure
MEAN_PRESSURE = "8478-0"  # Mean blood pressure
HEART_RATE = "8867-4"  # Heart rate
BODY_TEMPERATURE = "8310-5"  # Body temperature
SPO2 = "59408-5"  # Oxygen saturation in arterial blood by pulse oximetry
PULSE_RATE_OXIMETRY = "8889-8"  # Heart rate by pulse oximetry
BODY_WEIGHT = "29463-7"  # Body weight
BODY_HEIGHT = "8302-2"  # Body height
BMI = "39156-5"  # Body mass index

MMHG = "mm[Hg]"
PER_MIN = "/min"
CELSIUS = "Cel"
PERCENT = "%"
KG = "kg"
CM = "cm"
KG_PER_M2 = "kg/m2"
