"""The record store: durable, encrypted at rest, tamper-evident, and purgeable."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from station.records import ConsultationPurged, EventStore, RecordIntegrityError

KEY = bytes(range(32))
PATIENT = {"family_name": "DUPONT-LAJOIE", "given_names": "Marcelline", "birth_date": "1931-02-14"}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "record.sqlite3"


def _fill(path: Path) -> str:
    with EventStore(path, KEY) as store:
        c = store.new_consultation_id()
        store.append(c, "patient.identified", PATIENT)
        store.append(c, "measurement", {"loinc": "8480-6", "value": 128, "unit": "mm[Hg]"})
        store.append(c, "answer", {"step": "consent", "value": True})
    return c


def test_events_come_back_in_order_after_reopening(path: Path) -> None:
    c = _fill(path)
    with EventStore(path, KEY) as store:
        events = store.events(c)
    assert [e.type for e in events] == ["patient.identified", "measurement", "answer"]
    assert events[0].payload == PATIENT
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[1].time.tzinfo is not None


def test_no_patient_identity_in_the_file_bytes(path: Path) -> None:
    _fill(path)
    raw = b"".join(p.read_bytes() for p in path.parent.iterdir() if p.name.startswith(path.name))
    for word in ("DUPONT", "Marcelline", "1931-02-14", "8480-6"):
        assert word.encode() not in raw


def test_wrong_key_cannot_open_the_record(path: Path) -> None:
    _fill(path)
    with pytest.raises(RecordIntegrityError):
        EventStore(path, bytes(32))


def _tamper(path: Path, sql: str, *args: object) -> None:
    db = sqlite3.connect(path)
    db.execute(sql, args)
    db.commit()
    db.close()


@pytest.mark.parametrize(
    ("sql", "args"),
    [
        ("UPDATE events SET type='note' WHERE seq=2", ()),
        ("UPDATE events SET time='2020-01-01T00:00:00+00:00' WHERE seq=1", ()),
        ("UPDATE events SET ciphertext=X'00' || ciphertext WHERE seq=3", ()),
        ("DELETE FROM events WHERE seq=2", ()),
        ("DELETE FROM events WHERE seq=3", ()),  # truncation of the newest event
        ("UPDATE events SET seq=9 WHERE seq=3", ()),
        ("DELETE FROM meta WHERE key='head'", ()),
    ],
)
def test_tampering_or_truncation_is_detected_on_open(path: Path, sql: str, args: tuple) -> None:
    _fill(path)
    _tamper(path, sql, *args)
    with pytest.raises(RecordIntegrityError) as caught:
        EventStore(path, KEY)
    assert "support" in caught.value.message


def test_truncating_and_rewriting_the_head_without_the_key_is_detected(path: Path) -> None:
    _fill(path)
    db = sqlite3.connect(path)
    link = db.execute("SELECT link FROM events WHERE seq=2").fetchone()[0]
    head = db.execute("SELECT value FROM meta WHERE key='head'").fetchone()[0]
    forged = (2).to_bytes(8, "big") + link + head[40:]
    db.execute("DELETE FROM events WHERE seq=3")
    db.execute("UPDATE meta SET value=? WHERE key='head'", (forged,))
    db.commit()
    db.close()
    with pytest.raises(RecordIntegrityError):
        EventStore(path, KEY)


def test_purge_makes_a_consultation_unreadable_and_keeps_the_chain(path: Path) -> None:
    with EventStore(path, KEY) as store:
        old, new = store.new_consultation_id(), store.new_consultation_id()
        store.append(old, "patient.identified", PATIENT)
        store.append(new, "patient.identified", {"family_name": "MARTIN"})
        store.purge(old)
        with pytest.raises(ConsultationPurged):
            store.events(old)
    with EventStore(path, KEY) as store:  # the chain still verifies
        assert store.events(new)[0].payload == {"family_name": "MARTIN"}
        assert store.types(old) == ["patient.identified", "consultation.purged"]  # the mark
        listed = {c: readable for c, _, _, readable in store.consultations()}
        assert listed == {old: False, new: True}


def test_killed_writer_loses_no_acknowledged_event(path: Path, tmp_path: Path) -> None:
    """A real process appending events is killed with SIGKILL at random moments; every event
    it had acknowledged is there, whole, and the chain verifies."""
    rng = random.Random(1234)
    env = dict(os.environ, STATION_TEST_RECORD_KEY=KEY.hex())
    child = Path(__file__).with_name("crash_writer.py")
    consultation = "c" * 32
    acknowledged = 0
    for _ in range(5):
        proc = subprocess.Popen(
            [sys.executable, str(child), str(path), consultation],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        # Killed only once it writes (on a loaded machine its start alone may take a second),
        # then at a random moment of its writing.
        assert proc.stdout is not None
        first = proc.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.8))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=10)
        seqs = [int(line) for line in (first + out).split()]
        if seqs:
            acknowledged = seqs[-1]
        with EventStore(path, KEY) as store:
            events = store.events(consultation)
            assert store.head_seq >= acknowledged
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        assert all(e.payload["components"][0]["unit"] == "mm[Hg]" for e in events)
    assert acknowledged > 0


def test_a_file_that_is_not_a_record_is_refused_clearly(path: Path) -> None:
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(RecordIntegrityError) as caught:
        EventStore(path, KEY)
    assert "support" in caught.value.message


def test_the_record_folder_and_files_are_the_owners_only(tmp_path: Path) -> None:
    folder = tmp_path / "station-data"
    with EventStore(folder / "record.sqlite3", KEY) as store:
        store.append(store.new_consultation_id(), "note", {"text": "x"})
        assert folder.stat().st_mode & 0o777 == 0o700
        for file in folder.iterdir():
            assert file.stat().st_mode & 0o777 == 0o600, file.name


def test_a_consultation_with_nothing_written_has_no_events(path: Path) -> None:
    """Not "erased": a writer killed before its first event left nothing to read."""
    with EventStore(path, KEY) as store:
        assert store.events(store.new_consultation_id()) == []
