"""WebSocket client of the signaling server (join, send, receive)."""

from __future__ import annotations

import json
from typing import Any

import aiohttp


class SignalingError(Exception):
    def __init__(self, message: str, code: int | None = None) -> None:
        self.message, self.code = message, code
        super().__init__(message)


class SignalingClient:
    def __init__(self, ws_url: str, room: str, token: str) -> None:
        self.ws_url, self.room, self.token = ws_url, room, token
        self._session: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self.joined: dict[str, Any] = {}

    async def connect(self) -> dict[str, Any]:
        self._session = aiohttp.ClientSession()
        try:
            self._ws = await self._session.ws_connect(self.ws_url, heartbeat=20)
        except aiohttp.ClientError as err:
            await self.close()
            raise SignalingError("Serveur de signalisation injoignable.") from err
        try:
            await self.send({"type": "join", "room": self.room, "token": self.token})
            joined = await self.receive()
        except (aiohttp.ClientError, ConnectionError) as err:
            await self.close()
            raise SignalingError("Connexion à la salle interrompue.") from err
        if joined.get("type") != "joined":
            raise SignalingError("Connexion à la salle refusée.")
        self.joined = joined
        self.token = joined["sessionToken"]  # for reconnections: the one-time link is spent
        return joined

    async def send(self, message: dict[str, Any]) -> None:
        if self._ws is None or self._ws.closed:
            raise SignalingError("Signalisation déconnectée.")
        try:
            await self._ws.send_str(json.dumps({"v": 1, **message}))
        except (aiohttp.ClientError, ConnectionError) as err:
            raise SignalingError("Signalisation déconnectée.") from err

    async def receive(self) -> dict[str, Any]:
        if self._ws is None:
            raise SignalingError("Signalisation déconnectée.")
        msg = await self._ws.receive()
        if msg.type != aiohttp.WSMsgType.TEXT:
            # The code the server sent, not the socket's final state: replying to its close
            # may race the server's hang-up, and aiohttp then records 1006 instead.
            code = msg.data if msg.type == aiohttp.WSMsgType.CLOSE else self._ws.close_code
            raise SignalingError("Signalisation fermée.", code)
        try:
            message = json.loads(msg.data)
        except (ValueError, RecursionError):
            message = None
        # The server relays only what its schema allows; anything else is dropped, not fatal.
        return message if isinstance(message, dict) else {"type": "unreadable"}

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._session is not None:
            await self._session.close()
        self._ws = self._session = None
