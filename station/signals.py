"""Typed signals for live objects: ``connect()`` returns a handle that disconnects.

Plain Python (no Qt), so the logic can tell the UI what changed without knowing it. A screen
that goes away disconnects its handles and stops receiving; a listener that raises is logged and
never stops the others (a reading must still reach the record and the doctor if one view fails).

A listener may be a coroutine function: :meth:`Signal.emit` returns the awaitables it made, so
an emitter that must keep an order (the doctor's messages) awaits them, and one that need not
hands them to :func:`spawn`.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

log = logging.getLogger("station.signals")

T = TypeVar("T")

_background: set[asyncio.Future[Any]] = set()


class Connection:
    """One listener on one signal; ``disconnect()`` is idempotent."""

    def __init__(self, signal: Signal[Any], listener: Callable[..., object]) -> None:
        self._signal: Signal[Any] | None = signal
        self.listener = listener

    @property
    def connected(self) -> bool:
        return self._signal is not None

    def disconnect(self) -> None:
        if self._signal is not None:
            self._signal._remove(self)
            self._signal = None


class Signal(Generic[T]):
    """``emit(value)`` calls every connected listener with ``value``, in connection order."""

    def __init__(self, name: str = "") -> None:
        self.name = name
        self._connections: list[Connection] = []

    def connect(self, listener: Callable[[T], object]) -> Connection:
        connection = Connection(self, listener)
        self._connections.append(connection)
        return connection

    def _remove(self, connection: Connection) -> None:
        if connection in self._connections:
            self._connections.remove(connection)

    def disconnect_all(self) -> None:
        for connection in list(self._connections):
            connection.disconnect()

    @property
    def listeners(self) -> int:
        return len(self._connections)

    def emit(self, value: T) -> list[Awaitable[Any]]:
        pending: list[Awaitable[Any]] = []
        # A copy: a listener may disconnect itself (or another) while this emit runs.
        for connection in list(self._connections):
            if not connection.connected:
                continue
            try:
                result = connection.listener(value)
            except Exception:
                log.exception("listener of %s failed", self.name or "a signal")
                continue
            if inspect.isawaitable(result):
                pending.append(result)
        return pending


def spawn(awaitable: Awaitable[Any], what: str = "task") -> asyncio.Future[Any]:
    """Run an awaitable in the background; its failure is logged, never silently dropped."""
    task = asyncio.ensure_future(awaitable)
    _background.add(task)

    def done(finished: asyncio.Future[Any]) -> None:
        _background.discard(finished)
        if not finished.cancelled() and finished.exception() is not None:
            log.error("%s failed: %r", what, finished.exception())

    task.add_done_callback(done)
    return task


class Connections:
    """The handles a screen holds; ``disconnect_all()`` when it goes away."""

    def __init__(self) -> None:
        self._handles: list[Connection] = []

    def add(self, connection: Connection) -> Connection:
        self._handles.append(connection)
        return connection

    def disconnect_all(self) -> None:
        for handle in self._handles:
            handle.disconnect()
        self._handles.clear()
