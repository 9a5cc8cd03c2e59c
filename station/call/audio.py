"""Sound of the call: the station's microphone out, the doctor's voice in.

The microphone is opened with PyAV from a ``FORMAT:DEVICE`` string: ``alsa:default`` on
Linux, ``dshow:audio=Microphone`` on Windows, ``avfoundation::0`` on macOS, or
``lavfi:sine=…`` as the test source of the demo and the tests. One relay feeds every peer
connection, so a new connection after a network cut does not reopen the device. The doctor's
voice is measured (level in dBFS) so the assistant sees that the doctor is speaking.
"""

from __future__ import annotations

import asyncio
import errno
import fractions
import logging
import math
import time
from array import array
from collections import deque
from concurrent.futures import ThreadPoolExecutor

import av
from aiortc import MediaStreamTrack
from aiortc.contrib.media import MediaRelay
from aiortc.mediastreams import MediaStreamError
from av import AudioFrame

log = logging.getLogger("station.call")

TEST_MICROPHONE = "lavfi:sine=frequency=440:sample_rate=48000"
SPEAKING_DB = -45.0  # above this the doctor is taken to be speaking
SAMPLE_RATE = 48000
FRAME_SAMPLES = 960  # 20 ms: what the Opus encoder takes
# Inputs that deliver sound as it is captured; any other (a lavfi test source, a file) is
# paced to the clock here, or it would be read as fast as the CPU allows.
LIVE_FORMATS = {"alsa", "pulse", "jack", "oss", "sndio", "dshow", "avfoundation", "openal"}


class MicrophoneTrack(MediaStreamTrack):
    """The microphone's sound as 20 ms frames (s16, stereo, 48 kHz), read on a thread of its own.

    One decode generator serves the track's whole life. aiortc's MediaPlayer starts a new
    ``container.decode()`` for every frame and drops it, and PyAV 18 leaks about 150 bytes for
    each generator dropped: 47 frames a second made 25 MB an hour of a kiosk's memory
    (found with heaptrack in tests/bench/bench_soak.py; docs/performance.md).
    """

    kind = "audio"

    def __init__(self, device: str, format_: str) -> None:
        super().__init__()
        self._container = av.open(device, format=format_)
        if not self._container.streams.audio:
            self._container.close()
            raise ValueError("no sound in this source")
        self._stream = self._container.streams.audio[0]
        self._decoded = self._container.decode(self._stream)
        self._resampler = av.AudioResampler(
            format="s16", layout="stereo", rate=SAMPLE_RATE, frame_size=FRAME_SAMPLES
        )
        self._ready: deque[AudioFrame] = deque()
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="microphone")
        self._samples = 0
        self._clock_start: float | None = None
        self._paced = not set(self._container.format.name.split(",")) & LIVE_FORMATS

    def _read(self) -> list[AudioFrame] | None:
        """The next frames, resampled; None at the end of the source. On the reader thread."""
        while True:
            try:
                frame = next(self._decoded, None)
            except av.FFmpegError as err:
                if err.errno != errno.EAGAIN:
                    raise
                # Some inputs (avfoundation) say "not yet"; the generator ended with the error.
                time.sleep(0.01)
                self._decoded = self._container.decode(self._stream)
                continue
            return None if frame is None else self._resampler.resample(frame)

    async def recv(self) -> AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        loop = asyncio.get_running_loop()
        while not self._ready:
            try:
                frames = await loop.run_in_executor(self._reader, self._read)
            except (OSError, ValueError) as err:  # av errors are OSErrors: the device went away
                log.warning("microphone stopped (%s)", type(err).__name__)
                frames = None
            if frames is None:
                self.stop()
                raise MediaStreamError
            self._ready.extend(frames)
        frame = self._ready.popleft()
        frame.pts = self._samples
        frame.time_base = fractions.Fraction(1, SAMPLE_RATE)
        self._samples += frame.samples
        if self._paced:
            now = time.monotonic()
            if self._clock_start is None:
                self._clock_start = now - float(frame.time or 0.0)
            else:
                await asyncio.sleep(max(0.0, self._clock_start + float(frame.time or 0.0) - now))
        return frame

    def stop(self) -> None:
        if self.readyState == "live":
            # Closed on the reader thread, after a read in progress: never under it.
            self._reader.submit(self._container.close)
            self._reader.shutdown(wait=False)
        super().stop()


class Microphone:
    """The station's microphone, shared by the successive peer connections of a call."""

    def __init__(self, source: str) -> None:
        format_, _, device = source.partition(":")
        if not device:
            raise ValueError(f"microphone source {source!r}: expected FORMAT:DEVICE")
        self.source = MicrophoneTrack(device, format_)
        self.relay = MediaRelay()

    def track(self) -> MediaStreamTrack:
        return self.relay.subscribe(self.source, buffered=False)

    def close(self) -> None:
        self.source.stop()


def open_microphone(source: str | None) -> Microphone | None:
    """The microphone, or None (said in the log) when it cannot be opened: the call goes on."""
    if not source:
        return None
    try:
        return Microphone(source)
    except (OSError, ValueError) as err:  # av errors are OSErrors
        log.warning("microphone unavailable (%s)", type(err).__name__)
        return None


def level_db(frame: AudioFrame) -> float:
    """RMS level of a 16-bit frame in dBFS (-inf for silence)."""
    samples = array("h", bytes(frame.planes[0]))
    if not samples:
        return -math.inf
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    return 20 * math.log10(rms / 32768) if rms else -math.inf
