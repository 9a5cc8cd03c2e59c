"""A connected stethoscope, read as the audio input it is.

Model: any connected stethoscope that reaches the PC as an audio input: a USB Audio Class one
("shows up as a microphone"), or a line output into the sound card (Thinklabs One), or a
Bluetooth audio link. Recognised by its device name (``port``: the whole name, or a part of it
such as "Thinklabs"), or on Linux by its USB ids (``port`` ``usb:VID:PID``,
:mod:`drivers.usb_audio`); opened mono at 48 kHz (44.1 kHz when the device only has that).
Transport: PortAudio through ``sounddevice`` (ALSA on Linux, WASAPI or MME on Windows, Core
Audio on macOS), the library the station's speaker already uses. Source: the stethoscope
makers' notes that their devices are plain audio inputs; nothing is decoded here beyond PCM.

No processing at all: no noise suppression, no automatic gain (either destroys auscultation).
The gain is the assistant's, a plain factor; clipping is counted and said. A clip is
returned whole with its figures; a silent or saturated one raises a typed error that still
carries it (``err.clip``), so nothing captured is lost.

One read of the device feeds every listener (:class:`SoundTap`): the doctor hears the live
line while a clip is recorded from the same sound. A live tap keeps the last second at most (a
call that lags skips ahead, it never piles up sound); a clip's tap loses nothing.
"""

from __future__ import annotations

import array
import asyncio
import atexit
import collections
import logging
import math
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from drivers.base import BaseDevice, DeviceKind
from drivers.errors import DeviceDisconnected, DeviceNotFound, MeasurementError
from drivers.usb_audio import input_for_usb, parse_usb_id

log = logging.getLogger("drivers.stethoscope")

RATES = (48000, 44100)
BLOCK_SECONDS = 0.02  # what one read of the device gives every tap (one frame of the line)
LIVE_BLOCKS = 50  # a live tap keeps one second at most
PartSink = Callable[[bytes, bool, str], None]  # (pcm, last, fault): a clip's parts as they come
NO_SOUND_TIMEOUT = 1.0  # seconds without any block: the link is gone
SILENT_DBFS = -60.0  # quieter than this over a whole clip: the chest piece is in the air
CLIPPED_SHARE = 0.005  # more than 0.5 % of samples at full scale: saturated
FULL_SCALE = 32767


@dataclass(frozen=True)
class AudioClip:
    """Mono 16-bit PCM (little-endian) at ``rate``, with what the assistant is told of it."""

    pcm: bytes
    rate: int
    gain: float
    rms_dbfs: float
    clipped_share: float

    @property
    def seconds(self) -> float:
        return len(self.pcm) / 2 / self.rate

    def wav(self) -> bytes:
        """The clip as a WAV file (lossless), as the record keeps it."""
        return wav_file(self.pcm, self.rate)


def wav_file(pcm: bytes, rate: int) -> bytes:
    """Mono 16-bit PCM as a WAV file: lossless, read by every player and by browsers."""
    import io
    import wave

    out = io.BytesIO()
    with wave.open(out, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(rate)
        file.writeframes(pcm)
    return out.getvalue()


class SoundError(MeasurementError):
    """Silent or saturated: said to the assistant; the clip is kept (``clip``)."""

    def __init__(self, message: str, *, device_code: str, clip: AudioClip, device: str) -> None:
        super().__init__(message, device_code=device_code, device=device)
        self.clip = clip


class SoundLost(DeviceDisconnected):
    """The link was lost mid-clip: said to the assistant; what came before is kept (``clip``)."""

    def __init__(self, message: str, *, clip: AudioClip, device: str) -> None:
        super().__init__(message, device=device)
        self.clip = clip


class Stethoscope(BaseDevice):
    name = "stethoscope-audio"
    kind = DeviceKind.STETHOSCOPE
    manufacturer = "Entrée audio"
    model = "Stéthoscope connecté"
    open_timeout = 5.0

    def __init__(self, url: str, *, gain: float = 1.0) -> None:
        super().__init__(url.removeprefix("audio:"))
        self.gain = gain
        self.rate = 0
        self._stream: Any = None
        self._reads: queue.Queue[tuple[Any, int, asyncio.Future[bytes]] | None] | None = None
        # True when closing gave up waiting: a stalled link holds PortAudio's thread in a
        # read (it is let go, and a process ending then must not wait for it at exit).
        self.stuck = False
        self._taps: set[SoundTap] = set()
        self._pump: asyncio.Task[None] | None = None

    async def _open(self) -> None:
        import sounddevice as sd  # PortAudio, loaded when a stethoscope is used

        loop = asyncio.get_running_loop()
        index = await loop.run_in_executor(None, self._find, sd)
        last: Exception | None = None
        for rate in RATES:
            try:
                # Blocking reads on a worker thread: the device sets the pace, and nothing
                # read is dropped on the way (a callback's queue would drop under load).
                stream = sd.RawInputStream(device=index, samplerate=rate, channels=1, dtype="int16")
                stream.start()
            except sd.PortAudioError as err:
                last = err
                continue
            self._stream, self.rate = stream, rate
            self._start_reader()
            return
        raise DeviceNotFound(
            "Le stéthoscope ne s’ouvre pas en 48 ou 44,1 kHz : vérifiez son branchement.",
            device=self.name,
        ) from last

    def _find(self, sd: Any) -> int:
        try:
            usb_id = parse_usb_id(self.url)
        except ValueError as err:
            raise DeviceNotFound(
                "Identifiant USB du stéthoscope mal écrit dans les réglages (attendu "
                "usb:VID:PID).",
                device=self.name,
            ) from err
        if usb_id is not None:
            index = input_for_usb(usb_id, sd.query_devices())
            if index is None:
                raise DeviceNotFound(
                    "Stéthoscope USB introuvable : vérifiez qu’il est branché (sous Windows, "
                    "choisissez son entrée audio par son nom dans les réglages).",
                    device=self.name,
                )
            return index
        wanted = self.url.lower()
        for index, info in enumerate(sd.query_devices()):
            if info["max_input_channels"] >= 1 and wanted in str(info["name"]).lower():
                return index
        raise DeviceNotFound(
            "Stéthoscope introuvable : vérifiez qu’il est branché (ou choisissez son entrée "
            "audio dans les réglages).",
            device=self.name,
        )

    async def _close(self) -> None:
        stream, self._stream = self._stream, None
        if self._reads is not None:
            self._reads.put(None)  # the reader ends once its read (if any) returns
            self._reads = None
        if stream is None:
            return
        # A link that stalled may keep PortAudio's thread in a read: closing waits for it at
        # most this long, on a thread of its own, never on the event loop.
        done = threading.Event()

        def close() -> None:
            try:
                stream.abort()
                stream.close()
            except Exception as err:  # closing a vanished device is not news
                log.debug("stethoscope close: %s", type(err).__name__)
            done.set()

        threading.Thread(target=close, name="stethoscope-close", daemon=True).start()
        closed = await asyncio.get_running_loop().run_in_executor(None, done.wait, 2.0)
        self.stuck = not closed
        if self.stuck:
            _skip_portaudio_exit()

    async def tap(self, *, live: bool = False) -> SoundTap:
        """The sound from now on, with the gain, for one reader; ``close()`` it when done."""
        await self.open()
        tap = SoundTap(self, LIVE_BLOCKS if live else 0)
        self._taps.add(tap)
        if self._pump is None or self._pump.done():
            self._pump = asyncio.create_task(self._feed_taps())
        return tap

    async def _feed_taps(self) -> None:
        # Never ahead of the clock: a device gives sound at its own pace, but an input that
        # gives it as fast as it is read (a file, the simulator) would outrun the live line.
        loop = asyncio.get_running_loop()
        started, samples = loop.time(), 0
        while self._taps:
            try:
                block, hits = _gained(await self._next_block(BLOCK_SECONDS), self.gain)
            except DeviceDisconnected as err:
                for tap in list(self._taps):
                    tap.put(err)
                self._taps.clear()
                return
            for tap in list(self._taps):
                tap.put((block, hits))
            samples += len(block) // 2
            ahead = started + samples / self.rate - loop.time()
            if ahead > 0.05:
                await asyncio.sleep(ahead)
            elif ahead < -1.0:  # behind for good (the machine stalled): a new reference
                started, samples = loop.time(), 0

    def _start_reader(self) -> None:
        """Blocking reads on a daemon thread of this stream's own, one when asked: a stalled
        link holds that thread in PortAudio for good, and a daemon thread is not waited for
        when the app ends (the event loop's executor's threads are)."""
        reads: queue.Queue[tuple[Any, int, asyncio.Future[bytes]] | None] = queue.Queue()
        self._reads = reads

        def read_when_asked() -> None:
            while (asked := reads.get()) is not None:
                stream, frames, future = asked
                loop = future.get_loop()
                try:
                    data, _overflowed = stream.read(frames)
                except Exception as err:  # the device vanished: said to the waiting read
                    loop.call_soon_threadsafe(_settle, future, None, err)
                    continue
                loop.call_soon_threadsafe(_settle, future, bytes(data), None)

        threading.Thread(target=read_when_asked, name="stethoscope-read", daemon=True).start()

    async def _next_block(self, seconds: float = BLOCK_SECONDS) -> bytes:
        if self._stream is None or self._reads is None:
            raise DeviceDisconnected(device=self.name)
        frames = int(self.rate * seconds)
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._reads.put((self._stream, frames, future))
        try:
            async with asyncio.timeout(NO_SOUND_TIMEOUT):
                return await future
        except Exception as err:  # the link stalled (timeout) or vanished (PortAudio)
            await self.close()
            raise DeviceDisconnected(
                "Le stéthoscope ne transmet plus de son : vérifiez qu’il est branché, puis "
                "recommencez l’enregistrement.",
                device=self.name,
            ) from err

    async def record(
        self,
        seconds: float,
        on_part: PartSink | None = None,
        part_seconds: float = 1.0,
    ) -> AudioClip:
        """A clip of ``seconds`` (what came before the call is dropped).

        ``on_part(pcm, last, fault)`` gets each ``part_seconds`` of it as soon as it is
        captured, so the record can keep it: the final part has ``last`` and the clip's fault
        ("silent", "clipping" or ""); when the sound is lost, what came is handed over with
        ``last`` False (the clip was interrupted).
        """
        await self.open()
        async with self._lock:
            tap = await self.tap()
            wanted = int(seconds * self.rate) * 2
            part_bytes = max(2, int(part_seconds * self.rate) * 2)
            pcm, clipped, handed = bytearray(), 0, 0
            try:
                while len(pcm) < wanted:
                    try:
                        block, hits = await tap.read()
                    except DeviceDisconnected as err:
                        if on_part is not None and handed < len(pcm):
                            on_part(bytes(pcm[handed:]), False, "")
                        kept = _clip(bytes(pcm), self.rate, self.gain, clipped)
                        raise SoundLost(err.message, clip=kept, device=self.name) from err
                    pcm += block
                    clipped += hits
                    # Whole parts as they fill; the clip's last part waits for its verdict.
                    while on_part is not None and handed + part_bytes < min(len(pcm), wanted):
                        on_part(bytes(pcm[handed : handed + part_bytes]), False, "")
                        handed += part_bytes
            finally:
                tap.close()
            pcm = pcm[:wanted]
        clip = _clip(bytes(pcm), self.rate, self.gain, clipped)
        fault = _fault(clip)
        if on_part is not None:
            on_part(bytes(pcm[handed:]), True, fault)
        if fault == "clipping":
            raise SoundError(
                "Le son du stéthoscope sature : baissez le gain, puis recommencez.",
                device_code="clipping",
                clip=clip,
                device=self.name,
            )
        if fault == "silent":
            raise SoundError(
                "Aucun son au stéthoscope : posez bien la membrane sur la peau, vérifiez "
                "qu’il est allumé, puis recommencez.",
                device_code="silent",
                clip=clip,
                device=self.name,
            )
        log.info("stethoscope: %.1f s recorded", clip.seconds)  # never the sound itself
        return clip


def _settle(future: asyncio.Future[bytes], data: bytes | None, err: Exception | None) -> None:
    if future.done():  # given up on (the link stalled past the timeout)
        return
    if err is not None:
        future.set_exception(err)
    else:
        future.set_result(data or b"")


def _skip_portaudio_exit() -> None:
    """PortAudio's exit handler (sounddevice's, at interpreter exit) terminates the library,
    which waits for a read a stalled link holds for good: the process would never end. The
    system frees the device when the process ends; the handler is dropped."""
    import sounddevice as sd

    handler = getattr(sd, "_exit_handler", None)
    if handler is not None:
        atexit.unregister(handler)
        log.warning("stethoscope: a stalled read is let go; PortAudio is not ended at exit")


def _fault(clip: AudioClip) -> str:
    if clip.clipped_share > CLIPPED_SHARE:
        return "clipping"
    if clip.rms_dbfs < SILENT_DBFS:
        return "silent"
    return ""


class SoundTap:
    """The stethoscope's sound from the moment the tap opened, for one reader."""

    def __init__(self, owner: Stethoscope, keep: int) -> None:
        self._owner = owner
        self._keep = keep  # blocks kept at most (0: all, for a clip)
        self._blocks: collections.deque[tuple[bytes, int] | DeviceDisconnected] = (
            collections.deque()
        )
        self._ready = asyncio.Event()
        self.skipped = 0  # live blocks dropped because the reader lagged

    def put(self, item: tuple[bytes, int] | DeviceDisconnected) -> None:
        self._blocks.append(item)
        if self._keep and len(self._blocks) > self._keep:
            self._blocks.popleft()
            self.skipped += 1
        self._ready.set()

    async def read(self) -> tuple[bytes, int]:
        """The next block and how many of its samples hit full scale; raises
        :class:`DeviceDisconnected` once the sound is gone."""
        while not self._blocks:
            self._ready.clear()
            await self._ready.wait()
        item = self._blocks.popleft()
        if isinstance(item, DeviceDisconnected):
            self._blocks.appendleft(item)  # said again to a reader that asks again
            raise item
        return item

    def close(self) -> None:
        self._owner._taps.discard(self)


def _gained(block: bytes, gain: float) -> tuple[bytes, int]:
    """The block with the gain applied, and how many samples hit full scale."""
    samples = array.array("h")
    samples.frombytes(block)
    hits = 0
    if gain != 1.0:
        for i, value in enumerate(samples):
            scaled = int(value * gain)
            if scaled >= FULL_SCALE or scaled <= -FULL_SCALE:
                hits += 1
                scaled = FULL_SCALE if scaled > 0 else -FULL_SCALE
            samples[i] = scaled
    else:
        hits = sum(1 for value in samples if value >= FULL_SCALE or value <= -FULL_SCALE)
    return samples.tobytes(), hits


def _clip(pcm: bytes, rate: int, gain: float, clipped: int) -> AudioClip:
    samples = array.array("h")
    samples.frombytes(pcm)
    count = max(1, len(samples))
    power = sum(value * value for value in samples) / count
    rms_dbfs = 10 * math.log10(power / FULL_SCALE**2) if power > 0 else -120.0
    return AudioClip(pcm, rate, gain, rms_dbfs, clipped / count)
