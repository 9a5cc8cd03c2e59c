"""What the station sends the doctor about a consultation, and whether it arrived.

Care content (measurements, stills, replies to requests) is tracked by message id until the
doctor's page acknowledges it; the screen says each reading arrived. On every new data channel
the checklist and every measurement go again, rebuilt from the record under ids made from the
reading itself, so a new page, a reloaded one or a restarted station's new call shows each
once (the page drops an id it has seen).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from station.call.call_view import CallPeer
from station.consultation.consultation import Consultation
from station.consultation.summary import checklist_summary


def measurement_id(measurement: dict[str, Any]) -> str:
    """A measurement's message id, the same whenever it is sent (from the record after a
    restart too): the doctor's page shows each measurement once."""
    canonical = json.dumps(
        [measurement.get("kind"), measurement.get("time"), measurement.get("components")],
        sort_keys=True,
    )
    return "m-" + hashlib.sha256(canonical.encode()).hexdigest()[:32]


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
        """A new data channel: the checklist and every measurement, from the record."""
        if self.peer is None:
            return
        self.peer.send(checklist_summary(self.consultation))
        for payload in self.consultation.measurements:
            self.send_measurement(payload)

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
