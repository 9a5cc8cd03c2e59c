"""`station demo` as a user runs it: the app, its doctor link, and the scripted consultation."""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def _env(tmp_path: Path) -> dict[str, str]:
    # No keyring backend in a child process: the demo says so and keeps a temporary record.
    # HOME too: the reports go to the user's documents folder.
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_DATA_HOME=str(tmp_path),
        HOME=str(tmp_path),
        XDG_DOCUMENTS_DIR=str(tmp_path / "Documents"),
    )


def _keyring_env(tmp_path: Path) -> dict[str, str]:
    """A child with a keyring (the test's own): its record is kept, in the demo's folder."""
    return dict(
        _env(tmp_path),
        STATION_TEST_RECORD_KEY=base64.b64encode(bytes(range(32))).decode(),
        PYTHON_KEYRING_BACKEND="env_keyring.EnvKeyring",
        PYTHONPATH=str(Path(__file__).resolve().parents[1]),
    )


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
        env=_keyring_env(tmp_path),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert any(line.startswith("doctor: http://127.0.0.1:") for line in lines)
    ids = [
        line.removeprefix("consultation: ") for line in lines if line.startswith("consultation: ")
    ]
    assert len(ids) == 1 and len(ids[0]) == 32
    # The report is where the demo says, owner-only, and the FHIR document beside it.
    (pdf,) = [Path(line.removeprefix("report: ")) for line in lines if line.startswith("report: ")]
    (fhir,) = [Path(line.removeprefix("fhir: ")) for line in lines if line.startswith("fhir: ")]
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.parent == tmp_path / "Documents" / (
        "Station (démonstration)"
    )
    assert json.loads(fhir.read_text("utf-8"))["resourceType"] == "Bundle"
    assert pdf.stat().st_mode & 0o777 == 0o600 and fhir.stat().st_mode & 0o777 == 0o600
    # The demo's record is found again where the demo said, by the commands it named.
    assert any("station records list --demo" in line for line in lines)
    listed = subprocess.run(
        [sys.executable, "-m", "station", "records", "list", "--demo"],
        capture_output=True,
        text=True,
        timeout=60,
        env=_keyring_env(tmp_path),
    )
    assert listed.returncode == 0 and ids[0] in listed.stdout, listed.stderr
    again = tmp_path / "again.pdf"
    exported = subprocess.run(
        [sys.executable, "-m", "station", "export", ids[0], "--demo", "--pdf", str(again)],
        capture_output=True,
        text=True,
        timeout=60,
        env=_keyring_env(tmp_path),
    )
    assert exported.returncode == 0, exported.stderr
    assert again.read_bytes().startswith(b"%PDF") and again.stat().st_mode & 0o777 == 0o600
    shots = sorted(p.name for p in (tmp_path / "shots").glob("*.png"))
    assert shots == [
        "1-sign-in.png",
        "2-home.png",
        "3-patient.png",
        "4-consultation.png",
        "5-report.png",
    ]
    assert "Traceback" not in result.stderr


def test_scripted_demo_plays_a_day_of_consultations_in_one_window(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "station", "demo", "--scripted", "--count", "3", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=600,
        env=_env(tmp_path),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    ids = [
        line.removeprefix("consultation: ") for line in lines if line.startswith("consultation:")
    ]
    links = [line for line in lines if line.startswith("doctor: ")]
    assert len(ids) == 3 and len(set(ids)) == 3
    assert len(links) == 3 and len(set(links)) == 3  # a room and a one-time link each
    assert "Traceback" not in result.stderr


def test_demo_shows_no_doctor_link_before_a_patient_and_stops_cleanly(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "station", "demo", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(tmp_path),
    )
    try:
        deadline = time.monotonic() + 60
        said: list[str] = []
        assert proc.stdout is not None
        # The demo is up once it says where the link will appear; no room is open before.
        while time.monotonic() < deadline and not any("identifié" in line for line in said):
            said.append(proc.stdout.readline())
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err[-2000:]
    assert not any(line.startswith("doctor: ") for line in [*said, *out.splitlines()])


def test_a_second_window_on_the_same_record_is_refused_and_writes_nothing(
    tmp_path: Path,
) -> None:
    tests = Path(__file__).resolve().parents[1]
    env = dict(
        _env(tmp_path),
        STATION_DATA_DIR=str(tmp_path / "record"),
        STATION_TEST_RECORD_KEY=base64.b64encode(bytes(range(32))).decode(),
        PYTHON_KEYRING_BACKEND="env_keyring.EnvKeyring",
        PYTHONPATH=str(tests),
    )
    first = subprocess.Popen(
        [sys.executable, "-m", "station", "demo", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert first.stdout is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "identifié" not in first.stdout.readline():
            pass
        files = sorted((tmp_path / "record").iterdir())
        before = {p.name: p.read_bytes() for p in files}
        second = subprocess.run(
            [sys.executable, "-m", "station", "demo", "--port", "0"],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
        after = {p.name: p.read_bytes() for p in sorted((tmp_path / "record").iterdir())}
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=30)
    assert second.returncode != 0
    (line,) = second.stderr.strip().splitlines()
    assert line.startswith("Erreur : ") and "déjà ouvert par une autre fenêtre" in line
    assert after == before
    assert first.returncode == 0


def test_a_damaged_record_is_set_aside_and_the_demo_still_starts(tmp_path: Path) -> None:
    env = dict(_keyring_env(tmp_path), STATION_DATA_DIR=str(tmp_path / "record"))
    (tmp_path / "record").mkdir()
    (tmp_path / "record" / "record.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    result = subprocess.run(
        [sys.executable, "-m", "station", "demo", "--scripted", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "était endommagé : il a été mis de côté" in result.stdout
    assert any(line.startswith("consultation: ") for line in result.stdout.splitlines())
    kept = [p.name for p in (tmp_path / "record").iterdir() if ".endommage-" in p.name]
    assert kept  # kept for the support, never deleted
