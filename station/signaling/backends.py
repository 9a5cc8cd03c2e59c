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
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import orjson

Deliver = Callable[[dict[str, Any]], Awaitable[None]]
REPLACED = {"type": "_replaced"}


log = logging.getLogger("station.signaling")

STREAM_TTL = 4 * 3600  # a room's Stream outlives its longest session token, then goes


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


# One round trip for a batch of messages: each is appended to the inbox Stream of every node
# with a member in its room, in the batch's order (so every member sees one order).
# KEYS[i]: the nodes of message i's room; ARGV: inbox prefix, length, TTL, then room and
# envelope of each message.
FAN_OUT = """
local touched = {}
for i, nodes_key in ipairs(KEYS) do
  local room, envelope = ARGV[2 + 2 * i], ARGV[3 + 2 * i]
  for _, node in ipairs(redis.call('SMEMBERS', nodes_key)) do
    local inbox = ARGV[1] .. node
    redis.call('XADD', inbox, 'MAXLEN', '~', ARGV[2], '*', 'r', room, 'e', envelope)
    touched[inbox] = true
  end
end
for inbox in pairs(touched) do
  redis.call('EXPIRE', inbox, ARGV[3])
end
return #KEYS
"""


class RedisBackend:
    """Rooms shared through Redis: a hash of members and a set of nodes per room, and one
    inbox Stream per node.

    A message for a room is appended to the inbox of each node with a member there, and each
    node reads its own inbox. A Stream, unlike pub/sub, keeps what it was given: a node whose
    connection to Redis drops for a moment reads on from where it stopped, so no signaling
    message is lost to the gap (pub/sub delivers at most once). One inbox per node keeps each
    read to one key, whatever the number of rooms.
    """

    INBOX_LENGTH = 100_000  # entries kept per node's inbox (a few minutes at full load)
    BLOCK_MS = 1000
    BATCH = 500  # messages per round trip at most

    def __init__(self, url: str, prefix: str = "station:signaling") -> None:
        import redis.asyncio as redis  # optional at import: only a --redis deployment needs it

        # A pool that waits for a free connection: a burst of joins (a morning's first calls)
        # would otherwise fail at once with MaxConnectionsError.
        # A command on a connection that went stale (Redis restarted) is tried again on a fresh
        # one, a few times, before it fails.
        from redis.asyncio.retry import Retry
        from redis.backoff import ExponentialBackoff
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        pool = redis.BlockingConnectionPool.from_url(
            url,
            decode_responses=True,
            max_connections=64,
            timeout=5,
            retry=Retry(ExponentialBackoff(cap=1.0, base=0.05), 3),
            retry_on_error=[RedisConnectionError, RedisTimeoutError],
        )
        self.redis = redis.Redis(connection_pool=pool)
        self._pool = pool
        self.prefix = prefix
        self.local: dict[str, dict[str, tuple[str, Deliver]]] = {}
        self.node = new_connection_id()
        self.cursor = "0-0"  # the last entry read from this node's inbox (a new one: empty)
        self._fan_out = self.redis.register_script(FAN_OUT)
        self._listener: asyncio.Task[None] | None = None
        self._outgoing: list[tuple[str, bytes, asyncio.Future[None]]] = []
        self._sender: asyncio.Task[None] | None = None

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

    def _nodes(self, room: str) -> str:
        return f"{self.prefix}:room:{room}:nodes"

    def _inbox(self, node: str) -> str:
        return f"{self.prefix}:inbox:{node}"

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
        """Handed to Redis with the messages that came meanwhile, in one round trip.

        A round trip per message held a node near 2,000 messages a second (the client's own
        work per command); while one batch is on its way the next gathers, so batches grow
        with the load and a lone message goes at once. Returns once Redis has it (or raises).
        """
        done = asyncio.get_running_loop().create_future()
        self._outgoing.append((room, orjson.dumps(envelope), done))
        if self._sender is None or self._sender.done():
            self._sender = asyncio.create_task(self._send_batches())
        await done

    async def _send_batches(self) -> None:
        while self._outgoing:
            batch, self._outgoing = self._outgoing[: self.BATCH], self._outgoing[self.BATCH :]
            args: list[str | int | bytes] = [f"{self.prefix}:inbox:", self.INBOX_LENGTH]
            args.append(STREAM_TTL)
            for room, envelope, _ in batch:
                args += (room, envelope)
            try:
                await self._fan_out(keys=[self._nodes(room) for room, _, _ in batch], args=args)
            except Exception as err:  # each sender hears it (Redis away: "réessayez")
                _settle(batch, err)
                continue
            except asyncio.CancelledError:  # the node stops: nobody waits for ever
                _settle(batch + self._outgoing, RedisGone("node stopping"))
                self._outgoing = []
                raise
            _settle(batch, None)

    async def _follow(self, room: str) -> None:
        """This node has a member in the room from now on: its messages come to our inbox."""
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.sadd(self._nodes(room), self.node)
            pipe.expire(self._nodes(room), STREAM_TTL)
            await pipe.execute()
        if self._listener is None:
            self._listener = asyncio.create_task(self._listen())

    async def join(self, room: str, role: str, conn: str, deliver: Deliver) -> list[str]:
        if room not in self.local:
            await self._follow(room)
        members = self.local.setdefault(room, {})
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
        if room in self.local and not self.local[room]:
            del self.local[room]
            await self.redis.srem(self._nodes(room), self.node)
        if await self.redis.hget(self._members(room), role) == conn:
            await self.redis.hdel(self._members(room), role)
            await self._publish(
                room, {"exclude": role, "payload": {"type": "peer-left", "role": role}}
            )

    async def publish(self, room: str, sender_role: str, message: dict[str, Any]) -> None:
        await self._publish(room, {"exclude": sender_role, "payload": message})

    async def _listen(self) -> None:
        from redis.exceptions import RedisError

        delay, run_id, checked = 0.1, "", 0.0
        inbox = self._inbox(self.node)
        loop = asyncio.get_running_loop()
        while True:
            try:
                # Redis restarted empty (its run id changed; redis-py reconnects by itself, so
                # no error need reach here): say again where this node's rooms are.
                if loop.time() - checked >= 1.0:
                    checked = loop.time()
                    now = str((await self.redis.info("server")).get("run_id", ""))
                    if run_id and now != run_id:
                        log.warning("Redis restarted; the rooms of this node are said again")
                        for room in list(self.local):
                            await self._follow(room)
                    run_id = now
                read = await self.redis.xread({inbox: self.cursor}, block=self.BLOCK_MS, count=500)
            except (RedisError, OSError) as err:
                # Redis away a moment: read on from the cursor once it is back.
                log.warning("node's inbox unreadable (%s); retrying", type(err).__name__)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            delay = 0.1
            for _, entries in read or []:
                for entry_id, fields in entries:
                    self.cursor = entry_id
                    await self._deliver(fields["r"], orjson.loads(fields["e"]))

    async def _deliver(self, room: str, envelope: dict[str, Any]) -> None:
        for role, (conn, deliver) in list(self.local.get(room, {}).items()):
            if role == envelope.get("exclude"):
                continue
            if "to" in envelope and (role != envelope["to"] or conn != envelope.get("conn")):
                continue
            with contextlib.suppress(Exception):  # one dead connection must not stop others
                await deliver(envelope["payload"])

    async def close(self) -> None:
        for task in (self._listener, self._sender):
            if task is not None:
                task.cancel()
        await asyncio.gather(
            *(t for t in (self._listener, self._sender) if t is not None), return_exceptions=True
        )
        await self.redis.aclose()
        await self._pool.disconnect()  # ours: Redis() leaves a pool it was given open


def _settle(
    batch: list[tuple[str, bytes, asyncio.Future[None]]], error: Exception | None
) -> None:
    for _, _, done in batch:
        if done.done():  # its sender was cancelled meanwhile
            continue
        if error is None:
            done.set_result(None)
        else:
            done.set_exception(error)


class RedisGone(ConnectionError):
    """The batch a message was in was cancelled (the node is stopping)."""


def new_connection_id() -> str:
    return uuid.uuid4().hex
