"""The consultation: checklist on the left, the call in the middle, live vitals on the right."""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from drivers.base import DeviceKind
from station.consultation.session import ConsultationSession
from station.ui.auscultation_dialog import AuscultationDialog
from station.ui.call_panel import CallPanel
from station.ui.checklist_panel import ChecklistPanel
from station.ui.manual_entry import ManualEntryDialog
from station.ui.translate import words
from station.ui.vitals_panel import VitalsPanel
from station.ui.widgets import accessible

log = logging.getLogger("station.ui")


class ConsultationScreen(QWidget):
    finish_requested = Signal()
    interrupt_requested = Signal()
    # Something the screen started failed: plain words for the status line (never swallowed).
    failed = Signal(str)

    def __init__(self, session: ConsultationSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tasks: set[asyncio.Future[object]] = set()
        layout = QVBoxLayout(self)
        patient = session.consultation.run.answers.get("identity_checked") or next(
            (
                v
                for k, v in session.consultation.run.answers.items()
                if isinstance(v, dict) and "family_name" in v
            ),
            {},
        )
        header = QHBoxLayout()
        self.patient = QLabel(
            self.tr("Patient : {name}, né(e) le {birth}").format(
                name=f"{str(patient.get('family_name', '')).upper()} "
                f"{patient.get('given_names', '')}",
                birth=_french_date(str(patient.get("birth_date", ""))),
            ),
            objectName="heading2",
        )
        header.addWidget(self.patient, 1)
        # Always a way back home (a device that never answers, a patient who leaves): the
        # consultation stays in the record and is offered for resuming, or giving up.
        self.interrupt = QPushButton(
            self.tr("Interrompre (reprendre plus tard)"), objectName="interrupt"
        )
        accessible(
            self.interrupt,
            self.tr(
                "Interrompre la consultation et revenir à l’accueil ; elle pourra être reprise"
            ),
        )
        self.interrupt.clicked.connect(self.interrupt_requested)
        header.addWidget(self.interrupt)
        layout.addLayout(header)
        splitter = QSplitter()
        self.checklist = ChecklistPanel(session)
        self.call = CallPanel(session)
        self.vitals = VitalsPanel(session)
        for panel, stretch in ((self.checklist, 4), (self.call, 4), (self.vitals, 2)):
            splitter.addWidget(panel)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
        # The checklist is what the assistant works in: it gets the widest column.
        splitter.setSizes([500, 480, 300])
        layout.addWidget(splitter, 1)
        self.checklist.measure_requested.connect(self.take_measurement)
        self.vitals.measure_requested.connect(self.take_measurement)
        self.checklist.still_requested.connect(self.take_still)
        self.checklist.auscultation_requested.connect(self.auscultate)
        self.auscultation_dialog: AuscultationDialog | None = None
        self.checklist.manual_requested.connect(self.enter_by_hand)
        self.manual_dialog: ManualEntryDialog | None = None
        self.checklist.finish_requested.connect(self.finish_requested)

    def detach(self) -> None:
        """Taken down: stop hearing the session and the devices, stop what was started."""
        for panel in (self.checklist, self.call, self.vitals):
            panel.detach()
        for task in list(self.tasks):
            task.cancel()
        if self.manual_dialog is not None:
            self.manual_dialog.close()
        if self.auscultation_dialog is not None:
            self.auscultation_dialog.close()

    def _spawn(self, coroutine: object) -> asyncio.Future[object]:
        task = asyncio.ensure_future(coroutine)  # type: ignore[arg-type]
        self.tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Future[object]) -> None:
        self.tasks.discard(task)
        if task.cancelled() or task.exception() is None:
            return
        error = task.exception()
        log.error("consultation task failed", exc_info=error)
        message = words(getattr(error, "message", "") or "")
        self.failed.emit(
            message
            or self.tr(
                "Une opération a échoué ; tout ce qui a été saisi est conservé. "
                "Réessayez, ou saisissez la valeur à la main."
            )
        )

    def take_measurement(self, kind: str) -> asyncio.Future[object]:
        return self._spawn(self.session.take_measurement(DeviceKind(kind)))

    def enter_by_hand(self, kind: str) -> ManualEntryDialog:
        # open(), not exec(): a nested Qt loop would stall asyncio (the call, the devices).
        dialog = ManualEntryDialog(DeviceKind(kind), self)
        dialog.entered.connect(lambda m: self.session.record_measurement(m, manual=True))
        dialog.open()
        self.manual_dialog = dialog
        return dialog

    def auscultate(self, step_id: str) -> AuscultationDialog:
        # open(), not exec(): the clip is recorded on the asyncio loop behind it.
        if self.auscultation_dialog is not None:
            self.auscultation_dialog.close()
        dialog = AuscultationDialog(self.session, step_id, self)
        dialog.open()
        self.auscultation_dialog = dialog
        return dialog

    def take_still(self, step_id: str) -> asyncio.Future[object]:
        return self._spawn(self.session.capture_still(step_id))


def _french_date(iso: str) -> str:
    parts = iso.split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else iso
