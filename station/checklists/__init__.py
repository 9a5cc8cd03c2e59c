"""Checklists: data files validated at load time, and the engine that runs them (no Qt)."""

from station.checklists.model import Checklist, ChecklistError, Step, load, load_text, shipped
from station.checklists.run import (
    CONSENT_REFUSED,
    AnswerError,
    ChecklistRun,
    PhaseIncomplete,
    Stop,
)

__all__ = [
    "CONSENT_REFUSED",
    "AnswerError",
    "Checklist",
    "ChecklistError",
    "ChecklistRun",
    "PhaseIncomplete",
    "Step",
    "Stop",
    "load",
    "load_text",
    "shipped",
]
