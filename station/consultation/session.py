"""A consultation under way: the checklist, the devices and the call, wired together.

Plain Python (no Qt). The UI calls the intents (``answer``, ``take_measurement``…) and
subscribes to topics; every intent goes through :class:`Consultation`, so it is durable before
the UI shows it or the doctor receives it.

Topics: ``checklist``, ``measurement``, ``call``, ``quality``, ``request``, ``note``, ``still``,
``closed``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from drivers.base import DeviceKind, Flag, Measurement
from drivers.errors import DeviceError
from drivers.uvc_camera import UvcCamera, encode_png
from station.call.still_preview import jpeg_preview
from station.checklists.model import Step
from station.consultation.consultation import Consultation, ConsultationError, State
from station.devices.manager import DeviceManager
from station.records.store import RecordError

log = logging.getLogger("station.consultation")

Listener = Callable[[str], None]

REQUEST_WORDS = {
    "take-measurement": "Le médecin demande une mesure",
    "show-otoscope": "Le médecin demande l’otoscope",
    "show-room": "Le médecin demande la caméra de la pièce",
    "capture-still": "Le médecin demande une photo à l’otoscope",
}


class ConsultationSession:
    def __init__(
        self,
        consultation: Consultation,
        devices: DeviceManager,
        *,
        otoscope: UvcCamera | None = None,
        doctor: dict[str, str] | None = None,
    ) -> None:
        self.consultation = consultation
        self.devices = devices
        self.otoscope = otoscope
        self.doctor = doctor or {"name": "Médecin téléconsultant"}
        self.peer: Any = None  # StationPeer, attached once the call starts
        self.call_connected = False
        self.otoscope_frame: Any = None  # the last still taken, shown to the assistant
        self.last_error = ""  # plain words, for the UI's message line
        self._listeners: list[Listener] = []
        self._pending: set[asyncio.Task[Any]] = set()

    # ---- observing ---------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _notify(self, topic: str) -> None:
        for listener in list(self._listeners):
            listener(topic)

    @property
    def state(self) -> State:
        return self.consultation.state

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
        self._notify("closed")

    def _checklist_changed(self) -> None:
        self._notify("checklist")
        if self.peer is not None:
            self.peer.send(self.checklist_summary())

    def checklist_summary(self) -> dict[str, Any]:
        """What the doctor needs of the checklist: phase, consent, red flags, reason, context."""
        run = self.consultation.run
        answers: list[dict[str, Any]] = []
        for step in run.steps:
            if step.id not in run.answers or step.kind in ("identity", "measurement", "still"):
                continue
            value = run.answers[step.id]
            if step.kind in ("choice", "multi-choice"):
                chosen = value if isinstance(value, list) else [value]
                value = [o.label["fr"] for o in step.options if o.value in chosen]
            answers.append({"step": step.id, "label": step.text["fr"], "value": value})
        return {
            "type": "checklist",
            "state": str(self.state),
            "phase": run.phase,
            "stop": run.stop.orientation["fr"] if run.stop else None,
            "answers": answers,
        }

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
        try:
            measurement = await self.devices.measure(kind)
        except DeviceError as err:
            self.last_error = err.message
            self._notify("measurement")
            return None
        self.record_measurement(measurement)
        return measurement

    def record_measurement(self, measurement: Measurement, *, manual: bool = False) -> None:
        step = self.step_for(measurement.kind)
        try:
            self.consultation.record_measurement(step, measurement, manual=manual)
        except (ConsultationError, RecordError) as err:
            self.last_error = err.message
            self._notify("measurement")
            return
        self.last_error = ""
        if self.peer is not None:
            self.peer.send_measurement(
                measurement.with_flags(Flag.MANUAL_ENTRY) if manual else measurement
            )
        self._notify("measurement")
        self._notify("checklist")

    async def capture_still(self, step_id: str | None = None) -> bool:
        if self.otoscope is None:
            self.last_error = "Aucun otoscope n’est branché sur ce poste."
            self._notify("still")
            return False
        try:
            frame = await self.otoscope.read_frame()
            png = await asyncio.get_running_loop().run_in_executor(None, encode_png, frame)
        except DeviceError as err:
            self.last_error = err.message
            self._notify("still")
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
            self.peer.send(
                {
                    "type": "still",
                    "caption": "Otoscope",
                    "time": datetime.now(UTC).isoformat(),
                    "width": width,
                    "height": height,
                    "jpeg_b64": data,
                }
            )
        self.otoscope_frame = frame
        self.last_error = ""
        self._notify("still")
        self._notify("checklist")
        return True

    # ---- the call ----------------------------------------------------------------------------
    def attach_peer(self, peer: Any) -> None:
        self.peer = peer
        peer.on_message = self.on_doctor_message
        peer.on_connection = self.on_call_connection
        peer.on_quality = lambda _quality: self._notify("quality")

    def on_call_connection(self, connected: bool) -> None:
        self.call_connected = connected
        if connected:
            if not self.consultation.doctor_present:
                self.consultation.doctor_joined(self.doctor)
            self.peer.send(self.checklist_summary())
        self._notify("call")

    async def on_doctor_message(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        try:
            if kind == "request":
                self.consultation.doctor_request(
                    message["id"], message["action"], message.get("kind")
                )
                self._notify("request")
                self._notify("checklist")
                if message["action"] == "capture-still":
                    await self.capture_still()
            elif kind == "note":
                note_kind = message.get("kind", "observation")
                self.consultation.note(note_kind, message["text"], "doctor")
                self._notify("note")
        except (ConsultationError, RecordError) as err:
            log.warning("doctor's %s not recorded", kind)
            self.last_error = err.message
            self._notify(kind)

    def receive_later(self, messages: list[dict[str, Any]]) -> None:
        """Handle what the doctor sent before this consultation was open, in order."""

        async def replay() -> None:
            for message in messages:
                await self.on_doctor_message(message)

        task = asyncio.ensure_future(replay())
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)
