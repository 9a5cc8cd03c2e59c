"""The teleconsulting doctor's part of the FHIR Bundle: the Practitioner (RPPS, profession,
specialty, how the identity was established), the signed conclusion as a Composition section,
and the documents handed over (prescription, advice sheet) as DocumentReferences."""

from __future__ import annotations

import base64
import hashlib
import html
import uuid
from typing import Any

from station.protocol.conclusion import DOCUMENT_KINDS, identity_words, orientation_words
from station.records import events as ev
from station.records.report_data import Person, ReportData

LOINC = "http://loinc.org"
RPPS_OID = "urn:oid:1.2.250.1.71.4.2.1"  # IdNatPs: "8" followed by the RPPS number
XHTML = "http://www.w3.org/1999/xhtml"
# Our own extension until FR Core's professional-identity extension is adopted.
IDENTITY_EXTENSION = "urn:station:fhir:identity-established"
# LOINC document types of what the doctor hands over.
DOCUMENT_LOINC = {
    "prescription": ("57833-6", "Prescription for medication"),
    "advice-sheet": ("69730-0", "Instructions"),
}


def attachment_hash(data: bytes) -> str:
    """FHIR Attachment.hash: the base64 SHA-1 of the data."""
    return base64.b64encode(hashlib.sha1(data, usedforsecurity=False).digest()).decode("ascii")


def narrative_section(title: str, lines: list[str]) -> dict[str, Any]:
    """A Composition section holding lines of text."""
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return {
        "title": title,
        "text": {"status": "generated", "div": f'<div xmlns="{XHTML}">{body}</div>'},
    }


def practitioner(person: Person, *, doctor: bool) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Practitioner",
        "name": [{"text": person.name or "Médecin téléconsultant"}],
    }
    if person.rpps:
        resource["identifier"] = [{"system": RPPS_OID, "value": f"8{person.rpps}"}]
    qualifications = [q for q in (person.profession, person.specialty) if q]
    if qualifications:
        resource["qualification"] = [{"code": {"text": q}} for q in qualifications]
    if doctor:
        resource["extension"] = [
            {
                "url": IDENTITY_EXTENSION,
                "valueCoding": {
                    "system": "urn:station:identity-establishment",
                    "code": person.identity or "unverified",
                    "display": identity_words(person.identity, person.provider),
                },
            }
        ]
    return resource


def conclusion_section(c: ev.ConclusionSigned) -> dict[str, Any]:
    lines = (
        f"Constatations : {c.findings}" if c.findings else "",
        f"Impression diagnostique : {c.impression}" if c.impression else "",
        f"Conseils : {c.advice}" if c.advice else "",
        "Orientation : " + orientation_words(c.orientation, c.orientation_days, c.specialist),
        f"Suivi : {c.follow_up}" if c.follow_up else "",
        f"Empreinte SHA-256 de la conclusion signée : {c.digest}",
    )
    return narrative_section("Conclusion du médecin", [line for line in lines if line])


def document_entries(
    data: ReportData,
    refs: dict[str, str],
    signer: str | None,
    authors: list[dict[str, str]],
    entries: list[tuple[str, dict[str, Any]]],
) -> list[str]:
    """One DocumentReference per document handed over, appended to ``entries``; their refs."""
    handed_over = []
    for document in data.documents:
        ref = f"urn:uuid:{uuid.uuid4()}"
        code, display = DOCUMENT_LOINC.get(document.kind, ("51851-4", "Administrative note"))
        attachment = {
            "contentType": document.content_type,
            "language": "fr-FR",
            "title": document.title or display,
            "size": len(document.data),
            "hash": attachment_hash(document.data),
            "data": base64.b64encode(document.data).decode("ascii"),
        }
        entries.append(
            (
                ref,
                {
                    "resourceType": "DocumentReference",
                    "status": "current",
                    "type": {"coding": [{"system": LOINC, "code": code, "display": display}]},
                    "subject": {"reference": refs["patient"]},
                    "date": document.time.isoformat(),
                    "author": [{"reference": signer}] if signer else authors,
                    "description": DOCUMENT_KINDS.get(document.kind, document.kind),
                    "content": [{"attachment": attachment}],
                    "context": {"encounter": [{"reference": refs["encounter"]}]},
                },
            )
        )
        handed_over.append(ref)
    return handed_over


def charge_items(
    data: ReportData, refs: dict[str, str], practitioners: dict[str, str]
) -> list[tuple[str, dict[str, Any]]]:
    """The acts to bill as ChargeItems (NGAP code, performer, the doctor as prescriber)."""
    from station.records.acts import NGAP, consultation_acts

    items = []
    for act in consultation_acts(data):
        item: dict[str, Any] = {
            "resourceType": "ChargeItem",
            "status": "billable",
            "code": {
                "coding": [{"system": f"urn:oid:{NGAP}", "code": act.code, "display": act.words}]
            },
            "subject": {"reference": refs["patient"]},
            "context": {"reference": refs["encounter"]},
            "occurrenceDateTime": act.date,
        }
        performer = practitioners.get(act.performer_rpps)
        if performer:
            item["performer"] = [{"actor": {"reference": performer}}]
        prescriber = practitioners.get(act.prescriber_rpps)
        if prescriber:
            item["enterer"] = {"reference": prescriber}  # R4B: who ordered the accompaniment
        items.append((f"urn:uuid:{uuid.uuid4()}", item))
    return items
