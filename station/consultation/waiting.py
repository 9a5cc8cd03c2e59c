"""What a station says of its consultation in the fleet's waiting room: its place, the
reason and the measurements already taken, never the patient's name; and when it may say it
(the patient identified and consented, no doctor yet)."""

from __future__ import annotations

from typing import Any

from drivers.base import DeviceKind
from station.consultation.consultation import Consultation, State
from station.devices.wording import KIND_NAMES, describe_values

READY = (State.CHECKS, State.CALL)


def ready_for_a_doctor(consultation: Consultation) -> bool:
    return consultation.state in READY and not consultation.doctor_present


def queue_summary(consultation: Consultation, place: str) -> dict[str, Any]:
    answers = consultation.run.answers
    reasons = [
        answers[step.id]
        for step in consultation.run.steps
        if step.report == "reason" and isinstance(answers.get(step.id), str)
    ]
    reason = str(reasons[0]) if reasons else ""
    measurements = []
    for m in consultation.measurements:
        kind = str(m.get("kind", ""))
        name = KIND_NAMES[DeviceKind(kind)] if kind in set(DeviceKind) else kind
        measurements.append(f"{name} : {describe_values(list(m.get('components', [])))}")
    return {"place": place, "reason": reason, "measurements": measurements}
