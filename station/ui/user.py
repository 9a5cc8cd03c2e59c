"""What a person does at the screen, as real input events: clicks at a widget, keys, typing.

``station demo --scripted`` and the UI tests act through these, never by setting a widget's
value: a checkbox ticked with ``setChecked`` never showed the crash that a click caused. A
control is found by its object name, scrolled into view as a person would, and must be visible
and enabled, or the script stops with what was missing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QRadioButton,
    QScrollArea,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

NO_MODIFIER = Qt.KeyboardModifier.NoModifier
LEFT = Qt.MouseButton.LeftButton


class ScriptError(RuntimeError):
    """The script could not do what a person would have done (a control missing, disabled)."""


def find(root: QWidget, name: str, kind: type[QWidget] = QWidget) -> QWidget:
    found = [w for w in root.findChildren(kind, name) if w.isVisible()]
    if not found:
        raise ScriptError(f"nothing visible named {name!r} on screen")
    return found[-1]  # the newest: a rebuilt list may still hold its old copy until deleted


def _reachable(widget: QWidget) -> None:
    """Scroll the widget into view, as the assistant scrolls to a step."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 10, 10)
        parent = parent.parentWidget()
    if not widget.isVisible():
        raise ScriptError(f"{widget.objectName()!r} is not on screen")
    if not widget.isEnabled():
        raise ScriptError(f"{widget.objectName()!r} is greyed out")


def click(widget: QWidget, at: QPoint | None = None) -> None:
    """A left click where a person aims: a box's tick square, any other widget's centre (or
    ``at``, in the widget's coordinates). A box stretched across a row ignores clicks in its
    empty part."""
    _reachable(widget)
    if at is None and isinstance(widget, QCheckBox | QRadioButton):
        option = QStyleOptionButton()
        option.initFrom(widget)
        element = (
            QStyle.SubElement.SE_CheckBoxIndicator
            if isinstance(widget, QCheckBox)
            else QStyle.SubElement.SE_RadioButtonIndicator
        )
        at = widget.style().subElementRect(element, option, widget).center()
    QTest.mouseClick(widget, LEFT, NO_MODIFIER, at if at is not None else widget.rect().center())


def click_named(root: QWidget, name: str) -> QWidget:
    widget = find(root, name)
    click(widget)
    return widget


def press(widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    _reachable(widget)
    QTest.keyClick(widget, key, modifier)


def type_text(widget: QWidget, text: str) -> None:
    """Key presses for ``text`` into the focused ``widget``.

    QTest's own typing knows ASCII only (it aborts the process on "é"), so other characters
    are sent as the key events an input method produces: no key code, the character as text.
    """
    for char in text:
        if char.isascii():
            QTest.keyClick(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, NO_MODIFIER, char))


def type_into(widget: QWidget, text: str) -> None:
    """Click into a field, select what is there (Ctrl+A), and type ``text`` over it."""
    click(widget)
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(widget, Qt.Key.Key_Delete)
    type_text(widget, text)


def choose(combo: QComboBox, data: object) -> None:
    """Pick an item of a drop-down list with the keyboard: arrows until it is the one."""
    index = combo.findData(data)
    if index < 0:
        raise ScriptError(f"{combo.objectName()!r} has no choice {data!r}")
    _reachable(combo)
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    key = Qt.Key.Key_Down if index > combo.currentIndex() else Qt.Key.Key_Up
    for _ in range(abs(index - combo.currentIndex())):
        QTest.keyClick(combo, key)
    if combo.currentIndex() != index:
        raise ScriptError(f"{combo.objectName()!r}: could not choose {data!r}")


def button(root: QWidget, name: str) -> QAbstractButton:
    found = find(root, name, QAbstractButton)
    assert isinstance(found, QAbstractButton)
    return found
