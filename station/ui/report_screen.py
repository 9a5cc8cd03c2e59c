"""Closure: the report as the patient will read it (the real PDF, page by page)."""

from __future__ import annotations

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
        finish = QPushButton(self.tr("Terminer"), objectName="primary")
        finish.clicked.connect(self.done)
        buttons.addWidget(save)
        buttons.addStretch()
        buttons.addWidget(finish)
        layout.addLayout(buttons)
        self.pages: list[QLabel] = []

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

    def save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Enregistrer le compte rendu"), "compte-rendu.pdf", "PDF (*.pdf)"
        )
        if path:
            with open(path, "wb") as out:
                out.write(self.pdf)
