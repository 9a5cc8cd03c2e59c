"""Sound of the call: the station's microphone out, the doctor's voice in.

The microphone is opened with aiortc's MediaPlayer (PyAV underneath) from a ``FORMAT:DEVICE``
string: ``alsa:default`` on Linux, ``dshow:audio=Microphone`` on Windows,
``avfoundation::0`` on macOS, or ``lavfi:sine=…`` as the test source of the demo and the
tests. One relay feeds every peer connection, so a new connection after a network cut does
not reopen the device. The doctor's voice is measured (level in dBFS) so the assistant sees
that the doctor is speaking.
"""

from __future__ import annotations

import logging
import math
from array import array

from aiortc import MediaStreamTrack
from aiortc.contrib.media import MediaPlayer, MediaRelay
from av import AudioFrame

log = logging.getLogger("station.call")

TEST_MICROPHONE = "lavfi:sine=frequency=440:sample_rate=48000"
SPEAKING_DB = -45.0  # above this the doctor is taken to be speaking


class Microphone:
    """The station's microphone, shared by the successive peer connections of a call."""

    def __init__(self, source: str) -> None:
        format_, _, device = source.partition(":")
        if not device:
            raise ValueError(f"microphone source {source!r}: expected FORMAT:DEVICE")
        self.player = MediaPlayer(device, format=format_)
        if self.player.audio is None:
            raise ValueError(f"no sound in {source!r}")
        self.relay = MediaRelay()

    def track(self) -> MediaStreamTrack:
        assert self.player.audio is not None
        return self.relay.subscribe(self.player.audio, buffered=False)

    def close(self) -> None:
        if self.player.audio is not None:
            self.player.audio.stop()


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
