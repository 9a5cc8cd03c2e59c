"""What the station's screens list, kept up to date from the last event seen.

Rebuilding the home screen's lists from the whole record decrypted every event of every
consultation: 0.97 s with 100 consultations, on the UI loop. The index reads the events' clear
headers (type, consultation, time) after the last sequence it has seen, and decrypts only the
few it needs (the patient's name, a transmission's outcome): a refresh costs what happened
since the last one. The app's process holds the record alone (an exclusive lock), so nothing
changes behind its back; a purge done here says so with :meth:`RecordIndex.forget`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from station.records import events as ev
from station.records.store import ConsultationPurged, EventHeader, EventStore, RecordError

# Each destination in the assistant's words (the home screen, ``station records send``).
DESTINATION_WORDS = {
    ev.FHIR: "serveur de santé",
    ev.REGULAR_DOCTOR: "médecin traitant (MSSanté)",
    ev.PATIENT_MAILBOX: "Mon Espace Santé du patient (MSSanté)",
}


@dataclass(frozen=True)
class OutboxItem:
    """One destination of one consultation's report, and where its sending stands."""

    consultation: str
    state: str  # "pending", "failed", "refused", "sent"
    attempts: int
    next_attempt: datetime | None
    detail: str  # plain French for the assistant
    destination: str = ev.FHIR
    recipient: str = ""  # the MSSanté address (none for the health server)

    @property
    def due(self) -> bool:
        return self.state == "pending" or (
            self.state == "failed"
            and self.next_attempt is not None
            and self.next_attempt <= datetime.now(UTC)
        )


def next_transmission(
    item: OutboxItem | None, consultation: str, event: ev.RecordEvent, time: datetime
) -> OutboxItem | None:
    """Where one destination of a report stands after one more of its outbox events."""
    if isinstance(event, ev.ReportQueued):
        return OutboxItem(consultation, "pending", 0, None, "en attente d’envoi")
    if isinstance(event, ev.ReportAddressed):
        return OutboxItem(
            consultation,
            "pending",
            0,
            None,
            "en attente d’envoi",
            destination=event.destination,
            recipient=event.recipient,
        )
    if item is None:
        return None
    if isinstance(event, ev.ReportFailed):
        at = event.next_attempt_time
        return replace(
            item,
            state="failed",
            attempts=item.attempts + 1,
            next_attempt=at,
            detail=f"échec temporaire ({event.reason}), nouvel essai à {at.astimezone():%H:%M}",
        )
    if isinstance(event, ev.ReportRefused):
        return replace(
            item,
            state="refused",
            attempts=item.attempts + 1,
            detail=(
                f"refusé ({event.reason}) : à vérifier avec le support"
                if event.reason
                else f"refusé par le serveur (code {event.status}) : à vérifier avec le support"
            ),
        )
    if isinstance(event, ev.ReportSent):
        return replace(
            item,
            state="sent",
            attempts=item.attempts + 1,
            detail=f"envoyé le {time.astimezone():%d/%m/%Y à %H:%M}",
        )
    return item


def transmissions_of(store: EventStore, consultation: str) -> dict[str, OutboxItem]:
    """Each destination of one consultation's report, read from its own events."""
    items: dict[str, OutboxItem] = {}
    for event in store.events(consultation):
        e = ev.decode(event)
        destination = ev.destination_of(e)
        if destination is not None:
            item = next_transmission(items.get(destination), consultation, e, event.time)
            if item is not None:
                items[destination] = item
    return items


@dataclass
class Summary:
    """One consultation as the lists show it."""

    consultation: str
    started: datetime
    last: datetime
    patient: str = ""  # "FAMILY Given"
    closed: bool = False
    abandoned: str = ""  # the reason, when given up
    readable: bool = True  # False once purged (retention)
    measurements: int = 0
    # Each destination of the report (the health server, the MSSanté mailboxes).
    transmissions: dict[str, OutboxItem] = field(default_factory=dict)
    types: list[str] = field(default_factory=list)

    @property
    def unfinished(self) -> bool:
        return self.readable and not self.closed


# The events whose payload a list needs; every other one is read from its header alone.
NEEDS_PAYLOAD = {
    ev.PatientIdentified.TYPE,
    ev.ConsultationAbandoned.TYPE,
    ev.ReportQueued.TYPE,
    ev.ReportAddressed.TYPE,
    ev.ReportFailed.TYPE,
    ev.ReportRefused.TYPE,
    ev.ReportSent.TYPE,
}


class RecordIndex:
    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.seen = 0
        self.summaries: dict[str, Summary] = {}
        # The first refresh may run on a worker thread while the sign-in screen shows.
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Take in what was written since the last refresh."""
        with self._lock:
            for header in self.store.headers_after(self.seen):
                self._take(header)
                self.seen = header.seq

    def _take(self, header: EventHeader) -> None:
        summary = self.summaries.get(header.consultation)
        if summary is None:
            summary = Summary(header.consultation, header.time, header.time)
            self.summaries[header.consultation] = summary
        summary.last = header.time
        summary.types.append(header.type)
        if header.type == ev.MeasurementTaken.TYPE:
            summary.measurements += 1
        elif header.type == ev.ConsultationClosed.TYPE:
            summary.closed = True
        if header.type not in NEEDS_PAYLOAD or not summary.readable:
            return
        if header.type == ev.ReportQueued.TYPE:
            # The Bundle is large and not needed here: only that a report is queued.
            event: ev.RecordEvent = ev.ReportQueued({})
        else:
            try:
                event = ev.decode(self.store.read(header))
            except ConsultationPurged:
                summary.readable = False
                return
            except RecordError:  # a damaged consultation: listed as unreadable, never a crash
                summary.readable, summary.patient = False, summary.patient or "(illisible)"
                return
        if isinstance(event, ev.PatientIdentified):
            summary.patient = event.display_name
        elif isinstance(event, ev.ConsultationAbandoned):
            summary.closed, summary.abandoned = True, event.reason
        else:
            destination = ev.destination_of(event) or ev.FHIR
            item = next_transmission(
                summary.transmissions.get(destination), header.consultation, event, header.time
            )
            if item is not None:
                summary.transmissions[destination] = item

    def forget(self, consultation: str) -> None:
        """The consultation's data were erased (retention purge)."""
        summary = self.summaries.get(consultation)
        if summary is not None:
            summary.readable = False

    # ---- what the screens list ----------------------------------------------------------
    def newest_first(self) -> list[Summary]:
        return sorted(self.summaries.values(), key=lambda s: s.started, reverse=True)

    def unfinished(self) -> list[Summary]:
        return [s for s in self.summaries.values() if s.unfinished]

    def transmissions(self) -> list[OutboxItem]:
        """Every destination of every queued report and where it stands, oldest consultation
        first (the health server first, then the MSSanté mailboxes)."""
        return [
            item for s in self.summaries.values() if s.readable for item in s.transmissions.values()
        ]
