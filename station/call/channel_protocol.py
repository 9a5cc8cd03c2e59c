"""The versioned JSON protocol of the ``station`` data channel: validation and delivery.

Both sides validate every message against ``assets/schemas/datachannel.schema.json``; an
invalid or oversized message is refused and logged by type only (never its content).
Delivery (acknowledgements, sending again, duplicates dropped) is
:mod:`station.call.delivery`.
"""

from __future__ import annotations

import json
import logging
import uuid
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


def stamped(message: dict[str, Any]) -> dict[str, Any]:
    """The message with its version and an id (its own if it has one)."""
    return {"v": 1, **message, "id": message.get("id") or uuid.uuid4().hex}
