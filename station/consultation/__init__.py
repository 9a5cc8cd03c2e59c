"""The consultation state machine: the only writer of a consultation's record (no Qt)."""

from __future__ import annotations

import importlib
from typing import Any

# Loaded on first use (PEP 562), so ``station.consultation.errors`` stays light.
_LAZY = {
    "Consultation": "station.consultation.consultation",
    "ConsultationError": "station.consultation.errors",
    "State": "station.consultation.consultation",
}
__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(name)
    return getattr(importlib.import_module(_LAZY[name]), name)
