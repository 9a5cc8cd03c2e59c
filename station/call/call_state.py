"""Where the station's call stands, judged from what actually flows, never from whichever
callback ran last.

The facts: whether the service says the doctor is in the room, whether the data channel is
open, when the doctor was last heard on it (any message, acknowledgements included), when the
doctor's sound or video last arrived, and whether the service ended the call. A busy machine
is not a lost doctor: time the event loop spent stalled does not count as silence (the
doctor's messages were waiting in the socket meanwhile), and the doctor is taken as gone only
after the service has said so for a while *and* nothing arrives from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CallState(StrEnum):
    NOT_STARTED = "not-started"  # no room yet
    WAITING = "waiting"  # the room is open; no doctor (the link and QR code are shown)
    CONNECTING = "connecting"  # the doctor is in the room; the call is being set up
    IN_CALL = "in-call"  # the doctor's messages or media arrive
    INTERRUPTED = "interrupted"  # the doctor was here; nothing arrives for now: reconnecting
    ENDED = "ended"  # the doctor ended it, or the service cut it for good


LOST_AFTER = 8.0  # seconds of silence (loop stalls excluded) before a call is "interrupted"
GONE_AFTER = 20.0  # seconds the service says the doctor left, silent, before "waiting" again
STALL = 0.5  # a timer this late means the loop was stalled: what it held back is not silence


@dataclass
class CallFacts:
    doctor_in_room: bool = False
    channel_open: bool = False
    last_heard: float = -1e9  # monotonic: the doctor's last data-channel message
    last_media: float = -1e9  # monotonic: the doctor's last sound or video frame
    doctor_left_at: float | None = None  # monotonic: when the service said the doctor left
    ended: str = ""  # "finished", "revoked"


class CallJudge:
    """Turns the facts into a :class:`CallState`, with the hysteresis a busy machine needs."""

    def __init__(self) -> None:
        self.state = CallState.WAITING
        self._resumed_at = -1e9  # the loop's last recovery from a stall
        self._last_tick: float | None = None

    def tick(self, now: float, period: float) -> None:
        """A periodic timer fired: if it fired late, the loop was stalled until ``now``."""
        if self._last_tick is not None and now - self._last_tick > period + STALL:
            self._resumed_at = now
        self._last_tick = now

    def silence(self, facts: CallFacts, now: float) -> float:
        """Seconds without a word or a frame from the doctor, not counting a stalled loop."""
        return now - max(facts.last_heard, facts.last_media, self._resumed_at)

    def judge(self, facts: CallFacts, now: float) -> CallState:
        self.state = self._next(facts, now)
        return self.state

    def _next(self, facts: CallFacts, now: float) -> CallState:
        if facts.ended:
            return CallState.ENDED
        silent = self.silence(facts, now) > LOST_AFTER
        # A call begins with the data channel; it goes on while the doctor is heard, even
        # while a new connection replaces the channel under flowing media.
        if not silent and (facts.channel_open or self.state == CallState.IN_CALL):
            return CallState.IN_CALL
        if self.state in (CallState.IN_CALL, CallState.INTERRUPTED):
            gone = (
                facts.doctor_left_at is not None
                and now - max(facts.doctor_left_at, self._resumed_at) > GONE_AFTER
            )
            if not (gone and silent):
                return CallState.INTERRUPTED
        if facts.doctor_in_room:
            return CallState.CONNECTING
        return CallState.WAITING
