"""The call's video (prints figures, asserts nothing).

    python tests/bench/bench_call.py [--seconds S] [--no-browser]
    python tests/bench/bench_call.py --browser-only --seconds 600   # a 10-minute call

Station → Python receiver over loopback through the real signaling server, at 640×480 and
1280×720, 30 fps, VP8 and H.264: frames/s received, video kbit/s sent, glass-to-glass latency
(the frame index is stamped into the picture as 16 black/white blocks before encoding and read
back from the decoded picture: median, p95), CPU % of this process (sender and receiver both
live here). Baseline in the same run: a bare aiortc sender → receiver pair (two
RTCPeerConnections, SDP handed over directly) sending the same stamped frames. Then station →
headless Chromium (the doctor page): frames/s and the mean jitter-buffer delay from getStats().
Last, what a bitrate ceiling costs (frames/s, latency) and holds (kbit/s sent) at 1280×720.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere

import argparse
import asyncio
import contextlib
import shutil
import statistics
import time
from collections.abc import Callable
from typing import Any

from aiortc import MediaStreamTrack, RTCPeerConnection, RTCRtpSender
from av import VideoFrame

from drivers.uvc_camera import UvcCamera
from station.call.doctor_peer import DoctorPeer
from station.call.peer import StationPeer
from station.call.signaling_client import SignalingClient
from station.call.video_settings import VideoSettings
from station.signaling import tokens
from tests.e2e.support import serve_signaling, video_bytes_sent, wait_for_frames

BITS, BLOCK = 16, 32
SECRET = b"k" * 32


class StampingCamera:
    """The test source with each frame's index stamped into its luma; remembers send times."""

    def __init__(self, size: str) -> None:
        self.camera = UvcCamera(f"lavfi:testsrc2=size={size}:rate=30")
        self.width = int(size.split("x")[0])
        self.index = 0
        self.sent: dict[int, float] = {}

    async def read_frame(self) -> VideoFrame:
        frame = await self.camera.read_frame()
        self.index = (self.index + 1) % (1 << BITS)
        plane = frame.planes[0]
        luma, stride = memoryview(plane), plane.line_size
        for bit in range(BITS):
            block = b"\xff" * BLOCK if self.index >> bit & 1 else b"\x00" * BLOCK
            for row in range(BLOCK):
                start = row * stride + bit * BLOCK
                luma[start : start + BLOCK] = block
        self.sent[self.index] = time.perf_counter()
        return frame

    async def close(self) -> None:
        await self.camera.close()


def read_stamp(frame: VideoFrame, source_width: int) -> int:
    """The index, from the picture as sent (scaled down when a bitrate ceiling shrank it)."""
    if frame.format.name != "yuv420p":
        frame = frame.reformat(format="yuv420p")
    plane = frame.planes[0]
    luma, stride = memoryview(plane), plane.line_size
    block = BLOCK * frame.width / source_width
    middle = int(block / 2)
    return sum(
        1 << bit
        for bit in range(BITS)
        if luma[middle * stride + int(bit * block + block / 2)] > 128
    )


class Receiver:
    def __init__(self, source: StampingCamera) -> None:
        self.source = source
        self.latencies: list[float] = []
        self.frames = 0
        self.counting = False

    async def consume(self, track: Any) -> None:
        with contextlib.suppress(Exception):
            while True:
                frame = await track.recv()
                arrived = time.perf_counter()
                sent = self.source.sent.get(read_stamp(frame, self.source.width))
                if self.counting:
                    self.frames += 1
                    if sent is not None:
                        self.latencies.append((arrived - sent) * 1000)


class StampedTrack(MediaStreamTrack):
    kind = "video"

    def __init__(self, source: StampingCamera) -> None:
        super().__init__()
        self.source = source

    async def recv(self) -> VideoFrame:
        return await self.source.read_frame()


def prefer(pc: RTCPeerConnection, codec: str) -> None:
    codecs = RTCRtpSender.getCapabilities("video").codecs
    chosen = [c for c in codecs if c.mimeType.lower() in (f"video/{codec.lower()}", "video/rtx")]
    for transceiver in pc.getTransceivers():
        transceiver.setCodecPreferences(chosen)


async def measure(
    receiver: Receiver, seconds: float, sender: Callable[[], RTCPeerConnection | None]
) -> dict[str, float]:
    await asyncio.sleep(2.0)  # encoder ramp-up
    receiver.counting = True
    sent = await video_bytes_sent(sender())
    wall, cpu = time.perf_counter(), time.process_time()
    await asyncio.sleep(seconds)
    receiver.counting = False
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    sent = await video_bytes_sent(sender()) - sent
    lat = sorted(receiver.latencies) or [float("nan")]
    return {
        "fps": receiver.frames / wall,
        "median": statistics.median(lat),
        "p95": lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))],
        "cpu": 100 * cpu / wall,
        "kbps": sent * 8 / 1000 / wall,
    }


async def bare(size: str, codec: str, seconds: float) -> dict[str, float]:
    source = StampingCamera(size)
    receiver = Receiver(source)
    sender_pc, receiver_pc = RTCPeerConnection(), RTCPeerConnection()
    sender_pc.addTrack(StampedTrack(source))
    prefer(sender_pc, codec)
    tasks: list[asyncio.Task[None]] = []
    receiver_pc.on(
        "track", lambda track: tasks.append(asyncio.ensure_future(receiver.consume(track)))
    )
    await sender_pc.setLocalDescription(await sender_pc.createOffer())
    await receiver_pc.setRemoteDescription(sender_pc.localDescription)
    await receiver_pc.setLocalDescription(await receiver_pc.createAnswer())
    await sender_pc.setRemoteDescription(receiver_pc.localDescription)
    try:
        return await measure(receiver, seconds, lambda: sender_pc)
    finally:
        for task in tasks:
            task.cancel()
        await sender_pc.close()
        await receiver_pc.close()
        await source.close()


class BenchDoctor(DoctorPeer):
    receiver: Receiver

    async def _consume(self, track: Any) -> None:
        await self.receiver.consume(track)


async def station(
    address: str, size: str, codec: str, seconds: float, max_kbps: int | None = None
) -> dict[str, float]:
    room = f"bench-{size}-{codec}-{max_kbps}"
    source = StampingCamera(size)
    peer = StationPeer(
        SignalingClient(f"ws://{address}/ws", room, tokens.issue(SECRET, room, "station", 600)),
        source,  # type: ignore[arg-type]  # the stamping wrapper reads like a camera
        video=VideoSettings(codec=codec, max_bitrate_kbps=max_kbps),
    )
    doctor = BenchDoctor(
        SignalingClient(
            f"ws://{address}/ws", room, tokens.issue(SECRET, room, "doctor", 600, one_time=True)
        )
    )
    doctor.receiver = Receiver(source)
    await peer.start()
    await doctor.start()
    try:
        return await measure(doctor.receiver, seconds, lambda: peer.pc)
    finally:
        await doctor.close()
        await peer.close()


async def chromium(address: str, seconds: float, window: float | None = None) -> dict[str, float]:
    """Station → the doctor's page in Chromium at 1280×720: frames/s decoded over the run and,
    with ``window``, its lowest over any window of that length (a long call's dips)."""
    from playwright.async_api import async_playwright

    from tests.chromium import launch_options

    room = "bench-browser"
    peer = StationPeer(
        SignalingClient(f"ws://{address}/ws", room, tokens.issue(SECRET, room, "station", 600)),
        UvcCamera("lavfi:testsrc2=size=1280x720:rate=30"),
    )
    link = f"http://{address}/#room={room}&token=" + tokens.issue(
        SECRET, room, "doctor", 600, one_time=True
    )
    stats_js = """async () => { const s = await pc.getStats(); let r = null;
      s.forEach((x) => { if (x.type === 'inbound-rtp' && x.kind === 'video') r = x; });
      return r && {frames: r.framesDecoded, received: r.framesReceived,
                   dropped: r.framesDropped || 0, lost: r.packetsLost || 0,
                   delay: r.jitterBufferDelay, emitted: r.jitterBufferEmittedCount}; }"""
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_options())
        try:
            await peer.start()
            page = await browser.new_page(bypass_csp=True)  # the test's own probes evaluate script
            await page.goto(link)
            # An invited doctor says who they are before the call (name, RPPS).
            await page.locator("#declared-name").press_sequentially("Dr Banc ESSAI")
            await page.locator("#declared-rpps").press_sequentially("10001234567")
            await page.click("#declare-go")
            await wait_for_frames(page, "remote", 30)
            first, started = await page.evaluate(stats_js), time.perf_counter()
            windows: list[float] = []
            mark, at = first, started
            sent_mark = peer.camera_track.frames_sent if peer.camera_track else 0
            cpu_mark = time.process_time()
            while time.perf_counter() - started < seconds:
                await asyncio.sleep(min(window or seconds, seconds))
                now_stats, now = await page.evaluate(stats_js), time.perf_counter()
                windows.append((now_stats["frames"] - mark["frames"]) / (now - at))
                sent = peer.camera_track.frames_sent if peer.camera_track else 0
                if window:  # where frames go missing: not sent, not received, or dropped
                    span = now - at
                    print(
                        f"    {now - started:6.0f} s: sent {(sent - sent_mark) / span:.1f}, "
                        f"received {(now_stats['received'] - mark['received']) / span:.1f}, "
                        f"decoded {windows[-1]:.1f} frames/s; dropped "
                        f"{now_stats['dropped'] - mark['dropped']}, packets lost "
                        f"{now_stats['lost'] - mark['lost']}; station CPU "
                        f"{100 * (time.process_time() - cpu_mark) / span:.0f} %",
                        flush=True,
                    )
                mark, at, sent_mark, cpu_mark = now_stats, now, sent, time.process_time()
            last, wall = mark, at - started
        finally:
            await browser.close()
            await peer.close()
    emitted = last["emitted"] - first["emitted"]
    return {
        "fps": (last["frames"] - first["frames"]) / wall,
        "lowest_fps": min(windows),
        "jitter_ms": 1000 * (last["delay"] - first["delay"]) / emitted if emitted else float("nan"),
    }


async def long_browser_call(seconds: float) -> None:
    """Only station → Chromium, for a long call (``--browser-only``), a figure a minute."""
    runner, address = await serve_signaling(SECRET)
    try:
        print(f"Station → headless Chromium (1280x720 VP8), {seconds:.0f} s")
        r = await chromium(address, seconds, window=60.0)
        print(
            f"  {r['fps']:.1f} frames/s decoded over the call, lowest minute "
            f"{r['lowest_fps']:.1f}, mean jitter-buffer delay {r['jitter_ms']:.1f} ms"
        )
    finally:
        await runner.cleanup()


async def main(seconds: float, browser: bool) -> None:
    runner, address = await serve_signaling(SECRET)
    try:
        print(f"Video over loopback, {seconds:.0f} s each, 30 fps source")
        print(f"  {'path':<36} {'frames/s':>8} {'median':>9} {'p95':>9} {'CPU':>6} {'sent':>12}")
        for size in ("640x480", "1280x720"):
            for codec in ("VP8", "H264"):
                for name, run in (
                    ("bare aiortc pair", bare(size, codec, seconds)),
                    ("station → Python doctor", station(address, size, codec, seconds)),
                ):
                    r = await run
                    print(
                        f"  {size} {codec:<4} {name:<24} {r['fps']:8.1f} {r['median']:7.1f} ms "
                        f"{r['p95']:7.1f} ms {r['cpu']:5.0f} % {r['kbps']:6.0f} kbit/s"
                    )
        print("\nBitrate ceiling ([call] max_bitrate_kbps), station → Python doctor, 1280x720 VP8")
        for ceiling in (None, 1000, 500):
            r = await station(address, "1280x720", "VP8", seconds, ceiling)
            name = f"ceiling {ceiling} kbit/s" if ceiling else "no ceiling"
            print(
                f"  {name:<36} {r['fps']:8.1f} {r['median']:7.1f} ms "
                f"{r['p95']:7.1f} ms {r['cpu']:5.0f} % {r['kbps']:6.0f} kbit/s"
            )
        if browser and shutil.which("chromium"):
            r = await chromium(address, seconds)
            print(
                f"\nStation → headless Chromium (1280x720 VP8): {r['fps']:.1f} frames/s decoded, "
                f"mean jitter-buffer delay {r['jitter_ms']:.1f} ms"
            )
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--browser-only", action="store_true", help="a long call to Chromium")
    args = parser.parse_args()
    if args.browser_only:
        asyncio.run(long_browser_call(args.seconds))
    else:
        asyncio.run(main(args.seconds, not args.no_browser))
