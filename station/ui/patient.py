"""Patient identification: two identifiers at least (names and date of birth), INS if known."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.birth_date import BirthDateError, parse_birth_date
from station.people import SignInError, check_identity
from station.ui.translate import words
from station.ui.widgets import accessible, heading


class PatientScreen(QWidget):
    identified = Signal(dict)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Identification du patient")))
        layout.addWidget(
            QLabel(
                self.tr(
                    "Vérifiez l’identité sur une pièce d’identité ou la carte Vitale : "
                    "nom de naissance, prénom(s) et date de naissance."
                ),
                wordWrap=True,
            )
        )
        form = QFormLayout()
        self.family_name = QLineEdit(objectName="patient-family-name")
        accessible(self.family_name, self.tr("Nom de naissance"))
        self.given_names = QLineEdit(objectName="patient-given-names")
        accessible(self.given_names, self.tr("Prénom(s)"))
        # A plain field, empty until typed: a date editor pre-filled a date, and typing into
        # it after a click or a Tab silently gave another one (a wrong patient).
        self.birth_date = QLineEdit(objectName="patient-birth-date")
        self.birth_date.setPlaceholderText(self.tr("jj/mm/aaaa"))
        self.birth_date.setMaxLength(14)
        accessible(
            self.birth_date,
            self.tr("Date de naissance"),
            self.tr("jour/mois/année, par exemple 02/07/1948"),
        )
        self.sex = QComboBox(objectName="patient-sex")
        for value, label in (
            ("", self.tr("Non précisé")),
            ("female", self.tr("Féminin")),
            ("male", self.tr("Masculin")),
        ):
            self.sex.addItem(label, value)
        accessible(self.sex, self.tr("Sexe"))
        self.ins = QLineEdit(objectName="patient-ins")
        accessible(
            self.ins,
            self.tr("Matricule INS (facultatif)"),
            self.tr("13 ou 15 chiffres, si l’identité nationale de santé est connue"),
        )
        self.birthplace = QLineEdit(objectName="patient-birthplace")
        self.birthplace.setMaxLength(6)
        accessible(
            self.birthplace,
            self.tr("Code INSEE du lieu de naissance (facultatif)"),
            self.tr("5 caractères, sur la carte Vitale ou l’attestation ; 99… pour l’étranger"),
        )
        # The station cannot qualify an INS (INSi needs a CPx card or the structure's
        # certificate); the structure's own software may have: the assistant says which.
        self.ins_qualified = QCheckBox(
            self.tr("INS qualifiée dans le logiciel de la structure (téléservice INSi)"),
            objectName="patient-ins-qualified",
        )
        accessible(
            self.ins_qualified,
            self.tr("INS qualifiée ailleurs"),
            self.tr(
                "Cochez seulement si le logiciel de la structure indique « INS qualifiée » "
                "(vérifiée par INSi, pièce d’identité vue)"
            ),
        )
        self.ins_source = QLineEdit(objectName="patient-ins-source")
        self.ins_source.setPlaceholderText(self.tr("nom du logiciel, par exemple le DPI"))
        self.ins_source.setEnabled(False)
        accessible(self.ins_source, self.tr("Logiciel qui a qualifié l’INS"))
        self.ins_qualified.toggled.connect(self.ins_source.setEnabled)
        self.regular_doctor = QLineEdit(objectName="patient-regular-doctor")
        self.regular_doctor.setPlaceholderText(self.tr("prenom.nom@medecin.mssante.fr"))
        accessible(
            self.regular_doctor,
            self.tr("Messagerie sécurisée du médecin traitant (facultatif)"),
            self.tr("son adresse MSSanté : le compte rendu lui sera envoyé"),
        )
        form.addRow(self.tr("&Nom de naissance"), self.family_name)
        form.addRow(self.tr("&Prénom(s)"), self.given_names)
        form.addRow(self.tr("&Date de naissance"), self.birth_date)
        form.addRow(self.tr("&Sexe"), self.sex)
        form.addRow(self.tr("&INS (facultatif)"), self.ins)
        form.addRow(self.tr("&Lieu de naissance, code INSEE (facultatif)"), self.birthplace)
        form.addRow("", self.ins_qualified)
        form.addRow(self.tr("INS qualifiée &dans"), self.ins_source)
        form.addRow(self.tr("&Médecin traitant (MSSanté, facultatif)"), self.regular_doctor)
        layout.addLayout(form)
        self.error = QLabel(objectName="error", wordWrap=True)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        back = QPushButton(self.tr("Retour"), objectName="patient-back")
        back.clicked.connect(self.cancelled)
        self.submit = QPushButton(self.tr("Identité vérifiée : commencer"), objectName="primary")
        self.submit.setDefault(True)
        self.submit.clicked.connect(self.confirm)
        buttons.addWidget(back)
        buttons.addStretch()
        buttons.addWidget(self.submit)
        layout.addLayout(buttons)
        layout.addStretch()
        self.text_fields = (
            self.family_name,
            self.given_names,
            self.birth_date,
            self.ins,
            self.birthplace,
            self.ins_source,
            self.regular_doctor,
        )
        for field in self.text_fields:
            field.returnPressed.connect(self.confirm)  # Enter in any field: as the button

    def clear(self) -> None:
        for field in self.text_fields:
            field.clear()
        self.sex.setCurrentIndex(0)
        self.ins_qualified.setChecked(False)
        self.error.clear()
        self.submit.setText(self.tr("Identité vérifiée : commencer"))
        self.family_name.setFocus()

    def correcting(self, identity: dict[str, object]) -> None:
        """The form filled with the identity as recorded, to correct it after closing."""
        self.clear()
        self.family_name.setText(str(identity.get("family_name", "")))
        self.given_names.setText(str(identity.get("given_names", "")))
        born = str(identity.get("birth_date", ""))
        if born:
            year, month, day = born.split("-")
            self.birth_date.setText(f"{day}/{month}/{year}")
        self.sex.setCurrentIndex(max(0, self.sex.findData(identity.get("sex", ""))))
        ins = identity.get("ins")
        if isinstance(ins, dict):
            self.ins.setText(str(ins.get("value", "")))
            if ins.get("status") == "qualified" and ins.get("qualified_by"):
                self.ins_qualified.setChecked(True)
                self.ins_source.setText(str(ins["qualified_by"]))
        self.birthplace.setText(str(identity.get("birthplace", "")))
        self.regular_doctor.setText(str(identity.get("regular_doctor_mssante", "")))
        self.submit.setText(self.tr("Enregistrer la correction"))

    def confirm(self) -> None:
        try:
            born = parse_birth_date(self.birth_date.text())
        except BirthDateError as err:
            self.error.setText(words(err.message))
            self.birth_date.setFocus()
            return
        qualified_by = self.ins_source.text().strip() if self.ins_qualified.isChecked() else ""
        if self.ins_qualified.isChecked() and not qualified_by:
            self.error.setText(
                self.tr("Indiquez dans quel logiciel l’INS a été qualifiée, ou décochez la case.")
            )
            self.ins_source.setFocus()
            return
        try:
            identity = check_identity(
                self.family_name.text(),
                self.given_names.text(),
                born,
                self.ins.text(),
                str(self.sex.currentData()),
                self.birthplace.text(),
                qualified_by=qualified_by,
                regular_doctor=self.regular_doctor.text(),
            )
        except SignInError as err:
            self.error.setText(words(err.message))
            return
        self.error.clear()
        self.identified.emit(identity)
