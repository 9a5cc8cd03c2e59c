"""The station between consultations: who is signed in, the record, what to resume, what to send.

Plain Python (no Qt): the app's home screen renders this. It owns the open record store, the
devices and the call service, and starts (or resumes) one :class:`ConsultationSession` at a
time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from station.call.service import Call, CallService
from station.checklists import shipped
from station.checklists.model import Checklist
from station.consultation.consultation import Consultation, State
from station.consultation.session import ConsultationSession
from station.credentials import CredentialsUnavailable, get_secret
from station.devices.manager import DeviceManager
from station.linux_memory import release_free_memory
from station.people import Assistant, SignInError, check_assistant
from station.records import events as ev
from station.records.outbox import Endpoint, Outbox
from station.records.read_model import OutboxItem, RecordIndex, Summary
from station.records.store import EventStore
from station.signals import Connections, Signal

log = logging.getLogger("station")

# How long closing a call may take before the station goes on without it.
CALL_CLOSE_SECONDS = 20

TRANSMISSION_WORDS = {
    "pending": "en attente d’envoi",
    "failed": "échec temporaire, nouvel essai prévu",
    "refused": "refusé par le serveur : à vérifier",
    "sent": "envoyé",
}


STATE_WORDS = {
    State.IDENTIFICATION: "identification du patient",
    State.CONSENT: "information et consentement",
    State.CHECKS: "vérifications avant l’appel",
    State.CALL: "en attente du médecin",
    State.EXAMINATION: "examen avec le médecin",
    State.CLOSURE: "clôture",
    State.REPORT: "compte rendu",
    State.STOPPED: "arrêtée (orientation donnée)",
}


SERVICE_CREDENTIALS = {
    "fhir-token": "envoi des comptes rendus au dossier de santé",
    "service-credential": "appels vidéo par le service de téléconsultation du parc",
}


@dataclass
class Unfinished:
    consultation: str
    started: str  # local time, for the assistant
    state: str
    patient: str


@dataclass
class Workstation:
    store: EventStore
    devices: DeviceManager
    calls: CallService | None = None
    station: dict[str, str] = field(default_factory=dict)
    assistant: Assistant | None = None
    session: ConsultationSession | None = None
    otoscope: Any = None
    stethoscope: Any = None  # its own line in the call; guided auscultation on request
    keyring_message: str = ""  # plain words when the keyring is missing (demo continues)
    call: Call | None = None
    outbox: Outbox | None = None  # None: no destination configured, reports wait here
    _sending: asyncio.Task[None] | None = None
    # The doctor's link of each room opened (one per consultation, once its patient is known).
    doctor_link: Signal[str] = field(default_factory=lambda: Signal("workstation.doctor_link"))
    index: RecordIndex = field(init=False)
    _session_links: Connections = field(default_factory=Connections)
    _announcing: asyncio.Task[None] | None = None
    _announce_again: bool = False
    last_acts: list[Any] = field(default_factory=list)  # the last closed consultation's
    last_cda_with_ins: bool | None = None  # its TLM-CR: for the DMP (True) or a copy only
    last_cda_version: int = 0  # 2 and more: a corrected report
    # Its regular doctor's MSSanté address was given, but no MSSanté is set up here.
    last_regular_doctor_not_sent: bool = False

    def __post_init__(self) -> None:
        # The lists of the home screen and the outbox's poll, kept from the last event seen.
        self.index = RecordIndex(self.store)

    def credentials(self) -> list[tuple[str, bool]]:
        """The station's service credentials in the keyring: what each is for, and if present.

        Reading them is the test; their values never leave the keyring module.
        """
        found = []
        for name, purpose in SERVICE_CREDENTIALS.items():
            try:
                present = get_secret(name) is not None
            except CredentialsUnavailable as err:
                self.keyring_message = err.message
                return []
            found.append((purpose, present))
        return found

    def sign_in(self, name: str, profession: str, rpps: str) -> Assistant:
        self.assistant = check_assistant(name, profession, rpps)
        return self.assistant

    @staticmethod
    def checklists() -> dict[str, Checklist]:
        return shipped()

    # ---- consultations ---------------------------------------------------------------------
    def start(self, checklist_id: str, identity: dict[str, Any]) -> ConsultationSession:
        if self.assistant is None:
            raise SignInError("Identifiez-vous avant de commencer une consultation.")
        checklist = shipped()[checklist_id]
        consultation = Consultation.start(
            self.store, checklist, station=self.station, assistant=self.assistant.to_dict()
        )
        identity_step = next(s.id for s in checklist.steps if s.kind == "identity")
        consultation.answer(identity_step, identity)
        return self._open(consultation)

    def resume(self, consultation_id: str) -> ConsultationSession:
        return self._open(Consultation.resume(self.store, consultation_id))

    def _open(self, consultation: Consultation) -> ConsultationSession:
        if self.session is not None:
            self.session.detach_peer()
        session = ConsultationSession(
            consultation, self.devices, otoscope=self.otoscope, stethoscope=self.stethoscope
        )
        self.session = session
        self._session_links.disconnect_all()
        for signal in (session.checklist_changed, session.measurement_changed):
            self._session_links.add(signal.connect(self._waiting_room_changed))
        self._session_links.add(session.call_changed.connect(self._waiting_room_changed))
        if self.call is not None:
            self._attach(session, self.call)
        return session

    @staticmethod
    def _attach(session: ConsultationSession, call: Call) -> None:
        session.attach_peer(call.peer)  # where the call stands comes with it

    # ---- the call ----------------------------------------------------------------------------
    async def ensure_call(self) -> Call | None:
        """The room of the open consultation, whose patient is identified (opened once).

        No room before: a doctor who joined then would see the room's camera with no patient,
        and what they sent would land in whichever consultation came next.
        """
        session = self.session
        if session is None or session.consultation.closed or self.calls is None:
            return None
        if self.call is None:
            call = await self.calls.open(otoscope=self.otoscope, stethoscope=self.stethoscope)
            if self.session is not session or session.consultation.closed:
                await call.peer.close()  # the consultation ended while the room opened
                return None
            self.call = call
            self._attach(session, call)
            self.doctor_link.emit(call.doctor_link)
            self._waiting_room_changed(None)
        return self.call

    # ---- the fleet's waiting room ------------------------------------------------------------
    async def directory(self) -> list[tuple[str, str]]:
        """The organisation's doctors (RPPS, name), to call the patient's own by name."""
        from station.call.service_client import ServiceError

        rooms = self.calls.rooms if self.calls is not None else None
        if not hasattr(rooms, "doctors"):
            return []
        try:
            return list(await rooms.doctors())
        except ServiceError as err:
            log.warning("doctors' directory not read: %s", err.message)
            return []

    def call_doctor(self, rpps: str | None) -> None:
        """Call one doctor of the directory (the patient's own), or any of the organisation."""
        if self.session is not None:
            self.session.named_doctor = rpps or None
            self._waiting_room_changed(None)

    def _waiting_room_changed(self, _: object) -> None:
        """Say the consultation's state to the waiting room, one update at a time."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # no loop (a script without a call): nothing to say
            return
        if self._announcing is not None and not self._announcing.done():
            self._announce_again = True
            return
        self._announcing = asyncio.ensure_future(self._update_waiting_room())

    async def _update_waiting_room(self) -> None:
        from station.call.service_client import ServiceError
        from station.consultation.waiting import queue_summary, ready_for_a_doctor

        while True:
            self._announce_again = False
            session, call = self.session, self.call
            rooms = self.calls.rooms if self.calls is not None else None
            if session is None or call is None or not hasattr(rooms, "announce"):
                return
            try:
                if ready_for_a_doctor(session.consultation) and not session.call_connected:
                    place = self.station.get("address") or self.station.get("name", "")
                    summary = queue_summary(session.consultation, place)
                    await rooms.announce(call.room, summary, session.named_doctor)
                    if session.waiting_since is None:
                        session.waiting_since = time.monotonic()
                        session.waiting_changed.emit(None)  # "waiting N min" on the screen
                elif session.waiting_since is not None:
                    session.waiting_since = None
                    session.waiting_changed.emit(None)
                    await rooms.withdraw(call.room)
            except ServiceError as err:
                log.warning("waiting room not updated: %s", err.message)
            if not self._announce_again:
                return

    async def end_call(self) -> None:
        if self.session is not None:
            self.session.detach_peer()
            if self.session.waiting_since is not None and self.call is not None:
                self.session.waiting_since = None
                rooms = self.calls.rooms if self.calls is not None else None
                if hasattr(rooms, "withdraw"):
                    from station.call.service_client import ServiceError

                    with contextlib.suppress(ServiceError):
                        await rooms.withdraw(self.call.room)
        if self.call is not None:
            call, self.call = self.call, None
            try:
                # A close that never returns (a dead network under a WebRTC transport) must not
                # keep the station from its next patient or from quitting.
                async with asyncio.timeout(CALL_CLOSE_SECONDS):
                    await call.peer.close()
            except TimeoutError:
                log.warning("the call did not close in %s s; left behind", CALL_CLOSE_SECONDS)
            await self.release_memory()  # the call's video buffers are free now

    async def release_memory(self) -> None:
        """Return the heap's free pages to the system, between patients: glibc keeps them
        otherwise (150 MB a consultation, docs/performance.md). Off the loop: trimming a large
        heap takes some 15 ms."""
        await asyncio.get_running_loop().run_in_executor(None, release_free_memory)

    def unfinished(self) -> list[Unfinished]:
        """Consultations to offer to resume (only these few are replayed for their state)."""
        self.index.refresh()
        out = []
        for summary in self.index.unfinished():
            if ev.ConsultationStarted.TYPE not in summary.types:
                continue
            state = Consultation.resume(self.store, summary.consultation).state
            out.append(
                Unfinished(
                    summary.consultation,
                    f"{summary.started.astimezone():%d/%m/%Y à %H:%M}",
                    STATE_WORDS[state],
                    summary.patient or "patient non encore identifié",
                )
            )
        return out

    def transmissions(self) -> list[tuple[OutboxItem, str]]:
        """Each queued report with the patient's name, newest first, for the home screen."""
        self.index.refresh()
        out = []
        for item in self.index.transmissions():
            summary = self.index.summaries[item.consultation]
            out.append((item, summary.patient or item.consultation))
        return list(reversed(out))

    def past(self, limit: int = 20) -> list[Summary]:
        """The closed consultations, newest first (their reports can be reopened)."""
        self.index.refresh()
        closed = [s for s in self.index.newest_first() if s.closed and s.readable]
        return closed[:limit]

    def abandon(self, consultation_id: str, reason: str) -> None:
        """Give up an interrupted consultation, with the assistant's reason (recorded)."""
        Consultation.resume(self.store, consultation_id).abandon(reason)

    # ---- sending reports ---------------------------------------------------------------------
    def start_sending(
        self, endpoint: Endpoint | None, poll: float = 15.0, *, mssante: Any = None
    ) -> None:
        """Send queued reports in the background for as long as the app runs: to the health
        server (``endpoint``) and by MSSanté (``mssante``), whichever is set up."""
        if (endpoint is None and mssante is None) or self._sending is not None:
            return
        self.outbox = Outbox(self.store, endpoint, mssante=mssante, index=self.index)
        self._sending = asyncio.ensure_future(self._send_forever(poll))

    async def _send_forever(self, poll: float) -> None:
        assert self.outbox is not None
        while True:
            try:
                await self.outbox.send_due()
            except Exception as err:  # the loop must outlive any one failure; the record keeps all
                log.warning("report sending failed (%s)", type(err).__name__)
            await asyncio.sleep(poll)

    async def stop_sending(self) -> None:
        if self._sending is not None:
            self._sending.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sending
            self._sending = None

    async def report_pdf(self, consultation_id: str) -> bytes:
        """A finished consultation's report, rendered again from its record."""
        from station.records.report_data import gather
        from station.records.report_pdf import render_pdf

        data = gather(consultation_id, self.store.events(consultation_id))
        return await asyncio.get_running_loop().run_in_executor(None, render_pdf, data)

    async def finish(self, session: ConsultationSession) -> bytes:
        """Close the consultation, write its report and queue it for sending; returns the PDF."""
        from station.records.issue import issue_report

        if not session.consultation.closed:
            session.close()
        issued = await issue_report(
            self.store, session.consultation.id, by_mssante=self._by_mssante()
        )
        self._remember(issued)
        return issued.pdf

    def identity_of(self, consultation_id: str) -> dict[str, Any]:
        """The patient's identity as the record last has it (to correct it)."""
        identity: dict[str, Any] = {}
        for event in self.store.events(consultation_id):
            e = ev.decode(event)
            if isinstance(e, ev.PatientIdentified):
                identity = e.to_payload()
        return identity

    async def correct_identity(self, consultation_id: str, identity: dict[str, Any]) -> bytes:
        """Correct a closed consultation's identity; its report goes again, as a new version
        replacing the previous one. Returns the corrected PDF."""
        from station.records.issue import correct_identity

        issued = await correct_identity(
            self.store,
            consultation_id,
            identity,
            by=self.assistant.name if self.assistant else "",
            by_mssante=self._by_mssante(),
        )
        self._remember(issued)
        return issued.pdf

    def _by_mssante(self) -> bool:
        return self.outbox is not None and self.outbox.mssante is not None

    def _remember(self, issued: Any) -> None:
        """What the report screen says of the report just issued."""
        self.last_acts = issued.acts
        self.last_cda_with_ins = issued.cda_with_ins
        self.last_cda_version = issued.cda_version
        self.last_regular_doctor_not_sent = issued.regular_doctor_not_sent
