"""French words for what the device layer reports: kinds, values, units, flags, errors.

The command line and, later, the UI use these so a nurse reads the same words everywhere.
"""

from __future__ import annotations

from collections.abc import Callable

from drivers.base import DeviceKind, Flag, Measurement

KIND_NAMES = {
    DeviceKind.BLOOD_PRESSURE: "tension artérielle",
    DeviceKind.THERMOMETER: "température",
    DeviceKind.OXIMETER: "oxymétrie",
    DeviceKind.SCALE: "poids",
    DeviceKind.CAMERA: "caméra",
    DeviceKind.STETHOSCOPE: "stéthoscope",
}

COMPONENT_NAMES = {
    "systolic": "systolique",
    "diastolic": "diastolique",
    "mean": "moyenne",
    "pulse": "pouls",
    "temperature": "température",
    "spo2": "SpO2",
    "weight": "poids",
    "height": "taille",
    "bmi": "IMC",
}

UNITS = {"mm[Hg]": "mmHg", "Cel": "°C", "kg/m2": "kg/m²"}

FLAG_TEXT = {
    Flag.IMPLAUSIBLE: "valeur impossible : refaire la mesure",
    Flag.OUT_OF_RANGE: "hors de la plage de l’appareil",
    Flag.IRREGULAR_HEARTBEAT: "rythme cardiaque irrégulier",
    Flag.BODY_MOVEMENT: "mouvement pendant la mesure",
    Flag.CUFF_LOOSE: "brassard mal serré",
    Flag.IMPROPER_POSITION: "position incorrecte",
    Flag.MANUAL_ENTRY: "saisie manuelle",
    Flag.PREDICTED: "mode prédictif",
    Flag.LOW_PERFUSION: "signal faible",
    Flag.ARTIFACT: "artefact de mesure",
    Flag.SIGNAL_SEARCHING: "recherche du signal",
    Flag.LOW_BATTERY: "pile faible",
    Flag.FROM_DEVICE_MEMORY: "lue dans la mémoire de l’appareil",
}


def format_value(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")  # French decimal comma


def describe_values(
    components: list[dict[str, object]],
    translate: Callable[[str], str] = str,
    decimal: str = ",",
) -> str:
    """Values of a recorded measurement (its ``to_dict()`` components), e.g. « 125 mmHg, … ».

    ``translate`` turns a French component name into the UI's language; ``decimal`` is its
    decimal mark.
    """
    parts = []
    for c in components:
        if not isinstance(c.get("value"), (int, float)):
            continue
        name = COMPONENT_NAMES.get(str(c.get("name")), str(c.get("name", "")))
        value = format_value(float(c["value"])).replace(",", decimal)  # type: ignore[arg-type]
        unit = UNITS.get(str(c["unit"]), str(c["unit"]))
        parts.append(f"{translate(name)} {value} {unit}".strip())
    return ", ".join(parts)


def describe(measurement: Measurement) -> str:
    """One line, e.g. « tension artérielle : systolique 128 mmHg, diastolique 82 mmHg »."""
    parts = [
        f"{COMPONENT_NAMES.get(c.name, c.name)} {format_value(c.value)} {UNITS.get(c.unit, c.unit)}"
        for c in measurement.components
    ]
    line = f"{KIND_NAMES.get(measurement.kind, str(measurement.kind))} : {', '.join(parts)}"
    notes = [FLAG_TEXT.get(f, f) for f in sorted(measurement.flags)]  # type: ignore[call-overload]
    if notes:
        line += f" ({'; '.join(notes)})"
    return line
