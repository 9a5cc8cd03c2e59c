"""The doctor in the report: who they are (name, RPPS, profession, specialty) and how that was
established, their signed conclusion part by part, and the documents they handed over, in the
PDF and the FHIR Bundle; a resumed consultation still holds all of it."""

from __future__ import annotations

import base64
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF
from pypdf import PdfReader

from station.checklists import shipped
from station.consultation import Consultation
from station.protocol.conclusion import Conclusion, ConclusionError
from station.records import EventStore
from station.records import events as ev
from station.records.fhir_doctor import IDENTITY_EXTENSION, RPPS_OID
from station.records.fhir_export import build_bundle
from station.records.report_data import gather
from station.records.report_pdf import render_pdf

DOCTOR = {
    "name": "Dr Claire Vasseur",
    "rpps": "10003456789",
    "profession": "Médecin",
    "specialty": "Médecine générale",
    "identity": "verified",
    "provider": "Pro Santé Connect",
}


def _prescription() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(0, 10, "Ordonnance - amoxicilline 1 g matin et soir, 7 jours")
    return bytes(pdf.output())


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(pdf)).pages)


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _conclude(store: EventStore) -> tuple[str, bytes, Conclusion]:
    consultation = Consultation.start(
        store,
        shipped()["pharmacy"],
        station={"name": "Pharmacie du Marché"},
        assistant={"name": "Inès Martin", "profession": "pharmacist"},
        act="TLM",
    )
    c = consultation.id
    consultation.doctor_joined({})  # the call connected before the doctor said who
    consultation.doctor_joined(DOCTOR)
    conclusion = Conclusion.from_message(
        {
            "findings": "Tympan droit bombé, inflammatoire.",
            "impression": "Otite moyenne aiguë droite.",
            "advice": "Prenez le traitement matin et soir pendant 7 jours.",
            "orientation": "regular-doctor",
            "orientation_days": 7,
            "follow_up": "Contrôle du tympan à la fin du traitement.",
        }
    )
    consultation.sign_conclusion(conclusion, DOCTOR)
    prescription = _prescription()
    document = ev.DocumentReceived(
        "prescription", "Ordonnance du 02/12", "application/pdf", prescription, "d1", DOCTOR
    )
    assert consultation.receive_document(document)
    assert not consultation.receive_document(document)  # the same one again: once
    consultation.document_printed("d1", "cups-pdf", True)
    return c, prescription, conclusion


def test_the_signed_conclusion_and_the_prescription_are_in_the_pdf_and_the_bundle(
    tmp_path: Path,
) -> None:
    with EventStore(tmp_path / "r.sqlite3", bytes(32)) as store:
        c, prescription, conclusion = _conclude(store)
        resumed = Consultation.resume(store, c)  # a killed station comes back with them
        assert resumed.conclusion is not None and resumed.conclusion.digest == conclusion.digest()
        assert [d.sha256 for d in resumed.documents] == ["d1"] and "d1" in resumed.printed
        data = gather(c, store.events(c))

    assert [d.rpps for d in data.doctors] == ["10003456789"]
    pdf = render_pdf(data)
    text = _text(pdf)
    assert "Dr Claire Vasseur, Médecine générale (RPPS 10003456789)" in text
    assert "identité vérifiée à la connexion (Pro Santé Connect)" in text
    assert "Impression diagnostique Otite moyenne aiguë droite." in text
    assert "Orientation : Revoir son médecin traitant sous 7 jour(s)" in text
    assert "Conclusion signée par Dr Claire Vasseur (RPPS 10003456789)" in text
    assert "Ordonnance : Ordonnance du 02/12" in text and "imprimé(e) au poste" in text

    bundle = build_bundle(data, pdf)
    doctors = [p for p in _resources(bundle, "Practitioner") if "extension" in p]
    vasseur = next(p for p in doctors if p["name"][0]["text"] == "Dr Claire Vasseur")
    assert vasseur["identifier"] == [{"system": RPPS_OID, "value": "810003456789"}]
    assert [q["code"]["text"] for q in vasseur["qualification"]] == [
        "Médecin",
        "Médecine générale",
    ]
    (identity,) = vasseur["extension"]
    assert identity["url"] == IDENTITY_EXTENSION and identity["valueCoding"]["code"] == "verified"
    composition = _resources(bundle, "Composition")[0]
    (attester,) = composition["attester"]
    assert attester["mode"] == "legal"
    vasseur_ref = next(e["fullUrl"] for e in bundle["entry"] if e["resource"] is vasseur)
    assert attester["party"]["reference"] == vasseur_ref
    sections = {s["title"]: s for s in composition["section"]}
    assert conclusion.digest() in sections["Conclusion du médecin"]["text"]["div"]
    handed = [
        d
        for d in _resources(bundle, "DocumentReference")
        if d["type"]["coding"][0]["code"] == "57833-6"
    ]
    (attachment,) = [d["content"][0]["attachment"] for d in handed]
    assert base64.b64decode(attachment["data"]) == prescription
    assert attachment["contentType"] == "application/pdf"


def test_an_invited_doctor_is_said_declared_and_an_anonymous_join_is_replaced(
    tmp_path: Path,
) -> None:
    with EventStore(tmp_path / "r.sqlite3", bytes(32)) as store:
        c = store.new_consultation_id()
        ev.record(store, c, ev.ConsultationStarted("standard", {"name": "Cabine 3"}, {}))
        ev.record(store, c, ev.DoctorJoined())  # the call connected before anyone said who
        ev.record(store, c, ev.DoctorJoined("Dr Jean Roux", "10009998887", identity="declared"))
        data = gather(c, store.events(c))
    assert [d.name for d in data.doctors] == ["Dr Jean Roux"]
    assert "identité déclarée par le médecin, non vérifiée" in _text(render_pdf(data))


@pytest.mark.parametrize(
    ("message", "words"),
    [
        ({"impression": "x", "orientation": "ailleurs"}, "orientation"),
        ({"orientation": "home"}, "au moins"),
        ({"impression": "x", "orientation": "regular-doctor", "orientation_days": -1}, "délai"),
        ({"impression": 3, "orientation": "home"}, "impression"),
        ({"impression": "x" * 5000, "orientation": "home"}, "impression"),
    ],
)
def test_a_malformed_conclusion_is_refused_in_words(message: dict[str, Any], words: str) -> None:
    with pytest.raises(ConclusionError, match=words):
        Conclusion.from_message(message)
