"""Dead connections found by one sweep per node instead of one timer per socket.

aiohttp's own heartbeat (``heartbeat=``) schedules a callback on every chunk a socket receives
and a ping task per quiet socket: at 5,000 rooms it was about a tenth of the node's work
(``tests/bench/bench_signaling.py``). Here a socket's handler marks it heard on every frame it
reads, pongs included (the handler answers and reads them itself: ``autoping=False``), and one
task looks at every socket each ``interval``. A socket not heard since the last look is pinged;
one still silent at the next look is cut, as aiohttp would cut it: a dead peer is found within
two intervals. A look that comes late (the node's loop was starved: a busy machine) cuts
nobody: the pongs that arrived meanwhile may still wait in the sockets, unread, and a late
timer is not a dead peer. The silent ones are pinged again and judged at the next look on
time.

A peer can also be alive and stop reading (a frozen page): what is sent to it piles up on
this node. Sending must never wait for such a peer, since the sender is another member's
handler or the node's one reader of Redis (every room of the node would wait). So a socket's
transport buffers up to ``BUFFER_HIGH`` without making writers wait, and a peer with more than
``STUCK_BYTES`` unread is cut before anything more is written to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from aiohttp import web

log = logging.getLogger("station.signaling")

INTERVAL = 10.0  # seconds: silent peers are pinged after one look, cut after two
LATE_SHARE = 0.5  # a look later than this share of the interval: the loop was starved
STUCK_BYTES = 1024 * 1024  # unread by the peer: it is not reading any more
BUFFER_HIGH = 4 * STUCK_BYTES  # never reached (a message is at most 64 KiB): no write waits


class Liveness:
    def __init__(self, interval: float = INTERVAL) -> None:
        self.interval = interval
        self._transports: dict[web.WebSocketResponse, asyncio.WriteTransport] = {}
        self._heard: dict[web.WebSocketResponse, bool] = {}
        self._pinged: set[web.WebSocketResponse] = set()
        self.stuck_bytes = STUCK_BYTES
        self.cut = 0  # connections cut for silence, and sweeps made (for /metrics and tests)
        self.sweeps = 0
        self.late_sweeps = 0  # looks that came late and cut nobody

    def watch(self, ws: web.WebSocketResponse, transport: asyncio.BaseTransport | None) -> None:
        if isinstance(transport, asyncio.WriteTransport):
            transport.set_write_buffer_limits(high=BUFFER_HIGH)
            self._transports[ws] = transport
            self._heard[ws] = True

    def heard(self, ws: web.WebSocketResponse) -> None:
        """The peer sent a frame: it is alive (called on every frame, so kept to a store)."""
        self._heard[ws] = True

    def stuck(self, ws: web.WebSocketResponse) -> bool:
        """True (and the peer cut) if it left more than ``stuck_bytes`` unread."""
        transport = self._transports.get(ws)
        if transport is None or transport.get_write_buffer_size() <= self.stuck_bytes:
            return False
        self.forget(ws)
        transport.abort()
        self.cut += 1
        log.info("connection cut: the peer stopped reading")
        return True

    def forget(self, ws: web.WebSocketResponse) -> None:
        self._transports.pop(ws, None)
        self._heard.pop(ws, None)
        self._pinged.discard(ws)

    async def sweep(self, late: bool = False) -> None:
        """One look at every socket: ping the quiet ones, cut the ones a ping did not wake
        (``late``: the loop was starved, so nobody is cut this time; they are pinged again)."""
        quiet: list[web.WebSocketResponse] = []
        dead: list[web.WebSocketResponse] = []
        for ws in list(self._transports):
            if self._heard.get(ws):
                self._heard[ws] = False
                self._pinged.discard(ws)
            elif ws in self._pinged and not late:
                dead.append(ws)
            else:
                quiet.append(ws)
        for ws in dead:
            transport = self._transports.get(ws)
            self.forget(ws)
            if transport is not None:
                transport.abort()  # its handler's receive ends; the room hears the peer left
        if dead:
            self.cut += len(dead)
            log.info("%d silent connection(s) cut", len(dead))
        self._pinged.update(quiet)
        await asyncio.gather(*(self._ping(ws) for ws in quiet))
        self.sweeps += 1

    async def _ping(self, ws: web.WebSocketResponse) -> None:
        # A peer that stopped reading fills its buffer: the ping must not hold the sweep.
        with contextlib.suppress(ConnectionError, RuntimeError, TimeoutError):
            await asyncio.wait_for(ws.ping(), self.interval)

    async def run(self) -> None:
        last = time.monotonic()
        while True:
            await asyncio.sleep(self.interval)
            now = time.monotonic()
            lateness, last = now - last - self.interval, now
            late = lateness > self.interval * LATE_SHARE
            if late:
                self.late_sweeps += 1
                log.info("liveness look %.1f s late: nobody cut this time", lateness)
            await self.sweep(late=late)
