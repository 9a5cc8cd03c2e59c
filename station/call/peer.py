"""The station's side of the call: the room and its signaling link, over which the station
offers a peer connection whenever a doctor is in the room.

The call's other jobs are apart: its media lines (:mod:`station.call.media_lines`), the data
channel's delivery (:mod:`station.call.channel_link`), where the call stands
(:mod:`station.call.call_state`), and what the screens read of it (:class:`CallView`).

aiortc gathers all ICE candidates before the offer is sent (no trickle), so only offer and
answer cross the signaling server.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from typing import Any

from aiortc import RTCConfiguration, RTCIceServer, RTCPeerConnection, RTCSessionDescription

from drivers.base import Measurement
from drivers.uvc_camera import UvcCamera
from station.call.audio import Microphone
from station.call.call_state import CallFacts, CallJudge, CallState
from station.call.call_view import CallView
from station.call.channel_link import ChannelLink
from station.call.fallback import AudioOnlyFallback
from station.call.media_lines import MediaLines
from station.call.quality import CallQuality, QualityMonitor
from station.call.signaling_client import SignalingClient, SignalingError
from station.call.speaker import Speaker
from station.call.video_settings import VideoSettings
from station.protocol import channel as wire
from station.protocol.close_codes import CLOSE_REVOKED
from station.signals import Signal

log = logging.getLogger("station.call")

RECONNECT_FIRST_DELAY = 0.2
RECONNECT_MAX_DELAY = 10.0
QUALITY_PERIOD = 2.0  # seconds between call-quality samples


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
        camera: UvcCamera | None,
        video: VideoSettings | None = None,
        otoscope: UvcCamera | None = None,
        microphone: Microphone | None = None,
        speaker: Speaker | None = None,
        stethoscope: Any = None,
        stethoscope_bitrate: int = 96_000,
    ) -> None:
        self.signaling = signaling
        self.video = video or VideoSettings()
        self.media = MediaLines(
            camera,
            self.video,
            otoscope=otoscope,
            microphone=microphone,
            speaker=speaker,
            stethoscope=stethoscope,
            stethoscope_bitrate=stethoscope_bitrate,
        )
        self.link = ChannelLink()
        # The service's public key, to check what it signs about the doctor (given with the room).
        self.service_key: dict[str, Any] | None = None
        # What the doctor sends (in order: each listener's coroutine is awaited), each new data
        # channel, where the call stands, each quality sample, and the doctor's
        # acknowledgement of each message sent.
        self.message: Signal[Any] = self.link.message  # station.protocol.channel classes
        self.channel_opened: Signal[None] = self.link.opened
        self.delivered: Signal[str] = self.link.delivered
        self.state_changed: Signal[CallState] = Signal("peer.state")
        self.quality_changed: Signal[CallQuality] = Signal("peer.quality")
        # The service ended the call for good ("revoked": the station was revoked), or the
        # doctor ended it ("finished").
        self.ended: Signal[str] = Signal("peer.ended")
        self.end_reason = ""
        self.facts = CallFacts()
        self.judge = CallJudge()
        self.quality: CallQuality | None = None
        self.quality_period = QUALITY_PERIOD
        self.fallback = AudioOnlyFallback(enabled=self.video.audio_only_fallback)
        self._quality_task: asyncio.Task[None] | None = None
        self._media_task: asyncio.Task[None] | None = None
        self._offer_lock = asyncio.Lock()
        self._offered_at = 0.0
        self.offers = 0  # peer connections offered (1 per call, more after media failures)
        self.pc: RTCPeerConnection | None = None
        self.connected = asyncio.Event()  # the data channel is open (for tests and tools)
        self._task: asyncio.Task[None] | None = None
        self._closing: set[asyncio.Future[None]] = set()
        self._doctor_level = "unknown"  # how the doctor's page judged the call, last said
        self.link.message.connect(self._heard)
        self.link.opened.connect(lambda _: self._channel_changed(True))
        self.link.closed.connect(lambda _: self._channel_changed(False))

    # ---- what the rest of the station reads and asks ----------------------------------------
    @property
    def room(self) -> str:
        return self.signaling.room

    @property
    def state(self) -> CallState:
        return self.judge.state

    @property
    def camera(self) -> UvcCamera | None:
        return self.media.camera

    @property
    def channel(self) -> Any:
        return self.link.channel

    @property
    def sender(self) -> Any:
        return self.link.sender

    @property
    def camera_track(self) -> Any:
        return self.media.camera_track

    @property
    def otoscope_track(self) -> Any:
        return self.media.otoscope_track

    @property
    def stethoscope_track(self) -> Any:
        return self.media.stethoscope_track

    def view(self) -> CallView:
        """What the screens show of the call, read at once (never the peer's insides)."""
        return CallView.of(self.state, self.quality, self.media, self.end_reason)

    def send(self, message: dict[str, Any]) -> str:
        return self.link.send(message)

    def send_measurement(self, measurement: Measurement, **fields: Any) -> str:
        return self.link.send_measurement(measurement, **fields)

    async def send_bulk(self, message: dict[str, Any]) -> str:
        return await self.link.send_bulk(message)

    def use_otoscope(self, in_use: bool) -> None:
        self.media.use_otoscope(in_use)

    def pause_video(self, paused: bool) -> None:
        """The audio-only fallback: no video sent (both lines), the voice and data go on."""
        log.warning(
            "network %s: video %s", "poor" if paused else "back", "paused" if paused else "resumed"
        )
        self.media.pause_video(paused)
        self._tell_doctor_video(paused)

    # ---- where the call stands --------------------------------------------------------------
    def judge_now(self) -> CallState:
        """Judge the call from the facts; say it when it changed."""
        before = self.judge.state
        self.facts.last_heard = self.link.last_heard
        self.facts.last_media = self.media.last_media
        self.facts.channel_open = self.link.open
        state = self.judge.judge(self.facts, time.monotonic())
        if state != before:
            log.info("call: %s → %s", before, state)
            self.connected.set() if state == CallState.IN_CALL else self.connected.clear()
            self.state_changed.emit(state)
        return state

    def _channel_changed(self, is_open: bool) -> None:
        if is_open:
            self.judge_now()
        # A closed channel is not a lost doctor: the judge waits for silence.

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
            pc = self.pc
            if pc is None or pc.connectionState != "connected":
                if self.quality is not None:
                    self.quality = None
                    monitor = QualityMonitor()
                    self.quality_changed.emit(CallQuality())
                continue
            try:
                report = await pc.getStats()
            except Exception:  # a connection closing under us: the next sample says it
                continue
            quality = monitor.sample(report, self.media.frames_sent())
            if self.fallback.update(quality):
                self.pause_video(self.fallback.audio_only)
            self.quality = dataclasses.replace(
                quality, audio_only=self.fallback.audio_only, doctor_level=self._doctor_level
            )
            self.link.tell(self.quality.to_message())  # the page judges with the same lines
            self.quality_changed.emit(self.quality)

    def _heard(self, message: Any) -> None:
        if isinstance(message, wire.Quality):
            self._doctor_level = message.level

    # ---- the room and its signaling link ----------------------------------------------------
    async def _signaling_loop(self, peers: list[str]) -> None:
        while True:
            try:
                # After a signaling outage the media path may well be alive: keep it.
                self._doctor_present("doctor" in peers)
                if self.facts.doctor_in_room and not self._call_alive():
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

    @property
    def doctor_in_room(self) -> bool:
        return self.facts.doctor_in_room

    def _doctor_present(self, present: bool) -> None:
        facts = self.facts
        if present:
            facts.doctor_left_at = None
            if facts.ended == "finished":
                facts.ended = ""  # a doctor back in the room: the call goes on
                self.end_reason = ""
        elif facts.doctor_in_room or facts.doctor_left_at is None:
            facts.doctor_left_at = time.monotonic()
        facts.doctor_in_room = present
        self.judge_now()

    async def _end(self, reason: str) -> None:
        """The service cut the call: no more reconnecting; the media path goes down too."""
        log.warning("call ended by the service (%s)", reason)
        self.end_reason = reason
        self.facts.ended = reason
        await self._close_pc()
        self.judge_now()
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
                self._doctor_present(True)
                await self._offer()
            elif kind == "answer" and self.pc is not None:
                await self._answered(self.pc, message.get("sdp"))
            elif kind in ("peer-left", "bye"):
                if kind == "bye" and message.get("from") == "doctor":
                    self.facts.ended = self.end_reason = "finished"  # not a lost link
                self._doctor_present(False)
                if self.facts.ended == "finished":
                    self.ended.emit("finished")

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
            self.media.pause_video(False)
            self._tell_doctor_video(paused=False)
        self.media.add_to(pc)
        self.link.attach(pc.createDataChannel("station", ordered=True))
        await pc.setLocalDescription(await pc.createOffer())
        await self.signaling.send({"type": "offer", "sdp": pc.localDescription.sdp})

    def _tell_doctor_video(self, paused: bool) -> None:
        message: dict[str, Any] = {"type": "video", "paused": paused}
        if paused:
            message["reason"] = "poor-network"
        self.send(message)

    async def _close_pc(self) -> None:
        pc, self.pc = self.pc, None
        self.link.detach()
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
        if self.media.camera is not None:
            await self.media.camera.close()
