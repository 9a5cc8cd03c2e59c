"""The stethoscope is paired on the setup screen: its audio input found among the machine's,
tested by a short real recording through the driver, and saved only once that worked; an
absent input and a silent stethoscope are said in words and never saved."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from drivers.sim.stethoscope import StethoscopeSimulator

CHILD = Path(__file__).with_name("stethoscope_pairing_child.py")

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not Path("/usr/share/alsa/alsa.conf").exists(),
    reason="the simulator plays into an ALSA device (Linux)",
)


def _pair(tmp_path: Path, fault: str | None) -> tuple[dict[str, Any], str]:
    config = tmp_path / "station.toml"
    with StethoscopeSimulator("normal", fault=fault, seed=5) as sim:
        done = subprocess.run(
            [sys.executable, str(CHILD), sim.device, str(tmp_path / "data")],
            env=dict(
                os.environ,
                ALSA_CONFIG_PATH=sim.alsa_config_path,
                STATION_CONFIG=str(config),
                STATION_LANG="fr",
            ),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=180,
        )
        device = sim.device
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), device


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
