"""What the station sends the doctor about a consultation, and whether it arrived.

Care content (measurements, stills, replies to requests) is tracked by message id until the
doctor's page acknowledges it; the screen says what arrived. On every new data channel what
the doctor has not acknowledged goes again, rebuilt from the record under ids that do not
change (the checklist, each measurement by the reading itself, each still by its place in the
record, the outcome of each request the record closed), so a new page, a reloaded one or a
restarted station's new call shows each once (the page drops an id it has seen).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from typing import Any

from station.call.call_view import CallPeer
from station.call.still_preview import png_preview
from station.consultation.consultation import Consultation
from station.consultation.summary import checklist_summary
from station.records import events as ev
from station.records.store import EventHeader


def measurement_id(measurement: dict[str, Any]) -> str:
    """A measurement's message id, the same whenever it is sent (from the record after a
    restart too): the doctor's page shows each measurement once."""
    canonical = json.dumps(
        [measurement.get("kind"), measurement.get("time"), measurement.get("components")],
        sort_keys=True,
    )
    return "m-" + hashlib.sha256(canonical.encode()).hexdigest()[:32]


def still_id(header: EventHeader) -> str:
    """A still's message id: its place in the record, the same whenever it is sent."""
    return f"still-{header.seq}"


def still_message(
    header: EventHeader, caption: str, data: str, width: int, height: int, request: str = ""
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "type": "still",
        "id": still_id(header),
        "caption": caption,
        "time": header.time.isoformat(),
        "width": width,
        "height": height,
        "jpeg_b64": data,
    }
    if request:
        message["request"] = request
    return message


def _reading(payload: dict[str, Any]) -> dict[str, Any]:
    """A recorded measurement as the doctor gets it (not the step, nor the device's clock)."""
    return {k: v for k, v in payload.items() if k not in ("step", "device_time")}


class DoctorOutbox:
    def __init__(self, consultation: Consultation) -> None:
        self.consultation = consultation
        self.peer: CallPeer | None = None
        # By message id: whether the doctor's page acknowledged it, and what it was.
        self.sent: dict[str, bool] = {}
        self.kinds: dict[str, str] = {}

    def send_all(self) -> None:
        """A new data channel: the checklist, every measurement and the outcome of every
        request the record closed (the stills: :meth:`send_stills`, which reads images)."""
        if self.peer is None:
            return
        self.peer.send(checklist_summary(self.consultation))
        for payload in self.consultation.measurements:
            self.send_measurement(payload)
        for request, (ok, text) in self._closed_requests().items():
            self.send_care(
                {
                    "type": "reply",
                    "id": f"outcome-{request}",
                    "request": request,
                    "ok": ok,
                    "text": text,
                }
            )

    def _closed_requests(self) -> dict[str, tuple[bool, str]]:
        """Each doctor's request the record closed without a reading: its outcome in words."""
        closed: dict[str, tuple[bool, str]] = {}
        answers = self.consultation.run.answers
        for request in self.consultation.requests:
            value = answers.get(f"request_{request}")
            if isinstance(value, dict) and "dismissed" in value:
                closed[request] = (False, f"Pas possible : {value['dismissed']}")
            elif isinstance(value, dict) and "sites" in value:
                closed[request] = (
                    True,
                    f"Auscultation enregistrée : {len(value['sites'])} points.",
                )
        return closed

    async def send_stills(self) -> None:
        """A new data channel: every still the doctor has not acknowledged, from the record
        (read and made small off the event loop)."""
        loop = asyncio.get_running_loop()
        for header in list(self.consultation.stills):
            if self.peer is None:
                return
            if self.sent.get(still_id(header)):
                continue
            message = await loop.run_in_executor(None, self._still_message, header)
            if self.peer is not None and message is not None:
                self.send_care(message)

    def _still_message(self, header: EventHeader) -> dict[str, Any] | None:
        still = ev.decode(self.consultation.store.read(header))
        if not isinstance(still, ev.StillTaken):
            return None
        data, width, height = png_preview(still.png)
        return still_message(header, still.caption, data, width, height)

    def send_measurement(self, payload: dict[str, Any]) -> None:
        """A recorded measurement (``Consultation.measurements``); names the doctor's request
        when it answers one."""
        reading = _reading(payload)
        message: dict[str, Any] = {
            "type": "measurement",
            "id": measurement_id(reading),
            "measurement": reading,
        }
        step = str(payload.get("step") or "")
        if step.startswith("request_"):
            message["request"] = step.removeprefix("request_")
        self.send_care(message)

    def reply(self, request: str, ok: bool, text: str, *, final: bool = True) -> None:
        """Tell the doctor about their request (``final`` False: one step of it, it goes on)."""
        reply = {"type": "reply", "request": request, "ok": ok, "text": text, "final": final}
        self.send_care(reply)

    def send_care(self, message: dict[str, Any]) -> str:
        """Care content for the doctor: tracked until the doctor's page acknowledges it."""
        if self.peer is None:
            return ""
        message_id = self.peer.send(message)
        self.sent.setdefault(message_id, False)
        self.kinds[message_id] = str(message["type"])
        return message_id

    def tally(self) -> dict[str, tuple[int, int]]:
        """By kind of item (measurement, still, reply): how many the doctor has, how many
        are still on their way."""
        counts: dict[str, tuple[int, int]] = {}
        for message_id, arrived in self.sent.items():
            kind = self.kinds.get(message_id, "")
            has, waiting = counts.get(kind, (0, 0))
            counts[kind] = (has + arrived, waiting + (not arrived))
        return counts

    def delivered(self, message_id: str) -> bool:
        """The page acknowledged ``message_id``; True when it was care content not yet seen."""
        if self.sent.get(message_id) is False:
            self.sent[message_id] = True
            return True
        return False

    def delivered_to_doctor(self, payload: dict[str, Any]) -> bool | None:
        """Whether the doctor's page has this measurement (None: not sent, no call)."""
        return self.sent.get(measurement_id(_reading(payload)))
