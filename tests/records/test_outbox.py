"""The outbox against a real FHIR-speaking HTTP server on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from station.records import EventStore
from station.records.fhir_export import build_bundle
from station.records.outbox import Endpoint, Outbox, TransmissionConfigError
from station.records.report_data import gather
from station.records.report_pdf import render_pdf

from .fhir_server import TOKEN, FhirServer
from .sample import write_consultation

KEY = bytes(range(32))


@pytest.fixture
async def server() -> AsyncIterator[FhirServer]:
    srv = FhirServer()
    await srv.start()
    yield srv
    await srv.stop()


def _queue(store: EventStore, outbox: Outbox) -> str:
    c = write_consultation(store)
    data = gather(c, store.events(c))
    outbox.enqueue(c, build_bundle(data, render_pdf(data)))
    return c


async def test_report_is_delivered_once(tmp_path: Path, server: FhirServer) -> None:
    with EventStore(tmp_path / "r.sqlite3", KEY) as store:
        outbox = Outbox(store, Endpoint(server.url, TOKEN))
        c = _queue(store, outbox)
        assert [i.state for i in outbox.items()] == ["pending"]
        (item,) = await outbox.send_due()
        assert item.state == "sent" and "envoyé" in item.detail
        assert server.received[0]["identifier"]["value"] == f"urn:uuid:{c}"
        assert await outbox.send_due() == []  # nothing sent twice
        assert server.requests == 1
        assert "report.sent" in store.types(c)


async def test_refusal_is_kept_shown_and_not_retried(tmp_path: Path, server: FhirServer) -> None:
    with EventStore(tmp_path / "r.sqlite3", KEY) as store:
        outbox = Outbox(store, Endpoint(server.url, "wrong-token"), base_delay=0.01)
        _queue(store, outbox)
        (item,) = await outbox.send_due()
        assert item.state == "refused" and "401" in item.detail
        await asyncio.sleep(0.05)
        assert await outbox.send_due() == []
        assert server.requests == 1 and not server.received


async def test_outage_is_retried_with_backoff_until_delivered(
    tmp_path: Path, server: FhirServer
) -> None:
    server.fail_next = [503, 502]
    with EventStore(tmp_path / "r.sqlite3", KEY) as store:
        outbox = Outbox(store, Endpoint(server.url, TOKEN), base_delay=0.05)
        _queue(store, outbox)
        (item,) = await outbox.send_due()
        assert item.state == "failed" and "503" in item.detail and item.next_attempt
        assert await outbox.send_due() == []  # not yet due: backoff holds
        states = []
        for _ in range(40):
            await asyncio.sleep(0.05)
            states += [i.state for i in await outbox.send_due()]
            if "sent" in states:
                break
        assert states[-1] == "sent" and server.requests == 3
        assert outbox.items()[0].attempts == 3


async def test_timeout_is_a_temporary_failure(tmp_path: Path, server: FhirServer) -> None:
    server.delay = 2.0
    with EventStore(tmp_path / "r.sqlite3", KEY) as store:
        outbox = Outbox(store, Endpoint(server.url, TOKEN, timeout=0.3))
        _queue(store, outbox)
        (item,) = await outbox.send_due()
        assert item.state == "failed" and "délai dépassé" in item.detail


async def test_server_down_is_a_temporary_failure(tmp_path: Path) -> None:
    with EventStore(tmp_path / "r.sqlite3", KEY) as store:
        outbox = Outbox(store, Endpoint("http://127.0.0.1:9/fhir", TOKEN))
        _queue(store, outbox)
        (item,) = await outbox.send_due()
        assert item.state == "failed" and "injoignable" in item.detail


async def test_pending_reports_survive_a_restart(tmp_path: Path, server: FhirServer) -> None:
    path = tmp_path / "r.sqlite3"
    with EventStore(path, KEY) as store:
        _queue(store, Outbox(store, Endpoint(server.url, TOKEN)))
    with EventStore(path, KEY) as store:
        outbox = Outbox(store, Endpoint(server.url, TOKEN))
        assert [i.state for i in outbox.items()] == ["pending"]
        assert [i.state for i in await outbox.send_due()] == ["sent"]


@pytest.mark.parametrize("url", ["http://fhir.example.org/fhir", "ftp://127.0.0.1/x"])
def test_reports_never_leave_unencrypted(url: str) -> None:
    with pytest.raises(TransmissionConfigError) as caught:
        Endpoint(url)
    assert "https://" in caught.value.message


async def test_export_queue_then_records_send_and_list(
    tmp_path: Path,
    server: FhirServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from station.cli import main
    from station.credentials import record_master_key, set_secret

    monkeypatch.setenv("STATION_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("STATION_FHIR_BASE_URL", server.url)
    set_secret("fhir-token", TOKEN)
    with EventStore(tmp_path / "record.sqlite3", record_master_key()) as store:
        c = write_consultation(store)
    # the CLI runs its own event loop: run it in a thread while the server serves this one
    assert await asyncio.to_thread(main, ["export", c, "--queue"]) == 0
    assert await asyncio.to_thread(main, ["records", "list"]) == 0
    assert "rapport en attente d’envoi" in capsys.readouterr().out
    assert await asyncio.to_thread(main, ["records", "send"]) == 0
    assert "envoyé" in capsys.readouterr().out
    assert len(server.received) == 1
    assert await asyncio.to_thread(main, ["records", "list"]) == 0
    assert "rapport transmis" in capsys.readouterr().out


async def test_the_app_sends_reports_in_the_background(tmp_path: Path, server: FhirServer) -> None:
    """The station sends what is queued while it runs: a refused first try (503) is retried."""
    from station.devices.manager import DeviceManager
    from station.workstation import Workstation

    with EventStore(tmp_path / "r.sqlite3", KEY) as store:
        workstation = Workstation(store, DeviceManager({}))
        server.fail_next = [503]
        endpoint = Endpoint(server.url, TOKEN)
        c = _queue(store, Outbox(store, endpoint))
        workstation.start_sending(endpoint, poll=0.05)
        assert workstation.outbox is not None
        workstation.outbox.base_delay = 0.01  # retry at once in the test
        try:
            for _ in range(200):
                states = [item.state for item, _ in workstation.transmissions()]
                if states == ["sent"]:
                    break
                await asyncio.sleep(0.05)
        finally:
            await workstation.stop_sending()
        assert states == ["sent"]
        assert server.requests == 2 and len(server.received) == 1
        assert "report.failed" in store.types(c)
