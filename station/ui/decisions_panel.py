"""What the doctor decided, for the assistant to go over with the patient: the signed
conclusion (advice and orientation first, in large type), and each document handed over with
a button that prints it on the station's printer."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from station.consultation.consultation import Consultation
from station.consultation.session import ConsultationSession
from station.protocol.conclusion import DOCUMENT_KINDS, orientation_words
from station.records.events import DocumentReceived
from station.ui.listening import Listening
from station.ui.printing import print_pdf, station_printer
from station.ui.translate import words
from station.ui.widgets import accessible


class DecisionsPanel(QWidget):
    def __init__(self, session: ConsultationSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.conclusion = QLabel(objectName="doctor-conclusion", wordWrap=True)
        accessible(self.conclusion, self.tr("Conclusion signée du médecin"))
        layout.addWidget(self.conclusion)
        self.documents = QWidget(objectName="doctor-documents")
        self.rows = QVBoxLayout(self.documents)
        self.rows.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.documents)
        self.status = QLabel(objectName="print-status", wordWrap=True)
        layout.addWidget(self.status)
        self.buttons: dict[str, QPushButton] = {}
        self.listening = Listening(self)
        self.listening.to(session.conclusion_changed, lambda _: self.refresh())
        self.refresh()

    def detach(self) -> None:
        self.listening.stop()

    def refresh(self) -> None:
        c = self.session.consultation
        signed = c.conclusion
        if signed is None:
            self.conclusion.clear()
        else:
            doctor = signed.doctor.get("name") or self.tr("le médecin")
            lines = [self.tr("Conclusion signée par {doctor}").format(doctor=doctor)]
            if signed.advice:
                lines.append(self.tr("Conseils : {text}").format(text=signed.advice))
            orientation = orientation_words(
                signed.orientation, signed.orientation_days, signed.specialist, words
            )
            lines.append(self.tr("Orientation : {text}").format(text=orientation))
            if signed.follow_up:
                lines.append(self.tr("Suivi : {text}").format(text=signed.follow_up))
            self.conclusion.setText("\n".join(lines))
        self.conclusion.setVisible(signed is not None)
        for document in c.documents:  # rows are only added: a button is never rebuilt
            if document.sha256 in self.buttons:
                continue
            row = QHBoxLayout()
            kind = words(DOCUMENT_KINDS.get(document.kind, document.kind))
            row.addWidget(QLabel(f"{kind} : {document.title}", wordWrap=True), 1)
            button = QPushButton(
                self.tr("Imprimer"), objectName=f"print-{document.kind}-{document.sha256[:12]}"
            )
            accessible(button, self.tr("Imprimer : {kind}").format(kind=kind))
            button.clicked.connect(lambda _=False, d=document: self.print_document(d))
            row.addWidget(button)
            self.rows.addLayout(row)
            self.buttons[document.sha256] = button
        for sha, button in self.buttons.items():
            printed = c.printed.get(sha)
            if printed is not None and printed.ok:
                button.setText(self.tr("Réimprimer"))
        self.documents.setVisible(bool(c.documents))

    def print_document(self, document: DocumentReceived) -> bool:
        kind = words(DOCUMENT_KINDS.get(document.kind, document.kind))
        printer = station_printer(f"{document.kind}-{self.session.consultation.id[:8]}")
        ok = print_pdf(printer, self.session.printable(document))
        name = printer.printerName()
        reason = "" if ok else "imprimante injoignable"
        self.session.document_printed(document.sha256, name, ok, reason)
        self.status.setText(
            self.tr("{kind} envoyé(e) à l’imprimante {name}.").format(kind=kind, name=name)
            if ok
            else self.tr("L’imprimante ne répond pas : vérifiez-la, puis recommencez.")
        )
        return ok


class ClosingDecisions(QLabel):
    """The doctor's advice, orientation and documents, in the closing step's frame."""

    def __init__(self, consultation: Consultation, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="closing-decisions", wordWrap=True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        lines = []
        signed = consultation.conclusion
        if signed is not None:
            if signed.advice:
                lines.append(self.tr("Conseils du médecin : {text}").format(text=signed.advice))
            orientation = orientation_words(
                signed.orientation, signed.orientation_days, signed.specialist, words
            )
            lines.append(self.tr("Orientation : {text}").format(text=orientation))
        for document in consultation.documents:
            kind = words(DOCUMENT_KINDS.get(document.kind, document.kind))
            lines.append(self.tr("À remettre au patient : {kind}").format(kind=kind))
        self.setText("\n".join(lines))
