"""The stethoscope's line against the voice's: frequency response (prints figures, asserts
nothing).

    python tests/bench/bench_stethoscope.py [--seconds 28] [--loss-seconds 10]

1. The codec alone: stepped tones from 20 Hz to 2 kHz, each encoded and decoded as the call
   does (20 ms Opus frames; aiortc's decoder), once through the stethoscope's encoder (libopus
   "audio" mode, mono, 96 kbit/s) and once through aiortc's stock encoder (the voice's: VOIP
   mode, 96 kbit/s).
2. The whole path (Linux): the simulator's test signal (a logarithmic sweep, then stepped
   tones, 20 Hz–2 kHz) played into its ALSA device, read by the real driver through PortAudio,
   sent by the station's ``StethoscopeTrack`` to a receiving aiortc peer in this process, and
   decoded there; once on the stethoscope's line, once on the voice's (aiortc's encoder), in
   the same run.

Levels relative to 200 Hz. Goal of the stethoscope issue: within 3 dB from 30 Hz to 1 kHz on
the stethoscope's line.

3. End-to-end latency (median, p95) and the line at 0, 2, 5 and 10 % packet loss, from
   ``tests/bench/bench_stethoscope_call.py`` (clicks through the line; the receiver drops
   packets as a lossy relay would); the same in Chromium: ``bench_stethoscope_chromium.py``.
"""

from __future__ import annotations

import argparse
import array
import asyncio
import math
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from aiortc.codecs.opus import OpusEncoder

from drivers.sim.stethoscope import (
    GAP_SECONDS,
    RATE,
    SWEEP_HZ,
    SWEEP_SECONDS,
    TEST_AMPLITUDE,
    TONES_HZ,
    StethoscopeSimulator,
)
from station.call.stethoscope_line import AuscultationEncoder
from tests.bench.bench_stethoscope_call import latency_and_loss, run_line, timeline
from tests.call.test_stethoscope_line import _level_db

WINDOW = RATE // 4  # tones: 0.25 s windows, four to a tone (at least three wholly inside)
BANDS = (
    20,
    25,
    31.5,
    40,
    50,
    63,
    80,
    100,
    125,
    160,
    200,
    250,
    315,
    400,
    500,
    630,
    800,
    1000,
    1250,
    1600,
    2000,
)  # third octaves, for the sweep
SILENT = 0.01 * TEST_AMPLITUDE * 32767  # below this (-40 dB under the signal): a gap


def codec_only() -> tuple[dict[int, float], dict[int, float]]:
    line_ref = _level_db(AuscultationEncoder, 200)
    voice_ref = _level_db(OpusEncoder, 200)
    line = {hz: _level_db(AuscultationEncoder, hz) - line_ref for hz in TONES_HZ}
    voice = {hz: _level_db(OpusEncoder, hz) - voice_ref for hz in TONES_HZ}
    return line, voice


def tone_levels(sound: array.array[int]) -> dict[int, float]:
    """Each tone's level (dB against the test signal's amplitude): the loudest of the Hann
    windowed 0.25 s stretches at its frequency (whichever stretch holds the tone: the loop's
    phase at the start does not matter)."""
    hann = [0.5 - 0.5 * math.cos(2 * math.pi * i / (WINDOW - 1)) for i in range(WINDOW)]
    norm = sum(hann) / 2
    best = dict.fromkeys(TONES_HZ, 0.0)
    coeffs = {hz: 2 * math.cos(2 * math.pi * hz / RATE) for hz in TONES_HZ}
    for start in range(0, len(sound) - WINDOW, WINDOW):
        windowed = [x * w for x, w in zip(sound[start : start + WINDOW], hann, strict=True)]
        for hz, coeff in coeffs.items():
            s1 = s2 = 0.0
            for x in windowed:
                s1, s2 = x + coeff * s1 - s2, s1
            amplitude = math.sqrt(max(0.0, s1 * s1 + s2 * s2 - coeff * s1 * s2)) / norm
            best[hz] = max(best[hz], amplitude)
    reference = TEST_AMPLITUDE * 32767
    return {hz: 20 * math.log10(max(a, 1e-9) / reference) for hz, a in best.items()}


def sweep_levels(sound: array.array[int]) -> dict[float, float] | None:
    """The sweep's level per third octave (dB against the test signal), from the first whole
    sweep in ``sound``: a sounding stretch of the sweep's length between two gaps. None when
    the run held no whole sweep."""
    block = RATE // 100
    loud = [
        max((abs(x) for x in sound[i : i + block]), default=0) > SILENT
        for i in range(0, len(sound), block)
    ]
    runs, start = [], None
    for k, on in enumerate([*loud, False]):
        if on and start is None:
            start = k
        elif not on and start is not None:
            runs.append((start * block, k * block))
            start = None
    length = int(SWEEP_SECONDS * RATE)
    sweep = next(
        (s for s, e in runs[1:] if abs((e - s) - length) < 0.05 * RATE and s > GAP_SECONDS),
        None,
    )
    if sweep is None:
        return None
    low, high = SWEEP_HZ
    power: dict[float, list[float]] = {band: [0.0, 0.0] for band in BANDS}
    for i in range(length):
        hz = low * (high / low) ** (i / length)
        for band in BANDS:
            if band * 2 ** (-1 / 6) <= hz < band * 2 ** (1 / 6):
                power[band][0] += sound[sweep + i] ** 2
                power[band][1] += 1
                break
    reference = (TEST_AMPLITUDE * 32767) ** 2 / 2  # a sine's mean square
    return {
        band: 10 * math.log10(max(total / count, 1e-9) / reference)
        for band, (total, count) in power.items()
        if count
    }


async def whole_path(device: str, seconds: float) -> dict[str, array.array[int]]:
    from drivers.stethoscope import Stethoscope

    heard = {}
    for name, stethoscope_line in (("stethoscope", True), ("voice", False)):
        stethoscope = Stethoscope(device)
        try:
            received = await run_line(stethoscope, seconds, stethoscope_line, 0.0, True)
        finally:
            await stethoscope.close()
        heard[name] = timeline(received)[RATE // 2 :]  # past the codec's start
    return heard


def relative(levels: dict, reference: float) -> dict:
    return {key: value - levels[reference] for key, value in levels.items()}


def main(seconds: float, loss_seconds: float) -> int:
    line, voice = codec_only()
    paths: dict[str, array.array[int]] = {}
    if sys.platform.startswith("linux") and Path("/usr/share/alsa/alsa.conf").exists():
        with StethoscopeSimulator("tones") as sim:
            # PortAudio reads ALSA's settings once, when it loads: the device is defined first.
            os.environ["ALSA_CONFIG_PATH"] = sim.alsa_config_path
            paths = asyncio.run(whole_path(sim.device, seconds))
    tones = {name: relative(tone_levels(sound), 200) for name, sound in paths.items()}
    print("stepped tones, dB against 200 Hz")
    print(f"{'Hz':>6}  {'codec: stethoscope':>18}  {'codec: voice':>12}", end="")
    print("".join(f"  {'path: ' + name:>17}" for name in tones))
    for hz in TONES_HZ:
        print(f"{hz:>6}  {line[hz]:>+15.1f} dB  {voice[hz]:>+9.1f} dB", end="")
        print("".join(f"  {levels[hz]:>+14.1f} dB" for levels in tones.values()), flush=True)
    sweeps = {name: sweep_levels(sound) for name, sound in paths.items()}
    if sweeps:
        print("\nlogarithmic sweep through the whole path, third octaves, dB against 200 Hz")
        print(f"{'Hz':>6}" + "".join(f"  {name:>12}" for name in sweeps))
        for band in BANDS:
            cells = [
                f"{relative(levels, 200)[band]:>+9.1f} dB" if levels else f"{'no sweep':>12}"
                for levels in sweeps.values()
            ]
            print(f"{band:>6}  " + "  ".join(cells))
    measured = [("codec", line)] + ([("whole path", tones["stethoscope"])] if tones else [])
    for name, levels in measured:
        worst = max(abs(v) for hz, v in levels.items() if 30 <= hz <= 1000)
        print(f"stethoscope line ({name}), 30 Hz–1 kHz: within {worst:.1f} dB of 200 Hz")
    if not paths:
        print("whole path not measured: the simulator needs ALSA (Linux)")
    print("\nlatency and loss on the stethoscope's line")
    asyncio.run(latency_and_loss(loss_seconds))
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=28.0, help="of sound on each line")
    parser.add_argument("--loss-seconds", type=float, default=10.0, help="a loss level's run")
    args = parser.parse_args()
    sys.exit(main(args.seconds, args.loss_seconds))
