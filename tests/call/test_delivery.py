"""The data channel's delivery: nothing the station sends is lost or doubled, whatever the
channel does underneath."""

from __future__ import annotations

from station.call.delivery import RESEND_AFTER, RESEND_MAX, Deduplicator, ReliableSender


class Channel:
    """A channel that can be up, down, or "open" but dropping what it is given."""

    def __init__(self) -> None:
        self.carrying = True
        self.wire: list[str] = []
        self.tries = 0

    def transmit(self, text: str) -> bool:
        self.tries += 1
        if self.carrying:
            self.wire.append(text)
        return self.carrying


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_message_dropped_underneath_goes_again_until_acknowledged() -> None:
    channel, clock = Channel(), Clock()
    sender = ReliableSender(channel.transmit, clock)
    delivered: list[str] = []
    sender.delivered.connect(delivered.append)
    sender.connected = True
    channel.carrying = False  # "open", but its transport is gone
    sender.send("m1", "weight")
    assert channel.wire == [] and list(sender.unacked) == ["m1"]
    clock.now += RESEND_AFTER / 2
    assert sender.resend_due() == 0  # not yet: an acknowledgement may be on its way
    channel.carrying = True
    clock.now += RESEND_AFTER
    sender.resend_due()
    assert channel.wire == ["weight"]
    sender.acknowledged("m1")
    sender.acknowledged("m1")  # a second acknowledgement (the message went twice)
    assert delivered == ["m1"] and not sender.unacked
    clock.now += RESEND_MAX * 2
    sender.resend_due()
    assert channel.wire == ["weight"]  # acknowledged: never again


def test_a_new_channel_carries_everything_waiting_in_order() -> None:
    channel = Channel()
    sender = ReliableSender(channel.transmit, Clock())
    sender.send("a", "first")  # no channel yet: kept
    sender.send("b", "second")
    sender.send("a", "first")  # the same message again: still once
    assert channel.wire == []
    sender.connected = True
    sender.resend_all()
    assert channel.wire == ["first", "second"]


def test_waiting_longer_between_tries_on_a_slow_link() -> None:
    channel, clock = Channel(), Clock()
    sender = ReliableSender(channel.transmit, clock)
    sender.connected = True
    sender.send("m", "x")
    times = []
    for _ in range(240):  # 120 s, a tick every 0.5 s; no acknowledgement ever comes
        clock.now += 0.5
        if sender.resend_due():
            times.append(clock.now - 100.0)
    gaps = [b - a for a, b in zip([0.0, *times], times, strict=False)]
    assert gaps[:4] == [RESEND_AFTER, 2 * RESEND_AFTER, 4 * RESEND_AFTER, 8 * RESEND_AFTER]
    assert max(gaps) == RESEND_MAX  # then every RESEND_MAX, never longer


def test_the_receiver_handles_each_id_once() -> None:
    seen = Deduplicator(memory=3)
    assert seen.first_time("a") and not seen.first_time("a")
    for other in "bcd":
        seen.first_time(other)
    assert seen.first_time("a")  # forgotten beyond its memory, not kept for ever
