"""Simulated patients: the values a device simulator reports for each profile."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class PatientProfile:
    systolic: int  # mm[Hg]
    diastolic: int
    pulse: int  # /min
    temperature: float  # Cel
    spo2: int  # %
    weight: float  # kg
    height: float  # cm
    label: str

    def jitter(self, rng: random.Random) -> PatientProfile:
        """The same patient measured again: small, realistic variation."""
        return PatientProfile(
            systolic=self.systolic + rng.randint(-3, 3),
            diastolic=self.diastolic + rng.randint(-2, 2),
            pulse=self.pulse + rng.randint(-2, 2),
            temperature=round(self.temperature + rng.uniform(-0.1, 0.1), 1),
            spo2=min(100, self.spo2 + rng.randint(-1, 1)),
            weight=round(self.weight + rng.uniform(-0.1, 0.1), 1),
            height=self.height,
            label=self.label,
        )


PROFILES: dict[str, PatientProfile] = {
    "normotensive": PatientProfile(122, 78, 70, 36.8, 98, 72.4, 170.0, "adulte sans particularité"),
    "hypertensive": PatientProfile(168, 98, 84, 36.9, 97, 91.0, 168.0, "hypertension"),
    "fever": PatientProfile(112, 70, 104, 39.4, 96, 64.0, 165.0, "fièvre"),
    "hypoxic": PatientProfile(118, 74, 112, 37.6, 86, 58.5, 160.0, "hypoxie"),
    # A reading no patient can have (a misplaced cuff, a probe in the air): must be flagged.
    "implausible": PatientProfile(62, 71, 12, 23.5, 41, 0.3, 171.0, "valeurs impossibles"),
}

PROFILE_NAMES: tuple[str, ...] = tuple(PROFILES)
