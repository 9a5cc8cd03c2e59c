"""The bitrate ceiling on aiortc's real VP8 encoder, on a simulated clock: bytes held under the
ceiling, the picture shrunk while the content is too busy for it, grown back once it is not."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

import av
import pytest
from aiortc.codecs.vpx import Vp8Encoder

from station.call import bitrate
from station.call.bitrate import CappedEncoder

FPS = 30


def frames(source: str) -> Iterator[av.VideoFrame]:
    container = av.open(source, format="lavfi")
    yield from container.decode(video=0)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.ticks = 0  # frames so far: their timestamps run on, as one camera's would

    def monotonic(self) -> float:
        return self.now


def run(encoder: CappedEncoder, clock: Clock, source: str, seconds: float) -> tuple[int, int]:
    """Feed ``seconds`` of ``source`` at 30 fps; bytes sent and frames sent."""
    sent_bytes = sent_frames = 0
    for index, frame in enumerate(frames(source)):
        if index >= seconds * FPS:
            break
        clock.now += 1 / FPS
        clock.ticks += 1
        frame.pts, frame.time_base = clock.ticks, Fraction(1, FPS)
        payloads, _timestamp = encoder.encode(frame)
        if payloads:
            sent_frames += 1
            sent_bytes += sum(len(p) for p in payloads)
    return sent_bytes, sent_frames


def test_busy_picture_shrinks_under_the_ceiling_and_grows_back_when_calm(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = Clock()
    monkeypatch.setattr(bitrate, "time", clock)
    encoder = CappedEncoder(Vp8Encoder(), 300_000)

    busy_bytes, busy_frames = run(encoder, clock, "testsrc2=size=640x480:rate=30", 6)
    assert busy_bytes * 8 / 6 < 300_000 * 1.15  # the ceiling holds (half a second of burst)
    assert encoder.scale < 1.0  # the picture shrank...
    assert busy_frames > 6 * FPS / 4  # ...so frames still flow (not a slide show)

    run(encoder, clock, "color=c=gray:size=640x480:rate=30", 30)  # a step up per 5 calm s
    assert encoder.scale == 1.0  # a calm picture fits: full size again


def test_a_picture_that_fits_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr(bitrate, "time", clock)
    encoder = CappedEncoder(Vp8Encoder(), 1_000_000)
    _bytes, sent = run(encoder, clock, "color=c=gray:size=640x480:rate=30", 4)
    assert (sent, encoder.frames_dropped, encoder.scale) == (4 * FPS, 0, 1.0)
