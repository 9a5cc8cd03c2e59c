"""Opening the record at start: a damaged one never stops the station from working.

It is set aside under a dated name, kept for the support (never deleted), and a fresh record
opens; the assistant is told in one sentence. A record open in another window is not damage:
that refusal goes through unchanged.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from station.records.store import EventStore, HeadAnchor, RecordIntegrityError

log = logging.getLogger("station.records")


def open_or_set_aside(
    path: Path, key: bytes, anchor: HeadAnchor | None = None
) -> tuple[EventStore, str]:
    """The record, or a fresh one beside the damaged one; and what to tell the assistant."""
    try:
        return EventStore(path, key, anchor), ""
    except RecordIntegrityError:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = path.with_name(f"{path.name}.endommage-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            part = path.with_name(path.name + suffix)
            if part.exists():
                part.rename(aside.with_name(aside.name + suffix))
        log.error("damaged record set aside as %s", aside.name)
        if anchor is not None:
            anchor.forget()  # the fresh record's head starts again from nothing
        note = (
            "Le dossier des consultations était endommagé : il a été mis de côté pour le "
            f"support technique ({aside.name}), et un nouveau dossier est ouvert."
        )
        return EventStore(path, key, anchor), note
