"""Reports by MSSanté, against a real SMTP server on loopback (aiosmtpd, STARTTLS and the
station's client certificate required): the regular doctor and the patient's Mon Espace Santé
mailbox receive the TLM-CR in an IHE XDM package with the MSSanté headers; a refused
recipient is refused and not retried; a server down is retried; a wrong certificate is said
in words; a station killed mid-queue loses nothing and sends nothing twice."""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from station.records import EventStore
from station.records import events as ev
from station.records.cda_export import HL7, build_cda
from station.records.mssante import MssanteSettings
from station.records.outbox import Outbox, address_report
from station.records.report_data import gather
from station.records.report_pdf import render_pdf
from tests.fleet import free_port

from .smtp_server import KEY_PASSPHRASE, Mailbox, Pki, SmtpServer, make_pki
from .test_cda import PATIENT, VALIDATOR, _consultation, _validate, station_env

KEY = bytes(range(32))
DOCTOR_MAILBOX = "claire.vasseur@medecin.mssante.fr"
SENDER = "teleconsultation@pharmacie-du-marche.mssante.fr"
NO_INS = ev.PatientIdentified(
    "Durand", "Lucie", "1948-07-02", "female", regular_doctor_mssante=DOCTOR_MAILBOX
)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def server(pki: Pki) -> Iterator[SmtpServer]:
    srv = SmtpServer(pki, free_port()).start()
    yield srv
    srv.stop()


def _settings(pki: Pki, port: int, **changes: object) -> MssanteSettings:
    settings = MssanteSettings(
        host="127.0.0.1",
        port=port,
        sender=SENDER,
        software_reference="STATION-TEST-0001",
        certificate=str(pki.station_cert),
        ca=str(pki.ca),
        key_password=KEY_PASSPHRASE,
        timeout=10,
    )
    return replace(settings, **changes)  # type: ignore[arg-type]


def _closed(store: EventStore, patient: ev.PatientIdentified) -> str:
    """A closed consultation whose TLM-CR was made and addressed, as the station does it."""
    c = _consultation(store, "pharmacist", patient=patient)
    data = gather(c, store.events(c))
    cda = build_cda(data, render_pdf(data))
    ev.record(
        store, c, ev.CdaMade(cda.document_id, cda.version, cda.created.isoformat(), cda.with_ins)
    )
    address_report(store, c, data.patient, cda.with_ins)
    return c


def _xdm(message: object) -> zipfile.ZipFile:
    (part,) = [p for p in message.iter_attachments() if p.get_filename() == "IHE_XDM.ZIP"]  # type: ignore[attr-defined]
    return zipfile.ZipFile(io.BytesIO(part.get_payload(decode=True)))


async def test_the_report_reaches_the_regular_doctor_and_the_patient_mailbox(
    tmp_path: Path, pki: Pki, server: SmtpServer
) -> None:
    patient = replace(PATIENT, regular_doctor_mssante=DOCTOR_MAILBOX)
    with EventStore(tmp_path / "r.sqlite3", KEY) as store:
        c = _closed(store, patient)
        outbox = Outbox(store, None, mssante=_settings(pki, server.port))
        assert sorted(i.destination for i in outbox.items()) == [
            ev.PATIENT_MAILBOX,
            ev.REGULAR_DOCTOR,
        ]
        sent = await outbox.send_due()
        assert [i.state for i in sent] == ["sent", "sent"], [i.detail for i in sent]
        assert await outbox.send_due() == []  # nothing sent twice
        made = [e for e in map(ev.decode, store.events(c)) if isinstance(e, ev.CdaMade)]
    received = {r.rcpt_tos[0]: r for r in server.mailbox.messages()}
    mailbox = "231022A01234508@patient.mssante.fr"  # the 15-character matricule, key included
    assert set(received) == {DOCTOR_MAILBOX, mailbox}
    doctor, own = received[DOCTOR_MAILBOX].message, received[mailbox].message
    for message in (doctor, own):
        assert message["From"] == SENDER and received[message["To"]].mail_from == SENDER
        assert message["X-MSS-CODECDA"] == "85208-7"
        assert message["X-MSS-INS"] == "O"
        assert message["X-MSS-NIL"] == "STATION-TEST-0001"
        assert message["Message-ID"].startswith(f"<{c}.")
    assert own["X-MSS-MES"] == "FIN" and doctor["X-MSS-MES"] is None  # a kiosk takes no reply
    assert "DUPONT-LAJOIE Marcelline" in doctor.get_body().get_content()
    assert "Dupont" not in doctor["Subject"]  # no name where notifications show it

    package = _xdm(doctor)
    assert set(package.namelist()) == {
        "INDEX.HTM",
        "README.TXT",
        "IHE_XDM/SUBSET01/METADATA.XML",
        "IHE_XDM/SUBSET01/DOC0001.XML",
    }
    cda = package.read("IHE_XDM/SUBSET01/DOC0001.XML")
    root = ET.fromstring(cda)
    assert root.find(f"{{{HL7}}}id").get("root") == made[-1].document_id  # type: ignore[union-attr]
    body = root.find(f".//{{{HL7}}}nonXMLBody/{{{HL7}}}text")
    assert body is not None and body.get("mediaType") == "application/pdf"
    import base64

    (pdf_part,) = [
        p for p in doctor.iter_attachments() if p.get_content_type() == "application/pdf"
    ]
    assert base64.b64decode(body.text or "") == pdf_part.get_payload(decode=True)
    metadata = ET.fromstring(package.read("IHE_XDM/SUBSET01/METADATA.XML"))
    rim = "{urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0}"
    values = {
        slot.get("name"): [v.text for v in slot.iter(f"{rim}Value")]
        for slot in metadata.iter(f"{rim}Slot")
    }
    import hashlib

    assert values["hash"] == [hashlib.sha1(cda).hexdigest()]
    assert values["size"] == [str(len(cda))]
    assert values["sourcePatientId"] == ["231022A012345^^^&1.2.250.1.213.1.4.10&ISO"]
    assert values["intendedRecipient"] == [f"|||||||||||^^Internet^{DOCTOR_MAILBOX}"]
    codes = {c.get("nodeRepresentation") for c in metadata.iter(f"{rim}Classification")}
    assert {"10", "85208-7", "urn:ihe:iti:xds-sd:pdf:2008", "SA33"} <= codes

    if VALIDATOR is None:
        pytest.skip("the ANS validator (../shared/cda-validator) is not on this machine")
    path = tmp_path / "recu.xml"
    path.write_bytes(cda)
    result = _validate([path])
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


async def test_without_a_qualified_ins_only_the_regular_doctor_gets_it(
    tmp_path: Path, pki: Pki, server: SmtpServer
) -> None:
    with EventStore(tmp_path / "r.sqlite3", KEY) as store:
        _closed(store, NO_INS)
        outbox = Outbox(store, None, mssante=_settings(pki, server.port))
        assert [i.destination for i in outbox.items()] == [ev.REGULAR_DOCTOR]
        assert [i.state for i in await outbox.send_due()] == ["sent"]
    (only,) = server.mailbox.messages()
    assert only.rcpt_tos == [DOCTOR_MAILBOX] and only.message["X-MSS-INS"] == "N"


async def test_a_refused_recipient_is_refused_and_not_retried(
    tmp_path: Path, pki: Pki, server: SmtpServer
) -> None:
    server.mailbox.refuse.add(DOCTOR_MAILBOX)
    with EventStore(tmp_path / "r.sqlite3", KEY) as store:
        c = _closed(store, NO_INS)
        outbox = Outbox(store, None, mssante=_settings(pki, server.port), base_delay=0.01)
        (item,) = await outbox.send_due()
        assert item.state == "refused" and "550" in item.detail and "adresse" in item.detail
        await asyncio.sleep(0.05)
        assert await outbox.send_due() == []
        assert "report.refused" in store.types(c) and "report.sent" not in store.types(c)
    assert server.mailbox.messages() == []


async def test_a_server_down_is_retried_until_it_answers(tmp_path: Path, pki: Pki) -> None:
    port = free_port()
    with EventStore(tmp_path / "r.sqlite3", KEY) as store:
        _closed(store, NO_INS)
        outbox = Outbox(store, None, mssante=_settings(pki, port), base_delay=0.05)
        (item,) = await outbox.send_due()
        assert item.state == "failed" and "injoignable" in item.detail
        server = SmtpServer(pki, port).start()
        try:
            states: list[str] = []
            deadline = time.monotonic() + 30
            while "sent" not in states and time.monotonic() < deadline:
                states += [i.state for i in await outbox.send_due()]
                await asyncio.sleep(0.05)
            assert states[-1] == "sent"
            assert len(server.mailbox.messages()) == 1
        finally:
            server.stop()


async def test_a_wrong_certificate_is_said_in_words(
    tmp_path: Path, pki: Pki, server: SmtpServer
) -> None:
    with EventStore(tmp_path / "r.sqlite3", KEY) as store:
        _closed(store, NO_INS)
        stranger = _settings(pki, server.port, certificate=str(pki.stranger_cert))
        (item,) = await Outbox(store, None, mssante=stranger, base_delay=0).send_due()
        # The server refused the station's certificate: said, and tried again later (once
        # the operator has put the right one, nothing is lost).
        assert item.state == "failed" and "certificat du poste" in item.detail
        wrong_key = _settings(pki, server.port, key_password="pas la bonne")
        (item,) = await Outbox(store, None, mssante=wrong_key, base_delay=0).send_due()
        assert item.state == "failed" and "mssante-key-password" in item.detail
        # A server whose certificate is not the operator's: refused, the report never goes.
        untrusted = _settings(pki, server.port, ca="")
        (item,) = await Outbox(store, None, mssante=untrusted, base_delay=0).send_due()
        assert item.state == "refused" and "serveur de messagerie non reconnu" in item.detail
    assert server.mailbox.messages() == []


def test_a_station_killed_mid_queue_loses_nothing_and_sends_nothing_twice(
    tmp_path: Path, pki: Pki
) -> None:
    """``station records send`` (a child process) is killed while the server holds the second
    message; started again, it sends the second and the third, and never the first again."""
    mailbox = Mailbox(hold_from=1)
    server = SmtpServer(pki, free_port(), mailbox).start()
    try:
        data_dir = tmp_path / "data"
        data_dir.mkdir()
        with EventStore(data_dir / "record.sqlite3", KEY) as store:
            consultations = [_closed(store, NO_INS) for _ in range(3)]
        config = tmp_path / "station.toml"
        config.write_text(
            "schema = 1\n\n[mssante]\n"
            f'host = "127.0.0.1"\nport = {server.port}\nsender = "{SENDER}"\n'
            f'software_reference = "STATION-TEST-0001"\n'
            f'certificate = "{pki.station_cert.as_posix()}"\nca = "{pki.ca.as_posix()}"\n'
        )
        secrets = tmp_path / "keyring.json"
        secrets.write_text(json.dumps({"mssante-key-password": KEY_PASSPHRASE}))
        env = dict(
            station_env(data_dir, KEY),
            STATION_CONFIG=str(config),
            STATION_TEST_KEYRING_FILE=str(secrets),
        )
        command = [sys.executable, "-m", "station", "records", "send"]
        child = subprocess.Popen(command, env=env, cwd=tmp_path, start_new_session=True)
        try:
            assert mailbox.held.wait(120), "the second message never reached the server"
        finally:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait(30)
        assert len(mailbox.messages()) == 1
        mailbox.hold_from = None
        again = subprocess.run(
            command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300
        )
        assert again.returncode == 0, again.stdout + again.stderr
        assert again.stdout.count("envoyé le") == 2  # only the two not yet sent
        ids = [r.message["Message-ID"] for r in mailbox.messages()]
        assert len(ids) == 3 and len(set(ids)) == 3
        assert sorted(i.split(".")[0].lstrip("<") for i in ids) == sorted(consultations)
    finally:
        server.stop()
