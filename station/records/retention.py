"""Retention: erase closed consultations once their report has reached the health record.

Erasing is crypto-shredding (the consultation's data key is forgotten), so the chain of the
record stays verifiable. A consultation still open, or whose report was not transmitted, is
never erased; nor one whose report still waits for one of its destinations.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from station.records import events as ev
from station.records.read_model import transmissions_of
from station.records.store import EventStore

DEFAULT_DAYS = 90


def purge_transmitted(
    store: EventStore, older_than_days: int, now: datetime | None = None
) -> list[str]:
    """Erase consultations closed and transmitted more than ``older_than_days`` ago."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=older_than_days)
    erased = []
    for consultation, _first, last, readable in store.consultations():
        if not readable or last > cutoff:
            continue
        types = store.types(consultation)
        if ev.ConsultationClosed.TYPE not in types or ev.ReportSent.TYPE not in types:
            continue
        # Every destination (health server, MSSanté mailboxes) must have it, not just one.
        if all(i.state == "sent" for i in transmissions_of(store, consultation).values()):
            store.purge(consultation)
            erased.append(consultation)
    return erased
