"""The call: the doctor's video large, the self view, the otoscope, the link and its QR code."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from drivers.base import DeviceKind
from station.call.audio import SPEAKING_DB
from station.call.call_state import CallState
from station.call.quality import CallQuality
from station.consultation.session import REQUEST_WORDS, ConsultationSession
from station.devices.wording import KIND_NAMES
from station.ui.decisions_panel import DecisionsPanel
from station.ui.listening import Listening
from station.ui.translate import decimal_mark, words
from station.ui.widgets import VideoView, accessible, qr_pixmap


class CallPanel(QWidget):
    # The assistant calls one doctor of the directory by name (RPPS; "" for any doctor).
    doctor_chosen = Signal(str)

    def __init__(self, session: ConsultationSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        self.state = QLabel(objectName="call-state", wordWrap=True)
        layout.addWidget(self.state)
        self.quality = QLabel(objectName="call-quality", wordWrap=True)
        layout.addWidget(self.quality)
        self.sound = QLabel(objectName="call-sound", wordWrap=True)
        layout.addWidget(self.sound)
        self._sound_timer = QTimer(self)
        self._sound_timer.timeout.connect(self.refresh_sound)
        self._sound_timer.start(250)
        self.request = QLabel(objectName="doctor-request", wordWrap=True)
        layout.addWidget(self.request)
        # What the station sent the doctor, and whether it arrived (acknowledged by the page).
        self.delivery = QLabel(objectName="doctor-delivery", wordWrap=True)
        accessible(self.delivery, self.tr("Ce que le médecin a reçu"))
        layout.addWidget(self.delivery)
        self.doctor_view = VideoView(
            self._doctor_frame,
            self.tr("En attente de l’image du médecin…"),
            self.tr("Vidéo du médecin"),
        )
        layout.addWidget(self.doctor_view, 3)
        small = QGridLayout()
        self.self_view = VideoView(
            self._self_frame, self.tr("Caméra du poste"), self.tr("Votre image, vue par le médecin")
        )
        self.otoscope_view = VideoView(
            self._otoscope_frame, self.tr("Otoscope"), self.tr("Image de l’otoscope")
        )
        small.addWidget(self.self_view, 0, 0)
        small.addWidget(self.otoscope_view, 0, 1)
        layout.addLayout(small, 1)

        self.notes = QLabel(objectName="doctor-notes", wordWrap=True)
        accessible(self.notes, self.tr("Ce que le médecin a écrit"))
        layout.addWidget(self.notes)
        self.decisions = DecisionsPanel(session)
        layout.addWidget(self.decisions)
        # The invitation (link and QR code) folds away once the doctor is there.
        self.invite = QWidget(objectName="doctor-invite")
        invite = QVBoxLayout(self.invite)
        invite.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.invite)
        link_row = QHBoxLayout()
        self.link = QLineEdit(objectName="doctor-link", readOnly=True)
        accessible(self.link, self.tr("Lien à transmettre au médecin"))
        copy = QPushButton(self.tr("Copier le lien"), objectName="copy-link")
        copy.clicked.connect(self.copy_link)
        link_row.addWidget(QLabel(self.tr("Lien médecin :")))
        link_row.addWidget(self.link, 1)
        link_row.addWidget(copy)
        invite.addLayout(link_row)
        doctor_row = QHBoxLayout()
        doctor_row.addWidget(QLabel(self.tr("Médecin appelé :")))
        self.named_doctor = QComboBox(objectName="named-doctor")
        self.named_doctor.addItem(self.tr("Tout médecin de l’organisation"), "")
        accessible(self.named_doctor, self.tr("Appeler un médecin précis de l’annuaire"))
        self.named_doctor.activated.connect(
            lambda index: self.doctor_chosen.emit(str(self.named_doctor.itemData(index) or ""))
        )
        doctor_row.addWidget(self.named_doctor, 1)
        invite.addLayout(doctor_row)
        self.qr = QLabel(objectName="doctor-qr")
        accessible(self.qr, self.tr("QR code du lien médecin"))
        invite.addWidget(self.qr)
        self.listening = Listening(self)
        for signal in (
            session.call_changed,
            session.request_received,
            session.checklist_changed,
            session.doctor_changed,
            session.waiting_changed,
        ):
            self.listening.to(signal, lambda _: self.refresh())
        self._wait_timer = QTimer(self)  # "waiting N min" moves on by itself
        self._wait_timer.timeout.connect(self.refresh)
        self._wait_timer.start(30_000)
        self.listening.to(session.quality_changed, self._show_quality)
        self.listening.to(session.note_received, lambda _: self.show_notes())
        self.listening.to(session.measurement_changed, lambda _: self.show_delivery())
        self.listening.to(session.still_changed, lambda _: self.show_delivery())
        self.refresh()

    def detach(self) -> None:
        self.listening.stop()
        self.decisions.detach()
        self._sound_timer.stop()
        self._wait_timer.stop()

    def _doctor_frame(self):  # type: ignore[no-untyped-def]
        view = self.session.call_view()
        return view.doctor_frame if view is not None else None

    def _self_frame(self):  # type: ignore[no-untyped-def]
        view = self.session.call_view()
        return view.self_preview if view is not None else None

    def _otoscope_frame(self):  # type: ignore[no-untyped-def]
        # Live while the call sends it, else the last still taken.
        view = self.session.call_view()
        live = view.otoscope_preview if view is not None else None
        return live or self.session.otoscope_frame

    def set_link(self, link: str) -> None:
        self.link.setText(link)
        self.qr.setPixmap(qr_pixmap(link, 3))

    def set_directory(self, doctors: list[tuple[str, str]]) -> None:
        """The organisation's doctors, to call the patient's own regular doctor by name."""
        for rpps, name in doctors:
            if self.named_doctor.findData(rpps) < 0:
                self.named_doctor.addItem(name, rpps)

    def copy_link(self) -> None:
        QGuiApplication.clipboard().setText(self.link.text())

    def _show_quality(self, _: object) -> None:
        view = self.session.call_view()
        quality = view.quality if view is not None else None
        self.quality.setText(self.describe_quality(quality) if quality else "")

    def describe_quality(self, quality: CallQuality) -> str:
        levels = {
            "good": self.tr("bonne"),
            "fair": self.tr("moyenne"),
            "poor": self.tr("faible"),
            "unknown": self.tr("inconnue"),
        }
        mark = decimal_mark()
        parts = []
        if quality.rtt_ms is not None:
            parts.append(self.tr("aller-retour {ms} ms").format(ms=f"{quality.rtt_ms:.0f}"))
        if quality.loss_percent is not None:
            loss = f"{quality.loss_percent:.1f}".replace(".", mark)
            parts.append(self.tr("pertes {percent} %").format(percent=loss))
        if quality.bitrate_kbps is not None:
            parts.append(f"{quality.bitrate_kbps:.0f} kbit/s")
        if quality.fps is not None:
            parts.append(self.tr("{fps} images/s").format(fps=f"{quality.fps:.0f}"))
        text = self.tr("Qualité de l’appel : {level}").format(level=levels[quality.level])
        text += f" ({', '.join(parts)})" if parts else ""
        if quality.audio_only:
            text += "\n" + self.tr(
                "⚠ Réseau trop faible pour la vidéo : elle est suspendue, le son et les mesures "
                "passent toujours. Elle reviendra d’elle-même."
            )
        return text

    def refresh_sound(self) -> None:
        view = self.session.call_view()
        if view is None or not self.session.call_connected:
            self.sound.clear()
            return
        lines = []
        if not view.has_camera:
            lines.append(
                self.tr(
                    "⚠ Pas de caméra sur ce poste : le médecin vous entend mais ne voit pas la "
                    "pièce (l’otoscope, s’il est branché, passe toujours)."
                )
            )
        if not view.has_microphone:
            lines.append(self.tr("⚠ Micro du poste indisponible : le médecin ne vous entend pas."))
        if not view.has_speaker:
            lines.append(
                self.tr("⚠ Haut-parleur du poste indisponible : vous n’entendez pas le médecin.")
            )
        if view.doctor_level_db > SPEAKING_DB:
            lines.append(self.tr("🔊 Le médecin parle"))
        elif not lines:
            lines.append(self.tr("Son : micro et haut-parleur du poste actifs"))
        self.sound.setText("\n".join(lines))

    def refresh(self) -> None:
        if self.session.call_ended:
            self.state.setText(words(self.session.call_ended))
        elif self.session.call_state == CallState.INTERRUPTED:
            self.state.setText(
                self.tr("◐ Liaison avec le médecin interrompue : reprise en cours…")
            )
        elif self.session.call_state == CallState.CONNECTING:
            self.state.setText(self.tr("◔ Le médecin arrive : connexion en cours…"))
        elif self.session.call_connected:
            doctor = self.session.consultation.doctor
            if doctor is not None and doctor.rpps:
                how = (
                    self.tr("identité vérifiée")
                    if doctor.identity == "verified"
                    else self.tr("identité déclarée")
                )
                self.state.setText(
                    self.tr("● {doctor} a rejoint la consultation ({how})").format(
                        doctor=doctor.name, how=how
                    )
                )
            else:
                self.state.setText(self.tr("● Médecin connecté"))
        elif self.session.peer is not None and self.session.waiting_since is not None:
            minutes = self.session.waiting_minutes()
            self.state.setText(
                self.tr("◌ En attente d’un médecin depuis {minutes} min (salle d’attente)").format(
                    minutes=minutes
                )
            )
        elif self.session.peer is not None:
            self.state.setText(self.tr("◌ En attente du médecin (transmettez-lui le lien)"))
        else:
            self.state.setText(self.tr("Appel non démarré"))
        # The link and QR code come back only once the doctor has really gone.
        self.invite.setVisible(
            self.session.call_state in (CallState.NOT_STARTED, CallState.WAITING)
            or bool(self.session.call_ended)
        )
        open_requests = self.session.open_requests()
        if open_requests:
            latest = self.session.consultation.requests.get(
                open_requests[-1].id.removeprefix("request_"), {}
            )
            text = words(REQUEST_WORDS.get(str(latest.get("action")), "Demande du médecin"))
            device = open_requests[-1].device
            if device in {str(kind) for kind in KIND_NAMES}:
                text += " : " + words(KIND_NAMES[DeviceKind(device)])
            self.request.setText(f"➜ {text}")
        else:
            self.request.clear()
        self.show_notes()
        self.show_delivery()

    def show_delivery(self) -> None:
        """Says « ✓ Le médecin a reçu : 2 mesures, 1 photo » and what is still on its way."""
        names = {
            "measurement": (self.tr("mesure"), self.tr("mesures")),
            "still": (self.tr("photo"), self.tr("photos")),
            "reply": (self.tr("réponse à ses demandes"), self.tr("réponses à ses demandes")),
        }

        def said(counts: list[tuple[str, int]]) -> str:
            return ", ".join(f"{n} {names[k][n > 1]}" for k, n in counts if n)

        tally = self.session.outbox.tally()
        has = said([(k, tally[k][0]) for k in names if k in tally])
        waiting = said([(k, tally[k][1]) for k in names if k in tally])
        lines = []
        if has:
            lines.append(self.tr("✓ Le médecin a reçu : {items}").format(items=has))
        if waiting:
            lines.append(self.tr("↻ En cours d’envoi au médecin : {items}").format(items=waiting))
        self.delivery.setText("\n".join(lines))
        self.delivery.setVisible(bool(lines))

    def show_notes(self) -> None:
        """The doctor's advice and notes, for the assistant to go over with the patient."""
        kinds = {
            "advice": self.tr("Conseils du médecin"),
            "next-steps": self.tr("Suite à donner"),
            "orientation": self.tr("Orientation"),
            "observation": self.tr("Observation du médecin"),
        }
        lines = []
        for note in self.session.consultation.notes:
            heading = kinds.get(str(note.get("kind")), self.tr("Note du médecin"))
            lines.append(f"{heading} : {note.get('text', '')}")
        self.notes.setText("\n".join(lines))
        self.notes.setVisible(bool(lines))
