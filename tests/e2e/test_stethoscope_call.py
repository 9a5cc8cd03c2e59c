"""The doctor hears the stethoscope live, on its own line: the simulator's heart through the
real driver and the real audio stack, encoded for body sounds, received and decoded by the
doctor's peer, the 40 Hz band kept (S3's, which the voice's line would cut)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from drivers.sim.stethoscope import StethoscopeSimulator

CHILD = Path(__file__).with_name("stethoscope_call.py")

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not Path("/usr/share/alsa/alsa.conf").exists(),
    reason="the simulator plays into an ALSA device (Linux)",
)


def test_the_doctor_hears_the_heart_with_its_low_frequencies(tmp_path: Path) -> None:
    with StethoscopeSimulator("s3", seed=2) as sim:
        done = subprocess.run(
            [sys.executable, str(CHILD), sim.device],
            env=dict(os.environ, ALSA_CONFIG_PATH=sim.alsa_config_path),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    heard = json.loads(done.stdout.strip().splitlines()[-1])
    assert heard["audio_lines"] == 1 and heard["seconds"] > 4
    assert heard["rms"] > 300  # a heart, not silence
    assert heard["p40"] > 5 * heard["p3000"]  # the low band arrived
