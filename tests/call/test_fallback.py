"""When the call drops to audio only and when the video comes back."""

from __future__ import annotations

from pathlib import Path

import pytest

from station.call.fallback import AudioOnlyFallback
from station.call.quality import CallQuality
from station.call.video_settings import VideoSettings
from station.config import ConfigError

GOOD = CallQuality(rtt_ms=40, loss_percent=0.0)
FAIR = CallQuality(rtt_ms=200, loss_percent=3.0)
POOR = CallQuality(rtt_ms=60, loss_percent=15.0)
UNKNOWN = CallQuality()


def feed(fallback: AudioOnlyFallback, *samples: CallQuality) -> list[bool]:
    return [fallback.update(sample) for sample in samples]


def good_samples_until_video(fallback: AudioOnlyFallback) -> int:
    count = 0
    while fallback.audio_only:
        fallback.update(GOOD)
        count += 1
    return count


def test_three_poor_samples_in_a_row_pause_the_video() -> None:
    fallback = AudioOnlyFallback()
    # a burst of loss is not a bad network: a good sample starts the count again
    assert feed(fallback, POOR, POOR, GOOD, POOR, POOR) == [False] * 5
    assert not fallback.audio_only
    assert fallback.update(POOR)
    assert fallback.audio_only


def test_video_resumes_only_after_five_good_samples() -> None:
    fallback = AudioOnlyFallback()
    feed(fallback, POOR, POOR, POOR)
    # fair is not good enough to bring video back; unknown samples count for nothing
    assert feed(fallback, GOOD, GOOD, FAIR, GOOD, GOOD, UNKNOWN, GOOD, GOOD) == [False] * 8
    assert fallback.update(GOOD)
    assert not fallback.audio_only


def test_video_that_chokes_the_link_again_waits_twice_as_long_each_time() -> None:
    fallback = AudioOnlyFallback()
    waits = []
    for _ in range(4):
        feed(fallback, POOR, POOR, POOR)
        assert fallback.audio_only
        waits.append(good_samples_until_video(fallback))
    assert waits == [5, 10, 20, 40]
    # a long good stretch after a resume forgives: the next pause waits the usual five
    feed(fallback, *[GOOD] * 20, POOR, POOR, POOR)
    assert fallback.audio_only
    assert good_samples_until_video(fallback) == 5


def test_disabled_fallback_never_pauses() -> None:
    fallback = AudioOnlyFallback(enabled=False)
    assert feed(fallback, *[POOR] * 10) == [False] * 10


def test_a_fresh_connection_starts_with_video() -> None:
    fallback = AudioOnlyFallback()
    feed(fallback, POOR, POOR, POOR)
    assert fallback.reset()
    assert not fallback.audio_only
    assert not fallback.reset()


def test_call_settings_from_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "station.toml"
    monkeypatch.setenv("STATION_CONFIG", str(config))
    config.write_text("[call]\nmax_bitrate_kbps = 600\naudio_only_fallback = false\n", "utf-8")
    settings = VideoSettings.from_config()
    assert (settings.max_bitrate_kbps, settings.audio_only_fallback) == (600, False)
    config.write_text("[call]\nmax_bitrate_kbps = 50\n", "utf-8")
    with pytest.raises(ConfigError, match=r"call.max_bitrate_kbps » \(de 300 à 10000\)"):
        VideoSettings.from_config()
    config.write_text('[call]\naudio_only_fallback = "oui"\n', "utf-8")
    with pytest.raises(ConfigError, match="true ou false"):
        VideoSettings.from_config()
