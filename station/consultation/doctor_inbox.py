"""What the doctor's page sends, as the consultation takes it: one handler per message type
(decoded at the edge, :mod:`station.protocol.channel`), each recorded before anything else
happens. A part of :class:`~station.consultation.session.ConsultationSession`, apart so that
the session stays one idea a module; it uses the session's record, signals and intents.
"""

from __future__ import annotations

import inspect
import logging
import time
from typing import Any

from station.consultation.consultation import ConsultationError
from station.consultation.doctor_requests import first_answer
from station.protocol import channel as wire
from station.protocol.errors import Refused
from station.records.store import RecordError

log = logging.getLogger("station.consultation")

# The handler of each message type the page sends (acknowledgements, pings and call figures
# are the call's, not the consultation's).
HANDLERS = {
    wire.Request: "_on_request",
    wire.Note: "_on_note",
    wire.Doctor: "_on_doctor",
    wire.ConclusionMessage: "_on_conclusion",
    wire.Document: "_on_document",
    wire.ClipWanted: "_on_clip_wanted",
}
DECISIONS = (wire.Doctor, wire.ConclusionMessage, wire.Document)


class DoctorInbox:
    # The session's, used here.
    consultation: Any
    decisions: Any
    triage: Any
    peer: Any
    otoscope: Any
    doctor: dict[str, str]
    last_error: str
    otoscope_shown_at: float | None
    request_received: Any
    note_received: Any
    checklist_changed: Any
    doctor_changed: Any
    conclusion_changed: Any

    async def on_doctor_message(self, message: Any) -> None:
        """A message from the doctor's page, decoded at the edge (``station.protocol.channel``):
        its one handler, or nothing (acknowledgements and figures are the call's)."""
        name = HANDLERS.get(type(message))
        if name is None:
            return
        try:
            done = getattr(self, name)(message)
            if inspect.isawaitable(done):
                await done
        except (ConsultationError, RecordError, Refused) as err:
            log.warning("doctor's %s not recorded", message.type)
            if isinstance(message, DECISIONS):
                self._reply(message.id, False, err.message)  # the doctor must know
                return
            self.last_error = err.message
            self.checklist_changed.emit(None)

    async def _on_request(self, request: wire.Request) -> None:
        if request.id in self.consultation.requests:
            return  # the record has it (sent again after a restart): handled once
        refusal = self.triage.refusal(self.open_requests(), self.consultation.requests, request)
        if refusal:
            self._reply(request.id, False, refusal)
            return
        self.consultation.doctor_request(request.id, request.action, request.kind)
        self.request_received.emit(request)
        if request.action == "show-otoscope":
            self.otoscope_shown_at = time.monotonic()
        self.checklist_changed.emit(None)
        self._otoscope_use()
        answer = first_answer(self, request)
        if answer:
            # a measurement already taken: a word on the way, the request goes on
            going_on = answer[0] and request.action == "take-measurement"
            self._reply(request.id, answer[0], answer[1], final=not going_on)
        if request.action == "capture-still" and self.otoscope is not None:
            await self.capture_still(request=request.id)

    def _on_note(self, note: wire.Note) -> None:
        self.consultation.note(note.kind, note.text, "doctor")
        self.note_received.emit(note)

    async def _on_clip_wanted(self, wanted: wire.ClipWanted) -> None:
        await self.send_clip(wanted.id, wanted.clip)

    def _on_doctor(self, message: wire.Doctor) -> None:
        """Who the doctor is: checked, then recorded."""
        self.decisions.identify(message, *self._service())
        self.doctor = self.decisions.doctor
        self.doctor_changed.emit(None)

    def _on_conclusion(self, message: wire.ConclusionMessage) -> None:
        self._reply(*self.decisions.conclude(message, *self._service()))
        self.conclusion_changed.emit(None)

    def _on_document(self, message: wire.Document) -> None:
        reply = self.decisions.receive(message)
        if reply is not None:
            self._reply(*reply)
            self.conclusion_changed.emit(None)

    def _service(self) -> tuple[dict[str, Any] | None, str]:
        """The service's key and this call's room, to check what the service signed."""
        peer = self.peer
        return (peer.service_key, peer.room) if peer is not None else (None, "")
