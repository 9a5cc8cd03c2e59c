"""A full disk: the event that does not fit is refused in words, every acknowledged event is
kept, and once space comes back the record opens whole and takes new events.

A real full file system: a small tmpfs mounted by the test (root only, as in CI)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from station.records import EventStore
from station.records.store import RecordFull

KEY = bytes(range(32))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode:
        pytest.skip(f"tmpfs cannot be mounted here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "--lazy", str(mount)], check=True)  # even if a test failed


def test_a_full_disk_loses_no_acknowledged_event(small_disk: Path) -> None:
    filler = small_disk / "filler"
    filler.write_bytes(os.urandom(300_000))  # what another program left on the disk
    acknowledged: list[tuple[str, int]] = []
    store = EventStore(small_disk / "record.sqlite3", KEY)
    consultation = store.new_consultation_id()
    refused = None
    for number in range(10_000):
        try:
            store.append(consultation, "note", {"n": number, "text": os.urandom(900).hex()})
        except RecordFull as err:
            refused = err
            break
        acknowledged.append((consultation, number))
    assert refused is not None and "disque du poste est plein" in refused.message
    # Still full: the next appends are refused too, and nothing chains onto a lost event.
    for _ in range(3):
        with pytest.raises(RecordFull):
            store.append(consultation, "note", {"n": -1, "text": "x" * 2000})
    filler.unlink()  # space comes back
    store.append(consultation, "note", {"n": len(acknowledged), "text": "après"})
    acknowledged.append((consultation, len(acknowledged)))
    other = store.new_consultation_id()
    store.append(other, "note", {"n": 0, "text": "une autre consultation"})
    store.close()
    reopened = EventStore(small_disk / "record.sqlite3", KEY)  # the chain verifies
    numbers = [e.payload["n"] for e in reopened.events(consultation)]
    assert numbers == [n for _, n in acknowledged]
    assert [e.payload["text"] for e in reopened.events(other)] == ["une autre consultation"]
    reopened.close()
