"""The setup screen's enrollment: the service's address and the operator's one-time code, turned
into this station's credential (kept in the keyring, never shown), as ``station enroll`` does."""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QWidget

from station.ui.translate import words
from station.ui.widgets import accessible

log = logging.getLogger("station.ui")


class EnrollmentBox(QGroupBox):
    enrolled = Signal(str)  # the service's address, once the credential is in the keyring

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Inscription au service de téléconsultation"), parent)
        form = QFormLayout(self)
        form.addRow(
            QLabel(
                self.tr(
                    "L’exploitant du parc vous donne l’adresse du service et un code à usage "
                    "unique. Le poste en fait son propre identifiant, gardé dans le trousseau."
                ),
                wordWrap=True,
            )
        )
        self.url = QLineEdit(objectName="enroll-url")
        self.url.setPlaceholderText("https://…")
        accessible(self.url, self.tr("Adresse du service"))
        self.code = QLineEdit(objectName="enroll-code")
        self.code.setPlaceholderText("ABCD-EFGH-JKMN")
        accessible(
            self.code, self.tr("Code d’inscription"), self.tr("12 caractères, à usage unique")
        )
        form.addRow(self.tr("Adresse du service"), self.url)
        form.addRow(self.tr("Code d’inscription"), self.code)
        self.submit = QPushButton(self.tr("Inscrire le poste"), objectName="enroll-submit")
        self.submit.clicked.connect(self.enroll)
        self.code.returnPressed.connect(self.enroll)
        form.addRow("", self.submit)
        self.state = QLabel(objectName="enroll-state", wordWrap=True)
        form.addRow(self.state)
        self.task: asyncio.Future[None] | None = None

    def load(self) -> None:
        from station.config import ConfigError, service_url

        try:
            url = service_url()
        except ConfigError as err:
            self.state.setText(str(err))
            return
        if url:
            self.url.setText(url)
            self.state.setText(self.tr("Poste inscrit au service : ") + url)

    def enroll(self) -> None:
        if self.task is not None and not self.task.done():
            return
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url or not code:
            self.state.setText(self.tr("Indiquez l’adresse du service et le code d’inscription."))
            return
        self.submit.setEnabled(False)
        self.state.setText(self.tr("Inscription en cours…"))
        self.task = asyncio.ensure_future(self._enroll(url, code))

    async def _enroll(self, url: str, code: str) -> None:
        from station.call.service_client import CREDENTIAL_NAME, ServiceError, enroll
        from station.config import ConfigError, save_service
        from station.credentials import CredentialsUnavailable, set_secret

        try:
            done = await enroll(url, code)
            set_secret(CREDENTIAL_NAME, done.credential)
            save_service(url.rstrip("/"), done.station)
        except (ServiceError, CredentialsUnavailable) as err:
            self.state.setText(words(err.message))
            return
        except (ConfigError, OSError) as err:
            self.state.setText(str(err))
            return
        finally:
            self.submit.setEnabled(True)
        self.code.clear()
        self.state.setText(
            self.tr("Poste inscrit : {name} ({organisation}). Les appels vidéo sont prêts.").format(
                name=done.name, organisation=done.organisation
            )
        )
        log.info("station enrolled")
        self.enrolled.emit(url.rstrip("/"))
