"""A sound card for tests: asks for samples from its own thread every 10 ms, as PortAudio does,
and keeps what it was given."""

from __future__ import annotations

import threading
import time
from array import array
from collections.abc import Callable
from typing import Any

from station.call.speaker import BYTES_PER_FRAME, CHANNELS, RATE

BLOCK = RATE // 100  # 10 ms


class RecordingStream:
    def __init__(self, callback: Callable[..., None]) -> None:
        self.callback = callback
        self.recorded = bytearray()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @classmethod
    def opener(cls, streams: list[RecordingStream]) -> Callable[[Any, Any], RecordingStream]:
        def open_stream(_device: Any, callback: Callable[..., None]) -> RecordingStream:
            stream = cls(callback)
            streams.append(stream)
            return stream

        return open_stream

    def _run(self) -> None:
        next_at = time.monotonic()
        while not self._stop.is_set():
            out = bytearray(BLOCK * BYTES_PER_FRAME)
            self.callback(memoryview(out), BLOCK, None, None)
            self.recorded += out
            next_at += BLOCK / RATE
            time.sleep(max(0.0, next_at - time.monotonic()))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def close(self) -> None:
        self._stop.set()


def left_channel(data: bytes) -> array[int]:
    return array("h", bytes(data))[::CHANNELS]


def audible_blocks(samples: array[int]) -> list[array[int]]:
    """The 10 ms blocks with sound in them (silence is where the buffer waited or ran dry)."""
    blocks = (samples[i : i + BLOCK] for i in range(0, len(samples) - BLOCK + 1, BLOCK))
    return [block for block in blocks if max(abs(s) for s in block) > 1000]


def audible_seconds(samples: array[int]) -> float:
    return len(audible_blocks(samples)) * BLOCK / RATE


def dominant_hz(samples: array[int]) -> float:
    """A pure tone's frequency: half-periods between the first and last zero crossing of each
    audible block (so a block only partly filled counts only its sound)."""
    half_periods, span = 0, 0
    for block in audible_blocks(samples):
        crossings = [i for i in range(1, len(block)) if (block[i - 1] < 0) != (block[i] < 0)]
        if len(crossings) > 2:
            half_periods += len(crossings) - 1
            span += crossings[-1] - crossings[0]
    return half_periods / 2 / (span / RATE) if span else 0.0
