"""The setup screen checks the camera and the microphone for real before keeping them: typed
in, tested by a click, said in words; a wrong one is refused in words and not kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from station.config import device_setting, load
from station.ui import scripted, user
from station.ui.main_window import MainWindow
from tests.ui.fakes import offline_workstation


def test_camera_and_microphone_are_checked_then_kept(
    run_ui: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STATION_CONFIG", str(tmp_path / "station.toml"))
    window = MainWindow(offline_workstation(tmp_path))
    qtbot.addWidget(window)
    window.show()

    async def scenario() -> dict[str, str]:
        scripted.sign_in(window)
        user.click(scripted.button(window, "open-setup"))
        box = window.setup.media
        said: dict[str, str] = {}

        async def check(field: str, value: str, button: str, key: str) -> None:
            line = user.find(window, field)
            line.clear()  # type: ignore[attr-defined]
            user.type_into(line, value)
            user.click(scripted.button(window, button))
            await scripted.until(lambda: box.task is not None and box.task.done(), 30, key)
            said[key] = box.state.text()

        await check(
            "check-microphone-source", "lavfi:anullsrc=r=48000", "check-microphone", "silent"
        )
        await check(
            "check-microphone-source",
            "lavfi:sine=frequency=440:sample_rate=48000",
            "check-microphone",
            "microphone",
        )
        await check("check-camera-port", "/dev/video-absent", "check-camera", "no camera")
        said["kept after failure"] = device_setting("camera").port or ""
        await check(
            "check-camera-port", "lavfi:testsrc2=size=320x240:rate=15", "check-camera", "camera"
        )
        return said

    said = run_ui(scenario)
    assert "n’entend rien" in said["silent"]
    assert said["microphone"].startswith("Micro : son reçu")
    assert "Caméra : image reçue (320×240)" in said["camera"]
    assert said["no camera"] and "image reçue" not in said["no camera"]
    assert said["kept after failure"] == ""  # a camera that gave no image is not kept
    assert device_setting("camera").port == "lavfi:testsrc2=size=320x240:rate=15"
    call = load()["call"]
    assert isinstance(call, dict)
    assert call["microphone"] == "lavfi:sine=frequency=440:sample_rate=48000"
