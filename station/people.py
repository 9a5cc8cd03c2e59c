"""Who is at the station: the assistant signing in and the patient identified, as checked.

Plain Python with no heavy imports: the sign-in screen uses it before anything else has started.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

PROFESSIONS = {
    "nurse": "Infirmier·e",
    "pharmacist": "Pharmacien·ne",
    "pharmacy-technician": "Préparateur·rice en pharmacie",
    "care-assistant": "Aide-soignant·e",
    "other": "Autre professionnel·le de santé",
}


class SignInError(ValueError):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Assistant:
    name: str
    profession: str
    rpps: str

    def to_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "profession": PROFESSIONS.get(self.profession, self.profession),
            "rpps": self.rpps,
        }


def check_assistant(name: str, profession: str, rpps: str) -> Assistant:
    """The assistant's identity, checked the way the form explains it."""
    name = " ".join(name.split())
    if len(name) < 3:
        raise SignInError("Indiquez votre prénom et votre nom.")
    if profession not in PROFESSIONS:
        raise SignInError("Choisissez votre profession.")
    rpps = rpps.replace(" ", "")
    if rpps and not re.fullmatch(r"\d{11}", rpps):
        raise SignInError("Le numéro RPPS compte 11 chiffres (laissez vide si vous n’en avez pas).")
    if not rpps and profession in ("nurse", "pharmacist"):
        raise SignInError("Le numéro RPPS est demandé aux infirmiers et aux pharmaciens.")
    return Assistant(name, profession, rpps)


def check_identity(
    family_name: str,
    given_names: str,
    birth_date: date | None,
    ins: str = "",
    sex: str = "",
    birthplace: str = "",
) -> dict[str, Any]:
    """The identity step's answer: at least two identifiers (names and birth date)."""
    family_name, given_names = " ".join(family_name.split()), " ".join(given_names.split())
    if not family_name or not given_names:
        raise SignInError("Indiquez le nom de naissance et le(s) prénom(s) du patient.")
    if birth_date is None or birth_date > date.today() or birth_date.year < 1900:
        raise SignInError("Indiquez la date de naissance du patient.")
    identity: dict[str, Any] = {
        "family_name": family_name,
        "given_names": given_names,
        "birth_date": birth_date.isoformat(),
    }
    if sex:
        identity["sex"] = sex
    birthplace = birthplace.replace(" ", "").upper()
    if birthplace:
        # The INSEE code of the birthplace (an INS trait): 5 characters, 2A/2B for Corsica,
        # 99xxx for a country abroad.
        if not re.fullmatch(r"(?:\d{2}|2[AB])\d{3}", birthplace):
            raise SignInError(
                "Le code INSEE du lieu de naissance compte 5 caractères (99… pour l’étranger)."
            )
        identity["birthplace"] = birthplace
    ins = ins.replace(" ", "").upper()
    if ins:
        # sex, year, month, department (2A/2B for Corsica), commune, order, then the key
        if not re.fullmatch(r"[12]\d{4}(?:\d{2}|2[AB])\d{6}(?:\d{2})?", ins):
            raise SignInError("Le matricule INS compte 13 chiffres (15 avec la clé).")
        # Typed, never checked: a qualified INS needs the INSi teleservice (a CPx card or the
        # organisation's certificate), which this station does not call. Said as such.
        identity["ins"] = {
            "value": ins[:13],
            "oid": "1.2.250.1.213.1.4.8",
            "status": "provisional",
            "how": "typed",  # saisie par l'accompagnant, sans vérification INSi
        }
    return identity
