"""The report says what happened: the reason, the context, the red-flag screening, the
follow-up; values outside the usual ranges in words (PDF) and coded (FHIR) from one table; a
stopped consultation says the red flag and the orientation given; no split instruction."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from station.assets import assets_dir
from station.checklists import shipped
from station.consultation import Consultation
from station.records import EventStore
from station.records import events as ev
from station.records.fhir_export import build_bundle
from station.records.ranges import interpret, usual_ranges
from station.records.report_data import gather
from station.records.report_pdf import render_pdf

from .sample import write_consultation


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(pdf)).pages]


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_everything_collected_is_in_the_pdf_and_the_bundle(tmp_path: Path) -> None:
    with EventStore(tmp_path / "r.sqlite3", bytes(32)) as store:
        c = write_consultation(store)
        data = gather(c, store.events(c))
    pdf = render_pdf(data)
    text = " ".join(_pages(pdf))
    assert "Douleur de l’oreille droite depuis trois jours" in text
    assert "Amlodipine 5 mg le matin ; allergie à la pénicilline." in text
    assert "Recherche de signes d’urgence" in text and "Aucun de ces signes" in text
    assert "Suite prévue" in text and "Revoir son médecin traitant" in text
    # 152/91 mmHg and 38,6 °C: outside the usual ranges, in words.
    assert "Hors des valeurs habituelles : systolique élevée; diastolique élevée" in text
    assert "température élevée" in text
    bundle = build_bundle(data, pdf)
    titles = [s["title"] for s in _resources(bundle, "Composition")[0]["section"]]
    for title in ("Motif de la consultation", "Recherche de signes d’urgence", "Suite prévue"):
        assert title in titles
    codes = {}
    for obs in _resources(bundle, "Observation"):
        for part in [obs, *obs.get("component", [])]:
            for coding in part.get("interpretation", [{}])[0].get("coding", []):
                codes[part["code"]["coding"][0]["code"]] = coding["code"]
    assert codes == {"8480-6": "H", "8462-4": "H", "8310-5": "H"}


def test_one_table_of_usual_ranges_for_the_report_and_the_doctors_page() -> None:
    page = (assets_dir() / "doctor" / "doctor.js").read_text("utf-8")
    assert "/doctor/usual_ranges.json" in page and "const USUAL = {" not in page
    assert interpret("59408-5", 88) == "LL" and interpret("59408-5", 93) == "L"
    assert interpret("8480-6", 185) == "HH" and interpret("8480-6", 120) is None
    table = json.loads((assets_dir() / "doctor" / "usual_ranges.json").read_text("utf-8"))
    assert {k for k in table if not k.startswith("_")} == set(usual_ranges())


def test_a_stopped_consultation_says_the_red_flag_and_the_orientation(tmp_path: Path) -> None:
    with EventStore(tmp_path / "r.sqlite3", bytes(32)) as store:
        consultation = Consultation.start(
            store,
            shipped()["standard"],
            station={"name": "Pharmacie"},
            assistant={"name": "Inès Martin", "profession": "pharmacist"},
        )
        consultation.answer(
            "identity_checked",
            {"family_name": "Durand", "given_names": "Lucie", "birth_date": "1948-07-02"},
        )
        consultation.answer("patient_informed", True)
        consultation.answer("consent", True)
        consultation.answer("red_flags", ["chest_pain"])
        consultation.close()
        data = gather(consultation.id, store.events(consultation.id))
    text = " ".join(_pages(render_pdf(data)))
    assert "Téléconsultation arrêtée : orientation donnée" in text
    assert "Douleur dans la poitrine" in text
    assert "appelez le 15 (SAMU) maintenant" in text
    assert "La téléconsultation n’a pas eu lieu" in text
    assert "aidé au dialogue avec le médecin" not in text  # no doctor took part


def test_a_short_instruction_is_never_split_and_no_heading_ends_a_page(tmp_path: Path) -> None:
    instruction = (
        "Revoir votre médecin traitant dans 48 heures si la fièvre persiste. Appeler le 15 "
        "immédiatement en cas de raideur de la nuque, de taches sur la peau, de confusion, de "
        "difficulté à respirer ou de douleur qui augmente malgré le traitement. Prendre le "
        "paracétamol à heures régulières et boire souvent, par petites quantités."
    )
    with EventStore(tmp_path / "r.sqlite3", bytes(32)) as store:
        c = write_consultation(store, closed=False)
        # Short steps before it, under the same heading: with one of these counts the
        # instruction falls across a page boundary.
        for number in range(40):
            ev.record(store, c, ev.NoteAdded("next-steps", f"Observation numéro {number}."))
        ev.record(store, c, ev.NoteAdded("next-steps", instruction, "doctor"))
        ev.record(store, c, ev.ConsultationClosed())
        events = store.events(c)
    pages_holding_it = set()
    for cut in range(40):
        kept = [
            e
            for e in events
            if not (
                e.type == "note"
                and e.payload.get("text", "").startswith("Observation numéro")
                and int(e.payload["text"].split()[-1].rstrip(".")) >= cut
            )
        ]
        pages = _pages(render_pdf(gather(c, kept)))
        flat = " ".join(instruction.split())
        holding = [number for number, page in enumerate(pages) if flat in page]
        assert holding, f"instruction split with {cut} notes before it"
        pages_holding_it.add(holding[0])
        for page in pages[:-1]:
            assert not page.split(" Page ")[0].rstrip().endswith("Et maintenant ?")
    assert len(pages_holding_it) > 1  # the lengths tried do cross a page boundary
