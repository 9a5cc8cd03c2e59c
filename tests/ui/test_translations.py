"""French first, English complete: every text of the UI translated, the compiled file fresh."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from station.assets import assets_dir
from station.ui.i18n import install_translator
from station.ui.main_window import MainWindow
from station.ui.translate import local, set_language, values, words

ROOT = Path(__file__).resolve().parents[2]
TS = assets_dir() / "i18n" / "station_en.ts"
BIN = Path(sys.executable).parent


def _unfinished(ts: Path) -> list[str]:
    return [
        m.findtext("source") or ""
        for m in ET.parse(ts).getroot().iter("message")
        if (t := m.find("translation")) is None
        or t.get("type") == "unfinished"
        or (not t.text and t.get("type") not in ("vanished", "obsolete"))
    ]


def test_every_ui_text_has_an_english_translation(tmp_path: Path) -> None:
    # lupdate over today's sources, merged into a copy: any new or changed text is unfinished.
    copy = tmp_path / "station_en.ts"
    shutil.copy(TS, copy)
    sources = sorted(str(p) for p in (ROOT / "station" / "ui").glob("*.py"))
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), *sources, "-ts", str(copy)],
        check=True,
        capture_output=True,
    )
    assert _unfinished(copy) == []


def test_logic_words_shown_in_the_ui_are_translated() -> None:
    sys.path.insert(0, str(ROOT))
    from tools.update_translations import logic_words

    words_context = next(
        c for c in ET.parse(TS).getroot().findall("context") if c.findtext("name") == "Words"
    )
    translated = {
        m.findtext("source")
        for m in words_context.findall("message")
        if (t := m.find("translation")) is not None and t.text and not t.get("type")
    }
    assert set(logic_words()) <= translated


def test_compiled_translations_match_the_sources(tmp_path: Path) -> None:
    fresh = tmp_path / "station_en.qm"
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(fresh)],
        check=True,
        capture_output=True,
    )
    assert fresh.read_bytes() == TS.with_suffix(".qm").read_bytes(), (
        "run python tools/update_translations.py"
    )


def test_the_window_speaks_english_when_asked(
    qapp: QApplication, qtbot: Any, tmp_path: Path
) -> None:
    from tests.ui.fakes import offline_workstation

    translator = install_translator(qapp, "en")
    try:
        window = MainWindow(offline_workstation(tmp_path))
        qtbot.addWidget(window)
        assert window.windowTitle() == "Station — assisted teleconsultation"
        assert window.signin.submit.text() == "Sign in"
        assert window.home.begin.text() == "New consultation"
        assert window.home.checklist.currentText() == "Assisted teleconsultation — standard pathway"
        assert local({"fr": "Bonjour", "en": "Hello"}) == "Hello"
        # What the logic says in French reaches the assistant in English too.
        assert words("Répondez par oui ou non.") == "Answer yes or no."
        components = [
            {"name": "systolic", "value": 128, "unit": "mm[Hg]"},
            {"name": "temperature", "value": 37.5, "unit": "Cel"},
        ]
        assert values(components) == "systolic 128 mmHg, temperature 37.5 °C"
    finally:
        if translator is not None:
            qapp.removeTranslator(translator)
        set_language("fr")
