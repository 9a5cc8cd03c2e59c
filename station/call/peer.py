"""The station's side of the call: camera video and the ``station`` data channel to the doctor.

The station makes the offer when a doctor is in the room. aiortc gathers all ICE candidates
before the offer is sent (no trickle), so only offer and answer cross the signaling server.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import math
import time
from typing import Any

from aiortc import (
    MediaStreamTrack,
    RTCConfiguration,
    RTCIceServer,
    RTCPeerConnection,
    RTCRtpSender,
    RTCSessionDescription,
)
from av import AudioFrame, VideoFrame

from drivers.base import Measurement
from drivers.uvc_camera import UvcCamera
from station.call import channel_protocol as proto
from station.call.audio import Microphone, level_db
from station.call.audio_jitter import tolerate_audio_loss
from station.call.bitrate import cap_bitrate
from station.call.fallback import AudioOnlyFallback
from station.call.quality import CallQuality, QualityMonitor
from station.call.signaling_client import SignalingClient, SignalingError
from station.call.speaker import Speaker
from station.call.video_settings import VideoSettings
from station.protocol.close_codes import CLOSE_REVOKED
from station.signals import Signal

BULK_BUFFERED = 256 * 1024  # bytes a data channel holds unsent before bulk sending waits
log = logging.getLogger("station.call")

RECONNECT_FIRST_DELAY = 0.2
RECONNECT_MAX_DELAY = 10.0
QUALITY_PERIOD = 2.0  # seconds between call-quality samples
PREVIEW_PERIOD = 0.1  # the assistant's views refresh at 10 fps
PREVIEW_WIDTH = 640
# The otoscope's live view: enough to aim it; the full-resolution still is what the doctor reads.
# Not in use (nobody examining with it), it goes at OTOSCOPE_IDLE_FPS: its encoding cost 23
# points of CPU while nobody looked.
OTOSCOPE_IDLE_FPS = 1.0
OTOSCOPE_VIDEO = VideoSettings(max_width=960, max_height=540, max_fps=15)


class CameraTrack(MediaStreamTrack):
    """A camera (or its lavfi test source) as an outgoing WebRTC video track."""

    kind = "video"

    def __init__(self, camera: UvcCamera, settings: VideoSettings | None = None) -> None:
        super().__init__()
        self.camera = camera
        self.settings = settings or VideoSettings()
        # What the station's own screen shows: a small RGB copy made here, never the frame the
        # encoder thread holds (PyAV frames are not safe to convert from two threads at once:
        # that deadlocked or crashed the app).
        self.preview: VideoFrame | None = None
        self._preview_at = 0.0
        self.frames_sent = 0
        self._last_stamp: float | None = None  # the last sent frame's time, in its stream
        # Audio-only fallback: frames are still read (the assistant's view goes on) but none
        # is handed to the encoder, so nothing is sent until the network allows video again.
        self.paused = False
        self.idle_fps: float | None = None  # a line nobody uses: this rate, not max_fps

    async def recv(self) -> VideoFrame:
        while True:
            interval = 1.0 / (self.idle_fps or self.settings.max_fps)
            frame = await self.camera.read_frame()
            now = time.monotonic()
            if now - self._preview_at >= PREVIEW_PERIOD:
                self._preview_at = now
                self.preview = _preview(frame)
            # Frames faster than the cap are dropped (10 % slack for a camera's jitter), judged
            # by the frames' own times: judged by when they were read, the frame read right
            # after a late one (the encoder busy, the machine loaded) looked too early and was
            # dropped, and a 30 fps camera gave 26-28 frames/s to the doctor.
            stamp = frame.time if frame.time is not None else now
            last = self._last_stamp
            fresh = last is None or stamp < last  # the first, or the source started again
            if not self.paused and (fresh or stamp - last >= interval * 0.9):
                break
        self._last_stamp = stamp
        size = self.settings.fit(frame.width, frame.height)
        if size != (frame.width, frame.height):
            frame = frame.reformat(width=size[0], height=size[1])
        self.frames_sent += 1
        return frame

    def stop(self) -> None:
        super().stop()


def _preview(frame: VideoFrame) -> VideoFrame:
    width = min(PREVIEW_WIDTH, frame.width)
    height = max(2, round(frame.height * width / frame.width) // 2 * 2)
    return frame.reformat(width=width, height=height, format="rgb24")


def _prefer_codec(pc: RTCPeerConnection, sender: RTCRtpSender, codec: str) -> None:
    """Offer only the configured video codec (and its retransmission format)."""
    wanted = f"video/{codec}".lower()
    codecs = RTCRtpSender.getCapabilities("video").codecs
    chosen = [c for c in codecs if c.mimeType.lower() == wanted]
    chosen += [c for c in codecs if c.mimeType.lower() == "video/rtx"]
    for transceiver in pc.getTransceivers():
        if transceiver.sender is sender:
            transceiver.setCodecPreferences(chosen)


def rtc_configuration(ice_servers: list[dict[str, Any]]) -> RTCConfiguration:
    servers = [
        RTCIceServer(urls=s["urls"], username=s.get("username"), credential=s.get("credential"))
        for s in ice_servers
    ]
    return RTCConfiguration(iceServers=servers)


class StationPeer:
    def __init__(
        self,
        signaling: SignalingClient,
        camera: UvcCamera,
        video: VideoSettings | None = None,
        otoscope: UvcCamera | None = None,
        microphone: Microphone | None = None,
        speaker: Speaker | None = None,
        stethoscope: Any = None,
        stethoscope_bitrate: int = 96_000,
    ) -> None:
        self.microphone = microphone
        self.speaker = speaker  # the doctor's voice out loud (owned by the caller)
        self.doctor_level_db = -math.inf  # the doctor's voice, for a "speaking" indicator
        self.audio_frames_received = 0
        self.video = video or VideoSettings()
        # The otoscope: a second, send-only video line (owned by the caller, not closed here).
        self.otoscope = otoscope
        self.otoscope_track: CameraTrack | None = None
        self.otoscope_in_use = False  # idle rate until someone examines with it
        # The stethoscope: a third, send-only audio line of its own (owned by the caller).
        self.stethoscope = stethoscope
        self.stethoscope_bitrate = stethoscope_bitrate
        self.stethoscope_track: Any = None
        self.signaling = signaling
        self.camera = camera
        # The service's public key, to check what it signs about the doctor (given with the room).
        self.service_key: dict[str, Any] | None = None
        # What the doctor sends (in order: each listener's coroutine is awaited), the data
        # channel opening and closing, and each quality sample.
        self.message: Signal[dict[str, Any]] = Signal("peer.message")
        self.connection: Signal[bool] = Signal("peer.connection")
        self.quality_changed: Signal[CallQuality] = Signal("peer.quality")
        # The service ended the call for good ("revoked": the station was revoked).
        self.ended: Signal[str] = Signal("peer.ended")
        self.end_reason = ""
        self.camera_track: CameraTrack | None = None
        self.remote_frame: VideoFrame | None = None  # the doctor's camera, latest frame
        self.quality: CallQuality | None = None
        self.quality_period = QUALITY_PERIOD
        self.fallback = AudioOnlyFallback(enabled=self.video.audio_only_fallback)
        self._quality_task: asyncio.Task[None] | None = None
        self._media_task: asyncio.Task[None] | None = None
        self._offer_lock = asyncio.Lock()
        self.doctor_in_room = False
        self._last_heard = 0.0  # monotonic time of the doctor's last data-channel message
        self._offered_at = 0.0
        self.offers = 0  # peer connections offered (1 per call, more after media failures)
        self.pc: RTCPeerConnection | None = None
        self.channel: Any = None
        self.sender = proto.ReliableSender(self._transmit)
        self.received = proto.Deduplicator()
        self.connected = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._handlers: set[asyncio.Future[None]] = set()
        self._closing: set[asyncio.Future[None]] = set()

    @property
    def room(self) -> str:
        return self.signaling.room

    async def start(self) -> None:
        joined = await self.signaling.connect()
        self._ice = joined["iceServers"]
        self._task = asyncio.create_task(self._signaling_loop(joined["peers"]))
        self._quality_task = asyncio.create_task(self._watch_quality())
        self._media_task = asyncio.create_task(self._watch_media())

    async def _watch_media(self) -> None:
        from station.call.watchdog import watch_media

        await watch_media(self)

    async def offer_again(self) -> None:
        """A fresh peer connection in the same room (the media path is down)."""
        log.warning("media path silent; offering a new connection")
        # Signaling down: its own loop reconnects, and the next turn offers again.
        with contextlib.suppress(SignalingError):
            await self._offer()

    async def _watch_quality(self) -> None:
        monitor = QualityMonitor()
        while True:
            await asyncio.sleep(self.quality_period)
            pc, track = self.pc, self.camera_track
            if pc is None or pc.connectionState != "connected" or track is None:
                if self.quality is not None:
                    self.quality = None
                    monitor = QualityMonitor()
                    self.quality_changed.emit(CallQuality())
                continue
            quality = monitor.sample(await pc.getStats(), track.frames_sent)
            if self.fallback.update(quality):
                self.pause_video(self.fallback.audio_only)
            self.quality = dataclasses.replace(quality, audio_only=self.fallback.audio_only)
            self.quality_changed.emit(self.quality)

    async def _signaling_loop(self, peers: list[str]) -> None:
        while True:
            try:
                # After a signaling outage the media path may well be alive: keep it.
                self.doctor_in_room = "doctor" in peers
                if self.doctor_in_room and not self._call_alive():
                    await self._offer()
                await self._follow_signaling()
            except SignalingError as err:
                if err.code == CLOSE_REVOKED:
                    await self._end("revoked")
                    return
                log.warning("signaling connection lost; reconnecting")
            try:
                peers = await self._reconnect()
            except SignalingError:  # refused for good while reconnecting
                await self._end("revoked")
                return

    async def _end(self, reason: str) -> None:
        """The service cut the call: no more reconnecting; the media path goes down too."""
        log.warning("call ended by the service (%s)", reason)
        self.end_reason = reason
        await self._close_pc()
        self.ended.emit(reason)

    async def _answered(self, pc: RTCPeerConnection, sdp: object) -> None:
        """The doctor's answer. A garbage, duplicated or late one is dropped and logged: the
        call can still be set up (it once ended the signaling loop for good)."""
        if pc.signalingState != "have-local-offer" or not isinstance(sdp, str):
            log.warning("answer ignored (no offer waiting for it)")
            return
        try:
            await pc.setRemoteDescription(RTCSessionDescription(sdp, "answer"))
        except Exception as err:  # aiortc raises what its SDP parser meets: any of them
            log.warning("answer ignored (%s)", type(err).__name__)

    def _call_alive(self) -> bool:
        return self.pc is not None and self.pc.connectionState == "connected"

    async def _follow_signaling(self) -> None:
        while True:
            message = await self.signaling.receive()
            kind = message.get("type")
            if kind == "peer-joined" and message.get("role") == "doctor":
                self.doctor_in_room = True
                await self._offer()
            elif kind == "answer" and self.pc is not None:
                await self._answered(self.pc, message.get("sdp"))
            elif kind in ("peer-left", "bye"):
                self.doctor_in_room = False
                self._disconnected()
                if kind == "bye" and message.get("from") == "doctor":
                    self.ended.emit("finished")  # the doctor ended it: not a lost link

    async def _reconnect(self) -> list[str]:
        """Join the room again with the session token, backing off up to 10 s between tries."""
        delay = RECONNECT_FIRST_DELAY
        while True:
            await self.signaling.close()
            try:
                joined = await self.signaling.connect()
            except SignalingError as err:
                if err.code == CLOSE_REVOKED:
                    raise
                await asyncio.sleep(delay)
                delay = min(delay * 2, RECONNECT_MAX_DELAY)
                continue
            log.info("signaling reconnected")
            self._ice = joined["iceServers"]
            return list(joined["peers"])

    async def _offer(self) -> None:
        async with self._offer_lock:
            await self._new_connection()

    async def _new_connection(self) -> None:
        self._offered_at = time.monotonic()
        self.offers += 1
        await self._close_pc()
        pc = RTCPeerConnection(rtc_configuration(self._ice))
        self.pc = pc
        if self.fallback.reset():  # a fresh connection starts with video
            self._tell_doctor_video(paused=False)
        self.camera_track = CameraTrack(self.camera, self.video)
        sender = pc.addTrack(self.camera_track)
        _prefer_codec(pc, sender, self.video.codec)
        if self.video.max_bitrate_kbps is not None:
            cap_bitrate(sender, self.video.codec, self.video.max_bitrate_kbps)
        if self.stethoscope is not None:
            # Before the voice's line: placed after it, when that line is inactive (no
            # microphone here), aiortc 1.16 never started this sender (the otoscope's video
            # there is started); seen in tests/e2e/test_stethoscope_call.py.
            self._add_stethoscope(pc)
        # Sound both ways: our microphone if there is one; the doctor's voice in any case.
        if self.microphone is not None:
            pc.addTrack(self.microphone.track())
        else:
            pc.addTransceiver("audio", direction="recvonly")
        if self.otoscope is not None:
            self.otoscope_track = CameraTrack(self.otoscope, OTOSCOPE_VIDEO)
            self.use_otoscope(self.otoscope_in_use)
            transceiver = pc.addTransceiver(self.otoscope_track, direction="sendonly")
            _prefer_codec(pc, transceiver.sender, self.video.codec)
            if self.video.max_bitrate_kbps is not None:
                cap_bitrate(transceiver.sender, self.video.codec, self.video.max_bitrate_kbps)

        for transceiver in pc.getTransceivers():  # the doctor's voice goes on through loss
            if transceiver.kind == "audio":
                tolerate_audio_loss(transceiver.receiver)

        @pc.on("track")
        def _track(track: MediaStreamTrack) -> None:
            if track.kind in ("video", "audio"):
                watch = self._watch_remote_video if track.kind == "video" else self._listen
                task = asyncio.ensure_future(watch(track))
                self._handlers.add(task)
                task.add_done_callback(self._handlers.discard)

        channel = pc.createDataChannel("station", ordered=True)
        self.channel = channel

        @channel.on("open")
        def _open() -> None:
            self._last_heard = time.monotonic()
            self.sender.connected = True
            self.sender.resend_all()
            self.connected.set()
            self.connection.emit(True)

        @channel.on("message")
        def _message(raw: str | bytes) -> None:
            task = asyncio.ensure_future(self._handle(raw))
            self._handlers.add(task)
            task.add_done_callback(self._handlers.discard)

        @channel.on("close")
        def _close() -> None:
            self._disconnected()

        await pc.setLocalDescription(await pc.createOffer())
        await self.signaling.send({"type": "offer", "sdp": pc.localDescription.sdp})

    def _add_stethoscope(self, pc: RTCPeerConnection) -> None:
        """The stethoscope's own line: Opus for body sounds, apart from the voice."""
        from station.call.stethoscope_line import StethoscopeTrack, use_auscultation_encoder

        self.stethoscope_track = StethoscopeTrack(self.stethoscope)
        transceiver = pc.addTransceiver(self.stethoscope_track, direction="sendonly")
        opus = [
            c
            for c in RTCRtpSender.getCapabilities("audio").codecs
            if c.mimeType.lower() == "audio/opus"
        ]
        transceiver.setCodecPreferences(opus)
        use_auscultation_encoder(transceiver.sender, self.stethoscope_bitrate)

    def use_otoscope(self, in_use: bool) -> None:
        """The otoscope's line at its full rate while it is in use, at a low rate otherwise."""
        self.otoscope_in_use = in_use
        if self.otoscope_track is not None:
            self.otoscope_track.idle_fps = None if in_use else OTOSCOPE_IDLE_FPS

    def pause_video(self, paused: bool) -> None:
        """The audio-only fallback: no video sent (both lines), the voice and data go on."""
        log.warning(
            "network %s: video %s", "poor" if paused else "back", "paused" if paused else "resumed"
        )
        for track in (self.camera_track, self.otoscope_track):
            if track is not None:
                track.paused = paused
        self._tell_doctor_video(paused)

    def _tell_doctor_video(self, paused: bool) -> None:
        message: dict[str, Any] = {"type": "video", "paused": paused}
        if paused:
            message["reason"] = "poor-network"
        self.send(message)

    def _disconnected(self) -> None:
        was_connected = self.connected.is_set()
        self.sender.connected = False
        self.connected.clear()
        if was_connected:
            self.connection.emit(False)

    async def _listen(self, track: MediaStreamTrack) -> None:
        with contextlib.suppress(Exception):  # the track ends with the peer connection
            while True:
                frame = await track.recv()
                assert isinstance(frame, AudioFrame)
                self.audio_frames_received += 1
                if self.speaker is not None:
                    self.speaker.play(frame)
                if self.audio_frames_received % 5 == 0:  # 10 per second is plenty for a meter
                    self.doctor_level_db = level_db(frame)
        self.doctor_level_db = -math.inf

    async def _watch_remote_video(self, track: MediaStreamTrack) -> None:
        with contextlib.suppress(Exception):  # the track ends with the peer connection
            while True:
                frame = await track.recv()
                assert isinstance(frame, VideoFrame)
                self.remote_frame = frame
        self.remote_frame = None

    def _transmit(self, text: str) -> None:
        if self.channel is not None and self.channel.readyState == "open":
            self.channel.send(text)

    async def _handle(self, raw: str | bytes) -> None:
        try:
            message = proto.decode(raw)
        except proto.InvalidMessage as err:
            log.warning("data channel message refused (%s)", err)
            return
        self._last_heard = time.monotonic()
        if message["type"] == "ack":
            self.sender.acknowledged(message["id"])
            return
        self._transmit(json.dumps({"v": 1, "type": "ack", "id": message["id"]}))
        if not self.received.first_time(message["id"]):
            return
        for pending in self.message.emit(message):
            await pending

    def send_measurement(self, measurement: Measurement) -> str:
        """Queue a measurement for the doctor; delivered once, even across reconnections."""
        payload = measurement.to_dict()
        payload.pop("device_time", None)
        return self.sender.send({"type": "measurement", "measurement": payload})

    def send(self, message: dict[str, Any]) -> str:
        return self.sender.send(message)

    async def send_bulk(self, message: dict[str, Any]) -> str:
        """Like :meth:`send`, for one of many large messages (a clip's chunks): waits while
        the channel still holds more than ``BULK_BUFFERED`` unsent, so a measurement or a
        reply sent meanwhile is not queued behind megabytes."""
        while (channel := self.channel) is not None and channel.bufferedAmount > BULK_BUFFERED:
            await asyncio.sleep(0.02)
        return self.sender.send(message)

    async def _close_pc(self) -> None:
        pc, self.pc, self.channel = self.pc, None, None
        if pc is None:
            return
        # Shielded: cancelling a task inside aiortc's close() (the call ended while the watchdog
        # was replacing the connection) would cancel the future every other closer awaits, and
        # the end of the call raised CancelledError. The close finishes on its own; close()
        # waits for it.
        closing = asyncio.ensure_future(pc.close())
        self._closing.add(closing)
        closing.add_done_callback(self._closing.discard)
        await asyncio.shield(closing)

    async def close(self) -> None:
        tasks = [t for t in (self._task, self._quality_task, self._media_task) if t is not None]
        for task in tasks:
            task.cancel()
        # gather, not suppress(CancelledError): a close that is itself cancelled stops here.
        await asyncio.gather(*tasks, return_exceptions=True)
        with contextlib.suppress(Exception):
            await self.signaling.send({"type": "bye"})
        await self._close_pc()
        await asyncio.gather(*self._closing, return_exceptions=True)
        await self.signaling.close()
        await self.camera.close()
