"""A connected stethoscope's simulator: heart and breath sounds played into a real audio input.

Linux (ALSA): the simulator defines an ALSA capture device of its own, ``type file`` over the
``null`` device with a named pipe as its input, in a configuration file the driver's process
reads through ``ALSA_CONFIG_PATH`` (:attr:`StethoscopeSimulator.alsa_config_path`). PortAudio
lists it like any sound card's input, so the driver under test is the real one, through the
real audio stack. The sound is 48 kHz, mono, 16-bit, continuous; it comes as fast as the
driver reads it (ALSA's ``null`` device has no clock), not in real time.

The sound (``profiles``): S1 and S2 at the chosen heart rate (energy 20–150 Hz: S1 around 40
and 90 Hz, S2 around 110 Hz), optionally S3 (40 Hz, 150 ms after S2) or a systolic murmur
(band noise 150–400 Hz between S1 and S2), vesicular breath sounds (noise 100–1,000 Hz
swelling with each breath), a little background noise and, now and then, a handling rub.

A test signal (``profile="tones"``, :func:`sweep_and_tones`) measures a path's frequency
response: a logarithmic sweep and stepped tones from 20 Hz to 2 kHz, apart from silent gaps.

Faults: ``unplug`` (after half a second the sound stops coming: what a pulled USB link looks
like to a reader), ``silence`` (a chest piece in the air: digital near-silence), ``clipping``
(the gain far too high: the signal saturates).
"""

from __future__ import annotations

import contextlib
import math
import os
import random
import select
import shutil
import struct
import tempfile
import threading
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

RATE = 48000
BLOCK = 480  # 10 ms
DEVICE_PREFIX = "station_stethoscope_sim"


class StethoscopeFault(StrEnum):
    UNPLUG = "unplug"
    SILENCE = "silence"
    CLIPPING = "clipping"


@dataclass(frozen=True)
class HeartProfile:
    bpm: float
    s3: bool = False
    murmur: bool = False
    breaths_per_min: float = 15.0


PROFILES = {
    "normal": HeartProfile(72),
    "tachycardic": HeartProfile(120, breaths_per_min=22),
    "s3": HeartProfile(90, s3=True),
    "murmur": HeartProfile(72, murmur=True),
}


# The test signal: a gap, the sweep, a gap, then each tone in turn (all at one amplitude).
TONES_HZ = (20, 30, 40, 50, 60, 80, 100, 150, 200, 300, 500, 800, 1000, 1500, 2000)
SWEEP_HZ = (20.0, 2000.0)
SWEEP_SECONDS = 5.0
TONE_SECONDS = 1.0
GAP_SECONDS = 0.5
TEST_AMPLITUDE = 0.25  # of full scale: -12 dBFS, far from clipping


def sweep_and_tones() -> bytes:
    """One loop of the test signal, 16-bit PCM: silence, a logarithmic sweep over
    ``SWEEP_HZ``, silence, then ``TONES_HZ`` one after the other (phase kept from one tone to
    the next, 5 ms fades at the ends of each part: no click spreads energy across the band)."""
    out: list[float] = [0.0] * int(GAP_SECONDS * RATE)
    low, high = SWEEP_HZ
    n = int(SWEEP_SECONDS * RATE)
    growth = math.log(high / low)
    phase = 0.0
    sweep = []
    for i in range(n):
        phase += 2 * math.pi * low * math.exp(growth * i / n) / RATE
        sweep.append(math.sin(phase))
    out += _faded(sweep)
    out += [0.0] * int(GAP_SECONDS * RATE)
    tones: list[float] = []
    phase = 0.0
    for hz in TONES_HZ:
        for _ in range(int(TONE_SECONDS * RATE)):
            phase += 2 * math.pi * hz / RATE
            tones.append(math.sin(phase))
    out += _faded(tones)
    return b"".join(struct.pack("<h", int(TEST_AMPLITUDE * v * 32767)) for v in out)


def _faded(part: list[float]) -> list[float]:
    fade = int(0.005 * RATE)
    for i in range(fade):
        part[i] *= i / fade
        part[-1 - i] *= i / fade
    return part


def _burst(out: list[float], start: int, freqs: tuple[float, ...], ms: float, amp: float) -> None:
    """A damped tone burst (a heart sound) added into ``out`` from sample ``start``."""
    length = int(RATE * ms / 1000)
    for i in range(length):
        if start + i >= len(out):
            return
        t = i / RATE
        envelope = math.sin(math.pi * i / length) * math.exp(-3 * i / length)
        out[start + i] += amp * envelope * sum(math.sin(2 * math.pi * f * t) for f in freqs)


def _band_noise(rng: random.Random, n: int, low: float, high: float) -> list[float]:
    """White noise through a one-pole high-pass at ``low`` and low-pass at ``high`` Hz."""
    a_hp = math.exp(-2 * math.pi * low / RATE)
    a_lp = math.exp(-2 * math.pi * high / RATE)
    out, prev_in, hp, lp = [], 0.0, 0.0, 0.0
    for _ in range(n):
        x = rng.gauss(0.0, 1.0)
        hp = a_hp * (hp + x - prev_in)
        prev_in = x
        lp = (1 - a_lp) * hp + a_lp * lp
        out.append(lp)
    return out


def synthesize(profile: HeartProfile, seed: int | None = None) -> bytes:
    """One loop of the sound (a whole number of heartbeats, about one breath), 16-bit PCM."""
    rng = random.Random(seed)
    beat = RATE * 60.0 / profile.bpm
    beats = max(1, round((60.0 / profile.breaths_per_min) / (60.0 / profile.bpm)))
    n = int(beat * beats)
    out = [0.0] * n
    systole = min(0.33, 0.3 * 72 / profile.bpm + 0.05)  # S1 → S2, shorter when faster
    for k in range(beats):
        s1 = int(k * beat)
        s2 = s1 + int(RATE * systole)
        _burst(out, s1, (40.0, 90.0), 110, 0.30)
        _burst(out, s2, (110.0,), 80, 0.24)
        if profile.s3:
            _burst(out, s2 + int(RATE * 0.15), (40.0,), 60, 0.16)
        if profile.murmur:
            start, length = s1 + int(RATE * 0.08), int(RATE * (systole - 0.1))
            noise = _band_noise(rng, length, 150, 400)
            for i, value in enumerate(noise):
                shape = math.sin(math.pi * i / length)  # crescendo-decrescendo
                out[start + i] += 0.9 * shape * value
    breath = _band_noise(rng, n, 100, 1000)
    for i in range(n):
        swell = max(0.0, math.sin(2 * math.pi * i / n)) ** 2  # inspiration louder
        out[i] += 0.5 * swell * breath[i] + 0.004 * rng.gauss(0.0, 1.0)
    rub_at = rng.randrange(n // 2)
    for i, value in enumerate(_band_noise(rng, RATE // 20, 300, 3000)):
        out[rub_at + i] += 0.4 * value  # the chest piece rubbed against clothing
    return b"".join(struct.pack("<h", max(-32767, min(32767, int(v * 32767)))) for v in out)


def _clipped(pcm: bytes) -> bytes:
    samples = struct.unpack(f"<{len(pcm) // 2}h", pcm)
    return struct.pack(f"<{len(samples)}h", *(max(-32767, min(32767, s * 12)) for s in samples))


class StethoscopeSimulator:
    """Plays the sound into an ALSA capture device of its own, until :meth:`stop`."""

    def __init__(
        self,
        profile: str = "normal",
        *,
        fault: StethoscopeFault | str | None = None,
        seed: int | None = None,
    ) -> None:
        self.test_signal = profile == "tones"
        self.profile = PROFILES["normal" if self.test_signal else profile]
        self.fault = StethoscopeFault(fault) if fault else None
        self.seed = seed
        self.device = f"{DEVICE_PREFIX}_{os.getpid()}_{id(self) % 10000}"
        self._folder: Path | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._fds: list[int] = []

    @property
    def alsa_config_path(self) -> str:
        """The value of ``ALSA_CONFIG_PATH`` for the process that opens the device."""
        assert self._folder is not None, "start() first"
        system = "/usr/share/alsa/alsa.conf"
        return f"{system}:{self._folder / 'asound.conf'}"

    def start(self) -> str:
        """Define the device and start playing; returns the device's name (the driver's port)."""
        self._folder = Path(tempfile.mkdtemp(prefix="station-stethoscope-"))
        pipe = self._folder / "son.pcm"
        os.mkfifo(pipe, 0o600)
        (self._folder / "asound.conf").write_text(
            f'pcm.{self.device} {{\n  type file\n  slave.pcm "null"\n  file "/dev/null"\n'
            f'  infile "{pipe}"\n  format "raw"\n  hint.description "Stethoscope simule"\n}}\n'
        )
        # A reader of our own keeps the pipe open: the device may be opened and closed any
        # number of times, and the writer never gets EPIPE meanwhile.
        self._fds.append(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK))
        self._fds.append(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        sound = sweep_and_tones() if self.test_signal else synthesize(self.profile, self.seed)
        if self.fault is StethoscopeFault.CLIPPING:
            sound = _clipped(sound)
        elif self.fault is StethoscopeFault.SILENCE:
            sound = bytes(len(sound))
        self._thread = threading.Thread(
            target=self._play, args=(sound,), name="stethoscope-sim", daemon=True
        )
        self._thread.start()
        return self.device

    def _play(self, sound: bytes) -> None:
        """Write the sound as fast as it is read, never dropping any: ALSA's ``null`` device
        has no clock, so the reader sets the pace, and a short read from the pipe would be
        padded with stale samples. The sound is continuous; it is not in real time."""
        block = BLOCK * 2
        position, sent = 0, 0
        while not self._stop.is_set():
            if self.fault is StethoscopeFault.UNPLUG and sent >= RATE // 2:
                self._stop.wait(0.05)  # the link is gone: nothing comes any more
                continue
            _, writable, _ = select.select([], [self._fds[1]], [], 0.05)
            if not writable:
                continue  # nobody reads now: wait, losing nothing
            chunk = sound[position : position + block]
            if len(chunk) < block:
                chunk += sound[: block - len(chunk)]
            try:
                written = os.write(self._fds[1], chunk)
            except BlockingIOError:
                continue
            except OSError:
                return
            position = (position + written) % len(sound)
            sent += written // 2

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        for fd in self._fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        self._fds.clear()
        if self._folder is not None:  # the pipe and the device's definition
            shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> StethoscopeSimulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
