"""The window: one screen at a time (sign-in, home, patient, consultation, report)."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QStatusBar,
)

from station.consultation.errors import ConsultationError
from station.records.errors import RecordError
from station.ui.signin import SignInScreen
from station.ui.style import stylesheet
from station.ui.translate import words

if TYPE_CHECKING:  # loaded by attach(), after the window has shown
    from station.consultation.session import ConsultationSession
    from station.ui.consultation_screen import ConsultationScreen
    from station.workstation import Workstation

log = logging.getLogger("station.ui")


class MainWindow(QMainWindow):
    """Shown first with only the sign-in screen: the assistant can type while the record, the
    devices and the call start; :meth:`attach` then builds the other screens on them."""

    def __init__(self, workstation: Workstation | None = None) -> None:
        super().__init__()
        self._workstation: Workstation | None = None
        self.setWindowTitle(self.tr("Station — téléconsultation assistée"))
        self.resize(1280, 800)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.status = QStatusBar()
        self.message = QLabel(objectName="status-message")
        self.status.addWidget(self.message, 1)
        self.setStatusBar(self.status)
        self.tasks: set[asyncio.Future[object]] = set()
        self.large_type = False
        self.high_contrast = False
        self.checklist_id = "standard"
        self.correcting = ""  # the consultation whose identity the patient screen corrects
        self._close_confirmed = False
        self.close_question: QMessageBox | None = None
        self.consultation: ConsultationScreen | None = None
        self.memory_released: asyncio.Future[object] | None = None

        self.signin = SignInScreen()
        self.stack.addWidget(self.signin)
        self.signin.signed_in.connect(self.show_home)
        self._menus()
        self.stack.setCurrentWidget(self.signin)
        if workstation is not None:
            self.attach(workstation)

    @property
    def workstation(self) -> Workstation:
        assert self._workstation is not None, "the window is not attached to a workstation yet"
        return self._workstation

    @property
    def attached(self) -> bool:
        return self._workstation is not None

    def attach(self, workstation: Workstation) -> None:
        """The station is up: build the screens that work on it (their modules load now, after
        the window has shown) and let the assistant sign in."""
        from station.ui.home import HomeScreen
        from station.ui.patient import PatientScreen
        from station.ui.report_screen import ReportScreen
        from station.ui.setup_screen import SetupScreen

        self._workstation = workstation
        self.home = HomeScreen(workstation)
        self.patient = PatientScreen()
        self.report = ReportScreen()
        self.setup = SetupScreen()
        for screen in (self.home, self.patient, self.report, self.setup):
            self.stack.addWidget(screen)
        self.home.new_consultation.connect(self.new_consultation)
        self.home.resume.connect(self.resume)
        self.home.reopen.connect(self.reopen)
        self.home.sign_out.connect(self.sign_out)
        self.home.setup.connect(self.show_setup)
        self.setup.done.connect(self.show_home)
        self.patient.identified.connect(self.identified)
        self.patient.cancelled.connect(self.show_home)
        self.report.done.connect(self.report_done)
        self.report.correct.connect(self.correct_identity)
        self.signin.attach(workstation)

    def _menus(self) -> None:
        view = self.menuBar().addMenu(self.tr("&Affichage"))
        large = QAction(self.tr("Grands caractères"), self, checkable=True)
        large.setShortcut(QKeySequence("Ctrl++"))
        large.toggled.connect(self.set_large_type)
        contrast = QAction(self.tr("Contraste élevé"), self, checkable=True)
        contrast.setShortcut(QKeySequence("Ctrl+Shift+C"))
        contrast.toggled.connect(self.set_high_contrast)
        kiosk = QAction(self.tr("Plein écran (borne)"), self, checkable=True)
        kiosk.setShortcut(QKeySequence("F11"))
        kiosk.toggled.connect(self.set_kiosk)
        for action in (large, contrast, kiosk):
            view.addAction(action)
        self.large_action, self.contrast_action, self.kiosk_action = large, contrast, kiosk

    # ---- closing -----------------------------------------------------------------------------
    def consultation_under_way(self) -> bool:
        if self._workstation is None:
            return False
        session = self._workstation.session
        return (
            self.consultation is not None
            and self.stack.currentWidget() is self.consultation
            and session is not None
            and not session.consultation.closed
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing mid-consultation asks first (not modal: the call goes on meanwhile)."""
        if self._close_confirmed or not self.consultation_under_way():
            super().closeEvent(event)
            return
        event.ignore()
        ask = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Consultation en cours"),
            self.tr(
                "Une consultation est en cours. Fermer la fenêtre ? Tout ce qui a été saisi est "
                "gardé : la consultation pourra être reprise depuis l’accueil."
            ),
            parent=self,
        )
        ask.setObjectName("confirm-close")
        leave = ask.addButton(self.tr("Fermer la fenêtre"), QMessageBox.ButtonRole.AcceptRole)
        leave.setObjectName("confirm-close-yes")
        stay = ask.addButton(
            self.tr("Continuer la consultation"), QMessageBox.ButtonRole.RejectRole
        )
        stay.setObjectName("confirm-close-no")
        ask.setDefaultButton(stay)
        leave.clicked.connect(self._close_anyway)
        ask.open()
        self.close_question = ask

    def _close_anyway(self) -> None:
        self._close_confirmed = True
        QTimer.singleShot(0, self, self.close)  # after the question's own click is over

    # ---- looks -------------------------------------------------------------------------------
    def set_large_type(self, on: bool) -> None:
        self.large_type = on
        self._restyle()

    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast = on
        self._restyle()

    def _restyle(self) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.setStyleSheet(stylesheet(self.large_type, self.high_contrast))

    def set_kiosk(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    # ---- navigation --------------------------------------------------------------------------
    def say(self, text: str) -> None:
        self.message.setText(text)

    def spawn(self, coroutine: object) -> asyncio.Future[object]:
        task = asyncio.ensure_future(coroutine)  # type: ignore[arg-type]
        self.tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Future[object]) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            error = task.exception()
            log.error("task failed: %s", type(error).__name__)
            message = words(getattr(error, "message", ""))
            self.say(message or self.tr("Une erreur est survenue ; la consultation est conservée."))

    def show_home(self) -> None:
        self.home.refresh()
        self.stack.setCurrentWidget(self.home)

    def report_done(self) -> None:
        """Back home for the next patient; the report's pages and what the consultation left
        free go back to the system."""
        self.report.clear()
        self.show_home()
        self.memory_released = self.spawn(self.workstation.release_memory())

    def show_setup(self) -> None:
        self.setup.load()
        self.stack.setCurrentWidget(self.setup)

    def sign_out(self) -> None:
        self.workstation.assistant = None
        self.signin.name.clear()
        self.signin.rpps.clear()
        self.stack.setCurrentWidget(self.signin)

    def new_consultation(self, checklist_id: str) -> None:
        self.checklist_id = checklist_id
        self.correcting = ""
        self.patient.clear()
        self.stack.setCurrentWidget(self.patient)

    def identified(self, identity: dict[str, object]) -> None:
        if self.correcting:
            self.say(self.tr("Correction du compte rendu…"))
            self.spawn(self._corrected(self.correcting, identity))
        else:
            self.start(identity)

    def correct_identity(self, consultation_id: str) -> None:
        """The identity form, filled with the recorded identity, to correct it."""
        self.correcting = consultation_id
        self.patient.correcting(self.workstation.identity_of(consultation_id))
        self.stack.setCurrentWidget(self.patient)

    async def _corrected(self, consultation_id: str, identity: dict[str, object]) -> None:
        self.correcting = ""
        try:
            pdf = await self.workstation.correct_identity(consultation_id, identity)
        except RecordError as err:  # the record refused it (full disk, erased consultation)
            self.say(words(err.message))
            self.show_home()
            return
        message = self.tr(
            "Compte rendu corrigé (version {n}) : il remplace le précédent partout où il a "
            "été envoyé."
        ).format(n=self.workstation.last_cda_version)
        self.report.show_report(
            pdf, message + self._sending_words(consultation_id), consultation_id
        )
        self.say("")
        self.stack.setCurrentWidget(self.report)

    def start(self, identity: dict[str, object]) -> None:
        try:
            session = self.workstation.start(self.checklist_id, identity)
        except (ConsultationError, RecordError) as err:
            self.say(words(err.message))
            return
        self._show_consultation(session)

    def resume(self, consultation_id: str) -> None:
        try:
            session = self.workstation.resume(consultation_id)
        except (ConsultationError, RecordError) as err:
            self.say(words(err.message))
            return
        self.say(self.tr("Consultation reprise là où elle s’était arrêtée."))
        self._show_consultation(session)

    def interrupt(self) -> None:
        """Back to the home screen; the consultation stays open in the record, to resume."""
        self.say(
            self.tr("Consultation interrompue : reprenez-la ou abandonnez-la depuis l’accueil.")
        )
        self.spawn(self._interrupt())

    async def _interrupt(self) -> None:
        await self.workstation.end_call()
        self.workstation.session = None
        self.show_home()
        self._drop_consultation_screen()

    def reopen(self, consultation_id: str) -> None:
        self.say(self.tr("Préparation du compte rendu…"))
        self.spawn(self._reopen(consultation_id))

    async def _reopen(self, consultation_id: str) -> None:
        pdf = await self.workstation.report_pdf(consultation_id)
        self.report.show_report(
            pdf, self.tr("Compte rendu d’une consultation terminée."), consultation_id
        )
        self.say("")
        self.stack.setCurrentWidget(self.report)

    def _sending_words(self, consultation_id: str) -> str:
        """Where the report goes, destination by destination, in the assistant's words."""
        from station.records.read_model import DESTINATION_WORDS
        from station.workstation import TRANSMISSION_WORDS

        items = [
            i for i, _ in self.workstation.transmissions() if i.consultation == consultation_id
        ]
        said = ""
        for item in reversed(items):  # the health server first, then the mailboxes
            said += "\n" + self.tr("Envoi, {where} : {state}.").format(
                where=words(DESTINATION_WORDS[item.destination]),
                state=words(TRANSMISSION_WORDS[item.state]),
            )
        if not items:
            said += " " + self.tr("Il attend sur ce poste : aucun envoi n’est réglé.")
        if self.workstation.last_regular_doctor_not_sent:
            said += "\n" + self.tr(
                "La messagerie sécurisée (MSSanté) n’est pas réglée sur ce poste : le compte "
                "rendu n’est pas envoyé au médecin traitant ; remettez-lui le PDF imprimé."
            )
        return said

    def _drop_consultation_screen(self) -> None:
        """The screen stops listening before Qt deletes it (later, outside any handler)."""
        screen, self.consultation = self.consultation, None
        if screen is not None:
            screen.detach()
            self.stack.removeWidget(screen)
            screen.deleteLater()

    def _show_consultation(self, session: ConsultationSession) -> None:
        from station.ui.consultation_screen import ConsultationScreen

        self._drop_consultation_screen()
        self.consultation = ConsultationScreen(session)
        self.consultation.finish_requested.connect(self.finish)
        self.consultation.failed.connect(self.say)
        self.consultation.interrupt_requested.connect(self.interrupt)
        self.stack.addWidget(self.consultation)
        self.stack.setCurrentWidget(self.consultation)
        if self.workstation.calls is not None:  # a station without a call service: no room
            self.spawn(self._connect_call())

    async def _connect_call(self) -> None:
        call = await self.workstation.ensure_call()
        if call is not None and self.consultation is not None:
            panel = self.consultation.call
            panel.set_link(call.doctor_link)
            panel.refresh()
            panel.doctor_chosen.connect(self.workstation.call_doctor)
            directory = await self.workstation.directory()
            if self.consultation is not None and self.consultation.call is panel:
                panel.set_directory(directory)

    def finish(self) -> None:
        if self.workstation.session is None:
            return
        self.say(self.tr("Rédaction du compte rendu…"))
        self.spawn(self._finish(self.workstation.session))

    async def _finish(self, session: ConsultationSession) -> None:
        pdf = await self.workstation.finish(session)
        await self.workstation.end_call()
        message = self.tr("Compte rendu enregistré.")
        message += self._sending_words(session.consultation.id)
        billed = [a for a in self.workstation.last_acts if a.prescriber_rpps]
        for act in billed:  # the assistant's own act, with what the billing needs
            message += "\n" + self.tr(
                "Acte à facturer : {code} ({words}), prescrit par {doctor} (RPPS {rpps})."
            ).format(
                code=act.code,
                words=words(act.words),
                doctor=act.prescriber,
                rpps=act.prescriber_rpps,
            )
        if self.workstation.last_cda_with_ins is False:
            message += "\n" + self.tr(
                "Sans INS qualifiée : le compte rendu ne part pas vers l’espace santé du "
                "patient (DMP) ; il peut être adressé à son médecin traitant."
            )
        self.report.show_report(pdf, message, session.consultation.id)
        self.say("")
        self.stack.setCurrentWidget(self.report)
        self._drop_consultation_screen()
