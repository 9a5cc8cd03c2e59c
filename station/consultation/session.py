"""A consultation under way: the checklist, the devices and the call, wired together.

Plain Python (no Qt). The UI calls the intents (``answer``, ``take_measurement``…) and
connects to the session's signals (disconnecting when its screen goes away); every intent goes
through :class:`Consultation`, so it is durable before the UI shows it or the doctor receives it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import timedelta
from typing import Any

from drivers.base import DeviceKind, Flag, Measurement
from drivers.errors import DeviceError
from drivers.uvc_camera import UvcCamera, encode_png
from station.call.call_state import CallState
from station.call.call_view import CallPeer, CallView
from station.call.still_preview import jpeg_preview
from station.checklists import AnswerError
from station.checklists.model import Step
from station.consultation.auscultation import (
    CLIP_SECONDS,
    Auscultation,
    ClipOutcome,
    sites_left,
)
from station.consultation.clip_replay import clip_messages, clip_wav
from station.consultation.consultation import Consultation, ConsultationError, State
from station.consultation.doctor_inbox import DoctorInbox
from station.consultation.doctor_messages import DoctorDecisions, printable
from station.consultation.doctor_outbox import DoctorOutbox, still_message
from station.consultation.doctor_requests import RequestTriage
from station.consultation.summary import checklist_summary
from station.devices.manager import DeviceManager
from station.protocol import channel as wire
from station.records import events as ev
from station.records.store import RecordError
from station.signals import Connections, Signal

log = logging.getLogger("station.consultation")

STALE_READING = (
    "La dernière mesure en mémoire date d’avant cette consultation (celle du patient "
    "précédent ?) : elle n’est pas retenue. Prenez la mesure sur ce patient, puis recommencez. "
    "Si l’heure de l’appareil est fausse, réglez-la."
)
STALE_MARGIN = timedelta(minutes=10)

CALL_ENDED_WORDS = {
    "finished": "Le médecin a terminé la consultation : passez à la clôture avec le patient.",
    "revoked": (
        "Ce poste n’est plus autorisé par le service de téléconsultation : l’appel est coupé. "
        "La consultation est conservée ; contactez l’exploitant du parc."
    ),
}
REQUEST_WORDS = {
    "take-measurement": "Le médecin demande une mesure",
    "show-otoscope": "Le médecin demande l’otoscope",
    "show-room": "Le médecin demande la caméra de la pièce",
    "capture-still": "Le médecin demande une photo à l’otoscope",
    "auscultate": "Le médecin demande une auscultation au stéthoscope",
}


class ConsultationSession(DoctorInbox):
    def __init__(
        self,
        consultation: Consultation,
        devices: DeviceManager,
        *,
        otoscope: UvcCamera | None = None,
        doctor: dict[str, str] | None = None,
        stethoscope: Any = None,
    ) -> None:
        self.consultation = consultation
        self.devices = devices
        self.otoscope = otoscope
        self.stethoscope = stethoscope
        self.clip_seconds = CLIP_SECONDS  # each site's clip
        self.doctor = doctor or {"name": "Médecin téléconsultant"}
        self.peer: CallPeer | None = None  # attached once the call starts
        self.call_state = CallState.NOT_STARTED
        # What the station sends the doctor, and whether the doctor's page has it.
        self.outbox = DoctorOutbox(consultation)
        self.call_ended = ""  # why the service ended the call for good, in words
        self.waiting_since: float | None = None  # monotonic: announced in the waiting room
        self.named_doctor: str | None = None  # RPPS of the one doctor called, else any
        self.otoscope_frame: Any = None  # the last still taken, shown to the assistant
        self.otoscope_shown_at: float | None = None  # the doctor's last "show the otoscope"
        self.last_error = ""  # plain words, for the UI's message line
        self._peer_links = Connections()
        self.triage = RequestTriage()
        self._clips_on_the_way: set[str] = set()
        self._stills_again: asyncio.Future[None] | None = None
        self.decisions = DoctorDecisions(consultation)
        # What changed, for the screens (each emits after the record has it).
        self.checklist_changed: Signal[None] = Signal("session.checklist")
        self.measurement_changed: Signal[None] = Signal("session.measurement")  # or last_error
        self.still_changed: Signal[None] = Signal("session.still")  # or last_error
        self.call_changed: Signal[bool] = Signal("session.call")
        self.quality_changed: Signal[Any] = Signal("session.quality")  # CallQuality
        self.request_received: Signal[wire.Request] = Signal("session.request")
        self.note_received: Signal[wire.Note] = Signal("session.note")
        # Who the doctor is, their signed conclusion, a document handed over: all recorded.
        self.doctor_changed: Signal[None] = Signal("session.doctor")
        self.waiting_changed: Signal[None] = Signal("session.waiting")  # in the waiting room
        self.conclusion_changed: Signal[None] = Signal("session.conclusion")
        self.closed: Signal[None] = Signal("session.closed")
        self.auscultation_progress: Signal[float] = Signal("session.auscultation")  # 0…1

    def call_view(self) -> CallView | None:
        """What the screens show of the call (None: no call yet)."""
        return self.peer.view() if self.peer is not None else None

    @property
    def call_connected(self) -> bool:
        """A doctor is on the call (or it is only interrupted, reconnecting)."""
        return self.call_state in (CallState.IN_CALL, CallState.INTERRUPTED)

    @property
    def state(self) -> State:
        return self.consultation.state

    def waiting_minutes(self) -> int:
        if self.waiting_since is None:
            return 0
        return int((time.monotonic() - self.waiting_since) // 60)

    def open_requests(self) -> list[Step]:
        """The doctor's requests not yet fulfilled, oldest first."""
        run = self.consultation.run
        return [s for s in run.steps if s.adhoc and s.id not in run.answers]

    # ---- the checklist -----------------------------------------------------------------------
    def answer(self, step_id: str, value: Any) -> None:
        self.consultation.answer(step_id, value)
        self._checklist_changed()

    def advance(self) -> None:
        self.consultation.advance()
        self._checklist_changed()

    def close(self) -> None:
        self.consultation.close()
        self.closed.emit(None)

    def _checklist_changed(self) -> None:
        self.checklist_changed.emit(None)
        if self.peer is not None:
            self.peer.send(self.checklist_summary())
        self._otoscope_use()

    def _otoscope_use(self) -> None:
        from station.consultation.otoscope_use import otoscope_in_use

        if self.peer is not None and hasattr(self.peer, "use_otoscope"):
            run = self.consultation.run
            self.peer.use_otoscope(otoscope_in_use(run, self.otoscope_shown_at, time.monotonic()))

    def checklist_summary(self) -> dict[str, Any]:
        """What the doctor needs of the checklist (``station.consultation.summary``)."""
        return checklist_summary(self.consultation)

    # ---- devices -----------------------------------------------------------------------------
    def step_for(self, kind: DeviceKind) -> str | None:
        """The unanswered visible measurement step this reading answers (requests first)."""
        run = self.consultation.run
        candidates = [
            s
            for s in run.visible()
            if s.kind == "measurement" and s.device == str(kind) and s.id not in run.answers
        ]
        candidates.sort(key=lambda s: not s.adhoc)
        return candidates[0].id if candidates else None

    async def take_measurement(self, kind: DeviceKind) -> Measurement | None:
        """Read the device, record the value, then send it to the doctor.

        A device problem is said in words on the device (and in ``last_error``); it never
        ends the consultation.
        """
        slot = self.devices.slots.get(kind)
        before = slot.last if slot is not None else None
        try:
            measurement = await self.devices.measure(kind)
        except DeviceError as err:
            self.last_error = err.message
            self.measurement_changed.emit(None)
            return None
        if self._from_before(measurement, before):
            self.devices.refuse(kind, STALE_READING, keep_last=before)
            self.last_error = STALE_READING
            self.measurement_changed.emit(None)
            return None
        self.record_measurement(measurement)
        return measurement

    def _from_before(self, measurement: Measurement, before: Measurement | None) -> bool:
        """A reading from the device's memory that is not this patient's: the same record as
        the last one read, or one stamped before this consultation began."""
        stamped = measurement.device_time
        if Flag.FROM_DEVICE_MEMORY not in measurement.flags or stamped is None:
            return False
        started = self.consultation.started
        if started is None:
            return False
        if (
            before is not None
            and before.time < started  # read for the patient before this one
            and (before.device_time, before.components) == (stamped, measurement.components)
        ):
            return True
        # The device's clock is local and to the minute, and drifts: a margin.
        local_start = started.astimezone().replace(tzinfo=None)
        return stamped < local_start - STALE_MARGIN

    def record_measurement(self, measurement: Measurement, *, manual: bool = False) -> None:
        step = self.step_for(measurement.kind)
        try:
            self.consultation.record_measurement(step, measurement, manual=manual)
        except (ConsultationError, RecordError) as err:
            self.last_error = err.message
            self.measurement_changed.emit(None)
            return
        # The same reading answers the other open steps of its kind (a doctor's request and
        # the checklist's own step): one reading, listed once.
        payload = self.consultation.measurements[-1]
        while (other := self.step_for(measurement.kind)) is not None:
            try:
                self.consultation.reuse_measurement(other, payload)
            except (ConsultationError, RecordError, AnswerError):
                break
        self.last_error = ""
        self.outbox.send_measurement(payload)
        self.measurement_changed.emit(None)
        self.checklist_changed.emit(None)

    async def capture_still(self, step_id: str | None = None, request: str = "") -> bool:
        """A still from the otoscope, recorded, then sent to the doctor (``request``: the
        doctor's request it answers, if any)."""
        if self.otoscope is None:
            self.last_error = "Aucun otoscope n’est branché sur ce poste."
            self.still_changed.emit(None)
            return False
        try:
            frame = await self.otoscope.read_frame()
            png = await asyncio.get_running_loop().run_in_executor(None, encode_png, frame)
        except DeviceError as err:
            self.last_error = err.message
            self.still_changed.emit(None)
            return False
        if step_id is None:
            run = self.consultation.run
            step_id = next(
                (s.id for s in run.visible() if s.kind == "still" and s.id not in run.answers),
                None,
            )
        self.consultation.record_still(step_id, "otoscope", "Otoscope", png)
        # The screen gets the frame only once no worker thread converts it any more: PyAV
        # frames converted from two threads at once deadlock.
        if self.peer is not None:
            loop = asyncio.get_running_loop()
            data, width, height = await loop.run_in_executor(None, jpeg_preview, frame)
            header = self.consultation.stills[-1]  # its place in the record: its id
            self.outbox.send_care(still_message(header, "Otoscope", data, width, height, request))
        self.otoscope_frame = frame
        self.last_error = ""
        self.still_changed.emit(None)
        self.checklist_changed.emit(None)
        return True

    def latest_measurement(self, kind: str) -> dict[str, Any] | None:
        """This consultation's last reading of a kind (a doctor may ask for one already taken)."""
        found = [m for m in self.consultation.measurements if m.get("kind") == kind]
        return found[-1] if found else None

    def reuse_measurement(self, step_id: str) -> None:
        """Answer a doctor's request with the reading already taken, not a second one."""
        step = self.consultation.run.step(step_id)
        latest = self.latest_measurement(str(step.device))
        if latest is None:
            raise ConsultationError("Aucune mesure de cet appareil dans cette consultation.")
        self.consultation.reuse_measurement(step_id, latest)
        request = step_id.removeprefix("request_")
        self._reply(request, True, "Mesure déjà prise, reprise telle quelle : voir les constantes.")
        self.checklist_changed.emit(None)

    # ---- what the doctor handed over --------------------------------------------------------
    def printable(self, document: ev.DocumentReceived) -> bytes:
        return printable(self.consultation, document)

    def document_printed(self, sha256: str, printer: str, ok: bool, reason: str = "") -> None:
        self.consultation.document_printed(sha256, printer, ok, reason)
        self.conclusion_changed.emit(None)

    # ---- the call ----------------------------------------------------------------------------
    def attach_peer(self, peer: CallPeer) -> None:
        self.detach_peer()
        self.peer = peer
        self.decisions.new_call()  # chunks of the last call's documents are void
        self._peer_links.add(peer.message.connect(self.on_doctor_message))
        self._peer_links.add(peer.state_changed.connect(self.on_call_state))
        self.outbox.peer = peer
        self._peer_links.add(peer.channel_opened.connect(lambda _: self._send_what_we_have()))
        self._peer_links.add(peer.delivered.connect(self._delivered))
        self._peer_links.add(peer.quality_changed.connect(self.quality_changed.emit))
        self._peer_links.add(peer.ended.connect(self.on_call_ended))
        self._otoscope_use()
        self.on_call_state(peer.state)
        if peer.channel is not None and peer.channel.readyState == "open":
            self._send_what_we_have()

    def detach_peer(self) -> None:
        """Stop hearing the call (the consultation is over, or another one takes the call)."""
        self._peer_links.disconnect_all()
        self.peer = self.outbox.peer = None
        self.call_state = CallState.NOT_STARTED

    async def auscultate(self, step_id: str, site_code: str) -> ClipOutcome:
        """One site of an auscultation request, recorded and said to the doctor; the request
        is done once every site of its region has a usable clip."""
        if self.stethoscope is None:
            raise ConsultationError("Aucun stéthoscope n’est branché sur ce poste.")
        recorder = Auscultation(self.consultation, self.stethoscope, self.clip_seconds)
        link = recorder.progress.connect(self.auscultation_progress.emit)
        try:
            outcome = await recorder.record(site_code, step=step_id)
        finally:
            link.disconnect()
        request = step_id.removeprefix("request_")
        if outcome.usable and not sites_left(self.consultation, step_id):
            done = self.consultation.auscultated[step_id]
            self.consultation.answer(step_id, {"sites": list(done), "clips": list(done.values())})
            self._reply(request, True, f"Auscultation enregistrée : {len(done)} points.")
        else:
            self._reply(request, outcome.usable, outcome.words, final=False)
        self._checklist_changed()
        return outcome

    async def send_clip(self, request: str, clip_id: str) -> None:
        """A recorded clip, as the record keeps it, to the doctor who wants to hear it again
        (once at a time: a page asking again meanwhile does not send it twice)."""
        if clip_id in self._clips_on_the_way:
            return
        self._clips_on_the_way.add(clip_id)
        try:
            loop = asyncio.get_running_loop()
            wav = await loop.run_in_executor(None, clip_wav, self.consultation, clip_id)
            if wav is None:
                self._reply(request, False, "Cet enregistrement n’est pas dans cette consultation.")
                return
            for message in clip_messages(clip_id, wav):
                if self.peer is None:
                    return  # the call is gone: the page asks again once it is back
                await self.peer.send_bulk(message)
        finally:
            self._clips_on_the_way.discard(clip_id)

    def dismiss_request(self, step_id: str, reason: str) -> None:
        """A doctor's request that cannot be done here: why, recorded and told to the doctor."""
        reason = " ".join(reason.split())
        if len(reason) < 3:
            raise ConsultationError("Indiquez en quelques mots pourquoi ce n’est pas possible.")
        self.consultation.answer(step_id, {"dismissed": reason})
        self._reply(step_id.removeprefix("request_"), False, f"Pas possible : {reason}")
        self.checklist_changed.emit(None)

    def _reply(self, request: str, ok: bool, text: str, *, final: bool = True) -> None:
        self.outbox.reply(request, ok, text, final=final)

    def on_call_state(self, state: CallState) -> None:
        """Where the call stands, as the peer judges it from what flows."""
        before, self.call_state = self.call_state, state
        if state == CallState.IN_CALL and before != CallState.IN_CALL:
            if self.call_ended == CALL_ENDED_WORDS["finished"]:
                self.call_ended = ""  # a doctor back in the call: it goes on
            if not self.consultation.doctor_present:
                self.consultation.doctor_joined(self.doctor)
        if state != before:
            self.call_changed.emit(self.call_connected)

    def on_call_ended(self, reason: str) -> None:
        """The call ended for good, or the doctor ended it: said to the assistant; the record
        is kept."""
        self.call_ended = CALL_ENDED_WORDS.get(reason, CALL_ENDED_WORDS["revoked"])
        self.on_call_state(CallState.ENDED)
        self.call_changed.emit(False)

    def _send_what_we_have(self) -> None:
        """A new data channel: what the doctor has not acknowledged goes again, from the record
        (the stills' images read off the event loop, one after the other)."""
        self.outbox.send_all()
        if self.consultation.stills and (self._stills_again is None or self._stills_again.done()):
            self._stills_again = asyncio.ensure_future(self.outbox.send_stills())

    def _delivered(self, message_id: str) -> None:
        if self.outbox.delivered(message_id):
            self.measurement_changed.emit(None)

    def delivered_to_doctor(self, payload: dict[str, Any]) -> bool | None:
        """Whether the doctor's page has this measurement (None: not sent, no call)."""
        return self.outbox.delivered_to_doctor(payload)
