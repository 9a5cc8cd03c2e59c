"""The camera driver on an FFmpeg test source: the same capture code as a UVC otoscope."""

import av
import pytest

from drivers.errors import DeviceNotFound
from drivers.uvc_camera import UvcCamera, platform_format

SOURCE = "lavfi:testsrc2=size=1280x720:rate=30"


async def test_frames_arrive_at_full_resolution_in_real_time() -> None:
    import time

    camera = UvcCamera(SOURCE)
    try:
        started = time.monotonic()
        frames = []
        async for frame in camera.frames():
            frames.append(frame)
            if len(frames) == 15:
                break
        elapsed = time.monotonic() - started
    finally:
        await camera.close()
    assert {(f.width, f.height) for f in frames} == {(1280, 720)}
    # paced like a camera: 15 frames at 30 fps take about half a second, not a burst
    assert elapsed >= 0.4
    assert frames[-1].pts > frames[0].pts


async def test_still_is_a_lossless_full_resolution_png() -> None:
    camera = UvcCamera(SOURCE)
    try:
        still = await camera.still()
    finally:
        await camera.close()
    assert still.png.startswith(b"\x89PNG\r\n\x1a\n")
    assert (still.width, still.height) == (1280, 720)
    with av.open(__import__("io").BytesIO(still.png)) as container:
        frame = next(container.decode(video=0))
    assert (frame.width, frame.height) == (1280, 720)


async def test_missing_camera_is_device_not_found() -> None:
    camera = UvcCamera("/dev/video-station-missing" if platform_format() == "v4l2" else "nothing")
    with pytest.raises(DeviceNotFound) as caught:
        await camera.open()
    assert "Caméra" in caught.value.message
    assert not camera.is_open


def test_platform_format_matches_the_os() -> None:
    import sys

    expected = {"win32": "dshow", "darwin": "avfoundation"}.get(sys.platform, "v4l2")
    assert platform_format() == expected
