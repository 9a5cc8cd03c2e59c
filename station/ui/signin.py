"""Sign-in of the assistant: name, profession, RPPS number; the keyring's state in words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.people import PROFESSIONS, SignInError
from station.ui.translate import words
from station.ui.widgets import accessible, heading

if TYPE_CHECKING:
    from station.workstation import Workstation


class SignInScreen(QWidget):
    signed_in = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workstation: Workstation | None = None  # until the station has started
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Bienvenue au poste de téléconsultation")))
        layout.addWidget(QLabel(self.tr("Identifiez-vous pour commencer.")))
        form = QFormLayout()
        self.name = QLineEdit(objectName="assistant-name")
        accessible(self.name, self.tr("Prénom et nom"))
        self.profession = QComboBox(objectName="assistant-profession")
        for key, label in PROFESSIONS.items():
            self.profession.addItem(words(label), key)
        accessible(self.profession, self.tr("Profession"))
        self.rpps = QLineEdit(objectName="assistant-rpps")
        self.rpps.setInputMask("")
        self.rpps.setMaxLength(14)
        accessible(
            self.rpps,
            self.tr("Numéro RPPS"),
            self.tr("11 chiffres, sur votre carte CPS ou e-CPS"),
        )
        form.addRow(self.tr("&Prénom et nom"), self.name)
        form.addRow(self.tr("P&rofession"), self.profession)
        form.addRow(self.tr("Numéro &RPPS"), self.rpps)
        layout.addLayout(form)
        self.error = QLabel(objectName="error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.keyring = QLabel(objectName="keyring-state")
        self.keyring.setWordWrap(True)
        layout.addWidget(self.keyring)
        self.submit = QPushButton(self.tr("Se connecter"), objectName="primary")
        self.submit.setDefault(True)
        self.submit.clicked.connect(self.sign_in)
        self.rpps.returnPressed.connect(self.sign_in)
        layout.addWidget(self.submit)
        layout.addStretch()
        self.submit.setEnabled(False)
        self.keyring.setText(self.tr("Démarrage du poste (dossier, appareils, appel)…"))

    def attach(self, workstation: Workstation) -> None:
        self.workstation = workstation
        self.submit.setEnabled(True)
        self.refresh()

    def refresh(self) -> None:
        if self.workstation is None:
            return
        credentials = self.workstation.credentials()
        if self.workstation.keyring_message:
            self.keyring.setText(self.tr("Attention : ") + self.workstation.keyring_message)
            return
        lines = [self.tr("Trousseau sécurisé du poste : disponible.")]
        for purpose, present in credentials:
            state = (
                self.tr("✓ enregistré") if present else self.tr("✗ absent : à demander au support")
            )
            lines.append(f"{words(purpose).capitalize()} — {state}")
        self.keyring.setText("\n".join(lines))

    def sign_in(self) -> None:
        if self.workstation is None:  # Enter in a field while the station starts
            return
        try:
            self.workstation.sign_in(
                self.name.text(), str(self.profession.currentData()), self.rpps.text()
            )
        except SignInError as err:
            self.error.setText(words(err.message))
            return
        self.error.clear()
        self.signed_in.emit()
