"""The stethoscope is paired on the setup screen: its audio input found among the machine's,
tested by a short real recording through the driver, and saved only once that worked; an
absent input and a silent stethoscope are said in words and never saved."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from tests.stethoscope_support import needs_alsa, run_on_simulator

CHILD = Path(__file__).with_name("stethoscope_pairing_child.py")

pytestmark = needs_alsa


def _pair(tmp_path: Path, fault: str | None) -> tuple[dict[str, Any], str]:
    env = {"STATION_CONFIG": str(tmp_path / "station.toml"), "STATION_LANG": "fr"}
    data = str(tmp_path / "data")
    return run_on_simulator(CHILD, data, cwd=tmp_path, fault=fault, seed=5, env=env)


def test_the_stethoscope_is_found_tested_and_saved(tmp_path: Path) -> None:
    seen, device = _pair(tmp_path, None)
    absent_text, absent_can_save = seen["absent"]
    assert "Stéthoscope introuvable" in absent_text and not absent_can_save
    assert "trouvée" in seen["found"]
    tested_text, can_save = seen["tested"]
    assert tested_text.startswith("✓ Le stéthoscope répond : niveau −") and "48 kHz" in tested_text
    assert can_save and "enregistré pour ce poste" in seen["saved"]
    saved = tomllib.loads((tmp_path / "station.toml").read_text(encoding="utf-8"))
    assert saved["devices"]["stethoscope"] == {"driver": "stethoscope-audio", "port": device}


def test_a_silent_stethoscope_is_said_and_not_saved(tmp_path: Path) -> None:
    seen, _ = _pair(tmp_path, "silence")
    tested_text, can_save = seen["tested"]
    assert "Aucun son au stéthoscope" in tested_text and not can_save
    assert not (tmp_path / "station.toml").exists() or "stethoscope" not in (
        tmp_path / "station.toml"
    ).read_text(encoding="utf-8")
