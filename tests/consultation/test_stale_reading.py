"""A blood-pressure monitor's memory read at the station: the previous patient's reading is
never taken as this patient's. The simulator's memory is left as it was (nobody measured)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path

from drivers import registry
from drivers.base import DeviceDriver, DeviceKind
from drivers.beurer_bm58 import BM58Record
from drivers.sim import simulator_class
from station.checklists import shipped
from station.consultation import Consultation
from station.consultation.session import STALE_READING, ConsultationSession
from station.devices.manager import DeviceManager, DeviceState
from station.records import EventStore

KEY = bytes(range(32))


@asynccontextmanager
async def _monitor(
    records: list[BM58Record] | None = None, **options: object
) -> AsyncIterator[DeviceManager]:
    """A simulated BM58 read through its real driver on a pty (memory set if ``records``)."""
    sim = simulator_class("beurer-bm58")(profile="normotensive", seed=7, **options)
    if records is not None:
        sim.records = records
    driver = registry.get("beurer-bm58")(sim.start())
    assert isinstance(driver, DeviceDriver)
    devices = DeviceManager({DeviceKind.BLOOD_PRESSURE: driver})
    try:
        yield devices
    finally:
        await devices.close()
        sim.stop()


def _session(store: EventStore, devices: DeviceManager) -> ConsultationSession:
    consultation = Consultation.start(
        store, shipped()["standard"], station={"name": "T"}, assistant={"name": "A"}
    )
    return ConsultationSession(consultation, devices)


async def test_the_same_memory_record_is_not_the_next_patients(tmp_path: Path) -> None:
    async with _monitor(fault="stale-memory") as devices:
        with EventStore(tmp_path / "r.sqlite3", KEY) as store:
            first = _session(store, devices)
            assert await first.take_measurement(DeviceKind.BLOOD_PRESSURE) is not None
            second = _session(store, devices)  # the next patient; nobody pressed "start"
            assert await second.take_measurement(DeviceKind.BLOOD_PRESSURE) is None
            slot = devices.slots[DeviceKind.BLOOD_PRESSURE]
            assert slot.state is DeviceState.ERROR and slot.message == STALE_READING
            assert second.consultation.measurements == []
            assert len(first.consultation.measurements) == 1


async def test_a_reading_stamped_before_the_consultation_is_refused(tmp_path: Path) -> None:
    yesterday = datetime.now().replace(second=0, microsecond=0) - timedelta(days=1)
    async with _monitor([BM58Record(131, 84, 70, yesterday)], fault="stale-memory") as devices:
        with EventStore(tmp_path / "r.sqlite3", KEY) as store:
            session = _session(store, devices)
            assert await session.take_measurement(DeviceKind.BLOOD_PRESSURE) is None
            assert session.last_error == STALE_READING
            assert not any(e.type == "measurement" for e in store.events(session.consultation.id))


async def test_a_fresh_reading_each_time_someone_measures(tmp_path: Path) -> None:
    async with _monitor() as devices:
        with EventStore(tmp_path / "r.sqlite3", KEY) as store:
            for _ in range(2):
                session = _session(store, devices)
                assert await session.take_measurement(DeviceKind.BLOOD_PRESSURE) is not None
