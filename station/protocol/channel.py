"""Every message on the ``station`` data channel between the station and the doctor's page:
one typed, versioned class each, decoded once where it arrives.

An unknown or malformed message is refused with a reason (:class:`InvalidMessage`) and never
reaches the logic. ``assets/schemas/datachannel.schema.json`` is generated from these classes
(``python tools/channel_schema.py``; a test checks the file is up to date). Who sends and who
acknowledges each message: ``docs/architecture.md``, "The wire".
"""

from __future__ import annotations

import json as _json
import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

VERSION = 1
MAX_MESSAGE_BYTES = 64 * 1024

Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Base64Chunk = Annotated[str, Field(max_length=48_000, pattern=r"^[A-Za-z0-9+/=]*$")]
Time = Annotated[str, Field(max_length=40)]
MEASURED = ("blood-pressure", "thermometer", "oximeter", "scale")
REGIONS = ("heart", "lungs")


class InvalidMessage(Exception):
    """Refused at the edge; the reason names what is wrong, never the message's content."""


class _Message(BaseModel):
    # Strict: a number is a JSON number, a flag a JSON boolean. Fields this version does not
    # know are ignored (a newer page may say more).
    model_config = ConfigDict(strict=True, frozen=True, extra="ignore")

    v: Literal[1] = VERSION
    id: Id


class Ack(_Message):
    type: Literal["ack"] = "ack"


class Ping(_Message):
    """The station's media watchdog: the page acknowledges it like any message."""

    type: Literal["ping"] = "ping"


class Component(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True, extra="ignore")

    name: Annotated[str, Field(max_length=32)] = ""
    loinc: Annotated[str, Field(pattern=r"^[0-9]{1,7}-[0-9]$")]
    value: float
    unit: Annotated[str, Field(max_length=16)]


class Reading(BaseModel):
    """A measurement as the record keeps it (``drivers.base.Measurement.to_dict``)."""

    model_config = ConfigDict(strict=True, frozen=True, extra="allow")

    kind: Literal["blood-pressure", "thermometer", "oximeter", "scale", "camera"]
    time: Time
    components: Annotated[list[Component], Field(max_length=16)]
    flags: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=32)]
    device: dict[str, Any]


class MeasurementMessage(_Message):
    type: Literal["measurement"] = "measurement"
    measurement: Reading
    request: Id | None = None  # the doctor's request it answers


class Still(_Message):
    type: Literal["still"] = "still"
    caption: Annotated[str, Field(max_length=200)]
    time: Time
    width: Annotated[int, Field(ge=1, le=8192)] | None = None
    height: Annotated[int, Field(ge=1, le=8192)] | None = None
    jpeg_b64: Annotated[str, Field(max_length=60_000, pattern=r"^[A-Za-z0-9+/=]+$")]
    request: Id | None = None


class Checklist(_Message):
    """The assistant's checklist, the patient, the consent, the clips (text the page shows)."""

    model_config = ConfigDict(strict=True, frozen=True, extra="allow")
    type: Literal["checklist"] = "checklist"
    state: Annotated[str, Field(max_length=40)] = ""


class Reply(_Message):
    type: Literal["reply"] = "reply"
    request: Id
    ok: bool
    text: Annotated[str, Field(max_length=500)]
    final: bool = True  # False: one step of the request (a site to record again); it goes on


class Video(_Message):
    type: Literal["video"] = "video"
    paused: bool
    reason: Literal["poor-network"] | None = None


class Quality(_Message):
    """One side's own call figures and level; the other shows the worse of the two."""

    type: Literal["quality"] = "quality"
    level: Literal["good", "fair", "poor", "unknown"]
    rtt_ms: Annotated[float, Field(ge=0)] | None = None
    loss_percent: Annotated[float, Field(ge=0)] | None = None
    fps: Annotated[float, Field(ge=0)] | None = None


class Clip(_Message):
    type: Literal["clip"] = "clip"
    clip: Id
    index: Annotated[int, Field(ge=0, le=127)]
    count: Annotated[int, Field(ge=1, le=128)]
    content_type: Literal["audio/wav"]
    sha256: Sha256
    data_b64: Base64Chunk


class Request(_Message):
    type: Literal["request"] = "request"
    action: Literal["take-measurement", "show-otoscope", "show-room", "capture-still", "auscultate"]
    kind: Literal["blood-pressure", "thermometer", "oximeter", "scale", "heart", "lungs"] | None = (
        None
    )

    @model_validator(mode="after")
    def _kind_fits_action(self) -> Request:
        if self.action == "take-measurement" and self.kind not in MEASURED:
            raise ValueError("a measurement request names a device kind")
        if self.action == "auscultate" and self.kind not in REGIONS:
            raise ValueError("an auscultation request names the heart or the lungs")
        return self


class Note(_Message):
    type: Literal["note"] = "note"
    kind: Literal["observation", "advice", "next-steps", "orientation"] = "observation"
    text: Annotated[str, Field(max_length=20_000)]


class Doctor(_Message):
    """Who the doctor is: the service's signed assertion, or a declared name and RPPS."""

    type: Literal["doctor"] = "doctor"
    assertion: Annotated[str, Field(max_length=4096)] = ""
    name: Annotated[str, Field(max_length=200)] = ""
    rpps: Annotated[str, Field(pattern=r"^[0-9]{11}$")] | None = None
    profession: Annotated[str, Field(max_length=200)] = ""
    specialty: Annotated[str, Field(max_length=200)] = ""


Text = Annotated[str, Field(max_length=4000)]


class ConclusionMessage(_Message):
    type: Literal["conclusion"] = "conclusion"
    findings: Text = ""
    impression: Text = ""
    advice: Text = ""
    follow_up: Text = ""
    specialist: Annotated[str, Field(max_length=200)] = ""
    orientation: Literal["home", "regular-doctor", "specialist", "emergency"]
    orientation_days: Annotated[int, Field(ge=0, le=365)] | None = None
    signature: Annotated[str, Field(max_length=4096)] = ""  # the service's attestation


class Document(_Message):
    """One chunk of a prescription PDF or an advice sheet (put together by ``sha256``)."""

    type: Literal["document"] = "document"
    document: Id
    index: Annotated[int, Field(ge=0, le=159)]
    count: Annotated[int, Field(ge=1, le=160)]
    kind: Literal["prescription", "advice-sheet"]
    title: Annotated[str, Field(max_length=200)] = ""
    content_type: Literal["application/pdf", "text/plain"]
    sha256: Sha256
    data_b64: Base64Chunk


class ClipWanted(_Message):
    type: Literal["clip-wanted"] = "clip-wanted"
    clip: Id


FROM_STATION = (Ping, MeasurementMessage, Still, Checklist, Reply, Video, Clip)
FROM_DOCTOR = (Request, Note, Doctor, ConclusionMessage, Document, ClipWanted)
BOTH_WAYS = (Ack, Quality)
MESSAGES = (*FROM_STATION, *FROM_DOCTOR, *BOTH_WAYS)

Message = Annotated[
    Ack
    | Ping
    | MeasurementMessage
    | Still
    | Checklist
    | Reply
    | Video
    | Quality
    | Clip
    | Request
    | Note
    | Doctor
    | ConclusionMessage
    | Document
    | ClipWanted,
    Field(discriminator="type"),
]
_ADAPTER: TypeAdapter[Any] = TypeAdapter(Message)


def _reason(error: ValidationError) -> str:
    """Where and what, never the value (a message may carry patient data)."""
    first = error.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "message"
    if first["type"] == "value_error":  # our own check's words (they hold no value)
        return f"{where}: {first['msg'].removeprefix('Value error, ')}"
    return f"{where}: {first['type']}"


def decode(raw: str | bytes) -> Any:
    """The typed message in ``raw``; raises :class:`InvalidMessage` with a reason."""
    if len(raw) > MAX_MESSAGE_BYTES:
        raise InvalidMessage("oversized")
    try:
        return _ADAPTER.validate_json(raw)
    except ValidationError as err:
        if any(e["type"] in ("json_invalid", "recursion_loop") for e in err.errors()):
            raise InvalidMessage("not json") from None
        raise InvalidMessage(_reason(err)) from None
    except (ValueError, RecursionError) as err:
        raise InvalidMessage("not json") from err


def parse(message: dict[str, Any]) -> Any:
    """The typed message a JSON object would decode to (``decode`` without the text)."""
    return decode(_json.dumps(message, ensure_ascii=False))


def as_dict(message: BaseModel) -> dict[str, Any]:
    """A message as its JSON object, the way the other side reads it."""
    return message.model_dump(mode="json", exclude_none=True)


def stamped(message: dict[str, Any]) -> dict[str, Any]:
    """The message with its version and an id (its own if it has one)."""
    return {"v": VERSION, **message, "id": message.get("id") or uuid.uuid4().hex}


def encode(message: dict[str, Any] | BaseModel) -> str:
    """The JSON text of a message, checked first: never send what the other side refuses."""
    typed = message if isinstance(message, BaseModel) else _checked(message)
    text = typed.model_dump_json(exclude_none=True)  # extra fields (allowed) go too
    if len(text.encode()) > MAX_MESSAGE_BYTES:
        raise InvalidMessage("oversized")
    return text


def _checked(message: dict[str, Any]) -> BaseModel:
    try:
        return _ADAPTER.validate_python(message, strict=False)
    except ValidationError as err:  # our own bug: said loudly, with the reason
        raise InvalidMessage(_reason(err)) from None


def json_schema() -> dict[str, Any]:
    """The wire's JSON Schema, generated from the classes above (the page's reference)."""
    schema = _ADAPTER.json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:station:datachannel:1",
        "title": "Station <-> doctor data channel messages (version 1)",
        "description": (
            "Generated from station/protocol/channel.py (python tools/channel_schema.py). One "
            "JSON object per message on the 'station' data channel. Every message has an id; "
            "the receiver answers {type: ack, id} and drops ids it has seen; the sender keeps "
            "each message until acknowledged and sends it again on every new channel and "
            "after a while without an acknowledgement. docs/architecture.md, 'The wire', says "
            "who sends and who acknowledges each message."
        ),
        **schema,
    }
