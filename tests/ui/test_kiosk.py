"""A real station: ``station``'s own composition root (``station/kiosk.py``) on its configured
devices (simulators on ptys as its ports, a test camera), enrolled to the fleet's service
started as its operator runs it. The nurse signs in and identifies the patient by real input;
the service opens the room; a doctor in Chromium joins through the link and sees the video and
the blood pressure the nurse takes. Then a device's cable is pulled: its card says so."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from drivers.base import DeviceKind
from drivers.sim import simulator_class
from station.call.service_client import CREDENTIAL_NAME, enroll
from station.config import save_service
from station.credentials import set_secret
from station.devices.manager import UNPLUGGED, DeviceState
from station.ui import kiosk_app, scripted, user
from station.ui.main_window import MainWindow
from tests.chromium import launch_options, needs_chromium
from tests.e2e.support import open_invitation_sync
from tests.fleet import enrollment_code, running_service


def doctor_in_chromium(link: str, seen: dict[str, Any], done: threading.Event) -> None:
    """The doctor's side, in its own thread (Playwright's sync API, its own loop)."""
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(**launch_options())
            try:
                page = browser.new_page(bypass_csp=True)  # the test's own probes evaluate script
                open_invitation_sync(page, link)
                page.wait_for_function(
                    "document.getElementById('remote').getVideoPlaybackQuality()"
                    ".totalVideoFrames > 5",
                    timeout=60_000,
                )
                seen["video"] = True
                item = page.locator("#vitals li", has_text="systolique")
                item.first.wait_for(timeout=90_000)
                seen["measurement"] = item.first.inner_text()
            finally:
                browser.close()
    except Exception as err:  # said to the test, which fails with it
        seen["error"] = repr(err)
    finally:
        done.set()


async def start_enrolled(url: str, code: str, qtbot: Any) -> tuple[Any, asyncio.Event, Any]:
    """Enrolled as `station enroll` does, then the real station started in its window: the
    window, the event that closes it, and the station's task."""
    enrolled = await enroll(url, code)
    set_secret(CREDENTIAL_NAME, enrolled.credential)
    save_service(url, enrolled.station)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    closed = asyncio.Event()
    return window, closed, asyncio.ensure_future(kiosk_app._kiosk(window, closed))


async def up_to_the_room(window: Any) -> str:
    """Signed in, a patient identified, the room open; returns what the station said was
    missing when it started."""
    await scripted.until(lambda: window.attached, 60, "the station started")
    problems = str(window.message.text())
    scripted.sign_in(window)
    user.click(window.home.begin)
    scripted.identify(window)
    await scripted.until(lambda: window.workstation.call is not None, 60, "room")
    return problems


@needs_chromium
def test_a_configured_station_in_a_call_with_a_doctor_in_chromium(
    run_ui: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monitor = simulator_class("beurer-bm58")(profile="hypertensive", seed=3)
    thermometer = simulator_class("welch-allyn-suretemp")()
    config = tmp_path / "station.toml"
    config.write_text(
        '[station]\nname = "Pharmacie du Marché — cabine 1"\n'
        'address = "2 rue du Marché, 35000 Rennes"\noperator = "Pharmacie du Marché"\n'
        f'\n[devices.blood-pressure]\ndriver = "beurer-bm58"\nport = "{monitor.start()}"\n'
        f'\n[devices.thermometer]\ndriver = "welch-allyn-suretemp"\n'
        f'port = "{thermometer.start()}"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("STATION_CONFIG", str(config))
    monkeypatch.setenv("STATION_CAMERA_PORT", "lavfi:testsrc2=size=640x480:rate=30")
    monkeypatch.setenv("STATION_MICROPHONE", "lavfi:sine=frequency=440:sample_rate=48000")
    monkeypatch.setenv("STATION_SPEAKER", "none")
    seen: dict[str, Any] = {}
    doctor_done = threading.Event()

    with running_service(tmp_path) as (url, service_env):
        code = enrollment_code(service_env, "Pharmacie du Marché — cabine 1", "Pharmacie du Marché")

        async def scenario() -> dict[str, Any]:
            window, closed, station = await start_enrolled(url, code, qtbot)
            try:
                problems = await up_to_the_room(window)
                workstation = window.workstation
                assert workstation.call is not None
                link = workstation.call.doctor_link
                threading.Thread(
                    target=doctor_in_chromium, args=(link, seen, doctor_done), daemon=True
                ).start()
                session = workstation.session
                assert session is not None
                await scripted.until(lambda: session.call_connected, 90, "doctor on the call")
                user.click(scripted.button(window, f"take-{DeviceKind.BLOOD_PRESSURE}"))
                await scripted.until(doctor_done.is_set, 120, "the doctor saw the reading")
                devices = workstation.devices
                thermometer.stop()  # its cable is pulled: the port goes away
                await scripted.until(
                    lambda: devices.slots[DeviceKind.THERMOMETER].message == UNPLUGGED,
                    30,
                    "unplugged said",
                )
                screen = window.consultation
                assert screen is not None
                await scripted.until(
                    lambda: "débranché" in screen.vitals.cards[DeviceKind.THERMOMETER].state.text(),
                    10,
                    "the card says it",
                )
                card_text = screen.vitals.cards[DeviceKind.THERMOMETER].state.text()
                return {
                    "problems": problems,
                    "link": link,
                    "card": card_text,
                    "kinds": sorted(devices.slots),
                    "state": devices.slots[DeviceKind.THERMOMETER].state,
                }
            finally:
                closed.set()
                await station

        try:
            result = run_ui(scenario, timeout=400)
        finally:
            monitor.stop()
            thermometer.stop()
    assert "error" not in seen, seen.get("error")
    assert seen.get("video") is True
    assert "systolique" in seen["measurement"] and "mmHg" in seen["measurement"]
    assert result["link"].startswith(url + "/#room=")
    # Oximeter and scale are neither configured nor detected: said, not fatal.
    assert "non branché" in result["problems"]
    assert result["kinds"] == sorted([DeviceKind.BLOOD_PRESSURE, DeviceKind.THERMOMETER])
    assert result["state"] is DeviceState.ERROR and "débranché" in result["card"]


def test_station_without_a_screen_says_so_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env.pop("WAYLAND_DISPLAY", None)
    env["STATION_CONFIG"] = str(tmp_path / "station.toml")
    env["STATION_DATA_DIR"] = str(tmp_path / "data")
    if sys.platform != "linux":
        pytest.skip("every other platform has a screen")
    done = subprocess.run(
        [str(Path(sys.executable).with_name("station"))],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Erreur : pas d’écran"), done.stderr


def test_a_first_start_enrolls_from_the_setup_screen(
    run_ui: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing configured: the station opens and says it is not enrolled; the assistant types
    the service's address and the operator's code in the setup screen; the next consultation
    gets its room from the service. No hand-editing of a settings file."""
    from station.call.service_client import CREDENTIAL_NAME
    from station.credentials import get_secret
    from station.kiosk import NOT_ENROLLED

    monkeypatch.setenv("STATION_CONFIG", str(tmp_path / "station.toml"))
    monkeypatch.setenv("STATION_CAMERA_PORT", "lavfi:testsrc2=size=320x240:rate=15")
    monkeypatch.setenv("STATION_SPEAKER", "none")
    with running_service(tmp_path) as (url, service_env):
        code = enrollment_code(service_env, "EHPAD Les Tilleuls — salle 1", "EHPAD Les Tilleuls")

        async def scenario() -> dict[str, Any]:
            window = MainWindow()
            qtbot.addWidget(window)
            window.show()
            closed = asyncio.Event()
            station = asyncio.ensure_future(kiosk_app._kiosk(window, closed))
            try:
                await scripted.until(lambda: window.attached, 60, "the station started")
                said = window.message.text()
                workstation = window.workstation
                calls_before = workstation.calls
                scripted.sign_in(window)
                user.click(scripted.button(window, "open-setup"))
                user.type_into(user.find(window, "enroll-url"), url)
                user.type_into(user.find(window, "enroll-code"), code.lower())  # as read out
                user.click(scripted.button(window, "enroll-submit"))
                state = window.setup.enrollment.state
                await scripted.until(lambda: "inscrit" in state.text(), 30, "enrolled")
                await scripted.until(lambda: workstation.calls is not None, 30, "calls ready")
                user.click(scripted.button(window, "setup-back"))
                user.click(window.home.begin)
                scripted.identify(window)
                await scripted.until(lambda: workstation.call is not None, 60, "room")
                assert workstation.call is not None
                return {
                    "said": said,
                    "before": calls_before,
                    "state": state.text(),
                    "link": workstation.call.doctor_link,
                    "credential": get_secret(CREDENTIAL_NAME),
                    "settings": (tmp_path / "station.toml").read_text(),
                }
            finally:
                closed.set()
                await station

        result = run_ui(scenario, timeout=300)
    assert "non inscrit" in result["said"] and NOT_ENROLLED.startswith("Poste non inscrit")
    assert result["before"] is None
    assert "EHPAD Les Tilleuls — salle 1" in result["state"]
    assert result["link"].startswith(url + "/#room=")
    secret = result["credential"].split(".", 1)[1]
    assert url in result["settings"] and secret not in result["settings"]


def test_station_starts_as_a_command_and_stops_on_sigterm(tmp_path: Path) -> None:
    """`station`, as the README runs it, on a machine with nothing set up: it opens, says what
    is missing, and stops cleanly when the session ends."""
    import base64
    import signal
    import time

    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        STATION_CONFIG=str(tmp_path / "station.toml"),
        STATION_DATA_DIR=str(tmp_path / "data"),
        STATION_SPEAKER="none",
        PYTHON_KEYRING_BACKEND="env_keyring.EnvKeyring",
        PYTHONPATH=str(Path(__file__).resolve().parents[1]),
        STATION_TEST_RECORD_KEY=base64.b64encode(bytes(32)).decode(),
    )
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("station"))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert proc.stdout is not None
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.strip())
        if any("non inscrit" in seen for seen in lines):
            break
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert any(line.startswith("Station prête") for line in lines), (lines, err[-2000:])
    assert any("non inscrit" in line for line in lines)
    assert proc.returncode == 0 and "Traceback" not in err
    assert (tmp_path / "data" / "record.sqlite3").exists()  # its record, in its data folder


def doctor_sees_no_room_camera(link: str, seen: dict[str, Any], done: threading.Event) -> None:
    """The doctor's side of a station without a camera, in its own thread."""
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(**launch_options())
            try:
                page = browser.new_page()
                open_invitation_sync(page, link)
                notice = page.locator("#no-room-camera")
                notice.wait_for(state="visible", timeout=90_000)
                seen["notice"] = notice.inner_text()
                done.wait(120)  # stay on the call until the station has looked
            finally:
                browser.close()
    except Exception as err:  # said to the test, which fails with it
        seen["error"] = repr(err)
    finally:
        seen["over"] = True


@needs_chromium
def test_a_station_without_a_camera_still_calls_and_says_why(
    run_ui: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from drivers.detect import detect

    if any(d.kind is DeviceKind.CAMERA for d in detect()):
        pytest.skip("this machine has a camera: the station would find it")
    monkeypatch.delenv("STATION_CAMERA_PORT", raising=False)
    monkeypatch.setenv("STATION_CONFIG", str(tmp_path / "station.toml"))
    monkeypatch.setenv("STATION_MICROPHONE", "lavfi:sine=frequency=440:sample_rate=48000")
    monkeypatch.setenv("STATION_SPEAKER", "none")
    seen: dict[str, Any] = {}
    looked = threading.Event()
    with running_service(tmp_path) as (url, service_env):
        code = enrollment_code(service_env, "Cabine sans caméra", "Pharmacie du Marché")

        async def scenario() -> dict[str, str]:
            window, closed, station = await start_enrolled(url, code, qtbot)
            try:
                problems = await up_to_the_room(window)
                workstation = window.workstation
                assert workstation.call is not None
                threading.Thread(
                    target=doctor_sees_no_room_camera,
                    args=(workstation.call.doctor_link, seen, looked),
                    daemon=True,
                ).start()
                session = workstation.session
                assert session is not None
                await scripted.until(lambda: session.call_connected, 90, "doctor on the call")
                screen = window.consultation
                assert screen is not None
                sound = screen.call.sound
                await scripted.until(lambda: "caméra" in sound.text(), 10, "said on screen")
                return {"problems": problems, "sound": sound.text()}
            finally:
                looked.set()
                closed.set()
                await station

        result = run_ui(scenario, timeout=300)
    assert "error" not in seen, seen.get("error")
    assert "Aucune caméra" in result["problems"] and "sans image" in result["problems"]
    assert "Pas de caméra sur ce poste" in result["sound"]
    assert "pas de caméra" in seen["notice"]
