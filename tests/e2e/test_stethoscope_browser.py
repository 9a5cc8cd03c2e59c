"""In Chromium, the doctor's page receives the stethoscope's line apart from the voice, plays
it through Web Audio (the decoded samples read back from the page's analyser), draws it, and
its filter, volume and headphone check answer real input; a clip recorded at a site is listed
and heard again, as the record keeps it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.stethoscope_support import needs_alsa, run_on_simulator

CHILD = Path(__file__).with_name("stethoscope_browser.py")

pytestmark = [
    needs_alsa,
    pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is missing"),
]
pytest.importorskip("playwright.async_api")


def test_the_page_plays_and_draws_the_stethoscope_apart_from_the_voice(tmp_path: Path) -> None:
    seen, _ = run_on_simulator(CHILD, cwd=tmp_path, seed=4, timeout=240)
    assert seen["level_bell"] > -50 and seen["level_flat"] > -50
    # Through the bell, what dominates is the heart's band (under 200 Hz).
    assert sum(1 for hz in seen["peaks_bell"] if 0 < hz < 200) >= len(seen["peaks_bell"]) * 0.8
    assert seen["voice_element_has_sound"] is False  # the stethoscope is not taken for the voice
    assert seen["gain_text"] == "+7 dB"
    assert "ne restitue pas 40 Hz" in seen["headphone_no"]
    assert "restitue 40 Hz" in seen["headphone_yes"]
    assert "en direct" in seen["state"]
    # The recorded clip: listed by site, fetched when asked, decoded whole, heard alone.
    assert seen["outcome"] is True
    assert seen["clip_text"].startswith("Foyer aortique — 3 s")
    assert "Réécoute : Foyer aortique" in seen["replay_state"]
    assert seen["replay_level"] > -50
    assert abs(seen["replay_seconds"] - 3.0) < 0.05
    assert abs(seen["replay_dbfs"] - seen["record_dbfs"]) < 0.5  # the same sound, lossless
    assert seen["replaying_after_stop"] == "" and "en direct" in seen["after_stop"]
