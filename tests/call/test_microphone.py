"""The station's microphone as the call sends it: 20 ms frames in time, the end of the source
said, and no memory kept per frame over a long call."""

from __future__ import annotations

import gc
import time

import pytest
from aiortc.mediastreams import MediaStreamError

from station.call.audio import FRAME_SAMPLES, SAMPLE_RATE, TEST_MICROPHONE, Microphone
from station.linux_memory import c_heap


async def test_frames_are_20_ms_of_48_khz_stereo_numbered_by_sample_and_paced() -> None:
    microphone = Microphone(TEST_MICROPHONE)
    track = microphone.track()
    try:
        started = time.monotonic()
        frames = [await track.recv() for _ in range(25)]
        elapsed = time.monotonic() - started
    finally:
        track.stop()
        microphone.close()
    assert {(f.format.name, f.layout.name, f.sample_rate, f.samples) for f in frames} == {
        ("s16", "stereo", SAMPLE_RATE, FRAME_SAMPLES)
    }
    assert [f.pts for f in frames] == [i * FRAME_SAMPLES for i in range(25)]
    # A test source is read at the clock's pace, not as fast as the CPU allows: 24 frames
    # after the first are 0.48 s of sound (a lower bound only: a loaded machine is slower).
    assert elapsed >= 0.4


async def test_a_source_that_ends_ends_the_track() -> None:
    microphone = Microphone("lavfi:sine=frequency=440:sample_rate=48000:duration=0.2")
    try:
        received = 0
        with pytest.raises(MediaStreamError):
            for _ in range(100):
                await microphone.source.recv()
                received += 1
        assert 9 <= received <= 11  # 0.2 s in 20 ms frames
        assert microphone.source.readyState == "ended"
    finally:
        microphone.close()


def test_a_source_without_sound_is_refused() -> None:
    with pytest.raises(ValueError):
        Microphone("lavfi:testsrc=size=64x48:rate=5")


@pytest.mark.skipif(c_heap() is None, reason="glibc's mallinfo2 measures the C heap")
async def test_no_memory_is_kept_per_frame() -> None:
    """aiortc's MediaPlayer kept about 150 bytes of C heap per frame (PyAV 18): 25 MB an hour."""
    microphone = Microphone(TEST_MICROPHONE)
    source = microphone.source
    source._paced = False  # as fast as it decodes: a long call's frames in a few seconds
    try:
        for _ in range(500):
            await source.recv()
        gc.collect()
        before = _in_use()
        count = 5000
        for _ in range(count):
            await source.recv()
        gc.collect()
        kept = _in_use() - before
    finally:
        microphone.close()
    assert kept / count < 30, f"{kept / count:.0f} bytes of C heap kept per frame"


def _in_use() -> int:
    heap = c_heap()
    assert heap is not None
    return heap.in_use
