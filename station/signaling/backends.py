"""Where rooms live: in this process (one node), or in Redis so several nodes serve one fleet.

A connection registers a ``deliver`` coroutine; the backend calls it with every message for
that connection: relayed messages, presence (``peer-joined``/``peer-left``), and the control
message ``{"type": "_replaced"}`` when a newer connection of the same role joined elsewhere.
One-time join tokens are remembered by the backend, so a link used on one node is refused on
every node.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

Deliver = Callable[[dict[str, Any]], Awaitable[None]]
REPLACED = {"type": "_replaced"}


log = logging.getLogger("station.signaling")


class MemoryBackend:
    def __init__(self) -> None:
        self.rooms: dict[str, dict[str, tuple[str, Deliver]]] = {}
        self._used: dict[str, int] = {}
        self._ended: dict[tuple[str, str], float] = {}

    async def ready(self) -> bool:
        return True

    def local_rooms(self) -> int:
        return len(self.rooms)

    async def end(self, room: str, roles: tuple[str, ...], ttl: int) -> None:
        """The call is over for these roles: their session tokens no longer join the room."""
        now = time.time()
        self._ended = {k: e for k, e in self._ended.items() if e >= now}
        for role in roles:
            self._ended[(room, role)] = now + ttl

    async def ended(self, room: str, role: str) -> bool:
        return self._ended.get((room, role), 0) >= time.time()

    async def use_once(self, nonce: str, expires: int) -> bool:
        now = time.time()
        self._used = {n: e for n, e in self._used.items() if e >= now}
        if nonce in self._used:
            return False
        self._used[nonce] = expires
        return True

    async def join(self, room: str, role: str, conn: str, deliver: Deliver) -> list[str]:
        members = self.rooms.setdefault(room, {})
        previous = members.get(role)
        members[role] = (conn, deliver)
        if previous is not None:
            await previous[1](REPLACED)
        for other_role, (_, other) in list(members.items()):
            if other_role != role:
                await other({"type": "peer-joined", "role": role})
        return sorted(r for r in members if r != role)

    async def leave(self, room: str, role: str, conn: str) -> None:
        members = self.rooms.get(room, {})
        if members.get(role, ("", None))[0] != conn:
            return  # already replaced by a newer connection
        del members[role]
        for _, other in list(members.values()):
            await other({"type": "peer-left", "role": role})
        if not members:
            self.rooms.pop(room, None)

    async def publish(self, room: str, sender_role: str, message: dict[str, Any]) -> None:
        for other_role, (_, other) in list(self.rooms.get(room, {}).items()):
            if other_role != sender_role:
                await other(message)

    async def close(self) -> None:
        self.rooms.clear()


class RedisBackend:
    """Rooms shared through Redis: a hash of members per room, one pub/sub channel per room.

    Every delivery, local or remote, goes through the channel, so all members see messages in
    the order Redis published them.
    """

    def __init__(self, url: str, prefix: str = "station:signaling") -> None:
        import redis.asyncio as redis  # optional at import: only a --redis deployment needs it

        # A pool that waits for a free connection: a burst of joins (a morning's first calls)
        # would otherwise fail at once with MaxConnectionsError.
        pool = redis.BlockingConnectionPool.from_url(
            url, decode_responses=True, max_connections=64, timeout=5
        )
        self.redis = redis.Redis(connection_pool=pool)
        self._pool = pool
        self.prefix = prefix
        self.local: dict[str, dict[str, tuple[str, Deliver]]] = {}
        self.pubsub = self.redis.pubsub()
        self._listener: asyncio.Task[None] | None = None

    def local_rooms(self) -> int:
        return len(self.local)

    async def ready(self) -> bool:
        from redis.exceptions import RedisError

        try:
            return bool(await self.redis.ping())
        except (RedisError, OSError):
            return False

    def _members(self, room: str) -> str:
        return f"{self.prefix}:room:{room}:members"

    def _channel(self, room: str) -> str:
        return f"{self.prefix}:room:{room}"

    async def end(self, room: str, roles: tuple[str, ...], ttl: int) -> None:
        for role in roles:
            await self.redis.set(f"{self.prefix}:ended:{room}:{role}", "1", ex=ttl)

    async def ended(self, room: str, role: str) -> bool:
        return bool(await self.redis.exists(f"{self.prefix}:ended:{room}:{role}"))

    async def use_once(self, nonce: str, expires: int) -> bool:
        key = f"{self.prefix}:used:{nonce}"
        return bool(
            await self.redis.set(key, "1", nx=True, exat=max(expires, int(time.time()) + 1))
        )

    async def _publish(self, room: str, envelope: dict[str, Any]) -> None:
        await self.redis.publish(self._channel(room), json.dumps(envelope))

    async def join(self, room: str, role: str, conn: str, deliver: Deliver) -> list[str]:
        members = self.local.setdefault(room, {})
        if len(members) == 0:
            await self.pubsub.subscribe(self._channel(room))
            if self._listener is None:
                self._listener = asyncio.create_task(self._listen())
        members[role] = (conn, deliver)
        previous = await self.redis.hget(self._members(room), role)
        await self.redis.hset(self._members(room), role, conn)
        if previous and previous != conn:
            await self._publish(room, {"to": role, "conn": previous, "payload": REPLACED})
        await self._publish(
            room, {"exclude": role, "payload": {"type": "peer-joined", "role": role}}
        )
        roles = await self.redis.hkeys(self._members(room))
        return sorted(r for r in roles if r != role)

    async def leave(self, room: str, role: str, conn: str) -> None:
        members = self.local.get(room, {})
        if members.get(role, ("", None))[0] == conn:
            del members[role]
        if await self.redis.hget(self._members(room), role) == conn:
            await self.redis.hdel(self._members(room), role)
            await self._publish(
                room, {"exclude": role, "payload": {"type": "peer-left", "role": role}}
            )
        if room in self.local and not self.local[room]:
            del self.local[room]
            await self.pubsub.unsubscribe(self._channel(room))

    async def publish(self, room: str, sender_role: str, message: dict[str, Any]) -> None:
        await self._publish(room, {"exclude": sender_role, "payload": message})

    async def _listen(self) -> None:
        from redis.exceptions import RedisError

        delay = 0.1
        while True:
            try:
                message = await self.pubsub.get_message(
                    ignore_subscribe_messages=True, timeout=1.0
                )
            except (RedisError, OSError) as err:
                # Redis restarted or unreachable: the next call reconnects, and redis-py
                # subscribes again to every channel this node listens on.
                log.warning("rooms' channel lost (%s); reconnecting", type(err).__name__)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            delay = 0.1
            if message is None:
                if not self.pubsub.subscribed:
                    await asyncio.sleep(0.05)
                continue
            room = message["channel"].removeprefix(f"{self.prefix}:room:")
            envelope = json.loads(message["data"])
            for role, (conn, deliver) in list(self.local.get(room, {}).items()):
                if role == envelope.get("exclude"):
                    continue
                if "to" in envelope and (role != envelope["to"] or conn != envelope.get("conn")):
                    continue
                with contextlib.suppress(Exception):  # one dead connection must not stop others
                    await deliver(envelope["payload"])

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        await self.pubsub.aclose()
        await self.redis.aclose()
        await self._pool.disconnect()  # ours: Redis() leaves a pool it was given open


def new_connection_id() -> str:
    return uuid.uuid4().hex
