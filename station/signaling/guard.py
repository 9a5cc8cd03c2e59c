"""Slow and greedy clients cannot lock doctors out of the service.

Each TCP connection goes through :class:`GuardedProtocol` before aiohttp sees it:

- at most ``per_address`` connections from one address (more are dropped at once, without a
  file descriptor held for them); 0 turns it off behind a proxy, which caps per source itself
  (``deploy/haproxy.cfg``);
- a connection must finish its first request's headers within ``header_timeout`` seconds
  (a slowloris sends them a byte at a time), else it is closed; aiohttp's keep-alive timeout
  cuts idle connections after that, and WebSocket heartbeats dead ones.

The service also raises its open-file limit to the hard limit at start (:func:`raise_file_limit`),
as its systemd unit does (``LimitNOFILE``), so thousands of rooms fit.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable
from typing import Any

log = logging.getLogger("station.signaling")

PER_ADDRESS = 64
HEADER_TIMEOUT = 10.0


class Guard:
    def __init__(self, per_address: int = PER_ADDRESS, header_timeout: float = HEADER_TIMEOUT):
        self.per_address = per_address
        self.header_timeout = header_timeout
        self.open: Counter[str] = Counter()
        self.refused = 0
        self.too_slow = 0

    def admit(self, address: str) -> bool:
        if self.per_address and self.open[address] >= self.per_address:
            self.refused += 1
            if self.refused % 100 == 1:  # said, not flooded into the log
                log.warning("connections refused: too many from one address")
            return False
        self.open[address] += 1
        return True

    def release(self, address: str) -> None:
        self.open[address] -= 1
        if self.open[address] <= 0:
            del self.open[address]


class GuardedProtocol(asyncio.Protocol):
    """Wraps aiohttp's protocol for one connection (a plain delegate once the headers came)."""

    def __init__(self, inner: Any, guard: Guard) -> None:
        self.inner = inner
        self.guard = guard
        self.address: str | None = None
        self.timer: asyncio.TimerHandle | None = None
        self.tail = b""
        self.transport: asyncio.BaseTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        peer = transport.get_extra_info("peername")
        address = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        if not self.guard.admit(address):
            transport.abort()
            return
        self.address, self.transport = address, transport
        loop = asyncio.get_running_loop()
        self.timer = loop.call_later(self.guard.header_timeout, self._too_slow)
        self.inner.connection_made(transport)

    def _too_slow(self) -> None:
        self.guard.too_slow += 1
        self.timer = None
        if self.transport is not None:
            self.transport.abort()

    def data_received(self, data: bytes) -> None:
        if self.timer is not None:
            seen = self.tail + data
            if b"\r\n\r\n" in seen:
                self.timer.cancel()
                self.timer = None
            self.tail = seen[-3:]
        self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received()  # type: ignore[no-any-return]

    def connection_lost(self, exc: Exception | None) -> None:
        if self.address is None:  # refused at the door: aiohttp never saw it
            return
        if self.timer is not None:
            self.timer.cancel()
        self.guard.release(self.address)
        self.address = None
        self.inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()


def guarded(factory: Callable[[], Any], guard: Guard) -> Callable[[], GuardedProtocol]:
    return lambda: GuardedProtocol(factory(), guard)


def raise_file_limit() -> int:
    """The soft open-file limit raised to the hard one (POSIX); returns the limit in force."""
    try:
        import resource
    except ImportError:  # Windows: no such limit to raise
        return 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return int(soft)
