"""Device-layer benchmark (not a test: it prints figures, it asserts nothing about time).

    python tests/bench/bench_devices.py [--frames N]

1. Latency from the last byte of a frame written on the pty (by the simulator) to the
   Measurement reaching the caller of ``driver.stream()``, for the CMS50D+ (one frame = one
   measurement) and the Nonin (one packet = one measurement); median and p95.
   Baseline measured in the same run: a bare pyserial ``read()`` loop on the same kind of pty,
   no asyncio, no parsing: what the platform costs before our code.
2. Parser throughput in frames per second for every parser, on pre-built frames.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import threading
import time
from collections.abc import Callable

import serial

from drivers import registry
from drivers.base import DeviceDriver
from drivers.beurer_bm58 import parse_record
from drivers.ble_gatt import parse_blood_pressure, parse_plx_continuous
from drivers.contec_cms50d import CMS50Frame, CMS50Parser
from drivers.ieee11073 import parse_bp_event_report
from drivers.marsden_m430 import M430Reading, encode_block, parse_block
from drivers.nonin_format7 import NoninParser
from drivers.sim import simulator_class
from drivers.sim.nonin_format7 import NoninFormat7Simulator
from drivers.welch_allyn_suretemp import (
    CMD_TEMPERATURE,
    TYPE_GOOD,
    TemperatureRecord,
    decode_packet,
    encode_packet,
    parse_temperature_record,
)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(label: str, latencies_ms: list[float]) -> None:
    print(
        f"  {label:<44} n={len(latencies_ms):>4}  median {statistics.median(latencies_ms):6.3f} ms"
        f"  p95 {percentile(latencies_ms, 95):6.3f} ms"
    )


async def driver_latency(name: str, count: int) -> list[float]:
    sim = simulator_class(name)(seed=1)
    port = sim.start()
    driver = registry.get(name)(port)
    assert isinstance(driver, DeviceDriver)
    latencies = []
    try:
        async for _ in driver.stream():
            arrived = time.perf_counter()
            latencies.append((arrived - sim.last_write_end) * 1000)
            if len(latencies) >= count:
                break
    finally:
        await driver.close()
        sim.stop()
    return latencies[5:]  # the first frames include opening and resynchronising


def raw_pyserial_latency(count: int) -> list[float]:
    """Baseline: the same simulator, read by a bare blocking pyserial loop, no parsing."""
    sim = simulator_class("contec-cms50d")(seed=1)
    port = sim.start()
    latencies = []
    link = serial.serial_for_url(port, baudrate=19200, parity="O", timeout=1)
    try:
        link.reset_input_buffer()
        while len(latencies) < count + 5:
            if link.read(5):
                latencies.append((time.perf_counter() - sim.last_write_end) * 1000)
    finally:
        link.close()
        sim.stop()
    return latencies[5:]


def throughput(label: str, parse: Callable[[bytes], object], frame: bytes, frames: int) -> None:
    started = time.perf_counter()
    for _ in range(frames):
        parse(frame)
    elapsed = time.perf_counter() - started
    print(f"  {label:<44} {frames / elapsed:>12,.0f} frames/s")


def stream_throughput(
    label: str,
    parser_factory: Callable[[], object],
    chunk: bytes,
    frames_per_chunk: int,
    chunks: int,
) -> None:
    parser = parser_factory()
    started = time.perf_counter()
    for _ in range(chunks):
        parser.feed(chunk)  # type: ignore[attr-defined]
    elapsed = time.perf_counter() - started
    print(f"  {label:<44} {frames_per_chunk * chunks / elapsed:>12,.0f} frames/s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--frames", type=int, default=300, help="frames per latency run")
    args = ap.parse_args()

    print("Latency: last byte written on the pty -> Measurement at the caller")
    report("baseline: bare pyserial read(5), no asyncio", raw_pyserial_latency(args.frames))
    report(
        "contec-cms50d stream (5-byte frame)",
        asyncio.run(driver_latency("contec-cms50d", args.frames)),
    )
    report(
        "nonin-format7 stream (125-byte packet)",
        asyncio.run(driver_latency("nonin-format7", args.frames // 10)),
    )

    print("Parser throughput")
    cms = b"".join(
        CMS50Frame(6, False, False, False, p % 128, 5, False, False, 72, 97).encode()
        for p in range(1000)
    )
    stream_throughput("contec-cms50d frames", CMS50Parser, cms, 1000, 100)
    sim = NoninFormat7Simulator(seed=1)
    sim.spo2, sim.pulse = 97, 72
    nonin = b"".join(sim.packet(alarm=False) for _ in range(40))
    stream_throughput("nonin-format7 frames (25 per packet)", NoninParser, nonin, 1000, 100)
    throughput("beurer-bm58 records", parse_record, bytes.fromhex("AC5F37480511081E10"), 100_000)
    record = TemperatureRecord(310.0, 309.0, 10, 0, 0, 6, 0, False, 0).encode()
    packet = encode_packet(CMD_TEMPERATURE, TYPE_GOOD, record)
    throughput(
        "welch-allyn-suretemp packets",
        lambda b: parse_temperature_record(decode_packet(b).data),
        packet,
        100_000,
    )
    block = encode_block(M430Reading(73, 0.5, 72.5, "kg", 170, "cm", 25.1, None))
    throughput("marsden-m430 blocks", parse_block, block, 20_000)
    throughput(
        "BLE 0x2A35 blood pressure",
        parse_blood_pressure,
        bytes.fromhex("0078005000 5D00".replace(" ", "")),
        50_000,
    )
    throughput(
        "BLE 0x2A5F PLX continuous", parse_plx_continuous, bytes.fromhex("00E8F384F3"), 50_000
    )
    apdu = bytes.fromhex(
        "E700003E003C0054010100360000004900500D1D002CF000000000020024"
        "00010012000300060078005000642007120612100000"
        "0002000AF2582007120612100000"
    )
    throughput("IEEE 11073-10407 event reports", parse_bp_event_report, apdu, 20_000)
    print(f"(Python threads alive at the end: {threading.active_count()})")


if __name__ == "__main__":
    main()
