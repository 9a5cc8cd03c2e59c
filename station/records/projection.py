"""What the record says about each consultation, rebuilt from its events alone.

Events are read through the record's vocabulary (:mod:`station.records.events`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from station.records import events as ev
from station.records.store import Event

TRANSMISSION_WORDS = {
    ev.ReportQueued: "rapport en attente d’envoi",
    ev.ReportFailed: "envoi du rapport en échec, nouvel essai prévu",
    ev.ReportRefused: "rapport refusé par le serveur : à vérifier",
    ev.ReportSent: "rapport transmis",
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
    abandoned: bool = False  # interrupted for good, with a reason

    @property
    def status(self) -> str:
        return "closed" if self.closed else "open"


def project(consultation: str, events: list[Event]) -> ConsultationState:
    state = ConsultationState(consultation)
    for event in events:
        e = ev.decode(event)
        if isinstance(e, ev.ConsultationStarted):
            state.started = event.time
        elif isinstance(e, ev.ConsultationClosed | ev.ConsultationAbandoned):
            state.closed = event.time
            state.abandoned = isinstance(e, ev.ConsultationAbandoned)
        elif isinstance(e, ev.Answered):
            state.answers[e.step] = e.value
        elif isinstance(e, ev.MeasurementTaken):
            state.measurements.append(e.measurement)
        elif isinstance(e, ev.PatientIdentified):
            state.patient = e.display_name
            state.other_events += 1
        elif type(e) in TRANSMISSION_WORDS:
            state.transmission = TRANSMISSION_WORDS[type(e)]
        else:
            state.other_events += 1
        if state.started is None:
            state.started = event.time
    return state


def status_from_types(types: list[str]) -> str:
    """Status of a purged consultation, whose payloads can no longer be read."""
    ended = (ev.ConsultationClosed.TYPE, ev.ConsultationAbandoned.TYPE)
    return "closed" if any(t in ended for t in types) else "open"
