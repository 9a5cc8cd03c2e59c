"""The checklist engine: shipped checklists, conditions, gating, stop rules, clear errors."""

from __future__ import annotations

import pytest

from station.checklists import (
    AnswerError,
    ChecklistError,
    ChecklistRun,
    PhaseIncomplete,
    load_text,
    shipped,
)
from station.checklists.expressions import Expression, ExpressionError


def test_every_shipped_checklist_loads_in_french_and_english() -> None:
    checklists = shipped()
    assert {"standard", "ehpad", "pharmacy"} <= checklists.keys()
    for checklist in checklists.values():
        for step in checklist.steps:
            assert step.text["fr"] and step.text["en"]
        kinds = {s.kind for s in checklist.steps}
        assert {"identity", "consent", "measurement"} <= kinds


def _run_to_during() -> ChecklistRun:
    run = ChecklistRun(shipped()["standard"])
    run.answer("identity_checked", {"family_name": "Martin", "birth_date": "1950-01-01"})
    run.answer("patient_informed", True)
    run.answer("consent", True)
    run.answer("red_flags", ["none"])
    run.answer("needs_physical_exam", "no")
    run.answer("reason", "Mal à l’oreille")
    run.answer("complaint_area", "yes")
    assert run.advance() == "during"
    return run


def test_required_steps_gate_the_next_phase() -> None:
    run = ChecklistRun(shipped()["standard"])
    run.answer("identity_checked", {"family_name": "Martin"})
    with pytest.raises(PhaseIncomplete) as caught:
        run.advance()
    assert "consent" in {s.id for s in caught.value.missing}
    assert run.phase == "before"


def test_conditions_show_the_otoscope_only_for_ear_nose_throat() -> None:
    run = _run_to_during()
    assert "otoscope" in {s.id for s in run.visible()}
    run2 = ChecklistRun(shipped()["standard"])
    run2.answer("complaint_area", "no")
    assert "otoscope" not in {s.id for s in run2.visible("during")}


def test_changing_an_answer_drops_answers_that_no_longer_apply() -> None:
    run = _run_to_during()
    run.answer("otoscope", {"still": "x"})
    run.answer("complaint_area", "no")  # the assistant corrects an earlier answer
    assert "otoscope" not in run.answers
    assert "otoscope" not in {s.id for s in run.visible()}


@pytest.mark.parametrize("flag", ["chest_pain", "stroke_signs", "suicidal"])
def test_a_red_flag_stops_the_teleconsultation_with_an_orientation(flag: str) -> None:
    run = ChecklistRun(shipped()["standard"])
    run.answer("red_flags", [flag])
    assert run.stop is not None and run.stop.step == "red_flags"
    assert "15" in run.stop.orientation["fr"] or "3114" in run.stop.orientation["fr"]
    with pytest.raises(AnswerError):
        run.advance()


def test_all_phases_to_done_with_a_doctor_request() -> None:
    run = _run_to_during()
    step = run.add_request(
        "r1", {"fr": "Pesez le patient", "en": "Weigh the patient"}, device="scale"
    )
    assert run.add_request("r1", step.text, device="scale") == step  # same request, one step
    for step_id in ("blood_pressure", "temperature", "oximetry", "otoscope"):
        run.answer(step_id, {"components": []})
    with pytest.raises(PhaseIncomplete) as caught:
        run.advance()
    assert [s.id for s in caught.value.missing] == ["request_r1"]
    run.answer("request_r1", {"components": [], "flags": ["manual-entry"]})
    assert run.advance() == "after"
    run.answer("advice_understood", True)
    run.answer("follow_up", "own_doctor")
    run.answer("report_destination", True)
    assert run.advance() == "done" and run.finished


@pytest.mark.parametrize(
    ("step", "value"),
    [
        ("consent", "yes"),
        ("red_flags", ["unknown"]),
        ("needs_physical_exam", "maybe"),
        ("reason", ""),
        ("patient_informed", False),
    ],
)
def test_answers_that_do_not_fit_are_refused_in_plain_words(step: str, value: object) -> None:
    run = ChecklistRun(shipped()["standard"])
    with pytest.raises(AnswerError) as caught:
        run.answer(step, value)
    assert caught.value.message


BASE = """id: test
version: 1
title: {fr: T, en: T}
phases:
  before:
    - id: aa
      kind: confirm
      text: {fr: A, en: A}
  during: []
  after: []
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BASE.replace("kind: confirm", "kind: wish"), "ligne 7, champ phases/before/0/kind"),
        (
            BASE.replace("text: {fr: A, en: A}", "text: {fr: A}"),
            "ligne 8, champ phases/before/0/text",
        ),
        (BASE.replace("title: {fr: T, en: T}", "title: [oops"), "YAML illisible"),
        (
            BASE.replace(
                "      text: {fr: A, en: A}", "      text: {fr: A, en: A}\n      when: bb == 1"
            ),
            "ne la précède pas (bb)",
        ),
        (
            BASE.replace(
                "      text: {fr: A, en: A}",
                "      text: {fr: A, en: A}\n      when: __import__('os')",
            ),
            "champ when",
        ),
    ],
)
def test_malformed_checklists_name_file_line_and_field(text: str, expected: str) -> None:
    with pytest.raises(ChecklistError) as caught:
        load_text(text, "essai.yaml")
    assert caught.value.message.startswith("essai.yaml")
    assert expected in caught.value.message


@pytest.mark.parametrize("source", ["open('x')", "a.__class__", "a if b else c", "a + b", "f(a)"])
def test_expressions_refuse_anything_but_the_small_language(source: str) -> None:
    with pytest.raises(ExpressionError):
        Expression(source)


def test_expressions_evaluate() -> None:
    e = Expression("age >= 75 and answered(context) or flag in ['x', 'y']")
    assert e.evaluate({"age": 80, "context": "c"})
    assert not e.evaluate({"age": 80})
    assert e.evaluate({"flag": "y"})
    assert not Expression("age > 3").evaluate({})  # unanswered is never "greater"


@pytest.mark.parametrize("checklist_id", ["standard", "ehpad", "pharmacy"])
def test_every_red_flag_of_every_checklist_stops_with_an_orientation(checklist_id: str) -> None:
    checklist = shipped()[checklist_id]
    red_flags = checklist.step("red_flags")
    assert red_flags.phase == "before"
    for option in red_flags.options:
        run = ChecklistRun(checklist)
        run.answer("red_flags", [option.value])
        if option.value == "none":
            assert run.stop is None
        else:
            assert (
                run.stop is not None and run.stop.orientation["fr"] and run.stop.orientation["en"]
            )


def test_ehpad_consent_goes_to_the_representative_when_the_resident_cannot_consent() -> None:
    run = ChecklistRun(shipped()["ehpad"])
    run.answer("can_consent", "no")
    visible = {s.id for s in run.visible()}
    assert "representative_consent" in visible and "consent" not in visible
    with pytest.raises(AnswerError):
        run.answer("consent", True)


def test_a_refused_consent_stops_with_an_orientation() -> None:
    from station.checklists import CONSENT_REFUSED

    run = ChecklistRun(shipped()["standard"])
    run.answer("identity_checked", {"family_name": "Martin", "birth_date": "1950-01-01"})
    run.answer("patient_informed", True)
    run.answer("consent", False)
    assert run.stop is not None and run.stop.orientation == CONSENT_REFUSED


def test_emergency_signs_need_an_answer_and_none_stands_alone() -> None:
    run = ChecklistRun(shipped()["standard"])
    with pytest.raises(AnswerError, match="au moins une"):
        run.answer("red_flags", [])
    with pytest.raises(AnswerError, match="aucun"):
        run.answer("red_flags", ["none", "chest_pain"])
    run.answer("red_flags", ["none"])
    assert run.stop is None


def test_shipped_checklists_are_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The home screen asks for them on every refresh: the files are read once, not each time."""
    from station.checklists import model

    model._shipped.cache_clear()
    loaded: list[str] = []
    real_load = model.load

    def counting(path):  # type: ignore[no-untyped-def]
        loaded.append(path.name)
        return real_load(path)

    monkeypatch.setattr(model, "load", counting)
    first = model.shipped()
    for _ in range(5):
        assert model.shipped() == first
    assert sorted(loaded) == sorted(f"{c}.yaml" for c in ("ehpad", "pharmacy", "standard"))
    model._shipped.cache_clear()
