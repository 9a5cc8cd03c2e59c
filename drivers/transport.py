"""Asynchronous serial transport over pyserial.

Every port is opened with ``serial.serial_for_url``, so a real port (``/dev/ttyUSB0``,
``COM3``), a simulator's pseudo-terminal, ``loop://`` or ``spy:///dev/ttyUSB0`` (a technician's
traffic dump) all work. pyserial is blocking; each transport owns one worker thread so reads
and writes stay ordered, and the caller only sees coroutines. Reads poll with a short serial
timeout so a cancelled read frees the thread quickly. Works on Linux, Windows and macOS.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import serial

from drivers.base import SerialSettings, settings_dict
from drivers.errors import DeviceDisconnected, DeviceError, DeviceNotFound

T = TypeVar("T")

POLL_SECONDS = 0.05


def _platform_open_errors() -> tuple[type[BaseException], ...]:
    # pyserial lets termios.error escape on POSIX when a tty refuses its settings.
    try:
        import termios
    except ImportError:  # Windows
        return ()
    return (termios.error,)


OPEN_ERRORS = (serial.SerialException, OSError, ValueError, *_platform_open_errors())
# termios.error is no OSError: flush() (tcdrain) on an unplugged POSIX port raises it.
IO_ERRORS = (serial.SerialException, OSError, *_platform_open_errors())


class SerialTransport:
    def __init__(self, url: str, settings: SerialSettings, *, device: str = "") -> None:
        self.url = url
        self.settings = settings
        self.device = device
        self._serial: serial.SerialBase | None = None
        self._executor: ThreadPoolExecutor | None = None

    @property
    def is_open(self) -> bool:
        return self._serial is not None

    async def open(self) -> None:
        if self._serial is not None:
            return
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix=f"serial-{self.device}"
        )
        try:
            self._serial = await self._run(
                serial.serial_for_url,
                self.url,
                timeout=POLL_SECONDS,
                write_timeout=2.0,
                **settings_dict(self.settings),
            )
        except OPEN_ERRORS as err:
            self._shutdown_executor()
            raise DeviceNotFound(
                f"Impossible d’ouvrir le port de l’appareil ({self.url}) : vérifiez qu’il est "
                "branché, allumé, et qu’aucun autre logiciel ne l’utilise.",
                device=self.device,
            ) from err

    async def close(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            with contextlib.suppress(serial.SerialException, OSError):
                await self._run(port.close)
        self._shutdown_executor()

    def _shutdown_executor(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    async def write(self, data: bytes) -> None:
        port = self._require_open()
        await self._io(lambda stop: (port.write(data), port.flush()))

    async def reset_input(self) -> None:
        port = self._require_open()
        await self._io(lambda stop: port.reset_input_buffer())

    async def read(self, size: int, timeout: float) -> bytes:
        """Up to ``size`` bytes: fewer only if ``timeout`` seconds pass first."""
        port = self._require_open()
        deadline = time.monotonic() + timeout

        def blocking_read(stop: threading.Event) -> bytes:
            buf = bytearray()
            while len(buf) < size and not stop.is_set():
                buf += port.read(size - len(buf))
                if time.monotonic() >= deadline:
                    break
            return bytes(buf)

        return await self._io(blocking_read)

    async def read_available(self, timeout: float) -> bytes:
        """Whatever has arrived, waiting at most ``timeout`` for the first byte."""
        port = self._require_open()
        deadline = time.monotonic() + timeout

        def blocking_read(stop: threading.Event) -> bytes:
            while not stop.is_set():
                first = port.read(1)
                if first:
                    waiting = port.in_waiting
                    return first + (port.read(waiting) if waiting else b"")
                if time.monotonic() >= deadline:
                    break
            return b""

        return await self._io(blocking_read)

    async def read_until_quiet(self, quiet: float, limit: int, timeout: float) -> bytes:
        """Bytes until the line stays silent for ``quiet`` seconds (for unterminated replies)."""
        buf = bytearray(await self.read_available(timeout))
        while buf and len(buf) < limit:
            more = await self.read_available(quiet)
            if not more:
                break
            buf += more
        return bytes(buf[:limit])

    def _require_open(self) -> serial.SerialBase:
        if self._serial is None:
            raise DeviceDisconnected("Le port de l’appareil n’est pas ouvert.", device=self.device)
        return self._serial

    async def _io(self, func: Callable[[threading.Event], T]) -> T:
        # The event tells a blocking loop in the worker thread that nobody awaits it any more
        # (the caller timed out or was cancelled), so the thread is free within one poll.
        stop = threading.Event()
        try:
            return await self._run(func, stop)
        except asyncio.CancelledError:
            stop.set()
            raise
        except DeviceError:
            raise
        except IO_ERRORS as err:
            # On every platform a vanished USB/pty port surfaces here (EIO, "device reports
            # readiness to read but returned no data", ERROR_ACCESS_DENIED...).
            raise DeviceDisconnected(device=self.device) from err

    async def _run(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self._executor is None:
            raise DeviceDisconnected("Le port de l’appareil n’est pas ouvert.", device=self.device)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: func(*args, **kwargs))
