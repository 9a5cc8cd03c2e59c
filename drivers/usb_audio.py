"""Which audio input is a given USB device (VID:PID): Linux only, from ALSA's card files.

A USB Audio Class device is a sound card to ALSA, whose ``/proc/asound/cardN/usbid`` holds its
``VID:PID``; PortAudio names its inputs with the card's number (``… (hw:N,0)``). So a
stethoscope configured as ``usb:VID:PID`` is found whatever its name and whichever port it is
plugged into. Elsewhere (Windows, macOS) the audio APIs PortAudio uses do not give the USB ids:
the input is chosen by its name.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

ASOUND = Path("/proc/asound")
USB_ID = re.compile(r"^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$")


def parse_usb_id(url: str) -> str | None:
    """``usb:VID:PID`` → ``vid:pid`` (lower case), or None when the URL is a name."""
    if not url.lower().startswith("usb:"):
        return None
    usb_id = url[4:]
    if not USB_ID.match(usb_id):
        raise ValueError(f"identifiant USB invalide : {usb_id!r} (attendu VID:PID, ex. 1234:abcd)")
    return usb_id.lower()


def alsa_cards(usb_id: str, root: Path = ASOUND) -> list[int]:
    """The numbers of the ALSA cards that are this USB device (Linux)."""
    cards = []
    for usbid in sorted(root.glob("card*/usbid")):
        try:
            found = usbid.read_text(encoding="ascii").strip().lower()
        except OSError:  # the device went away while we looked
            continue
        number = usbid.parent.name.removeprefix("card")
        if found == usb_id and number.isdigit():
            cards.append(int(number))
    return cards


def input_for_usb(
    usb_id: str, devices: Iterable[Mapping[str, Any]], root: Path = ASOUND
) -> int | None:
    """The index, among PortAudio's devices, of an input of that USB device (None: absent or
    not knowable on this platform)."""
    if not sys.platform.startswith("linux"):
        return None
    cards = alsa_cards(usb_id, root)
    for index, info in enumerate(devices):
        if info.get("max_input_channels", 0) < 1:
            continue
        match = re.search(r"\(hw:(\d+),\d+\)", str(info.get("name", "")))
        if match and int(match.group(1)) in cards:
            return index
    return None


def usb_id_of_input(name: str, root: Path = ASOUND) -> str | None:
    """The ``vid:pid`` of the USB sound card a PortAudio input belongs to (from its
    ``(hw:N,…)`` name), or None: not a USB card, or not knowable on this platform."""
    if not sys.platform.startswith("linux"):
        return None
    match = re.search(r"\(hw:(\d+),\d+\)", name)
    if match is None:
        return None
    try:
        found = (root / f"card{match.group(1)}" / "usbid").read_text(encoding="ascii").strip()
    except OSError:  # not a USB card (no usbid), or gone meanwhile
        return None
    return found.lower() if USB_ID.match(found) else None
