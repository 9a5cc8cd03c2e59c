"""One consultation: the only writer of its record, and its state machine.

Every intent (an answer, a measurement, the doctor joining, a request, a note, moving to the
next phase, closing) is checked first, then written to the record as an event, then applied.
The state is only ever built by applying events, so a consultation resumed after a crash
(:meth:`Consultation.resume`) is exactly where the last durable event left it.

States: identification → consent → checks → call (waiting for the doctor) → examination →
closure → report; or stopped (a red flag: the orientation is given instead).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from drivers.base import Flag, Measurement
from station.checklists import CONSENT_REFUSED, AnswerError, ChecklistRun, shipped
from station.checklists.model import Checklist, Step
from station.consultation.errors import ConsultationError
from station.devices.wording import KIND_NAMES
from station.protocol.conclusion import Conclusion
from station.records import events as ev
from station.records.auscultation_clips import Clips
from station.records.store import Event, EventHeader, EventStore

KIND_NAMES_FR = {str(kind): name for kind, name in KIND_NAMES.items()}
AUSCULTATION_WORDS = {
    "heart": {
        "fr": "Auscultation demandée par le médecin : le cœur (4 foyers)",
        "en": "Auscultation requested by the doctor: the heart (4 areas)",
    },
    "lungs": {
        "fr": "Auscultation demandée par le médecin : les poumons (8 points, devant et dos)",
        "en": "Auscultation requested by the doctor: the lungs (8 sites, front and back)",
    },
}


class State(StrEnum):
    IDENTIFICATION = "identification"
    CONSENT = "consent"
    CHECKS = "checks"
    CALL = "call"
    EXAMINATION = "examination"
    CLOSURE = "closure"
    REPORT = "report"
    STOPPED = "stopped"


class Consultation:
    def __init__(self, store: EventStore, consultation_id: str, checklist: Checklist) -> None:
        self.store = store
        self.id = consultation_id
        self.run = ChecklistRun(checklist)
        self.doctor_present = False
        self.closed = False
        self.auscultated: dict[str, dict[str, str]] = {}  # step → site → its usable clip
        # Every clip's site, length and outcome; its sound stays in the record (the parts'
        # headers say where) until the doctor asks to hear it again.
        self.clips = Clips(keep_sound=False)
        self.clip_parts: dict[str, list[EventHeader]] = {}
        self.measurements: list[dict[str, Any]] = []
        self.stills: list[EventHeader] = []  # the stills' events, without their images
        self.requests: dict[str, dict[str, Any]] = {}
        self.notes: list[dict[str, Any]] = []
        self.doctor: ev.DoctorJoined | None = None  # the latest doctor to join
        self.conclusion: ev.ConclusionSigned | None = None  # the latest signed
        self.documents: list[ev.DocumentReceived] = []
        self.printed: dict[str, ev.DocumentPrinted] = {}  # by document sha256, the latest
        self.events = 0
        self.assistant: dict[str, str] = {}
        self.station: dict[str, Any] = {}
        self.patient: ev.PatientIdentified | None = None
        self.started: datetime | None = None  # UTC, from the record's first event

    # ---- life cycle ------------------------------------------------------------------------
    @classmethod
    def start(
        cls,
        store: EventStore,
        checklist: Checklist,
        *,
        station: dict[str, str],
        assistant: dict[str, str],
        act: str = "",
    ) -> Consultation:
        consultation = cls(store, store.new_consultation_id(), checklist)
        consultation._write(
            ev.ConsultationStarted(checklist.id, station=station, assistant=assistant, act=act)
        )
        return consultation

    @classmethod
    def resume(cls, store: EventStore, consultation_id: str) -> Consultation:
        events = store.events(consultation_id)
        first = ev.decode(events[0]) if events else None
        if not isinstance(first, ev.ConsultationStarted):
            raise ConsultationError("Consultation introuvable dans le dossier.")
        checklists = shipped()
        checklist_id = first.checklist
        if checklist_id not in checklists:
            raise ConsultationError(f"Parcours « {checklist_id} » introuvable sur ce poste.")
        consultation = cls(store, consultation_id, checklists[checklist_id])
        for event in events:
            consultation._apply(event)
        return consultation

    @staticmethod
    def unfinished(store: EventStore) -> list[str]:
        """Consultations to offer to resume: started, not closed, still readable."""
        return [
            c
            for c, _, _, readable in store.consultations()
            if readable
            and ev.ConsultationStarted.TYPE in (types := store.types(c))
            and ev.ConsultationClosed.TYPE not in types
            and ev.ConsultationAbandoned.TYPE not in types
        ]

    # ---- state -----------------------------------------------------------------------------
    @property
    def state(self) -> State:
        run = self.run
        if run.stop is not None:
            return State.STOPPED
        if self.closed:
            return State.REPORT
        if run.phase == "before":
            identity = [s.id for s in run.visible() if s.kind == "identity"]
            if any(step not in run.answers for step in identity):
                return State.IDENTIFICATION
            consent = [s.id for s in run.visible() if s.kind == "consent"]
            if any(step not in run.answers for step in consent):
                return State.CONSENT
            return State.CHECKS
        if run.phase == "during":
            return State.EXAMINATION if self.doctor_present else State.CALL
        return State.CLOSURE

    # ---- intents (checked, written, applied) ------------------------------------------------
    def answer(self, step_id: str, value: Any) -> None:
        self._dry_run(lambda run: run.answer(step_id, value))
        step = self.run.step(step_id)
        # The report reads these two from their own events (see records/report_data.py).
        if step.kind == "identity" and isinstance(value, dict):
            self._write(ev.PatientIdentified.from_payload(value))
        if step.kind == "consent":
            self._write(
                ev.ConsentRecorded(
                    bool(value), step=step_id, collected_by=self.assistant.get("name", "")
                )
            )
        self._write(
            ev.Answered(
                step_id,
                value,
                label=step.text["fr"],
                role=step.report or "",
                text=_answer_text(step, value),
                stop=_stop_text(step, value),
            )
        )

    def record_measurement(
        self, step_id: str | None, measurement: Measurement, *, manual: bool = False
    ) -> None:
        if manual:
            measurement = measurement.with_flags(Flag.MANUAL_ENTRY)
        payload = measurement.to_dict()
        if step_id is not None:
            self._dry_run(lambda run: run.answer(step_id, payload))
        self._write(ev.MeasurementTaken(payload, step_id))

    def reuse_measurement(self, step_id: str, measurement: dict[str, Any]) -> None:
        """A step answered with a reading already in the record (never recorded twice)."""
        value = {k: v for k, v in measurement.items() if k != "step"}
        value["reused"] = True
        self.answer(step_id, value)

    def record_still(self, step_id: str | None, device: str, caption: str, png: bytes) -> None:
        """A still from a video device (otoscope): the image itself goes into the record."""
        still = ev.StillTaken(device, caption, png, step_id)
        if step_id is not None:
            self._dry_run(lambda run: run.answer(step_id, still.answer()))
        self._write(still)

    def record_auscultation_part(self, part: ev.AuscultationPart) -> None:
        """A part of a stethoscope clip, written as it is captured (durable on return)."""
        self._write(part)

    def doctor_joined(self, doctor: dict[str, str]) -> None:
        self._write(ev.DoctorJoined.from_payload(doctor))

    def sign_conclusion(
        self, conclusion: Conclusion, doctor: dict[str, str], attestation: str = ""
    ) -> None:
        """The doctor's conclusion, signed by them (they joined; ``doctor`` says who)."""
        if self.closed:
            raise ConsultationError("La consultation est close : la conclusion n’est pas reçue.")
        latest = self.conclusion
        if latest is not None and latest.digest == conclusion.digest() and latest.doctor == doctor:
            return  # the same conclusion sent again (a new channel, a restart): kept once
        self._write(
            ev.ConclusionSigned(
                conclusion.findings,
                conclusion.impression,
                conclusion.advice,
                conclusion.orientation,
                conclusion.orientation_days,
                conclusion.specialist,
                conclusion.follow_up,
                doctor=dict(doctor),
                digest=conclusion.digest(),
                attestation=attestation,
            )
        )

    def receive_document(self, document: ev.DocumentReceived) -> bool:
        """A prescription or advice sheet from the doctor; False when already recorded."""
        if any(d.sha256 == document.sha256 for d in self.documents):
            return False
        if self.closed:
            raise ConsultationError("La consultation est close : le document n’est pas reçu.")
        self._write(document)
        return True

    def document_printed(self, sha256: str, printer: str, ok: bool, reason: str = "") -> None:
        self._write(ev.DocumentPrinted(sha256, printer, ok, reason))

    def doctor_request(self, request_id: str, action: str, kind: str | None = None) -> bool:
        """A doctor's request recorded; False when the record has it already (sent again)."""
        if request_id in self.requests:
            return False
        if self.run.stop is not None or self.closed:
            raise ConsultationError("La consultation n’accepte plus de demande.")
        self._write(ev.DoctorRequested(request_id, action, kind))
        return True

    def note(self, kind: str, text: str, author: str) -> None:
        self._write(ev.NoteAdded(kind, text, author))

    def advance(self) -> None:
        self._dry_run(lambda run: run.advance())
        self._write(ev.PhaseAdvanced(self.run.phase))

    def close(self) -> None:
        if self.run.phase != "done" and self.run.stop is None:
            raise ConsultationError("Terminez la liste de clôture avant de fermer la consultation.")
        self._write(ev.ConsultationClosed())

    def abandon(self, reason: str) -> None:
        """Interrupted for good (the patient left...): why, in the assistant's words."""
        reason = " ".join(reason.split())
        if len(reason) < 3:
            raise ConsultationError("Indiquez en quelques mots pourquoi la consultation s’arrête.")
        if self.closed:
            raise ConsultationError("Cette consultation est déjà close.")
        self._write(ev.ConsultationAbandoned(reason, by=self.assistant.get("name", "")))

    # ---- machinery ---------------------------------------------------------------------------
    def _dry_run(self, intent: Any) -> None:
        """Check an intent on a copy of the run, so nothing invalid reaches the record."""
        trial = ChecklistRun(self.run.checklist)
        trial.steps = list(self.run.steps)
        trial.phase, trial.answers, trial.stop = (
            self.run.phase,
            dict(self.run.answers),
            self.run.stop,
        )
        intent(trial)

    def _write(self, event: ev.RecordEvent) -> None:
        self._apply(ev.record(self.store, self.id, event))

    def _apply(self, event: Event) -> None:
        e = ev.decode(event)
        self.events += 1
        if isinstance(e, ev.ConsultationStarted):
            self.assistant = dict(e.assistant)
            self.station = dict(e.station)
            self.started = event.time
        elif isinstance(e, ev.PatientIdentified):
            self.patient = e
        elif isinstance(e, ev.Answered):
            self.run.answer(e.step, e.value)
        elif isinstance(e, ev.MeasurementTaken):
            self.measurements.append({**e.measurement, "step": e.step})
            if e.step:
                self.run.answer(e.step, e.measurement)
        elif isinstance(e, ev.StillTaken):
            # where each still is in the record (its image is read back only to send it again)
            self.stills.append(EventHeader(event.seq, event.consultation, event.type, event.time))
            if e.step:
                self.run.answer(e.step, e.answer())
        elif isinstance(e, ev.DoctorJoined):
            self.doctor_present = True
            self.doctor = e
        elif isinstance(e, ev.ConclusionSigned):
            self.conclusion = e
        elif isinstance(e, ev.DocumentReceived):
            self.documents.append(e)
        elif isinstance(e, ev.DocumentPrinted):
            self.printed[e.sha256] = e
        elif isinstance(e, ev.DoctorRequested):
            self.requests[e.id] = {"id": e.id, "action": e.action, "kind": e.kind}
            if e.action == "take-measurement" and e.kind:
                name = KIND_NAMES_FR.get(e.kind, e.kind)
                self.run.add_request(
                    e.id,
                    {
                        "fr": f"Mesure demandée par le médecin : {name}",
                        "en": f"Measurement requested by the doctor: {e.kind}",
                    },
                    device=e.kind,
                )
            elif e.action == "auscultate" and e.kind in AUSCULTATION_WORDS:
                self.run.add_request(
                    e.id,
                    AUSCULTATION_WORDS[e.kind],
                    kind="auscultation",
                    device="stethoscope",
                    region=e.kind,
                )
        elif isinstance(e, ev.AuscultationPart):
            self.clips.add(e)
            self.clip_parts.setdefault(e.clip, []).append(
                EventHeader(event.seq, event.consultation, event.type, event.time)
            )
            if e.last and not e.fault and e.step:  # a usable clip: its site is done
                self.auscultated.setdefault(e.step, {})[e.site] = e.clip
        elif isinstance(e, ev.NoteAdded):
            self.notes.append({"kind": e.kind, "text": e.text, "author": e.author})
        elif isinstance(e, ev.PhaseAdvanced):
            try:
                self.run.advance()
            except AnswerError as err:  # only a record written by another version could do this
                raise ConsultationError(err.message) from err
        elif isinstance(e, ev.ConsultationClosed | ev.ConsultationAbandoned):
            self.closed = True


def _answer_text(step: Step, value: Any) -> str:
    """The answer in French words, for a report read without the checklist."""
    if step.kind in ("choice", "multi-choice"):
        chosen = value if isinstance(value, list) else [value]
        return ", ".join(o.label["fr"] for o in step.options if o.value in chosen)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, str | int | float):
        return str(value)
    return ""


def _stop_text(step: Step, value: Any) -> str:
    """The orientation given when this answer stops the teleconsultation."""
    if step.kind == "consent" and value is False:
        return CONSENT_REFUSED["fr"]
    chosen = value if isinstance(value, list) else [value]
    stops = [o.stop["fr"] for o in step.options if o.value in chosen and o.stop is not None]
    return stops[0] if stops else ""
