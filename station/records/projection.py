"""What the record says about each consultation, rebuilt from its events alone.

Event types (the consultation logic is their only writer):
``consultation.started``, ``patient.identified``, ``consent``, ``answer``, ``measurement``,
``request``, ``note``, ``call``, ``still``, ``consultation.closed``, ``report.sent``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from station.records.store import Event

STARTED = "consultation.started"
CLOSED = "consultation.closed"
MEASUREMENT = "measurement"
ANSWER = "answer"
TRANSMISSION_WORDS = {
    "report.queued": "rapport en attente d’envoi",
    "report.failed": "envoi du rapport en échec, nouvel essai prévu",
    "report.refused": "rapport refusé par le serveur : à vérifier",
    "report.sent": "rapport transmis",
}
NOT_TRANSMITTED = "rapport non transmis"


@dataclass
class ConsultationState:
    id: str
    started: datetime | None = None
    closed: datetime | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    measurements: list[dict[str, Any]] = field(default_factory=list)
    other_events: int = 0
    transmission: str = NOT_TRANSMITTED  # plain words: where the report stands
    patient: str = ""  # "FAMILY Given", for lists on the station's own screen

    @property
    def status(self) -> str:
        return "closed" if self.closed else "open"


def project(consultation: str, events: list[Event]) -> ConsultationState:
    state = ConsultationState(consultation)
    for event in events:
        if event.type == STARTED:
            state.started = event.time
        elif event.type == CLOSED:
            state.closed = event.time
        elif event.type == ANSWER:
            state.answers[str(event.payload.get("step"))] = event.payload.get("value")
        elif event.type == MEASUREMENT:
            state.measurements.append(event.payload)
        elif event.type == "patient.identified":
            p = event.payload
            state.patient = f"{str(p.get('family_name', '')).upper()} {p.get('given_names', '')}"
            state.other_events += 1
        elif event.type in TRANSMISSION_WORDS:
            state.transmission = TRANSMISSION_WORDS[event.type]
        else:
            state.other_events += 1
        if state.started is None:
            state.started = event.time
    return state


def status_from_types(types: list[str]) -> str:
    """Status of a purged consultation, whose payloads can no longer be read."""
    return "closed" if CLOSED in types else "open"
