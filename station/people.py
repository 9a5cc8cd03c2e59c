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
    *,
    qualified_by: str = "",
    regular_doctor: str = "",
) -> dict[str, Any]:
    """The identity step's answer: at least two identifiers (names and birth date).

    ``qualified_by``: the software or service that qualified the INS (its INSi check, with an
    identity document seen), when the assistant reads a qualified INS there; the station
    itself never qualifies one. ``regular_doctor``: the regular doctor's MSSanté address."""
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
    qualified_by = " ".join(qualified_by.split())
    if ins:
        identity["ins"] = _ins(ins, qualified_by)
    elif qualified_by:
        raise SignInError("Indiquez le matricule INS qualifié.")
    regular_doctor = regular_doctor.strip()
    if regular_doctor:
        from station.records.mssante_address import is_professional_address

        if not is_professional_address(regular_doctor):
            raise SignInError(
                "L’adresse de messagerie sécurisée du médecin traitant se termine par "
                "mssante.fr (par exemple prenom.nom@medecin.mssante.fr)."
            )
        identity["regular_doctor_mssante"] = regular_doctor
    return identity


def nir_key(nir: str) -> int:
    """The NIR's 2-digit key: 97 minus the number mod 97 (Corsica's 2A/2B count as 19/18)."""
    number = int(nir.replace("2A", "19").replace("2B", "18"))
    return 97 - number % 97


def _ins(ins: str, qualified_by: str) -> dict[str, Any]:
    # sex, year, month, department (2A/2B for Corsica), commune, order, then the key
    if not re.fullmatch(r"[12]\d{4}(?:\d{2}|2[AB])\d{6}(?:\d{2})?", ins):
        raise SignInError("Le matricule INS compte 13 chiffres (15 avec la clé).")
    key = nir_key(ins[:13])
    if len(ins) == 15 and int(ins[13:]) != key:
        raise SignInError(
            "La clé du matricule INS (les 2 derniers chiffres) ne correspond pas : "
            "vérifiez le numéro."
        )
    matricule = f"{ins[:13]}{key:02d}"  # the INS matricule is the 15 characters, key included
    if qualified_by:
        # Qualified elsewhere (the structure's software called INSi, an identity document was
        # seen): who did it is recorded, and the assistant who read it is the consultation's.
        return {
            "value": matricule,
            "oid": "1.2.250.1.213.1.4.8",
            "status": "qualified",
            "how": "insi-elsewhere",
            "qualified_by": qualified_by,
        }
    # Typed, never checked: a qualified INS needs the INSi teleservice (a CPx card or the
    # organisation's certificate), which this station does not call. Said as such.
    return {
        "value": matricule,
        "oid": "1.2.250.1.213.1.4.8",
        "status": "provisional",
        "how": "typed",  # saisie par l'accompagnant, sans vérification INSi
    }
