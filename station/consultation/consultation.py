"""One consultation: the only writer of its record, and its state machine.

Every intent (an answer, a measurement, the doctor joining, a request, a note, moving to the
next phase, closing) is checked first, then written to the record as an event, then applied.
The state is only ever built by applying events, so a consultation resumed after a crash
(:meth:`Consultation.resume`) is exactly where the last durable event left it.

States: identification → consent → checks → call (waiting for the doctor) → examination →
closure → report; or stopped (a red flag: the orientation is given instead).
"""

from __future__ import annotations

import base64
from datetime import datetime
from enum import StrEnum
from typing import Any

from drivers.base import Flag, Measurement
from station.checklists import AnswerError, ChecklistRun, shipped
from station.checklists.model import Checklist
from station.devices.wording import KIND_NAMES
from station.records.store import Event, EventStore

KIND_NAMES_FR = {str(kind): name for kind, name in KIND_NAMES.items()}
STARTED, CLOSED = "consultation.started", "consultation.closed"


class State(StrEnum):
    IDENTIFICATION = "identification"
    CONSENT = "consent"
    CHECKS = "checks"
    CALL = "call"
    EXAMINATION = "examination"
    CLOSURE = "closure"
    REPORT = "report"
    STOPPED = "stopped"


class ConsultationError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class Consultation:
    def __init__(self, store: EventStore, consultation_id: str, checklist: Checklist) -> None:
        self.store = store
        self.id = consultation_id
        self.run = ChecklistRun(checklist)
        self.doctor_present = False
        self.closed = False
        self.measurements: list[dict[str, Any]] = []
        self.requests: dict[str, dict[str, Any]] = {}
        self.notes: list[dict[str, Any]] = []
        self.events = 0
        self.assistant: dict[str, str] = {}
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
            STARTED,
            {"checklist": checklist.id, "station": station, "assistant": assistant, "act": act},
        )
        return consultation

    @classmethod
    def resume(cls, store: EventStore, consultation_id: str) -> Consultation:
        events = store.events(consultation_id)
        if not events or events[0].type != STARTED:
            raise ConsultationError("Consultation introuvable dans le dossier.")
        checklists = shipped()
        checklist_id = events[0].payload.get("checklist")
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
            if readable and STARTED in (types := store.types(c)) and CLOSED not in types
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
            self._write("patient.identified", value)
        if step.kind == "consent":
            self._write(
                "consent",
                {
                    "given": bool(value),
                    "step": step_id,
                    "collected_by": self.assistant.get("name", ""),
                },
            )
        self._write("answer", {"step": step_id, "value": value, "label": step.text["fr"]})

    def record_measurement(
        self, step_id: str | None, measurement: Measurement, *, manual: bool = False
    ) -> None:
        if manual:
            measurement = measurement.with_flags(Flag.MANUAL_ENTRY)
        payload = measurement.to_dict()
        if step_id is not None:
            self._dry_run(lambda run: run.answer(step_id, payload))
        self._write("measurement", {**payload, "step": step_id})

    def reuse_measurement(self, step_id: str, measurement: dict[str, Any]) -> None:
        """A step answered with a reading already in the record (never recorded twice)."""
        value = {k: v for k, v in measurement.items() if k != "step"}
        value["reused"] = True
        self.answer(step_id, value)

    def record_still(self, step_id: str | None, device: str, caption: str, png: bytes) -> None:
        """A still from a video device (otoscope): the image itself goes into the record."""
        answer = {"device": device, "caption": caption, "bytes": len(png)}
        if step_id is not None:
            self._dry_run(lambda run: run.answer(step_id, answer))
        self._write(
            "still",
            {
                "step": step_id,
                "device": device,
                "caption": caption,
                "bytes": len(png),
                "png_b64": base64.b64encode(png).decode("ascii"),
            },
        )

    def doctor_joined(self, doctor: dict[str, str]) -> None:
        self._write("doctor.joined", doctor)

    def doctor_request(self, request_id: str, action: str, kind: str | None = None) -> None:
        if self.run.stop is not None or self.closed:
            raise ConsultationError("La consultation n’accepte plus de demande.")
        self._write("request", {"id": request_id, "action": action, "kind": kind})

    def note(self, kind: str, text: str, author: str) -> None:
        self._write("note", {"kind": kind, "text": text, "author": author})

    def advance(self) -> None:
        self._dry_run(lambda run: run.advance())
        self._write("phase", {"from": self.run.phase})

    def close(self) -> None:
        if self.run.phase != "done" and self.run.stop is None:
            raise ConsultationError("Terminez la liste de clôture avant de fermer la consultation.")
        self._write(CLOSED, {})

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

    def _write(self, type_: str, payload: dict[str, Any]) -> None:
        self._apply(self.store.append(self.id, type_, payload))

    def _apply(self, event: Event) -> None:
        p = event.payload
        self.events += 1
        if event.type == STARTED:
            self.assistant = dict(p.get("assistant", {}))
            self.started = event.time
        elif event.type == "answer":
            self.run.answer(p["step"], p["value"])
        elif event.type == "measurement":
            self.measurements.append(p)
            if p.get("step"):
                self.run.answer(p["step"], {k: v for k, v in p.items() if k != "step"})
        elif event.type == "still":
            if p.get("step"):
                self.run.answer(
                    p["step"],
                    {"device": p["device"], "caption": p["caption"], "bytes": p["bytes"]},
                )
        elif event.type == "doctor.joined":
            self.doctor_present = True
        elif event.type == "request":
            self.requests[p["id"]] = p
            if p["action"] == "take-measurement":
                kind = str(p.get("kind") or "")
                self.run.add_request(
                    p["id"],
                    {
                        "fr": f"Mesure demandée par le médecin : {KIND_NAMES_FR.get(kind, kind)}",
                        "en": f"Measurement requested by the doctor: {kind}",
                    },
                    device=p.get("kind"),
                )
        elif event.type == "note":
            self.notes.append(p)
        elif event.type == "phase":
            try:
                self.run.advance()
            except AnswerError as err:  # only a record written by another version could do this
                raise ConsultationError(err.message) from err
        elif event.type == CLOSED:
            self.closed = True
