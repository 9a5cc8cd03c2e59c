"""The consultation's refusals, apart from the state machine so screens catch them cheaply."""

from __future__ import annotations


class ConsultationError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)
