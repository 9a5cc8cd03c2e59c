"""The ``station`` data channel's delivery, for one call however many peer connections it
takes: each message the station sends is kept until the doctor acknowledges it and sent again
on every new channel (and after a while without an acknowledgement); each message from the
doctor is checked, acknowledged, and handled once, even when it comes twice."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from drivers.base import Measurement
from station.call.delivery import Deduplicator, ReliableSender
from station.protocol import channel as wire
from station.signals import Signal

log = logging.getLogger("station.call")

BULK_BUFFERED = 256 * 1024  # bytes a data channel holds unsent before bulk sending waits


def _carrying(channel: Any) -> bool:
    """Whether the channel's DTLS transport is still up: aiortc keeps a channel "open" a
    moment after it went, and drops what is sent meanwhile."""
    sctp = getattr(channel, "transport", None)
    dtls = getattr(sctp, "transport", None)
    return getattr(dtls, "state", "connected") == "connected"


class ChannelLink:
    def __init__(self) -> None:
        self.channel: Any = None
        self.sender = ReliableSender(self._transmit)
        self.received = Deduplicator()
        self.last_heard = -1e9  # monotonic: the doctor's last message (acknowledgements too)
        # What the doctor sends, checked and new (each listener's coroutine is awaited, in
        # order); a new channel open; the current channel closed.
        self.message: Signal[Any] = Signal("channel.message")  # a station.protocol.channel class
        self.opened: Signal[None] = Signal("channel.opened")
        self.closed: Signal[None] = Signal("channel.closed")
        # The id of each message the doctor acknowledged (the station shows it arrived).
        self.delivered: Signal[str] = self.sender.delivered
        self._handlers: set[asyncio.Future[None]] = set()

    @property
    def open(self) -> bool:
        return self.channel is not None and self.channel.readyState == "open"

    def attach(self, channel: Any) -> None:
        """A new peer connection's channel: this call's messages go through it from now on."""
        self.channel = channel

        @channel.on("open")
        def _open() -> None:
            if self.channel is not channel:
                return
            self.last_heard = time.monotonic()
            self.sender.connected = True
            self.sender.resend_all()
            self.opened.emit(None)

        @channel.on("message")
        def _message(raw: str | bytes) -> None:
            task = asyncio.ensure_future(self._handle(raw))
            self._handlers.add(task)
            task.add_done_callback(self._handlers.discard)

        @channel.on("close")
        def _close() -> None:
            if self.channel is channel:  # an old connection's channel is not this call's
                self.sender.connected = False
                self.closed.emit(None)

    def detach(self) -> None:
        """The peer connection goes: nothing more is handed to its channel."""
        if self.channel is not None:
            self.channel = None
            self.sender.connected = False

    def resend_due(self) -> int:
        return self.sender.resend_due()

    def ping(self, number: int) -> None:
        self._transmit(wire.encode(wire.Ping(id=f"ping-{number}")))

    def tell(self, message: dict[str, Any]) -> None:
        """A message that is stale once a newer one exists (call quality): sent once, never
        kept or sent again."""
        self._transmit(wire.encode(wire.stamped(message)))

    def _transmit(self, text: str) -> bool:
        """Hand ``text`` to the channel if it can carry it now; False when it cannot (the
        message stays with the sender until an acknowledgement comes)."""
        channel = self.channel
        if channel is None or channel.readyState != "open" or not _carrying(channel):
            return False
        try:
            channel.send(text)
        except Exception as err:  # aiortc raises what its transports meet: any of them
            log.warning("data channel send failed (%s)", type(err).__name__)
            return False
        return True

    async def _handle(self, raw: str | bytes) -> None:
        try:
            message = wire.decode(raw)  # typed here, once; refused with a reason otherwise
        except wire.InvalidMessage as err:
            log.warning("data channel message refused (%s)", err)
            return
        self.last_heard = time.monotonic()
        if isinstance(message, wire.Ack):
            self.sender.acknowledged(message.id)
            return
        self._transmit(wire.encode(wire.Ack(id=message.id)))
        if not self.received.first_time(message.id):
            return
        for pending in self.message.emit(message):
            await pending

    def send(self, message: dict[str, Any]) -> str:
        """Queue a message for the doctor (its id kept if it has one): sent until the doctor
        acknowledges it, on this channel and on every later one."""
        message = wire.stamped(message)
        return self.sender.send(message["id"], wire.encode(message))

    def send_measurement(self, measurement: Measurement, **fields: Any) -> str:
        """A measurement for the doctor (``id``, ``request``: what it answers, if anything)."""
        payload = measurement.to_dict()
        payload.pop("device_time", None)
        return self.send({"type": "measurement", **fields, "measurement": payload})

    async def send_bulk(self, message: dict[str, Any]) -> str:
        """Like :meth:`send`, for one of many large messages (a clip's chunks): waits while
        the channel still holds more than ``BULK_BUFFERED`` unsent, so a measurement or a
        reply sent meanwhile is not queued behind megabytes."""
        while (channel := self.channel) is not None and channel.bufferedAmount > BULK_BUFFERED:
            await asyncio.sleep(0.02)
        return self.send(message)
