"""Sign-in and home: checks the assistant can read, keyboard use, labels, large type."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)

from station.ui import user
from station.ui.main_window import MainWindow
from tests.ui.fakes import offline_workstation

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox)


def _unlabelled(screen: QWidget) -> list[str]:
    """Controls a screen reader could not name: no accessible name and no text of their own."""
    missing = []
    for control in screen.findChildren(QWidget):
        if not isinstance(control, CONTROLS) or not control.isVisibleTo(screen):
            continue
        if control.objectName().startswith("qt_"):  # Qt's inner parts: the parent is named
            continue
        text = control.text() if isinstance(control, QAbstractButton) else ""
        if not (control.accessibleName() or text):
            missing.append(f"{type(control).__name__} {control.objectName()}")
    return missing


def test_sign_in_explains_what_is_wrong(qtbot: Any, tmp_path: Path) -> None:
    window = MainWindow(offline_workstation(tmp_path))
    qtbot.addWidget(window)
    window.show()
    signin = window.signin
    user.type_into(signin.name, "Claire Martin")
    user.type_into(signin.rpps, "1234")
    user.click(signin.submit)
    assert "11 chiffres" in signin.error.text()
    assert window.stack.currentWidget() is signin
    user.type_into(signin.rpps, "")
    user.click(signin.submit)  # a nurse needs an RPPS number
    assert "RPPS" in signin.error.text()
    user.choose(signin.profession, "care-assistant")
    user.click(signin.submit)  # a care assistant has none
    assert window.stack.currentWidget() is window.home
    assert "Claire Martin" in window.home.greeting.text()


def test_missing_keyring_is_said_with_its_fix(qtbot: Any, tmp_path: Path) -> None:
    message = "Le trousseau sécurisé du système est indisponible : installez gnome-keyring."
    window = MainWindow(offline_workstation(tmp_path, keyring_message=message))
    qtbot.addWidget(window)
    assert message in window.signin.keyring.text()


def test_every_control_is_named_for_screen_readers(qtbot: Any, tmp_path: Path) -> None:
    window = MainWindow(offline_workstation(tmp_path))
    qtbot.addWidget(window)
    window.show()
    for screen in (window.signin, window.home, window.patient, window.report):
        window.stack.setCurrentWidget(screen)
        assert _unlabelled(screen) == [], type(screen).__name__


def test_sign_in_works_from_the_keyboard_alone(qtbot: Any, tmp_path: Path) -> None:
    window = MainWindow(offline_workstation(tmp_path))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    window.signin.name.setFocus()
    qtbot.keyClicks(window.signin.name, "Claire Martin")
    qtbot.keyClick(window.signin.name, Qt.Key.Key_Tab)
    assert window.focusWidget() is window.signin.profession
    qtbot.keyClick(window.signin.profession, Qt.Key.Key_Tab)
    assert window.focusWidget() is window.signin.rpps
    qtbot.keyClicks(window.signin.rpps, "10101010101")
    qtbot.keyClick(window.signin.rpps, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.home


def test_large_type_and_high_contrast(qtbot: Any, tmp_path: Path, qapp: QApplication) -> None:
    """Kiosk-grade type: 14 pt body text by default, larger and high contrast by shortcut."""
    from station.ui.style import stylesheet

    qapp.setStyleSheet(stylesheet())
    window = MainWindow(offline_workstation(tmp_path))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    try:
        body = window.signin.keyring
        assert body.font().pointSizeF() >= 14
        qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
        assert window.large_type and body.font().pointSizeF() >= 18
        qtbot.keyClick(
            window,
            Qt.Key.Key_C,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        assert window.high_contrast and "background: #000000" in qapp.styleSheet()
        # Unticked boxes keep a visible outline on black.
        assert "QCheckBox::indicator, QRadioButton::indicator { border: 3px solid #ffffff" in (
            qapp.styleSheet()
        )
    finally:
        qapp.setStyleSheet("")


def test_sign_in_says_which_service_credentials_the_keyring_holds(
    qtbot: Any, tmp_path: Path
) -> None:
    import keyring

    keyring.set_password("station", "fhir-token", "t0k3n-never-shown")
    window = MainWindow(offline_workstation(tmp_path))
    qtbot.addWidget(window)
    text = window.signin.keyring.text()
    assert "Envoi des comptes rendus au dossier de santé — ✓ enregistré" in text
    assert "Appels vidéo par le service de téléconsultation du parc — ✗ absent" in text
    assert "t0k3n" not in text


def test_the_checklist_fits_1280_by_800_at_every_size(
    qtbot: Any, tmp_path: Path, qapp: QApplication
) -> None:
    """No clipped step and no horizontal scroll bar, in normal and large type, high contrast."""
    from PySide6.QtWidgets import QLabel, QScrollArea

    from station.ui import scripted
    from station.ui.style import stylesheet

    window = MainWindow(offline_workstation(tmp_path))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    try:
        scripted.sign_in(window)
        user.click(window.home.begin)
        scripted.identify(window)
        assert window.consultation is not None
        checklist = window.consultation.checklist
        for large, contrast in ((False, False), (True, False), (True, True)):
            qapp.setStyleSheet(stylesheet(large, contrast))
            checklist.queue_rebuild()
            qtbot.waitUntil(lambda: not checklist.rebuild_queued)
            scroll = checklist.findChild(QScrollArea)
            assert scroll is not None
            qtbot.waitUntil(lambda s=scroll: s.widget().width() <= s.viewport().width())
            assert scroll.horizontalScrollBar().maximum() == 0
            for label in scroll.widget().findChildren(QLabel):
                if label.isVisible() and label.text():
                    assert label.wordWrap() or label.sizeHint().width() <= label.width(), (
                        label.text()
                    )
    finally:
        qapp.setStyleSheet("")
