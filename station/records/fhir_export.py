"""The consultation as a FHIR R4 document Bundle (built and validated with the R4B models).

Entries: Composition (LOINC 11488-4 consultation note) first, then Patient (INS identifier
when given), Practitioners (RPPS), Encounter (virtual, assisted), Observations (vital signs,
LOINC + UCUM, the BP panel with systolic/diastolic components), Media (stills; stethoscope
clips as WAV with their SNOMED CT body site), Consent and a DocumentReference carrying the PDF
report.
"""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from station.records.fhir_doctor import (
    charge_items,
    conclusion_section,
    document_entries,
    narrative_section,
    practitioner,
)
from station.records.fhir_measures import device_key, phd_device, profile, took_it
from station.records.fhir_media import auscultation_media, still_media
from station.records.ranges import (
    INTERPRETATION_DISPLAY,
    INTERPRETATION_SYSTEM,
    INTERPRETATION_WORDS,
    interpret,
)
from station.records.report_data import ReportData, ReportMeasurement

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
INS_NIR_OID = "urn:oid:1.2.250.1.213.1.4.8"
# Our own extension until FR Core's identity-reliability extension is adopted.
INS_STATUS_EXTENSION = "urn:station:fhir:ins-status"


LOINC_DISPLAY = {
    "8480-6": "Systolic blood pressure",
    "8462-4": "Diastolic blood pressure",
    "8478-0": "Mean blood pressure",
    "8867-4": "Heart rate",
    "8310-5": "Body temperature",
    "59408-5": "Oxygen saturation in Arterial blood by Pulse oximetry",
    "8889-8": "Heart rate by Pulse oximetry",
    "29463-7": "Body weight",
    "8302-2": "Body height",
    "39156-5": "Body mass index (BMI) [Ratio]",
}
# The vital-signs profile asks SpO2 to carry 2708-6 as well.
EXTRA_CODES = {"59408-5": ["2708-6"]}
BP_PANEL = "85354-9"
GENDERS = {"female": "female", "male": "male", "F": "female", "M": "male"}
FLAG_NOTES = {
    "implausible": "Valeur physiologiquement impossible : à contrôler.",
    "out-of-range": "Hors de la plage de mesure de l’appareil.",
    "irregular-heartbeat": "Rythme cardiaque irrégulier détecté par l’appareil.",
    "manual-entry": "Saisie manuelle par l’accompagnant.",
    "cuff-loose": "Brassard mal serré.",
    "body-movement": "Mouvement pendant la mesure.",
}


def _urn() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def _iso(moment: datetime | None) -> str:
    return (moment or datetime.now(UTC)).isoformat()


def _quantity(component: dict[str, Any]) -> dict[str, Any]:
    return {
        "value": component["value"],
        "unit": component["unit"],
        "system": UCUM,
        "code": component["unit"],
    }


def _coding(code: str) -> dict[str, Any]:
    codings = [{"system": LOINC, "code": code, "display": LOINC_DISPLAY.get(code, code)}]
    codings += [{"system": LOINC, "code": extra} for extra in EXTRA_CODES.get(code, [])]
    return {"coding": codings, "text": LOINC_DISPLAY.get(code, code)}


def _observations(
    m: ReportMeasurement, refs: dict[str, str], device_ref: str | None = None
) -> list[dict[str, Any]]:
    base: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{"system": OBS_CATEGORY, "code": "vital-signs"}]}],
        "subject": {"reference": refs["patient"]},
        "encounter": {"reference": refs["encounter"]},
        "effectiveDateTime": m.time.isoformat(),
    }
    device = " ".join(str(v) for v in (m.device.get("manufacturer"), m.device.get("model")) if v)
    if device_ref:  # the connected device that took it (PhdDevice)
        base["device"] = {"reference": device_ref, "display": device}
    elif device:
        base["device"] = {"display": device}
    notes = [{"text": FLAG_NOTES[f]} for f in m.flags if f in FLAG_NOTES]
    if notes:
        base["note"] = notes
    by_code = {c["loinc"]: c for c in m.components}
    out = []
    if "8480-6" in by_code and "8462-4" in by_code:
        panel = dict(base, code=_coding(BP_PANEL), **profile(BP_PANEL))
        panel["code"]["coding"][0]["display"] = "Blood pressure panel"
        panel["code"]["text"] = "Blood pressure panel"
        panel["component"] = [
            {
                "code": _coding(code),
                "valueQuantity": _quantity(by_code[code]),
                **_interpretation(code, by_code.pop(code)),
            }
            for code in ("8480-6", "8462-4")
        ]
        out.append(panel)
    for code, component in by_code.items():
        out.append(
            dict(
                base,
                code=_coding(code),
                valueQuantity=_quantity(component),
                **_interpretation(code, component),
                **profile(code),
            )
        )
    return out


def _interpretation(code: str, component: dict[str, Any]) -> dict[str, Any]:
    """H/L/HH/LL from the same table as the PDF and the doctor's page; {} when usual."""
    found = interpret(code, float(component["value"]))
    if found is None:
        return {}
    coding = {
        "system": INTERPRETATION_SYSTEM,
        "code": found,
        "display": INTERPRETATION_DISPLAY[found],
    }
    return {"interpretation": [{"coding": [coding], "text": INTERPRETATION_WORDS[found]}]}


def build_bundle(data: ReportData, pdf: bytes) -> dict[str, Any]:
    """The document Bundle as JSON-ready data, validated against the FHIR models."""
    refs = {"patient": _urn(), "encounter": _urn(), "composition": _urn()}
    entries: list[tuple[str, dict[str, Any]]] = []

    p = data.patient
    name: dict[str, Any] = {"family": p.family_name, "given": p.given_names.split()}
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        # Not identified yet (stopped before identity): no empty name, which FHIR refuses.
        "name": [{k: v for k, v in name.items() if v}] if p.family_name else [],
    }
    if p.birth_date:
        patient["birthDate"] = p.birth_date
    if p.sex:
        patient["gender"] = GENDERS.get(p.sex, "unknown")
    if p.ins_value:
        patient["identifier"] = [
            {
                "use": "official" if p.ins_status == "qualified" else "temp",
                "type": {"text": "INS-NIR"},
                "system": INS_NIR_OID if not p.ins_oid else f"urn:oid:{p.ins_oid}",
                "value": p.ins_value,
                "extension": [
                    {"url": INS_STATUS_EXTENSION, "valueCode": p.ins_status or "unknown"}
                ],
            }
        ]
    entries.append((refs["patient"], patient))

    practitioners = []
    by_rpps: dict[str, str] = {}  # who performed or prescribed an act
    signer_ref = ""
    signer_rpps = data.conclusion.doctor.get("rpps", "") if data.conclusion else ""
    for person, role in [(d, "PPRF") for d in data.doctors] + [(data.assistant, "PART")]:
        if person.name or role == "PPRF":
            ref = _urn()
            entries.append((ref, practitioner(person, doctor=role == "PPRF")))
            practitioners.append((ref, role))
            if person.rpps:
                by_rpps.setdefault(person.rpps, ref)
            if role == "PPRF" and (not signer_ref or (signer_rpps and person.rpps == signer_rpps)):
                signer_ref = ref

    encounter: dict[str, Any] = {
        "resourceType": "Encounter",
        "status": "finished" if data.ended else "in-progress",
        "class": {"system": ACT_CODE, "code": "VR", "display": "virtual"},
        "type": [{"text": "Téléconsultation assistée" + (f" ({data.act})" if data.act else "")}],
        "subject": {"reference": refs["patient"]},
        "period": {"start": _iso(data.started), "end": _iso(data.ended)},
        "participant": [
            {
                "type": [{"coding": [{"system": PARTICIPATION, "code": role}]}],
                "individual": {"reference": ref},
            }
            for ref, role in practitioners
        ],
    }
    if data.reason:
        encounter["reasonCode"] = [{"text": data.reason}]
    if data.station.get("name"):
        encounter["serviceProvider"] = {"display": data.station["name"]}
    entries.append((refs["encounter"], encounter))

    observation_refs = []
    devices: dict[tuple[str, str, str], str] = {}  # each connected device once
    for m in data.measurements:
        device_ref = None
        if took_it(m.device, m.flags):
            key = device_key(m.device)
            if key not in devices:
                devices[key] = _urn()
                entries.append((devices[key], phd_device(m.device, m.kind)))
            device_ref = devices[key]
        for obs in _observations(m, refs, device_ref):
            ref = _urn()
            entries.append((ref, obs))
            observation_refs.append(ref)

    media_refs = []
    for still in data.stills:
        ref = _urn()
        entries.append((ref, still_media(still, refs)))
        media_refs.append(ref)

    sounds = [auscultation_media(clip, refs) for clip in data.auscultations]
    sound_refs = []
    for media in sounds:
        sound_refs.append(_urn())
        entries.append((sound_refs[-1], media))

    if data.consent:
        entries.append(
            (
                _urn(),
                {
                    "resourceType": "Consent",
                    "status": "active" if data.consent.get("given") else "rejected",
                    "scope": {"coding": [{"system": CONSENT_SCOPE, "code": "treatment"}]},
                    "category": [
                        {
                            "coding": [
                                {"system": LOINC, "code": "59284-0", "display": "Consent Document"}
                            ]
                        }
                    ],
                    "patient": {"reference": refs["patient"]},
                    "dateTime": _iso(data.consent_time),
                    "policy": [
                        {
                            "uri": "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000041721056"
                        }
                    ],
                    "provision": {"type": "permit" if data.consent.get("given") else "deny"},
                },
            )
        )

    authors = [{"reference": ref} for ref, _ in practitioners] or [{"display": "Station"}]
    document_ref = _urn()
    entries.append(
        (
            document_ref,
            {
                "resourceType": "DocumentReference",
                "status": "current",
                "type": {
                    "coding": [{"system": LOINC, "code": "11488-4", "display": "Consult note"}]
                },
                "subject": {"reference": refs["patient"]},
                "date": _iso(data.ended),
                "author": authors,
                "content": [
                    {
                        "attachment": {
                            "contentType": "application/pdf",
                            "language": "fr-FR",
                            "title": "Compte rendu de téléconsultation assistée",
                            "data": base64.b64encode(pdf).decode("ascii"),
                        }
                    }
                ],
                "context": {"encounter": [{"reference": refs["encounter"]}]},
            },
        )
    )

    acts = charge_items(data, refs, by_rpps)
    entries.extend(acts)
    handed_over = document_entries(data, refs, signer_ref or None, authors, entries)

    sections = [{"title": "Compte rendu (PDF)", "entry": [{"reference": document_ref}]}]
    c = data.conclusion
    if c is not None:
        sections.append(conclusion_section(c))
    if handed_over:
        sections.append(
            {"title": "Documents remis", "entry": [{"reference": r} for r in handed_over]}
        )
    for title, lines in (
        ("Motif de la consultation", [data.reason] if data.reason else []),
        ("Contexte (traitements, allergies, antécédents)", data.context),
        ("Recherche de signes d’urgence", [f"{q} — {a}" for q, a in data.screening]),
        (
            "Téléconsultation arrêtée : orientation donnée",
            [f"{data.stop.question} — {data.stop.answer}", data.stop.orientation]
            if data.stop
            else [],
        ),
        ("Consultation interrompue", [data.abandoned] if data.abandoned else []),
        ("Suite prévue", [f"{q} — {a}" for q, a in data.follow_up]),
    ):
        if lines:
            sections.append(narrative_section(title, lines))
    if observation_refs:
        sections.append(
            {
                "title": "Signes vitaux",
                "code": {"coding": [{"system": LOINC, "code": "8716-3", "display": "Vital signs"}]},
                "entry": [{"reference": r} for r in observation_refs],
            }
        )
    if media_refs:
        sections.append({"title": "Images", "entry": [{"reference": r} for r in media_refs]})
    if sound_refs:
        sections.append(
            {"title": "Auscultation", "entry": [{"reference": r} for r in sound_refs]}
        )
    composition = {
        "resourceType": "Composition",
        "status": "final",
        "type": {"coding": [{"system": LOINC, "code": "11488-4", "display": "Consult note"}]},
        "subject": {"reference": refs["patient"]},
        "encounter": {"reference": refs["encounter"]},
        "date": _iso(data.ended),
        "author": authors,
        "title": "Compte rendu de téléconsultation assistée",
        "section": sections,
    }
    if c is not None and signer_ref:
        composition["attester"] = [
            {
                "mode": "legal",
                "time": _iso(data.conclusion_time),
                "party": {"reference": signer_ref},
            }
        ]
    bundle = {
        "resourceType": "Bundle",
        "type": "document",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{data.consultation}"},
        "timestamp": datetime.now(UTC).isoformat(),
        "entry": [{"fullUrl": refs["composition"], "resource": composition}]
        + [{"fullUrl": ref, "resource": resource} for ref, resource in entries],
    }
    Bundle.model_validate(bundle)  # raises pydantic.ValidationError on any malformed resource
    return bundle
