"""Closure: the report as the patient will read it (the real PDF, page by page)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station.records.files import ExportError, documents_folder, write_private
from station.ui.printing import pdf_pages, print_pdf, station_printer
from station.ui.widgets import accessible, heading


class ReportScreen(QWidget):
    done = Signal()
    correct = Signal(str)  # the consultation whose patient identity is to be corrected

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf = b""
        self.consultation = ""  # whose report is shown (for the printed job's name)
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
        print_it = QPushButton(self.tr("Imprimer…"), objectName="print-report")
        print_it.clicked.connect(self.print_report)
        finish = QPushButton(self.tr("Terminer"), objectName="report-done")
        finish.clicked.connect(self.done)
        # An identity found wrong after closing: the report goes again, replacing this one.
        fix = QPushButton(self.tr("Corriger l’identité…"), objectName="correct-identity")
        accessible(
            fix,
            self.tr("Corriger l’identité du patient"),
            self.tr("le compte rendu corrigé remplace celui-ci partout où il a été envoyé"),
        )
        fix.clicked.connect(lambda: self.correct.emit(self.consultation))
        buttons.addWidget(save)
        buttons.addWidget(print_it)
        buttons.addWidget(fix)
        buttons.addStretch()
        buttons.addWidget(finish)
        layout.addLayout(buttons)
        self.pages: list[QLabel] = []
        self.dialog: QFileDialog | None = None
        self.print_dialog: QPrintDialog | None = None

    def show_report(self, pdf: bytes, status: str, consultation: str = "") -> None:
        self.pdf = pdf
        self.consultation = consultation
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

    def clear(self) -> None:
        """Forget the report shown (its PDF and page images) once the assistant is done."""
        self.pdf = b""
        self.consultation = ""
        self.pages = []
        self.scroll.setWidget(QWidget())

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

    def print_report(self) -> QPrintDialog:
        """Qt's print dialog (not modal: the call and the devices go on), then the pages."""
        printer = station_printer(f"compte-rendu-{self.consultation[:8]}")
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("print-dialog")
        dialog.accepted.connect(lambda: self._print(printer))
        QDialog.open(dialog)  # QPrintDialog.open() wants a receiver; the plain one does not
        self.print_dialog = dialog
        return dialog

    def _print(self, printer: QPrinter) -> None:
        """Each page rendered from the PDF at the printer's resolution, one sheet each."""
        if not print_pdf(printer, self.pdf):
            self.status.setText(
                self.tr("L’imprimante ne répond pas : vérifiez-la, puis recommencez.")
            )
            return
        self.status.setText(
            self.tr("Compte rendu envoyé à l’imprimante {name}.").format(name=printer.printerName())
        )
