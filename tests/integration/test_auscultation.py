"""A site's clip through the real audio stack into the record, while the doctor's live line
hears the same sound; faults keep what was captured and say what to do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from drivers.sim.stethoscope import StethoscopeSimulator

CHILD = Path(__file__).with_name("auscultation_child.py")

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not Path("/usr/share/alsa/alsa.conf").exists(),
    reason="the simulator plays into an ALSA device (Linux)",
)


def _auscultate(tmp_path: Path, fault: str | None, seconds: float) -> dict[str, Any]:
    with StethoscopeSimulator("normal", fault=fault, seed=3) as sim:
        done = subprocess.run(
            [
                sys.executable,
                str(CHILD),
                sim.device,
                str(tmp_path / "record.sqlite3"),
                str(seconds),
            ],
            env=dict(os.environ, ALSA_CONFIG_PATH=sim.alsa_config_path),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_clip_goes_to_the_record_in_parts_while_the_doctor_listens(tmp_path: Path) -> None:
    seen = _auscultate(tmp_path, None, 3.0)
    assert seen["outcome"]["complete"] and seen["outcome"]["fault"] == ""
    assert seen["clip"] == {
        "seconds": 3.0,
        "parts": 3,
        "complete": True,
        "fault": "",
        "site": "Foyer mitral",
    }
    assert seen["progress"][-1] == 1.0 and len(seen["progress"]) == 3
    # The live line got the same stretch of sound (it opened first, so a little more).
    assert seen["live_seconds"] >= 2.9


def test_an_unplug_mid_clip_keeps_what_came_and_says_so(tmp_path: Path) -> None:
    seen = _auscultate(tmp_path, "unplug", 3.0)
    assert seen["outcome"]["fault"] == "lost" and not seen["outcome"]["complete"]
    assert "ne transmet plus de son" in seen["outcome"]["words"]
    assert not seen["clip"]["complete"] and 0 < seen["clip"]["seconds"] < 3.0


def test_a_silent_clip_is_kept_marked_and_asked_again(tmp_path: Path) -> None:
    seen = _auscultate(tmp_path, "silence", 2.0)
    assert (
        seen["outcome"]["fault"] == "silent"
        and "posez bien la membrane" in seen["outcome"]["words"]
    )
    assert seen["clip"]["complete"] and seen["clip"]["fault"] == "silent"


SESSION_CHILD = Path(__file__).with_name("auscultation_session_child.py")


def test_the_doctor_asks_for_the_heart_and_gets_four_areas(tmp_path: Path) -> None:
    with StethoscopeSimulator("normal", seed=8) as sim:
        done = subprocess.run(
            [sys.executable, str(SESSION_CHILD), sim.device, str(tmp_path / "record.sqlite3")],
            env=dict(os.environ, ALSA_CONFIG_PATH=sim.alsa_config_path),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert (seen["kind"], seen["region"]) == ("auscultation", "heart")
    assert seen["order"] == ["aortic", "pulmonary", "tricuspid", "mitral"]
    assert seen["usable"] == [True] * 4
    assert sorted(seen["answer"]["sites"]) == sorted(seen["order"])
    assert seen["open"] == []  # the request is done
    assert seen["replies"][0].startswith("Foyer aortique : enregistrement gardé")
    assert seen["replies"][-1] == "Auscultation enregistrée : 4 points."
