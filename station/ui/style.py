"""Looks: calm and legible by default; large type and high contrast on request.

Meaning is never carried by colour alone: every state also has words or a symbol.
"""

from __future__ import annotations

BASE = """
QWidget { font-size: %(body)dpt; }
QLabel#heading1 { font-size: %(h1)dpt; font-weight: 600; }
QLabel#heading2 { font-size: %(h2)dpt; font-weight: 600; }
QPushButton { padding: 8px 16px; min-height: 36px; border: 2px solid %(line)s;
  border-radius: 6px; background: %(button)s; }
QPushButton:hover { background: %(hover)s; }
QPushButton:disabled { color: %(muted)s; border-style: dashed; }
QPushButton#primary, QPushButton#next-phase, QPushButton#report-done {
  font-weight: 600; padding: 12px 24px; border-color: %(focus)s; }
QCheckBox::indicator, QRadioButton::indicator { width: 22px; height: 22px; }
QPushButton:focus, QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus,
QDoubleSpinBox:focus { border: 3px solid %(focus)s; }
QCheckBox:focus, QRadioButton:focus { border: 2px dashed %(focus)s; }
QFrame#step { border: 1px solid %(line)s; border-radius: 6px; padding: 6px; }
QFrame#request { border: 3px solid %(accent)s; border-radius: 6px; padding: 6px; }
QFrame#stop { border: 3px solid %(danger)s; border-radius: 6px; padding: 8px; }
QLabel#error { color: %(danger)s; font-weight: 600; }
QLabel#video { background: #202020; color: #f0f0f0; }
QLabel#doctor-notes { border-left: 4px solid %(focus)s; padding-left: 8px; }
"""

# Read at arm's length at a kiosk: 14 pt body text at the default size.
NORMAL = {
    "body": 14,
    "h1": 22,
    "h2": 17,
    "button": "#f4f4f4",
    "hover": "#e4ecf7",
    "muted": "#6b6b6b",
    "focus": "#1a5fb4",
    "line": "#9a9a9a",
    "accent": "#c64600",
    "danger": "#a51d2d",
}
LARGE = {**NORMAL, "body": 18, "h1": 28, "h2": 22}
HIGH_CONTRAST = """
QWidget { background: #000000; color: #ffffff; }
QPushButton, QLineEdit, QComboBox, QPlainTextEdit, QDoubleSpinBox {
  background: #000000; color: #ffff00; border: 2px solid #ffffff; }
QPushButton:focus, QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus,
QDoubleSpinBox:focus { border: 4px solid #00ffff; }
QCheckBox:focus, QRadioButton:focus { border: 3px dashed #00ffff; }
QCheckBox::indicator, QRadioButton::indicator { border: 3px solid #ffffff; background: #000000; }
QCheckBox::indicator:checked, QRadioButton::indicator:checked { background: #ffff00; }
QRadioButton::indicator { border-radius: 11px; }
QFrame#step, QFrame#request { border: 2px solid #ffffff; }
QLabel#error { color: #ffff00; }
"""


def stylesheet(large_type: bool = False, high_contrast: bool = False) -> str:
    sheet = BASE % (LARGE if large_type else NORMAL)
    if high_contrast:
        sheet += HIGH_CONTRAST.replace("#a51d2d", "#ffff00")
    return sheet
