"""The stethoscope driver reads its simulator through the real audio stack (PortAudio over an
ALSA capture device of the simulator's own), as ``station devices read stethoscope`` in a
child process: the heart's rhythm and low frequencies come through, the gain is applied, and
an unplug, a silence and a saturation each give their words, the sound captured kept (0600)."""

from __future__ import annotations

import array
import math
import os
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from drivers.sim.stethoscope import RATE, StethoscopeSimulator, sweep_and_tones
from tests.stethoscope_support import beat_period, needs_alsa

pytestmark = needs_alsa
STATION = [sys.executable, "-m", "station"]


def _read(sim: StethoscopeSimulator, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ALSA_CONFIG_PATH=sim.alsa_config_path)
    command = [*STATION, "devices", "read", "stethoscope", "--port", sim.device]
    return subprocess.run(
        [*command, "--output", str(out), *extra],
        env=env,
        cwd=out.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _samples(path: Path) -> tuple[array.array[int], int]:
    with wave.open(str(path)) as file:
        assert file.getnchannels() == 1 and file.getsampwidth() == 2
        samples = array.array("h")
        samples.frombytes(file.readframes(file.getnframes()))
        return samples, file.getframerate()


def _power(samples: array.array[int], rate: int, hz: float) -> float:
    """Goertzel: the power of one frequency."""
    coeff = 2 * math.cos(2 * math.pi * hz / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coeff * s1 - s2, s1
    return s1 * s1 + s2 * s2 - coeff * s1 * s2


def test_the_heart_comes_through_the_real_audio_stack(tmp_path: Path) -> None:
    with StethoscopeSimulator("normal", seed=4) as sim:
        # A whole loop of the sound each (5 beats, a breath): the levels compare.
        done = _read(sim, tmp_path / "coeur.wav", "--seconds", "4.2")
        assert done.returncode == 0, done.stderr
        quieter = _read(sim, tmp_path / "moins.wav", "--seconds", "4.2", "--gain", "0.5", "--json")
    assert "enregistré" in done.stdout
    path = tmp_path / "coeur.wav"
    assert path.stat().st_mode & 0o777 == 0o600  # the patient's sound
    samples, rate = _samples(path)
    assert rate == RATE and len(samples) == int(4.2 * RATE)
    # 72 beats a minute: one every 0.83 s.
    assert abs(beat_period(samples, rate) - 60 / 72) < 0.06
    # The heart sounds' low frequencies are there (40 Hz: S1, and S3 when there is one),
    # well above what the breath noise leaves at 3 kHz.
    assert _power(samples, rate, 40) > 5 * _power(samples, rate, 3000)
    import json

    assert quieter.returncode == 0, quieter.stderr
    figures = json.loads(quieter.stdout)
    assert figures["gain"] == 0.5 and figures["seconds"] == 4.2
    full = _samples(path)[0]
    level = 10 * math.log10(sum(x * x for x in full) / len(full) / 32767**2)
    assert figures["level_dbfs"] < level - 4  # half the gain: about 6 dB lower


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ("silence", "Aucun son au stéthoscope"),
        ("clipping", "sature : baissez le gain"),
        ("unplug", "ne transmet plus de son"),
    ],
)
def test_each_fault_is_said_and_the_sound_is_kept(fault: str, words: str, tmp_path: Path) -> None:
    out = tmp_path / "son.wav"
    with StethoscopeSimulator("normal", fault=fault, seed=5) as sim:
        done = _read(sim, out, "--seconds", "2")
    assert done.returncode == 2
    assert words in done.stderr and "Traceback" not in done.stderr
    assert out.exists() and out.stat().st_mode & 0o777 == 0o600  # what came is kept
    samples, _ = _samples(out)
    assert len(samples) > 0


def test_the_test_signal_comes_through_bit_for_bit(tmp_path: Path) -> None:
    """What the frequency-response bench relies on: between the simulator and the call, the
    driver and PortAudio change nothing (the samples read are a stretch of the loop)."""
    with StethoscopeSimulator("tones") as sim:
        done = _read(sim, tmp_path / "tons.wav", "--seconds", "2")
    assert done.returncode == 0, done.stderr
    samples, rate = _samples(tmp_path / "tons.wav")
    assert rate == RATE and len(samples) == 2 * RATE
    loop = sweep_and_tones()
    read = samples.tobytes()
    assert read in loop + loop[: len(read)]


def test_a_stethoscope_not_plugged_is_said(tmp_path: Path) -> None:
    with StethoscopeSimulator("normal") as sim:
        env = dict(os.environ, ALSA_CONFIG_PATH=sim.alsa_config_path)
        done = subprocess.run(
            [*STATION, "devices", "read", "stethoscope", "--port", "Thinklabs One"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2 and "Stéthoscope introuvable" in done.stderr


def test_a_usb_stethoscope_not_plugged_is_said(tmp_path: Path) -> None:
    done = subprocess.run(
        [*STATION, "devices", "read", "stethoscope", "--port", "usb:1d6b:0abc"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "Stéthoscope USB introuvable" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_simulator_and_the_reader_as_two_commands(tmp_path: Path) -> None:
    """As the README shows: ``station devices simulate stethoscope`` in one terminal, then
    ``station devices read stethoscope --port NAME`` with its ALSA_CONFIG_PATH in another."""
    import signal

    sim = subprocess.Popen(
        [*STATION, "devices", "simulate", "stethoscope", "--profile", "s3"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert sim.stdout is not None
        port = sim.stdout.readline().removeprefix("port: ").strip()
        config = sim.stdout.readline().strip().removeprefix("ALSA_CONFIG_PATH=")
        assert port and config
        out = tmp_path / "s3.wav"
        read = [*STATION, "devices", "read", "stethoscope", "--port", port]
        done = subprocess.run(
            [*read, "--seconds", "2", "--output", str(out)],
            env=dict(os.environ, ALSA_CONFIG_PATH=config),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert len(_samples(out)[0]) == 2 * RATE
    finally:
        sim.send_signal(signal.SIGTERM)
        assert sim.wait(30) == 0
