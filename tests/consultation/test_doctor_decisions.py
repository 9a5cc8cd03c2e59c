"""What the doctor's page says about the doctor and their decisions, as the station takes it:
a signed-in doctor's identity and conclusion carry the service's signature for this room (a
forged, another room's or altered one is refused, and the doctor told why); an invited doctor's
identity is declared; a prescription arrives in chunks in any order, once, whole, and a resumed
consultation holds all of it. Every message goes through the data channel's schema."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF

from station.checklists import shipped
from station.consultation import Consultation
from station.consultation.session import ConsultationSession
from station.devices.manager import DeviceManager
from station.protocol import channel as proto
from station.protocol.assertions import CONCLUSION, IDENTITY
from station.protocol.conclusion import Conclusion
from station.records.store import EventStore
from station.signaling.assertions import Signer
from tests.consultation.test_session_still import RecordingPeer

ROOM = "room-of-this-station"
DOCTOR = {
    "name": "Dr Claire Vasseur",
    "rpps": "10003456789",
    "profession": "Médecin",
    "specialty": "Médecine générale",
    "provider": "Pro Santé Connect",
}
CONCLUSION_FIELDS = {
    "findings": "Tympan droit bombé.",
    "impression": "Otite moyenne aiguë.",
    "advice": "Prenez le traitement matin et soir.",
    "orientation": "regular-doctor",
    "orientation_days": 7,
}


class ServicePeer(RecordingPeer):
    def __init__(self, key: dict[str, Any]) -> None:
        super().__init__()
        self.service_key, self.room = key, ROOM

    def replies(self) -> list[dict[str, Any]]:
        return [json.loads(m) for m in self.sent if '"type":"reply"' in m]


def _message(type_: str, number: int, **fields: Any) -> dict[str, Any]:
    # Exactly what the page may send: the channel's own decoder checks it.
    return proto.decode(json.dumps({"v": 1, "type": type_, "id": f"{type_}-{number}", **fields}))


def _pdf() -> bytes:
    pdf = FPDF()
    pdf.set_compression(False)
    for page in range(6):  # a few pages of noise: more than one 36 KB chunk
        pdf.add_page()
        pdf.set_font("helvetica", size=8)
        pdf.multi_cell(0, 4, hashlib.sha512(str(page).encode()).hexdigest() * 60)
    return bytes(pdf.output())


def _chunks(data: bytes, kind: str = "prescription") -> list[dict[str, Any]]:
    text = base64.b64encode(data).decode("ascii")
    size = 48_000
    parts = [text[i : i + size] for i in range(0, len(text), size)]
    digest = hashlib.sha256(data).hexdigest()
    return [
        _message(
            "document",
            index,
            document="doc1",
            index=index,
            count=len(parts),
            kind=kind,
            title="Ordonnance",
            content_type="application/pdf",
            sha256=digest,
            data_b64=part,
        )
        for index, part in enumerate(parts)
    ]


@pytest.fixture
def signer() -> Signer:
    return Signer(b"the service's master secret, 32+")


async def _session(store: EventStore, key: dict[str, Any]) -> tuple[ConsultationSession, Any]:
    consultation = Consultation.start(
        store, shipped()["standard"], station={"name": "Cabine 3"}, assistant={"name": "Inès"}
    )
    session = ConsultationSession(consultation, DeviceManager({}))
    peer = ServicePeer(key)
    session.attach_peer(peer)
    return session, peer


async def test_a_signed_in_doctor_concludes_and_hands_over_a_prescription(
    tmp_path: Path, signer: Signer
) -> None:
    with EventStore(tmp_path / "r.sqlite3", bytes(32)) as store:
        session, peer = await _session(store, signer.public_jwk())
        assertion = signer.sign(IDENTITY, ROOM, DOCTOR)
        await session.on_doctor_message(_message("doctor", 1, assertion=assertion))
        assert session.consultation.doctor is not None
        assert session.consultation.doctor.identity == "verified"
        assert session.consultation.doctor.provider == "Pro Santé Connect"

        digest = Conclusion.from_message(CONCLUSION_FIELDS).digest()
        signature = signer.sign(CONCLUSION, ROOM, {"digest": digest, "rpps": DOCTOR["rpps"]})
        await session.on_doctor_message(
            _message("conclusion", 1, signature=signature, **CONCLUSION_FIELDS)
        )
        assert peer.replies()[-1]["ok"] is True
        signed = session.consultation.conclusion
        assert signed is not None and signed.digest == digest and signed.attestation == signature

        pdf = _pdf()
        chunks = _chunks(pdf)
        assert len(chunks) > 1
        for chunk in [*reversed(chunks), chunks[0]]:  # any order, one repeated
            await session.on_doctor_message(chunk)
        (document,) = session.consultation.documents
        assert document.data == pdf and document.author["rpps"] == DOCTOR["rpps"]
        for chunk in chunks:  # the whole document again (a resend): recorded once
            await session.on_doctor_message(chunk)
        assert len(session.consultation.documents) == 1

        resumed = Consultation.resume(store, session.consultation.id)
        assert resumed.conclusion == signed and resumed.documents[0].data == pdf


@pytest.mark.parametrize(
    "forgery",
    ["other-service", "other-room", "altered-text", "unsigned"],
)
async def test_a_forged_or_altered_conclusion_is_refused_and_the_doctor_told(
    tmp_path: Path, signer: Signer, forgery: str
) -> None:
    with EventStore(tmp_path / "r.sqlite3", bytes(32)) as store:
        session, peer = await _session(store, signer.public_jwk())
        await session.on_doctor_message(
            _message("doctor", 1, assertion=signer.sign(IDENTITY, ROOM, DOCTOR))
        )
        digest = Conclusion.from_message(CONCLUSION_FIELDS).digest()
        claims = {"digest": digest, "rpps": DOCTOR["rpps"]}
        by, room, fields = signer, ROOM, dict(CONCLUSION_FIELDS)
        if forgery == "other-service":
            by = Signer(b"another service's secret, 32 b+")
        elif forgery == "other-room":
            room = "another-room"
        elif forgery == "altered-text":
            fields["advice"] = "Aucun traitement."
        extra = {} if forgery == "unsigned" else {"signature": by.sign(CONCLUSION, room, claims)}
        await session.on_doctor_message(_message("conclusion", 1, **fields, **extra))
        (reply,) = peer.replies()
        assert reply["ok"] is False and "refusée" in reply["text"]
        assert session.consultation.conclusion is None


async def test_an_invited_doctor_is_declared_and_a_forged_identity_refused(
    tmp_path: Path, signer: Signer
) -> None:
    with EventStore(tmp_path / "r.sqlite3", bytes(32)) as store:
        session, peer = await _session(store, signer.public_jwk())
        other = Signer(b"another service's secret, 32 b+")
        await session.on_doctor_message(
            _message("doctor", 1, assertion=other.sign(IDENTITY, ROOM, DOCTOR))
        )
        assert session.consultation.doctor is None and peer.replies()[-1]["ok"] is False
        # Before anyone said who they are, no conclusion is taken.
        await session.on_doctor_message(_message("conclusion", 2, **CONCLUSION_FIELDS))
        assert session.consultation.conclusion is None and "RPPS" in peer.replies()[-1]["text"]

        await session.on_doctor_message(
            _message("doctor", 3, name="Dr Jean Roux", rpps="10009998887")
        )
        assert session.consultation.doctor is not None
        assert session.consultation.doctor.identity == "declared"
        await session.on_doctor_message(_message("conclusion", 4, **CONCLUSION_FIELDS))
        assert session.consultation.conclusion is not None
        assert session.consultation.conclusion.attestation == ""


async def test_a_damaged_document_is_refused_in_words(tmp_path: Path, signer: Signer) -> None:
    with EventStore(tmp_path / "r.sqlite3", bytes(32)) as store:
        session, peer = await _session(store, signer.public_jwk())
        await session.on_doctor_message(
            _message("doctor", 1, name="Dr Jean Roux", rpps="10009998887")
        )
        chunks = _chunks(_pdf())
        damaged = base64.b64encode(b"not the same bytes").decode("ascii")
        chunks[-1] = chunks[-1].model_copy(update={"data_b64": damaged})
        for chunk in chunks:
            await session.on_doctor_message(chunk)
        assert session.consultation.documents == []
        assert "abîmé" in peer.replies()[-1]["text"]
        not_pdf = _chunks(b"MZ an executable, not a PDF")
        await session.on_doctor_message(not_pdf[0])
        assert "pas un PDF" in peer.replies()[-1]["text"]
        assert session.consultation.documents == []


async def test_an_advice_sheet_is_laid_out_as_a_page_to_print(
    tmp_path: Path, signer: Signer
) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    with EventStore(tmp_path / "r.sqlite3", bytes(32)) as store:
        session, _peer = await _session(store, signer.public_jwk())
        await session.on_doctor_message(
            _message("doctor", 1, name="Dr Jean Roux", rpps="10009998887")
        )
        text = "Buvez souvent.\nRevenez si la fièvre dure plus de trois jours."
        data = text.encode("utf-8")
        await session.on_doctor_message(
            _message(
                "document",
                0,
                document="sheet1",
                index=0,
                count=1,
                kind="advice-sheet",
                title="Fiche de conseils",
                content_type="text/plain",
                sha256=hashlib.sha256(data).hexdigest(),
                data_b64=base64.b64encode(data).decode("ascii"),
            )
        )
        (sheet,) = session.consultation.documents
        pdf = session.printable(sheet)
    page = " ".join(PdfReader(BytesIO(pdf)).pages[0].extract_text().split())
    assert "Conseils du médecin" in page and "Dr Jean Roux" in page and "Cabine 3" in page
    assert "Revenez si la fièvre dure plus de trois jours." in page
