"""A complete assisted consultation, written as the consultation logic writes it."""

from __future__ import annotations

import base64

import av

from drivers.uvc_camera import encode_png
from station.records import EventStore

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
    store.append(
        c,
        "consultation.started",
        {
            "station": {
                "name": "Pharmacie du Marché",
                "address": "2 place du Marché, 97300 Cayenne",
                "operator": "SELARL Pharmacie du Marché",
            },
            "assistant": {"name": "Inès Martin", "profession": "pharmacist", "rpps": "10101010101"},
            "reason": "Douleur de l’oreille droite depuis trois jours, fièvre.",
            "act": "TLM",
        },
    )
    store.append(c, "patient.identified", PATIENT)
    store.append(
        c,
        "consent",
        {
            "given": True,
            "collected_by": "Inès Martin",
            "information": "Téléconsultation expliquée, données protégées.",
        },
    )
    store.append(
        c,
        "doctor.joined",
        {"name": "Dr Paul Lefèvre", "rpps": "10002233445", "specialty": "médecine générale"},
    )
    store.append(
        c,
        "measurement",
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
    )
    store.append(
        c,
        "measurement",
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
    )
    store.append(
        c,
        "measurement",
        {
            "kind": "oximeter",
            "time": "2026-11-23T09:15:00+00:00",
            "device": {"driver": "contec-cms50d", "manufacturer": "Contec", "model": "CMS50D+"},
            "components": [
                {"name": "spo2", "loinc": "59408-5", "value": 96, "unit": "%"},
                {"name": "pulse", "loinc": "8889-8", "value": 95, "unit": "/min"},
            ],
            "flags": [],
        },
    )
    store.append(
        c,
        "measurement",
        {
            "kind": "scale",
            "time": "2026-11-23T09:16:00+00:00",
            "device": {"driver": "marsden-m430", "manufacturer": "Marsden", "model": "M-430"},
            "components": [{"name": "weight", "loinc": "29463-7", "value": 58.5, "unit": "kg"}],
            "flags": ["manual-entry"],
        },
    )
    store.append(
        c,
        "still",
        {
            "device": "otoscope",
            "caption": "Tympan droit",
            "png_b64": base64.b64encode(_still_png()).decode(),
        },
    )
    store.append(
        c,
        "note",
        {
            "kind": "observation",
            "author": "doctor",
            "text": "Tympan droit inflammatoire, bombé. Otite moyenne aiguë.",
        },
    )
    store.append(
        c,
        "note",
        {
            "kind": "advice",
            "author": "doctor",
            "text": "Paracétamol 1 g jusqu’à 3 fois par jour. Boire souvent.",
        },
    )
    store.append(
        c,
        "note",
        {
            "kind": "next-steps",
            "author": "doctor",
            "text": "Revoir votre médecin traitant dans 48 h si la fièvre "
            "persiste ; appeler le 15 en cas de raideur de la nuque.",
        },
    )
    if closed:
        store.append(c, "consultation.closed", {})
    return c
