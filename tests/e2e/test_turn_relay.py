"""NAT traversal: a call forced to relay-only (iceTransportPolicy "relay" in the browser)
through a real coturn on loopback, with the TURN REST-API shared secret the signaling server
uses; video and data still flow, and the selected path is the relay."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
from aiohttp import web

from drivers.uvc_camera import UvcCamera
from station.call.peer import StationPeer
from station.call.signaling_client import SignalingClient
from station.protocol import channel as wire
from station.signaling import tokens
from station.signaling.ice import IceConfig
from station.signaling.server import make_app
from tests.chromium import launch_options

from .support import INVITED_RPPS, open_invitation, wait_for_frames

playwright_api = pytest.importorskip("playwright.async_api")
pytestmark = pytest.mark.skipif(
    shutil.which("turnserver") is None or shutil.which("chromium") is None,
    reason="needs Debian's coturn and chromium (.ci/run installs them)",
)

SECRET = b"s" * 32
TURN_SECRET = "turn-shared-secret-for-the-test"
ROOM = "consultation-relay-1"


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def coturn(tmp_path: Any) -> Iterator[int]:
    port = _free_udp_port()
    relay_base = 40000 + (port % 20000)
    proc = subprocess.Popen(
        [
            "turnserver",
            "-n",
            "--no-cli",
            "--no-tls",
            "--no-dtls",
            "--fingerprint",
            "--listening-ip=127.0.0.1",
            f"--listening-port={port}",
            "--relay-ip=127.0.0.1",
            f"--min-port={relay_base}",
            f"--max-port={relay_base + 100}",
            "--use-auth-secret",
            f"--static-auth-secret={TURN_SECRET}",
            "--realm=station.test",
            "--allow-loopback-peers",
            f"--pidfile={tmp_path / 'turn.pid'}",
            "--log-file=stdout",
            "--simple-log",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    time.sleep(0.5)  # coturn binds at once; a failed start shows in the test's own error
    try:
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


async def test_relay_only_call_through_coturn(coturn: int) -> None:
    ice = IceConfig(
        turn_urls=(f"turn:127.0.0.1:{coturn}?transport=udp",),
        turn_secret=TURN_SECRET.encode(),
        relay_only=True,
    )
    runner = web.AppRunner(make_app(SECRET, ice))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    address = f"127.0.0.1:{runner.addresses[0][1]}"
    received: list[dict[str, Any]] = []
    station = StationPeer(
        SignalingClient(f"ws://{address}/ws", ROOM, tokens.issue(SECRET, ROOM, "station", 120)),
        UvcCamera("lavfi:testsrc2=size=640x480:rate=30"),
    )
    station.message.connect(lambda message: received.append(wire.as_dict(message)))
    link = (
        f"http://{address}/#room={ROOM}"
        f"&token={tokens.issue(SECRET, ROOM, 'doctor', 600, one_time=True)}"
    )
    async with playwright_api.async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_options())
        try:
            await station.start()
            page = await browser.new_page(bypass_csp=True)  # the test's own probes evaluate script
            await open_invitation(page, link)
            await wait_for_frames(page, "remote", 10)
            local_type = await page.evaluate(
                """async () => {
                  const stats = await pc.getStats();
                  let pair = null;
                  stats.forEach((s) => { if (s.type === 'transport' && s.selectedCandidatePairId)
                    pair = stats.get(s.selectedCandidatePairId); });
                  return pair ? stats.get(pair.localCandidateId).candidateType : null;
                }"""
            )
            assert local_type == "relay"
            await page.get_by_role("button", name="Poids").click()
            deadline = time.monotonic() + 10
            requests = [m for m in received if m["type"] == "request"]  # not its "who I am"
            while not requests and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
                requests = [m for m in received if m["type"] == "request"]
            assert [(m["type"], m.get("kind")) for m in requests] == [("request", "scale")]
            assert [m["rpps"] for m in received if m["type"] == "doctor"][:1] == [INVITED_RPPS]
        finally:
            await browser.close()
            await station.close()
            await runner.cleanup()
