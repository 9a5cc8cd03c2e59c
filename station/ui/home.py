"""Home: start a consultation, resume an interrupted one, see where each report stands."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.ui.translate import local, words
from station.ui.widgets import accessible, heading
from station.workstation import TRANSMISSION_WORDS, Workstation

MAX_LISTED = 8


class HomeScreen(QWidget):
    new_consultation = Signal(str)  # checklist id
    resume = Signal(str)  # consultation id
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

        sent = QGroupBox(self.tr("Comptes rendus transmis au dossier de santé"))
        self.sent_layout = QVBoxLayout(sent)
        layout.addWidget(sent)

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

    @staticmethod
    def _clear(layout: QVBoxLayout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()

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
            holder = QWidget()
            row.addWidget(text, 1)
            row.addWidget(button)
            holder.setLayout(row)
            self.resume_layout.addWidget(holder)

        self._clear(self.sent_layout)
        if self.workstation.outbox is None:
            self.sent_layout.addWidget(
                QLabel(
                    self.tr(
                        "Aucun serveur de santé n’est configuré sur ce poste : les comptes "
                        "rendus restent ici, en attente d’envoi."
                    ),
                    wordWrap=True,
                )
            )
        items = self.workstation.transmissions()
        if not items:
            self.sent_layout.addWidget(QLabel(self.tr("Aucun compte rendu pour l’instant.")))
        for outbox_item, patient in items[:MAX_LISTED]:
            state_words = words(TRANSMISSION_WORDS[outbox_item.state])
            label = QLabel(f"{patient} — {state_words} ({outbox_item.detail})", wordWrap=True)
            label.setObjectName(f"transmission-{outbox_item.state}")
            self.sent_layout.addWidget(label)
