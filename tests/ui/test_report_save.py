"""Saving the report's PDF: Qt's file dialog in French, the documents folder by default, the
file readable by its owner only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLineEdit

from station.ui import user
from station.ui.i18n import install_translator
from station.ui.report_screen import ReportScreen


def _pdf() -> bytes:
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=14)
    document.cell(text="Compte rendu")
    return bytes(document.output())


def test_the_pdf_goes_to_the_documents_folder_owner_only(
    qtbot: Any, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    monkeypatch.setenv("HOME", str(tmp_path))
    install_translator(qapp, "fr")  # Qt's own words in French too
    screen = ReportScreen()
    qtbot.addWidget(screen)
    screen.show_report(_pdf(), "Compte rendu enregistré.")
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    user.click(user.button(screen, "save-pdf"))
    dialog = screen.dialog
    assert isinstance(dialog, QFileDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert Path(dialog.directory().absolutePath()) == documents
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    labels = {b.text().replace("&", "") for b in buttons.buttons()}
    assert "Annuler" in labels  # Qt's dialog speaks French
    name = dialog.findChild(QLineEdit, "fileNameEdit")
    assert name is not None
    user.type_into(name, "durand-lucie")
    user.press(name, Qt.Key.Key_Return)
    saved = documents / "durand-lucie.pdf"
    qtbot.waitUntil(saved.exists)
    assert saved.read_bytes().startswith(b"%PDF")
    assert saved.stat().st_mode & 0o777 == 0o600
    assert str(saved) in screen.status.text()
    QLocale.setDefault(QLocale.system())  # the next tests keep the machine's own
