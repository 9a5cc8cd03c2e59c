"""The doctor's voice on the station's loudspeaker: what reaches the sound card, how late, and
what happens when there is no sound card."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from array import array
from collections.abc import Iterator
from pathlib import Path

import av
import pytest

from station.call.speaker import (
    BYTES_PER_FRAME,
    MAX_SECONDS,
    RATE,
    Speaker,
    configured_speaker,
    open_speaker,
)
from tests.call.recording_stream import RecordingStream, dominant_hz, left_channel


def tone(
    hz: int, seconds: float, rate: int = RATE, layout: str = "stereo"
) -> Iterator[av.AudioFrame]:
    """Decoded frames as aiortc hands them over: 20 ms of 16-bit samples each."""
    container = av.open(f"sine=frequency={hz}:sample_rate={rate}", format="lavfi")
    resampler = av.AudioResampler(format="s16", layout=layout, rate=rate, frame_size=rate // 50)
    made = 0.0
    for frame in container.decode(audio=0):
        for out in resampler.resample(frame):
            yield out
            made += out.samples / rate
            if made >= seconds:
                container.close()
                return


def play_in_real_time(frames: Iterator[av.AudioFrame]) -> tuple[Speaker, array[int]]:
    """Frames arriving every 20 ms, as from the network; what the sound card played."""
    streams: list[RecordingStream] = []
    speaker = Speaker(opener=RecordingStream.opener(streams))
    try:
        for frame in frames:
            speaker.play(frame)
            time.sleep(0.02)
        time.sleep(0.2)
    finally:
        speaker.close()
        streams[0].stop()
    return speaker, left_channel(streams[0].recorded)


def test_the_voice_reaches_the_sound_card_in_time() -> None:
    speaker, played = play_in_real_time(tone(880, 1.0))
    assert dominant_hz(played) == pytest.approx(880, rel=0.03)
    assert speaker.seconds_played == pytest.approx(1.0, abs=0.03)  # all of it, once
    first_sound = next(i for i, s in enumerate(played) if abs(s) > 1000) / RATE
    assert first_sound < 0.15  # 60 ms buffered, then it plays


def test_a_late_burst_is_trimmed_so_the_voice_never_lags() -> None:
    """After a network stall, a second of voice arrives at once: only the newest quarter of a
    second is kept, so the doctor is heard in step with the picture."""

    class Silent:  # a sound card that is never asked: the test asks itself, below
        def stop(self) -> None: ...
        def close(self) -> None: ...

    speaker = Speaker(opener=lambda _device, _callback: Silent())
    for frame in tone(440, 1.0):
        speaker.play(frame)
    out = bytearray(RATE * BYTES_PER_FRAME)  # ask for a whole second
    speaker._fill(memoryview(out), RATE, None, None)
    kept = sum(1 for s in left_channel(bytes(out)) if s != 0) / RATE
    assert kept == pytest.approx(MAX_SECONDS, abs=0.01)
    assert speaker.underruns == 1  # and said to have run dry after it


def test_mono_and_other_rates_are_converted() -> None:
    _speaker, played = play_in_real_time(tone(660, 0.5, rate=16000, layout="mono"))
    assert dominant_hz(played) == pytest.approx(660, rel=0.03)


def test_no_speaker_is_said_and_the_call_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATION_SPEAKER", "Haut-parleur introuvable 42")
    speaker, why = open_speaker(configured_speaker())
    assert speaker is None
    assert "aucune sortie son" in why or "PortAudio" in why  # said in French for the log
    assert open_speaker("none") == (None, "disabled")
    monkeypatch.setenv("STATION_SPEAKER", "default")
    assert configured_speaker() is None  # the system's own default device


@pytest.mark.skipif(sys.platform != "linux", reason="ALSA's file device: Linux only")
def test_real_portaudio_plays_on_an_alsa_device(tmp_path: Path) -> None:
    """Through PortAudio and ALSA for real: an ALSA ``file`` device writes what it is given.
    In a child process, because ALSA reads ~/.asoundrc once per process."""
    raw = tmp_path / "speaker.raw"
    (tmp_path / ".asoundrc").write_text(
        textwrap.dedent(f"""\
            pcm.station_test {{
                type file
                slave.pcm "null"
                file "{raw}"
                format "raw"
                hint {{ show on description "Station test speaker" }}
            }}
            """),
        "utf-8",
    )
    child = textwrap.dedent("""\
        import time
        from station.call.speaker import open_speaker
        from tests.call.test_speaker import tone
        speaker, why = open_speaker("station_test")
        assert speaker is not None, why
        for frame in tone(880, 0.2):
            speaker.play(frame)
        time.sleep(0.1)  # ALSA's null device takes samples as fast as they come
        speaker.close()
        """)
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", child], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    played = left_channel(raw.read_bytes())
    raw.unlink()  # mostly silence, written as fast as the CPU goes
    assert dominant_hz(played) == pytest.approx(880, rel=0.03)
    assert sum(1 for s in played if abs(s) > 1000) / RATE > 0.1


def test_a_change_of_sound_format_mid_call_keeps_the_pitch() -> None:
    """The sound changes format mid-call (another rate, mono): still heard at its pitch."""

    def frames() -> Iterator[av.AudioFrame]:
        yield from tone(880, 0.5)
        yield from tone(880, 0.5, rate=16000, layout="mono")

    speaker, played = play_in_real_time(frames())
    assert dominant_hz(played) == pytest.approx(880, rel=0.03)
    assert speaker.seconds_played == pytest.approx(1.0, abs=0.05)
