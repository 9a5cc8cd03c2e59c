"""The stethoscope's line against the voice's: frequency response (prints figures, asserts
nothing).

    python tests/bench/bench_stethoscope.py

Stepped tones from 20 Hz to 2 kHz, each encoded and decoded as the call does (20 ms Opus
frames; aiortc's decoder), once through the stethoscope's encoder (libopus "audio" mode, mono,
96 kbit/s) and once through aiortc's stock encoder (the voice's: VOIP mode, 96 kbit/s), in
the same run. Levels relative to 200 Hz. Goal of the stethoscope issue: within 3 dB from 30 Hz
to 1 kHz on the stethoscope's line.

Latency and losses in a live call: ``tests/bench/bench_stethoscope_call.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from aiortc.codecs.opus import OpusEncoder

from station.call.stethoscope_line import AuscultationEncoder
from tests.call.test_stethoscope_line import _level_db

TONES = (20, 30, 40, 50, 60, 80, 100, 150, 200, 300, 500, 800, 1000, 1500, 2000)


def main() -> int:
    line_ref = _level_db(AuscultationEncoder, 200)
    voice_ref = _level_db(OpusEncoder, 200)
    print(f"{'Hz':>6}  {'stethoscope line':>17}  {'voice line':>11}")
    worst = 0.0
    for hz in TONES:
        line = _level_db(AuscultationEncoder, hz) - line_ref
        voice = _level_db(OpusEncoder, hz) - voice_ref
        if 30 <= hz <= 1000:
            worst = max(worst, abs(line))
        print(f"{hz:>6}  {line:>+14.1f} dB  {voice:>+8.1f} dB", flush=True)
    print(f"stethoscope line, 30 Hz–1 kHz: within {worst:.1f} dB of 200 Hz (goal 3 dB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
