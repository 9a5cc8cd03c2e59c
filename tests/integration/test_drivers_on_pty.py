"""Each serial driver against its simulator over a real pseudo-terminal.

For every fault the simulator can show: the driver raises the typed error a caller can act on
(or, for a stream, drops the damaged frames and still measures), nothing hangs, and the next
measurement works.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator

import pytest

from drivers import registry
from drivers.base import DeviceDriver, Flag, Measurement
from drivers.errors import (
    DeviceDisconnected,
    DeviceError,
    DeviceTimeout,
    MeasurementError,
    ProtocolError,
)
from drivers.sim import SIMULATORS, Fault, PtySimulator, simulator_class
from drivers.sim.profiles import PROFILES

pytestmark = pytest.mark.skipif(
    not hasattr(__import__("os"), "openpty"), reason="simulators need POSIX pseudo-terminals"
)

# What a caller meets, per driver and fault. None: the stream recovers and the reading succeeds.
EXPECTED: dict[str, dict[Fault, type[DeviceError] | None]] = {
    "beurer-bm58": {
        Fault.GARBAGE: ProtocolError,
        Fault.TRUNCATED: ProtocolError,
        Fault.DEVICE_ERROR: MeasurementError,
        Fault.SILENCE: DeviceTimeout,
        Fault.UNPLUG: DeviceDisconnected,
        Fault.WRONG_BAUD: DeviceTimeout,  # the device cannot read the host's commands
    },
    "welch-allyn-suretemp": {
        Fault.GARBAGE: ProtocolError,
        Fault.TRUNCATED: ProtocolError,
        Fault.BAD_CHECKSUM: ProtocolError,
        Fault.DEVICE_ERROR: MeasurementError,
        Fault.SILENCE: DeviceTimeout,
        Fault.UNPLUG: DeviceDisconnected,
        Fault.WRONG_BAUD: DeviceTimeout,
    },
    "contec-cms50d": {
        Fault.GARBAGE: ProtocolError,
        Fault.TRUNCATED: None,
        Fault.DEVICE_ERROR: MeasurementError,
        Fault.SILENCE: DeviceTimeout,
        Fault.UNPLUG: DeviceDisconnected,
        Fault.WRONG_BAUD: ProtocolError,
    },
    "contec-cms50e": {
        Fault.GARBAGE: ProtocolError,
        Fault.TRUNCATED: None,
        Fault.SILENCE: DeviceTimeout,
        Fault.UNPLUG: DeviceDisconnected,
        Fault.WRONG_BAUD: DeviceTimeout,  # the device cannot read the start command
    },
    "nonin-format7": {
        Fault.GARBAGE: ProtocolError,
        Fault.TRUNCATED: None,
        Fault.BAD_CHECKSUM: ProtocolError,
        Fault.DEVICE_ERROR: MeasurementError,
        Fault.SILENCE: DeviceTimeout,
        Fault.UNPLUG: DeviceDisconnected,
        Fault.WRONG_BAUD: DeviceTimeout,
    },
    "marsden-m430": {
        Fault.GARBAGE: ProtocolError,
        Fault.TRUNCATED: ProtocolError,
        Fault.SILENCE: DeviceTimeout,
        Fault.UNPLUG: DeviceDisconnected,
        Fault.WRONG_BAUD: ProtocolError,
    },
}

# Generous limits: a failure must come well before these, never a hang.
FAULT_TIMEOUT = 3.5
MEASURE_TIMEOUT = 10.0


# Not a transport fault: the bytes are right, the reading is old. The consultation refuses it
# (tests/consultation/test_stale_reading.py).
NOT_TRANSPORT = {Fault.STALE_MEMORY}


def _cases() -> Iterator[tuple[str, Fault]]:
    for driver in sorted(SIMULATORS):
        for fault in sorted(simulator_class(driver).faults - NOT_TRANSPORT):
            yield driver, fault


def test_every_simulated_fault_has_an_expectation() -> None:
    assert {(d, f) for d, f in _cases()} == {
        (d, f) for d, faults in EXPECTED.items() for f in faults
    }


async def _wait_fault_over(sim: PtySimulator) -> None:
    deadline = time.monotonic() + 10
    while sim.fault_left and not sim.unplugged.is_set() and time.monotonic() < deadline:
        await asyncio.sleep(0.05)


def _expected_values(driver: DeviceDriver, sim: PtySimulator) -> dict[str, float]:
    if driver.name == "beurer-bm58":
        r = sim.latest  # type: ignore[attr-defined]
        return {"systolic": r.systolic, "diastolic": r.diastolic, "pulse": r.pulse}
    if driver.name == "welch-allyn-suretemp":
        return {"temperature": sim.temperature}  # type: ignore[attr-defined]
    if driver.name in ("contec-cms50d", "contec-cms50e", "nonin-format7"):
        return {"spo2": sim.spo2, "pulse": sim.pulse}  # type: ignore[attr-defined]
    return {"weight": sim.weight, "height": sim.height}  # type: ignore[attr-defined]


def _assert_reading(m: Measurement, driver: DeviceDriver, sim: PtySimulator) -> None:
    for name, value in _expected_values(driver, sim).items():
        assert m.value(name) == pytest.approx(value, abs=0.05), name
    assert Flag.IMPLAUSIBLE not in m.flags
    assert m.device.driver == driver.name


@pytest.fixture
async def simulated() -> AsyncIterator[list[tuple[PtySimulator, DeviceDriver]]]:
    made: list[tuple[PtySimulator, DeviceDriver]] = []
    yield made
    for sim, driver in made:
        await driver.close()
        sim.stop()


def _start(
    made: list[tuple[PtySimulator, DeviceDriver]], name: str, **kwargs: object
) -> tuple[PtySimulator, DeviceDriver]:
    sim = simulator_class(name)(seed=7, **kwargs)  # type: ignore[arg-type]
    port = sim.start()
    driver = registry.get(name)(port)
    assert isinstance(driver, DeviceDriver)
    made.append((sim, driver))
    return sim, driver


@pytest.mark.parametrize("name", sorted(SIMULATORS))
@pytest.mark.parametrize("profile", ["normotensive", "fever", "hypoxic"])
async def test_driver_reads_what_the_simulated_patient_shows(
    simulated: list, name: str, profile: str
) -> None:
    sim, driver = _start(simulated, name, profile=profile)
    m = await driver.measure(timeout=MEASURE_TIMEOUT)
    _assert_reading(m, driver, sim)
    assert m.time.tzinfo is not None


@pytest.mark.parametrize("name", sorted(SIMULATORS))
async def test_impossible_values_are_flagged_not_passed_on(simulated: list, name: str) -> None:
    _sim, driver = _start(simulated, name, profile="implausible")
    m = await driver.measure(timeout=MEASURE_TIMEOUT)
    assert Flag.IMPLAUSIBLE in m.flags


@pytest.mark.parametrize(("name", "fault"), list(_cases()))
async def test_fault_gives_a_typed_error_then_the_next_measurement_works(
    simulated: list, name: str, fault: Fault
) -> None:
    sim, driver = _start(simulated, name, fault=fault)
    expected = EXPECTED[name][fault]
    started = time.monotonic()
    if expected is None:
        m = await driver.measure(timeout=MEASURE_TIMEOUT)
        _assert_reading(m, driver, sim)
        assert driver.stats.dropped_bytes > 0  # type: ignore[attr-defined]
    else:
        with pytest.raises(expected) as caught:
            await driver.measure(timeout=FAULT_TIMEOUT)
        assert caught.value.message  # plain words for the assistant
        assert time.monotonic() - started < FAULT_TIMEOUT + 1.0  # nothing hangs
    await _wait_fault_over(sim)
    if sim.unplugged.is_set():
        assert not driver.is_open
        port = sim.replug()  # the cable goes back in; the app opens the device again
        driver = registry.get(name)(port)  # type: ignore[assignment]
        simulated.append((sim, driver))
    m = await driver.measure(timeout=MEASURE_TIMEOUT)
    _assert_reading(m, driver, sim)


async def test_thermometer_device_error_keeps_the_device_code(simulated: list) -> None:
    _, driver = _start(simulated, "welch-allyn-suretemp", fault=Fault.DEVICE_ERROR)
    with pytest.raises(MeasurementError) as caught:
        await driver.measure(timeout=FAULT_TIMEOUT)
    assert caught.value.device_code == 7
    assert "code 7" in caught.value.message


async def test_oximeter_without_a_finger_says_so(simulated: list) -> None:
    sim, driver = _start(simulated, "contec-cms50d")
    sim.finger_in_after = 60.0  # type: ignore[attr-defined]
    with pytest.raises(MeasurementError) as caught:
        await driver.measure(timeout=MEASURE_TIMEOUT)
    assert caught.value.device_code == "finger-out"
    assert "doigt" in caught.value.message


@pytest.mark.parametrize("name", ["contec-cms50d", "nonin-format7"])
async def test_oximeter_stream_carries_values_and_pleth_wave(simulated: list, name: str) -> None:
    sim, driver = _start(simulated, name)
    samples: list[Measurement] = []
    async for m in driver.stream():
        samples.append(m)
        if len([s for s in samples if s.components]) >= 10:
            break
    valid = [s for s in samples if s.components]
    assert valid[-1].value("spo2") == sim.spo2  # type: ignore[attr-defined]
    wave = [p for s in samples for p in s.waveform]
    assert len(set(wave)) > 3  # the pleth moves


async def test_bm58_takes_the_newest_record_whatever_the_memory_order(simulated: list) -> None:
    # Nobody measures meanwhile: the memory stays in the simulator's shuffled order.
    sim, driver = _start(simulated, "beurer-bm58", profile="hypertensive", fault="stale-memory")
    m = await driver.measure(timeout=MEASURE_TIMEOUT)
    newest = max(sim.records, key=lambda r: r.time)  # type: ignore[attr-defined]
    assert newest not in (sim.records[0], sim.records[-1])  # type: ignore[attr-defined]
    assert m.device_time == newest.time
    assert m.value("systolic") >= PROFILES["hypertensive"].systolic - 3


async def test_unknown_port_is_device_not_found() -> None:
    from drivers.errors import DeviceNotFound

    driver = registry.get("beurer-bm58")("/dev/station-no-such-port")
    with pytest.raises(DeviceNotFound):
        await driver.measure(timeout=2)  # type: ignore[attr-defined]


async def test_port_unplugged_between_readings_is_a_disconnection() -> None:
    """The cable pulled while the port is open and idle: the next command fails in words
    (on POSIX the flush after the write raises termios.error, which is no OSError)."""
    from drivers.beurer_bm58 import BeurerBM58
    from drivers.errors import DeviceDisconnected, DeviceNotFound
    from drivers.sim import simulator_class

    sim = simulator_class("beurer-bm58")()
    driver = BeurerBM58(sim.start())
    try:
        await driver.open()
        sim.unplug()
        with pytest.raises(DeviceDisconnected):
            await driver.measure(timeout=5)
        with pytest.raises(DeviceNotFound):  # it stays gone: reopening says so
            await driver.measure(timeout=5)
    finally:
        await driver.close()
        sim.stop()
