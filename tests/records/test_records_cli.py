from pathlib import Path

import pytest

from station.cli import main
from station.credentials import record_master_key
from station.records import EventStore
from station.records import events as ev


def test_records_list_shows_state_and_transmission(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STATION_DATA_DIR", str(tmp_path))
    with EventStore(tmp_path / "record.sqlite3", record_master_key()) as store:
        open_one, closed_one, purged = (store.new_consultation_id() for _ in range(3))
        reading = {"kind": "thermometer", "components": [{"loinc": "8310-5", "value": 38.2}]}
        for consultation, event in (
            (open_one, ev.ConsultationStarted("standard")),
            (open_one, ev.MeasurementTaken(reading, "temperature")),
            (closed_one, ev.ConsultationStarted("standard")),
            (closed_one, ev.ConsultationClosed()),
            (closed_one, ev.ReportSent(201)),
            (purged, ev.ConsultationStarted("standard")),
            (purged, ev.ConsultationClosed()),
        ):
            ev.record(store, consultation, event)
        store.purge(purged)
    assert main(["records", "list"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "en cours" in lines[open_one] and "1 mesure(s)" in lines[open_one]
    assert "clôturée" in lines[closed_one] and "rapport transmis" in lines[closed_one]
    assert "effacées" in lines[purged] and "clôturée" in lines[purged]


def test_records_list_without_keyring_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setenv("STATION_DATA_DIR", str(tmp_path))
    with EventStore(tmp_path / "record.sqlite3", record_master_key()) as store:
        store.append(store.new_consultation_id(), "consultation.started", {})
    keyring.set_keyring(fail.Keyring())
    assert main(["records", "list"]) != 0
    err = capsys.readouterr().err
    assert err.startswith("Erreur : ") and "trousseau" in err and "Traceback" not in err


def test_records_list_on_a_tampered_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    monkeypatch.setenv("STATION_DATA_DIR", str(tmp_path))
    path = tmp_path / "record.sqlite3"
    with EventStore(path, record_master_key()) as store:
        store.append(store.new_consultation_id(), "consultation.started", {})
    db = sqlite3.connect(path)
    db.execute("UPDATE events SET type='x'")
    db.commit()
    db.close()
    assert main(["records", "list"]) != 0
    assert "support technique" in capsys.readouterr().err
