"""The record's vocabulary: one frozen dataclass per event type, the only place a type lives.

The consultation (and the outbox) write these; every reader (the consultation replaying its
record, the home screen's lists, the report, the outbox's states) reads them back through
:func:`decode`. A payload carries its version (``v``); events written before versions existed
read as version 1. An event of a type this version does not know decodes to
:class:`Unknown`, never an error: a newer station may have written it.
"""

from __future__ import annotations

import base64
import dataclasses
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Self

from station.records.store import PURGED, Event, EventStore

log = logging.getLogger("station.records")


class RecordEvent:
    TYPE: ClassVar[str] = ""
    VERSION: ClassVar[int] = 1

    def to_payload(self) -> dict[str, Any]:
        payload = dataclasses.asdict(self)  # type: ignore[call-overload]
        payload["v"] = self.VERSION
        return payload

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Self:
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in payload.items() if k in names})


@dataclass(frozen=True)
class ConsultationStarted(RecordEvent):
    TYPE = "consultation.started"
    checklist: str = ""
    station: dict[str, Any] = field(default_factory=dict)
    assistant: dict[str, Any] = field(default_factory=dict)
    act: str = ""
    reason: str = ""


@dataclass(frozen=True)
class PatientIdentified(RecordEvent):
    TYPE = "patient.identified"
    family_name: str
    given_names: str = ""
    birth_date: str = ""  # ISO
    sex: str = ""
    # value, oid, status ("provisional" typed, "qualified" by INSi), how, qualified_by
    ins: dict[str, Any] | None = None
    birthplace: str = ""  # INSEE code of the birthplace (an INS trait), when known
    regular_doctor_mssante: str = ""  # the regular doctor's MSSanté address, when given

    @property
    def display_name(self) -> str:
        return f"{self.family_name.upper()} {self.given_names}".strip()


@dataclass(frozen=True)
class ConsentRecorded(RecordEvent):
    TYPE = "consent"
    given: bool
    step: str = ""
    collected_by: str = ""
    information: str = ""


@dataclass(frozen=True)
class Answered(RecordEvent):
    """An answer to a step, with what the report needs to say it without the checklist."""

    TYPE = "answer"
    step: str
    value: Any
    label: str = ""  # the step's French text
    role: str = ""  # what the report does with it: reason, context, screening, follow-up
    text: str = ""  # the answer in French words (a choice's label, oui/non)
    stop: str = ""  # the orientation given, when this answer stopped the teleconsultation


@dataclass(frozen=True)
class MeasurementTaken(RecordEvent):
    """A reading (``Measurement.to_dict()``), answering ``step`` if any."""

    TYPE = "measurement"
    measurement: dict[str, Any]
    step: str | None = None

    def to_payload(self) -> dict[str, Any]:
        return {**self.measurement, "step": self.step, "v": self.VERSION}

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Self:
        reading = {k: v for k, v in payload.items() if k not in ("step", "v")}
        return cls(reading, payload.get("step"))

    @property
    def kind(self) -> str:
        return str(self.measurement.get("kind", ""))


@dataclass(frozen=True)
class StillTaken(RecordEvent):
    """A still from a video device; the PNG itself is in the record, once."""

    TYPE = "still"
    device: str
    caption: str
    png: bytes
    step: str | None = None

    def to_payload(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "device": self.device,
            "caption": self.caption,
            "bytes": len(self.png),
            "png_b64": base64.b64encode(self.png).decode("ascii"),
            "v": self.VERSION,
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Self:
        return cls(
            str(payload.get("device", "")),
            str(payload.get("caption", "")),
            base64.b64decode(payload.get("png_b64", "")),
            payload.get("step"),
        )

    def answer(self) -> dict[str, Any]:
        """What the still's step holds as its answer (not the image)."""
        return {"device": self.device, "caption": self.caption, "bytes": len(self.png)}


@dataclass(frozen=True)
class AuscultationPart(RecordEvent):
    """Part of a stethoscope clip at one site: lossless mono 16-bit PCM at ``rate``.

    A clip is written in parts as it is captured (``part`` 0, 1, …, ``last`` on the final one),
    so a crash mid-clip keeps every part already written; a clip without its last part reads
    as interrupted, never as lost. The parts of a clip share its ``clip`` id.
    """

    TYPE = "auscultation.part"
    clip: str
    site: str  # a code of station.records.auscultation_sites
    part: int
    pcm: bytes
    rate: int
    started: str  # ISO time the clip began
    last: bool = False
    step: str | None = None
    fault: str = ""  # on the last part: "silent" or "clipping" when the clip is not usable

    def to_payload(self) -> dict[str, Any]:
        payload = {k: v for k, v in dataclasses.asdict(self).items() if k != "pcm"}
        payload["pcm_b64"] = base64.b64encode(self.pcm).decode("ascii")
        payload["v"] = self.VERSION
        return payload

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Self:
        names = {f.name for f in dataclasses.fields(cls)} - {"pcm"}
        fields = {k: v for k, v in payload.items() if k in names}
        return cls(pcm=base64.b64decode(payload.get("pcm_b64", "")), **fields)


@dataclass(frozen=True)
class DoctorJoined(RecordEvent):
    """The teleconsulting doctor, as the service (or, invited, the doctor) said who they are.

    Version 2 adds the profession and how the identity was established (``identity``:
    verified at sign-in by ``provider``, or declared on an invitation); a version-1 event
    reads as an identity nobody verified."""

    TYPE = "doctor.joined"
    VERSION = 2
    name: str = ""
    rpps: str = ""
    specialty: str = ""
    profession: str = ""
    identity: str = ""  # protocol.conclusion.IDENTITY_VERIFIED / IDENTITY_DECLARED
    provider: str = ""  # who verified it (the OpenID Connect provider's name)

    def to_doctor(self) -> dict[str, str]:
        return {k: v for k, v in dataclasses.asdict(self).items() if v}


@dataclass(frozen=True)
class DoctorRequested(RecordEvent):
    TYPE = "request"
    id: str
    action: str  # take-measurement, capture-still, show-otoscope, show-room
    kind: str | None = None  # the device kind of a take-measurement


@dataclass(frozen=True)
class NoteAdded(RecordEvent):
    TYPE = "note"
    kind: str  # observation, advice, next-steps, orientation
    text: str
    author: str = ""


@dataclass(frozen=True)
class ConclusionSigned(RecordEvent):
    """The doctor's conclusion (:class:`station.protocol.conclusion.Conclusion`), signed: by
    whom (the doctor as joined), when (the event's time) and what (``digest``). A later one
    replaces it in the report; none is ever edited."""

    TYPE = "conclusion.signed"
    findings: str
    impression: str
    advice: str
    orientation: str
    orientation_days: int | None = None
    specialist: str = ""
    follow_up: str = ""
    doctor: dict[str, str] = field(default_factory=dict)
    digest: str = ""
    attestation: str = ""  # the service's signed word that this doctor signed this digest


@dataclass(frozen=True)
class DocumentReceived(RecordEvent):
    """A document the doctor handed over: a prescription PDF from their own certified
    software, or a plain advice sheet they typed (``text/plain``). Kept whole, once."""

    TYPE = "document.received"
    kind: str  # protocol.conclusion.DOCUMENT_KINDS
    title: str
    content_type: str  # application/pdf or text/plain
    data: bytes
    sha256: str
    author: dict[str, str] = field(default_factory=dict)

    def to_payload(self) -> dict[str, Any]:
        payload = {k: v for k, v in dataclasses.asdict(self).items() if k != "data"}
        payload["data_b64"] = base64.b64encode(self.data).decode("ascii")
        payload["v"] = self.VERSION
        return payload

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Self:
        return cls(
            str(payload["kind"]),
            str(payload.get("title", "")),
            str(payload["content_type"]),
            base64.b64decode(payload.get("data_b64", "")),
            str(payload["sha256"]),
            dict(payload.get("author") or {}),
        )


@dataclass(frozen=True)
class DocumentPrinted(RecordEvent):
    """A document sent to the station's printer (``ok``), or why it was not."""

    TYPE = "document.printed"
    sha256: str
    printer: str = ""
    ok: bool = True
    reason: str = ""


@dataclass(frozen=True)
class CdaMade(RecordEvent):
    """The consultation's TLM-CR was made: which document, which version, when (so it can be
    rebuilt exactly from the record), and whether it carries a usable INS (else it may go to
    the regular doctor by MSSanté, never to the DMP)."""

    TYPE = "cda.made"
    document_id: str
    version: int
    created: str  # ISO, the document's effectiveTime
    with_ins: bool
    replaces: str = ""  # the document id it replaces (a correction)


@dataclass(frozen=True)
class ReportCorrected(RecordEvent):
    """A closed consultation's report corrected (``what``: "identity"), by whom; the report
    is then issued again as the next version, replacing the previous one."""

    TYPE = "report.corrected"
    what: str
    by: str = ""


@dataclass(frozen=True)
class PhaseAdvanced(RecordEvent):
    TYPE = "phase"
    left: str  # the phase left behind

    def to_payload(self) -> dict[str, Any]:
        return {"from": self.left, "v": self.VERSION}

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Self:
        return cls(str(payload.get("from", "")))


@dataclass(frozen=True)
class ConsultationClosed(RecordEvent):
    TYPE = "consultation.closed"


@dataclass(frozen=True)
class ConsultationAbandoned(RecordEvent):
    """Interrupted and not to be resumed: why, in the assistant's words."""

    TYPE = "consultation.abandoned"
    reason: str
    by: str = ""


@dataclass(frozen=True)
class ConsultationPurgedMark(RecordEvent):
    """Written by the store just before it forgets the consultation's key (retention)."""

    TYPE = PURGED
    purged: str = ""  # ISO time


# Where a report goes; each destination has its own state in the outbox.
FHIR = "fhir"  # the health server (the FHIR Bundle of ``report.queued``)
REGULAR_DOCTOR = "regular-doctor"  # the regular doctor's MSSanté mailbox
PATIENT_MAILBOX = "patient-mailbox"  # the patient's Mon Espace Santé mailbox (qualified INS)
DESTINATIONS = (FHIR, REGULAR_DOCTOR, PATIENT_MAILBOX)


@dataclass(frozen=True)
class ReportQueued(RecordEvent):
    """The report is to go to the health server: the exact FHIR Bundle to send."""

    TYPE = "report.queued"
    bundle: dict[str, Any]


@dataclass(frozen=True)
class ReportAddressed(RecordEvent):
    """The report is to go by MSSanté to ``recipient`` (``destination``: the regular doctor
    or the patient's Mon Espace Santé mailbox). The message is built from the record (the
    TLM-CR as made at closing) each time it is tried, so a retry sends the same message."""

    TYPE = "report.addressed"
    destination: str
    recipient: str


@dataclass(frozen=True)
class ReportFailed(RecordEvent):
    TYPE = "report.failed"
    VERSION = 2
    reason: str
    next_attempt: str  # ISO, UTC
    destination: str = FHIR  # version 1 knew the health server only

    @property
    def next_attempt_time(self) -> datetime:
        return datetime.fromisoformat(self.next_attempt)


@dataclass(frozen=True)
class ReportRefused(RecordEvent):
    """Not delivered, and not to be retried as is: the server said no (``status``), or the
    answer was one a human must look at (``reason``: a redirect, an untrusted certificate)."""

    TYPE = "report.refused"
    VERSION = 3
    status: int
    reason: str = ""
    destination: str = FHIR


@dataclass(frozen=True)
class ReportSent(RecordEvent):
    TYPE = "report.sent"
    VERSION = 2
    status: int
    location: str = ""  # the health server's Location, or the message's Message-ID
    destination: str = FHIR


@dataclass(frozen=True)
class Unknown(RecordEvent):
    """An event type this version does not know (written by a newer one): kept, not read."""

    type: str
    payload: dict[str, Any]


TYPES: dict[str, type[RecordEvent]] = {
    cls.TYPE: cls
    for cls in (
        ConsultationStarted,
        PatientIdentified,
        ConsentRecorded,
        Answered,
        MeasurementTaken,
        StillTaken,
        AuscultationPart,
        DoctorJoined,
        DoctorRequested,
        NoteAdded,
        ConclusionSigned,
        DocumentReceived,
        DocumentPrinted,
        CdaMade,
        ReportCorrected,
        PhaseAdvanced,
        ConsultationClosed,
        ConsultationAbandoned,
        ConsultationPurgedMark,
        ReportQueued,
        ReportAddressed,
        ReportFailed,
        ReportRefused,
        ReportSent,
    )
}
TRANSMISSION = (ReportQueued, ReportAddressed, ReportFailed, ReportRefused, ReportSent)


def destination_of(event: RecordEvent) -> str | None:
    """The destination an outbox event is about (None for any other event)."""
    if isinstance(event, ReportQueued):
        return FHIR
    if isinstance(event, ReportAddressed | ReportFailed | ReportRefused | ReportSent):
        return event.destination
    return None


def decode(event: Event) -> RecordEvent:
    cls = TYPES.get(event.type)
    if cls is None:
        return Unknown(event.type, dict(event.payload))
    try:
        return cls.from_payload(event.payload)
    except (TypeError, ValueError, KeyError) as err:
        # A payload that does not fit its type (another version's bug): kept in the record,
        # left out of what is read from it, and said in the log, never a failed report.
        log.error("event %d (%s) does not fit its type: %s", event.seq, event.type, err)
        return Unknown(event.type, dict(event.payload))


def record(store: EventStore, consultation: str, event: RecordEvent) -> Event:
    """Append one event (durable when this returns); the only way events are written."""
    return store.append(consultation, event.TYPE, event.to_payload())


def type_of(cls: type[RecordEvent]) -> str:
    return cls.TYPE
