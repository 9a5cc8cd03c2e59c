"""A whole standard consultation as a list of steps, used in-process and by the crash child."""

from __future__ import annotations

from collections.abc import Callable

from drivers.base import Component, DeviceInfo, DeviceKind, Measurement
from station.consultation import Consultation

BM58 = DeviceInfo("beurer-bm58", "Beurer", "BM 58")
SURETEMP = DeviceInfo("welch-allyn-suretemp", "Welch Allyn", "SureTemp Plus")
CMS50 = DeviceInfo("contec-cms50d", "Contec", "CMS50D+")


def _bp() -> Measurement:
    return Measurement(
        DeviceKind.BLOOD_PRESSURE,
        (
            Component("systolic", "8480-6", 141, "mm[Hg]"),
            Component("diastolic", "8462-4", 88, "mm[Hg]"),
            Component("pulse", "8867-4", 77, "/min"),
        ),
        BM58,
    )


def _temp() -> Measurement:
    return Measurement(
        DeviceKind.THERMOMETER, (Component("temperature", "8310-5", 38.4, "Cel"),), SURETEMP
    )


def _spo2() -> Measurement:
    return Measurement(
        DeviceKind.OXIMETER,
        (Component("spo2", "59408-5", 97, "%"), Component("pulse", "8889-8", 76, "/min")),
        CMS50,
    )


STEPS: list[tuple[str, Callable[[Consultation], None]]] = [
    (
        "identity",
        lambda c: c.answer(
            "identity_checked",
            {"family_name": "Durand", "given_names": "Lucie", "birth_date": "1948-07-02"},
        ),
    ),
    ("informed", lambda c: c.answer("patient_informed", True)),
    ("consent", lambda c: c.answer("consent", True)),
    ("red_flags", lambda c: c.answer("red_flags", ["none"])),
    ("physical", lambda c: c.answer("needs_physical_exam", "no")),
    ("reason", lambda c: c.answer("reason", "Oreille droite douloureuse, fièvre")),
    ("area", lambda c: c.answer("complaint_area", "no")),
    ("to_during", lambda c: c.advance()),
    ("doctor", lambda c: c.doctor_joined({"name": "Dr Anne Roy", "rpps": "10003334445"})),
    ("bp", lambda c: c.record_measurement("blood_pressure", _bp())),
    ("temp", lambda c: c.record_measurement("temperature", _temp())),
    ("spo2", lambda c: c.record_measurement("oximetry", _spo2())),
    ("request", lambda c: c.doctor_request("r1", "take-measurement", "thermometer")),
    ("request_done", lambda c: c.record_measurement("request_r1", _temp(), manual=True)),
    ("note", lambda c: c.note("advice", "Paracétamol si fièvre.", "doctor")),
    ("to_after", lambda c: c.advance()),
    ("understood", lambda c: c.answer("advice_understood", True)),
    ("follow_up", lambda c: c.answer("follow_up", "own_doctor")),
    ("report_dest", lambda c: c.answer("report_destination", True)),
    ("to_done", lambda c: c.advance()),
    ("close", lambda c: c.close()),
]
