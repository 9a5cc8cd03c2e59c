"""The consultation as a TLM-CR (CI-SIS "compte rendu d'acte de télémédecine" 2022.01): a
CDA R2 level-1 document, a structured header around the report's PDF, for Mon Espace Santé
(the DMP) and MSSanté. Checked in the tests by the ANS's own test kit
(``../shared/cda-validator``, ``--strict``).

Header: the three templateIds of an unstructured CI-SIS document, LOINC 85208-7; the patient
with the INS and all its traits when the identity carries a usable INS (else a local id only:
the document is then for the regular doctor's MSSanté copy, never for the DMP); the
teleconsulting doctor as author and legal authenticator (RPPS, root 1.2.250.1.71.4.2.1); the
station's organisation as custodian (1.2.250.1.71.4.2.2); the assistant as participant PRF
(function 353); the doctor's act (TCG/TC) then the accompaniment act (TLM/TLL/TLD/TLS), NGAP;
the encounter VR at the station. A corrected report replaces the previous one (RPLC).
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from station.records.acts import (
    ACT_WORDS,
    NGAP,
    PLACES,
    accompaniment_act,
    doctor_act,
    is_general_practitioner,
    is_pharmacist,
    place_of,
)
from station.records.errors import RecordError
from station.records.report_data import Person, ReportData

HL7 = "urn:hl7-org:v3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
RPPS_ROOT = "1.2.250.1.71.4.2.1"
STRUCTURE_ROOT = "1.2.250.1.71.4.2.2"
PROFESSION_SYSTEM = "1.2.250.1.213.1.1.4.5"  # TRE_G15 / R38 (J01)
INS_ROOTS = {
    "1.2.250.1.213.1.4.8",  # INS-NIR
    "1.2.250.1.213.1.4.9",  # INS-NIA
    "1.2.250.1.213.1.4.10",  # INS-NIR de test
    "1.2.250.1.213.1.4.11",  # INS-NIR de démonstration
}
# HL7 France, CI-SIS, IHE XDS-SD (an unstructured document): exactly these three.
TEMPLATES = ("2.16.840.1.113883.2.8.2.1", "1.2.250.1.213.1.1.1.1", "1.3.6.1.4.1.19376.1.2.20")
INS_TEST_ROOTS = {"1.2.250.1.213.1.4.10", "1.2.250.1.213.1.4.11"}
GENDERS = {
    "female": ("F", "Féminin"),
    "F": ("F", "Féminin"),
    "male": ("M", "Masculin"),
    "M": ("M", "Masculin"),
}
# A namespace of this software's own identifiers (documents, local patient ids), as UUIDs.
STATION_NAMESPACE = uuid.UUID("6f1c8a52-37d4-5b8e-9a61-0c2e4d9b7f10")

ET.register_namespace("", HL7)
ET.register_namespace("xsi", XSI)


class CdaError(RecordError):
    """The document cannot be made: what is missing, in words for the assistant."""


@dataclass(frozen=True)
class CdaDocument:
    xml: bytes
    document_id: str
    version: int
    with_ins: bool  # False: for the MSSanté copy to the regular doctor only, never the DMP
    created: datetime


def _ts(moment: datetime | None) -> str:
    return (moment or datetime.now(UTC)).astimezone().strftime("%Y%m%d%H%M%S%z")


def _period(parent: ET.Element, start: datetime | None, end: datetime | None) -> None:
    """An interval: ``high`` only when after ``low`` (HL7 refuses an empty interval)."""
    _el(parent, "low", value=_ts(start))
    if end is not None and _ts(end) != _ts(start):
        _el(parent, "high", value=_ts(end))


def _uuid(value: uuid.UUID | str) -> str:
    return str(value).upper()  # HL7 v3 II: a UUID root in upper case


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{HL7}}}{tag}", {k: v for k, v in attrs.items() if v})
    if text is not None:
        element.text = text
    return element


def usable_ins(data: ReportData) -> bool:
    """An INS the document may carry: qualified (or a test/demo INS), with every trait the
    INS rules ask for (birth names, birth date, sex, birthplace's INSEE code)."""
    p = data.patient
    qualified = p.ins_status == "qualified" or p.ins_oid in INS_TEST_ROOTS
    traits = p.family_name and p.given_names and p.birth_date and p.sex in GENDERS
    return bool(p.ins_value and p.ins_oid in INS_ROOTS and qualified and traits and p.birthplace)


def _profession_code(person: Person, doctor: bool) -> tuple[str, str]:
    if doctor:
        if is_general_practitioner(person.specialty) or not person.specialty:
            return "G15_10/SM54", "Médecin - Médecine Générale (SM)"
        return "G15_10", "Médecin"
    if is_pharmacist(person.profession):
        return "G15_21", "Pharmacien"
    return "G15_60", "Infirmier"


def _person_name(parent: ET.Element, name: str, doctor: bool) -> None:
    words = name.replace("Dr ", "").split()
    capitals = [w for w in words if w.isupper() and len(w) > 1]  # "Claire VASSEUR"
    family = capitals[-1] if capitals else (words[-1] if words else "")
    given = " ".join(w for w in words if w != family)
    element = _el(parent, "name")
    if given:
        _el(element, "given", given)
    _el(element, "family", family or name)
    if doctor:
        _el(element, "suffix", "DR")


def _address(parent: ET.Element, address: str) -> None:
    lines = [part.strip() for part in address.split(",") if part.strip()][:7]
    element = _el(parent, "addr")
    for line in lines:
        _el(element, "streetAddressLine", line)


class _Builder:
    def __init__(self, data: ReportData, place: str) -> None:
        self.data = data
        self.station = data.station
        self.place = PLACES[place]
        self.place_kind = place
        structure = self.station.get("finess") or self.station.get("structure_id") or ""
        if not structure:
            raise CdaError(
                "Compte rendu pour l’espace santé impossible : l’identifiant de la structure "
                "(FINESS ou SIRET, [station] finess) n’est pas réglé sur ce poste."
            )
        self.structure = structure

    def organisation(self, parent: ET.Element, tag: str = "representedOrganization") -> None:
        org = _el(parent, tag)
        _el(org, "id", root=STRUCTURE_ROOT, extension=self.structure)
        _el(org, "name", self.station.get("operator") or self.station.get("name", "Station"))
        if self.station.get("address"):
            _address(org, self.station["address"])
        if tag == "representedOrganization":
            code, words = self.place.setting
            _el(
                org,
                "standardIndustryClassCode",
                code=code,
                displayName=words,
                codeSystem="1.2.250.1.213.1.1.4.9",
                codeSystemName="practiceSettingCode",
            )

    def professional(self, parent: ET.Element, person: Person, doctor: bool, tag: str) -> None:
        entity = _el(parent, tag)
        if person.rpps:
            _el(entity, "id", root=RPPS_ROOT, extension=f"8{person.rpps}")
        else:
            _el(entity, "id", nullFlavor="UNK")
        code, words = _profession_code(person, doctor)
        _el(entity, "code", code=code, displayName=words, codeSystem=PROFESSION_SYSTEM)
        who = _el(entity, "assignedPerson")
        _person_name(
            who, person.name or ("Médecin téléconsultant" if doctor else "Accompagnant"), doctor
        )
        self.organisation(entity)


def build_cda(
    data: ReportData,
    pdf: bytes,
    *,
    version: int = 1,
    replaces: str | None = None,
    document_id: str | None = None,
    created: datetime | None = None,
) -> CdaDocument:
    """The TLM-CR of a consultation; raises CdaError when the station lacks what it needs."""
    if not pdf.startswith(b"%PDF-"):
        raise CdaError("Le compte rendu PDF est illisible : le document n’est pas fait.")
    assistant = data.assistant
    place = place_of(data.station, assistant.profession)
    b = _Builder(data, place)
    doctors = [d for d in data.doctors if d.rpps]
    signer_rpps = data.conclusion.doctor.get("rpps", "") if data.conclusion else ""
    doctor = next((d for d in doctors if d.rpps == signer_rpps), doctors[-1] if doctors else None)
    signed_at = data.conclusion_time or data.ended
    with_ins = usable_ins(data)
    document_id = _uuid(document_id or uuid.uuid4())
    set_id = _uuid(uuid.uuid5(STATION_NAMESPACE, f"tlm-cr:{data.consultation}"))

    doc = ET.Element(f"{{{HL7}}}ClinicalDocument")
    _el(doc, "realmCode", code="FR")
    _el(doc, "typeId", root="2.16.840.1.113883.1.3", extension="POCD_HD000040")
    for template in TEMPLATES:
        _el(doc, "templateId", root=template)
    _el(doc, "id", root=document_id)
    _el(
        doc,
        "code",
        code="85208-7",
        displayName="Compte-rendu d'acte de télémédecine",
        codeSystem="2.16.840.1.113883.6.1",
        codeSystemName="LOINC",
    )
    _el(doc, "title", "Compte rendu de téléconsultation assistée")
    created = created or datetime.now(UTC)
    _el(doc, "effectiveTime", value=_ts(created))
    _el(
        doc,
        "confidentialityCode",
        code="N",
        codeSystem="2.16.840.1.113883.5.25",
        codeSystemName="Confidentiality",
        displayName="Normal",
    )
    _el(doc, "languageCode", code="fr-FR")
    _el(doc, "setId", root=set_id)
    _el(doc, "versionNumber", value=str(version))

    # ---- patient --------------------------------------------------------------------------
    p = data.patient
    role = _el(_el(doc, "recordTarget"), "patientRole")
    if with_ins:
        _el(role, "id", root=p.ins_oid, extension=p.ins_value)
    local = hashlib.sha256(
        f"{p.family_name}|{p.given_names}|{p.birth_date}|{p.ins_value}".encode()
    ).hexdigest()[:20]
    _el(
        role,
        "id",
        root=_uuid(uuid.uuid5(STATION_NAMESPACE, "patients:" + b.structure)),
        extension=local,
    )
    patient = _el(role, "patient", classCode="PSN")
    name = _el(patient, "name")
    _el(name, "family", p.family_name.upper() or "INCONNU", qualifier="BR")
    givens = p.given_names.split()
    _el(name, "given", " ".join(givens).upper() or "INCONNU")
    _el(name, "given", (givens[0] if givens else "INCONNU").upper(), qualifier="BR")
    gender = GENDERS.get(p.sex, ("UN", "Inconnu"))
    _el(
        patient,
        "administrativeGenderCode",
        code=gender[0],
        displayName=gender[1],
        codeSystem="2.16.840.1.113883.5.1",
    )
    _el(patient, "birthTime", value=p.birth_date.replace("-", "") or "19000101")
    if with_ins:
        addr = _el(_el(_el(patient, "birthplace"), "place"), "addr")
        _el(addr, "county", p.birthplace)

    # ---- author, custodian, legal authenticator --------------------------------------------
    author_person = doctor or assistant
    author = _el(doc, "author")
    _el(author, "time", value=_ts(signed_at))
    b.professional(author, author_person, doctor is not None, "assignedAuthor")
    custodian = _el(_el(doc, "custodian"), "assignedCustodian")
    b.organisation(custodian, "representedCustodianOrganization")
    legal = _el(doc, "legalAuthenticator")
    _el(legal, "time", value=_ts(signed_at))
    _el(legal, "signatureCode", code="S")
    b.professional(legal, author_person, doctor is not None, "assignedEntity")

    # ---- the assistant --------------------------------------------------------------------
    participant = _el(doc, "participant", typeCode="PRF")
    _el(
        participant,
        "functionCode",
        code="353",
        displayName="Membre de l'équipe de soins",
        codeSystem="1.2.250.1.213.1.6.1.107",
    )
    _period(_el(participant, "time", **{f"{{{XSI}}}type": "IVL_TS"}), data.started, data.ended)
    entity = _el(participant, "associatedEntity", classCode="PROV")
    if assistant.rpps:
        _el(entity, "id", root=RPPS_ROOT, extension=f"8{assistant.rpps}")
    code, words = _profession_code(assistant, False)
    _el(entity, "code", code=code, displayName=words, codeSystem=PROFESSION_SYSTEM)
    _person_name(_el(entity, "associatedPerson"), assistant.name or "Accompagnant", False)

    # ---- acts: the doctor's first, then the accompaniment ----------------------------------
    acts: list[tuple[str, Person, bool]] = []
    if doctor is not None:
        acts.append((doctor_act(doctor.specialty), doctor, True))
    acts.append((accompaniment_act(assistant.profession, place), assistant, False))
    for act, person, is_doctor in acts:
        event = _el(_el(doc, "documentationOf"), "serviceEvent", classCode="ACT")
        _el(
            event,
            "code",
            code=act,
            displayName=ACT_WORDS[act],
            codeSystem=NGAP,
            codeSystemName="NGAP",
        )
        _el(_el(event, "effectiveTime"), "low", value=_ts(data.started))
        b.professional(_el(event, "performer", typeCode="PRF"), person, is_doctor, "assignedEntity")

    if replaces:
        parent = _el(_el(doc, "relatedDocument", typeCode="RPLC"), "parentDocument")
        _el(parent, "id", root=replaces)

    # ---- the encounter, at the station ------------------------------------------------------
    encounter = _el(_el(doc, "componentOf"), "encompassingEncounter")
    _el(encounter, "code", code="VR", displayName="Virtuelle", codeSystem="2.16.840.1.113883.5.4")
    _period(_el(encounter, "effectiveTime"), data.started, data.ended)
    facility = _el(_el(encounter, "location"), "healthCareFacility")
    _el(facility, "id", root=STRUCTURE_ROOT, extension=b.structure)
    code, words = b.place.facility
    _el(
        facility,
        "code",
        code=code,
        displayName=words,
        codeSystem="1.2.250.1.71.4.2.4",
        codeSystemName="healthCareFacilityTypeCode",
    )
    where = _el(facility, "location")
    _el(where, "name", data.station.get("name", "Station"))
    if data.station.get("address"):
        _address(where, data.station["address"])

    body = _el(_el(doc, "component"), "nonXMLBody")
    _el(
        body,
        "text",
        base64.b64encode(pdf).decode("ascii"),
        mediaType="application/pdf",
        representation="B64",
    )
    xml = ET.tostring(doc, encoding="utf-8", xml_declaration=True)
    return CdaDocument(xml, document_id, version, with_ins, created)


def cda_of_record(data: ReportData, pdf: bytes, made: list[Any]) -> CdaDocument:
    """The consultation's TLM-CR as last made (``cda.made`` events), rebuilt exactly; a new
    one (version 1) when none was made yet."""
    if not made:
        return build_cda(data, pdf)
    last = made[-1]
    return build_cda(
        data,
        pdf,
        version=last.version,
        replaces=last.replaces or None,
        document_id=last.document_id,
        created=datetime.fromisoformat(last.created),
    )
