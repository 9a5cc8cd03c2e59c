"""A ceiling on a video line's bitrate, below which aiortc's encoder still follows the network.

aiortc has no ``RTCRtpSender.setParameters`` (``maxBitrate``): its encoders start at their
default and move with the receiver's estimate (REMB) up to a maximum fixed in the codec
module. A shared uplink (a pharmacy's, an EHPAD's) needs a lower ceiling, set per call.

The sender makes its encoder on the first frame unless it already has one, so the station
hands it one made here, whose ``target_bitrate`` never goes above the cap. That reaches into
the sender's private slot; :func:`cap_bitrate` fails loudly if aiortc renames it, and
tests/e2e/test_call_network.py measures the bytes actually sent.
"""

from __future__ import annotations

import time

from aiortc import RTCRtpCodecParameters, RTCRtpSender
from aiortc.codecs import get_encoder
from aiortc.codecs.base import Encoder
from av import VideoFrame
from av.frame import Frame
from av.packet import Packet

_ENCODER_SLOT = "_RTCRtpSender__encoder"
BURST_SECONDS = 0.5  # a keyframe may borrow half a second's worth of the cap
# Resolution for frame rate: a second with more than a quarter of its frames dropped shrinks
# the picture a step; five seconds in a row with none dropped and budget to spare grow it back.
WINDOW_SECONDS = 1.0
DROPS_TO_SHRINK = 0.25
CALM_WINDOWS_TO_GROW = 5
SCALE_STEP = 0.75
MIN_SCALE = 0.25


class CappedEncoder(Encoder):
    """Clamps the encoder's target at the cap, and drops frames the cap cannot pay for.

    The target alone is not a ceiling: at its coarsest quantizer libvpx still spends what a
    busy picture needs (twice a 300 kbit/s target on a test pattern). So a token bucket holds
    the bytes actually sent to the cap. Dropping frames alone made a 720p test pattern under
    1 Mbit/s a 3 fps call, so sustained drops also shrink the picture, as WebRTC's quality
    scaler does: a smaller, fluid picture rather than a sharp, jerky one.
    """

    def __init__(self, inner: Encoder, cap_bps: int) -> None:
        self.inner = inner
        self.cap_bps = cap_bps
        self.target_bitrate = min(self.target_bitrate, cap_bps)
        self.frames_dropped = 0
        self._burst = cap_bps / 8 * BURST_SECONDS
        self._budget = self._burst  # bytes that may go out now
        self._refilled_at: float | None = None
        self.scale = 1.0  # of each side of the picture
        self._window_start = 0.0
        self._window_frames = self._window_drops = 0
        self._calm_windows = 0

    @property
    def target_bitrate(self) -> int:
        return int(self.inner.target_bitrate)  # type: ignore[attr-defined]

    @target_bitrate.setter
    def target_bitrate(self, bps: int) -> None:
        self.inner.target_bitrate = min(bps, self.cap_bps)  # type: ignore[attr-defined]

    def encode(self, frame: Frame, force_keyframe: bool = False) -> tuple[list[bytes], int]:
        now = time.monotonic()
        if self._refilled_at is not None:
            earned = (now - self._refilled_at) * self.cap_bps / 8
            self._budget = min(self._burst, self._budget + earned)
        self._refilled_at = now
        self._adapt_scale(now)
        self._window_frames += 1
        if self._budget < 0 and not force_keyframe:
            self.frames_dropped += 1
            self._window_drops += 1
            return [], 0  # no payload: the sender sends nothing for this frame
        if self.scale < 1.0:
            assert isinstance(frame, VideoFrame)
            width = max(16, int(frame.width * self.scale) // 2 * 2)
            height = max(16, int(frame.height * self.scale) // 2 * 2)
            frame = frame.reformat(width=width, height=height)
        payloads, timestamp = self.inner.encode(frame, force_keyframe)
        self._budget -= sum(len(payload) for payload in payloads)
        return payloads, timestamp

    def _adapt_scale(self, now: float) -> None:
        if now - self._window_start < WINDOW_SECONDS:
            return
        if self._window_frames:
            dropped = self._window_drops / self._window_frames
            if dropped > DROPS_TO_SHRINK:
                self.scale = max(MIN_SCALE, self.scale * SCALE_STEP)
                self._calm_windows = 0
            elif dropped == 0 and self._budget >= self._burst / 2:
                self._calm_windows += 1
                if self._calm_windows >= CALM_WINDOWS_TO_GROW and self.scale < 1.0:
                    self.scale = min(1.0, self.scale / SCALE_STEP)
                    self._calm_windows = 0
            else:
                self._calm_windows = 0
        self._window_start = now
        self._window_frames = self._window_drops = 0

    def pack(self, packet: Packet) -> tuple[list[bytes], int]:
        return self.inner.pack(packet)


def cap_bitrate(sender: RTCRtpSender, codec: str, kbps: int) -> CappedEncoder:
    """Give a not-yet-started video sender an encoder for ``codec`` capped at ``kbps``."""
    if getattr(sender, _ENCODER_SLOT, "missing") is not None:
        raise RuntimeError(
            "aiortc's sender has no free encoder slot: the bitrate cap needs updating"
        )
    parameters = RTCRtpCodecParameters(mimeType=f"video/{codec}", clockRate=90000)
    encoder = CappedEncoder(get_encoder(parameters), kbps * 1000)
    setattr(sender, _ENCODER_SLOT, encoder)
    return encoder
