"""Translations: the source texts are French; English comes from Qt's ``.ts`` → ``.qm`` files.

The language is ``STATION_LANG`` (``fr`` or ``en``), else the system's: French unless the system
is set to English.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from station.assets import assets_dir
from station.ui.translate import set_language

LANGUAGES = ("fr", "en")


def chosen_language() -> str:
    wanted = os.environ.get("STATION_LANG", "").lower()[:2]
    if wanted in LANGUAGES:
        return wanted
    return "en" if QLocale.system().language() == QLocale.Language.English else "fr"


def install_translator(app: QApplication, language: str | None = None) -> QTranslator | None:
    language = language or chosen_language()
    set_language(language)
    if language == "fr":
        return None
    translator = QTranslator(app)
    if not translator.load(str(assets_dir() / "i18n" / f"station_{language}.qm")):
        return None
    app.installTranslator(translator)
    return translator
