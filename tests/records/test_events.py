"""The record's vocabulary: each event type round-trips, unknown and malformed events are kept
and skipped (never a failed report), and no type string lives anywhere else."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest

from station.records import EventStore
from station.records import events as ev
from station.records.report_data import gather
from station.records.store import Event

from .sample import write_consultation

ROOT = Path(__file__).resolve().parents[2]
SAMPLES: list[ev.RecordEvent] = [
    ev.ConsultationStarted("standard", {"name": "Pharmacie"}, {"name": "Inès"}, "TLM"),
    ev.PatientIdentified("Durand", "Lucie", "1948-07-02", "female"),
    ev.ConsentRecorded(True, "consent", "Inès"),
    ev.Answered("red_flags", ["none"], "Signes", "screening", "Aucun", ""),
    ev.MeasurementTaken({"kind": "thermometer", "components": []}, "temperature"),
    ev.StillTaken("otoscope", "Tympan", b"\x89PNG-bytes", "otoscope"),
    ev.AuscultationPart(
        "clip-1",
        "mitral",
        0,
        b"\x01\x00\x02\x00",
        48000,
        "2026-12-03T08:00:00+00:00",
        last=True,
        step="auscultation",
    ),
    ev.DoctorJoined("Dr Lefèvre", "10002233445", "", "médecin", "verified", "Pro Santé Connect"),
    ev.ConclusionSigned("Tympan rouge", "Otite", "Repos", "regular-doctor", 7, "", "", {}, "ab"),
    ev.DocumentReceived("prescription", "Ordonnance", "application/pdf", b"%PDF-1", "cd", {}),
    ev.DocumentPrinted("cd", "cups-pdf", True, ""),
    ev.CdaMade("A1B2", 1, "2026-12-02T10:00:00+00:00", True, ""),
    ev.DoctorRequested("r1", "take-measurement", "scale"),
    ev.NoteAdded("advice", "Boire souvent.", "doctor"),
    ev.PhaseAdvanced("before"),
    ev.ConsultationClosed(),
    ev.ConsultationAbandoned("Le patient est reparti.", "Inès"),
    ev.ConsultationPurgedMark("2026-12-02T10:00:00+00:00"),
    ev.ReportQueued({"resourceType": "Bundle"}),
    ev.ReportAddressed(ev.REGULAR_DOCTOR, "claire.vasseur@medecin.mssante.fr"),
    ev.ReportCorrected("identity", "Inès Martin"),
    ev.ReportFailed("code 503", "2026-12-02T10:00:00+00:00"),
    ev.ReportRefused(400),
    ev.ReportSent(201, "Bundle/1"),
]


def _event(kind: str, payload: dict[str, object], seq: int = 1) -> Event:
    return Event(seq, "c", kind, datetime.now(UTC), payload)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.TYPE)
def test_each_type_round_trips_with_its_version(sample: ev.RecordEvent) -> None:
    payload = sample.to_payload()
    assert payload["v"] == sample.VERSION
    assert ev.decode(_event(sample.TYPE, payload)) == sample


def test_every_type_has_a_sample() -> None:
    assert {s.TYPE for s in SAMPLES} == set(ev.TYPES)


def test_an_unknown_or_malformed_event_is_kept_and_skipped(tmp_path: Path) -> None:
    assert isinstance(ev.decode(_event("call.recorded", {"x": 1})), ev.Unknown)
    assert isinstance(ev.decode(_event("report.sent", {"location": "no status"})), ev.Unknown)
    with EventStore(tmp_path / "r.sqlite3", bytes(32)) as store:
        c = write_consultation(store)
        store.append(c, "note", {"no": "text"})  # another version's bug
        store.append(c, "surveillance.frame", {"future": True})
        data = gather(c, store.events(c))
    assert data.patient.family_name == "Dupont-Lajoie"  # the report still builds


def test_no_event_type_string_outside_the_vocabulary() -> None:
    """Writers and readers name types through the classes; the strings live in events.py.

    The dotted ones only: "measurement", "request" or "consent" are also step kinds and
    data-channel messages."""
    types = {t for t in ev.TYPES if "." in t}
    found = []
    for path in (ROOT / "station").rglob("*.py"):
        if path.name == "events.py":
            continue
        # store.py names the purge mark, which it writes itself.
        types_here = types - {ev.ConsultationPurgedMark.TYPE} if path.name == "store.py" else types
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and node.value in types_here:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}")
    assert not found


def test_a_non_finite_value_recorded_by_an_older_version_never_fails_a_report(
    tmp_path: Path,
) -> None:
    import json as json_module

    from station.records.fhir_export import build_bundle
    from station.records.report_pdf import render_pdf

    with EventStore(tmp_path / "r.sqlite3", bytes(32)) as store:
        c = write_consultation(store)
        reading = {
            "kind": "scale",
            "components": [
                {"name": "weight", "loinc": "29463-7", "value": float("nan"), "unit": "kg"}
            ],
            "flags": [],
        }
        store.append(c, "measurement", json_module.loads(json_module.dumps(reading)))
        data = gather(c, store.events(c))
    pdf = render_pdf(data)
    bundle = build_bundle(data, pdf)  # validated against the FHIR models
    assert pdf.startswith(b"%PDF") and bundle["resourceType"] == "Bundle"
