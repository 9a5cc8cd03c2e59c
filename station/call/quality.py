"""Call quality for the UI, from aiortc's statistics: round trip, loss, bitrate, frame rate.

Sampled every few seconds; ``level`` sums it up (good / fair / poor), which the UI says in
words with the figures beside it, never a colour alone.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from functools import cache
from typing import Any

from station.assets import assets_dir


@cache
def thresholds() -> dict[str, dict[str, float]]:
    """The lines between good, fair and poor, shared with the doctor's page."""
    table = json.loads((assets_dir() / "doctor" / "call_quality.json").read_text("utf-8"))
    return {level: table[level] for level in ("poor", "fair")}


@dataclass(frozen=True)
class CallQuality:
    rtt_ms: float | None = None
    loss_percent: float | None = None
    bitrate_kbps: float | None = None
    fps: float | None = None  # video frames sent per second (None: no video line to judge)
    audio_only: bool = False  # video paused by the fallback on a poor network
    # How the doctor's page judged its side of the call, from its own figures and the same
    # lines ("unknown" until it says): both sides then show the worse of the two.
    doctor_level: str = "unknown"

    @property
    def network_level(self) -> str:
        """The network alone (round trip and loss): what the audio-only fallback judges."""
        if self.rtt_ms is None and self.loss_percent is None:
            return "unknown"
        rtt, loss = self.rtt_ms or 0.0, self.loss_percent or 0.0
        for level in ("poor", "fair"):
            line = thresholds()[level]
            if rtt > line["rtt_ms"] or loss > line["loss_percent"]:
                return level
        return "good"

    @property
    def own_level(self) -> str:
        """This side's figures: the network and, while video is sent, its frame rate (1 frame
        a second is never a good call)."""
        level = self.network_level
        if level == "unknown" or self.fps is None or self.audio_only:
            return level
        for worse in ("poor", "fair"):
            if self.fps < thresholds()[worse]["fps_below"]:
                return worse if _rank(worse) > _rank(level) else level
        return level

    @property
    def level(self) -> str:
        """The call as both sides live it: the worse of this side's and the doctor's."""
        own, doctor = self.own_level, self.doctor_level
        return doctor if _rank(doctor) > _rank(own) else own

    def to_message(self) -> dict[str, Any]:
        """This side's figures and level, for the other side (``quality``)."""
        figures = {"rtt_ms": self.rtt_ms, "loss_percent": self.loss_percent, "fps": self.fps}
        return {
            "type": "quality",
            "level": self.own_level,
            **{k: round(v, 1) for k, v in figures.items() if v is not None},
        }


def _rank(level: str) -> int:
    return {"good": 0, "fair": 1, "poor": 2}.get(level, -1)


class QualityMonitor:
    """Turns successive stats reports into rates (bitrate and fps need two samples)."""

    def __init__(self) -> None:
        self._last: tuple[float, int, int] | None = None  # time, bytes sent, frames sent

    def sample(self, report: dict[str, Any], frames_sent: int | None) -> CallQuality:
        """``frames_sent``: the room camera's frames so far (None: no room camera)."""
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
            if frames_sent is not None:
                fps = max(0.0, (frames_sent - self._last[2]) / elapsed)
        self._last = (now, bytes_sent, frames_sent or 0)
        return CallQuality(
            rtt_ms=max(rtts) if rtts else None,
            loss_percent=max(losses) if losses else None,
            bitrate_kbps=bitrate,
            fps=fps,
        )
