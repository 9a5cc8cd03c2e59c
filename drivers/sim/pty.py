"""Base of the device simulators: a device's bytes on a real pseudo-terminal.

The simulator owns the pty master; the driver under test opens the slave path through pyserial,
exactly as it would open ``/dev/ttyUSB0``. The simulator runs in its own thread so it can serve a
test, the demo, or ``station devices simulate`` alike.

Platform: POSIX only (``os.openpty``, ``termios``). On Windows, use a com0com port pair instead.

Realism kept on purpose:
- writes are paced at the device's baud rate (start + data + parity + stop bits per byte);
- the line settings the driver put on the port are read back (on Linux the pty shares one
  termios between master and slave): if its baud rate or parity differ from the device's, the
  bytes reach the driver garbled, as on a real UART with mismatched settings;
- fault modes: see :class:`Fault`. A fault hits the next ``fault_times`` exchanges, then the
  device behaves again, so a test can check that the measurement after a fault works.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import select
import termios
import threading
import time
import tty
from abc import ABC, abstractmethod
from enum import StrEnum
from typing import ClassVar

from drivers.base import SerialSettings

log = logging.getLogger("drivers.sim")


class Fault(StrEnum):
    GARBAGE = "garbage"  # random bytes instead of a reply / frames
    TRUNCATED = "truncated"  # a frame cut short, then silence
    BAD_CHECKSUM = "bad-checksum"  # a frame whose checksum does not match
    DEVICE_ERROR = "device-error"  # the device reports its own error code
    SILENCE = "silence"  # the device says nothing
    UNPLUG = "unplug"  # the cable is pulled in the middle of a frame
    WRONG_BAUD = "wrong-baud"  # the device runs at another baud rate than the driver expects
    STALE_MEMORY = "stale-memory"  # nobody measured since: the memory holds older readings only


_BAUD_CONSTANTS = {
    getattr(termios, f"B{rate}"): rate
    for rate in (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
    if hasattr(termios, f"B{rate}")
}


class PtySimulator(ABC):
    """Subclasses implement ``on_receive`` (host-driven devices) and/or ``on_tick`` (streaming)."""

    name: ClassVar[str]  # the driver it simulates
    settings: ClassVar[SerialSettings]
    faults: ClassVar[frozenset[Fault]]  # the faults this device can show
    profiles: ClassVar[tuple[str, ...]]
    tick_interval: ClassVar[float | None] = None  # seconds between on_tick calls, if streaming

    def __init__(
        self,
        profile: str | None = None,
        fault: Fault | str | None = None,
        *,
        fault_times: int = 1,
        seed: int | None = None,
        pace: bool = True,
    ) -> None:
        profile = profile or self.profiles[0]
        if profile not in self.profiles:
            raise ValueError(f"unknown profile {profile!r}; choose from {', '.join(self.profiles)}")
        self.profile = profile
        self.fault = Fault(fault) if fault else None
        if self.fault is not None and self.fault not in self.faults:
            raise ValueError(f"{self.name} cannot simulate fault {self.fault}")
        self.fault_left = fault_times if self.fault else 0
        self.rng = random.Random(seed)
        self.pace = pace
        self.baudrate = self.settings.baudrate
        if self.fault is Fault.WRONG_BAUD:
            self.baudrate = self.settings.baudrate * 2
        self._master: int | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._write_lock = threading.Lock()
        self.port = ""
        self.last_write_end = 0.0  # perf_counter() when the last byte was written (benchmarks)
        self.unplugged = threading.Event()
        self.host_connected = False

    # ---- life cycle -------------------------------------------------------------------
    def start(self) -> str:
        master, slave = os.openpty()
        tty.setraw(master)
        tty.setraw(slave)
        self.port = os.ttyname(slave)
        # Only the driver holds the slave end: while nobody has it open, reading the master
        # fails with EIO, which is how a streaming device knows no host is listening.
        os.close(slave)
        # Non-blocking: between select() and read() the host may open the port, and a blocking
        # read would then wait forever for a host that never writes.
        os.set_blocking(master, False)
        self._master = master
        self.host_connected = False
        self._stopping.clear()
        self.unplugged.clear()
        self._thread = threading.Thread(target=self._run, name=f"sim-{self.name}", daemon=True)
        self._thread.simulator = self  # type: ignore[attr-defined]  # see _stale()
        self._thread.start()
        log.debug("%s simulator on %s", self.name, self.port)
        return self.port

    def _stale(self) -> bool:
        """True in a thread of this simulator's previous plug: on a loaded machine it may still
        be finishing an exchange after a replug, and must not touch the new port (its file
        descriptor number may be the old one's)."""
        current = threading.current_thread()
        return getattr(current, "simulator", None) is self and current is not self._thread

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        self._thread = None
        self._close_master()

    def unplug(self) -> None:
        """Pull the cable: the driver's next read fails as with a vanished USB device."""
        if self._stale():
            return
        # Said before the port goes: whoever sees the port fail then finds it unplugged.
        self.unplugged.set()
        self._stopping.set()
        self._close_master()

    def replug(self) -> str:
        """Plug the device back in (a new port path, as a USB device usually gets)."""
        self.stop()
        return self.start()

    def __enter__(self) -> PtySimulator:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _close_master(self) -> None:
        with self._write_lock:
            if self._master is not None:
                with contextlib.suppress(OSError):
                    os.close(self._master)
            self._master = None

    # ---- faults -------------------------------------------------------------------------
    def fault_now(self, *candidates: Fault) -> Fault | None:
        """The active fault if it is one of ``candidates`` (all when none given)."""
        if self.fault_left <= 0 or self.fault is None:
            return None
        if candidates and self.fault not in candidates:
            return None
        return self.fault

    def fault_done(self) -> None:
        """One exchange under fault is over; restore normal line settings when none are left."""
        if self.fault_left > 0:
            self.fault_left -= 1
            if self.fault_left == 0:
                self.baudrate = self.settings.baudrate

    # ---- I/O ------------------------------------------------------------------------------
    def send(self, data: bytes) -> None:
        """Write bytes as the device's UART would put them on the line."""
        with self._write_lock:
            if self._master is None or self._stale():
                return
            if not self._line_matches():
                data = self._garble(data)
            try:
                os.write(self._master, data)
            except BlockingIOError:
                pass  # nobody reads and the line buffer is full: the bytes are lost, as on a UART
            except OSError:
                return
            self.last_write_end = time.perf_counter()
        if self.pace and data:
            time.sleep(len(data) * self._bits_per_byte() / self.baudrate)

    def send_then_unplug(self, frame: bytes) -> None:
        """Half a frame, then the cable is pulled."""
        self.send(frame[: max(1, len(frame) // 2)])
        time.sleep(0.02)
        self.unplug()

    def _bits_per_byte(self) -> float:
        s = self.settings
        return 1 + s.bytesize + (0 if s.parity == "N" else 1) + s.stopbits

    def _line_matches(self) -> bool:
        if self._master is None:
            return False
        try:
            attrs = termios.tcgetattr(self._master)
        except termios.error:
            return True
        driver_baud = _BAUD_CONSTANTS.get(attrs[5])
        if driver_baud is not None and driver_baud != self.baudrate:
            return False
        # Linux ptys keep PARODD but may drop PARENB, so odd parity is what can be checked.
        wants_odd = self.settings.parity == "O"
        return wants_odd == bool(attrs[2] & termios.PARODD)

    def _reset_line(self) -> None:
        # Linux ptys refuse (EINVAL) to set parity again on a slave closed with parity set;
        # a real UART does not care, so clear it for the next host that opens the port.
        if self._master is None:
            return
        with contextlib.suppress(termios.error, OSError):
            attrs = termios.tcgetattr(self._master)
            attrs[2] &= ~(termios.PARENB | termios.PARODD)
            termios.tcsetattr(self._master, termios.TCSANOW, attrs)

    def _garble(self, data: bytes) -> bytes:
        # A receiver sampling at the wrong rate sees other bytes (and framing errors), fewer
        # of them at a lower rate: modelled as noise that keeps none of the frame structure.
        return bytes(self.rng.randrange(256) for byte in data if self.rng.random() >= 0.3)

    def _run(self) -> None:
        next_tick = time.monotonic() + (self.tick_interval or 0)
        while not self._stopping.is_set() and not self._stale():
            master = self._master
            if master is None:
                return
            wait = 0.1
            if self.tick_interval is not None:
                wait = max(0.0, min(wait, next_tick - time.monotonic()))
            try:
                ready, _, _ = select.select([master], [], [], wait)
            except (OSError, ValueError):
                return
            data = b""
            if ready:
                try:
                    data = os.read(master, 4096)
                    self.host_connected = True
                except BlockingIOError:
                    self.host_connected = True  # readable a moment ago, now a host has it open
                except OSError:
                    if self._master is None:
                        return
                    if self.host_connected:
                        self._reset_line()
                    self.host_connected = False  # EIO: no host has the port open
                    time.sleep(0.01)
            elif not self.host_connected:
                self.host_connected = True  # the slave is open again: a host is listening
            try:
                if data and self._line_matches():
                    self.on_receive(data)
                elif data:
                    self.on_garbled(data)
                if self.tick_interval is not None and time.monotonic() >= next_tick:
                    if not self.host_connected:
                        next_tick = time.monotonic() + self.tick_interval
                        continue
                    next_tick += self.tick_interval
                    if next_tick < time.monotonic():  # fell behind: do not burst
                        next_tick = time.monotonic() + self.tick_interval
                    self.on_tick()
            except OSError:
                return

    # ---- device behaviour -----------------------------------------------------------------
    def on_receive(self, data: bytes) -> None:  # noqa: B027 - streaming devices ignore the host
        """Bytes from the host (the driver)."""

    def on_garbled(self, data: bytes) -> None:
        """Host bytes sent at the wrong line settings: the device cannot read them, so it stays
        silent; that exchange used up the wrong-baud fault."""
        if self.fault_now(Fault.WRONG_BAUD):
            self.fault_done()

    def on_tick(self) -> None:  # noqa: B027 - host-driven devices have no clock
        """Called every ``tick_interval`` seconds."""

    @abstractmethod
    def describe(self) -> str:
        """One line saying what the simulated patient shows (for the command line)."""
