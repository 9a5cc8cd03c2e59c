"""What the doctor's page sends about the doctor and their decisions, checked before the
record takes it: who the doctor is, their signed conclusion, and the documents they hand over
(a prescription PDF, chunked: a data-channel message is at most 64 KiB).

A signed-in doctor's identity and conclusion come with the service's signature
(:mod:`station.protocol.assertions`), checked against this station's room; an invited doctor's
identity is taken as declared. Plain Python, no Qt.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from station.consultation.consultation import Consultation
from station.consultation.errors import ConsultationError
from station.protocol.assertions import CONCLUSION, IDENTITY, AssertionRefused, verify
from station.protocol.channel import ConclusionMessage, Doctor, Document
from station.protocol.conclusion import (
    DOCUMENT_KINDS,
    IDENTITY_DECLARED,
    IDENTITY_VERIFIED,
    MAX_DOCUMENT_BYTES,
    Conclusion,
    ConclusionError,
)
from station.records import events as ev

RPPS = re.compile(r"^[0-9]{11}$")
MAX_DOCUMENTS_IN_FLIGHT = 3
IDENTITY_FIELDS = ("name", "rpps", "profession", "specialty", "provider")


def _words(value: Any, limit: int = 200) -> str:
    return " ".join(str(value).split())[:limit] if isinstance(value, str) else ""


def doctor_identity(
    message: Doctor, service_key: dict[str, Any] | None, room: str
) -> dict[str, str]:
    """The doctor as the record keeps them; raises ConclusionError in words."""
    assertion = message.assertion
    if assertion:
        if service_key is None:
            raise ConclusionError("Identité du médecin non vérifiable sur ce poste.")
        try:
            claims = verify(service_key, str(assertion), IDENTITY, room)
        except AssertionRefused as err:
            raise ConclusionError("Identité du médecin refusée (signature du service).") from err
        doctor = {k: _words(claims.get(k)) for k in IDENTITY_FIELDS}
        doctor["identity"] = IDENTITY_VERIFIED
    else:
        doctor = {k: _words(getattr(message, k) or "") for k in IDENTITY_FIELDS if k != "provider"}
        doctor["identity"] = IDENTITY_DECLARED
    if len(doctor["name"]) < 3 or not RPPS.match(doctor["rpps"]):
        raise ConclusionError("Identité du médecin incomplète : nom et numéro RPPS (11 chiffres).")
    return {k: v for k, v in doctor.items() if v}


def signed_conclusion(
    message: ConclusionMessage,
    doctor: dict[str, str],
    service_key: dict[str, Any] | None,
    room: str,
) -> tuple[Conclusion, str]:
    """The conclusion and the service's attestation of its signature ("" for an invited
    doctor). A verified doctor's conclusion must carry it, for this digest and this doctor."""
    conclusion = Conclusion.from_message(message.model_dump())
    attestation = message.signature
    if doctor.get("identity") == IDENTITY_VERIFIED and not attestation:
        raise ConclusionError("Conclusion refusée : elle n’est pas signée.")
    if attestation:
        if service_key is None:
            raise ConclusionError("Signature de la conclusion non vérifiable sur ce poste.")
        try:
            claims = verify(service_key, attestation, CONCLUSION, room)
        except AssertionRefused as err:
            raise ConclusionError("Signature de la conclusion refusée.") from err
        if claims.get("digest") != conclusion.digest() or claims.get("rpps") != doctor.get("rpps"):
            raise ConclusionError("Signature de la conclusion refusée : le texte a changé.")
    return conclusion, attestation


@dataclass
class _Parts:
    kind: str
    title: str
    content_type: str
    sha256: str
    count: int
    chunks: dict[int, bytes] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return sum(len(c) for c in self.chunks.values())


class DocumentAssembler:
    """Puts a document's chunks back together (any order, each once), bounded in size."""

    def __init__(self) -> None:
        self.pending: dict[str, _Parts] = {}

    def add(self, message: Document, author: dict[str, str]) -> ev.DocumentReceived | None:
        """The whole document once its last chunk is in, else None; raises ConclusionError."""
        document = message.document
        parts = self.pending.get(document)
        if parts is None:
            if len(self.pending) >= MAX_DOCUMENTS_IN_FLIGHT:
                raise ConclusionError("Trop de documents à la fois : un après l’autre.")
            if message.kind not in DOCUMENT_KINDS:
                raise ConclusionError("Document refusé : type inconnu.")
            parts = _Parts(
                message.kind,
                _words(message.title),
                message.content_type,
                message.sha256,
                message.count,
            )
            self.pending[document] = parts
        index = message.index
        if index >= parts.count or message.sha256 != parts.sha256:
            self.pending.pop(document, None)
            raise ConclusionError("Document refusé : morceaux incohérents, renvoyez-le.")
        try:
            parts.chunks[index] = base64.b64decode(message.data_b64, validate=True)
        except (binascii.Error, ValueError) as err:
            self.pending.pop(document, None)
            raise ConclusionError("Document refusé : contenu illisible, renvoyez-le.") from err
        if parts.size > MAX_DOCUMENT_BYTES:
            self.pending.pop(document, None)
            raise ConclusionError("Document refusé : plus de 5 Mo.")
        if len(parts.chunks) < parts.count:
            return None
        del self.pending[document]
        data = b"".join(parts.chunks[i] for i in range(parts.count))
        if hashlib.sha256(data).hexdigest() != parts.sha256:
            raise ConclusionError("Document refusé : il a été abîmé en route, renvoyez-le.")
        if parts.content_type == "application/pdf" and not data.startswith(b"%PDF-"):
            raise ConclusionError("Document refusé : ce n’est pas un PDF.")
        return ev.DocumentReceived(
            parts.kind, parts.title, parts.content_type, data, parts.sha256, author
        )


class DoctorDecisions:
    """The doctor's identity, conclusion and documents for one consultation, as they come."""

    def __init__(self, consultation: Consultation) -> None:
        self.consultation = consultation
        self.documents = DocumentAssembler()
        self.doctor: dict[str, str] = {}

    def new_call(self) -> None:
        self.documents = DocumentAssembler()

    def identify(self, message: Doctor, key: dict[str, Any] | None, room: str) -> None:
        """Who the doctor is, checked, then recorded. Raises ConclusionError in words."""
        doctor = doctor_identity(message, key, room)
        c = self.consultation
        if c.doctor is None or c.doctor.to_doctor() != doctor:
            c.doctor_joined(doctor)
        self.doctor = doctor

    def _author(self) -> dict[str, str]:
        c = self.consultation
        if c.doctor is None or not c.doctor.rpps:
            raise ConsultationError("Le médecin doit d’abord dire qui il est (nom et RPPS).")
        return c.doctor.to_doctor()

    def conclude(
        self, message: ConclusionMessage, key: dict[str, Any] | None, room: str
    ) -> tuple[str, bool, str]:
        """The signed conclusion, checked, then recorded; the reply for the doctor."""
        doctor = self._author()
        conclusion, attestation = signed_conclusion(message, doctor, key, room)
        self.consultation.sign_conclusion(conclusion, doctor, attestation)
        return message.id, True, "Conclusion signée, enregistrée par la station."

    def receive(self, message: Document) -> tuple[str, bool, str] | None:
        """A document's chunk; once whole, recorded, and the reply for the doctor."""
        document = self.documents.add(message, self._author())
        if document is None:
            return None
        self.consultation.receive_document(document)
        return message.document, True, "Document reçu par la station."


def printable(c: Consultation, document: ev.DocumentReceived) -> bytes:
    """The PDF to print: the prescription itself, or the advice sheet laid out for reading."""
    if document.content_type == "application/pdf":
        return bytes(document.data)
    from station.records.advice_sheet import advice_sheet_pdf

    return advice_sheet_pdf(
        document.data.decode("utf-8", "replace"),
        str(document.author.get("name", "")),
        str(c.station.get("name", "")),
        datetime.now(UTC),
    )
