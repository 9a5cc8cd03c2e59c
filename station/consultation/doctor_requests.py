"""A doctor's request as it arrives: refused at once when it would flood the assistant's list
or the record, and what the doctor is told straight away (the result says the rest).

Plain values in, words out: it knows nothing of the session (what the station has is a
:class:`StationMeans`, which the session is).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from drivers.base import DeviceKind
from station.checklists.model import Step
from station.protocol.channel import Request

MAX_OPEN_REQUESTS = 8  # a doctor's unanswered requests at once
MAX_STILLS = 20  # stills a doctor may ask for in one consultation (each is a full PNG)
STILL_INTERVAL = 2.0  # seconds between two still requests


class StationMeans(Protocol):
    """What the station has to answer a request with."""

    devices: Any  # DeviceManager: its ``slots`` by kind
    otoscope: Any
    stethoscope: Any

    def latest_measurement(self, kind: str) -> dict[str, Any] | None: ...


class RequestTriage:
    def __init__(self) -> None:
        self._last_still_request = -STILL_INTERVAL

    def refusal(
        self,
        open_requests: Sequence[Step],
        recorded: Mapping[str, Mapping[str, Any]],
        request: Request,
    ) -> str:
        """Why a request is not taken at all ("" when it is): the doctor's page cannot flood
        the assistant's list, nor fill the record with stills."""
        if request.action == "take-measurement":
            if any(step.device == request.kind for step in open_requests):
                return "Cette mesure est déjà demandée : l’assistant(e) s’en occupe."
            if len(open_requests) >= MAX_OPEN_REQUESTS:
                return "Trop de demandes en attente : attendez que les précédentes soient faites."
        if request.action == "capture-still":
            now = time.monotonic()
            if now - self._last_still_request < STILL_INTERVAL:
                return "Une photo vient d’être prise : attendez un instant avant la suivante."
            stills = sum(1 for r in recorded.values() if r["action"] == "capture-still")
            if stills >= MAX_STILLS:
                return "Nombre maximal de photos atteint pour cette consultation."
            self._last_still_request = now
        return ""


def first_answer(means: StationMeans, request: Request) -> tuple[bool, str] | None:
    """What to tell the doctor at once about a request (None: the result will say it)."""
    action = request.action
    if action == "take-measurement":
        kind = str(request.kind)
        try:
            device = DeviceKind(kind)
        except ValueError:
            return False, "Mesure inconnue de ce poste."
        if device not in means.devices.slots:
            return (
                False,
                "Cet appareil n’est pas relié au poste : l’assistant(e) peut saisir la "
                "valeur lue sur un autre appareil.",
            )
        if means.latest_measurement(kind) is not None:
            return (
                True,
                "Cette mesure a déjà été prise : l’assistant(e) la reprend ou vous "
                "renvoie la précédente.",
            )
        return None
    if action == "auscultate" and means.stethoscope is None:
        return False, "Aucun stéthoscope n’est branché sur ce poste."
    if action in ("capture-still", "show-otoscope") and means.otoscope is None:
        return False, "Aucun otoscope n’est branché sur ce poste."
    if action == "show-otoscope":
        return True, "L’otoscope est affiché à côté de la vidéo du patient."
    if action == "show-room":
        return True, "La caméra de la pièce est l’image principale de l’appel."
    return None
