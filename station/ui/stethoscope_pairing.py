"""Pairing the stethoscope on the setup screen: pick the audio input it is, listen 3 s as the
test, and keep the setting only once that worked."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from drivers.base import DeviceKind
from drivers.errors import DeviceError
from station.config import ConfigError, device_setting
from station.devices.pairing import (
    STETHOSCOPE_DRIVER,
    STETHOSCOPE_TEST_SECONDS,
    audio_inputs,
    keep,
    try_stethoscope,
)
from station.devices.wording import KIND_NAMES
from station.ui.translate import words
from station.ui.widgets import accessible

KIND = DeviceKind.STETHOSCOPE


class StethoscopePairing(QGroupBox):
    def __init__(self) -> None:
        super().__init__(words(KIND_NAMES[KIND]).capitalize())
        self.tested: str | None = None
        self.task: asyncio.Future[None] | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Branchez le stéthoscope, cherchez les entrées audio, choisissez la sienne, "
                    "puis posez la membrane sur votre poignet pour le test."
                ),
                wordWrap=True,
            )
        )
        row = QHBoxLayout()
        # Editable: an input can also be named by a part of its name, or usb:VID:PID.
        self.port = QComboBox(objectName="pair-port-stethoscope", editable=True)
        accessible(self.port, self.tr("Entrée audio du stéthoscope"))
        saved = device_setting(str(KIND)).port
        if saved:
            self.port.addItem(saved, saved)
        self.find = QPushButton(
            self.tr("Chercher les entrées audio"), objectName="pair-find-stethoscope"
        )
        self.test = QPushButton(
            self.tr("Tester (3 s d’écoute)"), objectName="pair-test-stethoscope"
        )
        self.save = QPushButton(self.tr("Enregistrer"), objectName="pair-save-stethoscope")
        self.save.setEnabled(False)
        row.addWidget(self.port, 1)
        row.addWidget(self.find)
        row.addWidget(self.test)
        row.addWidget(self.save)
        layout.addLayout(row)
        self.result = QLabel(objectName="pair-result-stethoscope", wordWrap=True)
        layout.addWidget(self.result)
        self.find.clicked.connect(self.start_finding)
        self.test.clicked.connect(self.start_test)
        self.save.clicked.connect(self.keep)
        self.port.currentTextChanged.connect(self._untested)

    def _untested(self) -> None:
        self.tested = None
        self.save.setEnabled(False)

    def chosen_port(self) -> str:
        """The chosen input's setting (a listed input's ``usb:`` id or name), else the text."""
        index = self.port.currentIndex()
        if index >= 0 and self.port.itemText(index) == self.port.currentText():
            return str(self.port.itemData(index) or self.port.currentText()).strip()
        return self.port.currentText().strip()

    def start_finding(self) -> None:
        self.result.setText(self.tr("Recherche des entrées audio…"))
        self.find.setEnabled(False)
        self.task = asyncio.ensure_future(self._find())

    async def _find(self) -> None:
        try:
            inputs = await asyncio.get_running_loop().run_in_executor(None, audio_inputs)
        except OSError:  # PortAudio missing on this machine
            self.result.setText("⚠ " + self.tr("Le son de ce poste est indisponible (PortAudio)."))
            return
        finally:
            self.find.setEnabled(True)
            self.task = None
        current = self.chosen_port()
        self.port.clear()
        for found in inputs:
            label = found.name if found.port == found.name else f"{found.name} ({found.port})"
            self.port.addItem(label, found.port)
        # The input chosen before, if it is still there; else the first one found.
        if inputs:
            index = max(0, self.port.findData(current))
            self.port.setCurrentIndex(index)
            self.port.setEditText(self.port.itemText(index))  # over what was typed before
            found = self.tr("%n entrée(s) audio trouvée(s) : choisissez celle du stéthoscope.")
            self.result.setText(found.replace("%n", str(len(inputs))))
        else:
            self.result.setText("⚠ " + self.tr("Aucune entrée audio : branchez le stéthoscope."))

    def start_test(self) -> None:
        port = self.chosen_port()
        if not port:
            self.result.setText(self.tr("Choisissez l’entrée audio du stéthoscope."))
            return
        self.result.setText(self.tr("Écoute de test : posez la membrane sur votre poignet…"))
        self.test.setEnabled(False)
        self.task = asyncio.ensure_future(self._test(port))

    async def _test(self, port: str) -> None:
        try:
            clip = await try_stethoscope(port, STETHOSCOPE_TEST_SECONDS)
        except DeviceError as err:
            self.result.setText("⚠ " + words(err.message))
            self.tested = None
        else:
            self.result.setText(
                "✓ "
                + self.tr("Le stéthoscope répond : niveau %1 dBFS, %2 kHz.")
                .replace("%1", f"{clip.rms_dbfs:.0f}".replace("-", "−"))
                .replace("%2", f"{clip.rate / 1000:g}".replace(".", ","))
            )
            self.tested = port
        finally:
            self.test.setEnabled(True)
            self.save.setEnabled(self.tested is not None)
            self.task = None

    def keep(self) -> None:
        if self.tested is None:
            return
        try:
            keep(KIND, STETHOSCOPE_DRIVER, self.tested)
        except (ConfigError, OSError) as err:
            self.result.setText("⚠ " + str(err))
            return
        self.result.setText("✓ " + self.tr("Stéthoscope enregistré pour ce poste."))
        self.save.setEnabled(False)
