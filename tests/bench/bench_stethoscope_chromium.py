"""The stethoscope's line to the doctor's page in Chromium under packet loss (prints figures,
asserts nothing).

    python tests/bench/bench_stethoscope_chromium.py [--seconds 20]

The station's peer (its ``StethoscopeTrack`` and encoder, the simulator's heart as the sound)
calls the doctor's page in Debian's Chromium through the real signaling server; the station
drops 0, 2, 5 and 10 % of the stethoscope line's RTP packets at random as it sends them (a
lossy network). For each, from Chromium's own statistics of that line (``inbound-rtp``):
packets lost, the share of samples NetEQ concealed, the jitter buffer's mean delay, and the
samples it stretched or shrank to keep time. In the same run, 0 % is the baseline.

The other side of the same measure (aiortc's receiver and the station's) is
``tests/bench/bench_stethoscope_call.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from aiortc.rtcdtlstransport import RTCDtlsTransport
from playwright.async_api import async_playwright

from drivers.sim.stethoscope import PROFILES, synthesize
from drivers.uvc_camera import UvcCamera
from station.call.peer import StationPeer
from station.call.signaling_client import SignalingClient
from station.signaling import tokens
from tests.bench.bench_stethoscope_call import Source
from tests.chromium import AUTOPLAY, launch_options
from tests.e2e.support import open_invitation, serve_signaling, until

SECRET = b"c" * 32
ROOM = "bench-stethoscope-chromium"
LOSSES = (0.0, 0.02, 0.05, 0.10)
STATS = """async () => {
  const id = document.getElementById('stethoscope-box').dataset.trackId;
  for (const s of (await pc.getStats()).values()) {
    if (s.type === 'inbound-rtp' && s.kind === 'audio' && s.trackIdentifier === id) return {
      received: s.packetsReceived, lost: s.packetsLost, samples: s.totalSamplesReceived,
      concealed: s.concealedSamples, delay: s.jitterBufferDelay,
      emitted: s.jitterBufferEmittedCount, stretched: s.insertedSamplesForDeceleration,
      shrunk: s.removedSamplesForAcceleration};
  }
  return null;
}"""


class LossyLine:
    """Drops the stethoscope line's packets (known by SSRC) at ``share`` as they are sent."""

    def __init__(self) -> None:
        self.share = 0.0
        self.ssrc: int | None = None
        self.rng = random.Random(11)
        self.original = RTCDtlsTransport._send_rtp

    def __enter__(self) -> LossyLine:
        line = self

        async def lossy(transport: Any, data: bytes) -> None:
            is_rtp = len(data) >= 12 and not 192 <= data[1] <= 223
            ours = is_rtp and int.from_bytes(data[8:12], "big") == line.ssrc
            if ours and line.rng.random() < line.share:
                return
            await line.original(transport, data)

        RTCDtlsTransport._send_rtp = lossy  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        RTCDtlsTransport._send_rtp = self.original  # type: ignore[method-assign]


def _delta(after: dict[str, float], before: dict[str, float], key: str) -> float:
    return float(after[key] or 0) - float(before[key] or 0)


async def main(seconds: float) -> int:
    runner, address = await serve_signaling(SECRET)
    camera = UvcCamera("lavfi:testsrc2=size=320x240:rate=15")
    source = Source(synthesize(PROFILES["normal"], seed=1))
    station = StationPeer(
        SignalingClient(f"ws://{address}/ws", ROOM, tokens.issue(SECRET, ROOM, "station", 900)),
        camera,
        stethoscope=source,
    )
    link = tokens.issue(SECRET, ROOM, "doctor", 900, one_time=True)
    print(f"{seconds:.0f} s a loss level; Chromium's statistics of the stethoscope's line")
    print(
        f"{'loss':>5} {'packets lost':>13} {'concealed':>10} {'buffer delay':>13} "
        f"{'stretched':>10} {'shrunk':>8}"
    )
    with LossyLine() as line:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(**launch_options(AUTOPLAY))
            try:
                await station.start()
                page = await browser.new_page(bypass_csp=True)
                await open_invitation(page, f"http://{address}/#room={ROOM}&token={link}")
                await page.locator("#stethoscope-box").wait_for(state="visible", timeout=60_000)
                await until(lambda: station.stethoscope_track is not None, 30)
                sender = next(
                    t.sender
                    for t in station.pc.getTransceivers()
                    if t.sender.track is station.stethoscope_track
                )
                line.ssrc = sender._ssrc
                await page.wait_for_function("pc && pc.connectionState === 'connected'")
                for share in LOSSES:
                    line.share = share
                    await asyncio.sleep(2)  # the buffer settles at the new loss
                    before = await page.evaluate(STATS)
                    await asyncio.sleep(seconds)
                    after = await page.evaluate(STATS)
                    if not before or not after:
                        print(f"{share:>5.0%} no statistics for the stethoscope's line")
                        continue
                    received = _delta(after, before, "received")
                    lost = _delta(after, before, "lost")
                    samples = max(1.0, _delta(after, before, "samples"))
                    emitted = max(1.0, _delta(after, before, "emitted"))
                    print(
                        f"{share:>5.0%} {lost / max(1.0, received + lost):>13.1%} "
                        f"{_delta(after, before, 'concealed') / samples:>10.1%} "
                        f"{1000 * _delta(after, before, 'delay') / emitted:>10.0f} ms "
                        f"{_delta(after, before, 'stretched') / samples:>10.1%} "
                        f"{_delta(after, before, 'shrunk') / samples:>8.1%}",
                        flush=True,
                    )
            finally:
                await browser.close()
                await station.close()
                await camera.close()
                await runner.cleanup()
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20.0, help="measured per loss level")
    sys.exit(asyncio.run(main(parser.parse_args().seconds)))
