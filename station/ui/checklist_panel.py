"""The checklist of the running phase, one frame per step, with the control its kind needs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from drivers.base import DeviceKind
from station.checklists import AnswerError, PhaseIncomplete
from station.checklists.model import Step
from station.consultation.consultation import ConsultationError
from station.consultation.session import ConsultationSession
from station.devices.wording import KIND_NAMES
from station.records.store import RecordError
from station.ui.translate import local, values, words
from station.ui.widgets import accessible, heading

PHASE_TITLES = {"before": "Avant l’appel", "during": "Pendant l’appel", "after": "Clôture"}
NEXT_LABELS = {
    "before": "Étape suivante : appel du médecin",
    "during": "Étape suivante : clôture",
    "after": "Terminer et rédiger le compte rendu",
}


def _summary(step: Step, value: Any) -> str:
    if step.kind in ("choice", "multi-choice"):
        chosen = value if isinstance(value, list) else [value]
        return ", ".join(local(o.label) for o in step.options if o.value in chosen)
    if isinstance(value, bool):
        return words("oui") if value else words("non")
    if isinstance(value, dict) and "components" in value:
        text = values(list(value.get("components", [])))
        manual = "manual-entry" in value.get("flags", [])
        return text + (" " + words("(saisie manuelle)") if manual else "")
    if isinstance(value, dict):
        return words("fait")
    return str(value)


class ChecklistPanel(QWidget):
    finish_requested = Signal()
    measure_requested = Signal(str)  # device kind
    manual_requested = Signal(str)  # device kind
    still_requested = Signal(str)  # step id

    def __init__(self, session: ConsultationSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        self.title = heading("", 2)
        layout.addWidget(self.title)
        self.stop_frame = QFrame(objectName="stop")
        stop_layout = QVBoxLayout(self.stop_frame)
        self.stop_text = QLabel(objectName="stop-orientation", wordWrap=True)
        stop_layout.addWidget(QLabel(self.tr("⚠ Téléconsultation arrêtée"), objectName="heading2"))
        stop_layout.addWidget(self.stop_text)
        stop_close = QPushButton(self.tr("Orientation donnée : clore"), objectName="stop-close")
        stop_close.clicked.connect(self.finish_requested)
        stop_layout.addWidget(stop_close)
        layout.addWidget(self.stop_frame)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        layout.addWidget(self.scroll, 1)
        self.error = QLabel(objectName="error", wordWrap=True)
        layout.addWidget(self.error)
        self.next = QPushButton(objectName="next-phase")
        self.next.clicked.connect(self.advance)
        layout.addWidget(self.next)
        session.subscribe(self._on_topic)
        self.rebuild()

    def _on_topic(self, topic: str) -> None:
        if topic in ("checklist", "request"):
            self.rebuild()

    # ---- intents -----------------------------------------------------------------------------
    def _try(self, intent: Callable[[], None]) -> bool:
        try:
            intent()
        except PhaseIncomplete as missing:
            names = "; ".join(local(s.text) for s in missing.missing[:3])
            self.error.setText(self.tr("Encore à faire : ") + names)
            return False
        except (AnswerError, ConsultationError, RecordError) as err:
            self.error.setText(words(err.message))
            return False
        self.error.clear()
        return True

    def answer(self, step_id: str, value: Any) -> None:
        self._try(lambda: self.session.answer(step_id, value))

    def advance(self) -> None:
        if self.session.consultation.run.phase == "after":
            if self._try(self.session.advance):
                self.finish_requested.emit()
            return
        self._try(self.session.advance)

    # ---- rendering ---------------------------------------------------------------------------
    def rebuild(self) -> None:
        run = self.session.consultation.run
        phase = run.phase
        self.title.setText(words(PHASE_TITLES.get(phase, "Compte rendu")))
        self.stop_frame.setVisible(run.stop is not None)
        if run.stop is not None:
            self.stop_text.setText(local(run.stop.orientation))
        self.next.setText(words(NEXT_LABELS.get(phase, "Compte rendu")))
        self.next.setVisible(run.stop is None and phase in NEXT_LABELS)
        content = QWidget()
        column = QVBoxLayout(content)
        steps = run.visible() if phase in PHASE_TITLES else []
        steps.sort(key=lambda s: not s.adhoc)  # the doctor's requests on top
        for step in steps:
            column.addWidget(self._step_frame(step))
        column.addStretch()
        self.scroll.setWidget(content)

    def _step_frame(self, step: Step) -> QFrame:
        run = self.session.consultation.run
        done = step.id in run.answers
        frame = QFrame(objectName="request" if step.adhoc else "step")
        frame.setProperty("step", step.id)
        box = QVBoxLayout(frame)
        mark = "✓ " if done else ("• " if step.required else "◦ ")
        status = (
            self.tr("fait")
            if done
            else (self.tr("obligatoire") if step.required else self.tr("facultatif"))
        )
        prefix = self.tr("Demande du médecin — ") if step.adhoc else ""
        title = QLabel(f"{mark}{prefix}{local(step.text)} ({status})", wordWrap=True)
        box.addWidget(title)
        if done:
            box.addWidget(
                QLabel(self.tr("Réponse : ") + _summary(step, run.answers[step.id]), wordWrap=True)
            )
        control = self._control(step, done)
        if control is not None:
            box.addWidget(control)
        accessible(frame, f"{prefix}{local(step.text)}", status)
        return frame

    def _control(self, step: Step, done: bool) -> QWidget | None:
        kind, sid = step.kind, step.id
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        if kind == "identity":
            return None
        if kind in ("confirm", "info"):
            box = QCheckBox(
                self.tr("Fait") if kind == "confirm" else self.tr("Lu"), objectName=f"answer-{sid}"
            )
            box.setChecked(done and bool(self.session.consultation.run.answers.get(sid)))
            box.toggled.connect(lambda checked: self.answer(sid, checked))
            accessible(box, local(step.text))
            row.addWidget(box)
        elif kind == "consent":
            yes = QPushButton(self.tr("Le patient accepte"), objectName=f"answer-{sid}-yes")
            no = QPushButton(self.tr("Le patient refuse"), objectName=f"answer-{sid}-no")
            yes.clicked.connect(lambda: self.answer(sid, True))
            no.clicked.connect(lambda: self.answer(sid, False))
            row.addWidget(yes)
            row.addWidget(no)
        elif kind in ("choice", "multi-choice"):
            column = QVBoxLayout()
            group = QButtonGroup(holder)
            group.setExclusive(kind == "choice")
            current = self.session.consultation.run.answers.get(sid)
            chosen = current if isinstance(current, list) else [current]
            for option in step.options:
                button: QRadioButton | QCheckBox = (
                    QRadioButton(local(option.label))
                    if kind == "choice"
                    else QCheckBox(local(option.label))
                )
                button.setObjectName(f"answer-{sid}-{option.value}")
                button.setChecked(option.value in chosen)
                group.addButton(button)
                column.addWidget(button)
                if kind == "choice":
                    button.clicked.connect(lambda _=False, v=option.value: self.answer(sid, v))
            if kind == "multi-choice":
                confirm = QPushButton(self.tr("Valider"), objectName=f"answer-{sid}-confirm")

                def submit(_: bool = False, g: QButtonGroup = group) -> None:
                    values = [
                        b.objectName().removeprefix(f"answer-{sid}-")
                        for b in g.buttons()
                        if b.isChecked()
                    ]
                    self.answer(sid, values)

                confirm.clicked.connect(submit)
                column.addWidget(confirm)
            row.addLayout(column)
        elif kind == "text":
            line = QLineEdit(objectName=f"answer-{sid}")
            current = self.session.consultation.run.answers.get(sid)
            line.setText(str(current) if current else "")
            accessible(line, local(step.text))
            save = QPushButton(self.tr("Enregistrer"), objectName=f"answer-{sid}-save")
            save.clicked.connect(lambda: self.answer(sid, line.text().strip()))
            line.returnPressed.connect(save.click)
            row.addWidget(line, 1)
            row.addWidget(save)
        elif kind == "number":
            spin = QDoubleSpinBox(objectName=f"answer-{sid}")
            spin.setRange(
                step.min if step.min is not None else -1e6,
                step.max if step.max is not None else 1e6,
            )
            spin.setSuffix(f" {step.unit}" if step.unit else "")
            accessible(spin, local(step.text))
            save = QPushButton(self.tr("Enregistrer"), objectName=f"answer-{sid}-save")
            save.clicked.connect(lambda: self.answer(sid, spin.value()))
            row.addWidget(spin, 1)
            row.addWidget(save)
        elif kind == "measurement" and step.device:
            device = DeviceKind(step.device)
            take = QPushButton(
                self.tr("Reprendre la mesure") if done else self.tr("Prendre la mesure"),
                objectName=f"measure-{sid}",
            )
            accessible(take, self.tr("Prendre la mesure : ") + words(KIND_NAMES[device]))
            take.clicked.connect(lambda: self.measure_requested.emit(str(device)))
            row.addWidget(take)
            manual = QPushButton(self.tr("Saisie manuelle"), objectName=f"manual-{sid}")
            accessible(manual, self.tr("Saisir la valeur à la main : ") + words(KIND_NAMES[device]))
            manual.clicked.connect(lambda: self.manual_requested.emit(str(device)))
            row.addWidget(manual)
        elif kind == "still":
            take = QPushButton(self.tr("Prendre une photo à l’otoscope"), objectName=f"still-{sid}")
            take.clicked.connect(lambda: self.still_requested.emit(sid))
            row.addWidget(take)
        else:
            return None
        row.addStretch()
        return holder
