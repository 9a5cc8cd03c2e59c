"""The report: PDF text read back, FHIR bundle validated, `station export` end to end."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError
from pypdf import PdfReader

from station.cli import main
from station.credentials import record_master_key
from station.records import EventStore
from station.records.fhir_export import build_bundle
from station.records.report_data import gather
from station.records.report_pdf import render_pdf

from .sample import write_consultation


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, bytes]:
    path = tmp_path_factory.mktemp("rec") / "record.sqlite3"
    with EventStore(path, bytes(32)) as store:
        c = write_consultation(store)
        data = gather(c, store.events(c))
    return data, render_pdf(data)


def _text(pdf: bytes) -> str:
    """The report's words with line breaks folded (a value may wrap onto the next line)."""
    return " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).split())


def test_pdf_says_what_happened_in_french(report) -> None:  # type: ignore[no-untyped-def]
    _, pdf = report
    text = _text(pdf)
    for expected in (
        "Compte rendu de téléconsultation assistée",
        "DUPONT-LAJOIE Marcelline",
        "14/02/1931",
        "INS qualifiée",
        "Inès Martin",
        "Dr Paul Lefèvre",
        "Pharmacie du Marché",
        "Douleur de l’oreille droite",
        "38,6 °C",
        "systolique 152 mmHg",
        "diastolique 91 mmHg",
        "SpO2 96 %",
        "58,5 kg",
        "Welch Allyn SureTemp Plus",
        "rythme cardiaque irrégulier",  # a flagged value, in words
        "saisie manuelle",
        "Tympan droit",
        "Otite moyenne aiguë",
        "Paracétamol",
        "appeler le 15",
        "un professionnel de santé était présent",
    ):
        assert expected in text, expected


def test_pdf_carries_the_still_image(report) -> None:  # type: ignore[no-untyped-def]
    _, pdf = report
    images = [img for page in PdfReader(BytesIO(pdf)).pages for img in page.images]
    assert len(images) == 1


def test_fhir_bundle_is_a_valid_document(report) -> None:  # type: ignore[no-untyped-def]
    data, pdf = report
    bundle = build_bundle(data, pdf)
    Bundle.model_validate(bundle)
    resources = [e["resource"] for e in bundle["entry"]]
    assert bundle["type"] == "document" and resources[0]["resourceType"] == "Composition"
    assert resources[0]["type"]["coding"][0]["code"] == "11488-4"
    kinds = [r["resourceType"] for r in resources]
    for kind in (
        "Patient",
        "Practitioner",
        "Encounter",
        "Observation",
        "Media",
        "Consent",
        "DocumentReference",
    ):
        assert kind in kinds
    patient = next(r for r in resources if r["resourceType"] == "Patient")
    assert patient["identifier"][0]["value"] == "231022A012345"
    assert patient["identifier"][0]["use"] == "official"
    encounter = next(r for r in resources if r["resourceType"] == "Encounter")
    assert encounter["class"]["code"] == "VR" and "assistée" in encounter["type"][0]["text"]
    observations = [r for r in resources if r["resourceType"] == "Observation"]
    panel = next(o for o in observations if o["code"]["coding"][0]["code"] == "85354-9")
    assert [
        (c["code"]["coding"][0]["code"], c["valueQuantity"]["code"]) for c in panel["component"]
    ] == [("8480-6", "mm[Hg]"), ("8462-4", "mm[Hg]")]
    codes = {o["code"]["coding"][0]["code"]: o for o in observations}
    assert codes["8310-5"]["valueQuantity"] == {
        "value": 38.6,
        "unit": "Cel",
        "system": "http://unitsofmeasure.org",
        "code": "Cel",
    }
    assert {"8867-4", "59408-5", "8889-8", "29463-7"} <= codes.keys()
    assert "2708-6" in {c["code"] for c in codes["59408-5"]["code"]["coding"]}
    assert any("manuelle" in n["text"] for n in codes["29463-7"]["note"])
    document = next(r for r in resources if r["resourceType"] == "DocumentReference")
    assert document["content"][0]["attachment"]["contentType"] == "application/pdf"
    # every reference points inside the bundle
    urls = {e["fullUrl"] for e in bundle["entry"]}
    refs = [v for v in _walk(bundle) if isinstance(v, str) and v.startswith("urn:uuid:")]
    assert set(refs) - {bundle["identifier"]["value"]} <= urls


def _walk(node):  # type: ignore[no-untyped-def]
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)
    else:
        yield node


def test_validation_rejects_a_malformed_bundle() -> None:
    bad = {
        "resourceType": "Bundle",
        "type": "document",
        "entry": [{"resource": {"resourceType": "Observation", "status": "final"}}],
    }
    with pytest.raises(ValidationError):
        Bundle.model_validate(bad)


def test_station_export_writes_pdf_and_fhir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STATION_DATA_DIR", str(tmp_path))
    with EventStore(tmp_path / "record.sqlite3", record_master_key()) as store:
        c = write_consultation(store)
    pdf, fhir = tmp_path / "cr.pdf", tmp_path / "cr.json"
    assert main(["export", c, "--pdf", str(pdf), "--fhir", str(fhir)]) == 0
    assert "Marcelline" in _text(pdf.read_bytes())
    Bundle.model_validate(json.loads(fhir.read_text(encoding="utf-8")))
    assert main(["export", "nope", "--pdf", str(pdf)]) != 0
    assert "consultation inconnue" in capsys.readouterr().err
