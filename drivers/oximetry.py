"""What every streaming pulse oximeter driver shares: from a stream of samples to one reading.

A driver turns its frames into :class:`OximetrySample` objects (``_samples``); this base
decides when a spot reading is trustworthy (finger in, signal found, values steady for
``stable_seconds``), surfaces finger-out and probe errors as :class:`MeasurementError`, and a
link that yields only garbage as :class:`ProtocolError`.
"""

from __future__ import annotations

import statistics
import time
from abc import abstractmethod
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from drivers.base import Component, DeviceKind, Flag, Measurement
from drivers.errors import DeviceTimeout, MeasurementError, ProtocolError
from drivers.loinc import PER_MIN, PERCENT, PULSE_RATE_OXIMETRY, SPO2
from drivers.serial_driver import SerialDeviceDriver


@dataclass(frozen=True, slots=True)
class OximetrySample:
    spo2: int | None  # None when the device has no valid value
    pulse: int | None
    pleth: tuple[int, ...] = ()
    finger_out: bool = False
    probe_error: bool = False
    flags: frozenset[str] = field(default_factory=frozenset)


class Decoded(Protocol):
    def to_sample(self) -> OximetrySample: ...


class FrameParser(Protocol):
    def feed(self, data: bytes) -> Sequence[Decoded]: ...


@dataclass
class LinkStats:
    """Counts a technician can read: bytes dropped while resynchronising, frames kept."""

    frames: int = 0
    dropped_bytes: int = 0
    bad_frames: int = 0


class StreamingOximeter(SerialDeviceDriver):
    kind = DeviceKind.OXIMETER
    streaming = True
    stable_seconds: ClassVar[float] = 0.75
    finger_out_grace: ClassVar[float] = 4.0  # the assistant needs a moment to place the clip
    probe_error_grace: ClassVar[float] = 0.5
    # More unreadable bytes than this within one second: the line is not usable.
    garbage_limit: ClassVar[int] = 150
    max_spread: ClassVar[tuple[int, int]] = (2, 6)  # SpO2 %, pulse /min, within the window

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.stats = LinkStats()
        self._window_start = time.monotonic()
        self._window_dropped = 0
        self._bytes_at_check = 0
        self._dropped_at_check = 0

    def _check_link(self) -> None:
        """Raise ProtocolError when the last second brought mostly unreadable bytes, or when
        most of the last ``2 × garbage_limit`` bytes were: on a loaded machine a garbled line's
        bytes may arrive slower than the limit per second, and are no less garbage."""
        dropped = self.stats.dropped_bytes + self.stats.bad_frames * 5
        received = dropped + self.stats.frames * 5  # frames of about five bytes
        if received - self._bytes_at_check >= 2 * self.garbage_limit:
            garbled = dropped - self._dropped_at_check > self.garbage_limit
            self._bytes_at_check, self._dropped_at_check = received, dropped
            if garbled:
                raise ProtocolError(device=self.name)
        if dropped - self._window_dropped > self.garbage_limit:
            self._window_dropped = dropped
            raise ProtocolError(device=self.name)
        if time.monotonic() - self._window_start >= 1.0:
            self._window_start = time.monotonic()
            self._window_dropped = dropped

    silence_timeout: ClassVar[float] = 2.0

    @abstractmethod
    def _make_parser(self) -> FrameParser:
        """A fresh parser for this device's byte stream, counting into ``self.stats``."""

    async def _samples(self) -> AsyncIterator[OximetrySample]:
        parser = self._make_parser()
        while True:
            data = await self.transport.read_available(self.silence_timeout)
            if not data:
                raise DeviceTimeout(
                    "L’oxymètre n’envoie plus de données : vérifiez qu’il est allumé et branché.",
                    device=self.name,
                )
            decoded = parser.feed(data)
            self._check_link()
            for item in decoded:
                yield item.to_sample()

    def _to_measurement(self, sample: OximetrySample) -> Measurement:
        components = []
        if sample.spo2 is not None:
            components.append(Component("spo2", SPO2, sample.spo2, PERCENT))
        if sample.pulse is not None:
            components.append(Component("pulse", PULSE_RATE_OXIMETRY, sample.pulse, PER_MIN))
        return self.make_measurement(tuple(components), flags=sample.flags, waveform=sample.pleth)

    async def _stream(self) -> AsyncIterator[Measurement]:
        async for sample in self._samples():
            yield self._to_measurement(sample)

    async def _measure(self) -> Measurement:
        await self.transport.reset_input()
        self._window_start = time.monotonic()
        self._window_dropped = self.stats.dropped_bytes + self.stats.bad_frames * 5
        self._dropped_at_check = self._window_dropped
        self._bytes_at_check = self._window_dropped + self.stats.frames * 5
        window: list[OximetrySample] = []
        finger_out_since: float | None = None
        probe_error_since: float | None = None
        window_start = 0.0
        async for sample in self._samples():
            now = time.monotonic()
            if sample.probe_error:
                probe_error_since = probe_error_since or now
                if now - probe_error_since >= self.probe_error_grace:
                    raise MeasurementError(
                        "Le capteur de l’oxymètre signale un défaut : vérifiez le capteur et son "
                        "câble, puis recommencez.",
                        device_code="probe-error",
                        device=self.name,
                    )
            else:
                probe_error_since = None
            if sample.finger_out:
                finger_out_since = finger_out_since or now
                if now - finger_out_since >= self.finger_out_grace:
                    raise MeasurementError(
                        "Aucun doigt détecté dans l’oxymètre : placez le capteur sur le doigt du "
                        "patient, puis recommencez.",
                        device_code="finger-out",
                        device=self.name,
                    )
            else:
                finger_out_since = None
            if (
                sample.spo2 is None
                or sample.pulse is None
                or sample.finger_out
                or sample.probe_error
            ):
                window.clear()
                continue
            if not window:
                window_start = now
            window.append(sample)
            if not self._steady(window):
                window = [sample]
                window_start = now
                continue
            if now - window_start >= self.stable_seconds:
                return self._reading(window)
        raise ProtocolError(device=self.name)  # the stream ended: only a vanished port does that

    def _steady(self, window: list[OximetrySample]) -> bool:
        spo2 = [s.spo2 for s in window if s.spo2 is not None]
        pulse = [s.pulse for s in window if s.pulse is not None]
        return (max(spo2) - min(spo2) <= self.max_spread[0]) and (
            max(pulse) - min(pulse) <= self.max_spread[1]
        )

    def _reading(self, window: list[OximetrySample]) -> Measurement:
        spo2 = round(statistics.median(s.spo2 for s in window if s.spo2 is not None))
        pulse = round(statistics.median(s.pulse for s in window if s.pulse is not None))
        flags: set[str] = set()
        for s in window:
            flags |= s.flags
        flags.discard(Flag.SIGNAL_SEARCHING)
        return self.make_measurement(
            (
                Component("spo2", SPO2, spo2, PERCENT),
                Component("pulse", PULSE_RATE_OXIMETRY, pulse, PER_MIN),
            ),
            flags=flags,
            waveform=tuple(p for s in window for p in s.pleth),
        )
