"""The acts to bill: the doctor's (TCG for a GP) and the accompaniment (TLM for a pharmacist,
TLL/TLD/TLS for a nurse by the station's place), with the doctor as prescriber; in the PDF,
in the FHIR Bundle (ChargeItem), and listed by ``station records acts`` (a subprocess, as the
README runs it), as CSV for the billing software. A consultation stopped before the call
bills nothing."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

from station.records import EventStore
from station.records.acts import consultation_acts
from station.records.fhir_export import build_bundle
from station.records.report_data import gather
from station.records.report_pdf import render_pdf

from .test_cda import _consultation, station_env

KEY = bytes(range(32))


def test_the_acts_are_in_the_report_and_the_bundle(tmp_path: Path) -> None:
    with EventStore(tmp_path / "r.sqlite3", KEY) as store:
        pharmacy = gather(c := _consultation(store, "pharmacist"), store.events(c))
        home = gather(c := _consultation(store, "nurse-home"), store.events(c))
        stopped = gather(c := _consultation(store, "ehpad", stopped=True), store.events(c))
    assert [a.code for a in consultation_acts(pharmacy)] == ["TCG", "TLM"]
    assert [a.code for a in consultation_acts(home)] == ["TCG", "TLD"]
    assert consultation_acts(stopped) == []
    pdf = render_pdf(pharmacy)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(pdf)).pages)
    assert "Actes de télémédecine" in text
    assert "TLM — Accompagnement d’une téléconsultation par le pharmacien" in text
    assert "prescrit par Dr Claire VASSEUR (RPPS 10003456789)" in text
    bundle = build_bundle(pharmacy, pdf)
    items = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "ChargeItem"
    ]
    assert [i["code"]["coding"][0]["code"] for i in items] == ["TCG", "TLM"]
    assert all(i["status"] == "billable" and i["performer"] for i in items)
    assert "enterer" in items[1]  # the doctor who prescribed the accompaniment


def test_station_records_acts_lists_a_period_as_csv(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with EventStore(data_dir / "record.sqlite3", KEY) as store:
        for kind in ("pharmacist", "nurse-cabin"):
            _consultation(store, kind)
        _consultation(store, "ehpad", stopped=True)
    env = station_env(data_dir, KEY)
    today = date.today().isoformat()
    out = tmp_path / "actes.csv"
    station = str(Path(sys.executable).with_name("station"))
    done = subprocess.run(
        [station, "records", "acts", "--from", today, "--to", today, "--csv", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.read_text("utf-8").splitlines(), delimiter=";"))
    assert sorted(r["acte"] for r in rows) == ["TCG", "TCG", "TLL", "TLM"]
    assert {r["rpps_prescripteur"] for r in rows if r["acte"] in ("TLL", "TLM")} == {"10003456789"}
    assert out.stat().st_mode & 0o077 == 0
    before = subprocess.run(
        [station, "records", "acts", "--from", "01/01/2020", "--to", "31/12/2020"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    assert before.returncode == 0 and "Aucun acte sur cette période." in before.stdout
    wrong = subprocess.run(
        [station, "records", "acts", "--from", "hier", "--to", today],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    assert wrong.returncode != 0 and "date illisible" in wrong.stderr
    assert len(wrong.stderr.strip().splitlines()) == 1
