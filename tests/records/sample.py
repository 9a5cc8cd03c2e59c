"""A complete assisted consultation, written as the consultation logic writes it."""

from __future__ import annotations

import av

from drivers.uvc_camera import encode_png
from station.records import EventStore
from station.records import events as ev

PATIENT = {
    "family_name": "Dupont-Lajoie",
    "given_names": "Marcelline",
    "birth_date": "1931-02-14",
    "sex": "female",
    "ins": {"value": "231022A012345", "oid": "1.2.250.1.213.1.4.8", "status": "qualified"},
}


def _still_png() -> bytes:
    # Synchronous on purpose: callers may already run an event loop.
    with av.open("testsrc2=size=320x240:rate=30", format="lavfi") as container:
        frame = next(container.decode(video=0))
    return encode_png(frame)


def write_consultation(store: EventStore, *, closed: bool = True) -> str:
    c = store.new_consultation_id()
    for event in (
        ev.ConsultationStarted(
            "pharmacy",
            station={
                "name": "Pharmacie du Marché",
                "address": "2 place du Marché, 97300 Cayenne",
                "operator": "SELARL Pharmacie du Marché",
            },
            assistant={"name": "Inès Martin", "profession": "pharmacist", "rpps": "10101010101"},
            act="TLM",
        ),
        ev.PatientIdentified(**PATIENT),
        ev.ConsentRecorded(
            True,
            step="consent",
            collected_by="Inès Martin",
            information="Téléconsultation expliquée, données protégées.",
        ),
        ev.Answered(
            "reason",
            "Douleur de l’oreille droite depuis trois jours, fièvre.",
            label="Motif de la consultation, en quelques mots du patient.",
            role="reason",
            text="Douleur de l’oreille droite depuis trois jours, fièvre.",
        ),
        ev.Answered(
            "current_treatments",
            "Amlodipine 5 mg le matin ; allergie à la pénicilline.",
            label="Traitements en cours et allergies connues.",
            role="context",
            text="Amlodipine 5 mg le matin ; allergie à la pénicilline.",
        ),
        ev.Answered(
            "red_flags",
            ["none"],
            label="Signes d’urgence : le patient présente-t-il l’un de ces signes ?",
            role="screening",
            text="Aucun de ces signes",
        ),
        ev.DoctorJoined("Dr Paul Lefèvre", "10002233445", "médecine générale"),
        ev.MeasurementTaken(
            {
                "kind": "thermometer",
                "time": "2026-11-23T09:12:00+00:00",
                "device": {
                    "driver": "welch-allyn-suretemp",
                    "manufacturer": "Welch Allyn",
                    "model": "SureTemp Plus",
                },
                "components": [
                    {"name": "temperature", "loinc": "8310-5", "value": 38.6, "unit": "Cel"}
                ],
                "flags": ["predicted"],
                "site": "oral",
            },
            "temperature",
        ),
        ev.MeasurementTaken(
            {
                "kind": "blood-pressure",
                "time": "2026-11-23T09:14:00+00:00",
                "device": {"driver": "beurer-bm58", "manufacturer": "Beurer", "model": "BM 58"},
                "components": [
                    {"name": "systolic", "loinc": "8480-6", "value": 152, "unit": "mm[Hg]"},
                    {"name": "diastolic", "loinc": "8462-4", "value": 91, "unit": "mm[Hg]"},
                    {"name": "pulse", "loinc": "8867-4", "value": 96, "unit": "/min"},
                ],
                "flags": ["irregular-heartbeat"],
            },
            "blood_pressure",
        ),
        ev.MeasurementTaken(
            {
                "kind": "oximeter",
                "time": "2026-11-23T09:15:00+00:00",
                "device": {
                    "driver": "contec-cms50d",
                    "manufacturer": "Contec",
                    "model": "CMS50D+",
                },
                "components": [
                    {"name": "spo2", "loinc": "59408-5", "value": 96, "unit": "%"},
                    {"name": "pulse", "loinc": "8889-8", "value": 95, "unit": "/min"},
                ],
                "flags": [],
            },
            "oximetry",
        ),
        ev.MeasurementTaken(
            {
                "kind": "scale",
                "time": "2026-11-23T09:16:00+00:00",
                "device": {"driver": "marsden-m430", "manufacturer": "Marsden", "model": "M-430"},
                "components": [{"name": "weight", "loinc": "29463-7", "value": 58.5, "unit": "kg"}],
                "flags": ["manual-entry"],
            },
        ),
        ev.StillTaken("otoscope", "Tympan droit", _still_png(), "otoscope"),
        ev.NoteAdded(
            "observation", "Tympan droit inflammatoire, bombé. Otite moyenne aiguë.", "doctor"
        ),
        ev.NoteAdded("advice", "Paracétamol 1 g jusqu’à 3 fois par jour. Boire souvent.", "doctor"),
        ev.NoteAdded(
            "next-steps",
            "Revoir votre médecin traitant dans 48 h si la fièvre "
            "persiste ; appeler le 15 en cas de raideur de la nuque.",
            "doctor",
        ),
        ev.Answered(
            "follow_up",
            "own_doctor",
            label="Suite prévue",
            role="follow-up",
            text="Revoir son médecin traitant",
        ),
    ):
        ev.record(store, c, event)
    if closed:
        ev.record(store, c, ev.ConsultationClosed())
    return c
