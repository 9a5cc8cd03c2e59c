"""The pieces of a checklist step: an option's clickable row, Enter that saves, the answer
in words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QAbstractButton, QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from station.checklists.model import Step
from station.ui.translate import local, values, words
from station.ui.widgets import accessible


def summary(step: Step, value: Any) -> str:
    if step.kind in ("choice", "multi-choice"):
        chosen = value if isinstance(value, list) else [value]
        return ", ".join(local(o.label) for o in step.options if o.value in chosen)
    if isinstance(value, bool):
        return words("oui") if value else words("non")
    if isinstance(value, dict) and "components" in value:
        text = values(list(value.get("components", [])))
        manual = "manual-entry" in value.get("flags", [])
        return text + (" " + words("(saisie manuelle)") if manual else "")
    if isinstance(value, dict):
        return words("fait")
    return str(value)


class OptionRow(QFrame):
    """One option: its button and its wrapped text; a click anywhere on the row ticks it."""

    def __init__(self, button: QAbstractButton, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="option")
        self.button = button
        self.label = QLabel(text, wordWrap=True)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        accessible(button, text)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 4, 4, 4)
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.button.click()
            self.button.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mouseReleaseEvent(event)


class EnterSaves(QObject):
    """Enter in a number field saves it, as in a text field."""

    def __init__(self, save: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.save = save

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (  # type: ignore[attr-defined]
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            self.save()
            return True
        return False
