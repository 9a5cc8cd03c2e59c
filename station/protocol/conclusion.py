"""The doctor's signed conclusion and the documents they hand over: the words the record,
the report, the doctor's page and the assistant's screen share.

A conclusion is structured (findings, impression, advice in plain words, orientation,
follow-up), never one free text, so the report can say each part where it belongs. Its
``digest`` is the SHA-256 of its canonical JSON: what the doctor re-read and signed is what
the record holds, and a later correction is a new signed conclusion, never an edit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from station.protocol.errors import Refused

# The doctor's orientation of the patient (the page offers these, in this order).
ORIENTATIONS = {
    "home": "Retour à domicile",
    "regular-doctor": "Revoir son médecin traitant",
    "specialist": "Avis d’un spécialiste",
    "emergency": "Urgences : appeler le 15 ou aller aux urgences",
}
# How the teleconsulting doctor's identity was established (the report says it).
IDENTITY_VERIFIED = "verified"  # signed in through the service's OpenID Connect provider
IDENTITY_DECLARED = "declared"  # an invited doctor typed their name and RPPS on the page
IDENTITY_WORDS = {
    IDENTITY_VERIFIED: "identité vérifiée à la connexion ({provider})",
    IDENTITY_DECLARED: "identité déclarée par le médecin, non vérifiée",
    "": "identité non vérifiée",
}
DOCUMENT_KINDS = {
    "prescription": "Ordonnance",
    "advice-sheet": "Fiche de conseils",
}
FIELD_LIMIT = 4000  # characters per part of a conclusion
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024  # a prescription PDF is a few hundred KB


class ConclusionError(Refused):
    """A conclusion or document that cannot be recorded, in words for the doctor."""


@dataclass(frozen=True)
class Conclusion:
    findings: str
    impression: str
    advice: str
    orientation: str
    orientation_days: int | None = None  # "revoir son médecin traitant sous N jours"
    specialist: str = ""
    follow_up: str = ""

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> Conclusion:
        """From the doctor's page; raises ConclusionError when a part is missing or wrong."""

        def text(name: str) -> str:
            value = message.get(name, "")
            if not isinstance(value, str) or len(value) > FIELD_LIMIT:
                raise ConclusionError(f"Conclusion refusée : « {name} » invalide.")
            return value.strip()

        orientation = message.get("orientation")
        if orientation not in ORIENTATIONS:
            raise ConclusionError("Conclusion refusée : choisissez une orientation.")
        days = message.get("orientation_days")
        if days is not None and (
            not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 365
        ):
            raise ConclusionError("Conclusion refusée : délai en jours invalide.")
        conclusion = cls(
            findings=text("findings"),
            impression=text("impression"),
            advice=text("advice"),
            orientation=str(orientation),
            orientation_days=days,
            specialist=text("specialist"),
            follow_up=text("follow_up"),
        )
        if not conclusion.impression and not conclusion.findings:
            raise ConclusionError(
                "Conclusion refusée : indiquez au moins les constatations ou l’impression."
            )
        return conclusion

    @property
    def orientation_words(self) -> str:
        return orientation_words(self.orientation, self.orientation_days, self.specialist)

    def digest(self) -> str:
        canonical = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


WITHIN_DAYS = " sous {days} jour(s)"


def orientation_words(
    orientation: str,
    days: int | None,
    specialist: str,
    translate: Callable[[str], str] = str,
) -> str:
    """The orientation in the patient's words: "Revoir son médecin traitant sous 7 jour(s)"
    (``translate``: the UI's language for the French parts)."""
    words = translate(ORIENTATIONS.get(orientation, orientation))
    if orientation == "regular-doctor" and days is not None:
        words += translate(WITHIN_DAYS).format(days=days)
    if orientation == "specialist" and specialist:
        words += f" : {specialist}"
    return words


def identity_words(identity: str, provider: str = "") -> str:
    template = IDENTITY_WORDS.get(identity, IDENTITY_WORDS[""])
    return template.format(provider=provider or "fournisseur d’identité")
