"""The call's video track keeps a camera's own rate: frames are capped by their own times, so a
frame read late (the encoder busy) does not get the next one dropped, while a source faster
than the cap, or an idle line, is thinned as it should be."""

from __future__ import annotations

import asyncio
import fractions
import itertools

from av import VideoFrame

from station.call.media_lines import CameraTrack
from station.call.video_settings import VideoSettings


class Camera:
    """Frames at ``fps`` in their own time; reads take no time (they were waiting)."""

    def __init__(self, fps: int) -> None:
        self.fps = fps
        self.index = 0

    async def read_frame(self) -> VideoFrame:
        frame = VideoFrame(64, 48, "yuv420p")
        frame.time_base = fractions.Fraction(1, self.fps)
        frame.pts = self.index
        self.index += 1
        return frame


async def _times(fps: int, cap: int, sent: int, idle: float | None = None) -> list[float]:
    """The stream times of the first ``sent`` frames handed to the encoder."""
    camera = Camera(fps)
    track = CameraTrack(camera, VideoSettings(max_fps=cap))  # type: ignore[arg-type]
    track.idle_fps = idle
    # Called back to back, as after a late encode: every frame is already there.
    return [float((await track.recv()).time) for _ in range(sent)]


def test_a_camera_at_the_cap_loses_no_frame_when_read_in_a_burst() -> None:
    times = asyncio.run(_times(30, 30, 300))
    assert times == [i / 30 for i in range(300)]


def test_a_faster_source_and_an_idle_line_are_thinned_by_their_own_times() -> None:
    assert asyncio.run(_times(60, 30, 300)) == [2 * i / 60 for i in range(300)]
    idle = asyncio.run(_times(15, 15, 10, idle=1.0))
    gaps = [b - a for a, b in itertools.pairwise(idle)]
    assert all(0.9 <= gap < 1.0 for gap in gaps)  # about one a second of video
