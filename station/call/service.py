"""Opening a call for one consultation: a room, the station's peer, and the doctor's link.

The station signs its own tokens with the signaling secret it shares with the server (from the
keyring in production, random per run in the demo). The doctor's link carries room and
one-time token in the URL fragment, which browsers never send to a server or its logs.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from drivers.uvc_camera import UvcCamera
from station.call.audio import Microphone
from station.call.peer import StationPeer
from station.call.signaling_client import SignalingClient
from station.call.speaker import Speaker
from station.call.video_settings import VideoSettings
from station.signaling import tokens

STATION_TOKEN_SECONDS = 4 * 3600
DOCTOR_LINK_SECONDS = 3600


@dataclass
class Call:
    peer: StationPeer
    room: str
    doctor_link: str


class CallService:
    def __init__(
        self,
        base_url: str,
        secret: bytes,
        camera: Callable[[], UvcCamera],
        video: VideoSettings | None = None,
        microphone: Microphone | None = None,
        speaker: Speaker | None = None,
    ) -> None:
        self.microphone = microphone  # shared by every call of this station
        self.speaker = speaker
        self.base_url = base_url.rstrip("/")
        self.secret = secret
        self.camera = camera
        self.video = video

    @property
    def ws_url(self) -> str:
        return self.base_url.replace("http", "ws", 1) + "/ws"

    def doctor_link(self, room: str) -> str:
        token = tokens.issue(self.secret, room, "doctor", DOCTOR_LINK_SECONDS, one_time=True)
        return f"{self.base_url}/#room={room}&token={token}"

    async def open(self, otoscope: UvcCamera | None = None) -> Call:
        """Join a new room as the station; the doctor's link is valid for one hour, once."""
        room = secrets.token_urlsafe(12)
        token = tokens.issue(self.secret, room, "station", STATION_TOKEN_SECONDS)
        video = self.video or VideoSettings.from_config()
        peer = StationPeer(
            SignalingClient(self.ws_url, room, token),
            self.camera(),
            video=video,
            otoscope=otoscope,
            microphone=self.microphone,
            speaker=self.speaker,
        )
        await peer.start()
        return Call(peer, room, self.doctor_link(room))
