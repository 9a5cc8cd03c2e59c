"""The guided auscultation: where to put the chest piece, site by site, on a body pictogram.

The assistant reads where the point is (drawn on the body, numbered, and said in words), puts
the chest piece there and confirms; the clip is recorded (the bar shows its progress) and kept
in the record as it comes. A silent, saturated or cut clip is said with what to do, and the same
point is offered again; a usable one moves on to the next. The dialog can be closed at any time:
what was recorded stays, and the remaining points are offered when it is opened again.
"""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.consultation.auscultation import (
    GAIN_RANGE_DB,
    ClipOutcome,
    gain_db,
    sites_left,
    step_gain,
)
from station.consultation.session import ConsultationSession
from station.records.auscultation_sites import REGIONS, Site
from station.ui.listening import Listening
from station.ui.translate import words
from station.ui.widgets import accessible

log = logging.getLogger("station.ui")

# Where each site sits on the pictogram, as fractions of the torso's width and height (the
# patient faces the assistant: the patient's right is on the left of the front view).
PLACES = {
    "aortic": (0.43, 0.28),
    "pulmonary": (0.57, 0.28),
    "tricuspid": (0.55, 0.50),
    "mitral": (0.66, 0.56),
    "lung-front-upper-right": (0.32, 0.22),
    "lung-front-upper-left": (0.68, 0.22),
    "lung-front-lower-right": (0.27, 0.58),
    "lung-front-lower-left": (0.73, 0.58),
    # From behind: the patient's right is on the right of the back view.
    "lung-back-upper-right": (0.56, 0.28),
    "lung-back-upper-left": (0.44, 0.28),
    "lung-back-lower-right": (0.68, 0.62),
    "lung-back-lower-left": (0.32, 0.62),
}
DONE, CURRENT, LATER = QColor("#1b6e20"), QColor("#b00020"), QColor("#555555")


class BodyMap(QWidget):
    """A torso, front or back, with the region's points numbered; the current one stands out
    (red, larger), those done are green and ticked. Shape and number say it, not colour alone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(260, 320)
        self.sites: list[Site] = []
        self.face = "front"
        self.done: set[str] = set()
        self.current: str | None = None

    def show_sites(self, sites: list[Site], done: set[str], current: str | None) -> None:
        self.sites, self.done, self.current = sites, done, current
        faces = {s.face for s in sites if s.code == current} or {s.face for s in sites}
        self.face = "back" if faces == {"back"} else "front"
        self.update()

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        torso = QRectF(w * 0.15, h * 0.08, w * 0.70, h * 0.84)
        body = QPainterPath()
        body.addEllipse(QRectF(w * 0.40, 0, w * 0.20, h * 0.10))  # the head
        body.addRoundedRect(torso, w * 0.12, w * 0.12)
        painter.setPen(QPen(QColor("#222222"), 2))
        painter.setBrush(QBrush(QColor("#f3e6da")))
        painter.drawPath(body)
        self._landmarks(painter, torso)
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QPen(QColor("#222222")))
        painter.drawText(
            QRectF(0, h - 22, w, 22),
            Qt.AlignmentFlag.AlignCenter,
            self.tr("Vue de face") if self.face == "front" else self.tr("Vue de dos"),
        )
        # Which side is the patient's: facing the assistant, their right is on the left.
        right, left = self.tr("droite du patient"), self.tr("gauche du patient")
        sides = (right, left) if self.face == "front" else (left, right)
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.8))
        painter.setFont(small)
        painter.drawText(QRectF(0, 0, w * 0.38, 18), Qt.AlignmentFlag.AlignLeft, sides[0])
        painter.drawText(QRectF(w * 0.62, 0, w * 0.38, 18), Qt.AlignmentFlag.AlignRight, sides[1])
        painter.setFont(font)
        for number, site in enumerate(self.sites, start=1):
            if site.face != self.face or site.code not in PLACES:
                continue
            fx, fy = PLACES[site.code]
            centre = QPointF(torso.left() + fx * torso.width(), torso.top() + fy * torso.height())
            current = site.code == self.current
            radius = 17 if current else 12
            colour = CURRENT if current else DONE if site.code in self.done else LATER
            painter.setPen(QPen(colour, 4 if current else 2))
            painter.setBrush(QBrush(colour if current else QColor("white")))
            painter.drawEllipse(centre, radius, radius)
            painter.setPen(QPen(QColor("white") if current else colour))
            mark = "✓" if site.code in self.done else str(number)
            painter.drawText(
                QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius),
                Qt.AlignmentFlag.AlignCenter,
                mark,
            )
        painter.end()

    def _landmarks(self, painter: QPainter, torso: QRectF) -> None:
        """What the assistant finds by touch: sternum and collarbones in front; spine and
        shoulder blades from behind."""

        def at(fx: float, fy: float) -> QPointF:
            return QPointF(torso.left() + fx * torso.width(), torso.top() + fy * torso.height())

        painter.setPen(QPen(QColor("#8a7565"), 2, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.face == "front":
            painter.drawLine(at(0.5, 0.12), at(0.5, 0.52))  # sternum
            painter.drawLine(at(0.47, 0.11), at(0.18, 0.07))  # collarbones
            painter.drawLine(at(0.53, 0.11), at(0.82, 0.07))
        else:
            painter.drawLine(at(0.5, 0.0), at(0.5, 1.0))  # spine
            for fx in (0.28, 0.72):  # shoulder blades
                painter.drawEllipse(QRectF(at(fx - 0.09, 0.12), at(fx + 0.09, 0.45)))


class AuscultationDialog(QDialog):
    def __init__(
        self, session: ConsultationSession, step_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.step_id = step_id
        self.setObjectName("auscultation")
        step = session.consultation.run.step(step_id)
        self.region = REGIONS.get(step.region or "", ())
        self.setWindowTitle(
            self.tr("Auscultation du cœur")
            if step.region == "heart"
            else self.tr("Auscultation des poumons")
        )
        self.task: asyncio.Future[ClipOutcome] | None = None
        layout = QHBoxLayout(self)
        self.body = BodyMap()
        accessible(self.body, self.tr("Schéma du corps avec les points d’auscultation"))
        layout.addWidget(self.body, 1)
        column = QVBoxLayout()
        self.where = QLabel(objectName="heading2", wordWrap=True)
        self.how = QLabel(wordWrap=True)
        self.record = QPushButton(objectName="auscultation-record")
        self.record.clicked.connect(self.start)
        self.progress = QProgressBar(objectName="auscultation-progress")
        self.progress.setRange(0, 100)
        accessible(self.progress, self.tr("Enregistrement en cours"))
        self.outcome = QLabel(objectName="auscultation-outcome", wordWrap=True)
        self.outcome.setAccessibleName(self.tr("Résultat de l’enregistrement"))
        close = QPushButton(
            self.tr("Fermer (reprendre plus tard)"), objectName="auscultation-close"
        )
        close.clicked.connect(self.close)
        # The volume: the assistant lowers it when the sound saturates, raises it on a quiet
        # chest; the doctor's live line follows.
        volume = QHBoxLayout()
        self.quieter = QPushButton(self.tr("− Moins fort"), objectName="auscultation-quieter")
        self.gain = QLabel(objectName="auscultation-gain")
        self.louder = QPushButton(self.tr("+ Plus fort"), objectName="auscultation-louder")
        self.quieter.clicked.connect(lambda: self._change_gain(-1))
        self.louder.clicked.connect(lambda: self._change_gain(1))
        for widget in (self.quieter, self.gain, self.louder):
            volume.addWidget(widget)
        volume.addStretch()
        for widget in (self.where, self.how, self.record, self.progress, self.outcome):
            column.addWidget(widget)
        column.addLayout(volume)
        column.addStretch()
        column.addWidget(close)
        layout.addLayout(column, 1)
        self.listening = Listening(self)
        self.listening.to(session.auscultation_progress, self._progressed)
        self._show_gain()
        self.refresh()

    def _change_gain(self, steps: int) -> None:
        if self.session.stethoscope is not None:
            step_gain(self.session.stethoscope, steps)
        self._show_gain()

    def _show_gain(self) -> None:
        stethoscope = self.session.stethoscope
        db = gain_db(stethoscope) if stethoscope is not None else 0
        self.gain.setText(
            self.tr("Volume du stéthoscope : {db} dB").format(db=f"{db:+d}".replace("-", "−"))
        )
        low, high = GAIN_RANGE_DB
        self.quieter.setEnabled(stethoscope is not None and db > low)
        self.louder.setEnabled(stethoscope is not None and db < high)

    def _left(self) -> list[Site]:
        return sites_left(self.session.consultation, self.step_id)

    def refresh(self) -> None:
        left = self._left()
        done = set(self.session.consultation.auscultated.get(self.step_id, {}))
        current = left[0] if left else None
        self.body.show_sites(list(self.region), done, current.code if current else None)
        if current is None:
            self.where.setText(self.tr("Auscultation terminée"))
            self.how.setText(
                self.tr("Le médecin a les {count} enregistrements.").format(count=len(done))
            )
            self.record.hide()
            return
        number = [s.code for s in self.region].index(current.code) + 1
        self.where.setText(
            self.tr("Point {number} sur {total} : {site}").format(
                number=number, total=len(self.region), site=words(current.label)
            )
        )
        self.how.setText(
            words(current.where)
            + "\n"
            + self.tr(
                "Posez la membrane sur la peau, sans bouger ; le patient respire normalement."
            )
        )
        self.record.setText(
            self.tr("Membrane posée : enregistrer ({seconds} s)").format(
                seconds=round(self.session.clip_seconds)
            )
        )
        self.record.show()

    def start(self) -> None:
        left = self._left()
        if not left or self.task is not None:
            return
        self.record.setEnabled(False)
        self.quieter.setEnabled(False)  # one gain for the whole clip
        self.louder.setEnabled(False)
        self.progress.setValue(0)
        self.outcome.setText(self.tr("Enregistrement… gardez la membrane en place."))
        self.task = asyncio.ensure_future(self.session.auscultate(self.step_id, left[0].code))
        self.task.add_done_callback(self._finished)

    def _progressed(self, fraction: float) -> None:
        self.progress.setValue(round(fraction * 100))

    def _finished(self, task: asyncio.Future[ClipOutcome]) -> None:
        self.task = None
        self.record.setEnabled(True)
        self._show_gain()
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            log.error("auscultation failed", exc_info=error)
            self.outcome.setText(
                words(getattr(error, "message", "")) or self.tr("L’enregistrement a échoué.")
            )
            return
        outcome = task.result()
        label = words(REGIONS_BY_CODE.get(outcome.site, outcome.site))
        if outcome.usable:
            self.outcome.setText(
                self.tr("{site} : enregistrement gardé ({seconds} s).").format(
                    site=label, seconds=round(outcome.seconds)
                )
            )
        else:
            self.outcome.setText(
                words(outcome.words)
                + "\n"
                + self.tr("Ce qui a été capté est gardé ; recommencez ce point.")
            )
        self.refresh()

    def closeEvent(self, event: object) -> None:
        self.listening.stop()
        if self.task is not None:
            self.task.cancel()  # what came is already in the record, a second at a time
        super().closeEvent(event)  # type: ignore[arg-type]


REGIONS_BY_CODE = {site.code: site.label for sites in REGIONS.values() for site in sites}
