"""The service's compiled message check (fastjsonschema) gives jsonschema's verdict on every
message, valid or not: one schema, two engines, no drift."""

from __future__ import annotations

import json

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from station.assets import assets_dir
from station.signaling.server import MessageCheck

SCHEMA = json.loads((assets_dir() / "schemas" / "signaling.schema.json").read_text("utf-8"))
REFERENCE = jsonschema.Draft202012Validator(SCHEMA)
CHECK = MessageCheck()

values = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 5) | st.text(max_size=70),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
messages = st.fixed_dictionaries(
    {},
    optional={
        "v": st.sampled_from([1, 2, "1", None]),
        "type": st.sampled_from(["join", "offer", "answer", "candidate", "bye", "ping", "x", 1]),
        "room": st.sampled_from(["room-abcdefgh", "short", "bad room!", "a" * 70, 5]),
        "token": st.text(max_size=20) | st.just("t" * 1100) | st.integers(),
        "sdp": st.text(max_size=30) | st.just("s" * 60_001) | st.none(),
        "candidate": values,
        "extra": values,
    },
)


@settings(max_examples=600, deadline=None)
@given(messages)
def test_the_compiled_check_agrees_with_jsonschema(message: dict[str, object]) -> None:
    assert CHECK.is_valid(message) == REFERENCE.is_valid(message)


@given(values)
def test_anything_else_is_judged_the_same(value: object) -> None:
    assert CHECK.is_valid(value) == REFERENCE.is_valid(value)


def test_the_messages_of_a_call_pass_both() -> None:
    call = [
        {"v": 1, "type": "join", "room": "room-abcdefgh", "token": "abc.def"},
        {"v": 1, "type": "offer", "sdp": "v=0\r\n"},
        {"v": 1, "type": "answer", "sdp": "v=0\r\n"},
        {"v": 1, "type": "candidate", "candidate": None},
        {"v": 1, "type": "bye"},
        {"v": 1, "type": "ping"},
    ]
    assert [REFERENCE.is_valid(m) for m in call] == [True] * len(call)
    assert [CHECK.is_valid(m) for m in call] == [True] * len(call)
