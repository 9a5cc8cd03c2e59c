"""The record's errors, apart from the store so that screens can catch them without loading it."""

from __future__ import annotations


class RecordError(Exception):
    """Base of the record's errors; ``message`` is plain French for the assistant."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class RecordIntegrityError(RecordError):
    """The record file was altered or cut short outside Station."""


class RecordInUse(RecordError):
    """Another process (a second window of the app) has the record open."""


class RecordFull(RecordError):
    """The disk is full: the event was not written (and nothing else was lost)."""


class ConsultationPurged(RecordError):
    """The consultation's data were erased under the retention policy."""
