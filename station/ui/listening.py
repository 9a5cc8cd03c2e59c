"""A screen's connections to the logic's signals, cut when the screen goes away.

The logic outlives its screens (the device manager serves every consultation of the day), so
a screen that stayed subscribed after Qt deleted it would be called on a dead widget. Each
screen keeps its handles in one :class:`Listening` and calls :meth:`Listening.stop` when it is
taken down; Qt's ``destroyed`` stops it too, as a safety net.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject

from station.signals import Connections, Signal

T = TypeVar("T")


class Listening:
    def __init__(self, owner: QObject) -> None:
        self._links = Connections()
        links = self._links  # not self: the lambda must not keep the owner alive
        owner.destroyed.connect(lambda *_: links.disconnect_all())

    def to(self, signal: Signal[T], listener: Callable[[T], Any]) -> None:
        self._links.add(signal.connect(listener))

    def stop(self) -> None:
        self._links.disconnect_all()
