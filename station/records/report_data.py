"""Everything a report says, gathered from a consultation's events (and nothing else).

Payloads written by the consultation logic (one shape per event type):
- ``consultation.started``: ``station`` {name, address, operator}, ``assistant`` {name,
  profession, rpps}, ``reason``, ``act`` (TLL, TLS, TLD, TLM...)
- ``patient.identified``: family_name, given_names, birth_date (ISO), sex, ``ins``
  {value, oid, status}
- ``consent``: given, collected_by, information
- ``doctor.joined``: name, rpps, specialty
- ``measurement``: a device Measurement's ``to_dict()``
- ``still``: device, caption, png_b64
- ``note``: kind (observation, advice, next-steps, orientation), author, text
- ``consultation.closed``: {}
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from station.records.store import Event


@dataclass
class Person:
    name: str = ""
    profession: str = ""
    rpps: str = ""
    specialty: str = ""


@dataclass
class Patient:
    family_name: str = ""
    given_names: str = ""
    birth_date: str = ""
    sex: str = ""
    ins_value: str = ""
    ins_oid: str = ""
    ins_status: str = ""  # "qualified", "provisional", ...

    @property
    def display_name(self) -> str:
        return f"{self.family_name.upper()} {self.given_names}".strip()


@dataclass
class ReportMeasurement:
    kind: str
    components: list[dict[str, Any]]
    time: datetime
    device: dict[str, Any]
    flags: list[str]
    site: str | None = None


@dataclass
class Still:
    device: str
    caption: str
    png: bytes
    time: datetime


@dataclass
class ReportData:
    consultation: str
    started: datetime | None = None
    ended: datetime | None = None
    station: dict[str, str] = field(default_factory=dict)
    assistant: Person = field(default_factory=Person)
    doctors: list[Person] = field(default_factory=list)
    patient: Patient = field(default_factory=Patient)
    reason: str = ""
    act: str = ""
    consent: dict[str, Any] = field(default_factory=dict)
    consent_time: datetime | None = None
    measurements: list[ReportMeasurement] = field(default_factory=list)
    stills: list[Still] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)
    answers: list[tuple[str, Any]] = field(default_factory=list)

    @property
    def duration_minutes(self) -> int | None:
        if self.started is None or self.ended is None:
            return None
        return max(0, round((self.ended - self.started).total_seconds() / 60))


def _person(payload: dict[str, Any]) -> Person:
    return Person(
        name=str(payload.get("name", "")),
        profession=str(payload.get("profession", "")),
        rpps=str(payload.get("rpps", "")),
        specialty=str(payload.get("specialty", "")),
    )


def gather(consultation: str, events: list[Event]) -> ReportData:
    data = ReportData(consultation)
    for event in events:
        p = event.payload
        if data.started is None:
            data.started = event.time
        data.ended = event.time
        if event.type == "consultation.started":
            data.started = event.time
            data.station = {k: str(v) for k, v in p.get("station", {}).items()}
            data.assistant = _person(p.get("assistant", {}))
            data.reason = str(p.get("reason", ""))
            data.act = str(p.get("act", ""))
        elif event.type == "patient.identified":
            ins = p.get("ins") or {}
            data.patient = Patient(
                family_name=str(p.get("family_name", "")),
                given_names=str(p.get("given_names", "")),
                birth_date=str(p.get("birth_date", "")),
                sex=str(p.get("sex", "")),
                ins_value=str(ins.get("value", "")),
                ins_oid=str(ins.get("oid", "")),
                ins_status=str(ins.get("status", "")),
            )
        elif event.type == "consent":
            data.consent = dict(p)
            data.consent_time = event.time
        elif event.type == "doctor.joined":
            data.doctors.append(_person(p))
        elif event.type == "measurement":
            data.measurements.append(
                ReportMeasurement(
                    kind=str(p.get("kind", "")),
                    components=list(p.get("components", [])),
                    time=datetime.fromisoformat(p["time"]) if "time" in p else event.time,
                    device=dict(p.get("device", {})),
                    flags=list(p.get("flags", [])),
                    site=p.get("site"),
                )
            )
        elif event.type == "still":
            data.stills.append(
                Still(
                    device=str(p.get("device", "")),
                    caption=str(p.get("caption", "")),
                    png=base64.b64decode(p.get("png_b64", "")),
                    time=event.time,
                )
            )
        elif event.type == "note":
            data.notes.setdefault(str(p.get("kind", "observation")), []).append(str(p["text"]))
        elif event.type == "answer":
            data.answers.append((str(p.get("label") or p.get("step")), p.get("value")))
        elif event.type == "consultation.closed":
            data.ended = event.time
    return data
