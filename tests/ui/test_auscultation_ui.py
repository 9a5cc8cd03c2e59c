"""The guided auscultation by real clicks: the screen says where each area is, records it, goes
on to the next, can be closed and reopened where it stopped, and the record keeps every clip."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from drivers.sim.stethoscope import StethoscopeSimulator

CHILD = Path(__file__).with_name("auscultation_ui_child.py")

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not Path("/usr/share/alsa/alsa.conf").exists(),
    reason="the simulator plays into an ALSA device (Linux)",
)


def test_the_assistant_is_guided_area_by_area(tmp_path: Path) -> None:
    with StethoscopeSimulator("normal", seed=11) as sim:
        done = subprocess.run(
            [sys.executable, str(CHILD), sim.device, str(tmp_path / "record.sqlite3")],
            env=dict(os.environ, ALSA_CONFIG_PATH=sim.alsa_config_path, STATION_LANG="fr"),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["loudest"] == "Volume du stéthoscope : +18 dB"
    assert "sature : baissez le gain" in seen["saturated"] and "recommencez" in seen["saturated"]
    assert seen["after_saturated"] == "Point 1 sur 4 : Foyer aortique"  # offered again
    assert seen["gain_back"] == ["Volume du stéthoscope : +0 dB", 1.0]
    assert seen["where"] == [
        "Point 1 sur 4 : Foyer aortique",
        "Point 2 sur 4 : Foyer pulmonaire",
        "Point 3 sur 4 : Foyer tricuspide",
        "Point 4 sur 4 : Foyer mitral",
    ]
    assert all("enregistrement gardé (1 s)" in text for text in seen["outcomes"])
    assert seen["finished"].startswith("Auscultation terminée — Le médecin a les 4 enregistrements")
    assert seen["step_done"] is True and seen["progress"] == 100
    assert seen["clips"] == [
        ["Foyer aortique", True],  # the saturated one, kept and marked
        ["Foyer aortique", True],
        ["Foyer pulmonaire", True],
        ["Foyer tricuspide", True],
        ["Foyer mitral", True],
    ]
