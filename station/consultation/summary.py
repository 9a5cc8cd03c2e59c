"""What the doctor's page is told of the consultation: the checklist's state and answers
(each with its role in the report: reason, context, screening, follow-up), the patient (name,
age, sex, INS status), the assistant, the station and its place, the consent, and the stethoscope's
recorded clips."""

from __future__ import annotations

from typing import Any

from station.birth_date import age_in_years
from station.consultation.clip_replay import clip_list
from station.consultation.consultation import Consultation


def checklist_summary(c: Consultation) -> dict[str, Any]:
    run = c.run
    answers: list[dict[str, Any]] = []
    for step in run.steps:
        if step.id not in run.answers or step.kind in ("identity", "measurement", "still"):
            continue
        value = run.answers[step.id]
        if step.kind in ("choice", "multi-choice"):
            chosen = value if isinstance(value, list) else [value]
            value = [o.label["fr"] for o in step.options if o.value in chosen]
        answers.append(
            {"step": step.id, "label": step.text["fr"], "value": value, "role": step.report}
        )
    return {
        "type": "checklist",
        "state": str(c.state),
        "phase": run.phase,
        "stop": run.stop.orientation["fr"] if run.stop else None,
        "answers": answers,
        "patient": _patient(c),
        "assistant": {k: c.assistant.get(k, "") for k in ("name", "profession")},
        "station": {k: str(c.station.get(k, "")) for k in ("name", "address")},
        "consent": _consent(c),
        "clips": clip_list(c),  # the stethoscope's, which the doctor may hear again
    }


def _patient(c: Consultation) -> dict[str, Any]:
    p = c.patient
    if p is None:
        return {}
    return {
        "name": p.display_name,
        "age": age_in_years(p.birth_date) if p.birth_date else None,
        "sex": p.sex,
        "ins_status": (p.ins or {}).get("status", "none"),
    }


def _consent(c: Consultation) -> dict[str, Any] | None:
    for step in c.run.steps:
        if step.kind == "consent" and step.id in c.run.answers:
            return {"given": bool(c.run.answers[step.id])}
    return None
