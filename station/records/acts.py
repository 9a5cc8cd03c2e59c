"""The acts of an assisted teleconsultation (NGAP, code system 1.2.250.1.215.200.3.3): the
teleconsulting doctor's (TCG for a GP, TC otherwise) and the accompanying professional's
(TLM for a pharmacist; TLL, TLD or TLS for a nurse, by where it happens), and the kinds of
place a station stands in, with their CI-SIS codes (facility type J02, practice setting J04)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
# The kinds of place, as the setup screen offers them.
PLACE_WORDS = {
    "pharmacy": "Pharmacie d’officine",
    "cabin": "Cabine ou lieu dédié à la téléconsultation",
    "health-centre": "Centre ou maison de santé",
    "ehpad": "EHPAD (soins programmés)",
    "home": "Au domicile du patient (infirmier à domicile)",
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


@dataclass(frozen=True)
class BilledAct:
    """An act of the consultation as the billing needs it."""

    code: str
    performer: str
    performer_rpps: str
    prescriber: str  # the teleconsulting doctor, for the accompaniment act
    prescriber_rpps: str
    date: str  # ISO date
    patient: str

    @property
    def words(self) -> str:
        return ACT_WORDS.get(self.code, self.code)


def consultation_acts(data: Any) -> list[BilledAct]:
    """The doctor's act (when a doctor took part) and the accompaniment act to bill, from a
    report's data (``station.records.report_data.ReportData``)."""
    assistant = data.assistant
    doctors = [d for d in data.doctors if d.rpps]
    doctor = doctors[-1] if doctors else None
    moment = data.started or data.ended
    date = moment.astimezone().date().isoformat() if moment else ""
    patient = data.patient.display_name
    if doctor is None:  # no teleconsultation took place (stopped before the call): no act
        return []
    place = place_of(data.station, assistant.profession)
    return [
        BilledAct(doctor_act(doctor.specialty), doctor.name, doctor.rpps, "", "", date, patient),
        BilledAct(
            accompaniment_act(assistant.profession, place),
            assistant.name,
            assistant.rpps,
            doctor.name,
            doctor.rpps,
            date,
            patient,
        ),
    ]
