"""A damaged record: every corruption is a typed error in words, and the station keeps working
on a fresh record while the damaged one is set aside for the support."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from station.records import EventStore
from station.records.opening import open_or_set_aside
from station.records.store import RecordError

from .sample import write_consultation

KEY = bytes(range(32))


def _read_everything(store: EventStore) -> None:
    for consultation, *_ in store.consultations():
        store.types(consultation)
        try:
            store.events(consultation)
        except RecordError:
            raise


@pytest.mark.parametrize("seed", range(30))
def test_a_flipped_byte_is_a_typed_error_or_harmless(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "record.sqlite3"
    with EventStore(path, KEY) as store:
        for _ in range(2):
            write_consultation(store)
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    for _ in range(3):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))
    try:
        with EventStore(path, KEY) as store:
            _read_everything(store)
    except RecordError as err:
        assert err.message  # in words, for the assistant
    # Anything else (UnicodeDecodeError, a bare sqlite3 error, ValueError) fails the test.


def test_a_damaged_record_is_set_aside_and_a_fresh_one_opens(tmp_path: Path) -> None:
    path = tmp_path / "record.sqlite3"
    with EventStore(path, KEY) as store:
        write_consultation(store)
    path.write_bytes(path.read_bytes()[:-4096])  # cut short
    store, note = open_or_set_aside(path, KEY)
    with store:
        assert store.consultations() == []  # a fresh record: the station works
        store.append(store.new_consultation_id(), "note", {"text": "après"})
    kept = sorted(p.name for p in tmp_path.iterdir() if "endommag" in p.name)
    assert kept and kept[0].startswith("record.sqlite3.endommage-")
    assert "mis de côté" in note and "nouveau dossier" in note
    # The next start opens the fresh record quietly.
    again, quiet = open_or_set_aside(path, KEY)
    with again:
        assert len(again.consultations()) == 1 and quiet == ""


def test_a_deleted_data_key_is_damage_not_a_retention_purge(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "record.sqlite3"
    with EventStore(path, KEY) as store:
        kept, erased, lost = (write_consultation(store) for _ in range(3))
        store.purge(erased)  # retention: a mark, then the key forgotten
    db = sqlite3.connect(path)
    db.execute("DELETE FROM data_keys WHERE consultation=?", (lost,))  # behind Station's back
    db.commit()
    db.close()
    with EventStore(path, KEY) as store:
        assert store.events(kept)
        with pytest.raises(RecordError) as purged:
            store.events(erased)
        assert "durée de conservation" in purged.value.message
        with pytest.raises(RecordError) as damaged:
            store.events(lost)
        assert "disparu" in damaged.value.message and "support" in damaged.value.message
