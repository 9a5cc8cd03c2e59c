"""Stethoscope clips in the record: written in parts, read back whole, in the FHIR Bundle as
Media (lossless WAV, SNOMED CT body site) and listed in the PDF; a crash mid-clip keeps what
was captured."""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
import wave
from pathlib import Path

from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader

from station.records import EventStore
from station.records import events as ev
from station.records.fhir_export import build_bundle
from station.records.outbox import queue_report, queued_bundle
from station.records.report_data import gather
from station.records.report_pdf import render_pdf

from .sample import write_consultation

RATE = 48000
STARTED = "2026-12-03T08:14:00+00:00"
WRITER = Path(__file__).with_name("auscultation_writer.py")


def _second(value: int) -> bytes:
    return value.to_bytes(2, "little", signed=True) * RATE


def _with_clips(store: EventStore) -> str:
    consultation = write_consultation(store, closed=False)
    for part in range(3):  # the mitral area, 3 s, whole
        ev.record(
            store,
            consultation,
            ev.AuscultationPart(
                "c-mitral", "mitral", part, _second(part + 1), RATE, STARTED, last=part == 2
            ),
        )
    for part in range(2):  # the back of the right lung: the station stopped during the third
        ev.record(
            store,
            consultation,
            ev.AuscultationPart("c-lung", "lung-back-lower-right", part, _second(9), RATE, STARTED),
        )
    # A part written again (after a resume) counts once.
    ev.record(
        store,
        consultation,
        ev.AuscultationPart("c-lung", "lung-back-lower-right", 1, _second(9), RATE, STARTED),
    )
    return consultation


def _pcm(wav_bytes: bytes) -> tuple[int, bytes]:
    with wave.open(io.BytesIO(wav_bytes)) as file:
        assert file.getnchannels() == 1 and file.getsampwidth() == 2
        return file.getframerate(), file.readframes(file.getnframes())


def test_clips_read_back_whole_and_an_interrupted_one_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "record.sqlite3"
    with EventStore(path, bytes(32)) as store:
        consultation = _with_clips(store)
    with EventStore(path, bytes(32)) as store:  # reopened, as after the app stopped
        data = gather(consultation, store.events(consultation))
    mitral, lung = data.auscultations
    assert (mitral.site.label, mitral.complete, mitral.seconds) == ("Foyer mitral", True, 3.0)
    assert bytes(mitral.pcm) == _second(1) + _second(2) + _second(3)
    assert (lung.complete, lung.seconds, lung.parts) == (False, 2.0, 2)
    assert _pcm(mitral.wav()) == (RATE, bytes(mitral.pcm))


def test_the_bundle_carries_each_clip_as_a_coded_media(tmp_path: Path) -> None:
    with EventStore(tmp_path / "record.sqlite3", bytes(32)) as store:
        consultation = _with_clips(store)
        data = gather(consultation, store.events(consultation))
        pdf = render_pdf(data)
        queue_report(store, consultation, build_bundle(data, pdf))
        bundle = queued_bundle(store, consultation)
        stored = json.dumps([e.payload for e in store.events(consultation)])
    Bundle.model_validate(bundle)
    sounds = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Media"
        and e["resource"]["content"]["contentType"] == "audio/wav"
    ]
    mitral, lung = sounds
    assert mitral["bodySite"]["coding"][0] == {
        "system": "http://snomed.info/sct",
        "code": "91134007",
        "display": "Mitral valve structure",
    }
    assert mitral["status"] == "completed" and mitral["duration"] == 3.0
    assert _pcm(base64.b64decode(mitral["content"]["data"])) == (
        RATE,
        _second(1) + _second(2) + _second(3),
    )
    assert lung["bodySite"]["coding"][0]["code"] == "90572001"  # lower lobe of lung
    assert "dos" in lung["bodySite"]["text"] and lung["status"] == "stopped"
    # The sound is kept once, in its parts: the queued Bundle names it by its hash.
    assert base64.b64encode(_second(9)).decode() in stored
    assert mitral["content"]["data"] not in stored
    composition = bundle["entry"][0]["resource"]
    assert any(
        s["title"] == "Auscultation" and len(s["entry"]) == 2 for s in composition["section"]
    )


def test_the_pdf_lists_each_clip_with_site_time_and_length(tmp_path: Path) -> None:
    with EventStore(tmp_path / "record.sqlite3", bytes(32)) as store:
        consultation = _with_clips(store)
        data = gather(consultation, store.events(consultation))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(data))).pages)
    assert "Auscultation" in text
    local = data.auscultations[0].started.astimezone()
    assert f"Foyer mitral — {local:%H:%M}, 3 s" in text
    assert "Poumon droit, bas, dos" in text and "interrompu" in text


def test_a_station_killed_mid_clip_keeps_what_it_captured(tmp_path: Path) -> None:
    path = tmp_path / "record.sqlite3"
    with EventStore(path, bytes(32)) as store:
        consultation = write_consultation(store, closed=False)
    writer = subprocess.Popen(
        [sys.executable, str(WRITER), str(path), consultation],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    written = [writer.stdout.readline() for _ in range(3)]  # three parts durable
    writer.kill()
    writer.wait(timeout=30)
    with EventStore(path, bytes(32)) as store:
        (clip,) = gather(consultation, store.events(consultation)).auscultations
    assert written == ["0\n", "1\n", "2\n"]
    assert not clip.complete and clip.parts >= 3 and clip.seconds == clip.parts
    assert bytes(clip.pcm[: 3 * RATE * 2]) == _second(1) + _second(2) + _second(3)
