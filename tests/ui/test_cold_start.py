"""The window shows before anything heavy is loaded or started (cold start ≤ 2× a bare window).

Timing is the benchmark's job (tests/bench/bench_app.py); this test holds the cause steady: at
the first turn of the loop after the window shows, on the path ``station demo`` takes, none of
the heavy libraries is imported and no simulator or server runs yet. Then the station comes up
behind the window and the assistant can sign in.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "aiortc",
    "av",
    "aiohttp",
    "fhir",
    "fpdf",
    "jsonschema",
    "keyring",
    "cryptography",
    "qrcode",
    "pypdfium2",
    "sounddevice",
    "numpy",
)

CHILD = """
import json, sys, threading
import station.cli
from PySide6.QtCore import QTimer
from station.ui.demo import run_demo_app
HEAVY = %r
seen = {}
def ready(window):
    seen["loaded"] = sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))
    seen["threads"] = threading.active_count()
    seen["signin_enabled"] = window.signin.submit.isEnabled()
    def check():
        if window.attached:
            seen["attached"] = True
            seen["signin_enabled_after"] = window.signin.submit.isEnabled()
            print(json.dumps(seen), flush=True)
            window.close()
        else:
            QTimer.singleShot(20, check)
    check()
sys.exit(run_demo_app(0, "normotensive", ready=ready))
"""


def test_window_shows_before_the_station_starts(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", STATION_DATA_DIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-c", CHILD % (HEAVY,)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(next(line for line in done.stdout.splitlines() if line.startswith("{")))
    assert report["loaded"] == []
    assert report["threads"] == 1  # no simulator, reader or executor thread yet
    assert report["signin_enabled"] is False  # typing is possible; signing in waits
    assert report["attached"] and report["signin_enabled_after"] is True
