"""Opening a call for one consultation: a room, the station's peer, and the doctor's link.

The room comes from the fleet's service (``ServiceClient.open_room``, with the station's own
credential): the service signs the tokens, no station holds its secret. The doctor's link
carries room and one-time token in the URL fragment, which browsers never send to a server or
its logs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from drivers.uvc_camera import UvcCamera
from station.call.audio import Microphone
from station.call.peer import StationPeer
from station.call.service_client import RoomGrant
from station.call.signaling_client import SignalingClient
from station.call.speaker import Speaker
from station.call.video_settings import VideoSettings


class Rooms(Protocol):
    async def open_room(self) -> RoomGrant: ...


@dataclass
class Call:
    peer: StationPeer
    room: str
    doctor_link: str


class CallService:
    def __init__(
        self,
        base_url: str,
        rooms: Rooms,
        camera: Callable[[], UvcCamera] | None,  # None: no room camera (a voice call)
        video: VideoSettings | None = None,
        microphone: Microphone | None = None,
        speaker: Speaker | None = None,
    ) -> None:
        self.microphone = microphone  # shared by every call of this station
        self.speaker = speaker
        self.base_url = base_url.rstrip("/")
        self.rooms = rooms
        self.camera = camera
        self.video = video

    @property
    def ws_url(self) -> str:
        return self.base_url.replace("http", "ws", 1) + "/ws"

    async def open(self, otoscope: UvcCamera | None = None, stethoscope: Any = None) -> Call:
        """Join a new room from the service; the doctor's link is valid for one hour, once."""
        grant = await self.rooms.open_room()
        video = self.video or VideoSettings.from_config()
        peer = StationPeer(
            SignalingClient(self.ws_url, grant.room, grant.station_token),
            self.camera() if self.camera is not None else None,
            video=video,
            otoscope=otoscope,
            stethoscope=stethoscope,
            microphone=self.microphone,
            speaker=self.speaker,
        )
        peer.service_key = grant.service_key
        await peer.start()
        return Call(peer, grant.room, grant.doctor_link)
