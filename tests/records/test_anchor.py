"""The record's head kept outside the file: a record that went back in time (a deleted -wal
after a crash, an older copy put back) no longer opens as whole."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import keyring
import pytest

from station.records import EventStore
from station.records.anchor import KeyringAnchor
from station.records.opening import open_or_set_aside
from station.records.store import RecordIntegrityError

KEY = bytes(range(32))
ROOT = Path(__file__).resolve().parents[2]


class FileAnchor:
    """The keyring's part, in a file both processes of a test can read."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> tuple[int, bytes] | None:
        if not self.path.exists():
            return None
        seq, mac = json.loads(self.path.read_text())
        return seq, bytes.fromhex(mac)

    def save(self, seq: int, mac: bytes) -> None:
        self.path.write_text(json.dumps([seq, mac.hex()]))

    def forget(self) -> None:
        self.path.unlink(missing_ok=True)


def test_an_older_copy_of_the_record_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "record.sqlite3"
    anchor = KeyringAnchor(path)
    with EventStore(path, KEY, anchor) as store:
        c = store.new_consultation_id()
        for n in range(10):
            store.append(c, "note", {"n": n})
    shutil.copy(path, tmp_path / "copy.sqlite3")
    with EventStore(path, KEY, anchor) as store:
        for n in range(10, 20):
            store.append(c, "note", {"n": n})
    shutil.copy(tmp_path / "copy.sqlite3", path)  # ten events older, a whole chain
    with pytest.raises(RecordIntegrityError) as refused:
        EventStore(path, KEY, anchor)
    assert "10 événement(s) manquent" in refused.value.message
    assert keyring.get_password("station", anchor.name)  # kept in the (test's) keyring


CHILD = """
import sys
sys.path.insert(0, sys.argv[3])
from pathlib import Path
from tests.records.test_anchor import FileAnchor, KEY
from station.records import EventStore
store = EventStore(Path(sys.argv[1]), KEY, FileAnchor(Path(sys.argv[2])))
c = "c" * 32
for i in range(100000):
    store.append(c, "note", {"i": i})
    print(i, flush=True)
"""


def test_a_deleted_wal_after_a_crash_is_detected_and_set_aside(tmp_path: Path) -> None:
    path, anchor_file = tmp_path / "record.sqlite3", tmp_path / "head.json"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(anchor_file), str(ROOT)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    for _ in range(60):  # sixty acknowledged events, all still in the -wal file
        child.stdout.readline()
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=10)
    wal = path.with_name(path.name + "-wal")
    assert wal.exists()
    wal.unlink()  # what a cleaning tool or a careless restore does
    anchor = FileAnchor(anchor_file)
    with pytest.raises(RecordIntegrityError) as refused:
        EventStore(path, KEY, anchor)
    assert "plus ancien que sa dernière écriture" in refused.value.message
    # The station still works: the damaged record is set aside, a fresh one opens.
    store, note = open_or_set_aside(path, KEY, anchor)
    with store:
        assert store.consultations() == []
        store.append("d" * 32, "note", {"i": 0})
    assert "mis de côté" in note
    with EventStore(path, KEY, anchor) as again:  # and it opens again next time
        assert len(again.consultations()) == 1
