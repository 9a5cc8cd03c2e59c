"""The stethoscope's line keeps the low frequencies the voice line cuts: the same tones through
aiortc's own Opus encoder (VOIP mode, whose high-pass takes S3 and S4 away) and through the
line's encoder ("audio" mode), each decoded as the doctor's side decodes them."""

from __future__ import annotations

import array
import fractions
import math

import pytest
from aiortc.codecs.opus import OpusDecoder, OpusEncoder
from aiortc.jitterbuffer import JitterFrame
from av import AudioFrame

from station.call.stethoscope_line import AuscultationEncoder

RATE = 48000


def _tone(hz: float, seconds: float = 1.5) -> bytes:
    n = int(RATE * seconds)
    return array.array(
        "h", (int(8000 * math.sin(2 * math.pi * hz * i / RATE)) for i in range(n))
    ).tobytes()


def _through(encoder: object, pcm: bytes) -> array.array[int]:
    decoder, out, pts = OpusDecoder(), array.array("h"), 0
    for start in range(0, len(pcm) - 1920 + 1, 1920):  # 20 ms frames
        frame = AudioFrame(format="s16", layout="mono", samples=960)
        frame.planes[0].update(pcm[start : start + 1920])
        frame.sample_rate, frame.pts, frame.time_base = RATE, pts, fractions.Fraction(1, RATE)
        pts += 960
        payloads, timestamp = encoder.encode(frame)  # type: ignore[attr-defined]
        for payload in payloads:
            for decoded in decoder.decode(JitterFrame(payload, timestamp)):
                samples = array.array("h")
                samples.frombytes(bytes(decoded.planes[0])[: decoded.samples * 4])
                out += samples[::2]  # stereo as decoded: the left channel
    return out


def _level_db(make: type, hz: float) -> float:
    """The tone's level out of the codec, relative to the same tone in."""
    pcm = _tone(hz)
    out = _through(make(), pcm)[RATE // 10 :]  # past the codec's start
    into = array.array("h", pcm)
    rms_out = math.sqrt(sum(x * x for x in out) / len(out))
    rms_in = math.sqrt(sum(x * x for x in into) / len(into))
    return 20 * math.log10(rms_out / rms_in)


@pytest.mark.parametrize("hz", [30, 40, 60, 1000])
def test_the_line_is_flat_where_the_voice_line_is_not(hz: int) -> None:
    line = _level_db(AuscultationEncoder, hz) - _level_db(AuscultationEncoder, 200)
    assert abs(line) < 1.0  # within 1 dB of 200 Hz
    if hz <= 40:
        voice = _level_db(OpusEncoder, hz) - _level_db(OpusEncoder, 200)
        assert voice < -5.0  # what the stethoscope would lose on the voice's line


def test_the_bitrate_is_bounded() -> None:
    with pytest.raises(ValueError, match="64–128"):
        AuscultationEncoder(32_000)
