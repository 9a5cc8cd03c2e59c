"""Issuing a consultation's report: the PDF, the FHIR Bundle queued for the health server, the
TLM-CR (``cda.made``) and its MSSanté destinations. At closing, and again for a correction,
whose TLM-CR is the next version of the same document set and replaces the previous one
(RPLC), sent again to every destination.

The slow parts (rendering, building) run off the event loop; every event is written on the
loop's thread, like all the others.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from station.records import events as ev
from station.records.outbox import address_report, queue_report
from station.records.store import EventStore

log = logging.getLogger("station.records")


@dataclass(frozen=True)
class Issued:
    pdf: bytes
    acts: list[Any] = field(default_factory=list)  # what the assistant can bill
    cda_with_ins: bool | None = None  # None: no TLM-CR could be made (said in the log)
    cda_version: int = 0
    # The regular doctor's MSSanté address was given, but it cannot go there from here.
    regular_doctor_not_sent: bool = False


def _made(store: EventStore, consultation: str) -> list[ev.CdaMade]:
    return [e for e in map(ev.decode, store.events(consultation)) if isinstance(e, ev.CdaMade)]


async def issue_report(
    store: EventStore, consultation: str, *, by_mssante: bool, correction: bool = False
) -> Issued:
    """Write the report of a closed consultation and queue it for each destination."""
    from station.records.acts import consultation_acts
    from station.records.fhir_export import build_bundle
    from station.records.report_data import gather
    from station.records.report_pdf import render_pdf

    data = gather(consultation, store.events(consultation))
    loop = asyncio.get_running_loop()
    # Rendering takes a few hundred ms: off the UI thread.
    pdf = await loop.run_in_executor(None, render_pdf, data)
    bundle = await loop.run_in_executor(None, build_bundle, data, pdf)
    queue_report(store, consultation, bundle)
    made = _made(store, consultation)
    previous = made[-1] if correction and made else None
    cda = await loop.run_in_executor(None, _make_cda, data, pdf, previous)
    if cda is not None:
        ev.record(
            store,
            consultation,
            ev.CdaMade(
                cda.document_id,
                cda.version,
                cda.created.isoformat(),
                cda.with_ins,
                previous.document_id if previous else "",
            ),
        )
        if by_mssante:
            address_report(store, consultation, data.patient, cda.with_ins)
    return Issued(
        pdf,
        consultation_acts(data),
        cda.with_ins if cda is not None else None,
        cda.version if cda is not None else 0,
        bool(data.patient.regular_doctor_mssante) and (not by_mssante or cda is None),
    )


def _make_cda(data: Any, pdf: bytes, previous: ev.CdaMade | None) -> Any:
    """The TLM-CR (None when it cannot be made: said in the log, the rest goes on)."""
    from station.records.cda_export import CdaError, build_cda

    try:
        if previous is None:
            return build_cda(data, pdf)
        return build_cda(
            data,
            pdf,
            version=previous.version + 1,
            replaces=previous.document_id,
            created=datetime.now(UTC),
        )
    except CdaError as err:
        log.warning("TLM-CR not made: %s", err.message)
        return None


async def correct_identity(
    store: EventStore,
    consultation: str,
    identity: dict[str, Any],
    *,
    by: str,
    by_mssante: bool,
) -> Issued:
    """A closed consultation's patient identity corrected (who did it, recorded), and its
    report issued again as the next version, replacing the previous one everywhere."""
    ev.record(store, consultation, ev.PatientIdentified.from_payload(identity))
    ev.record(store, consultation, ev.ReportCorrected("identity", by))
    return await issue_report(store, consultation, by_mssante=by_mssante, correction=True)
