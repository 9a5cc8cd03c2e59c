"""A slowloris cannot lock doctors out: 1,000 connections that send their headers a byte at a
time are held against the real service, and a doctor still joins within 5 s; one address
cannot hold more than its share; the slow ones are cut after the header deadline."""

from __future__ import annotations

import asyncio
import socket
import sys
import time
from pathlib import Path

import pytest

from station.call.signaling_client import SignalingClient
from station.signaling import tokens
from station.signaling.guard import HEADER_TIMEOUT, PER_ADDRESS
from tests.fleet import running_service

SLOW = 1000
PER_SOURCE = 50  # under the cap: each source address holds all it opens


@pytest.fixture(autouse=True)
def enough_files() -> None:
    if sys.platform != "linux":
        pytest.skip("source addresses 127.0.0.x are a Linux loopback feature")
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < SLOW + 500:
        pytest.skip(f"the machine allows {hard} open files")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, SLOW + 500), hard))


def _slow_connection(port: int, source: str) -> socket.socket:
    s = socket.socket()
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # and never the end
    s.setblocking(False)
    return s


def _closed(s: socket.socket) -> bool:
    try:
        return s.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def test_a_doctor_joins_while_a_thousand_slow_connections_are_held(tmp_path: Path) -> None:
    with running_service(tmp_path) as (url, env):
        port = int(url.rsplit(":", 1)[1])
        slow = [_slow_connection(port, f"127.0.0.{2 + i // PER_SOURCE}") for i in range(SLOW)]
        greedy = [_slow_connection(port, "127.0.1.1") for _ in range(PER_ADDRESS + 20)]
        try:
            secret = env["STATION_SIGNALING_SECRET"].encode()

            async def doctor_joins() -> float:
                token = tokens.issue(secret, "room-under-load", "doctor", 60, one_time=True)
                client = SignalingClient(
                    url.replace("http", "ws") + "/ws", "room-under-load", token
                )
                started = time.monotonic()
                try:
                    await asyncio.wait_for(client.connect(), 5)
                    return time.monotonic() - started
                finally:
                    await client.close()

            joined_in = asyncio.run(doctor_joins())
            held = sum(not _closed(s) for s in slow)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and sum(_closed(s) for s in greedy) < 20:
                time.sleep(0.1)  # polling the refusals, not waiting for a result
            refused = sum(_closed(s) for s in greedy)
            deadline = time.monotonic() + HEADER_TIMEOUT + 20
            while time.monotonic() < deadline and not all(_closed(s) for s in slow):
                time.sleep(0.2)
            cut = sum(_closed(s) for s in slow)
        finally:
            for s in slow + greedy:
                s.close()
    assert joined_in < 5
    assert held == SLOW  # all held when the doctor joined: the guard did not need to cut them
    assert refused >= 20  # one address gets no more than its share
    assert cut == SLOW  # the header deadline cut every slowloris
