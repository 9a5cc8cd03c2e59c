"""Home: start a consultation, resume an interrupted one, see where each report stands."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.consultation.consultation import ConsultationError
from station.records.read_model import DESTINATION_WORDS
from station.ui.translate import local, words
from station.ui.widgets import accessible, heading
from station.workstation import TRANSMISSION_WORDS, Workstation

MAX_LISTED = 8
TRANSMISSIONS_PERIOD_MS = 5000


class HomeScreen(QWidget):
    new_consultation = Signal(str)  # checklist id
    resume = Signal(str)  # consultation id
    reopen = Signal(str)  # consultation id: its report again, to read or print
    setup = Signal()
    sign_out = Signal()

    def __init__(self, workstation: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workstation = workstation
        layout = QVBoxLayout(self)
        self.greeting = heading("")
        layout.addWidget(self.greeting)

        self.resume_box = QGroupBox(self.tr("Consultation interrompue"), objectName="resume-box")
        self.resume_layout = QVBoxLayout(self.resume_box)
        layout.addWidget(self.resume_box)
        self.error = QLabel(objectName="error", wordWrap=True)
        layout.addWidget(self.error)

        start = QGroupBox(self.tr("Nouvelle consultation"))
        start_layout = QHBoxLayout(start)
        self.checklist = QComboBox(objectName="checklist-choice")
        for checklist_id, checklist in workstation.checklists().items():
            self.checklist.addItem(local(checklist.title), checklist_id)
        accessible(self.checklist, self.tr("Parcours de consultation"))
        self.checklist.setCurrentIndex(max(0, self.checklist.findData("standard")))
        self.begin = begin = QPushButton(self.tr("Nouvelle consultation"), objectName="primary")
        begin.setDefault(True)
        begin.clicked.connect(lambda: self.new_consultation.emit(str(self.checklist.currentData())))
        start_layout.addWidget(QLabel(self.tr("Parcours :")))
        start_layout.addWidget(self.checklist, 1)
        start_layout.addWidget(begin)
        layout.addWidget(start)

        self.past_box = QGroupBox(self.tr("Consultations terminées"), objectName="past-box")
        self.past_layout = QVBoxLayout(self.past_box)
        layout.addWidget(self.past_box)

        sent = QGroupBox(self.tr("Comptes rendus transmis au dossier de santé"))
        self.sent_layout = QVBoxLayout(sent)
        layout.addWidget(sent)
        self.sent_timer = QTimer(self, interval=TRANSMISSIONS_PERIOD_MS)
        self.sent_timer.timeout.connect(self._tick)
        self.sent_timer.start()

        bottom = QHBoxLayout()
        settings = QPushButton(self.tr("Réglages du poste"), objectName="open-setup")
        settings.clicked.connect(self.setup)
        leave = QPushButton(self.tr("Se déconnecter"), objectName="sign-out")
        leave.clicked.connect(self.sign_out)
        bottom.addWidget(settings)
        bottom.addStretch()
        bottom.addWidget(leave)
        layout.addStretch()
        layout.addLayout(bottom)

    def _abandon_form(self, consultation: str, opener: QPushButton) -> QWidget:
        """Why the consultation is given up, typed in, then confirmed: recorded with it."""
        form = QWidget(objectName=f"abandon-form-{consultation}")
        row = QHBoxLayout(form)
        row.setContentsMargins(0, 0, 0, 0)
        reason = QLineEdit(objectName=f"abandon-reason-{consultation}")
        reason.setPlaceholderText(self.tr("Pourquoi ? (ex. le patient est reparti)"))
        accessible(reason, self.tr("Raison de l’abandon"))
        confirm = QPushButton(
            self.tr("Confirmer l’abandon"), objectName=f"abandon-confirm-{consultation}"
        )

        def give_up() -> None:
            try:
                self.workstation.abandon(consultation, reason.text())
            except ConsultationError as err:
                self.error.setText(words(err.message))
                return
            self.error.clear()
            # Redrawn on the next turn: this button is one of the rows being replaced.
            QTimer.singleShot(0, self, self.refresh)

        confirm.clicked.connect(give_up)
        reason.returnPressed.connect(give_up)
        row.addWidget(reason, 1)
        row.addWidget(confirm)
        form.setVisible(False)
        opener.clicked.connect(lambda: (form.setVisible(True), reason.setFocus()))
        return form

    @staticmethod
    def _clear(layout: QVBoxLayout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()

    def _tick(self) -> None:
        if self.isVisible() and self.workstation.outbox is not None:
            self.show_transmissions()

    def refresh(self) -> None:
        assistant = self.workstation.assistant
        self.greeting.setText(
            self.tr("Bonjour {name}").format(name=assistant.name) if assistant else ""
        )
        self._clear(self.resume_layout)
        unfinished = self.workstation.unfinished()
        self.resume_box.setVisible(bool(unfinished))
        for item in unfinished:
            row = QHBoxLayout()
            text = QLabel(
                self.tr("{patient} — commencée le {started}, arrêtée à l’étape : {state}").format(
                    patient=item.patient, started=item.started, state=words(item.state)
                ),
                wordWrap=True,
            )
            button = QPushButton(self.tr("Reprendre"), objectName=f"resume-{item.consultation}")
            accessible(
                button,
                self.tr("Reprendre la consultation de {patient}").format(patient=item.patient),
            )
            button.clicked.connect(lambda _=False, c=item.consultation: self.resume.emit(c))
            give_up = QPushButton(self.tr("Abandonner…"), objectName=f"abandon-{item.consultation}")
            accessible(
                give_up,
                self.tr("Abandonner la consultation de {patient}").format(patient=item.patient),
            )
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            row.addWidget(text, 1)
            row.addWidget(button)
            row.addWidget(give_up)
            column.addLayout(row)
            column.addWidget(self._abandon_form(item.consultation, give_up))
            self.resume_layout.addWidget(holder)

        self._clear(self.past_layout)
        past = self.workstation.past(MAX_LISTED)
        self.past_box.setVisible(bool(past))
        for summary in past:
            row_widget = QWidget()
            row = QHBoxLayout(row_widget)
            row.setContentsMargins(0, 0, 0, 0)
            how = self.tr("abandonnée") if summary.abandoned else self.tr("terminée")
            label = QLabel(
                f"{summary.patient or '—'} — {summary.started.astimezone():%d/%m/%Y %H:%M} ({how})",
                wordWrap=True,
            )
            again = QPushButton(
                self.tr("Revoir le compte rendu"), objectName=f"reopen-{summary.consultation}"
            )
            accessible(
                again,
                self.tr("Revoir ou imprimer le compte rendu de {patient}").format(
                    patient=summary.patient
                ),
            )
            again.clicked.connect(lambda _=False, c=summary.consultation: self.reopen.emit(c))
            row.addWidget(label, 1)
            row.addWidget(again)
            self.past_layout.addWidget(row_widget)
        self.show_transmissions()

    def show_transmissions(self) -> None:
        """Where each report stands, destination by destination. Also every few seconds
        while the home screen shows: reports go out in the background, and the assistant
        waiting here sees "envoyé" without leaving the screen."""
        self._clear(self.sent_layout)
        if self.workstation.outbox is None:
            self.sent_layout.addWidget(
                QLabel(
                    self.tr(
                        "Aucun envoi (serveur de santé, messagerie MSSanté) n’est configuré "
                        "sur ce poste : les comptes rendus restent ici, en attente d’envoi."
                    ),
                    wordWrap=True,
                )
            )
        items = self.workstation.transmissions()
        if not items:
            self.sent_layout.addWidget(QLabel(self.tr("Aucun compte rendu pour l’instant.")))
        for outbox_item, patient in items[:MAX_LISTED]:
            state_words = words(TRANSMISSION_WORDS[outbox_item.state])
            where = words(DESTINATION_WORDS[outbox_item.destination])
            label = QLabel(
                f"{patient} — {where} : {state_words} ({outbox_item.detail})", wordWrap=True
            )
            label.setObjectName(f"transmission-{outbox_item.state}")
            self.sent_layout.addWidget(label)
