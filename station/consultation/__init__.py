"""The consultation state machine: the only writer of a consultation's record (no Qt)."""

from station.consultation.consultation import Consultation, ConsultationError, State

__all__ = ["Consultation", "ConsultationError", "State"]
