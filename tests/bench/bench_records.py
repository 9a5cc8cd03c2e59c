"""Record benchmark (prints figures, asserts nothing).

    python tests/bench/bench_records.py [--events N]

Time to write one measurement event durably (encrypt, chain, insert, commit with
synchronous=FULL, i.e. fsync), median and p95, and events per second when written one by one.
Baseline in the same run and folder: a bare SQLite insert of the same JSON with the same
pragmas (WAL, synchronous=FULL), no encryption, no chain.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from station.records import EventStore

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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=500)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        folder = Path(tmp)
        print(f"Durable event writes ({args.events} each, one transaction and fsync per event)")
        raw = bench_raw(folder, args.events)
        ours = bench_store(folder, args.events)
        show("baseline: bare SQLite insert", raw)
        show("EventStore.append (AES-GCM + HMAC chain)", ours)


if __name__ == "__main__":
    main()
