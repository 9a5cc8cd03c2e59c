"""The data channel's words: one typed class per message, decoded once at the edge; the
schema file and the doctor's page agree with the classes; anything else is refused with a
reason that never repeats what it carried."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station.assets import assets_dir
from station.protocol import channel as wire

ROOT = Path(__file__).resolve().parents[2]

EXAMPLES = {
    "ack": {},
    "ping": {},
    "measurement": {
        "measurement": {
            "kind": "scale",
            "time": "2026-12-08T09:00:00+00:00",
            "components": [{"name": "weight", "loinc": "29463-7", "value": 71.4, "unit": "kg"}],
            "flags": [],
            "device": {"manufacturer": "Marsden"},
        },
        "request": "req-1",
    },
    "still": {"caption": "Otoscope", "time": "2026-12-08T09:00:00Z", "jpeg_b64": "AAAA"},
    "checklist": {"state": "examination", "answers": [{"step": "reason", "value": "toux"}]},
    "reply": {"request": "req-1", "ok": True, "text": "Mesure prise.", "final": True},
    "video": {"paused": True, "reason": "poor-network"},
    "quality": {"level": "fair", "rtt_ms": 180.0, "loss_percent": 0.5, "fps": 24.0},
    "clip": {
        "clip": "c1",
        "index": 0,
        "count": 1,
        "content_type": "audio/wav",
        "sha256": "a" * 64,
        "data_b64": "UklGRg==",
    },
    "request": {"action": "take-measurement", "kind": "scale"},
    "note": {"kind": "advice", "text": "Boire."},
    "doctor": {"name": "Dr Inès Martin", "rpps": "10001234567"},
    "conclusion": {"impression": "Rhume.", "orientation": "regular-doctor", "orientation_days": 7},
    "document": {
        "document": "docu-1",
        "index": 0,
        "count": 1,
        "kind": "prescription",
        "content_type": "application/pdf",
        "sha256": "b" * 64,
        "data_b64": "JVBERi0=",
    },
    "clip-wanted": {"clip": "c1"},
}


def test_every_class_has_an_example_and_decodes_to_itself() -> None:
    kinds = {cls.model_fields["type"].default: cls for cls in wire.MESSAGES}
    assert set(kinds) == set(EXAMPLES)
    for kind, fields in EXAMPLES.items():
        text = wire.encode({"v": 1, "type": kind, "id": f"{kind}-1", **fields})
        message = wire.decode(text)
        assert type(message) is kinds[kind]
        assert wire.decode(wire.encode(message)) == message  # extra fields kept too


def test_the_schema_file_is_generated_from_the_classes() -> None:
    sys.path.insert(0, str(ROOT))
    from tools.channel_schema import SCHEMA, text

    assert SCHEMA.read_text("utf-8") == text(), "run: python tools/channel_schema.py"


def test_the_wire_table_and_the_page_know_every_message() -> None:
    architecture = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    table = set(re.findall(r"^\| `([a-z-]+)` \|", architecture, re.MULTILINE))
    assert table == set(EXAMPLES)
    page = (assets_dir() / "doctor" / "doctor.js").read_text("utf-8")
    for cls in wire.FROM_STATION:
        kind = cls.model_fields["type"].default
        if kind != "ping":
            assert f'message.type === "{kind}"' in page, f"the page ignores {kind}"
    sent_by_page = "".join(
        (assets_dir() / "doctor" / name).read_text("utf-8")
        for name in ("doctor.js", "workspace.js", "stethoscope.js", "delivery.js")
    )
    for cls in wire.FROM_DOCTOR:
        kind = cls.model_fields["type"].default
        assert f'type: "{kind}"' in sent_by_page, f"the page never sends {kind}"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ('{"v":1,"type":"nope","id":"x"}', "union_tag_invalid"),
        ('{"v":1,"type":"request","id":"x","action":"take-measurement"}', "device kind"),
        ('{"v":1,"type":"request","id":"x","action":"auscultate","kind":"scale"}', "heart"),
        ('{"v":2,"type":"ack","id":"x"}', "literal_error"),
        ('{"v":1,"type":"note","id":"bad id!","text":"x"}', "string_pattern_mismatch"),
        ('{"v":1,"type":"reply","id":"x","request":"r","ok":"yes","text":"t"}', "bool_type"),
        ("[" * 30_000, "not json"),
        ("{", "not json"),
        ('"just a string"', "dict_type"),
        ("x" * (wire.MAX_MESSAGE_BYTES + 1), "oversized"),
    ],
)
def test_a_malformed_message_is_refused_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(wire.InvalidMessage, match=reason):
        wire.decode(raw)


def test_the_reason_never_repeats_the_content() -> None:
    secret = "Jeanne DUPONT née le 02/03/1941"
    raw = json.dumps({"v": 1, "type": "note", "id": "n1", "kind": secret, "text": secret})
    with pytest.raises(wire.InvalidMessage) as refused:
        wire.decode(raw)
    assert "DUPONT" not in str(refused.value) and "1941" not in str(refused.value)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(
    kind=st.sampled_from([*EXAMPLES, "other"]),
    fields=st.dictionaries(st.text(max_size=14), JSON, max_size=6),
)
def test_fuzzed_messages_decode_or_are_refused_never_raise(kind: str, fields: dict) -> None:
    for base in ({}, EXAMPLES.get(kind, {})):
        raw = json.dumps({"v": 1, "id": "f-1", **base, **fields, "type": kind})
        try:
            message = wire.decode(raw)
        except wire.InvalidMessage:
            continue
        again = wire.decode(wire.encode(message))  # what the other side reads is the same
        assert wire.as_dict(again) == wire.as_dict(message)
