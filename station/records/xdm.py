"""The IHE XDM package an MSSanté message carries a CDA document in (``IHE_XDM.ZIP``).

A ZIP with ``INDEX.HTM`` and ``README.TXT`` at its root and one submission set,
``IHE_XDM/SUBSET01/``, holding ``METADATA.XML`` (the ebRS submission: the document entry and
the submission set, IHE ITI TF-3 §4) and the document itself, ``DOC0001.XML``.

The metadata are read from the CDA header, as a document registry would (patient, author,
legal authenticator, times, facility and practice setting), so both always agree. The
classification scheme UUIDs are IHE's; the codes are the CI-SIS ones for a TLM-CR: class
"10" (compte rendu), type LOINC 85208-7, format ``urn:ihe:iti:xds-sd:pdf:2008`` (a level-1
document with a PDF body).
"""

from __future__ import annotations

import hashlib
import html
import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

HL7 = "{urn:hl7-org:v3}"
LCM = "urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0"
RIM = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0"
SUBSET = "IHE_XDM/SUBSET01"
DOCUMENT_NAME = "DOC0001.XML"
ATTACHMENT_NAME = "IHE_XDM.ZIP"

# IHE XDS metadata: classification schemes and identification schemes (ITI TF-3 §4.2.5).
DOCUMENT_ENTRY = "urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1"
SUBMISSION_SET = "urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd"
DOC_AUTHOR = "urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d"
DOC_CLASS = "urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a"
DOC_CONFIDENTIALITY = "urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f"
DOC_FORMAT = "urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d"
DOC_FACILITY = "urn:uuid:f33fb8ac-18af-42cc-ae0e-ed0b0bdb91e1"
DOC_PRACTICE = "urn:uuid:cccf5598-8b07-4b77-a05e-ae952c785ead"
DOC_TYPE = "urn:uuid:f0306f51-975f-434e-a61c-c59651d33983"
DOC_PATIENT_ID = "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427"
DOC_UNIQUE_ID = "urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab"
SET_AUTHOR = "urn:uuid:a7058bb9-b4e4-4307-ba5b-e3f0ab85e12d"
SET_CONTENT_TYPE = "urn:uuid:aa543740-bdda-424e-8c96-df4873be8500"
SET_UNIQUE_ID = "urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8"
SET_SOURCE_ID = "urn:uuid:554ac39e-e3fe-47fe-b233-965d2a147832"
SET_PATIENT_ID = "urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446"
HAS_MEMBER = "urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember"
APPROVED = "urn:oasis:names:tc:ebxml-regrep:StatusType:Approved"

CLASS_CODE = ("10", "1.2.250.1.213.1.1.4.1", "Compte rendu")  # JDV_J06 XdsClassCode-CISIS
FORMAT_CODE = ("urn:ihe:iti:xds-sd:pdf:2008", "1.3.6.1.4.1.19376.1.2.3", "Document à corps PDF")
CONTENT_TYPE = ("04", "1.2.250.1.213.1.1.4.12", "Téléconsultation")  # JDV_J59 ContentTypeCode

ET.register_namespace("lcm", LCM)
ET.register_namespace("rim", RIM)


class XdmError(ValueError):
    """The document is not a CDA this package can describe."""


@dataclass(frozen=True)
class _Header:
    """What the metadata need, read from the CDA header."""

    document_id: str
    title: str
    created: str
    type_code: tuple[str, str, str]
    confidentiality: tuple[str, str, str]
    language: str
    patient_id: str  # CX: extension^^^&root&ISO
    patient_info: list[str]
    service_start: str
    service_stop: str
    author: str  # XCN
    author_institution: str  # XON
    author_role: str
    legal_authenticator: str
    facility: tuple[str, str, str]
    practice: tuple[str, str, str]


def _code(element: ET.Element | None) -> tuple[str, str, str]:
    if element is None:
        return ("", "", "")
    return (
        element.get("code", ""),
        element.get("codeSystem", ""),
        element.get("displayName", element.get("code", "")),
    )


def _text(element: ET.Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _xcn(entity: ET.Element | None) -> str:
    """An assigned person as an HL7 v2 XCN (id, family, given, …, assigning authority)."""
    if entity is None:
        return ""
    ident = entity.find(f"{HL7}id")
    person = entity.find(f"{HL7}assignedPerson/{HL7}name")
    family = _text(person.find(f"{HL7}family")) if person is not None else ""
    given = _text(person.find(f"{HL7}given")) if person is not None else ""
    extension = ident.get("extension", "") if ident is not None else ""
    root = ident.get("root", "") if ident is not None else ""
    return f"{extension}^{family}^{given}^^^^^^&{root}&ISO^D^^^IDNPS"


def _header(cda: bytes) -> _Header:
    try:
        root = ET.fromstring(cda)
    except ET.ParseError as err:
        raise XdmError("the document is not well-formed XML") from err
    if root.tag != f"{HL7}ClinicalDocument":
        raise XdmError("not a CDA document")
    doc_id = root.find(f"{HL7}id")
    patient = root.find(f"{HL7}recordTarget/{HL7}patientRole")
    if doc_id is None or patient is None:
        raise XdmError("the CDA header lacks its id or its patient")
    ids = patient.findall(f"{HL7}id")
    # The INS when the document carries one (first), else the local id.
    first = ids[0] if ids else ET.Element("id")
    patient_id = f"{first.get('extension', '')}^^^&{first.get('root', '')}&ISO"
    person = patient.find(f"{HL7}patient")
    info = []
    if person is not None:
        name = person.find(f"{HL7}name")
        family = _text(name.find(f"{HL7}family")) if name is not None else ""
        given = _text(name.find(f"{HL7}given")) if name is not None else ""
        info.append(f"PID-5|{family}^{given}^^^^^L")
        birth = person.find(f"{HL7}birthTime")
        if birth is not None:
            info.append(f"PID-7|{birth.get('value', '')}")
        sex = person.find(f"{HL7}administrativeGenderCode")
        if sex is not None:
            info.append(f"PID-8|{sex.get('code', '')}")
    author = root.find(f"{HL7}author/{HL7}assignedAuthor")
    organisation = author.find(f"{HL7}representedOrganization") if author is not None else None
    org_name = _text(organisation.find(f"{HL7}name")) if organisation is not None else ""
    org_id = organisation.find(f"{HL7}id") if organisation is not None else None
    institution = (
        f"{org_name}^^^^^&{org_id.get('root', '')}&ISO^IDNST^^^{org_id.get('extension', '')}"
        if org_id is not None
        else org_name
    )
    event = root.find(f"{HL7}documentationOf/{HL7}serviceEvent/{HL7}effectiveTime")
    low = event.find(f"{HL7}low") if event is not None else None
    high = event.find(f"{HL7}high") if event is not None else None
    facility = root.find(
        f"{HL7}componentOf/{HL7}encompassingEncounter/{HL7}location/"
        f"{HL7}healthCareFacility/{HL7}code"
    )
    practice = (
        organisation.find(f"{HL7}standardIndustryClassCode") if organisation is not None else None
    )
    created = root.find(f"{HL7}effectiveTime")
    language = root.find(f"{HL7}languageCode")
    return _Header(
        document_id=doc_id.get("root", "")
        + (f"^{doc_id.get('extension')}" if doc_id.get("extension") else ""),
        title=_text(root.find(f"{HL7}title")),
        created=_utc(created.get("value", "") if created is not None else ""),
        type_code=_code(root.find(f"{HL7}code")),
        confidentiality=_code(root.find(f"{HL7}confidentialityCode")),
        language=language.get("code", "fr-FR") if language is not None else "fr-FR",
        patient_id=patient_id,
        patient_info=info,
        service_start=_utc(low.get("value", "") if low is not None else ""),
        service_stop=_utc(high.get("value", "") if high is not None else ""),
        author=_xcn(author),
        author_institution=institution,
        author_role=_code(author.find(f"{HL7}code") if author is not None else None)[2],
        legal_authenticator=_xcn(root.find(f"{HL7}legalAuthenticator/{HL7}assignedEntity")),
        facility=_code(facility),
        practice=_code(practice),
    )


def _utc(value: str) -> str:
    """An HL7 time with its offset as the UTC ``YYYYMMDDhhmmss`` XDS metadata take."""
    if not value:
        return ""
    try:
        moment = datetime.strptime(value, "%Y%m%d%H%M%S%z")
    except ValueError:
        return value[:14]
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def _rim(parent: ET.Element, tag: str, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{RIM}}}{tag}", attrs)


def _slot(parent: ET.Element, name: str, *values: str) -> None:
    values = tuple(v for v in values if v)
    if not values:
        return
    slot = _rim(parent, "Slot", name=name)
    listed = _rim(slot, "ValueList")
    for value in values:
        _rim(listed, "Value").text = value


def _name(parent: ET.Element, value: str) -> None:
    _rim(_rim(parent, "Name"), "LocalizedString", value=value)


def _classification(
    parent: ET.Element, scheme: str, code: tuple[str, str, str], obj: str, ident: str
) -> None:
    node, system, words = code
    element = _rim(
        parent,
        "Classification",
        id=ident,
        classificationScheme=scheme,
        classifiedObject=obj,
        nodeRepresentation=node,
        objectType="urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:Classification",
    )
    _slot(element, "codingScheme", system)
    _name(element, words)


def _external(parent: ET.Element, scheme: str, value: str, obj: str, ident: str, name: str) -> None:
    element = _rim(
        parent,
        "ExternalIdentifier",
        id=ident,
        identificationScheme=scheme,
        registryObject=obj,
        value=value,
        objectType="urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:ExternalIdentifier",
    )
    _name(element, name)


def _author(
    parent: ET.Element, scheme: str, obj: str, ident: str, h: _Header, role: str = ""
) -> None:
    """The author classification of the document entry or of the submission set."""
    element = _rim(
        parent,
        "Classification",
        id=ident,
        classificationScheme=scheme,
        classifiedObject=obj,
        nodeRepresentation="",
    )
    _slot(element, "authorPerson", h.author)
    _slot(element, "authorInstitution", h.author_institution)
    _slot(element, "authorRole", role)


def metadata(cda: bytes, *, recipient: str, source_id: str, submission_id: str) -> bytes:
    """``METADATA.XML``: the submission of one CDA document to ``recipient``."""
    h = _header(cda)
    request = ET.Element(f"{{{LCM}}}SubmitObjectsRequest")
    objects = _rim(request, "RegistryObjectList")
    doc = _rim(
        objects,
        "ExtrinsicObject",
        id="Document01",
        mimeType="text/xml",
        objectType=DOCUMENT_ENTRY,
        status=APPROVED,
    )
    _slot(doc, "creationTime", h.created)
    _slot(doc, "hash", hashlib.sha1(cda).hexdigest())  # the XDS hash is SHA-1 by definition
    _slot(doc, "size", str(len(cda)))
    _slot(doc, "languageCode", h.language)
    _slot(doc, "serviceStartTime", h.service_start)
    _slot(doc, "serviceStopTime", h.service_stop)
    _slot(doc, "sourcePatientId", h.patient_id)
    _slot(doc, "sourcePatientInfo", *h.patient_info)
    _slot(doc, "legalAuthenticator", h.legal_authenticator)
    _slot(doc, "URI", DOCUMENT_NAME)
    _name(doc, h.title)
    _author(doc, DOC_AUTHOR, "Document01", "DocumentAuthor", h, h.author_role)
    _classification(doc, DOC_CLASS, CLASS_CODE, "Document01", "DocumentClass")
    _classification(doc, DOC_CONFIDENTIALITY, h.confidentiality, "Document01", "DocumentConf")
    _classification(doc, DOC_FORMAT, FORMAT_CODE, "Document01", "DocumentFormat")
    _classification(doc, DOC_FACILITY, h.facility, "Document01", "DocumentFacility")
    _classification(doc, DOC_PRACTICE, h.practice, "Document01", "DocumentPractice")
    _classification(doc, DOC_TYPE, h.type_code, "Document01", "DocumentType")
    _external(doc, DOC_PATIENT_ID, h.patient_id, "Document01", "DocumentPatient", "patientId")
    _external(doc, DOC_UNIQUE_ID, h.document_id, "Document01", "DocumentUnique", "uniqueId")

    package = _rim(objects, "RegistryPackage", id="SubmissionSet01", status=APPROVED)
    _slot(package, "submissionTime", h.created)
    _slot(package, "intendedRecipient", f"|||||||||||^^Internet^{recipient}")
    _name(package, h.title)
    _author(package, SET_AUTHOR, "SubmissionSet01", "SubmissionAuthor", h)
    _classification(package, SET_CONTENT_TYPE, CONTENT_TYPE, "SubmissionSet01", "SubmissionType")
    _external(package, SET_UNIQUE_ID, submission_id, "SubmissionSet01", "SetUnique", "uniqueId")
    _external(package, SET_SOURCE_ID, source_id, "SubmissionSet01", "SetSource", "sourceId")
    _external(package, SET_PATIENT_ID, h.patient_id, "SubmissionSet01", "SetPatient", "patientId")
    _rim(
        objects,
        "Classification",
        id="SubmissionSetClass",
        classifiedObject="SubmissionSet01",
        classificationNode=SUBMISSION_SET,
    )
    member = _rim(
        objects,
        "Association",
        id="Membership01",
        associationType=HAS_MEMBER,
        sourceObject="SubmissionSet01",
        targetObject="Document01",
    )
    _slot(member, "SubmissionSetStatus", "Original")
    return ET.tostring(request, encoding="utf-8", xml_declaration=True)


def _index(title: str, sender: str) -> bytes:
    safe_title, safe_sender = html.escape(title), html.escape(sender)
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        f"<title>{safe_title}</title></head><body>\n"
        f"<h1>{safe_title}</h1>\n<p>Envoyé par {safe_sender}.</p>\n"
        f'<ul><li><a href="{SUBSET}/{DOCUMENT_NAME}">{safe_title} (CDA R2)</a></li>\n'
        f'<li><a href="{SUBSET}/METADATA.XML">Métadonnées de la soumission</a></li></ul>\n'
        "<p>Lisez README.TXT pour le logiciel qui a produit ce support.</p>\n</body></html>\n"
    ).encode()


def _readme(sender: str, software: str) -> bytes:
    return (
        "Support d'échange IHE XDM (Cross-Enterprise Document Media Interchange).\r\n"
        f"Expéditeur : {sender}\r\n"
        f"Logiciel : {software}\r\n"
        f"Contenu : {SUBSET}/{DOCUMENT_NAME}, un compte rendu d'acte de télémédecine "
        "(CDA R2 niveau 1, TLM-CR, corps PDF), et ses métadonnées METADATA.XML.\r\n"
    ).encode()


def package(
    cda: bytes, *, recipient: str, sender: str, software: str, source_id: str, submission_id: str
) -> bytes:
    """The ``IHE_XDM.ZIP`` holding one CDA document, addressed to ``recipient``.

    Deterministic for the same inputs (fixed ZIP times), so a message retried after a
    restart carries the very same package.
    """
    title = _header(cda).title
    files = {
        "INDEX.HTM": _index(title, sender),
        "README.TXT": _readme(sender, software),
        f"{SUBSET}/METADATA.XML": metadata(
            cda, recipient=recipient, source_id=source_id, submission_id=submission_id
        ),
        f"{SUBSET}/{DOCUMENT_NAME}": cda,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()
