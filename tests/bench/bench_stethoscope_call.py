"""The stethoscope's line in a live call: latency, and what packet loss does to it (prints
figures, asserts nothing).

    python tests/bench/bench_stethoscope_call.py [--seconds 20]

A pair of aiortc peers in this process, SDP handed over directly: the station's
``StethoscopeTrack`` with its encoder (libopus "audio" mode, 96 kbit/s) on one side, aiortc's
receiver, jitter buffer and decoder on the other. In the same run, the voice's line (aiortc's
stock VOIP-mode encoder) as the baseline.

- Latency: a click every half second in silence, from the block handed to the line to the
  decoded frame that carries it (no sound card at either end: those add their own buffers).
- Loss: the receiver drops 0, 2, 5 and 10 % of the line's packets at random (a lossy network,
  in front of aiortc's jitter buffer). Reported: the 20 ms frames that never came out of the
  decoder, the clicks' latency, and, on the simulator's heart (72 beats a minute), the 40 Hz
  band against 3 kHz in what was decoded (frames placed by their RTP time, gaps silent).

The receiver is aiortc's (the station's, hearing the doctor, and the Python doctor peer's);
Chromium's (the doctor's page) conceals losses its own way and is not measured here.
"""

from __future__ import annotations

import argparse
import array
import asyncio
import math
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from aiortc import RTCPeerConnection, RTCRtpSender
from aiortc.rtcrtpreceiver import RTCRtpReceiver

from drivers.sim.stethoscope import PROFILES, synthesize
from station.call.audio_jitter import tolerate_audio_loss
from station.call.stethoscope_line import StethoscopeTrack, use_auscultation_encoder

RATE = 48000
BLOCK = 960  # 20 ms
CLICK_EVERY = 24_000  # samples: half a second


class Source:
    """A stethoscope stand-in for the line: 20 ms blocks at the clock's pace from a loop of
    sound, each block's hand-over time kept (the line's tap interface)."""

    rate = RATE

    def __init__(self, pcm: bytes) -> None:
        self.pcm = pcm
        self.position = 0
        self.started: float | None = None
        self.handed: list[float] = []  # hand-over time of block n

    async def tap(self, live: bool = False) -> Source:
        return self

    async def read(self) -> tuple[bytes, int]:
        now = time.perf_counter()
        if self.started is None:
            self.started = now
        due = self.started + len(self.handed) * BLOCK / RATE
        if due > now:
            await asyncio.sleep(due - now)
        size = BLOCK * 2
        if self.position + size > len(self.pcm):
            self.position = 0
        block = self.pcm[self.position : self.position + size]
        self.position += size
        self.handed.append(time.perf_counter())
        return block, 0

    def close(self) -> None:
        return None


def clicks(seconds: float) -> bytes:
    samples = array.array("h", bytes(int(seconds * RATE) * 2))
    for start in range(CLICK_EVERY, len(samples), CLICK_EVERY):
        for i in range(240):  # 5 ms of 1 kHz
            samples[start + i] = int(20000 * math.sin(2 * math.pi * 1000 * i / RATE))
    return samples.tobytes()


async def run_line(
    source: Any, seconds: float, stethoscope_line: bool, loss: float, station_receiver: bool
) -> list[tuple[float, int, bytes]]:
    """Send ``source``'s sound (a :class:`Source`, or the stethoscope driver itself) for
    ``seconds``; returns the decoded frames (arrival time, RTP-time position in samples, PCM)."""
    sender_pc, receiver_pc = RTCPeerConnection(), RTCPeerConnection()
    track = StethoscopeTrack(source)
    transceiver = sender_pc.addTransceiver(track, direction="sendonly")
    transceiver.setCodecPreferences(
        [c for c in RTCRtpSender.getCapabilities("audio").codecs if c.mimeType == "audio/opus"]
    )
    if stethoscope_line:
        use_auscultation_encoder(transceiver.sender)
    received: list[tuple[float, int, bytes]] = []
    consumers: list[asyncio.Future[None]] = []
    done = asyncio.Event()
    rng = random.Random(7)
    original = RTCRtpReceiver._handle_rtp_packet

    async def lossy(self: Any, packet: Any, arrival_time_ms: int) -> None:
        if self is receiver and rng.random() < loss:
            return
        await original(self, packet, arrival_time_ms)

    RTCRtpReceiver._handle_rtp_packet = lossy  # type: ignore[method-assign]
    receiver: Any = None

    @receiver_pc.on("track")
    def on_track(remote: Any) -> None:
        async def consume() -> None:
            first_pts = None
            while not done.is_set():
                try:
                    frame = await asyncio.wait_for(remote.recv(), 2.0)
                except Exception:
                    return
                first_pts = frame.pts if first_pts is None else first_pts
                channels = len(frame.layout.channels)
                samples = array.array("h", bytes(frame.planes[0])[: frame.samples * 2 * channels])
                position = round((frame.pts - first_pts) * RATE * frame.time_base)
                received.append((time.perf_counter(), position, samples[::channels].tobytes()))

        consumers.append(asyncio.ensure_future(consume()))

    try:
        await sender_pc.setLocalDescription(await sender_pc.createOffer())
        await receiver_pc.setRemoteDescription(sender_pc.localDescription)
        receiver = receiver_pc.getTransceivers()[0].receiver
        if station_receiver:
            tolerate_audio_loss(receiver)
        await receiver_pc.setLocalDescription(await receiver_pc.createAnswer())
        await sender_pc.setRemoteDescription(receiver_pc.localDescription)
        await asyncio.sleep(seconds)
    finally:
        done.set()
        RTCRtpReceiver._handle_rtp_packet = original  # type: ignore[method-assign]
        await sender_pc.close()
        await receiver_pc.close()
        await asyncio.gather(*consumers, return_exceptions=True)
        track.stop()
    return received


def latencies(source: Source, received: list[tuple[float, int, bytes]]) -> list[float]:
    """Each click's hand-over → the decoded frame that carries it, in ms. A click is known by
    its place on the RTP time line (not by its order: a lost one must not shift the others);
    the first frame decoded is taken as the source's first block."""
    out = []
    for arrival, position, pcm in received:
        if position == 0 or position % CLICK_EVERY:
            continue
        if max((abs(x) for x in array.array("h", pcm)), default=0) <= 5000:
            continue
        block = position // BLOCK
        if block < len(source.handed):
            out.append((arrival - source.handed[block]) * 1000)
    return out


def timeline(received: list[tuple[float, int, bytes]]) -> array.array[int]:
    """The decoded sound laid out by RTP time; what was lost stays silent."""
    end = max((pos + len(pcm) // 2 for _, pos, pcm in received), default=0)
    out = array.array("h", bytes(end * 2))
    for _, position, pcm in received:
        chunk = array.array("h", pcm)
        out[position : position + len(chunk)] = chunk
    return out


def power(samples: array.array[int], hz: float) -> float:
    coeff = 2 * math.cos(2 * math.pi * hz / RATE)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coeff * s1 - s2, s1
    return s1 * s1 + s2 * s2 - coeff * s1 * s2


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def frames_lost(received: list[tuple[float, int, bytes]]) -> float:
    """Share of the 20 ms frames between the first and the last decoded that never came."""
    if not received:
        return 1.0
    span = (max(pos for _, pos, _ in received) - min(pos for _, pos, _ in received)) // BLOCK
    return 1 - len(received) / (span + 1)


async def latency_and_loss(seconds: float) -> None:
    """The clicks' latency and the frames lost, at each loss, for both receivers."""
    print(f"{seconds:.0f} s a run; the stethoscope's line, clicks in silence")
    print(f"{'receiver':<22} {'loss':>5} {'frames lost':>12} {'latency p50':>12} {'p95':>9}")
    for loss in (0.0, 0.02, 0.05, 0.10):
        for name, station in (("aiortc's (baseline)", False), ("the station's", True)):
            source = Source(clicks(seconds + 1))
            got = await run_line(source, seconds, True, loss, station)
            values = latencies(source, got)
            timing = (
                f"{pct(values, 0.5):>10.0f}ms {pct(values, 0.95):>7.0f}ms"
                if values
                else f"{'no click placed':>21}"  # the first frame itself was lost
            )
            print(f"{name:<22} {loss:>5.0%} {frames_lost(got):>12.1%} {timing}", flush=True)


async def main(seconds: float) -> int:
    await latency_and_loss(seconds)
    print("\nthe simulator's heart, the station's receiver")
    print(f"{'line':<12} {'loss':>5} {'40 Hz / 3 kHz':>14}")
    heart = synthesize(PROFILES["normal"], seed=1)
    for loss in (0.0, 0.05):
        for name, steth in (("voice", False), ("stethoscope", True)):
            got = await run_line(Source(heart), seconds, steth, loss, True)
            sound = timeline(got)[RATE // 2 :]  # past the start
            ratio = power(sound, 40) / max(power(sound, 3000), 1e-9)
            print(f"{name:<12} {loss:>5.0%} {10 * math.log10(ratio):>11.1f} dB", flush=True)
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    sys.exit(asyncio.run(main(parser.parse_args().seconds)))
