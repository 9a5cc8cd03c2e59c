"""The checklist of the running phase, one frame per step, with the control its kind needs.

The frames are rebuilt after each change, but never from inside the handler of the control
that caused it: a checkbox deleted while Qt is still delivering its click crashed the app. A
rebuild is queued (one per turn of the loop), keeps what the assistant was typing or ticking,
the scroll position and the keyboard focus.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
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
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from drivers.base import DeviceKind
from station.checklists import AnswerError, PhaseIncomplete
from station.checklists.model import Option, Step
from station.consultation.consultation import ConsultationError
from station.consultation.session import ConsultationSession
from station.devices.wording import KIND_NAMES
from station.records.store import RecordError
from station.ui.decisions_panel import ClosingDecisions
from station.ui.listening import Listening
from station.ui.step_controls import EnterSaves, OptionRow, summary
from station.ui.translate import local, values, words
from station.ui.widgets import accessible, heading

PHASE_TITLES = {"before": "Avant l’appel", "during": "Pendant l’appel", "after": "Clôture"}
NEXT_LABELS = {
    "before": "Étape suivante : appel du médecin",
    "during": "Étape suivante : clôture",
    "after": "Terminer et rédiger le compte rendu",
}


class ChecklistPanel(QWidget):
    finish_requested = Signal()
    measure_requested = Signal(str)  # device kind
    manual_requested = Signal(str)  # device kind
    still_requested = Signal(str)  # step id
    auscultation_requested = Signal(str)  # step id

    def __init__(self, session: ConsultationSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        # What the assistant has ticked or typed but not yet saved, kept across rebuilds.
        self.drafts: dict[str, Any] = {}
        # An answer that would stop the teleconsultation, waiting for the assistant to confirm.
        self.confirming: tuple[str, Any, str] | None = None
        self.rebuild_queued = False
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
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.scroll, 1)
        self.error = QLabel(objectName="error", wordWrap=True)
        layout.addWidget(self.error)
        self.next = QPushButton(objectName="next-phase")
        self.next.clicked.connect(self.advance)
        layout.addWidget(self.next)
        self.listening = Listening(self)
        self.listening.to(session.checklist_changed, lambda _: self.queue_rebuild())
        self.listening.to(session.request_received, lambda _: self.queue_rebuild())
        self.listening.to(session.conclusion_changed, lambda _: self.queue_rebuild())
        self.rebuild()

    def detach(self) -> None:
        self.listening.stop()

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

    def answer(self, step_id: str, value: Any) -> bool:
        done = self._try(lambda: self.session.answer(step_id, value))
        if done:
            self.drafts.pop(step_id, None)
        self.queue_rebuild()  # the control shows the record's answer, not the click
        return done

    def answer_or_confirm(self, step: Step, value: Any) -> None:
        """An answer that would stop the teleconsultation is confirmed first (or corrected)."""
        orientation = self._stop_for(step, value)
        if orientation:
            self.confirming = (step.id, value, orientation)
            self.error.clear()
            self.queue_rebuild()
            return
        self.answer(step.id, value)

    def _stop_for(self, step: Step, value: Any) -> str:
        if step.kind == "consent" and value is False:
            return self.tr(
                "Le patient refuse : la téléconsultation s’arrête et vous lui proposez une "
                "consultation en présentiel."
            )
        chosen = value if isinstance(value, list) else [value]
        stops = [o for o in step.options if o.value in chosen and o.stop is not None]
        return local(stops[0].stop) if stops else ""

    def confirm_stop(self) -> None:
        if self.confirming is not None:
            step_id, value, _ = self.confirming
            self.confirming = None
            self.answer(step_id, value)

    def correct(self) -> None:
        self.confirming = None
        self.queue_rebuild()

    def advance(self) -> None:
        if self.session.consultation.run.phase == "after":
            if self._try(self.session.advance):
                self.finish_requested.emit()
            return
        if self._try(self.session.advance):
            self.scroll.verticalScrollBar().setValue(0)  # a new phase starts at its top

    # ---- rendering ---------------------------------------------------------------------------
    def queue_rebuild(self) -> None:
        """Rebuild on the next turn of the loop, once the event being handled is over."""
        if not self.rebuild_queued:
            self.rebuild_queued = True
            QTimer.singleShot(0, self, self.rebuild)

    def rebuild(self) -> None:
        self.rebuild_queued = False
        run = self.session.consultation.run
        phase = run.phase
        focused = QApplication.focusWidget()
        focus_name = (
            focused.objectName() if focused is not None and self.isAncestorOf(focused) else ""
        )
        bar = self.scroll.verticalScrollBar()
        position = bar.value()
        self.title.setText(words(PHASE_TITLES.get(phase, "Compte rendu")))
        self.stop_frame.setVisible(run.stop is not None)
        if run.stop is not None:
            self.stop_text.setText(local(run.stop.orientation))
        self.next.setText(words(NEXT_LABELS.get(phase, "Compte rendu")))
        self.next.setVisible(run.stop is None and phase in NEXT_LABELS)
        content = QWidget(objectName="checklist-steps")
        column = QVBoxLayout(content)
        steps = run.visible() if phase in PHASE_TITLES else []
        steps.sort(key=lambda s: not s.adhoc)  # the doctor's requests on top
        for step in steps:
            column.addWidget(self._step_frame(step))
        column.addStretch()
        self.scroll.setWidget(content)  # the old content is deleted here, outside its handlers
        # The new content is laid out on the next turn; the position is restored then.
        QTimer.singleShot(0, self, lambda: bar.setValue(position))
        if focus_name:
            target = content.findChild(QWidget, focus_name) or (
                self.next if self.next.isVisible() else None
            )
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)

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
        title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        box.addWidget(title)
        c = self.session.consultation
        if step.phase == "after" and step.kind == "confirm" and (c.conclusion or c.documents):
            # "Has the patient understood?": what the doctor said, to go over together.
            box.addWidget(ClosingDecisions(c))
        if done:
            answer = QLabel(self.tr("Réponse : ") + summary(step, run.answers[step.id]))
            answer.setWordWrap(True)
            answer.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            box.addWidget(answer)
        if self.confirming is not None and self.confirming[0] == step.id:
            box.addWidget(self._confirm_frame(step))
        else:
            control = self._control(step, done)
            if control is not None:
                box.addWidget(control)
            if step.adhoc and not done:
                box.addWidget(self._dismiss_row(step.id))
        accessible(frame, f"{prefix}{local(step.text)}", status)
        return frame

    def _dismiss_row(self, sid: str) -> QWidget:
        """A doctor's request that cannot be done here (no such device...): say why."""
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        reason = QLineEdit(objectName=f"dismiss-reason-{sid}")
        reason.setPlaceholderText(self.tr("Pas possible ? Dites pourquoi au médecin"))
        reason.setText(str(self.drafts.get(f"dismiss-{sid}", "")))
        reason.textEdited.connect(lambda text: self.drafts.__setitem__(f"dismiss-{sid}", text))
        accessible(reason, self.tr("Pourquoi cette demande ne peut pas être faite"))
        send = QPushButton(self.tr("Signaler au médecin"), objectName=f"dismiss-{sid}")

        def dismiss() -> None:
            if self._try(lambda: self.session.dismiss_request(sid, reason.text())):
                self.drafts.pop(f"dismiss-{sid}", None)
            self.queue_rebuild()

        send.clicked.connect(dismiss)
        reason.returnPressed.connect(dismiss)
        row.addWidget(reason, 1)
        row.addWidget(send)
        return holder

    def _confirm_frame(self, step: Step) -> QWidget:
        assert self.confirming is not None
        holder = QFrame(objectName="stop")
        column = QVBoxLayout(holder)
        text = QLabel(
            self.tr("⚠ Cette réponse arrête la téléconsultation : ") + self.confirming[2],
            wordWrap=True,
        )
        text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        column.addWidget(text)
        row = QHBoxLayout()
        confirm = QPushButton(self.tr("Confirmer l’arrêt"), objectName=f"answer-{step.id}-stop")
        confirm.clicked.connect(self.confirm_stop)
        correct = QPushButton(
            self.tr("Corriger la réponse"), objectName=f"answer-{step.id}-correct"
        )
        correct.clicked.connect(self.correct)
        row.addWidget(correct)
        row.addWidget(confirm)
        row.addStretch()
        column.addLayout(row)
        return holder

    def _control(self, step: Step, done: bool) -> QWidget | None:
        kind, sid = step.kind, step.id
        answers = self.session.consultation.run.answers
        holder = QWidget()
        # Buttons stacked, not side by side: the column stays readable at 1280×800 in large type.
        row: QHBoxLayout | QVBoxLayout = (
            QVBoxLayout(holder) if kind in ("consent", "measurement") else QHBoxLayout(holder)
        )
        row.setContentsMargins(0, 0, 0, 0)
        if kind == "identity":
            return None
        if kind in ("confirm", "info"):
            box = QCheckBox(
                self.tr("Fait") if kind == "confirm" else self.tr("Lu"), objectName=f"answer-{sid}"
            )
            box.setChecked(done and bool(answers.get(sid)))
            box.toggled.connect(lambda checked: self.answer(sid, checked))
            accessible(box, local(step.text))
            row.addWidget(box)
        elif kind == "consent":
            yes = QPushButton(self.tr("Le patient accepte"), objectName=f"answer-{sid}-yes")
            no = QPushButton(self.tr("Le patient refuse"), objectName=f"answer-{sid}-no")
            yes.clicked.connect(lambda: self.answer(sid, True))
            no.clicked.connect(lambda: self.answer_or_confirm(step, False))
            row.addWidget(yes)
            row.addWidget(no)
        elif kind == "choice":
            row.addLayout(self._choices(step, holder))
        elif kind == "multi-choice":
            row.addLayout(self._multi_choices(step))
        elif kind == "text":
            line = QLineEdit(objectName=f"answer-{sid}")
            current = answers.get(sid)
            line.setText(str(self.drafts.get(sid, current or "")))
            line.textEdited.connect(lambda text: self.drafts.__setitem__(sid, text))
            accessible(line, local(step.text))
            save = QPushButton(self.tr("Enregistrer"), objectName=f"answer-{sid}-save")
            save.clicked.connect(lambda: self.answer(sid, line.text().strip()))
            line.returnPressed.connect(lambda: self.answer(sid, line.text().strip()))
            row.addWidget(line, 1)
            row.addWidget(save)
        elif kind == "number":
            spin = QDoubleSpinBox(objectName=f"answer-{sid}")
            spin.setRange(
                step.min if step.min is not None else -1e6,
                step.max if step.max is not None else 1e6,
            )
            spin.setSuffix(f" {step.unit}" if step.unit else "")
            if sid in self.drafts or isinstance(answers.get(sid), (int, float)):
                spin.setValue(float(self.drafts.get(sid, answers.get(sid))))
            spin.valueChanged.connect(lambda value: self.drafts.__setitem__(sid, value))
            accessible(spin, local(step.text))
            save = QPushButton(self.tr("Enregistrer"), objectName=f"answer-{sid}-save")
            save.clicked.connect(lambda: self.answer(sid, spin.value()))
            spin.installEventFilter(EnterSaves(lambda: self.answer(sid, spin.value()), spin))
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
            earlier = self.session.latest_measurement(str(device))
            if step.adhoc and not done and earlier is not None:
                # The doctor asked for a reading already taken: send that one, or take anew.
                take.setText(self.tr("Reprendre la mesure"))
                reuse = QPushButton(
                    self.tr("Renvoyer la mesure déjà prise ({value})").format(
                        value=values(list(earlier.get("components", [])))
                    ),
                    objectName=f"reuse-{sid}",
                )
                reuse.clicked.connect(
                    lambda: self._try(lambda: self.session.reuse_measurement(sid))
                )
                row.addWidget(reuse)
            manual = QPushButton(self.tr("Saisie manuelle"), objectName=f"manual-{sid}")
            accessible(manual, self.tr("Saisir la valeur à la main : ") + words(KIND_NAMES[device]))
            manual.clicked.connect(lambda: self.manual_requested.emit(str(device)))
            row.addWidget(manual)
        elif kind == "still":
            take = QPushButton(self.tr("Prendre une photo à l’otoscope"), objectName=f"still-{sid}")
            take.clicked.connect(lambda: self.still_requested.emit(sid))
            row.addWidget(take)
        elif kind == "auscultation":
            guide = QPushButton(
                self.tr("Voir les enregistrements")
                if done
                else self.tr("Ausculter : où poser le stéthoscope"),
                objectName=f"auscultate-{sid}",
            )
            guide.clicked.connect(lambda: self.auscultation_requested.emit(sid))
            row.addWidget(guide)
        else:
            return None
        row.addStretch()
        return holder

    def _choices(self, step: Step, holder: QWidget) -> QVBoxLayout:
        column = QVBoxLayout()
        group = QButtonGroup(holder)  # deleted with the step's controls at the next rebuild
        current = self.session.consultation.run.answers.get(step.id)
        for option in step.options:
            button = QRadioButton(objectName=f"answer-{step.id}-{option.value}")
            button.setChecked(option.value == current)
            group.addButton(button)
            button.clicked.connect(lambda _=False, v=option.value: self.answer_or_confirm(step, v))
            column.addWidget(OptionRow(button, local(option.label)))
        return column

    def _multi_choices(self, step: Step) -> QVBoxLayout:
        sid = step.id
        column = QVBoxLayout()
        current = self.session.consultation.run.answers.get(sid)
        ticked: set[str] = set(self.drafts.get(sid, current if isinstance(current, list) else []))
        boxes: dict[str, QCheckBox] = {}

        def toggled(option: Option, checked: bool) -> None:
            chosen = set(self.drafts.get(sid, ticked))
            if checked:
                chosen.add(option.value)
                # "None of these" and a sign exclude each other: ticking one unticks the other.
                for other in step.options:
                    if other.value != option.value and (option.exclusive or other.exclusive):
                        chosen.discard(other.value)
            else:
                chosen.discard(option.value)
            self.drafts[sid] = sorted(chosen)
            for value, box in boxes.items():
                if box.isChecked() != (value in chosen):
                    box.blockSignals(True)
                    box.setChecked(value in chosen)
                    box.blockSignals(False)

        for option in step.options:
            box = QCheckBox(objectName=f"answer-{sid}-{option.value}")
            box.setChecked(option.value in ticked)
            box.toggled.connect(lambda checked, o=option: toggled(o, checked))
            boxes[option.value] = box
            column.addWidget(OptionRow(box, local(option.label)))
        confirm = QPushButton(self.tr("Valider"), objectName=f"answer-{sid}-confirm")

        def submit() -> None:
            chosen = [o.value for o in step.options if boxes[o.value].isChecked()]
            self.answer_or_confirm(step, chosen)

        confirm.clicked.connect(submit)
        column.addWidget(confirm, 0, Qt.AlignmentFlag.AlignLeft)
        return column
