"""Delivery on the ``station`` data channel: each message kept until its acknowledgement, sent
again on every new channel and, when no acknowledgement comes, again after a while.

A data channel that says "open" can be dead underneath (aiortc keeps ``readyState`` "open" for
a moment after its DTLS transport went away, and what is sent then is dropped with a
``ConnectionError`` in one of its own tasks): a message the doctor has not acknowledged is
never taken as delivered. The receiver drops the ids it has seen (:class:`Deduplicator`), so
sending again is always safe.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from station.signals import Signal

RESEND_AFTER = 3.0  # seconds without an acknowledgement before a message goes again
RESEND_MAX = 30.0  # the wait doubles at each try, up to this (a slow link is not flooded)


@dataclass
class _Pending:
    text: str
    tries: int = 0
    last_try: float = -1e9

    def due(self, now: float) -> bool:
        wait = min(RESEND_AFTER * 2 ** max(0, self.tries - 1), RESEND_MAX)
        return now - self.last_try >= wait


class ReliableSender:
    """Keeps each message until its acknowledgement.

    ``transmit`` hands a text to the channel and says whether it could (a closed or dying
    channel cannot); ``resend_all`` follows every new channel; ``resend_due`` runs on a timer.
    ``delivered`` says the id of each message the receiver acknowledged, once.
    """

    def __init__(
        self, transmit: Callable[[str], bool], clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.transmit = transmit
        self.clock = clock
        self.unacked: OrderedDict[str, _Pending] = OrderedDict()
        self.connected = False
        self.delivered: Signal[str] = Signal("delivery.delivered")

    def send(self, message_id: str, text: str) -> str:
        """Queue ``text`` (the encoded message ``message_id``) and try it at once."""
        if message_id in self.unacked:
            return message_id  # already on its way: the same message, sent once
        pending = _Pending(text)
        self.unacked[message_id] = pending
        if self.connected:
            self._try(pending)
        return message_id

    def acknowledged(self, message_id: str) -> None:
        if self.unacked.pop(message_id, None) is not None:
            self.delivered.emit(message_id)

    def resend_all(self) -> int:
        """A new channel: everything not acknowledged goes again, in order."""
        return sum(self._try(pending) for pending in list(self.unacked.values()))

    def resend_due(self) -> int:
        """What waited too long for its acknowledgement goes again (backing off)."""
        if not self.connected:
            return 0
        now = self.clock()
        due = [p for p in list(self.unacked.values()) if p.due(now)]
        return sum(self._try(pending) for pending in due)

    def _try(self, pending: _Pending) -> bool:
        pending.tries += 1
        pending.last_try = self.clock()
        return self.transmit(pending.text)


class Deduplicator:
    def __init__(self, memory: int = 10_000) -> None:
        self.seen: OrderedDict[str, None] = OrderedDict()
        self.memory = memory

    def first_time(self, message_id: str) -> bool:
        if message_id in self.seen:
            return False
        self.seen[message_id] = None
        if len(self.seen) > self.memory:
            self.seen.popitem(last=False)
        return True
