"""The call's media lines: what the station sends (the room camera, the stethoscope's own
line, the voice, the otoscope) and what it receives of the doctor (voice and video).

One :class:`MediaLines` per call: the devices are the caller's; each new peer connection gets
fresh tracks over them (:meth:`MediaLines.add_to`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from typing import Any

from aiortc import MediaStreamTrack, RTCPeerConnection, RTCRtpSender
from av import AudioFrame, VideoFrame

from drivers.uvc_camera import UvcCamera
from station.call.audio import Microphone, level_db
from station.call.audio_jitter import tolerate_audio_loss
from station.call.bitrate import cap_bitrate
from station.call.speaker import Speaker
from station.call.video_settings import VideoSettings

log = logging.getLogger("station.call")

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


class MediaLines:
    """The devices of one call and the tracks over them, and the doctor's media as it comes."""

    def __init__(
        self,
        camera: UvcCamera | None,
        video: VideoSettings,
        otoscope: UvcCamera | None = None,
        microphone: Microphone | None = None,
        speaker: Speaker | None = None,
        stethoscope: Any = None,
        stethoscope_bitrate: int = 96_000,
    ) -> None:
        self.camera = camera  # None: no room camera (a voice call, the otoscope if any)
        self.video = video
        self.otoscope = otoscope
        self.microphone = microphone
        self.speaker = speaker  # the doctor's voice out loud (owned by the caller)
        self.stethoscope = stethoscope
        self.stethoscope_bitrate = stethoscope_bitrate
        self.camera_track: CameraTrack | None = None
        self.otoscope_track: CameraTrack | None = None
        self.stethoscope_track: Any = None
        self.otoscope_in_use = False  # idle rate until someone examines with it
        self.paused = False  # the audio-only fallback
        # The doctor's side, as it arrives.
        self.remote_frame: VideoFrame | None = None  # the doctor's camera, latest frame
        self.doctor_level_db = -math.inf  # the doctor's voice, for a "speaking" indicator
        self.audio_frames_received = 0
        self.last_media = -1e9  # monotonic: the doctor's last frame of sound or video
        self._handlers: set[asyncio.Future[None]] = set()

    def add_to(self, pc: RTCPeerConnection) -> None:
        """Every line, in the order the doctor's page expects: the room camera's video (or a
        receive-only video line when there is no camera), the stethoscope, the voice, the
        otoscope."""
        if self.camera is not None:
            self.camera_track = CameraTrack(self.camera, self.video)
            self.camera_track.paused = self.paused
            sender = pc.addTrack(self.camera_track)
            self._video_codec(pc, sender)
        else:
            self.camera_track = None
            pc.addTransceiver("video", direction="recvonly")  # the doctor's camera still comes
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
            self.otoscope_track.paused = self.paused
            self.use_otoscope(self.otoscope_in_use)
            transceiver = pc.addTransceiver(self.otoscope_track, direction="sendonly")
            self._video_codec(pc, transceiver.sender)
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

    def _video_codec(self, pc: RTCPeerConnection, sender: RTCRtpSender) -> None:
        _prefer_codec(pc, sender, self.video.codec)
        if self.video.max_bitrate_kbps is not None:
            cap_bitrate(sender, self.video.codec, self.video.max_bitrate_kbps)

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
        self.paused = paused
        for track in (self.camera_track, self.otoscope_track):
            if track is not None:
                track.paused = paused

    def frames_sent(self) -> int | None:
        """The room camera's frames handed to its encoder (None: no room camera)."""
        track = self.camera_track
        return track.frames_sent if track is not None else None

    async def _listen(self, track: MediaStreamTrack) -> None:
        with contextlib.suppress(Exception):  # the track ends with the peer connection
            while True:
                frame = await track.recv()
                assert isinstance(frame, AudioFrame)
                self.last_media = time.monotonic()
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
                self.last_media = time.monotonic()
                self.remote_frame = frame
        self.remote_frame = None
