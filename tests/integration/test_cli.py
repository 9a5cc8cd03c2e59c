"""The `station` command as a user runs it: separate processes, real ptys."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

STATION = [sys.executable, "-m", "station"]


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["STATION_CONFIG"] = str(tmp_path / "station.toml")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    return env


def run(tmp_path: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*STATION, *args], capture_output=True, text=True, timeout=timeout, env=_env(tmp_path)
    )


@pytest.fixture
def simulator(
    tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    args = request.param
    proc = subprocess.Popen(
        [*STATION, "devices", "simulate", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(tmp_path),
    )
    assert proc.stdout is not None
    first = proc.stdout.readline().strip()
    assert first.startswith("port: "), first
    yield first.removeprefix("port: "), proc
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)


@pytest.mark.parametrize(
    "simulator", [["blood-pressure", "--profile", "hypertensive"]], indirect=True
)
def test_read_json_from_a_simulator_in_another_process(tmp_path: Path, simulator) -> None:  # type: ignore[no-untyped-def]
    port, proc = simulator
    result = run(tmp_path, "devices", "read", "blood-pressure", "--port", port, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "blood-pressure"
    loinc = {c["loinc"]: c for c in data["components"]}
    assert loinc["8480-6"]["unit"] == "mm[Hg]" and 150 <= loinc["8480-6"]["value"] <= 180
    assert loinc["8462-4"]["unit"] == "mm[Hg]"
    assert data["device"]["driver"] == "beurer-bm58"
    assert {"time", "flags"} <= data.keys()
    # SIGTERM ends the simulator cleanly
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 0


@pytest.mark.parametrize("simulator", [["thermometer", "--profile", "fever"]], indirect=True)
def test_read_prints_a_french_line(tmp_path: Path, simulator) -> None:  # type: ignore[no-untyped-def]
    port, _ = simulator
    result = run(tmp_path, "devices", "read", "thermometer", "--port", port)
    assert result.returncode == 0, result.stderr
    assert "température" in result.stdout and "°C" in result.stdout
    assert "39," in result.stdout  # French decimal comma, fever profile


@pytest.mark.parametrize("simulator", [["oximeter", "--fault", "silence"]], indirect=True)
def test_device_fault_is_one_clear_line_without_traceback(tmp_path: Path, simulator) -> None:  # type: ignore[no-untyped-def]
    port, _ = simulator
    result = run(tmp_path, "devices", "read", "oximeter", "--port", port, "--timeout", "3")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Erreur")]
    assert len(errors) == 1 and "oxymètre" in errors[0]


def test_missing_port_is_one_clear_line(tmp_path: Path) -> None:
    result = run(tmp_path, "devices", "read", "blood-pressure", "--port", "/dev/station-none")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("Erreur : Impossible d’ouvrir")


def test_no_device_found_tells_what_to_do(tmp_path: Path) -> None:
    result = run(tmp_path, "devices", "read", "scale")
    assert result.returncode != 0 and "--port" in result.stderr and "Traceback" not in result.stderr


def test_configured_port_is_used(tmp_path: Path) -> None:
    (tmp_path / "station.toml").write_text(
        'schema = 1\n[devices.scale]\nport = "/dev/station-configured"\n', encoding="utf-8"
    )
    result = run(tmp_path, "devices", "read", "scale")
    assert result.returncode != 0 and "/dev/station-configured" in result.stderr


def test_broken_settings_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "station.toml").write_text("schema = [", encoding="utf-8")
    result = run(tmp_path, "devices", "read", "scale")
    assert (
        result.returncode != 0 and "réglages" in result.stderr and "Traceback" not in result.stderr
    )


def test_camera_still_to_file(tmp_path: Path) -> None:
    out = tmp_path / "otoscope.png"
    result = run(
        tmp_path,
        "devices",
        "read",
        "camera",
        "--port",
        "lavfi:testsrc2=size=640x480:rate=30",
        "--output",
        str(out),
        "--json",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["width"] == 640
    assert out.read_bytes().startswith(b"\x89PNG")


def test_devices_list(tmp_path: Path) -> None:
    result = run(tmp_path, "devices", "list")
    assert result.returncode == 0
    assert "contec-cms50d" in result.stdout and "uvc-camera" in result.stdout


def test_demo_reads_every_simulated_device(tmp_path: Path) -> None:
    result = run(tmp_path, "demo", "--devices", timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    for words in ("tension artérielle", "température", "SpO2", "poids", "1280×720"):
        assert words in result.stdout
    assert "échec" not in result.stdout


def test_demo_on_a_busy_port_says_so(tmp_path: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run(tmp_path, "demo", "--call", "--port", str(port), timeout=60)
    assert result.returncode == 64
    assert "déjà utilisé" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [["--bogus"], ["devices", "read"], ["demo", "--count", "beaucoup"], ["enroll", "https://x"]],
)
def test_a_bad_argument_gets_one_french_line(tmp_path: Path, args: list[str]) -> None:
    result = run(tmp_path, *args)
    assert result.returncode == 64
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Erreur : argument refusé"), result.stderr
