"""The doctor hears the stethoscope live, on its own line: the simulator's heart through the
real driver and the real audio stack, encoded for body sounds, received and decoded by the
doctor's peer, the heart sounds at the simulator's rate, the 40 Hz band kept (S3's, which the
voice's line would cut)."""

from __future__ import annotations

from pathlib import Path

from tests.stethoscope_support import needs_alsa, run_on_simulator

CHILD = Path(__file__).with_name("stethoscope_call.py")

pytestmark = needs_alsa


def test_the_doctor_hears_the_heart_with_its_low_frequencies(tmp_path: Path) -> None:
    heard, _ = run_on_simulator(CHILD, cwd=tmp_path, profile="s3", seed=2)
    assert heard["audio_lines"] == 1 and heard["seconds"] > 4
    assert heard["rms"] > 300  # a heart, not silence
    assert heard["p40"] > 5 * heard["p3000"]  # the low band arrived
    assert abs(heard["beat_period"] - 60 / 90) < 0.03  # S1/S2 at the simulator's 90 a minute
