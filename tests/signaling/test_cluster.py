"""The fleet's service as a cluster, from the files in deploy/: HAProxy (deploy/haproxy.cfg,
TLS termination, health checks on /readyz) in front of two nodes sharing rooms through a real
redis-server and their registry in a real PostgreSQL. A station (its own process) and a doctor
in Chromium are in a call through HAProxy; the node holding the station is killed with SIGKILL
mid-call: both rejoin through the other node, the video goes on, and every reading reaches the
doctor once. Then Redis is restarted: the service recovers by itself, and the doctor's page,
reloaded, rejoins and gets the video and the new readings."""

from __future__ import annotations

import asyncio
import base64
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from tests import postgres_server
from tests.chromium import launch_options
from tests.e2e.support import open_invitation_sync
from tests.fleet import BIN, enrollment_code

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in ("haproxy", "redis-server", "chromium", "openssl"))
    or bool(postgres_server.unavailable()),
    reason="needs Debian's haproxy, redis-server, chromium, openssl and postgresql",
)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(check, what: str, timeout: float = 30) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out: {what}")
        time.sleep(0.1)  # polling a condition, not waiting for a result


def _certificate(folder: Path) -> tuple[Path, Path, Path]:
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    pem = folder / "haproxy.pem"
    pem.write_bytes(cert.read_bytes() + key.read_bytes())
    return cert, key, pem


@contextmanager
def _process(args: list[str], log: Path, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _get(url: str, context: ssl.SSLContext) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2, context=context) as answer:
            return int(answer.status)
    except OSError:
        return 0


def test_a_call_survives_a_node_killed_behind_haproxy(tmp_path: Path) -> None:
    playwright_api = pytest.importorskip("playwright.sync_api")
    cert, key, pem = _certificate(tmp_path)
    trust = ssl.create_default_context(cafile=str(cert))
    front, redis_port, nodes = _port(), _port(), [_port(), _port()]
    with ExitStack() as stack:
        database = stack.enter_context(postgres_server.postgres())
        redis_args = [
            "redis-server",
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ]
        redis = [
            stack.enter_context(_process(redis_args, tmp_path / "redis.log", dict(os.environ)))
        ]
        env = dict(
            os.environ,
            STATION_SERVICE_DATABASE=database,
            STATION_SIGNALING_SECRET=base64.b64encode(os.urandom(32)).decode(),
        )
        procs = []
        for number, port in enumerate(nodes, start=1):
            procs.append(
                stack.enter_context(
                    _process(
                        [
                            str(BIN / "station-signaling"),
                            "--port",
                            str(port),
                            "--tls-cert",
                            str(cert),
                            "--tls-key",
                            str(key),
                            "--redis",
                            f"redis://127.0.0.1:{redis_port}/0",
                            "--public-url",
                            f"https://127.0.0.1:{front}",
                            "--max-per-address",
                            "0",
                        ],
                        tmp_path / f"node{number}.log",
                        env,
                    )
                )
            )
            # One at a time: the first migrates the registry, the second finds it done.
            _wait(lambda p=port: _get(f"https://127.0.0.1:{p}/readyz", trust) == 200, "node")
        haproxy_env = dict(
            os.environ,
            STATION_FRONT=f"127.0.0.1:{front}",
            STATION_TLS_PEM=str(pem),
            STATION_NODE1=f"127.0.0.1:{nodes[0]}",
            STATION_NODE2=f"127.0.0.1:{nodes[1]}",
            STATION_NODE_CA=str(cert),
        )
        stack.enter_context(
            _process(
                ["haproxy", "-db", "-f", str(ROOT / "deploy" / "haproxy.cfg")],
                tmp_path / "haproxy.log",
                haproxy_env,
            )
        )
        url = f"https://127.0.0.1:{front}"
        _wait(lambda: _get(f"{url}/readyz", trust) == 200, "HAProxy", 60)
        code = enrollment_code(env, "Cabine du cluster", "Pharmacie du Marché")
        station = subprocess.Popen(
            [sys.executable, str(TESTS / "cluster_station.py"), url, code],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=(tmp_path / "station.log").open("wb"),
            env=dict(os.environ, SSL_CERT_FILE=str(cert), PYTHONPATH=str(ROOT)),
            text=True,
        )
        stack.callback(lambda: station.kill() if station.poll() is None else None)
        assert station.stdout is not None and station.stdin is not None
        first = station.stdout.readline()
        assert first.startswith("doctor: "), (tmp_path / "station.log").read_text()[-2000:]
        link = first.removeprefix("doctor: ").strip()

        def send(count: int) -> None:
            station.stdin.write(f"send {count}\n")
            station.stdin.flush()
            assert station.stdout.readline().startswith("sent ")

        with playwright_api.sync_playwright() as pw:
            browser = pw.chromium.launch(**launch_options())
            try:
                page = browser.new_page(ignore_https_errors=True, bypass_csp=True)
                open_invitation_sync(page, link)
                frames = (
                    "document.getElementById('remote').getVideoPlaybackQuality().totalVideoFrames"
                )
                page.wait_for_function(f"() => {frames} > 5", timeout=60_000)
                send(5)
                page.wait_for_function(
                    "() => document.querySelectorAll('#vitals li').length >= 5", timeout=30_000
                )
                logs = [tmp_path / "node1.log", tmp_path / "node2.log"]
                holder = next(
                    i for i, log in enumerate(logs) if "station joined" in log.read_text()
                )
                other = logs[1 - holder]
                rejoined_before = other.read_text().count("station joined")
                procs[holder].send_signal(signal.SIGKILL)
                procs[holder].wait(timeout=10)
                _wait(
                    lambda: other.read_text().count("station joined") > rejoined_before,
                    "the station rejoined through the other node",
                )
                _wait(lambda: "doctor joined" in other.read_text(), "the doctor rejoined")
                seen = page.evaluate(f"() => {frames}")
                page.wait_for_function(f"() => {frames} > {seen + 15}", timeout=30_000)
                send(5)
                page.wait_for_function(
                    "() => document.querySelectorAll('#vitals li').length >= 10", timeout=30_000
                )
                items = page.locator("#vitals li").all_inner_texts()
                # Redis is restarted mid-call (nothing kept): the service recovers by itself,
                # and a doctor's page reloaded then rejoins, gets the video and new readings.
                redis[0].kill()
                redis[0].wait(timeout=10)
                redis.append(
                    stack.enter_context(
                        _process(redis_args, tmp_path / "redis-again.log", dict(os.environ))
                    )
                )
                _wait(lambda: _get(f"{url}/readyz", trust) == 200, "ready after Redis", 60)
                page.reload()
                page.wait_for_function(f"() => {frames} > 5", timeout=60_000)
                send(5)
                page.wait_for_function(
                    "() => document.querySelectorAll('#vitals li').length >= 5", timeout=30_000
                )
                after_restart = page.locator("#vitals li").all_inner_texts()
                state = page.inner_text("#state")
            finally:
                browser.close()
        station.stdin.write("quit\n")
        station.stdin.flush()
        station.wait(timeout=30)
    systolic = sorted(int(t.split("systolique ")[1].split()[0]) for t in items if "systolique" in t)
    assert systolic == list(range(121, 131))  # each of the ten readings, once
    again = sorted(
        int(t.split("systolique ")[1].split()[0]) for t in after_restart if "systolique" in t
    )
    assert again == list(range(131, 136))  # after Redis restarted: the new ones, once
    assert "refus" not in state and "invalide" not in state
    asyncio.get_event_loop_policy()  # (no loop left behind by the sync API)
