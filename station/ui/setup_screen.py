"""Station setup: who and where the station is, and device pairing tested before it is saved."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from drivers.base import DeviceKind
from drivers.errors import DeviceError
from station.config import ConfigError, device_setting, save_station_identity, station_identity
from station.devices.pairing import drivers_for, keep, try_device
from station.devices.wording import KIND_NAMES
from station.records.acts import PLACE_WORDS
from station.ui.enrollment import EnrollmentBox
from station.ui.media_check import MediaCheckBox
from station.ui.stethoscope_pairing import StethoscopePairing
from station.ui.translate import values, words
from station.ui.widgets import accessible, heading

ACCESSIBILITY = {
    "wheelchair": "Accès en fauteuil roulant",
    "hearing-loop": "Boucle magnétique pour malentendants",
    "large-type": "Grands caractères par défaut",
    "high-contrast": "Contraste élevé par défaut",
}
PAIRED_KINDS = (
    DeviceKind.BLOOD_PRESSURE,
    DeviceKind.THERMOMETER,
    DeviceKind.OXIMETER,
    DeviceKind.SCALE,
)


class DevicePairing(QGroupBox):
    """One device kind: driver, port, a real reading as the test, then saving."""

    def __init__(self, kind: DeviceKind, parent: QWidget | None = None) -> None:
        super().__init__(words(KIND_NAMES[kind]).capitalize(), parent)
        self.kind = kind
        self.tested: tuple[str, str] | None = None
        self.task: asyncio.Future[None] | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.driver = QComboBox(objectName=f"pair-driver-{kind}")
        for name in drivers_for(kind):
            self.driver.addItem(name, name)
        accessible(self.driver, self.tr("Modèle d’appareil (pilote)"))
        self.port = QLineEdit(objectName=f"pair-port-{kind}")
        accessible(self.port, self.tr("Port de l’appareil"), self.tr("ex. COM3 ou /dev/ttyUSB0"))
        setting = device_setting(str(kind))
        if setting.driver:
            self.driver.setCurrentIndex(max(0, self.driver.findData(setting.driver)))
        self.port.setText(setting.port or "")
        self.test = QPushButton(self.tr("Tester (une mesure)"), objectName=f"pair-test-{kind}")
        self.save = QPushButton(self.tr("Enregistrer"), objectName=f"pair-save-{kind}")
        self.save.setEnabled(False)
        row.addWidget(self.driver)
        row.addWidget(self.port, 1)
        row.addWidget(self.test)
        row.addWidget(self.save)
        layout.addLayout(row)
        self.result = QLabel(objectName=f"pair-result-{kind}", wordWrap=True)
        layout.addWidget(self.result)
        self.test.clicked.connect(self.start_test)
        self.save.clicked.connect(self.keep)
        # Changing the choice after a test means testing again before saving.
        self.port.textChanged.connect(self._untested)
        self.driver.currentIndexChanged.connect(self._untested)

    def _untested(self) -> None:
        self.tested = None
        self.save.setEnabled(False)

    def start_test(self) -> None:
        port, driver = self.port.text().strip(), str(self.driver.currentData())
        if not port:
            self.result.setText(self.tr("Indiquez le port de l’appareil."))
            return
        self.result.setText(self.tr("Mesure de test en cours : utilisez l’appareil…"))
        self.test.setEnabled(False)
        self.task = asyncio.ensure_future(self._test(driver, port))

    async def _test(self, driver: str, port: str) -> None:
        try:
            measurement = await try_device(self.kind, driver, port)
        except DeviceError as err:
            self.result.setText("⚠ " + words(err.message))
            self.tested = None
        else:
            self.result.setText(
                "✓ " + self.tr("L’appareil répond : ") + values(measurement.to_dict()["components"])
            )
            self.tested = (driver, port)
        finally:
            self.test.setEnabled(True)
            self.save.setEnabled(self.tested is not None)

    def keep(self) -> None:
        if self.tested is None:
            return
        try:
            keep(self.kind, *self.tested)
        except (ConfigError, OSError) as err:
            self.result.setText("⚠ " + str(err))
            return
        self.result.setText("✓ " + self.tr("Appareil enregistré pour ce poste."))
        self.save.setEnabled(False)


class SetupScreen(QWidget):
    done = Signal()
    enrolled = Signal(str)  # the service's address, once this station is enrolled

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addWidget(heading(self.tr("Réglages du poste")))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll, 1)
        content = QWidget()
        scroll.setWidget(content)
        layout = QVBoxLayout(content)

        self.enrollment = EnrollmentBox()
        self.enrollment.enrolled.connect(self.enrolled)
        layout.addWidget(self.enrollment)
        self.media = MediaCheckBox()
        layout.addWidget(self.media)

        identity = QGroupBox(self.tr("Le poste"))
        form = QFormLayout(identity)
        self.fields: dict[str, QLineEdit] = {}
        for key, label in (
            ("name", self.tr("Nom du lieu")),
            ("address", self.tr("Adresse")),
            ("operator", self.tr("Exploitant")),
            ("ars_reference", self.tr("Référence de déclaration à l’ARS")),
            ("finess", self.tr("FINESS (ou SIRET) de la structure")),
        ):
            field = QLineEdit(objectName=f"station-{key}")
            accessible(field, label)
            form.addRow(label, field)
            self.fields[key] = field
        # Which kind of place: it sets the act the assistant bills (TLM, TLL, TLD, TLS).
        self.place = QComboBox(objectName="station-place")
        self.place.addItem(self.tr("— à choisir —"), "")
        for key, label in PLACE_WORDS.items():
            self.place.addItem(words(label), key)
        accessible(self.place, self.tr("Type de lieu"))
        form.addRow(self.tr("Type de lieu"), self.place)
        self.features: dict[str, QCheckBox] = {}
        for key, label in ACCESSIBILITY.items():
            box = QCheckBox(words(label), objectName=f"station-feature-{key}")
            form.addRow("", box)
            self.features[key] = box
        layout.addWidget(identity)

        devices = QGroupBox(self.tr("Appareils médicaux"))
        devices_layout = QVBoxLayout(devices)
        devices_layout.addWidget(
            QLabel(
                self.tr("Chaque appareil est testé par une vraie mesure avant d’être enregistré."),
                wordWrap=True,
            )
        )
        self.pairings = {kind: DevicePairing(kind) for kind in PAIRED_KINDS}
        for pairing in self.pairings.values():
            devices_layout.addWidget(pairing)
        self.stethoscope = StethoscopePairing()
        devices_layout.addWidget(self.stethoscope)
        layout.addWidget(devices)
        layout.addStretch()

        self.message = QLabel(objectName="error", wordWrap=True)
        outer.addWidget(self.message)
        buttons = QHBoxLayout()
        back = QPushButton(self.tr("Retour"), objectName="setup-back")
        back.clicked.connect(self.done)
        save = QPushButton(self.tr("Enregistrer le poste"), objectName="setup-save")
        save.clicked.connect(self.save_identity)
        buttons.addWidget(back)
        buttons.addStretch()
        buttons.addWidget(save)
        outer.addLayout(buttons)

    def load(self) -> None:
        self.enrollment.load()
        self.media.load()
        try:
            saved = station_identity()
        except ConfigError as err:
            self.message.setText(str(err))
            return
        for key, field in self.fields.items():
            field.setText(str(saved.get(key, "")))
        self.place.setCurrentIndex(max(0, self.place.findData(saved.get("place", ""))))
        chosen = saved.get("accessibility", [])
        for key, box in self.features.items():
            box.setChecked(isinstance(chosen, list) and key in chosen)

    def save_identity(self) -> None:
        identity: dict[str, object] = {k: f.text().strip() for k, f in self.fields.items()}
        if not identity["name"] or not identity["address"]:
            self.message.setText(self.tr("Indiquez au moins le nom du lieu et son adresse."))
            return
        identity["accessibility"] = [k for k, box in self.features.items() if box.isChecked()]
        for optional in ("finess", "ars_reference"):
            if not identity[optional]:
                del identity[optional]  # not set: left out, never an empty value
        if self.place.currentData():
            identity["place"] = str(self.place.currentData())
        try:
            save_station_identity(identity)
        except (ConfigError, OSError) as err:
            self.message.setText(str(err))
            return
        self.message.setText(self.tr("Réglages enregistrés."))
