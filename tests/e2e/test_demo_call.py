"""`station demo --call` as a user runs it: a separate process prints the doctor link; a doctor
peer joins with it, asks for a temperature and receives the value measured from the
simulator's bytes, over the call."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from urllib.parse import parse_qs, urlsplit

from station.call.doctor_peer import DoctorPeer
from station.call.signaling_client import SignalingClient


async def test_demo_call_serves_a_measurement_on_request(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path))
    proc = subprocess.Popen(
        [sys.executable, "-m", "station", "demo", "--call", "--port", "0", "--profile", "fever"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    doctor = None
    try:
        assert proc.stdout is not None
        line = await asyncio.to_thread(proc.stdout.readline)
        assert line.startswith("doctor: http://127.0.0.1:"), line
        url = urlsplit(line.removeprefix("doctor: ").strip())
        fragment = parse_qs(url.fragment)
        assert "token" not in url.query and "room" not in url.query  # secrets only in the fragment
        doctor = DoctorPeer(
            SignalingClient(f"ws://{url.netloc}/ws", fragment["room"][0], fragment["token"][0])
        )
        await doctor.start()
        deadline = time.monotonic() + 20
        while (
            doctor.channel is None or doctor.channel.readyState != "open"
        ) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        doctor.send(
            {
                "type": "request",
                "id": "req-temp",
                "action": "take-measurement",
                "kind": "thermometer",
            }
        )
        deadline = time.monotonic() + 30
        while not doctor.messages and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        (message,) = doctor.messages
        component = message["measurement"]["components"][0]
        assert component["loinc"] == "8310-5" and component["unit"] == "Cel"
        assert 38.5 < component["value"] < 40.5  # the fever profile, measured from the pty
        assert doctor.frames > 0
    finally:
        if doctor is not None:
            await doctor.close()
        proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.to_thread(proc.communicate, timeout=20)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert "température" in out and "Démonstration terminée." in out
