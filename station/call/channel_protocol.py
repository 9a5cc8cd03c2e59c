"""The versioned JSON protocol of the ``station`` data channel: validation and delivery.

Both sides validate every message against ``assets/schemas/datachannel.schema.json``; an
invalid or oversized message is refused and logged by type only (never its content).
:class:`ReliableSender` numbers messages, keeps them until acknowledged and re-sends them
after a reconnection; :class:`Deduplicator` makes the receiving side handle each id once.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import OrderedDict
from collections.abc import Callable
from functools import cache
from typing import Any

import jsonschema

from station.assets import assets_dir

log = logging.getLogger("station.call.channel")

MAX_MESSAGE_BYTES = 64 * 1024


class InvalidMessage(Exception):
    pass


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((assets_dir() / "schemas" / "datachannel.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


def decode(raw: str | bytes) -> dict[str, Any]:
    if len(raw) > MAX_MESSAGE_BYTES:
        raise InvalidMessage("oversized")
    try:
        message = json.loads(raw)
    except (ValueError, RecursionError) as err:  # RecursionError: thousands of nested brackets
        raise InvalidMessage("not json") from err
    if not isinstance(message, dict) or not _validator().is_valid(message):
        raise InvalidMessage("schema")
    return message


def encode(message: dict[str, Any]) -> str:
    _validator().validate(message)  # our own bug if this fails: never send what we'd refuse
    text = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
    if len(text.encode()) > MAX_MESSAGE_BYTES:
        raise InvalidMessage("oversized")
    return text


class ReliableSender:
    """Keeps each message until its ack; ``resend_all`` after a reconnection, in order."""

    def __init__(self, transmit: Callable[[str], None]) -> None:
        self.transmit = transmit
        self.unacked: OrderedDict[str, str] = OrderedDict()
        self.connected = False

    def send(self, message: dict[str, Any]) -> str:
        message = {"v": 1, "id": message.get("id") or uuid.uuid4().hex, **message}
        text = encode(message)
        self.unacked[message["id"]] = text
        if self.connected:
            self.transmit(text)
        return str(message["id"])

    def acknowledged(self, message_id: str) -> None:
        self.unacked.pop(message_id, None)

    def resend_all(self) -> None:
        for text in self.unacked.values():
            self.transmit(text)


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
