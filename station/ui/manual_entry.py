"""Typing a measurement in by hand (device missing or broken): the record flags it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from drivers.base import DeviceKind, Measurement
from station.devices.manual import MANUAL_FIELDS, ManualEntryError, manual_measurement
from station.devices.wording import KIND_NAMES
from station.ui.translate import words
from station.ui.widgets import accessible


class ManualEntryDialog(QDialog):
    entered = Signal(object)  # Measurement

    def __init__(self, kind: DeviceKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName(f"manual-{kind}")
        self.setWindowTitle(self.tr("Saisie manuelle : ") + words(KIND_NAMES[kind]))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "La valeur sera marquée « saisie manuelle » dans le dossier et pour le "
                    "médecin. Utilisez l’appareil dès que possible."
                ),
                wordWrap=True,
            )
        )
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for field in MANUAL_FIELDS[kind]:
            line = QLineEdit(objectName=f"manual-{kind}-{field.name}")
            label = words(field.label) + ("" if field.required else self.tr(" (facultatif)"))
            accessible(line, label)
            form.addRow(label, line)
            self.fields[field.name] = line
        layout.addLayout(form)
        self.error = QLabel(objectName="error", wordWrap=True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enregistrer"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("manual-save")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def submit(self) -> None:
        values: dict[str, float | None] = {}
        for name, line in self.fields.items():
            text = line.text().strip().replace(",", ".")
            if not text:
                values[name] = None
                continue
            try:
                values[name] = float(text)
            except ValueError:
                self.error.setText(self.tr("Indiquez un nombre, par exemple 37,5."))
                line.setFocus()
                return
        try:
            measurement: Measurement = manual_measurement(self.kind, values)
        except ManualEntryError as err:
            self.error.setText(words(err.message))
            return
        self.entered.emit(measurement)
        self.accept()
