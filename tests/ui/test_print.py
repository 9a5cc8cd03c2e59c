"""A past consultation's report reopened from the home screen and printed through Qt's print
dialog to a real CUPS queue (a private cupsd with a cups-pdf printer)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from station.ui import scripted, user
from station.ui.main_window import MainWindow
from tests.print_server import unavailable
from tests.records.sample import write_consultation
from tests.ui.fakes import offline_workstation

pytestmark = pytest.mark.skipif(bool(unavailable()), reason=unavailable() or "ok")


def test_a_past_report_is_reopened_and_printed(
    run_ui: Any, qtbot: Any, tmp_path: Path, cups: Any
) -> None:
    server = cups
    jobs = server.completed()
    workstation = offline_workstation(tmp_path / "data")
    consultation = write_consultation(workstation.store)
    window = MainWindow(workstation)
    qtbot.addWidget(window)
    window.show()
    scripted.sign_in(window)
    before = server.printed()

    async def scenario() -> None:
        await scripted.until(lambda: window.stack.currentWidget() is window.home, 10)
        user.click(user.button(window, f"reopen-{consultation}"))
        await scripted.until(lambda: window.stack.currentWidget() is window.report, 30)
        user.click(user.button(window, "print-report"))
        dialog = window.report.print_dialog
        assert dialog is not None
        await scripted.until(dialog.isVisible, 10, "print dialog")
        assert dialog.printer().printerName() == server.queue  # the station's default
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        user.click(buttons.button(QDialogButtonBox.StandardButton.Ok))
        await scripted.until(lambda: server.completed() == jobs + 1, 60, "the job printed")

    try:
        run_ui(scenario)
        (printed,) = server.printed() - before
        # The report's pages, as images at 200 dpi: a real document, not an empty job.
        assert printed.read_bytes().startswith(b"%PDF") and printed.stat().st_size > 50_000
        assert server.queue in window.report.status.text()
    finally:
        for leftover in server.printed() - before:
            os.unlink(leftover)
