"""The TLM-CR (CDA R2 N1) of every kind of consultation the station makes passes the ANS's own
test kit with ``--strict`` (``../shared/cda-validator``: CDA schema, structuration minimale,
modèles de contenus, the TLM-CR schematron, and the acceptance checks): a pharmacist, a nurse
in a cabin, a nurse on a care visit, at home, in an EHPAD, and a consultation stopped by a red
flag; without a usable INS the document still passes ``--strict --no-ins`` and says so; a
correction replaces the previous version."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from station.records import EventStore
from station.records import events as ev
from station.records.cda_export import HL7, CdaError, build_cda
from station.records.report_data import gather
from station.records.report_pdf import render_pdf

ROOT = Path(__file__).resolve().parents[2]


def _validator() -> Path | None:
    for candidate in (
        os.environ.get("STATION_CDA_VALIDATOR", ""),
        ROOT.parent / "shared" / "cda-validator",
        Path("/work/shared/cda-validator"),
    ):
        if candidate and (Path(candidate) / "validate.py").is_file():
            return Path(candidate)
    return None


VALIDATOR = _validator()
DOCTOR = ev.DoctorJoined(
    "Dr Claire VASSEUR", "10003456789", "Médecine générale", "Médecin", "verified", "PSC"
)
PATIENT = ev.PatientIdentified(
    "Dupont-Lajoie",
    "Marcelline Louise",
    "1931-02-14",
    "female",
    {"value": "231022A012345", "oid": "1.2.250.1.213.1.4.10", "status": "qualified"},
    birthplace="97302",
)
KINDS = {
    # name: (checklist, station place, assistant profession, RPPS, act expected)
    "pharmacist": ("pharmacy", "pharmacy", "Pharmacien·ne", "10101010101", "TLM"),
    "nurse-cabin": ("standard", "cabin", "Infirmier·e", "10202020202", "TLL"),
    "nurse-home": ("standard", "home", "Infirmier·e", "10202020202", "TLD"),
    "ehpad": ("ehpad", "ehpad", "Infirmier·e", "10303030303", "TLS"),
}


def _consultation(
    store: EventStore, kind: str, *, stopped: bool = False, patient: ev.PatientIdentified = PATIENT
) -> str:
    checklist, place, profession, rpps, _ = KINDS[kind]
    c = store.new_consultation_id()
    station = {
        "name": "Pharmacie du Marché — cabine 1",
        "address": "2 place du Marché, 97300 Cayenne",
        "operator": "SELARL Pharmacie du Marché",
        "finess": "970301234",
        "place": place,
    }
    events: list[ev.RecordEvent] = [
        ev.ConsultationStarted(
            checklist, station, {"name": "Inès MARTIN", "profession": profession, "rpps": rpps}
        ),
        patient,
        ev.ConsentRecorded(True, "consent", "Inès MARTIN"),
    ]
    if stopped:
        events.append(
            ev.Answered(
                "red_flags",
                ["chest_pain"],
                "Signes d’urgence",
                "screening",
                "Douleur thoracique",
                "Appelez le 15.",
            )
        )
    else:
        events += [
            DOCTOR,
            ev.ConclusionSigned(
                "Tympan bombé.",
                "Otite moyenne aiguë.",
                "Repos.",
                "regular-doctor",
                7,
                doctor={"name": DOCTOR.name, "rpps": DOCTOR.rpps},
                digest="0" * 64,
            ),
        ]
    events.append(ev.ConsultationClosed())
    for event in events:
        ev.record(store, c, event)
    return c


def _validate(paths: list[Path], *extra: str) -> subprocess.CompletedProcess[str]:
    assert VALIDATOR is not None
    return subprocess.run(
        [sys.executable, str(VALIDATOR / "validate.py"), "--strict", *extra, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=900,
        env=dict(os.environ, TLMCR_CACHE=str(Path.home() / ".cache" / "station-tlmcr")),
    )


def station_env(data_dir: Path, key: bytes) -> dict[str, str]:
    """What ``station`` run as a subprocess needs to open this test's record."""
    import base64

    return dict(
        os.environ,
        STATION_DATA_DIR=str(data_dir),
        STATION_TEST_RECORD_KEY=base64.b64encode(key).decode(),
        PYTHON_KEYRING_BACKEND="env_keyring.EnvKeyring",
        PYTHONPATH=os.pathsep.join([str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")]),
    )


def _acts(xml: bytes) -> list[str]:
    root = ET.fromstring(xml)
    return [
        e.get("code", "")
        for e in root.iter(f"{{{HL7}}}code")
        if e.get("codeSystem") == "1.2.250.1.215.200.3.3"
    ]


@pytest.mark.skipif(
    VALIDATOR is None, reason="the ANS validator (../shared/cda-validator) is absent"
)
def test_every_kind_of_consultation_passes_the_ans_validation(tmp_path: Path) -> None:
    pytest.importorskip("saxonche")
    documents, no_ins = [], []
    with EventStore(tmp_path / "r.sqlite3", bytes(32)) as store:
        for kind, (_, _, _, _, act) in KINDS.items():
            data = gather(c := _consultation(store, kind), store.events(c))
            cda = build_cda(data, render_pdf(data))
            assert cda.with_ins and _acts(cda.xml) == ["TCG", act], kind
            documents.append((kind, cda.xml))
        data = gather(c := _consultation(store, "nurse-cabin", stopped=True), store.events(c))
        stopped = build_cda(data, render_pdf(data))
        assert _acts(stopped.xml) == ["TLL"]  # no doctor: the accompaniment is the act
        documents.append(("stopped", stopped.xml))
        corrected = build_cda(data, render_pdf(data), version=2, replaces=stopped.document_id)
        documents.append(("replacement", corrected.xml))
        typed = ev.PatientIdentified(
            "Durand",
            "Lucie",
            "1948-07-02",
            "female",
            {"value": "248072A000000", "oid": "1.2.250.1.213.1.4.8", "status": "provisional"},
        )
        data = gather(c := _consultation(store, "pharmacist", patient=typed), store.events(c))
        copy = build_cda(data, render_pdf(data))
        assert not copy.with_ins  # a typed INS is never claimed qualified
        assert b"1.2.250.1.213.1.4.8" not in copy.xml
        no_ins.append(copy.xml)
    paths = []
    for kind, xml in documents:
        (path := tmp_path / f"{kind}.xml").write_bytes(xml)
        paths.append(path)
    checked = _validate(paths)
    assert checked.returncode == 0, checked.stdout[-4000:] + checked.stderr[-2000:]
    assert f"TOTAL: {len(paths)}/{len(paths)} document(s) conform" in checked.stdout
    (copy_path := tmp_path / "copy-no-ins.xml").write_bytes(no_ins[0])
    assert _validate([copy_path]).returncode != 0  # the DMP's rule: no INS, refused
    lenient = _validate([copy_path], "--no-ins")
    assert lenient.returncode == 0, lenient.stdout[-4000:]
    root = ET.fromstring(corrected.xml)
    related = root.find(f"{{{HL7}}}relatedDocument")
    assert related is not None and related.get("typeCode") == "RPLC"
    assert root.find(f"{{{HL7}}}versionNumber").get("value") == "2"  # type: ignore[union-attr]


def test_without_the_structures_identifier_the_document_is_refused_in_words(
    tmp_path: Path,
) -> None:
    with EventStore(tmp_path / "r.sqlite3", bytes(32)) as store:
        c = store.new_consultation_id()
        ev.record(store, c, ev.ConsultationStarted("standard", {"name": "Cabine"}, {}))
        data = gather(c, store.events(c))
    with pytest.raises(CdaError, match="FINESS"):
        build_cda(data, render_pdf(data))


def test_station_export_writes_the_cda_as_a_user_runs_it(tmp_path: Path) -> None:
    """``station export ID --cda FILE`` (README), a subprocess on its own record: the file is
    owner-only, and a second export is the same document (id and version), rebuilt."""

    key = bytes(range(32))
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with EventStore(data_dir / "record.sqlite3", key) as store:
        c = _consultation(store, "pharmacist")
        data = gather(c, store.events(c))
        made = build_cda(data, render_pdf(data))
        ev.record(
            store,
            c,
            ev.CdaMade(made.document_id, made.version, made.created.isoformat(), made.with_ins),
        )
    env = station_env(data_dir, key)
    out = tmp_path / "out" / "tlm-cr.xml"
    out.parent.mkdir()
    done = subprocess.run(
        [str(Path(sys.executable).with_name("station")), "export", c, "--cda", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "Compte rendu CDA (TLM-CR)" in done.stdout
    assert out.stat().st_mode & 0o077 == 0
    root = ET.fromstring(out.read_bytes())
    assert root.find(f"{{{HL7}}}id").get("root") == made.document_id  # type: ignore[union-attr]
    refused = subprocess.run(
        [str(Path(sys.executable).with_name("station")), "export", "nope", "--cda", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    assert refused.returncode != 0 and refused.stderr.startswith("Erreur : consultation inconnue")
