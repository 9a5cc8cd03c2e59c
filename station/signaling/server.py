"""The signaling server: WebSocket rooms (one consultation = one room), roles ``station`` and
``doctor``, join tokens, ICE servers with TURN credentials, and the doctor page.

Protocol: ``assets/schemas/signaling.schema.json``. The first message must be ``join`` with a
token for that room; the server answers ``joined`` with the ICE servers and a reusable session
token (so a reloaded page or a reconnecting station can join again without the one-time link
token), then relays ``offer``, ``answer``, ``candidate`` and ``bye`` to the other members.

Close codes: 4000 invalid messages, 4001 no or bad token, 4002 expired token, 4003 wrong room,
4004 replayed one-time token, 4005 replaced by a newer connection of the same role,
4006 the room's station was revoked (at join, or cut mid-call), 4008 too many messages.
Message size is capped (1009 from the WebSocket layer).
Logs carry room ids and roles, never tokens, SDP or anything about the patient.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import fastjsonschema
import orjson
from aiohttp import WSMsgType, web
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from station.assets import assets_dir
from station.protocol.close_codes import (
    CLOSE_EXPIRED,
    CLOSE_INVALID,
    CLOSE_RATE,
    CLOSE_REPLACED,
    CLOSE_REPLAYED,
    CLOSE_REVOKED,
    CLOSE_TRY_AGAIN,
    CLOSE_UNAUTHENTICATED,
    CLOSE_WRONG_ROOM,
)
from station.signaling import tokens
from station.signaling.api import Api
from station.signaling.backends import REPLACED, MemoryBackend, RedisBackend, new_connection_id
from station.signaling.doctor_api import DoctorApi
from station.signaling.http_security import allowed_origin, security_headers
from station.signaling.ice import IceConfig, ice_servers
from station.signaling.liveness import Liveness
from station.signaling.metrics import Metrics
from station.signaling.oidc import OidcClient
from station.signaling.registry import Registry

log = logging.getLogger("station.signaling")

MAX_MESSAGE_BYTES = 64 * 1024
JOIN_TIMEOUT = 10.0
SESSION_TTL = 2 * 3600
RATE_PER_SECOND = 20.0
RATE_BURST = 60.0
MAX_INVALID = 5
RELAYED = ("offer", "answer", "candidate", "bye")

BACKEND_ERRORS = (RedisError, SQLAlchemyError, OSError)
REVOCATION_POLL = 1.0  # seconds: how soon every node cuts a revoked station's calls
REVOCATION_OVERLAP = timedelta(seconds=10)  # clocks of nodes and database may differ a little
TOKEN_CLOSE = {
    "malformed": CLOSE_UNAUTHENTICATED,
    "signature": CLOSE_UNAUTHENTICATED,
    "role": CLOSE_UNAUTHENTICATED,
    "expired": CLOSE_EXPIRED,
}


class MessageCheck:
    """The signaling schema, compiled to Python once (fastjsonschema), with one validator per
    message type.

    The schema's ``allOf`` holds one ``if type is …`` / ``then`` per kind of message; compiled
    as it stands, every message tries each ``if`` and raises for the ones that do not match
    (7 µs a message). Resolved per type at start, a message meets only its own rules (2 µs):
    at 5,000 rooms that is a few points of a core (tests/bench/bench_signaling.py). jsonschema
    took 58 µs. tests/signaling/test_message_check.py holds it to jsonschema's verdicts.
    """

    def __init__(self) -> None:
        schema = json.loads((assets_dir() / "schemas" / "signaling.schema.json").read_text("utf-8"))
        self._full = fastjsonschema.compile(schema)
        self._by_type = {kind: fastjsonschema.compile(rules) for kind, rules in _per_type(schema)}

    def is_valid(self, message: object) -> bool:
        kind = message.get("type") if isinstance(message, dict) else None
        check = self._by_type.get(kind, self._full) if isinstance(kind, str) else self._full
        return _holds(check, message)


def _per_type(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The schema as it applies to each message type, where its conditions test only the
    type (else nothing: the whole schema is used as it is)."""
    conditions = schema.get("allOf", [])
    if any(set(c) != {"if", "then"} or set(c["if"]) != {"properties"} for c in conditions):
        return []
    if any(set(c["if"]["properties"]) != {"type"} for c in conditions):
        return []
    resolved = []
    for kind in schema["properties"]["type"]["enum"]:
        rules = [
            c["then"] for c in conditions if _holds(fastjsonschema.compile(c["if"]), {"type": kind})
        ]
        one = {key: value for key, value in schema.items() if key != "allOf"}
        one["properties"] = {**schema["properties"], "type": {"const": kind}}
        if rules:
            one["allOf"] = rules
        resolved.append((kind, one))
    return resolved


def _holds(check: Any, value: object) -> bool:
    try:
        check(value)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


class TokenBucket:
    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst, self.tokens, self.stamp = rate, burst, burst, time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


@dataclass
class SignalingState:
    secret: bytes
    ice: IceConfig = field(default_factory=IceConfig)
    backend: MemoryBackend | RedisBackend = field(default_factory=MemoryBackend)
    sockets: set[web.WebSocketResponse] = field(default_factory=set)
    validator: MessageCheck = field(default_factory=MessageCheck)
    registry: Registry | None = None
    public_url: str = ""
    closing: dict[web.WebSocketResponse, asyncio.Future[None]] = field(default_factory=dict)
    metrics: Metrics = field(default_factory=Metrics)
    station_of: dict[web.WebSocketResponse, str] = field(default_factory=dict)
    liveness: Liveness = field(default_factory=Liveness)


STATE_KEY = web.AppKey("signaling", SignalingState)


async def _send(ws: web.WebSocketResponse, message: dict[str, Any]) -> None:
    # orjson (its bytes go out as the text frame): a tenth of json's time on the hot path.
    if not ws.closed:
        await ws.send_frame(orjson.dumps({"v": 1, **message}), WSMsgType.TEXT)


async def _send_to_member(
    state: SignalingState, ws: web.WebSocketResponse, message: dict[str, Any]
) -> None:
    """What the room sends a member; one that stopped reading is cut, never waited for."""
    if not state.liveness.stuck(ws):
        await _send(ws, message)


async def _refuse(
    state: SignalingState, ws: web.WebSocketResponse, code: int, reason: bytes
) -> None:
    """Close a socket for a reason of the protocol's, counted by its close code.

    Often called from another task than the socket's own (a revocation, a newer connection):
    the socket's handler then waits for this close to finish (see :func:`websocket`), else it
    returned first and the client saw the connection drop (1006) instead of the reason.
    """
    state.metrics.refusals.labels(str(code)).inc()
    closed = asyncio.get_running_loop().create_future()
    state.closing[ws] = closed
    try:
        await ws.close(code=code, message=reason)
    finally:
        closed.set_result(None)


async def _receive_json(
    state: SignalingState, ws: web.WebSocketResponse, timeout: float | None
) -> Any:
    """The next message, or the frame's type when it is not text; pings are answered here and
    every frame counts as a sign of life (see :mod:`station.signaling.liveness`)."""
    loop = asyncio.get_running_loop()
    deadline = None if timeout is None else loop.time() + timeout
    while True:
        left = None if deadline is None else max(0.0, deadline - loop.time())
        msg = await ws.receive(timeout=left)
        state.liveness.heard(ws)
        if msg.type == WSMsgType.PING:
            await ws.pong(msg.data)
        elif msg.type != WSMsgType.PONG:
            break
    if msg.type != WSMsgType.TEXT:
        return msg.type
    try:
        return orjson.loads(msg.data)
    except ValueError:  # orjson.JSONDecodeError; also for thousands of nested brackets
        return None


async def websocket(request: web.Request) -> web.WebSocketResponse:
    state = request.app[STATE_KEY]
    if not allowed_origin(request, state.public_url):
        log.info("socket refused: a page of another origin")
        raise web.HTTPForbidden(text="origine refusée")
    # No per-socket heartbeat: the node's Liveness sweep finds dead peers (cheaper at scale).
    ws = web.WebSocketResponse(max_msg_size=MAX_MESSAGE_BYTES, autoping=False)
    await ws.prepare(request)
    state.sockets.add(ws)
    state.liveness.watch(ws, request.transport)
    state.metrics.sockets.set(len(state.sockets))
    try:
        return await _serve(state, ws)
    finally:
        closing = state.closing.pop(ws, None)
        if closing is not None:  # closed by another task: let that close finish first
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(closing), 15)
        state.sockets.discard(ws)
        state.liveness.forget(ws)
        state.station_of.pop(ws, None)
        state.metrics.sockets.set(len(state.sockets))


async def _serve(state: SignalingState, ws: web.WebSocketResponse) -> web.WebSocketResponse:
    try:
        first = await _receive_json(state, ws, JOIN_TIMEOUT)
    except TimeoutError:
        await _refuse(state, ws, CLOSE_UNAUTHENTICATED, b"join expected")
        return ws
    if (
        not isinstance(first, dict)
        or first.get("type") != "join"
        or not state.validator.is_valid(first)
    ):
        await _refuse(state, ws, CLOSE_UNAUTHENTICATED, b"join expected")
        return ws
    try:
        claims = tokens.verify(state.secret, first["token"])
    except tokens.TokenError as err:
        log.info("join refused (%s)", err.reason)
        await _refuse(state, ws, TOKEN_CLOSE[err.reason], err.reason.encode())
        return ws
    if claims.room != first["room"]:
        log.info("join refused (wrong room)")
        await _refuse(state, ws, CLOSE_WRONG_ROOM, b"wrong room")
        return ws
    try:
        return await _join(state, ws, claims)
    except BACKEND_ERRORS as err:  # Redis or the database away for a moment
        log.warning("join deferred: %s", type(err).__name__)
        await _refuse(state, ws, CLOSE_TRY_AGAIN, b"try again")
        return ws


async def _join(
    state: SignalingState, ws: web.WebSocketResponse, claims: tokens.Claims
) -> web.WebSocketResponse:
    if await state.backend.ended(claims.room, claims.role):
        log.info("join refused (call ended)")
        await _refuse(state, ws, CLOSE_EXPIRED, b"call ended")
        return ws
    if claims.station and not await _station_active(state, claims.station):
        log.info("join refused (station revoked)")
        await _refuse(state, ws, CLOSE_REVOKED, b"station revoked")
        return ws
    # One-time links are spent in the registry when there is one (it outlives a Redis restart).
    spend = state.registry.use_once if state.registry is not None else state.backend.use_once
    if claims.one_time and not await spend(claims.nonce, claims.expires):
        log.info("join refused (replayed link)")
        await _refuse(state, ws, CLOSE_REPLAYED, b"replayed")
        return ws

    room_id, role, conn = claims.room, claims.role, new_connection_id()

    async def deliver(message: dict[str, Any]) -> None:
        if message.get("type") == REPLACED["type"]:
            await _refuse(state, ws, CLOSE_REPLACED, b"replaced")
        else:
            await _send_to_member(state, ws, message)

    if claims.station:
        state.station_of[ws] = claims.station
    peers = await state.backend.join(room_id, role, conn, deliver)
    log.info("room %s: %s joined", room_id[:8], role)
    state.metrics.joins.labels(role).inc()
    state.metrics.rooms.set(state.backend.local_rooms())
    await _send(
        ws,
        {
            "type": "joined",
            "room": room_id,
            "role": role,
            "peers": peers,
            "iceServers": ice_servers(state.ice, f"{room_id[:16]}-{role}"),
            "iceTransportPolicy": "relay" if state.ice.relay_only else "all",
            "sessionToken": tokens.issue(
                state.secret, room_id, role, SESSION_TTL, station=claims.station
            ),
        },
    )
    try:
        await _relay_loop(state, ws, room_id, role)
    finally:
        with contextlib.suppress(*BACKEND_ERRORS):  # gone with Redis: its key expires anyway
            await state.backend.leave(room_id, role, conn)
        state.metrics.rooms.set(state.backend.local_rooms())
        log.info("room %s: %s left", room_id[:8], role)
    return ws


async def _relay_loop(
    state: SignalingState,
    ws: web.WebSocketResponse,
    room: str,
    role: str,
) -> None:
    bucket = TokenBucket(RATE_PER_SECOND, RATE_BURST)
    invalid = 0
    while not ws.closed:
        message = await _receive_json(state, ws, None)
        if isinstance(message, WSMsgType):
            if message in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
                return
            message = None  # binary frames are not part of the protocol
        if not bucket.take():
            log.warning("room closed for a %s: too many messages", role)
            await _refuse(state, ws, CLOSE_RATE, b"rate limit")
            return
        if (
            not isinstance(message, dict)
            or not state.validator.is_valid(message)
            or (message.get("type") == "join")
        ):
            invalid += 1
            log.info("invalid message from %s refused", role)  # content never logged
            await _send(ws, {"type": "error", "code": "invalid", "message": "message refusé"})
            if invalid >= MAX_INVALID:
                await _refuse(state, ws, CLOSE_INVALID, b"invalid messages")
                return
            continue
        if message["type"] == "ping":
            await _send(ws, {"type": "pong"})
            continue
        started = time.perf_counter()
        try:
            await state.backend.publish(room, role, {**message, "from": role})
            state.metrics.relay.observe(time.perf_counter() - started)
        except BACKEND_ERRORS as err:
            # Lost, and said: the peers offer again (the station's watchdog, a rejoin).
            log.warning("message not relayed: %s", type(err).__name__)
            await _send(ws, {"type": "error", "code": "unavailable", "message": "réessayez"})
            continue
        if message["type"] == "bye":
            # The end of a call ends its session tokens: the station's bye ends the room for
            # both, the doctor's for the doctor (a new doctor needs a new link).
            ended = ("station", "doctor") if role == "station" else (role,)
            await state.backend.end(room, ended, SESSION_TTL)


async def _station_active(state: SignalingState, station_id: str) -> bool:
    if state.registry is None:  # a service without registry issues no station's rooms
        return False
    station = await state.registry.station(station_id)
    return station is not None and station.enrolled and not station.revoked


async def _watch_revocations(state: SignalingState, registry: Registry) -> None:
    """Cut the calls of a station revoked on any node (each node watches the database)."""
    since = datetime.now(UTC)
    while True:
        await asyncio.sleep(REVOCATION_POLL)
        polled = datetime.now(UTC)
        try:
            revoked = await registry.revoked_since(since - REVOCATION_OVERLAP)
        except (SQLAlchemyError, OSError) as err:  # the database away a moment: next time
            log.warning("revocations not read (%s)", type(err).__name__)
            continue
        since = polled
        for ws, station in list(state.station_of.items()):
            if station in revoked:
                log.info("call cut: station %s revoked", station[:8])
                await _refuse(state, ws, CLOSE_REVOKED, b"station revoked")


async def metrics(request: web.Request) -> web.Response:
    body, content_type = request.app[STATE_KEY].metrics.render()
    return web.Response(body=body, headers={"Content-Type": content_type})


async def doctor_page(request: web.Request) -> web.FileResponse:
    return web.FileResponse(assets_dir() / "doctor" / "index.html")


async def health(request: web.Request) -> web.Response:
    """Liveness: the process answers."""
    return web.json_response({"status": "ok"})


async def ready(request: web.Request) -> web.Response:
    """Readiness (the load balancer's check): the rooms' backend and the registry answer."""
    state = request.app[STATE_KEY]
    checks = {"rooms": await state.backend.ready()}
    if state.registry is not None:
        checks["registry"] = await state.registry.ping()
    status = 200 if all(checks.values()) else 503
    return web.json_response(
        {"status": "ok" if status == 200 else "unavailable", **checks}, status=status
    )


def make_app(
    secret: bytes,
    ice: IceConfig | None = None,
    backend: MemoryBackend | RedisBackend | None = None,
    registry: Registry | None = None,
    public_url: str = "",
    oidc: OidcClient | None = None,
) -> web.Application:
    """The service. With a ``registry``, enrolled stations open their rooms through the API
    (``station.signaling.api``); without one, only tokens signed with ``secret`` join."""
    app = web.Application(client_max_size=MAX_MESSAGE_BYTES, middlewares=[security_headers])
    state = SignalingState(
        secret=secret,
        ice=ice or IceConfig(),
        backend=backend or MemoryBackend(),
        registry=registry,
        public_url=public_url,
    )
    app[STATE_KEY] = state
    if registry is not None:
        Api(registry, secret, public_url).routes(app)
        DoctorApi(registry, secret, oidc, public_url).routes(app)
    watchers: list[asyncio.Task[None]] = []

    async def watch(app: web.Application) -> None:
        watchers.append(asyncio.create_task(state.liveness.run()))
        if registry is not None:
            watchers.append(asyncio.create_task(_watch_revocations(state, registry)))

    async def unwatch(app: web.Application) -> None:
        for task in watchers:
            task.cancel()
        await asyncio.gather(*watchers, return_exceptions=True)

    app.on_startup.append(watch)
    app.on_shutdown.append(unwatch)

    async def close_sockets(app: web.Application) -> None:
        # A stopping server says so (1001 going away) instead of letting clients time out.
        for ws in list(state.sockets):
            await ws.close(code=1001, message=b"server shutdown")

    async def close_backend(app: web.Application) -> None:
        await state.backend.close()

    app.on_shutdown.append(close_sockets)
    app.on_cleanup.append(close_backend)
    app.router.add_get("/", doctor_page)
    app.router.add_get("/ws", websocket)
    app.router.add_get("/healthz", health)
    app.router.add_get("/readyz", ready)
    app.router.add_get("/metrics", metrics)
    app.router.add_static("/doctor/", assets_dir() / "doctor")
    return app
