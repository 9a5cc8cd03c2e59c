"""The measurements as the ANS "Mesures de santé" FHIR guide asks (ans.fhir.fr.mesures 3.1):
each Observation names its profile, and one measured by a connected device refers to that
device, a ``Device`` of the HL7 Personal Health Device profile (PhdDevice: manufacturer,
model, serial number, and the ISO/IEEE 11073 specialization of the device kind).

A value typed by the assistant (``manual-entry``) names no device: none took it.
"""

from __future__ import annotations

from typing import Any

MESURES = "https://interop.esante.gouv.fr/ig/fhir/mesures/StructureDefinition/"
PROFILES = {  # LOINC code of the Observation -> its profile in the guide
    "85354-9": "mesures-fr-observation-bp",
    "8310-5": "mesures-fr-observation-body-temperature",
    "29463-7": "mesures-fr-observation-body-weight",
    "8302-2": "mesures-fr-observation-body-height",
    "39156-5": "mesures-fr-observation-bmi",
    "8867-4": "mesures-fr-observation-heartrate",
    "8889-8": "mesures-fr-observation-heartrate",
    "59408-5": "mesures-fr-observation-oxygen-sat",
}
PHD_DEVICE = "http://hl7.org/fhir/uv/phd/StructureDefinition/PhdDevice"
MDC = "urn:iso:std:iso:11073:10101"
MDS = {"system": MDC, "code": "65573", "display": "MDC_MOC_VMS_MDS_SIMP"}
# The device specializations of ISO/IEEE 11073-10101 (MDC_DEV_SPEC_PROFILE_*).
SPECIALIZATIONS = {
    "oximeter": ("528388", "MDC_DEV_SPEC_PROFILE_PULS_OXIM: Pulse Oximeter"),
    "blood-pressure": ("528391", "MDC_DEV_SPEC_PROFILE_BPM: Blood Pressure Monitor"),
    "thermometer": ("528392", "MDC_DEV_SPEC_PROFILE_TEMP: Thermometer"),
    "scale": ("528399", "MDC_DEV_SPEC_PROFILE_SCALE: Weighing scale"),
}


def profile(code: str) -> dict[str, Any]:
    """The Observation's ``meta`` naming its Mesures de santé profile ({} for another code)."""
    name = PROFILES.get(code)
    return {"meta": {"profile": [MESURES + name]}} if name else {}


def took_it(device: dict[str, Any], flags: list[str]) -> bool:
    """A connected device took the measurement (not a value the assistant typed)."""
    return "manual-entry" not in flags and bool(device.get("manufacturer") or device.get("model"))


def device_key(device: dict[str, Any]) -> tuple[str, str, str]:
    return (
        str(device.get("manufacturer", "")),
        str(device.get("model", "")),
        str(device.get("serial_number", "")),
    )


def phd_device(device: dict[str, Any], kind: str) -> dict[str, Any]:
    """The Device resource of a connected device that took measurements."""
    resource: dict[str, Any] = {
        "resourceType": "Device",
        "meta": {"profile": [PHD_DEVICE]},
        "type": {"coding": [MDS], "text": "MDC_MOC_VMS_MDS_SIMP"},
    }
    if device.get("manufacturer"):
        resource["manufacturer"] = str(device["manufacturer"])
    if device.get("model"):
        resource["modelNumber"] = str(device["model"])
        resource["deviceName"] = [{"name": str(device["model"]), "type": "model-name"}]
    if device.get("serial_number"):
        resource["serialNumber"] = str(device["serial_number"])
    if kind in SPECIALIZATIONS:
        code, words = SPECIALIZATIONS[kind]
        resource["specialization"] = [
            {"systemType": {"coding": [{"system": MDC, "code": code}], "text": words}}
        ]
    return resource
