"""The acts of an assisted teleconsultation (NGAP, code system 1.2.250.1.215.200.3.3): the
teleconsulting doctor's (TCG for a GP, TC otherwise) and the accompanying professional's
(TLM for a pharmacist; TLL, TLD or TLS for a nurse, by where it happens), and the kinds of
place a station stands in, with their CI-SIS codes (facility type J02, practice setting J04)."""

from __future__ import annotations

from dataclasses import dataclass

NGAP = "1.2.250.1.215.200.3.3"
ACT_WORDS = {
    "TCG": "Téléconsultation par un médecin généraliste",
    "TC": "Téléconsultation par un médecin spécialiste",
    "TLM": "Accompagnement d’une téléconsultation par le pharmacien",
    "TLL": "Accompagnement d’une téléconsultation dans un lieu dédié",
    "TLD": "Accompagnement d’une téléconsultation au domicile du patient",
    "TLS": "Accompagnement d’une téléconsultation lors d’un soin",
}


@dataclass(frozen=True)
class Place:
    facility: tuple[str, str]  # J02 healthCareFacilityTypeCode (1.2.250.1.71.4.2.4)
    setting: tuple[str, str]  # J04 practiceSettingCode (1.2.250.1.213.1.1.4.9)
    nurse_act: str


PLACES = {
    "pharmacy": Place(("SA33", "Pharmacie d'officine"), ("AMBULATOIRE", "Ambulatoire"), "TLL"),
    "cabin": Place(("SA43", "Secteur non défini"), ("AMBULATOIRE", "Ambulatoire"), "TLL"),
    "health-centre": Place(("SA05", "Centre de santé"), ("AMBULATOIRE", "Ambulatoire"), "TLL"),
    "ehpad": Place(
        ("SA17", "Etablissement pour personnes âgées"),
        ("ESSMS", "Etablissement ou Service Social ou Médico-Social"),
        "TLS",
    ),
    "home": Place(("SA07", "Cabinet individuel"), ("MAD", "Maintien à domicile"), "TLD"),
}
GENERAL_PRACTICE = ("médecine générale", "general practice")


def is_pharmacist(profession: str) -> bool:
    return profession.lower().startswith(("pharmacien", "pharmacist"))


def is_general_practitioner(specialty: str) -> bool:
    return any(words in specialty.lower() for words in GENERAL_PRACTICE)


def doctor_act(specialty: str) -> str:
    return "TCG" if not specialty or is_general_practitioner(specialty) else "TC"


def accompaniment_act(profession: str, place: str) -> str:
    if is_pharmacist(profession):
        return "TLM"
    return PLACES.get(place, PLACES["cabin"]).nurse_act


def place_of(station: dict[str, str], profession: str) -> str:
    """The station's kind of place (``[station] place``), else what its assistant suggests."""
    place = station.get("place", "")
    if place in PLACES:
        return place
    return "pharmacy" if is_pharmacist(profession) else "cabin"
