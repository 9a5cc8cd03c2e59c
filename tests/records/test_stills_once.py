"""Each still is stored once: in its own event. The queued Bundle names it by its hash and gets
it back when sent; the PDF holds a smaller print rendition (JPEG), not the PNG again."""

from __future__ import annotations

import base64
import json
from io import BytesIO
from pathlib import Path

from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader

from station.records import EventStore
from station.records import events as ev
from station.records.fhir_export import build_bundle
from station.records.fhir_media import still_hash
from station.records.outbox import queue_report, queued_bundle
from station.records.report_data import gather
from station.records.report_pdf import render_pdf

from .sample import write_consultation


def _finished(path: Path) -> tuple[EventStore, str, bytes]:
    store = EventStore(path, bytes(32))
    consultation = write_consultation(store)
    data = gather(consultation, store.events(consultation))
    pdf = render_pdf(data)
    queue_report(store, consultation, build_bundle(data, pdf))
    (png,) = [s.png for s in data.stills]
    return store, consultation, png


def test_the_record_holds_each_still_once(tmp_path: Path) -> None:
    store, consultation, png = _finished(tmp_path / "record.sqlite3")
    with store:
        encoded = base64.b64encode(png).decode("ascii")
        payloads = [json.dumps(e.payload) for e in store.events(consultation)]
        assert sum(p.count(encoded) for p in payloads) == 1
        queued = next(
            e.payload["bundle"]
            for e in store.events(consultation)
            if isinstance(ev.decode(e), ev.ReportQueued)
        )
        stored_media = [
            x["resource"] for x in queued["entry"] if x["resource"]["resourceType"] == "Media"
        ]
        assert stored_media and "data" not in stored_media[0]["content"]


def test_the_bundle_sent_carries_the_still_whole(tmp_path: Path) -> None:
    store, consultation, png = _finished(tmp_path / "record.sqlite3")
    with store:
        bundle = queued_bundle(store, consultation)
    Bundle.model_validate(bundle)
    (media,) = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Media"]
    assert base64.b64decode(media["content"]["data"]) == png
    assert media["content"]["hash"] == still_hash(png) and media["content"]["size"] == len(png)


def test_the_report_prints_a_rendition_not_the_png(tmp_path: Path) -> None:
    store, consultation, _ = _finished(tmp_path / "record.sqlite3")
    with store:
        bundle = queued_bundle(store, consultation)
    (document,) = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "DocumentReference"
    ]
    pdf = base64.b64decode(document["content"][0]["attachment"]["data"])
    (image,) = [img for page in PdfReader(BytesIO(pdf)).pages for img in page.images]
    assert image.name.lower().endswith((".jpg", ".jpeg"))
    assert image.image is not None and image.image.width <= 960


def test_a_report_queued_with_its_stills_inside_is_sent_as_it_was(tmp_path: Path) -> None:
    """Reports queued before stills were kept once hold their data: sent unchanged."""
    with EventStore(tmp_path / "record.sqlite3", bytes(32)) as store:
        consultation = write_consultation(store)
        data = gather(consultation, store.events(consultation))
        bundle = build_bundle(data, render_pdf(data))
        ev.record(store, consultation, ev.ReportQueued(bundle))
        assert queued_bundle(store, consultation) == bundle
