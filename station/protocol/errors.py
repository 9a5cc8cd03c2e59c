"""The protocol's refusals, apart so that either side can catch them without loading more."""

from __future__ import annotations


class Refused(Exception):
    """Something a peer sent that is not taken; ``message`` is plain French for a person."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)
