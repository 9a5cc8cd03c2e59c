"""Writes stethoscope clip parts into a record until killed (run as a child process by
tests/records/test_auscultation_record.py): prints each part's number once it is durable."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from station.records import EventStore
from station.records import events as ev

RATE = 48000


def main(path: str, consultation: str) -> None:
    store = EventStore(Path(path), bytes(32))
    part = 0
    while True:  # one second of sound a part, as the recorder writes them; never a last one
        pcm = (part % 7 + 1).to_bytes(2, "little", signed=True) * RATE
        ev.record(
            store,
            consultation,
            ev.AuscultationPart(
                "clip-killed", "mitral", part, pcm, RATE, "2026-12-03T08:00:00+00:00"
            ),
        )
        print(part, flush=True)
        part += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
