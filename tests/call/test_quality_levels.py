"""Both sides judge a call the same way, from the same lines (assets/doctor/call_quality.json):
the network, and the frame rate while video is sent; each shows the worse of the two."""

from __future__ import annotations

import json

from station.assets import assets_dir
from station.call.fallback import AudioOnlyFallback
from station.call.quality import CallQuality


def test_one_frame_a_second_is_never_a_good_call() -> None:
    assert CallQuality(rtt_ms=30, loss_percent=0, fps=30).level == "good"
    assert CallQuality(rtt_ms=30, loss_percent=0, fps=15).level == "fair"
    assert CallQuality(rtt_ms=30, loss_percent=0, fps=1).level == "poor"
    # no room camera, or the video paused on purpose: the frame rate says nothing
    assert CallQuality(rtt_ms=30, loss_percent=0, fps=None).level == "good"
    assert CallQuality(rtt_ms=30, loss_percent=0, fps=0, audio_only=True).level == "good"


def test_each_side_shows_the_worse_of_the_two() -> None:
    station_side = CallQuality(rtt_ms=30, loss_percent=0, fps=30, doctor_level="poor")
    assert station_side.own_level == "good" and station_side.level == "poor"
    said = station_side.to_message()
    assert said["type"] == "quality" and said["level"] == "good"  # its own, for the page


def test_a_busy_machine_does_not_pause_the_video() -> None:
    """The audio-only fallback judges the network alone: a frame rate lowered by a busy CPU
    is not a poor network."""
    fallback = AudioOnlyFallback()
    slow_encoder = CallQuality(rtt_ms=30, loss_percent=0, fps=2)
    assert slow_encoder.level == "poor"
    assert not any(fallback.update(slow_encoder) for _ in range(20))


def test_the_page_reads_the_same_lines() -> None:
    table = json.loads((assets_dir() / "doctor" / "call_quality.json").read_text("utf-8"))
    page = (assets_dir() / "doctor" / "doctor.js").read_text("utf-8")
    assert 'fetch("/doctor/call_quality.json")' in page
    assert table["poor"]["fps_below"] < table["fair"]["fps_below"]
