"""Words that come from the logic (plain French there) and texts that carry their own languages.

``words(text)`` looks a French text up in the ``Words`` context of the translation files
(``tools/update_translations.py`` lists there every such text of the logic modules);
``local(texts)`` picks the current language from a ``{"fr": …, "en": …}`` mapping, as
checklists have.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

_language = "fr"


def set_language(language: str) -> None:
    global _language
    _language = language


def language() -> str:
    return _language


def words(text: str) -> str:
    return QCoreApplication.translate("Words", text)


def decimal_mark() -> str:
    return "," if _language == "fr" else "."


def values(components: list[dict[str, object]]) -> str:
    """A measurement's values in the UI's language."""
    from station.devices.wording import describe_values

    return describe_values(components, words, decimal_mark())


def local(texts: dict[str, str] | None) -> str:
    if not texts:
        return ""
    return texts.get(_language) or texts.get("fr") or next(iter(texts.values()))
