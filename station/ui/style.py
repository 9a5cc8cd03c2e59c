"""Looks: calm and legible by default; large type and high contrast on request.

Meaning is never carried by colour alone: every state also has words or a symbol.
"""

from __future__ import annotations

BASE = """
QWidget { font-size: %(body)dpt; }
QLabel#heading1 { font-size: %(h1)dpt; font-weight: 600; }
QLabel#heading2 { font-size: %(h2)dpt; font-weight: 600; }
QPushButton { padding: 8px 16px; min-height: 32px; }
QPushButton#primary { font-weight: 600; padding: 12px 24px; }
QPushButton:focus, QLineEdit:focus, QComboBox:focus, QDateEdit:focus, QCheckBox:focus,
QRadioButton:focus, QPlainTextEdit:focus, QDoubleSpinBox:focus { outline: 3px solid %(focus)s; }
QFrame#step { border: 1px solid %(line)s; border-radius: 6px; padding: 6px; }
QFrame#request { border: 3px solid %(accent)s; border-radius: 6px; padding: 6px; }
QFrame#stop { border: 3px solid %(danger)s; border-radius: 6px; padding: 8px; }
QLabel#error { color: %(danger)s; font-weight: 600; }
QLabel#video { background: #202020; color: #f0f0f0; }
"""

NORMAL = {
    "body": 12,
    "h1": 20,
    "h2": 15,
    "focus": "#1a5fb4",
    "line": "#9a9a9a",
    "accent": "#c64600",
    "danger": "#a51d2d",
}
LARGE = {**NORMAL, "body": 16, "h1": 26, "h2": 20}
HIGH_CONTRAST = """
QWidget { background: #000000; color: #ffffff; }
QPushButton, QLineEdit, QComboBox, QDateEdit, QPlainTextEdit, QDoubleSpinBox {
  background: #000000; color: #ffff00; border: 2px solid #ffffff; }
QFrame#step, QFrame#request { border: 2px solid #ffffff; }
QLabel#error { color: #ffff00; }
"""


def stylesheet(large_type: bool = False, high_contrast: bool = False) -> str:
    sheet = BASE % (LARGE if large_type else NORMAL)
    if high_contrast:
        sheet += HIGH_CONTRAST.replace("#a51d2d", "#ffff00")
    return sheet
