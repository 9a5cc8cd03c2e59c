from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from station.cli import main
from station.credentials import record_master_key
from station.records import ConsultationPurged, EventStore
from station.records.retention import purge_transmitted

KEY = bytes(range(32))


def _consultation(store: EventStore, *, closed: bool, sent: bool) -> str:
    c = store.new_consultation_id()
    store.append(c, "consultation.started", {})
    store.append(c, "patient.identified", {"family_name": "MARTIN"})
    if closed:
        store.append(c, "consultation.closed", {})
    if sent:
        store.append(c, "report.sent", {"status": 201})
    return c


def test_only_closed_and_transmitted_consultations_are_erased(tmp_path: Path) -> None:
    with EventStore(tmp_path / "r.sqlite3", KEY) as store:
        done = _consultation(store, closed=True, sent=True)
        unsent = _consultation(store, closed=True, sent=False)
        still_open = _consultation(store, closed=False, sent=False)
        later = datetime.now(UTC) + timedelta(days=31)
        assert purge_transmitted(store, 90, now=later) == []  # too recent
        assert purge_transmitted(store, 30, now=later) == [done]
        with pytest.raises(ConsultationPurged):
            store.events(done)
        assert store.events(unsent) and store.events(still_open)
    with EventStore(tmp_path / "r.sqlite3", KEY):
        pass  # the chain still verifies after erasure


def test_purge_command_uses_the_configured_retention(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STATION_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("STATION_CONFIG", str(tmp_path / "station.toml"))
    (tmp_path / "station.toml").write_text("schema = 1\n[retention]\ndays = 0\n", encoding="utf-8")
    with EventStore(tmp_path / "record.sqlite3", record_master_key()) as store:
        _consultation(store, closed=True, sent=True)
    assert main(["records", "purge"]) == 0
    assert "1 consultation(s)" in capsys.readouterr().out
    assert main(["records", "list"]) == 0
    assert "effacées" in capsys.readouterr().out
