"""The stethoscope's own audio line in the call, apart from the voice.

aiortc encodes every audio line with libopus in ``application="voip"`` mode at 96 kbit/s
(``aiortc/codecs/opus.py``). In VOIP mode libopus runs an adaptive high-pass filter with a
60–100 Hz cut-off: S3 and S4 (30–50 Hz) would be cut. This line has an encoder of its own:
libopus in ``application="audio"`` mode (it only rejects DC, about 3 Hz), mono, at a set
bitrate (64–128 kbit/s), no DTX, and no processing of any kind before it.

The sender makes its encoder on the first frame unless it already has one: the station hands
it this one, through the sender's private slot, as for the bitrate ceiling
(``station/call/bitrate.py``); :func:`use_auscultation_encoder` fails loudly if aiortc renames
it. The track paces itself at the sound's rate (a real stethoscope is paced by its own clock;
the simulator's comes as fast as it is read).
"""

from __future__ import annotations

import asyncio
import fractions
import time
from typing import Any

from aiortc import MediaStreamTrack, RTCRtpSender
from aiortc.codecs.base import Encoder
from av import AudioFrame, AudioResampler, CodecContext
from av.frame import Frame
from av.packet import Packet

from station.call.bitrate import _ENCODER_SLOT

SAMPLE_RATE = 48000
SAMPLES_PER_FRAME = 960  # 20 ms, Opus's usual frame
TIME_BASE = fractions.Fraction(1, SAMPLE_RATE)
DEFAULT_BITRATE = 96_000
BITRATES = range(64_000, 128_001)


class AuscultationEncoder(Encoder):
    """libopus for body sounds: "audio" mode (no high-pass), mono, a fixed bitrate."""

    def __init__(self, bitrate: int = DEFAULT_BITRATE) -> None:
        if bitrate not in BITRATES:
            raise ValueError(f"stethoscope bitrate {bitrate} outside 64–128 kbit/s")
        self.codec = CodecContext.create("libopus", "w")
        self.codec.bit_rate = bitrate
        self.codec.format = "s16"
        self.codec.layout = "mono"
        self.codec.sample_rate = SAMPLE_RATE
        self.codec.time_base = TIME_BASE
        self.codec.options = {"application": "audio"}
        self.resampler = AudioResampler(
            format="s16", layout="mono", rate=SAMPLE_RATE, frame_size=SAMPLES_PER_FRAME
        )
        self.first_pts: int | None = None

    def encode(self, frame: Frame, force_keyframe: bool = False) -> tuple[list[bytes], int]:
        packets = []
        for part in self.resampler.resample(frame):
            packets += self.codec.encode(part)
        if not packets:
            return [], 0  # buffered in the resampler: nothing yet
        if self.first_pts is None:
            self.first_pts = packets[0].pts
        return [bytes(p) for p in packets], packets[0].pts - self.first_pts

    def pack(self, packet: Packet) -> tuple[list[bytes], int]:  # pragma: no cover - not used
        raise NotImplementedError("the stethoscope's line encodes raw sound")


def use_auscultation_encoder(sender: RTCRtpSender, bitrate: int = DEFAULT_BITRATE) -> None:
    if not hasattr(sender, _ENCODER_SLOT):
        raise RuntimeError("aiortc's RTCRtpSender has no encoder slot any more: update this")
    setattr(sender, _ENCODER_SLOT, AuscultationEncoder(bitrate))


class StethoscopeTrack(MediaStreamTrack):
    """The stethoscope's sound as an outgoing audio track, 20 ms a frame, untouched."""

    kind = "audio"

    def __init__(self, stethoscope: Any) -> None:
        super().__init__()
        self.stethoscope = stethoscope
        self._pts = 0
        self._start: float | None = None
        self.frames_sent = 0
        self._tap: Any = None

    async def recv(self) -> AudioFrame:
        if self._tap is None:  # a live tap: a clip may be recorded from the same sound
            self._tap = await self.stethoscope.tap(live=True)
        pcm, _ = await self._tap.read()
        rate = self.stethoscope.rate
        frame = AudioFrame(format="s16", layout="mono", samples=len(pcm) // 2)
        frame.planes[0].update(pcm)
        frame.sample_rate = rate
        frame.pts = self._pts
        frame.time_base = fractions.Fraction(1, rate)
        if self._start is None:
            self._start = time.monotonic()
        self._pts += frame.samples
        ahead = self._start + self._pts / rate - time.monotonic()
        if ahead > 0:
            await asyncio.sleep(ahead)
        self.frames_sent += 1
        return frame

    def stop(self) -> None:
        if self._tap is not None:
            self._tap.close()
            self._tap = None
        super().stop()
