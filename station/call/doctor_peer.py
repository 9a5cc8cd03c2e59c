"""A Python doctor peer (aiortc), standing in for the browser page: `station demo --scripted`
and the in-process tests use it."""

from __future__ import annotations

import array
import asyncio
import contextlib
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

from aiortc import RTCPeerConnection, RTCSessionDescription

from station.call.peer import rtc_configuration
from station.call.signaling_client import SignalingClient
from station.protocol import channel as wire

KEEP_SOUND_BYTES = 10 * 48000 * 2  # ten seconds of one channel


class DoctorPeer:
    def __init__(self, signaling: SignalingClient, microphone: Any = None) -> None:
        self.signaling = signaling
        self.microphone = microphone  # a station.call.audio.Microphone, for the doctor's voice
        self.audio_frames = 0
        self.frames = 0
        self.frame_sizes: set[tuple[int, int]] = set()
        self.frames_by_track: list[int] = []  # per incoming video track, in m-line order
        # Per incoming audio line, in m-line order: its first decoded seconds (48 kHz, s16,
        # the first channel).
        self.sound_by_track: list[bytearray] = []
        self.messages: list[dict[str, Any]] = []  # each id once, as the page shows them
        self.seen: set[str] = set()
        self.message_arrived = asyncio.Event()
        self.channel: Any = None
        self.pc: RTCPeerConnection | None = None
        # False: the station's pings go unanswered, as when the data channel lags on a loaded
        # machine while the media flows (tests of the station's watchdog).
        self.answer_pings = True
        self._tasks: list[asyncio.Task[None]] = []

    @classmethod
    def from_link(cls, link: str) -> DoctorPeer:
        """Join as the doctor does: with the room and one-time token in the link's fragment."""
        parts = urlsplit(link)
        fragment = parse_qs(parts.fragment)
        scheme = "wss" if parts.scheme == "https" else "ws"
        return cls(
            SignalingClient(
                f"{scheme}://{parts.netloc}/ws", fragment["room"][0], fragment["token"][0]
            )
        )

    async def start(self) -> None:
        joined = await self.signaling.connect()
        self._ice = joined["iceServers"]
        self._tasks.append(asyncio.create_task(self._loop()))

    async def _loop(self) -> None:
        while True:
            message = await self.signaling.receive()
            if message.get("type") == "offer":
                await self._answer(message["sdp"])

    async def _answer(self, sdp: str) -> None:
        if self.pc is not None:
            await self.pc.close()
        pc = RTCPeerConnection(rtc_configuration(self._ice))
        self.pc = pc

        @pc.on("track")
        def _track(track: Any) -> None:
            consume = self._consume if track.kind == "video" else self._listen
            self._tasks.append(asyncio.create_task(consume(track)))

        if self.microphone is not None:
            pc.addTrack(self.microphone.track())

        @pc.on("datachannel")
        def _channel(channel: Any) -> None:
            self.channel = channel

            @channel.on("message")
            def _message(raw: str) -> None:
                # what the page sees: the JSON as sent, once it is known to be a message
                message = wire.decode(raw).model_dump(mode="json", exclude_none=True)
                if message["type"] == "ping" and not self.answer_pings:
                    return
                if message["type"] != "ack":
                    channel.send(json.dumps({"v": 1, "type": "ack", "id": message["id"]}))
                    # the station's media watchdog and its call figures are not care content;
                    # an id seen before was sent again (a new channel): shown once, as the page
                    if message["type"] in ("ping", "quality") or message["id"] in self.seen:
                        return
                    self.seen.add(message["id"])
                    self.messages.append(message)
                    self.message_arrived.set()

        await pc.setRemoteDescription(RTCSessionDescription(sdp, "offer"))
        await pc.setLocalDescription(await pc.createAnswer())
        await self.signaling.send({"type": "answer", "sdp": pc.localDescription.sdp})

    async def _listen(self, track: Any) -> None:
        index = len(self.sound_by_track)
        self.sound_by_track.append(bytearray())
        with contextlib.suppress(Exception):
            while True:
                frame = await track.recv()
                self.audio_frames += 1
                kept = self.sound_by_track[index]
                if len(kept) < KEEP_SOUND_BYTES:  # the first seconds, for a test to analyse
                    channels = len(frame.layout.channels)
                    samples = array.array("h")
                    samples.frombytes(bytes(frame.planes[0])[: frame.samples * 2 * channels])
                    kept += samples[::channels].tobytes()  # the first channel

    async def _consume(self, track: Any) -> None:
        index = len(self.frames_by_track)
        self.frames_by_track.append(0)
        with contextlib.suppress(Exception):
            while True:
                frame = await track.recv()
                self.frames += 1
                self.frames_by_track[index] += 1
                self.frame_sizes.add((frame.width, frame.height))

    def send(self, message: dict[str, Any]) -> None:
        self.channel.send(wire.encode({"v": 1, **message}))

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self.pc is not None:
            await self.pc.close()
        await self.signaling.close()
