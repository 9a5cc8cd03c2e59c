"""What the call tests share: a real signaling server on loopback, and a polling wait."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from aiohttp import web

from station.signaling.server import make_app


async def serve_signaling(secret: bytes, port: int = 0) -> tuple[web.AppRunner, str]:
    """Start the signaling server on 127.0.0.1; returns the runner and ``host:port``."""
    runner = web.AppRunner(make_app(secret))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port, reuse_address=True).start()
    return runner, f"127.0.0.1:{runner.addresses[0][1]}"


async def until(predicate: Any, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.05)


def decoded_frames(video_id: str) -> str:
    """JavaScript: how many frames a <video> of the doctor's page has decoded."""
    return f"document.getElementById('{video_id}').getVideoPlaybackQuality().totalVideoFrames"


async def wait_for_frames(page: Any, video_id: str, count: int, timeout_ms: int = 30_000) -> None:
    """Until the page's <video> has decoded more than ``count`` frames."""
    await page.wait_for_function(f"{decoded_frames(video_id)} > {count}", timeout=timeout_ms)


async def video_bytes_sent(pc: Any) -> int:
    """Video bytes an RTCPeerConnection has sent, from its own RTP statistics (0 without one)."""
    if pc is None:
        return 0
    report = await pc.getStats()
    return sum(
        int(s.bytesSent) for s in report.values() if s.type == "outbound-rtp" and s.kind == "video"
    )


# An invited doctor (a link, no sign-in) says who they are before joining.
INVITED_NAME, INVITED_RPPS = "Dr Inès INVITÉE", "10001234567"


async def open_invitation(page: Any, link: str) -> None:
    await page.goto(link)
    await page.locator("#declared-name").press_sequentially(INVITED_NAME)
    await page.locator("#declared-rpps").press_sequentially(INVITED_RPPS)
    await page.click("#declare-go")


def open_invitation_sync(page: Any, link: str) -> None:
    page.goto(link)
    page.locator("#declared-name").press_sequentially(INVITED_NAME)
    page.locator("#declared-rpps").press_sequentially(INVITED_RPPS)
    page.click("#declare-go")
