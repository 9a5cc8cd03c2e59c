"""MSSanté addresses: what a professional's and a patient's mailbox look like.

Light on purpose: the identity screen checks an address with it before anything else loads.
"""

from __future__ import annotations

import re
from typing import Any

PATIENT_DOMAIN = "patient.mssante.fr"
# MSSanté addresses live under mssante.fr (dr.x@medecin.mssante.fr, y@ch-z.mssante.fr).
ADDRESS = re.compile(r"[A-Za-z0-9._%+'-]+@(?:[A-Za-z0-9-]+\.)+mssante\.fr")


def is_mssante_address(address: str) -> bool:
    return bool(ADDRESS.fullmatch(address.strip()))


def is_professional_address(address: str) -> bool:
    """An MSSanté address of a professional or a structure (not a patient's mailbox)."""
    address = address.strip()
    return is_mssante_address(address) and not address.lower().endswith("@" + PATIENT_DOMAIN)


def matricule(ins: str) -> str:
    """The 15-character INS matricule (the NIR and its key), from 13 or 15 characters."""
    from station.people import nir_key

    if len(ins) == 13:
        return f"{ins}{nir_key(ins):02d}"
    return ins


def patient_mailbox(matricule: str) -> str:
    """The patient's Mon Espace Santé mailbox: ``<matricule INS>@patient.mssante.fr``."""
    return f"{matricule}@{PATIENT_DOMAIN}"


def report_addresses(patient: Any, with_ins: bool) -> list[tuple[str, str]]:
    """Where a report goes by MSSanté: the regular doctor when their address was given; the
    patient's Mon Espace Santé mailbox only with a qualified INS the document carries."""
    from station.records import events as ev

    out = []
    if patient.regular_doctor_mssante:
        out.append((ev.REGULAR_DOCTOR, patient.regular_doctor_mssante))
    if with_ins and patient.ins_status == "qualified" and patient.ins_value:
        out.append((ev.PATIENT_MAILBOX, patient_mailbox(matricule(patient.ins_value))))
    return out
