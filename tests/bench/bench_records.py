"""Record benchmark (prints figures, asserts nothing).

    python tests/bench/bench_records.py [--events N] [--consultations 100,1000,5000]

1. Time to write one measurement event durably (encrypt, chain, insert, commit with
   synchronous=FULL, i.e. fsync), median and p95, and events per second when written one by
   one. Baseline in the same run and folder: a bare SQLite insert of the same JSON with the
   same pragmas (WAL, synchronous=FULL), no encryption, no chain.
2. The home screen's lists and the outbox's poll on a record of 100, 1,000 and 5,000
   consultations (a pharmacy doing 30 a day keeps 90 days): every event decrypted (how it was
   read before the index), the index built from nothing (the app's start), and the index
   refreshed after one more consultation (every later refresh); baseline: a bare SQLite select
   of the same rows' headers. The records are written with fsync off (setup only).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from station.records import EventStore
from station.records import events as ev
from station.records.read_model import RecordIndex

PAYLOAD = {
    "kind": "blood-pressure",
    "components": [
        {"name": "systolic", "loinc": "8480-6", "value": 128, "unit": "mm[Hg]"},
        {"name": "diastolic", "loinc": "8462-4", "value": 82, "unit": "mm[Hg]"},
        {"name": "pulse", "loinc": "8867-4", "value": 71, "unit": "/min"},
    ],
    "device": {"driver": "beurer-bm58", "model": "BM58"},
    "flags": ["from-device-memory"],
}


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def show(label: str, times: list[float]) -> None:
    total = sum(times)
    print(
        f"  {label:<40} median {statistics.median(times) * 1000:6.2f} ms  "
        f"p95 {p95(times) * 1000:6.2f} ms  {len(times) / total:7.0f} events/s"
    )


def bench_raw(folder: Path, count: int) -> list[float]:
    db = sqlite3.connect(folder / "raw.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE e (seq INTEGER PRIMARY KEY, c TEXT, t TEXT, time TEXT, p BLOB)")
    body = json.dumps(PAYLOAD).encode()
    times = []
    for _ in range(count):
        started = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO e (c, t, time, p) VALUES ('c', 'measurement', 'now', ?)", (body,))
        db.execute("COMMIT")
        times.append(time.perf_counter() - started)
    db.close()
    return times


def bench_store(folder: Path, count: int) -> list[float]:
    store = EventStore(folder / "record.sqlite3", bytes(32))
    consultation = store.new_consultation_id()
    times = []
    for _ in range(count):
        started = time.perf_counter()
        store.append(consultation, "measurement", PAYLOAD)
        times.append(time.perf_counter() - started)
    store.close()
    started = time.perf_counter()
    EventStore(folder / "record.sqlite3", bytes(32)).close()
    print(
        f"  opening (verifying the chain of {count} events): "
        f"{(time.perf_counter() - started) * 1000:.1f} ms"
    )
    return times


def _consultation(store: EventStore, number: int) -> None:
    c = store.new_consultation_id()
    for event in (
        ev.ConsultationStarted("standard", {"name": "Pharmacie"}, {"name": "Inès Martin"}),
        ev.PatientIdentified(f"Patient{number}", "Lucie", "1948-07-02", "female"),
        ev.ConsentRecorded(True, "consent", "Inès Martin"),
        *(ev.Answered(f"step{i}", True, f"Étape {i}", text="oui") for i in range(8)),
        *(ev.MeasurementTaken(PAYLOAD, "blood_pressure") for _ in range(4)),
        ev.NoteAdded("advice", "Boire souvent. " * 20, "doctor"),
        ev.ConsultationClosed(),
        ev.ReportQueued({"resourceType": "Bundle", "pdf": "A" * 120_000}),
        ev.ReportSent(201, "Bundle/1"),
    ):
        ev.record(store, c, event)


def _timed(action: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def _figures(store: EventStore) -> tuple[float, float, float, float, float]:
    """bare select, decrypt all, index build, index refresh after one more, outbox poll (s)."""

    def bare() -> None:  # on the store's own connection: it holds the record's lock
        store._db.execute("SELECT seq, consultation, type, time FROM events").fetchall()

    def decrypt_all() -> None:
        for c, *_ in store.consultations():
            store.events(c)

    def build() -> RecordIndex:
        built = RecordIndex(store)
        built.refresh()
        built.newest_first()[:20]
        return built

    index = build()
    _consultation(store, -1)
    started = time.perf_counter()
    index.refresh()
    index.newest_first()[:20]
    refresh = time.perf_counter() - started

    def poll() -> None:
        index.refresh()
        [t for t in index.transmissions() if t.due]

    return _timed(bare), _timed(decrypt_all, 1), _timed(build, 1), refresh, _timed(poll)


def bench_lists(folder: Path, sizes: list[int]) -> None:
    print("\nHome lists and outbox poll (best of 3; decrypt all and index build: one run)")
    print(
        f"  {'consultations':>13} {'bare SELECT':>12} {'decrypt all':>12} "
        f"{'index build':>12} {'index +1':>10} {'outbox poll':>12}"
    )
    path = folder / "lists.sqlite3"
    store = EventStore(path, bytes(32))
    store._db.execute("PRAGMA synchronous=OFF")  # setup only: the figures are of reading
    written = 0
    for size in sizes:
        while written < size:
            _consultation(store, written)
            written += 1
        bare, decrypt_all, build, refresh, poll = _figures(store)
        written += 1  # the one more
        print(
            f"  {size:>13} {bare * 1000:>9.1f} ms {decrypt_all * 1000:>9.0f} ms "
            f"{build * 1000:>9.0f} ms {refresh * 1000:>7.1f} ms {poll * 1000:>9.2f} ms"
        )
    store.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=500)
    ap.add_argument("--consultations", default="100,1000,5000")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="station-bench-") as tmp:
        folder = Path(tmp)
        print(f"Durable event writes ({args.events} each, one transaction and fsync per event)")
        raw = bench_raw(folder, args.events)
        ours = bench_store(folder, args.events)
        show("baseline: bare SQLite insert", raw)
        show("EventStore.append (AES-GCM + HMAC chain)", ours)
        bench_lists(folder, [int(n) for n in args.consultations.split(",")])


if __name__ == "__main__":
    main()
