"""A PDF on paper: each page rendered at the printer's resolution, one sheet each (Qt print).

Used for the report (after Qt's print dialog) and for what the doctor hands over (the
prescription, the advice sheet), which go straight to the station's default printer: the
assistant has the patient in front of them, not a dialog to fill.
"""

from __future__ import annotations

import pypdfium2
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from station.ui.widgets import rgb_image

# Pages are printed as images of the PDF: 200 dpi keeps 14 pt text sharp at ~12 MB a page.
PRINT_DPI = 200


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


def station_printer(name: str) -> QPrinter:
    """The station's default printer, set up for a PDF's pages."""
    printer = QPrinter(QPrinter.PrinterMode.PrinterResolution)
    printer.setResolution(PRINT_DPI)
    printer.setDocName(name)
    return printer


def print_pdf(printer: QPrinter, pdf: bytes) -> bool:
    """Every page of ``pdf`` on ``printer``; False when the printer cannot be opened."""
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        target = painter.viewport()
        scale = printer.resolution() / 72
        for number, image in enumerate(pdf_pages(pdf, scale=scale)):
            if number:
                printer.newPage()
            size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(0, 0, size.width(), size.height()), image)
    finally:
        painter.end()
    return True
