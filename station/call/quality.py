"""Call quality for the UI, from aiortc's statistics: round trip, loss, bitrate, frame rate.

Sampled every few seconds; ``level`` sums it up (good / fair / poor), which the UI says in
words with the figures beside it, never a colour alone.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CallQuality:
    rtt_ms: float | None = None
    loss_percent: float | None = None
    bitrate_kbps: float | None = None
    fps: float | None = None
    audio_only: bool = False  # video paused by the fallback on a poor network

    @property
    def level(self) -> str:
        if self.rtt_ms is None and self.loss_percent is None:
            return "unknown"
        rtt, loss = self.rtt_ms or 0.0, self.loss_percent or 0.0
        if rtt > 400 or loss > 8:
            return "poor"
        if rtt > 150 or loss > 2:
            return "fair"
        return "good"


class QualityMonitor:
    """Turns successive stats reports into rates (bitrate and fps need two samples)."""

    def __init__(self) -> None:
        self._last: tuple[float, int, int] | None = None  # time, bytes sent, frames sent

    def sample(self, report: dict[str, Any], frames_sent: int) -> CallQuality:
        now = time.monotonic()
        bytes_sent, rtts, losses = 0, [], []
        for stats in report.values():
            kind = getattr(stats, "type", "")
            if kind == "outbound-rtp":
                bytes_sent += int(getattr(stats, "bytesSent", 0) or 0)
            elif kind == "remote-inbound-rtp":
                if getattr(stats, "roundTripTime", None) is not None:
                    rtts.append(float(stats.roundTripTime) * 1000)
                if getattr(stats, "fractionLost", None) is not None:
                    # RTCP's 8-bit fixed point: lost fraction × 256
                    losses.append(float(stats.fractionLost) / 256 * 100)
        bitrate = fps = None
        if self._last is not None and now > self._last[0]:
            elapsed = now - self._last[0]
            bitrate = max(0.0, (bytes_sent - self._last[1]) * 8 / 1000 / elapsed)
            fps = max(0.0, (frames_sent - self._last[2]) / elapsed)
        self._last = (now, bytes_sent, frames_sent)
        return CallQuality(
            rtt_ms=max(rtts) if rtts else None,
            loss_percent=max(losses) if losses else None,
            bitrate_kbps=bitrate,
            fps=fps,
        )
