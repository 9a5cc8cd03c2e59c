"""The setup screen's camera and microphone checks: a real image, a real second of sound.

Plain Python (no Qt). Each check says in words what it found; a failure is a
:class:`MediaCheckError` whose message the assistant can act on.
"""

from __future__ import annotations

import asyncio
import math

from drivers.errors import DeviceError

SILENT_DB = -60.0  # below this over a whole second, nothing reaches the microphone
LISTEN_SECONDS = 1.0


class MediaCheckError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


async def check_camera(port: str) -> tuple[int, int]:
    """One image from the camera at ``port``; returns its size."""
    from drivers.uvc_camera import UvcCamera

    camera = UvcCamera(port)
    try:
        still = await camera.still()
    except DeviceError as err:
        raise MediaCheckError(err.message) from err
    finally:
        await camera.close()
    return still.width, still.height


async def check_microphone(source: str, seconds: float = LISTEN_SECONDS) -> float:
    """Listen for ``seconds``; returns the loudest level heard (dBFS)."""
    from station.call.audio import Microphone, level_db

    try:
        microphone = Microphone(source)
    except (OSError, ValueError) as err:  # av errors are OSErrors
        raise MediaCheckError(
            "Micro introuvable : vérifiez qu’il est branché et choisi (ex. alsa:default)."
        ) from err
    track = microphone.track()
    loudest = -math.inf
    try:
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        while loop.time() < end:
            frame = await asyncio.wait_for(track.recv(), timeout=seconds + 2)
            loudest = max(loudest, level_db(frame))
    except (TimeoutError, OSError) as err:
        raise MediaCheckError("Le micro ne donne aucun son : vérifiez son branchement.") from err
    finally:
        track.stop()
        microphone.close()
    if loudest < SILENT_DB:
        raise MediaCheckError(
            "Le micro est ouvert mais n’entend rien : parlez près de lui, ou vérifiez qu’il "
            "n’est pas coupé."
        )
    return loudest
