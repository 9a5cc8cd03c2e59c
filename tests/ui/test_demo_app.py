"""`station demo` as a user runs it: the app, its doctor link, and the scripted consultation."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def _env(tmp_path: Path) -> dict[str, str]:
    # No keyring backend in a child process: the demo says so and keeps a temporary record.
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path))


def test_scripted_demo_plays_a_whole_consultation(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "station",
            "demo",
            "--scripted",
            "--port",
            "0",
            "--screenshots",
            str(tmp_path / "shots"),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        env=_env(tmp_path),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert any(line.startswith("doctor: http://127.0.0.1:") for line in lines)
    ids = [
        line.removeprefix("consultation: ") for line in lines if line.startswith("consultation: ")
    ]
    assert len(ids) == 1 and len(ids[0]) == 32
    shots = sorted(p.name for p in (tmp_path / "shots").glob("*.png"))
    assert shots == [
        "1-sign-in.png",
        "2-home.png",
        "3-patient.png",
        "4-consultation.png",
        "5-report.png",
    ]
    assert "Traceback" not in result.stderr


def test_demo_prints_the_doctor_link_and_stops_cleanly(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "station", "demo", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(tmp_path),
    )
    try:
        deadline = time.monotonic() + 60
        link = ""
        assert proc.stdout is not None
        while time.monotonic() < deadline and not link:
            line = proc.stdout.readline()
            if line.startswith("doctor: "):
                link = line.removeprefix("doctor: ").strip()
        assert link.startswith("http://127.0.0.1:") and "#room=" in link and "token=" in link
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err[-2000:]
