"""Every step kind answered as a person does: mouse clicks at the control, Space, Enter, Tab.

The checklist used to rebuild its widgets from inside the click that answered a step, and the
first "Fait" ticked with the mouse crashed the app (exit code 139); tests that set widget values
never saw it. Nothing here calls ``setChecked``, ``setText`` or ``setValue``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QLabel, QLineEdit, QWidget

from station.checklists import CONSENT_REFUSED
from station.checklists.model import load_text
from station.consultation import Consultation
from station.consultation.session import ConsultationSession
from station.devices.manager import DeviceManager
from station.records.store import EventStore
from station.ui import user
from station.ui.checklist_panel import ChecklistPanel

EVERY_KIND = """
id: every-kind
version: 1
title: {fr: Toutes les sortes d’étape, en: Toutes les sortes d’étape}
phases:
  before:
    - id: identity_checked
      kind: identity
      text: {fr: Identité, en: Identité}
    - id: leaflet
      kind: info
      text:
        fr: "Remettez la fiche d’information au patient ; elle explique ce qui va se passer."
        en: "Hand the patient the information leaflet; it explains what will happen."
    - id: patient_informed
      kind: confirm
      text: {fr: Patient informé, en: Patient informé}
    - id: consent
      kind: consent
      text: {fr: "Le patient accepte-t-il ?", en: "Le patient accepte-t-il ?"}
    - id: red_flags
      kind: multi-choice
      text: {fr: Signes d’urgence, en: Signes d’urgence}
      options:
        - {value: none, label: {fr: Aucun de ces signes, en: Aucun de ces signes}, exclusive: true}
        - value: chest_pain
          label:
            fr: Douleur dans la poitrine qui serre et remonte dans la mâchoire ou le bras
            en: Tight chest pain spreading to the jaw or the arm
          stop: {fr: Appelez le 15 maintenant., en: Appelez le 15 maintenant.}
    - id: needs_physical_exam
      kind: choice
      text: {fr: "Un geste impossible à distance ?", en: "Un geste impossible à distance ?"}
      options:
        - {value: "no", label: {fr: Non, en: Non}}
        - value: "yes"
          label: {fr: Oui, en: Oui}
          stop: {fr: Orientez vers une consultation en présentiel., en: Refer in person.}
    - id: reason
      kind: text
      text: {fr: Motif, en: Motif}
    - id: weight_told
      kind: number
      unit: kg
      min: 1
      max: 400
      text: {fr: Poids annoncé par le patient, en: Poids annoncé par le patient}
  during:
    - id: temperature
      kind: measurement
      device: thermometer
      text: {fr: Température, en: Température}
    - id: otoscope
      kind: still
      device: otoscope
      text: {fr: Photo du tympan, en: Photo du tympan}
  after:
    - id: done
      kind: confirm
      text: {fr: Terminé, en: Terminé}
"""


def _panel(tmp_path: Path, qtbot: Any) -> tuple[ChecklistPanel, ConsultationSession]:
    store = EventStore(tmp_path / "record.sqlite3", bytes(32))
    consultation = Consultation.start(
        store, load_text(EVERY_KIND), station={"name": "T"}, assistant={"name": "Claire Martin"}
    )
    consultation.answer("identity_checked", {"family_name": "Durand", "birth_date": "1948-07-02"})
    session = ConsultationSession(consultation, DeviceManager({}))
    panel = ChecklistPanel(session)
    qtbot.addWidget(panel)
    panel.resize(900, 800)
    with qtbot.waitActive(panel):  # keyboard focus needs the active window, as on a screen
        panel.show()
        panel.activateWindow()
    return panel, session


def _settle(qtbot: Any, panel: ChecklistPanel) -> None:
    qtbot.waitUntil(lambda: not panel.rebuild_queued, timeout=5000)


def _row_text(panel: ChecklistPanel, name: str) -> QLabel:
    """The text of an option's row (clicking there must tick it, not only on the box)."""
    box = user.find(panel, name)
    label = box.parentWidget().label  # type: ignore[attr-defined]
    assert isinstance(label, QLabel)
    return label


def test_every_step_kind_by_mouse_and_keys(tmp_path: Path, qtbot: Any) -> None:
    panel, session = _panel(tmp_path, qtbot)
    answers = session.consultation.run.answers

    # info: Tab to it and Space.
    leaflet = user.find(panel, "answer-leaflet", QCheckBox)
    leaflet.setFocus(Qt.FocusReason.TabFocusReason)
    user.press(leaflet, Qt.Key.Key_Space)
    _settle(qtbot, panel)
    assert answers["leaflet"] is True

    # confirm: the mouse, the click that crashed the app.
    user.click(user.find(panel, "answer-patient_informed", QCheckBox))
    _settle(qtbot, panel)
    assert answers["patient_informed"] is True

    user.click(user.button(panel, "answer-consent-yes"))
    _settle(qtbot, panel)
    assert answers["consent"] is True

    # multi-choice: nothing ticked is refused; "none" unticks a sign; a row's text ticks it.
    user.click(user.button(panel, "answer-red_flags-confirm"))
    _settle(qtbot, panel)
    assert "red_flags" not in answers
    assert "Cochez au moins une réponse" in panel.error.text()
    user.click(_row_text(panel, "answer-red_flags-chest_pain"))
    assert user.find(panel, "answer-red_flags-chest_pain", QCheckBox).isChecked()
    user.click(_row_text(panel, "answer-red_flags-none"))
    assert not user.find(panel, "answer-red_flags-chest_pain", QCheckBox).isChecked()
    assert user.find(panel, "answer-red_flags-none", QCheckBox).isChecked()
    user.click(user.button(panel, "answer-red_flags-confirm"))
    _settle(qtbot, panel)
    assert answers["red_flags"] == ["none"]

    # choice: a stop answered by mistake is corrected before it is confirmed.
    user.click(_row_text(panel, "answer-needs_physical_exam-yes"))
    _settle(qtbot, panel)
    assert "needs_physical_exam" not in answers and session.consultation.run.stop is None
    assert user.find(panel, "answer-needs_physical_exam-stop").isVisible()
    user.click(user.button(panel, "answer-needs_physical_exam-correct"))
    _settle(qtbot, panel)
    user.click(_row_text(panel, "answer-needs_physical_exam-no"))
    _settle(qtbot, panel)
    assert answers["needs_physical_exam"] == "no"

    # text: click into it, type (accents too), Enter.
    reason = user.find(panel, "answer-reason", QLineEdit)
    user.type_into(reason, "Otalgie droite, fièvre à 38,5 °C")
    user.press(reason, Qt.Key.Key_Return)
    _settle(qtbot, panel)
    assert answers["reason"] == "Otalgie droite, fièvre à 38,5 °C"

    # number: typed with the language's decimal mark, then Enter.
    spin = user.find(panel, "answer-weight_told", QDoubleSpinBox)
    assert isinstance(spin, QDoubleSpinBox)
    user.type_into(spin, f"72{spin.locale().decimalPoint()}5")
    user.press(spin, Qt.Key.Key_Return)
    _settle(qtbot, panel)
    assert answers["weight_told"] == 72.5

    user.click(user.button(panel, "next-phase"))
    _settle(qtbot, panel)
    assert session.consultation.run.phase == "during"
    # measurement and still: their buttons ask the screen (which owns the devices).
    with qtbot.waitSignal(panel.measure_requested) as measure:
        user.click(user.button(panel, "measure-temperature"))
    assert measure.args == ["thermometer"]
    with qtbot.waitSignal(panel.manual_requested):
        user.click(user.button(panel, "manual-temperature"))
    with qtbot.waitSignal(panel.still_requested) as still:
        user.click(user.button(panel, "still-otoscope"))
    assert still.args == ["otoscope"]


def test_typing_survives_a_rebuild_and_keeps_focus(tmp_path: Path, qtbot: Any) -> None:
    """A reading arriving while the assistant types redraws the list: nothing typed is lost."""
    panel, session = _panel(tmp_path, qtbot)
    reason = user.find(panel, "answer-reason", QLineEdit)
    user.type_into(reason, "Toux depuis")
    panel.queue_rebuild()  # what a measurement or a doctor's request does
    _settle(qtbot, panel)
    again = user.find(panel, "answer-reason", QLineEdit)
    assert again is not reason and again.text() == "Toux depuis"
    assert again.hasFocus()
    user.type_text(again, " trois jours")
    user.press(again, Qt.Key.Key_Return)
    _settle(qtbot, panel)
    assert session.consultation.run.answers["reason"] == "Toux depuis trois jours"


def test_a_red_flag_confirmed_stops_with_its_orientation(tmp_path: Path, qtbot: Any) -> None:
    panel, session = _panel(tmp_path, qtbot)
    user.click(_row_text(panel, "answer-red_flags-chest_pain"))
    user.click(user.button(panel, "answer-red_flags-confirm"))
    _settle(qtbot, panel)
    assert session.consultation.run.stop is None  # not before the assistant confirms
    user.click(user.button(panel, "answer-red_flags-stop"))
    _settle(qtbot, panel)
    assert session.consultation.run.stop is not None
    assert panel.stop_text.text() == "Appelez le 15 maintenant."
    assert user.button(panel, "stop-close").isVisible()  # the way out, to the report and home


def test_refused_consent_stops_the_teleconsultation(tmp_path: Path, qtbot: Any) -> None:
    panel, session = _panel(tmp_path, qtbot)
    user.click(user.button(panel, "answer-consent-no"))
    _settle(qtbot, panel)
    assert session.consultation.run.stop is None
    user.click(user.button(panel, "answer-consent-stop"))
    _settle(qtbot, panel)
    stop = session.consultation.run.stop
    assert stop is not None and stop.orientation == CONSENT_REFUSED
    assert "présentiel" in panel.stop_text.text()
    assert not panel.next.isVisible()
    assert str(session.state) == "stopped"


def test_the_scroll_position_stays_after_an_answer(tmp_path: Path, qtbot: Any) -> None:
    panel, session = _panel(tmp_path, qtbot)
    panel.resize(600, 360)  # small: the list scrolls
    _settle(qtbot, panel)
    bar = panel.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5000)
    spin = user.find(panel, "answer-weight_told", QDoubleSpinBox)
    user.click(spin)  # scrolls down to it, as the assistant does
    position = bar.value()
    assert position > 0
    user.type_into(spin, "80")
    user.press(spin, Qt.Key.Key_Return)
    _settle(qtbot, panel)
    assert session.consultation.run.answers["weight_told"] == 80
    qtbot.waitUntil(lambda: bar.value() == position, timeout=5000)
    assert panel.scroll.horizontalScrollBar().maximum() == 0 or not (
        panel.scroll.horizontalScrollBar().isVisible()
    )


def test_no_control_without_a_name_a_screen_reader_can_say(tmp_path: Path, qtbot: Any) -> None:
    panel, _ = _panel(tmp_path, qtbot)
    unnamed = [
        w.objectName()
        for w in panel.findChildren(QWidget)
        if isinstance(w, QCheckBox) and not (w.accessibleName() or w.text())
    ]
    assert not unnamed
