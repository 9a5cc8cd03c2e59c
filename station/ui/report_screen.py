"""Closure: the report as the patient will read it (the real PDF, page by page)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from PySide6.QtCore import Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station.records.files import ExportError, documents_folder, write_private
from station.ui.widgets import accessible, heading, rgb_image


def pdf_pages(pdf: bytes, scale: float = 1.3) -> list[QImage]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(document)):
            pil = document[index].render(scale=scale).to_pil().convert("RGB")
            images.append(rgb_image(pil.tobytes(), pil.width, pil.height, 3 * pil.width))
        return images
    finally:
        document.close()


class ReportScreen(QWidget):
    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf = b""
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Compte rendu de la consultation")))
        self.status = QLabel(objectName="report-status", wordWrap=True)
        layout.addWidget(self.status)
        self.scroll = QScrollArea(objectName="report-preview")
        self.scroll.setWidgetResizable(True)
        accessible(self.scroll, self.tr("Aperçu du compte rendu"))
        layout.addWidget(self.scroll, 1)
        buttons = QHBoxLayout()
        save = QPushButton(self.tr("Enregistrer le PDF…"), objectName="save-pdf")
        save.clicked.connect(self.save)
        finish = QPushButton(self.tr("Terminer"), objectName="report-done")
        finish.clicked.connect(self.done)
        buttons.addWidget(save)
        buttons.addStretch()
        buttons.addWidget(finish)
        layout.addLayout(buttons)
        self.pages: list[QLabel] = []
        self.dialog: QFileDialog | None = None

    def show_report(self, pdf: bytes, status: str) -> None:
        self.pdf = pdf
        self.status.setText(status)
        content = QWidget()
        column = QVBoxLayout(content)
        self.pages = []
        for number, image in enumerate(pdf_pages(pdf), start=1):
            page = QLabel(objectName=f"report-page-{number}")
            page.setPixmap(QPixmap.fromImage(image))
            accessible(page, self.tr("Page {n} du compte rendu").format(n=number))
            column.addWidget(page)
            self.pages.append(page)
        self.scroll.setWidget(content)

    def save(self) -> QFileDialog:
        """Ask where to save the PDF: Qt's own dialog (in the app's language), not modal."""
        dialog = QFileDialog(self, self.tr("Enregistrer le compte rendu"))
        dialog.setObjectName("save-pdf-dialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # translated, and testable
        dialog.setNameFilter("PDF (*.pdf)")
        dialog.setDefaultSuffix("pdf")
        dialog.setDirectory(str(documents_folder()))  # never the working directory
        dialog.selectFile("compte-rendu.pdf")
        dialog.fileSelected.connect(self._write)
        dialog.open()  # not exec(): a nested loop would stall the call and the devices
        self.dialog = dialog
        return dialog

    def _write(self, path: str) -> None:
        try:
            write_private(Path(path), self.pdf)
        except ExportError as err:
            self.status.setText(err.message)
            return
        self.status.setText(self.tr("Compte rendu enregistré : {path}").format(path=path))
