"""The doctor's voice on the station's loudspeaker (PortAudio, through ``sounddevice``).

PortAudio plays on every platform the kiosks run (WASAPI/MME on Windows, ALSA or PulseAudio on
Linux, Core Audio on macOS); PyAV has no sound output on Windows. The decoded frames arrive
on the event loop and PortAudio asks for samples from its own thread, so a small buffer sits
between them: playing starts once ``START_SECONDS`` are in it (and again after it ran dry),
and what goes beyond ``MAX_SECONDS`` is dropped from the oldest end so the voice never lags
behind the picture.

Which device: ``[call] speaker`` in station.toml (a name or part of one as PortAudio lists
them; ``"none"`` for no sound; ``STATION_SPEAKER`` overrides it), the system's default
otherwise.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import Any, Protocol

from av import AudioFrame, AudioResampler

from station.config import load

log = logging.getLogger("station.call")

RATE = 48_000
CHANNELS = 2
BYTES_PER_FRAME = 2 * CHANNELS  # 16-bit samples
START_SECONDS = 0.06
MAX_SECONDS = 0.25


class SpeakerUnavailable(Exception):
    pass


class OutputStream(Protocol):
    def stop(self) -> None: ...
    def close(self) -> None: ...


# Opens and starts an output stream calling ``callback(outdata, frames, time, status)`` from its own
# thread for 16-bit stereo samples at RATE, as PortAudio does.
StreamOpener = Callable[[str | None, Callable[..., None]], OutputStream]


def portaudio_stream(device: str | None, callback: Callable[..., None]) -> OutputStream:
    try:
        import sounddevice
    except OSError as err:  # sounddevice loads the PortAudio library on import
        raise SpeakerUnavailable("bibliothèque PortAudio absente (Debian : libportaudio2)") from err
    if not any(d["max_output_channels"] > 0 for d in sounddevice.query_devices()):
        raise SpeakerUnavailable("aucune sortie son sur ce poste")
    try:
        stream = sounddevice.RawOutputStream(
            samplerate=RATE,
            channels=CHANNELS,
            dtype="int16",
            device=device,
            latency="low",
            callback=callback,
        )
        stream.start()
        return stream
    except ValueError as err:
        raise SpeakerUnavailable(f"aucune sortie son nommée « {device} »") from err
    except sounddevice.PortAudioError as err:  # busy, or refused the format
        raise SpeakerUnavailable(f"sortie son refusée ({err})") from err


class Speaker:
    def __init__(self, device: str | None = None, opener: StreamOpener = portaudio_stream) -> None:
        self._buffer = bytearray()
        self._lock = threading.Lock()
        self._playing = False
        self._resampler = AudioResampler(format="s16", layout="stereo", rate=RATE)
        self._source: tuple[str, str, int] | None = None  # format, layout, rate it converts
        self.underruns = 0  # times the buffer ran dry while playing (the network was late)
        self.seconds_played = 0.0
        self._stream = opener(device, self._fill)

    def play(self, frame: AudioFrame) -> None:
        """Queue a decoded frame of the doctor's voice (called on the event loop)."""
        source = (frame.format.name, frame.layout.name, frame.sample_rate)
        if source != self._source:
            # PyAV's converter keeps its first input's format and silently mangles another
            # (a mono 16 kHz voice came out at the wrong pitch): one converter per format.
            self._source = source
            self._resampler = AudioResampler(format="s16", layout="stereo", rate=RATE)
        data = b"".join(
            bytes(out.planes[0])[: out.samples * BYTES_PER_FRAME]
            for out in self._resampler.resample(frame)
        )
        limit = int(MAX_SECONDS * RATE) * BYTES_PER_FRAME
        with self._lock:
            self._buffer += data
            if len(self._buffer) > limit:
                del self._buffer[: len(self._buffer) - limit]

    def _fill(self, outdata: Any, frames: int, _time: Any, _status: Any) -> None:
        """PortAudio's thread asks for ``frames`` samples: the voice, or silence."""
        wanted = frames * BYTES_PER_FRAME
        with self._lock:
            if not self._playing and len(self._buffer) >= START_SECONDS * RATE * BYTES_PER_FRAME:
                self._playing = True
            chunk = b""
            if self._playing:
                chunk = bytes(self._buffer[:wanted])
                del self._buffer[:wanted]
                if len(chunk) < wanted:
                    self._playing = False
                    self.underruns += 1
        outdata[: len(chunk)] = chunk
        outdata[len(chunk) :] = bytes(wanted - len(chunk))
        self.seconds_played += len(chunk) / BYTES_PER_FRAME / RATE

    def close(self) -> None:
        self._stream.stop()
        self._stream.close()


def configured_speaker() -> str | None:
    """``STATION_SPEAKER``, else ``[call] speaker``; None for the system's default."""
    value = os.environ.get("STATION_SPEAKER")
    if value is None:
        section = load().get("call", {})
        value = str(section.get("speaker", "")) if isinstance(section, dict) else ""
    return None if value.strip().lower() in ("", "default") else value.strip()


def open_speaker(device: str | None) -> tuple[Speaker | None, str]:
    """The speaker, or None and why (logged without anything of the call): the call goes on."""
    if device is not None and device.lower() == "none":
        return None, "disabled"
    try:
        return Speaker(device or None), ""
    except SpeakerUnavailable as err:
        log.warning("speaker unavailable (%s)", err)
        return None, str(err)
