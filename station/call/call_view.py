"""What the station's screens read of a call, at once: where it stands, its quality, the
doctor's latest frame and voice level, the station's own views, and what the station lacks.

The screens read this and never the peer's attributes (``StationPeer.view()``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol

from station.call.call_state import CallState
from station.call.quality import CallQuality
from station.signals import Signal


@dataclass(frozen=True)
class CallView:
    state: CallState
    quality: CallQuality | None = None
    end_reason: str = ""  # "finished", "revoked"
    doctor_frame: Any = None  # av.VideoFrame: the doctor's camera, latest
    self_preview: Any = None  # the room camera, small RGB, as the doctor sees it
    otoscope_preview: Any = None  # the otoscope's live view, while its line runs
    doctor_level_db: float = -math.inf
    has_camera: bool = True
    has_microphone: bool = True
    has_speaker: bool = True

    @classmethod
    def of(cls, state: CallState, quality: CallQuality | None, media: Any, end: str) -> CallView:
        camera, otoscope = media.camera_track, media.otoscope_track
        return cls(
            state=state,
            quality=quality,
            end_reason=end,
            doctor_frame=media.remote_frame,
            self_preview=camera.preview if camera is not None else None,
            otoscope_preview=(
                otoscope.preview
                if otoscope is not None and otoscope.readyState == "live"
                else None
            ),
            doctor_level_db=media.doctor_level_db,
            has_camera=media.camera is not None,
            has_microphone=media.microphone is not None,
            has_speaker=media.speaker is not None,
        )


class CallPeer(Protocol):
    """What a consultation needs of its call (``StationPeer``, or a test's stand-in)."""

    room: str
    service_key: dict[str, Any] | None
    channel: Any
    state: CallState
    message: Signal[Any]
    state_changed: Signal[CallState]
    channel_opened: Signal[None]
    delivered: Signal[str]
    quality_changed: Signal[CallQuality]
    ended: Signal[str]

    def view(self) -> CallView: ...

    def send(self, message: dict[str, Any]) -> str: ...

    async def send_bulk(self, message: dict[str, Any]) -> str: ...

    def use_otoscope(self, in_use: bool) -> None: ...
