"""A stethoscope configured by its USB ids is found among PortAudio's inputs through ALSA's
card files, whatever its name and port."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from drivers.usb_audio import alsa_cards, input_for_usb, parse_usb_id

DEVICES = [
    {"name": "HDA Intel PCH: ALC257 Analog (hw:0,0)", "max_input_channels": 2},
    {"name": "HDA Intel PCH: HDMI 0 (hw:0,3)", "max_input_channels": 0},
    {"name": "USB Audio Device: - (hw:2,0)", "max_input_channels": 1},
    {"name": "default", "max_input_channels": 32},
]


def _asound(tmp_path: Path, cards: dict[int, str]) -> Path:
    for number, usb_id in cards.items():
        folder = tmp_path / f"card{number}"
        folder.mkdir()
        (folder / "usbid").write_text(usb_id + "\n", encoding="ascii")
    (tmp_path / "card0").mkdir(exist_ok=True)  # the built-in card: no usbid
    return tmp_path


def test_usb_ids_are_read_from_the_setting() -> None:
    assert parse_usb_id("usb:1D6B:0AbC") == "1d6b:0abc"
    assert parse_usb_id("Thinklabs One") is None
    with pytest.raises(ValueError):
        parse_usb_id("usb:12345")


def test_the_card_of_a_usb_device_is_found(tmp_path: Path) -> None:
    root = _asound(tmp_path, {2: "1d6b:0abc", 3: "046d:0825"})
    assert alsa_cards("1d6b:0abc", root) == [2]
    assert alsa_cards("ffff:ffff", root) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ALSA's card files")
def test_the_input_of_that_card_is_chosen(tmp_path: Path) -> None:
    root = _asound(tmp_path, {2: "1d6b:0abc"})
    assert input_for_usb("1d6b:0abc", DEVICES, root) == 2
    assert input_for_usb("046d:0825", DEVICES, root) is None  # not plugged
