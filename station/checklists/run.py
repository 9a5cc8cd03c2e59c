"""One run of a checklist: answers, conditions, phase gating, stop rules, doctor's requests.

Plain logic (no Qt, no I/O): the consultation records each answer as an event before calling
:meth:`ChecklistRun.answer`, and can rebuild a run by replaying the answers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from station.checklists.model import PHASES, Checklist, Step

DONE = "done"


class AnswerError(ValueError):
    """The answer does not fit the step; ``message`` is plain French."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class PhaseIncomplete(Exception):
    def __init__(self, missing: list[Step]) -> None:
        self.missing = missing
        super().__init__(", ".join(s.id for s in missing))


# A refused consent ends the teleconsultation as a red flag does: with an orientation.
CONSENT_REFUSED = {
    "fr": "Le patient refuse la téléconsultation : proposez-lui une consultation en présentiel "
    "(son médecin traitant, une maison de santé, ou les urgences si son état le demande).",
    "en": "The patient declines the teleconsultation: offer an in-person visit (their regular "
    "doctor, a health centre, or the emergency department if their condition requires it).",
}


@dataclass(frozen=True)
class Stop:
    step: str
    orientation: dict[str, str]  # what to tell the patient: call 15, see a doctor in person...


class ChecklistRun:
    def __init__(self, checklist: Checklist) -> None:
        self.checklist = checklist
        self.steps: list[Step] = list(checklist.steps)
        self.phase = PHASES[0]
        self.answers: dict[str, Any] = {}
        self.stop: Stop | None = None

    # ---- what to show ----------------------------------------------------------------------
    def visible(self, phase: str | None = None) -> list[Step]:
        phase = phase or self.phase
        return [
            s
            for s in self.steps
            if s.phase == phase and (s.when is None or s.when.evaluate(self.answers))
        ]

    def missing(self) -> list[Step]:
        return [s for s in self.visible() if s.required and s.id not in self.answers]

    @property
    def finished(self) -> bool:
        return self.phase == DONE

    # ---- answering ---------------------------------------------------------------------------
    def answer(self, step_id: str, value: Any) -> None:
        if self.stop is not None:
            raise AnswerError("La téléconsultation a été arrêtée : donnez l’orientation indiquée.")
        step = self.step(step_id)
        if step.when is not None and not step.when.evaluate(self.answers):
            raise AnswerError("Cette question ne s’applique pas à ce patient.")
        self.answers[step_id] = self._checked(step, value)
        if step.kind == "consent" and value is False:
            self.stop = Stop(step_id, CONSENT_REFUSED)
        elif step.kind == "choice":
            option = step.option(value)
            if option is not None and option.stop is not None:
                self.stop = Stop(step_id, option.stop)
        elif step.kind == "multi-choice":
            for chosen in value:
                option = step.option(chosen)
                if option is not None and option.stop is not None:
                    self.stop = Stop(step_id, option.stop)
                    break
        # An answer changed earlier: answers to steps no longer shown are dropped.
        for other in self.steps:
            if (
                other.when is not None
                and other.id in self.answers
                and not other.when.evaluate(self.answers)
            ):
                del self.answers[other.id]

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise AnswerError(f"Étape inconnue : {step_id}.")

    def _checked(self, step: Step, value: Any) -> Any:
        kind = step.kind
        if kind in ("confirm", "consent", "info"):
            if not isinstance(value, bool):
                raise AnswerError("Répondez par oui ou non.")
            if kind == "confirm" and step.required and not value:
                raise AnswerError("Cette vérification doit être faite avant de continuer.")
        elif kind == "choice":
            if not isinstance(value, str) or step.option(value) is None:
                raise AnswerError("Choisissez une des réponses proposées.")
        elif kind == "multi-choice":
            if not isinstance(value, list) or any(step.option(v) is None for v in value):
                raise AnswerError("Choisissez parmi les réponses proposées.")
            if step.required and not value:
                raise AnswerError("Cochez au moins une réponse (ou « aucun » s’il n’y en a pas).")
            if len(value) > 1 and any(o.exclusive and o.value in value for o in step.options):
                raise AnswerError("La réponse « aucun » ne se coche pas avec une autre réponse.")
        elif kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise AnswerError("Indiquez un nombre.")
            if (step.min is not None and value < step.min) or (
                step.max is not None and value > step.max
            ):
                raise AnswerError(
                    f"Valeur hors limites ({step.min} à {step.max} {step.unit or ''})."
                )
        elif kind in ("text", "identity"):
            if not isinstance(value, (str, dict)) or not value:
                raise AnswerError("Ce champ est à remplir.")
        elif kind in ("measurement", "still") and not isinstance(value, dict):
            raise AnswerError("Prenez la mesure avec l’appareil, ou saisissez-la.")
        elif kind == "auscultation" and not isinstance(value, dict):
            raise AnswerError("Enregistrez chaque point au stéthoscope.")
        return value

    # ---- phases ------------------------------------------------------------------------------
    def advance(self) -> str:
        """Move to the next phase; refused while a required visible step is unanswered."""
        if self.stop is not None:
            raise AnswerError("La téléconsultation a été arrêtée : donnez l’orientation indiquée.")
        missing = self.missing()
        if missing:
            raise PhaseIncomplete(missing)
        index = PHASES.index(self.phase) if self.phase in PHASES else len(PHASES)
        self.phase = PHASES[index + 1] if index + 1 < len(PHASES) else DONE
        return self.phase

    def add_request(
        self,
        request_id: str,
        text: dict[str, str],
        kind: str = "measurement",
        device: str | None = None,
        region: str | None = None,
    ) -> Step:
        """A doctor's request becomes a required step of the running phase."""
        step = Step(
            id=f"request_{request_id}",
            kind=kind,
            text=text,
            phase=self.phase if self.phase in PHASES else "during",
            device=device,
            adhoc=True,
            region=region,
        )
        if any(s.id == step.id for s in self.steps):
            return self.step(step.id)  # the same request twice is one step
        self.steps.append(replace(step))
        return step
