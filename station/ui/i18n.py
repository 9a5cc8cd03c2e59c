"""Translations: the source texts are French; English comes from Qt's ``.ts`` → ``.qm`` files.

The language is ``STATION_LANG`` (``fr`` or ``en``), else the system's: French unless the system
is set to English.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from station.assets import assets_dir
from station.ui.translate import set_language

LANGUAGES = ("fr", "en")


def chosen_language() -> str:
    wanted = os.environ.get("STATION_LANG", "").lower()[:2]
    if wanted in LANGUAGES:
        return wanted
    return "en" if QLocale.system().language() == QLocale.Language.English else "fr"


LOCALES = {
    "fr": (QLocale.Language.French, QLocale.Country.France),
    "en": (QLocale.Language.English, QLocale.Country.UnitedKingdom),
}


def _qt_own_words(app: QApplication, language: str) -> None:
    """Qt's own dialogs (the file dialog's buttons, "Annuler") in the app's language."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", folder):
        app.installTranslator(translator)


def install_translator(app: QApplication, language: str | None = None) -> QTranslator | None:
    language = language or chosen_language()
    set_language(language)
    # Numbers typed and shown (a weight of 72,5 kg) follow the language, not the machine.
    QLocale.setDefault(QLocale(*LOCALES[language]))
    if language == "fr":
        _qt_own_words(app, "fr")
        return None
    translator = QTranslator(app)
    if not translator.load(str(assets_dir() / "i18n" / f"station_{language}.qm")):
        return None
    app.installTranslator(translator)
    return translator
