"""Everything a report says, gathered from a consultation's events (and nothing else).

The events are read through the record's vocabulary (:mod:`station.records.events`); the
checklist's answers carry their role in the report (reason, context, screening, follow-up), the
answer in words, and the orientation given when one stopped the teleconsultation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from station.records import events as ev
from station.records.auscultation_clips import Clip, Clips
from station.records.store import Event


@dataclass
class Person:
    name: str = ""
    profession: str = ""
    rpps: str = ""
    specialty: str = ""
    identity: str = ""  # how it was established (protocol.conclusion.IDENTITY_*)
    provider: str = ""

    @property
    def anonymous(self) -> bool:
        return not self.rpps and not self.identity


@dataclass
class Document:
    """A document the doctor handed over (prescription PDF, advice sheet)."""

    kind: str
    title: str
    content_type: str
    data: bytes
    sha256: str
    time: datetime
    author: dict[str, str] = field(default_factory=dict)
    printed: bool = False


@dataclass
class Patient:
    family_name: str = ""
    given_names: str = ""
    birth_date: str = ""
    sex: str = ""
    ins_value: str = ""
    ins_oid: str = ""
    ins_status: str = ""  # "qualified", "provisional", ...
    ins_qualified_by: str = ""  # the software or service whose INSi check qualified it
    birthplace: str = ""  # INSEE code
    regular_doctor_mssante: str = ""

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
class Stop:
    question: str
    answer: str
    orientation: str


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
    auscultations: list[Clip] = field(default_factory=list)  # stethoscope clips, per site
    notes: dict[str, list[str]] = field(default_factory=dict)
    answers: list[tuple[str, Any]] = field(default_factory=list)
    context: list[str] = field(default_factory=list)  # treatments, allergies, what is known
    screening: list[tuple[str, str]] = field(default_factory=list)  # question, answer in words
    follow_up: list[tuple[str, str]] = field(default_factory=list)
    conclusion: ev.ConclusionSigned | None = None  # the doctor's last signed conclusion
    conclusion_time: datetime | None = None
    documents: list[Document] = field(default_factory=list)
    stop: Stop | None = None  # the teleconsultation stopped: why, and the orientation given
    abandoned: str = ""  # interrupted for good: the assistant's reason

    @property
    def duration_minutes(self) -> int | None:
        if self.started is None or self.ended is None:
            return None
        return max(0, round((self.ended - self.started).total_seconds() / 60))


def _person(e: ev.DoctorJoined | dict[str, Any]) -> Person:
    payload = e.to_doctor() if isinstance(e, ev.DoctorJoined) else e
    return Person(
        name=str(payload.get("name", "")),
        profession=str(payload.get("profession", "")),
        rpps=str(payload.get("rpps", "")),
        specialty=str(payload.get("specialty", "")),
        identity=str(payload.get("identity", "")),
        provider=str(payload.get("provider", "")),
    )


def _add_doctor(doctors: list[Person], doctor: Person) -> None:
    """A doctor once per report: the same RPPS again (a reconnection) is the same doctor, and
    "a doctor joined" with no identity yet is replaced by who it turned out to be."""
    for index, known in enumerate(doctors):
        if known.anonymous or (doctor.rpps and known.rpps == doctor.rpps):
            doctors[index] = doctor if not doctor.anonymous else known
            return
    doctors.append(doctor)


def gather(consultation: str, events: list[Event]) -> ReportData:
    data = ReportData(consultation)
    clips = Clips()
    for event in events:
        e = ev.decode(event)
        if data.started is None:
            data.started = event.time
        data.ended = event.time
        if isinstance(e, ev.ConsultationStarted):
            data.started = event.time
            data.station = {k: str(v) for k, v in e.station.items()}
            data.assistant = _person(e.assistant)
            data.reason = e.reason
            data.act = e.act
        elif isinstance(e, ev.PatientIdentified):
            ins = e.ins or {}
            data.patient = Patient(
                family_name=e.family_name,
                given_names=e.given_names,
                birth_date=e.birth_date,
                sex=e.sex,
                ins_value=str(ins.get("value", "")),
                ins_oid=str(ins.get("oid", "")),
                ins_status=str(ins.get("status", "")),
                ins_qualified_by=str(ins.get("qualified_by", "")),
                birthplace=e.birthplace,
                regular_doctor_mssante=e.regular_doctor_mssante,
            )
        elif isinstance(e, ev.ConsentRecorded):
            data.consent = {
                "given": e.given,
                "collected_by": e.collected_by,
                "information": e.information,
            }
            data.consent_time = event.time
        elif isinstance(e, ev.DoctorJoined):
            _add_doctor(data.doctors, _person(e))
        elif isinstance(e, ev.ConclusionSigned):
            data.conclusion, data.conclusion_time = e, event.time
        elif isinstance(e, ev.DocumentReceived):
            data.documents.append(
                Document(e.kind, e.title, e.content_type, e.data, e.sha256, event.time, e.author)
            )
        elif isinstance(e, ev.DocumentPrinted) and e.ok:
            for document in data.documents:
                document.printed = document.printed or document.sha256 == e.sha256
        elif isinstance(e, ev.MeasurementTaken):
            p = e.measurement
            # Only numbers a report can carry: a value recorded by an older version as NaN or
            # infinity (now refused at the driver) is left out, never a failed report.
            components = [c for c in p.get("components", []) if _finite(c.get("value"))]
            if not components:
                continue
            data.measurements.append(
                ReportMeasurement(
                    kind=e.kind,
                    components=components,
                    time=datetime.fromisoformat(p["time"]) if "time" in p else event.time,
                    device=dict(p.get("device", {})),
                    flags=list(p.get("flags", [])),
                    site=p.get("site"),
                )
            )
        elif isinstance(e, ev.StillTaken):
            data.stills.append(Still(e.device, e.caption, e.png, event.time))
        elif isinstance(e, ev.AuscultationPart):
            clips.add(e)
        elif isinstance(e, ev.NoteAdded):
            data.notes.setdefault(e.kind or "observation", []).append(e.text)
        elif isinstance(e, ev.Answered):
            _answer(data, e)
        elif isinstance(e, ev.ConsultationClosed):
            data.ended = event.time
        elif isinstance(e, ev.ConsultationAbandoned):
            data.ended, data.abandoned = event.time, e.reason
    data.auscultations = clips.clips
    return data


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _answer(data: ReportData, e: ev.Answered) -> None:
    words = e.text or (e.value if isinstance(e.value, str) else "")
    data.answers.append((e.label or e.step, e.value))
    if e.role == "reason" and words:
        data.reason = words
    elif e.role == "context" and words:
        data.context.append(words)
    elif e.role == "screening":
        data.screening.append((e.label, words))
    elif e.role == "follow-up" and words:
        data.follow_up.append((e.label, words))
    if e.stop:
        data.stop = Stop(e.label, words, e.stop)
