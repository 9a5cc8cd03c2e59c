"""The record: an append-only, encrypted, verifiable store of every consultation's events."""

from __future__ import annotations

import importlib
from typing import Any

# Loaded on first use (PEP 562): the store brings cryptography, which the window's first
# screen does not need; ``station.records.errors`` stays light.
_LAZY = {
    "ConsultationPurged": "station.records.errors",
    "RecordError": "station.records.errors",
    "RecordIntegrityError": "station.records.errors",
    "Event": "station.records.store",
    "EventStore": "station.records.store",
}
__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(name)
    return getattr(importlib.import_module(_LAZY[name]), name)
