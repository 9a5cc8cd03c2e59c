"""The fleet's service as its operator runs it, for tests: ``station-signaling`` started as a
subprocess on loopback with its own registry and secret, and its operator's commands."""

from __future__ import annotations

import base64
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN = Path(sys.executable).parent
TESTS = Path(__file__).resolve().parents[1]
CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_service(
    tmp_path: Path,
    args: tuple[str, ...] = (),
    extra_env: dict[str, str] | None = None,
    port: int | None = None,
) -> Iterator[tuple[str, dict[str, str]]]:
    """The service's URL and the environment its operator's commands run with."""
    env = dict(
        os.environ,
        STATION_SERVICE_DATABASE=f"sqlite:///{tmp_path / 'service' / 'registry.sqlite3'}",
        STATION_SIGNALING_SECRET=base64.b64encode(os.urandom(32)).decode(),
        **(extra_env or {}),
    )
    (tmp_path / "service").mkdir(exist_ok=True)
    port = port or free_port()
    log = tmp_path / "service" / "log.txt"  # a file, not a pipe nobody reads until the end
    proc = subprocess.Popen(
        [str(BIN / "station-signaling"), "--port", str(port), *args],
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
        text=True,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(log.read_text()) from None
            time.sleep(0.1)  # polling the service's start, not waiting for a result
    try:
        yield url, env
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert "Traceback" not in log.read_text()


def operator(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "station-signaling"), *args], capture_output=True, text=True, timeout=60, env=env
    )


def enrollment_code(env: dict[str, str], name: str, organisation: str) -> str:
    issued = operator(env, "enroll", "--name", name, "--organisation", organisation)
    assert issued.returncode == 0, issued.stderr
    code = CODE.search(issued.stdout)
    assert code is not None, issued.stdout
    return code.group()
