"""The record: an append-only, encrypted, verifiable store of every consultation's events."""

from station.records.store import (
    ConsultationPurged,
    Event,
    EventStore,
    RecordError,
    RecordIntegrityError,
)

__all__ = ["ConsultationPurged", "Event", "EventStore", "RecordError", "RecordIntegrityError"]
