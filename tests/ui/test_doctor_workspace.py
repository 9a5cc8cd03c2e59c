"""The doctor's workspace end to end, everything real: the fleet's service as its operator runs
it, a real OpenID Connect provider on loopback, the station's own composition root on
simulators, a private CUPS with a cups-pdf queue, and the doctor in Debian's Chromium.

The doctor signs in through the provider, sees the waiting room (no patient name in it), takes
the station whose patient is identified and consented, sees the identity and the context, asks
for a blood pressure, writes a conclusion (its draft survives a reload), re-reads and signs it,
and hands over a PDF prescription. The station shows the conclusion and the prescription,
prints it to CUPS; both sides end with "consultation terminée"; the report's PDF and FHIR carry
the doctor's name, RPPS, signed conclusion and the prescription."""

from __future__ import annotations

import asyncio
import base64
import os
import threading
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF
from pypdf import PdfReader

from drivers.sim import simulator_class
from station.call.service_client import CREDENTIAL_NAME, enroll
from station.config import save_service
from station.credentials import set_secret
from station.records import events as ev
from station.records.cda_export import cda_of_record
from station.records.report_data import gather
from station.ui import kiosk_app, scripted, user
from station.ui.main_window import MainWindow
from tests.chromium import launch_options, needs_chromium
from tests.fleet import enrollment_code, free_port, operator, running_service
from tests.oidc_provider import PASSWORD, oidc_provider
from tests.oidc_provider import unavailable as no_provider
from tests.print_server import unavailable as no_printer

pytestmark = [
    needs_chromium,
    pytest.mark.skipif(bool(no_provider()), reason=no_provider() or "ok"),
    pytest.mark.skipif(bool(no_printer()), reason=no_printer() or "ok"),
]

ORG = "Pharmacie du Marché"
STATION = "Pharmacie du Marché — cabine 1"
RPPS = "10003456789"
FINDINGS = "Tympan droit bombé, inflammatoire."
IMPRESSION = "Otite moyenne aiguë droite."
ADVICE = "Prenez le traitement matin et soir pendant sept jours."


def _prescription(folder: Path) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(0, 10, "ORDONNANCE - Amoxicilline 1 g, matin et soir, 7 jours")
    path = folder / "ordonnance.pdf"
    path.write_bytes(bytes(pdf.output()))
    return path


def doctor_in_chromium(
    service: str, prescription: Path, seen: dict[str, Any], go: dict[str, threading.Event]
) -> None:
    """The doctor, in its own thread (Playwright's sync API), by real clicks and typing."""
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(**launch_options())
            try:
                page = browser.new_page(bypass_csp=True)  # the test's probes evaluate script
                page.goto(service + "/")
                page.click("#sign-in")
                page.locator("#login").press_sequentially("vasseur")
                page.locator("#password").press_sequentially(PASSWORD)
                page.click("#submit")
                page.locator("#doctor-name", has_text="RPPS " + RPPS).wait_for(timeout=30_000)
                # The station calls this doctor by name (its directory): the entry says so.
                entry = page.locator("#queue li", has_text="vous est adressé")
                entry.first.wait_for(timeout=120_000)
                seen["queue"] = page.locator("#queue").inner_text()
                entry.first.locator("button.take").click()
                page.wait_for_function(
                    "document.getElementById('remote').getVideoPlaybackQuality()"
                    ".totalVideoFrames > 5",
                    timeout=60_000,
                )
                page.locator("#patient-identity", has_text="ans").wait_for(timeout=30_000)
                seen["identity"] = page.locator("#patient-identity").inner_text()
                seen["reason"] = page.locator("#patient-reason").inner_text()
                seen["assistant"] = page.locator("#patient-assistant").inner_text()
                page.click(".requests button[data-kind=blood-pressure]")
                item = page.locator("#vitals li", has_text="systolique")
                item.first.wait_for(timeout=120_000)
                seen["measurement"] = item.first.inner_text()

                # The conclusion's draft survives a reload (and the call comes back).
                page.locator("#c-findings").press_sequentially(FINDINGS)
                page.reload()
                page.locator("#call-view").wait_for(timeout=30_000)
                seen["draft"] = page.locator("#c-findings").input_value()
                page.locator("#c-impression").press_sequentially(IMPRESSION)
                page.locator("#c-advice").press_sequentially(ADVICE)
                page.check("input[name=orientation][value=regular-doctor]")
                page.click("#review-conclusion")
                seen["review"] = page.locator("#review-list").inner_text()
                page.click("#sign-conclusion")
                page.locator("#conclusion-state", has_text="enregistrée").wait_for(timeout=60_000)
                page.set_input_files("#prescription-file", str(prescription))
                page.click("#send-prescription")
                page.locator("#documents-state", has_text="Document reçu").wait_for(timeout=60_000)
                go["handed"].set()
                go["end"].wait(timeout=240)
                page.click("#end-call")
                page.locator("#state", has_text="consultation terminée").wait_for(timeout=30_000)
                seen["end"] = page.locator("#state").inner_text()
            finally:
                browser.close()
    except Exception as err:  # said to the test, which fails with it
        seen["error"] = repr(err)
    finally:
        go["handed"].set()
        go["done"].set()


def test_a_signed_in_doctor_takes_a_waiting_patient_concludes_and_prescribes(
    run_ui: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cups: Any
) -> None:
    monitor = simulator_class("beurer-bm58")(profile="hypertensive", seed=5)
    thermometer = simulator_class("welch-allyn-suretemp")()
    oximeter = simulator_class("contec-cms50d")()
    config = tmp_path / "station.toml"
    config.write_text(
        f'[station]\nname = "{STATION}"\n'
        'address = "2 rue du Marché, 35000 Rennes"\noperator = "Pharmacie du Marché"\n'
        'finess = "350001234"\nplace = "pharmacy"\n'
        f'\n[devices.blood-pressure]\ndriver = "beurer-bm58"\nport = "{monitor.start()}"\n'
        f'\n[devices.thermometer]\ndriver = "welch-allyn-suretemp"\n'
        f'port = "{thermometer.start()}"\n'
        f'\n[devices.oximeter]\ndriver = "contec-cms50d"\nport = "{oximeter.start()}"\n'
        '\n[devices.otoscope]\nport = "lavfi:testsrc=size=640x360:rate=15"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("STATION_CONFIG", str(config))
    monkeypatch.setenv("STATION_CAMERA_PORT", "lavfi:testsrc2=size=640x480:rate=30")
    monkeypatch.setenv("STATION_MICROPHONE", "lavfi:sine=frequency=440:sample_rate=48000")
    monkeypatch.setenv("STATION_SPEAKER", "none")
    prescription = _prescription(tmp_path)
    seen: dict[str, Any] = {}
    go = {name: threading.Event() for name in ("handed", "end", "done")}
    port = free_port()
    url = f"http://127.0.0.1:{port}"

    printer = cups
    jobs = printer.completed()
    with (
        oidc_provider(tmp_path, f"{url}/auth/callback") as idp,
        running_service(
            tmp_path,
            ("--oidc-issuer", idp.issuer, "--oidc-client-id", idp.client_id),
            {"STATION_OIDC_CLIENT_SECRET": idp.client_secret},
            port=port,
        ) as (_, service_env),
    ):
        added = operator(
            service_env, "doctor", "add", RPPS, "--name", "Dr Claire Vasseur", "--organisation", ORG
        )
        assert added.returncode == 0, added.stderr
        code = enrollment_code(service_env, STATION, ORG)
        before = printer.printed()

        async def scenario() -> dict[str, Any]:
            enrolled = await enroll(url, code)
            set_secret(CREDENTIAL_NAME, enrolled.credential)
            save_service(url, enrolled.station)
            window = MainWindow()
            qtbot.addWidget(window)
            window.show()
            closed = asyncio.Event()
            station = asyncio.ensure_future(kiosk_app._kiosk(window, closed))
            try:
                await scripted.until(lambda: window.attached, 60, "the station started")
                workstation = window.workstation
                threading.Thread(
                    target=doctor_in_chromium,
                    args=(url, prescription, seen, go),
                    daemon=True,
                ).start()
                scripted.sign_in(window)
                user.choose(window.home.checklist, "standard")
                user.click(window.home.begin)
                scripted.identify(window)
                await scripted.fill_phase(window, scripted.STANDARD_ANSWERS)  # consent, reason…
                session = workstation.session
                assert session is not None
                await scripted.until(lambda: session.waiting_since is not None, 60, "announced")
                screen = window.consultation
                assert screen is not None
                waiting_text = screen.call.state.text()
                panel = screen.call
                await scripted.until(lambda: panel.named_doctor.count() > 1, 30, "directory")
                user.choose(panel.named_doctor, RPPS)  # the patient's own doctor, by name
                await scripted.next_phase(window)
                await scripted.until(lambda: session.call_connected, 120, "doctor on the call")
                await scripted.until(
                    lambda: (
                        session.consultation.doctor is not None
                        and session.consultation.doctor.rpps == RPPS
                    ),
                    60,
                    "the doctor said who they are",
                )
                await scripted.until(lambda: "Vasseur" in screen.call.state.text().title(), 10)
                joined_text = screen.call.state.text()
                await scripted.until(lambda: bool(session.open_requests()), 120, "BP asked")
                (request,) = session.open_requests()
                await scripted.answer_step(window, request, {})  # the nurse takes it
                delivery = screen.call.delivery
                await scripted.until(  # the station says the doctor's page has the reading
                    lambda: "a reçu : 1 mesure" in delivery.text(), 60, "the doctor has it"
                )
                await scripted.until(go["handed"].is_set, 240, "conclusion and prescription")
                assert "error" not in seen, seen.get("error")
                await scripted.until(lambda: bool(session.consultation.documents), 30)
                decisions = screen.call.decisions
                conclusion_text = decisions.conclusion.text()
                (document,) = session.consultation.documents
                user.click(scripted.button(window, f"print-prescription-{document.sha256[:12]}"))
                await scripted.until(lambda: printer.completed() > jobs, 90, "printed")
                print_status = decisions.status.text()
                go["end"].set()
                await scripted.until(go["done"].is_set, 60, "the doctor ended the call")
                await scripted.until(
                    lambda: "terminé la consultation" in screen.call.state.text(), 30
                )
                ended_text = screen.call.state.text()
                await scripted.fill_phase(window, scripted.STANDARD_ANSWERS)  # the rest
                await scripted.next_phase(window)
                label = type(decisions.conclusion)
                closing = screen.checklist.findChild(label, "closing-decisions")
                closing_text = closing.text() if closing is not None else ""
                await scripted.fill_phase(window, scripted.STANDARD_ANSWERS)
                await scripted.settled(window)
                user.click(scripted.button(window, "next-phase"))
                await scripted.until(
                    lambda: window.stack.currentWidget() is window.report, 60, "report"
                )
                consultation = session.consultation.id
                report_status = window.report.status.text()
                pdf = await workstation.report_pdf(consultation)
                data = gather(consultation, workstation.store.events(consultation))
                made = [
                    e
                    for e in map(ev.decode, workstation.store.events(consultation))
                    if isinstance(e, ev.CdaMade)
                ]
                return {
                    "waiting": waiting_text,
                    "report": report_status,
                    "joined": joined_text,
                    "conclusion": conclusion_text,
                    "print": print_status,
                    "ended": ended_text,
                    "closing": closing_text,
                    "pdf": pdf,
                    "data": data,
                    "bundle": workstation_bundle(workstation, consultation),
                    "cda": cda_of_record(data, pdf, made).xml if made else b"",
                }
            finally:
                go["end"].set()
                closed.set()
                await station

        try:
            result = run_ui(scenario, timeout=600)
        finally:
            for simulator in (monitor, thermometer, oximeter):
                simulator.stop()
        printed = printer.printed() - before
        for leftover in printed:
            job = leftover.read_bytes()
            os.unlink(leftover)
    log = (tmp_path / "service" / "log.txt").read_text()

    assert "error" not in seen, seen.get("error")
    # The waiting room said where and why, never who.
    assert "Douleur de l’oreille" in seen["queue"] and "Durand" not in seen["queue"].title()
    assert seen["identity"].startswith("DURAND Lucie, ") and "sans INS" in seen["identity"]
    assert "ans" in seen["identity"] and "Douleur" in seen["reason"]
    assert seen["assistant"] == "Claire Martin, Infirmier·e"
    assert "systolique" in seen["measurement"]
    assert seen["draft"] == FINDINGS  # kept across the reload
    assert IMPRESSION in seen["review"] and "Revoir son médecin traitant" in seen["review"]
    assert seen["end"] == "consultation terminée"
    assert "En attente d’un médecin depuis" in result["waiting"]
    assert "a rejoint la consultation (identité vérifiée)" in result["joined"]
    assert ADVICE in result["conclusion"] and "Revoir son médecin traitant" in result["conclusion"]
    assert "imprimante" in result["print"] and printer.queue in result["print"]
    assert job.startswith(b"%PDF")
    assert "Le médecin a terminé la consultation" in result["ended"]
    assert ADVICE in result["closing"] and "Ordonnance" in result["closing"]

    data = result["data"]
    assert data.conclusion is not None and data.conclusion.attestation  # signed by the service
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(BytesIO(result["pdf"])).pages
    )
    assert "Dr Claire VASSEUR" in text and f"RPPS {RPPS}" in text
    assert "identité vérifiée à la connexion (Pro Santé Connect)" in text
    assert IMPRESSION in text and "Ordonnance : ordonnance.pdf" in text
    bundle = result["bundle"]
    resources = [e["resource"] for e in bundle["entry"]]
    doctors = [r for r in resources if r["resourceType"] == "Practitioner" and "extension" in r]
    assert any(
        d.get("identifier") == [{"system": "urn:oid:1.2.250.1.71.4.2.1", "value": "8" + RPPS}]
        for d in doctors
    )
    handed = [
        r
        for r in resources
        if r["resourceType"] == "DocumentReference" and r["type"]["coding"][0]["code"] == "57833-6"
    ]
    (attachment,) = [d["content"][0]["attachment"] for d in handed]
    assert base64.b64decode(attachment["data"]) == prescription.read_bytes()
    # The report screen says the act the nurse bills, and who prescribed it.
    assert "Acte à facturer : TLL" in result["report"] and f"RPPS {RPPS}" in result["report"]
    assert "Sans INS qualifiée" in result["report"]  # typed no INS: no DMP, said
    # Closing made the TLM-CR: the doctor's act (a GP: TCG), then the nurse's in a pharmacy.
    assert b'code="TCG"' in result["cda"] and b'code="TLL"' in result["cda"]
    assert ("8" + RPPS).encode() in result["cda"]
    # No patient name in the service's log.
    assert "Durand" not in log and "DURAND" not in log


def workstation_bundle(workstation: Any, consultation: str) -> dict[str, Any]:
    """The FHIR Bundle as the outbox sends it (attachments put back from their events)."""
    from station.records.outbox import queued_bundle

    events = workstation.store.events(consultation)
    queued = [ev.decode(e) for e in events if e.type == ev.ReportQueued.TYPE]
    assert queued, "no report queued"
    # The prescription is kept once, in its own event: the queued Bundle names it by hash.
    kept = queued[-1].bundle  # type: ignore[attr-defined]
    handed = [
        e["resource"]["content"][0]["attachment"]
        for e in kept["entry"]
        if e["resource"]["resourceType"] == "DocumentReference"
        and e["resource"]["type"]["coding"][0]["code"] == "57833-6"
    ]
    assert handed and all("data" not in a and a["hash"] for a in handed)
    return queued_bundle(workstation.store, consultation)
