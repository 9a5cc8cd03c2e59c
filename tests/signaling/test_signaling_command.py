"""`station-signaling` as the README runs it, in a subprocess: it serves the doctor page and
the WebSocket rooms, on one node and with --redis (a real redis-server)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .test_redis_nodes import _free_port, redis_url  # noqa: F401 (the fixture)

SCRIPT = Path(sys.executable).with_name("station-signaling")


def _serve(*extra: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[str], int]:
    port = _free_port()
    proc = subprocess.Popen(
        [str(SCRIPT), "--host", "127.0.0.1", "--port", str(port), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(env or os.environ, STATION_SIGNALING_SECRET="ab" * 32),
    )
    return proc, port


def _page(proc: subprocess.Popen[str], port: int) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(proc.stderr.read() if proc.stderr else "exited")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as answer:
                return answer.read().decode("utf-8")
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the server never answered")


def _stop(proc: subprocess.Popen[str]) -> str:
    proc.terminate()  # SIGTERM, as systemd stops it
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err[-2000:]
    return err


def test_the_server_starts_and_serves_the_doctor_page() -> None:
    proc, port = _serve()
    try:
        page = _page(proc, port)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as health:
            assert health.status == 200
    finally:
        err = _stop(proc)
    assert "<html" in page.lower() and "doctor.js" in page
    assert "Traceback" not in err


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server not installed")
def test_the_server_starts_on_redis(redis_url: str) -> None:  # noqa: F811
    proc, port = _serve("--redis", redis_url)
    try:
        page = _page(proc, port)
    finally:
        err = _stop(proc)
    assert "doctor.js" in page and "Traceback" not in err


def test_the_server_starts_on_its_default_registry_twice(tmp_path: Path) -> None:
    """As the README runs it: no database given, so the registry in the service's data folder
    (here under a test's XDG_DATA_HOME); a second start finds it migrated already."""
    env = {k: v for k, v in os.environ.items() if k != "STATION_SERVICE_DATABASE"}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    for _ in range(2):
        proc, port = _serve(env=env)
        try:
            page = _page(proc, port)
        finally:
            err = _stop(proc)
        assert "doctor.js" in page and "Traceback" not in err
    assert (tmp_path / "data" / "station-service" / "registry.sqlite3").exists()
