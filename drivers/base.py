"""Measurement types and the driver base classes.

A driver subclasses :class:`DeviceDriver` (or :class:`VideoDriver` for cameras) and writes
only private hooks (``_open``, ``_measure``, ``_stream``, ``_close``). The public methods here
do, once for every driver: opening on demand, one operation at a time, timeouts, converting
transport failures into typed errors, validating values, and logging (never a measured value:
measurements are patient data).
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar, Self

from drivers.errors import DeviceDisconnected, DeviceError, DeviceTimeout, ProtocolError

log = logging.getLogger("drivers")


class DeviceKind(StrEnum):
    BLOOD_PRESSURE = "blood-pressure"
    THERMOMETER = "thermometer"
    OXIMETER = "oximeter"
    SCALE = "scale"
    CAMERA = "camera"
    STETHOSCOPE = "stethoscope"  # an audio input (drivers/stethoscope.py): clips, not values


class Flag(StrEnum):
    """Quality flags a measurement may carry; a UI translates them."""

    IMPLAUSIBLE = "implausible"  # physiologically impossible: do not use without re-measuring
    OUT_OF_RANGE = "out-of-range"  # outside what the device can measure
    IRREGULAR_HEARTBEAT = "irregular-heartbeat"
    BODY_MOVEMENT = "body-movement"
    CUFF_LOOSE = "cuff-loose"
    IMPROPER_POSITION = "improper-position"
    MANUAL_ENTRY = "manual-entry"
    PREDICTED = "predicted"  # thermometer predictive mode (not a monitored equilibrium value)
    LOW_PERFUSION = "low-perfusion"
    ARTIFACT = "artifact"
    SIGNAL_SEARCHING = "signal-searching"
    LOW_BATTERY = "low-battery"
    FROM_DEVICE_MEMORY = "from-device-memory"  # read back from the device's stored records


@dataclass(frozen=True, slots=True)
class Component:
    """One value of a measurement: LOINC code, value and UCUM unit."""

    name: str  # stable key, e.g. "systolic"
    loinc: str
    value: float
    unit: str  # UCUM, e.g. "mm[Hg]"


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    driver: str
    manufacturer: str
    model: str
    serial_number: str | None = None
    port: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "driver": self.driver,
            "manufacturer": self.manufacturer,
            "model": self.model,
            "serial_number": self.serial_number,
            "port": self.port,
        }


@dataclass(frozen=True, slots=True)
class Measurement:
    kind: DeviceKind
    components: tuple[Component, ...]
    device: DeviceInfo
    time: datetime = field(default_factory=lambda: datetime.now(UTC))
    flags: frozenset[str] = frozenset()
    device_time: datetime | None = None  # the clock of the device, when it stamps its records
    # Raw waveform samples (e.g. the oximeter's plethysmogram), for live display only.
    waveform: tuple[int, ...] = ()
    site: str | None = None  # body site when the device knows it ("oral", "rectal"...)

    def component(self, name: str) -> Component:
        for comp in self.components:
            if comp.name == name:
                return comp
        raise KeyError(name)

    def value(self, name: str) -> float:
        return self.component(name).value

    def with_flags(self, *flags: str) -> Measurement:
        return replace(self, flags=self.flags | frozenset(flags))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": str(self.kind),
            "time": self.time.isoformat(),
            "device": self.device.to_dict(),
            "components": [
                {"name": c.name, "loinc": c.loinc, "value": c.value, "unit": c.unit}
                for c in self.components
            ],
            "flags": sorted(self.flags),
        }
        if self.device_time is not None:
            out["device_time"] = self.device_time.isoformat()
        if self.site is not None:
            out["site"] = self.site
        return out


@dataclass(frozen=True, slots=True)
class UsbId:
    vid: int
    pid: int

    def __str__(self) -> str:
        return f"{self.vid:04X}:{self.pid:04X}"


@dataclass(frozen=True, slots=True)
class SerialSettings:
    baudrate: int
    bytesize: int = 8
    parity: str = "N"  # pyserial's letters: N, E, O
    stopbits: float = 1
    xonxoff: bool = False

    def describe(self) -> str:
        stop = int(self.stopbits) if self.stopbits == int(self.stopbits) else self.stopbits
        return f"{self.baudrate} {self.bytesize}{self.parity}{stop}"


class BaseDevice(ABC):
    """What every device driver declares about itself, and its open/close life cycle."""

    name: ClassVar[str]
    kind: ClassVar[DeviceKind]
    manufacturer: ClassVar[str]
    model: ClassVar[str]
    usb_ids: ClassVar[tuple[UsbId, ...]] = ()
    serial_settings: ClassVar[SerialSettings | None] = None
    open_timeout: ClassVar[float] = 5.0

    def __init__(self, url: str) -> None:
        self.url = url
        self.serial_number: str | None = None
        self.reported_model: str | None = None  # what the device says it is, when it says
        self._is_open = False
        self._lock = asyncio.Lock()

    @property
    def info(self) -> DeviceInfo:
        return DeviceInfo(
            driver=self.name,
            manufacturer=self.manufacturer,
            model=self.reported_model or self.model,
            serial_number=self.serial_number,
            port=self.url,
        )

    @property
    def is_open(self) -> bool:
        return self._is_open

    async def open(self) -> None:
        if self._is_open:
            return
        started = time.perf_counter()
        try:
            async with asyncio.timeout(self.open_timeout):
                await self._open()
        except TimeoutError as err:
            await self._close_quietly()
            raise DeviceTimeout(device=self.name) from err
        except DeviceError:
            await self._close_quietly()
            raise
        self._is_open = True
        log.info("%s opened in %.0f ms", self.name, (time.perf_counter() - started) * 1000)

    async def close(self) -> None:
        if not self._is_open:
            await self._close_quietly()
            return
        self._is_open = False
        await self._close_quietly()
        log.info("%s closed", self.name)

    async def _close_quietly(self) -> None:
        try:
            await self._close()
        except (DeviceError, OSError) as err:  # closing a vanished device is not news
            log.debug("%s: error while closing ignored (%s)", self.name, type(err).__name__)

    async def __aenter__(self) -> Self:
        await self.open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    @abstractmethod
    async def _open(self) -> None: ...

    @abstractmethod
    async def _close(self) -> None: ...


class DeviceDriver(BaseDevice):
    """A device that yields :class:`Measurement` objects.

    Hooks: ``_measure`` (one validated-by-the-base measurement), and for devices that emit
    continuously, ``_stream`` with ``streaming = True``.
    """

    measure_timeout: ClassVar[float] = 30.0
    streaming: ClassVar[bool] = False
    # A streaming device must produce something within this many seconds, or it is silent.
    stream_item_timeout: ClassVar[float] = 3.0

    async def measure(self, timeout: float | None = None) -> Measurement:
        """Take one measurement (opening the device first if needed)."""
        await self.open()
        limit = self.measure_timeout if timeout is None else timeout
        started = time.perf_counter()
        async with self._lock:
            try:
                async with asyncio.timeout(limit):
                    measurement = await self._measure()
            except TimeoutError as err:
                log.warning("%s: no measurement within %.1f s", self.name, limit)
                raise DeviceTimeout(device=self.name) from err
            except DeviceError as err:
                log.warning("%s: measurement failed (%s)", self.name, err.code)
                if isinstance(err, DeviceDisconnected):
                    await self.close()
                raise
        measurement = _checked(measurement)
        log.info(
            "%s: measurement in %.0f ms (%d flags)",
            self.name,
            (time.perf_counter() - started) * 1000,
            len(measurement.flags),
        )
        return measurement

    async def stream(self) -> AsyncIterator[Measurement]:
        """Measurements as the device produces them; a one-shot device yields one."""
        if not self.streaming:
            yield await self.measure()
            return
        await self.open()
        async with self._lock:
            iterator = self._stream().__aiter__()
            try:
                while True:
                    try:
                        async with asyncio.timeout(self.stream_item_timeout):
                            measurement = await anext(iterator)
                    except StopAsyncIteration:
                        return
                    except TimeoutError as err:
                        raise DeviceTimeout(device=self.name) from err
                    yield _checked(measurement)
            except DeviceDisconnected:
                await self.close()
                raise
            finally:
                await iterator.aclose()

    @abstractmethod
    async def _measure(self) -> Measurement: ...

    def _stream(self) -> AsyncIterator[Measurement]:  # pragma: no cover - overridden
        raise NotImplementedError

    def make_measurement(
        self,
        components: tuple[Component, ...],
        *,
        flags: frozenset[str] | set[str] = frozenset(),
        device_time: datetime | None = None,
        waveform: tuple[int, ...] = (),
        site: str | None = None,
    ) -> Measurement:
        # NaN or infinity is no reading: JSON, FHIR and the doctor's page all refuse it, and
        # a record holding one could never be reported. A device sending one is misbehaving.
        for component in components:
            if not math.isfinite(component.value):
                raise ProtocolError(
                    "L’appareil a envoyé une valeur impossible à lire : recommencez la mesure.",
                    device=self.name,
                )
        return Measurement(
            kind=self.kind,
            components=components,
            device=self.info,
            flags=frozenset(flags),
            device_time=device_time,
            waveform=waveform,
            site=site,
        )


def _checked(measurement: Measurement) -> Measurement:
    # Imported here: validation depends on the types above.
    from drivers.validation import validate

    return validate(measurement)


def settings_dict(settings: SerialSettings) -> Mapping[str, Any]:
    return {
        "baudrate": settings.baudrate,
        "bytesize": settings.bytesize,
        "parity": settings.parity,
        "stopbits": settings.stopbits,
        "xonxoff": settings.xonxoff,
    }
