"""UVC video devices: otoscope, dermatoscope, room camera.

Transport: USB Video Class, opened with PyAV (FFmpeg): ``v4l2`` on Linux (``/dev/videoN``),
``dshow`` on Windows (``video=Device Name``), ``avfoundation`` on macOS (device index).
A URL ``lavfi:GRAPH`` opens an FFmpeg test source instead (``lavfi:testsrc2=size=1280x720:
rate=30``), so tests and the demo run the same capture code; it is paced to real time as a
camera would be.
Frames come out as PyAV ``VideoFrame`` objects for the call; :meth:`UvcCamera.still` returns
a full-resolution lossless PNG for the record.
Source: ../shared/protocols/README.md (cameras); FFmpeg device documentation.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import av
import av.error

from drivers.base import BaseDevice, DeviceKind
from drivers.errors import DeviceDisconnected, DeviceNotFound, DeviceTimeout

LAVFI_PREFIX = "lavfi:"
DEFAULT_TEST_SOURCE = "lavfi:testsrc2=size=1280x720:rate=30"


def platform_format() -> str:
    if sys.platform.startswith("win"):
        return "dshow"
    if sys.platform == "darwin":
        return "avfoundation"
    return "v4l2"


@dataclass(frozen=True, slots=True)
class Still:
    png: bytes
    width: int
    height: int
    time: datetime = field(default_factory=lambda: datetime.now(UTC))


class UvcCamera(BaseDevice):
    name = "uvc-camera"
    kind = DeviceKind.CAMERA
    manufacturer = "UVC"
    model = "Caméra USB (UVC)"
    open_timeout = 10.0
    frame_timeout = 3.0

    def __init__(
        self,
        url: str,
        *,
        width: int | None = None,
        height: int | None = None,
        framerate: int | None = None,
    ) -> None:
        super().__init__(url)
        self.width, self.height, self.framerate = width, height, framerate
        self._container: Any = None
        self._decoder: Any = None
        self._executor: ThreadPoolExecutor | None = None
        self._paced_start: float | None = None
        self.is_test_source = url.startswith(LAVFI_PREFIX)

    def _open_args(self) -> tuple[str, str, dict[str, str]]:
        if self.is_test_source:
            return self.url[len(LAVFI_PREFIX) :], "lavfi", {}
        options: dict[str, str] = {}
        if self.width and self.height:
            options["video_size"] = f"{self.width}x{self.height}"
        if self.framerate:
            options["framerate"] = str(self.framerate)
        return self.url, platform_format(), options

    async def _open(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="camera")
        target, fmt, options = self._open_args()
        try:
            self._container = await self._run(av.open, target, format=fmt, options=options)
            self._decoder = self._container.decode(video=0)
        except (av.error.FFmpegError, OSError, ValueError) as err:
            raise DeviceNotFound(
                "Caméra introuvable ou déjà utilisée par un autre logiciel : vérifiez son câble.",
                device=self.name,
            ) from err
        self._paced_start = None

    async def _close(self) -> None:
        container, self._container = self._container, None
        self._decoder = None
        if container is not None and self._executor is not None:
            await self._run(container.close)
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    async def _run(self, func: Any, *args: Any, **kwargs: Any) -> Any:
        if self._executor is None:
            raise DeviceDisconnected(device=self.name)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: func(*args, **kwargs))

    def _decode_next(self) -> Any:
        return next(self._decoder)

    async def read_frame(self) -> av.VideoFrame:
        """The next frame (opening the camera first if needed)."""
        await self.open()
        try:
            async with asyncio.timeout(self.frame_timeout):
                frame = await self._run(self._decode_next)
        except TimeoutError as err:
            raise DeviceTimeout("La caméra n’envoie plus d’image.", device=self.name) from err
        except (StopIteration, av.error.FFmpegError, OSError) as err:
            await self.close()
            raise DeviceDisconnected(
                "La caméra a été débranchée ou ne répond plus.", device=self.name
            ) from err
        if self.is_test_source and frame.time is not None:
            await self._pace(frame.time)
        return frame

    async def _pace(self, frame_time: float) -> None:
        # A test source decodes as fast as the CPU allows; a camera delivers in real time.
        now = time.monotonic()
        if self._paced_start is None:
            self._paced_start = now - frame_time
        delay = self._paced_start + frame_time - now
        if delay > 0:
            await asyncio.sleep(delay)

    async def frames(self) -> AsyncIterator[av.VideoFrame]:
        while True:
            yield await self.read_frame()

    async def still(self) -> Still:
        """A full-resolution still of the next frame, as lossless PNG."""
        frame = await self.read_frame()
        png = await self._run(encode_png, frame)
        return Still(png=png, width=frame.width, height=frame.height)


def encode_png(frame: av.VideoFrame) -> bytes:
    codec = av.CodecContext.create("png", "w")
    codec.width, codec.height = frame.width, frame.height
    codec.pix_fmt = "rgb24"
    rgb = frame.reformat(format="rgb24")
    packets = codec.encode(rgb) + codec.encode(None)
    return b"".join(bytes(p) for p in packets)
