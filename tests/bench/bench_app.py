"""The desktop app's speed (prints figures, asserts nothing).

    QT_QPA_PLATFORM=offscreen python tests/bench/bench_app.py [--runs N] [--seconds S]
        [--cold-start-only]

1. Cold start to an interactive main window: a fresh process per run, from spawn to the first
   turn of the event loop after the window is shown (the app's own ``ready`` hook, on the path
   ``station demo`` takes; the record, simulators and signaling server start after it),
   against a bare PySide6 window in the same run.
2. Event-loop lag: a coroutine asks to wake every 10 ms and records how late it wakes, on the
   consultation screen while a 1280x720 30 fps call goes to a doctor peer and the oximeter
   streams; baseline: the same probe on a bare window with nothing running.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BARE_CHILD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
w = QWidget(); w.resize(1280, 800); w.show()
QTimer.singleShot(0, lambda: (print("ready", flush=True), app.quit()))
app.exec()
"""

APP_CHILD = """
import os, sys, tempfile
os.environ["STATION_DATA_DIR"] = tempfile.mkdtemp()
import station.cli  # what `station demo` loads first
from station.ui.demo import run_demo_app
def ready(window):
    print("ready", flush=True)
    window.close()  # the station, starting behind the window, then stops
sys.exit(run_demo_app(0, "normotensive", ready=ready))
"""


def cold_start(code: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", code],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == "ready":
                times.append(time.perf_counter() - start)
                break
        proc.wait(timeout=60)
    return times


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def probe_lag(seconds: float, period: float = 0.01) -> list[float]:
    lags = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        asked = time.perf_counter()
        await asyncio.sleep(period)
        lags.append((time.perf_counter() - asked - period) * 1000)
    return lags


def event_loop_lag(seconds: float) -> tuple[list[float], list[float], dict[str, Any]]:
    import qasync
    from PySide6.QtWidgets import QApplication, QWidget

    from drivers.base import DeviceKind
    from station.call.doctor_peer import DoctorPeer
    from station.demo_env import DemoEnvironment
    from station.ui import scripted
    from station.ui.demo import demo_workstation
    from station.ui.main_window import MainWindow
    from station.ui.style import stylesheet

    os.environ.setdefault(
        "STATION_DATA_DIR",
        str(Path(os.environ.get("TMPDIR", "/tmp")) / f"station-bench-{os.getpid()}"),
    )
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyleSheet(stylesheet())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    async def bare() -> list[float]:
        window = QWidget()
        window.resize(1280, 800)
        window.show()
        lags = await probe_lag(seconds)
        window.close()
        return lags

    async def busy() -> tuple[list[float], dict[str, Any]]:
        async with DemoEnvironment() as env:
            workstation = demo_workstation(env)
            window = MainWindow(workstation)
            window.show()
            scripted.sign_in(window)
            window.home.begin.click()
            scripted.identify(window)  # the room opens once the patient is identified
            await scripted.until(lambda: workstation.call is not None, 30)
            assert workstation.call is not None
            doctor = DoctorPeer.from_link(workstation.call.doctor_link)
            await doctor.start()
            await scripted.until(lambda: workstation.session.call_connected, 60)  # type: ignore[union-attr]
            oximeter = env.devices.slots[DeviceKind.OXIMETER].driver  # type: ignore[union-attr]
            readings = 0

            async def stream() -> None:
                nonlocal readings
                async for _ in oximeter.stream():
                    readings += 1

            streaming = asyncio.ensure_future(stream())
            await asyncio.sleep(2)  # the encoder and the stream settle
            frames_before = doctor.frames
            lags = await probe_lag(seconds)
            info = {
                "fps_at_doctor": (doctor.frames - frames_before) / seconds,
                "sizes": sorted(doctor.frame_sizes),
                "oximeter_readings": readings,
                "views_painted": window.consultation.call.self_view.frames_shown,  # type: ignore[union-attr]
            }
            streaming.cancel()
            await doctor.close()
            await workstation.end_call()
            await workstation.otoscope.close()
            return lags, info

    try:
        baseline = loop.run_until_complete(bare())
        lags, info = loop.run_until_complete(busy())
    finally:
        loop.close()
        asyncio.set_event_loop(None)
    return baseline, lags, info


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--cold-start-only", action="store_true")
    args = parser.parse_args()
    print(f"Cold start to interactive main window ({args.runs} runs each)")
    for name, code in (("bare PySide6 window", BARE_CHILD), ("station app (demo)", APP_CHILD)):
        times = cold_start(code, args.runs)
        print(
            f"  {name:<24} median {statistics.median(times) * 1000:7.0f} ms   "
            f"max {max(times) * 1000:7.0f} ms"
        )
    if args.cold_start_only:
        return 0
    print(f"\nEvent-loop lag, 10 ms timer, {args.seconds:.0f} s each")
    baseline, lags, info = event_loop_lag(args.seconds)
    for name, values in (
        ("bare window, idle", baseline),
        ("consultation: 720p call + oximeter", lags),
    ):
        print(
            f"  {name:<36} n={len(values):5d}  p50 {pct(values, 0.5):6.2f} ms  "
            f"p99 {pct(values, 0.99):6.2f} ms  max {max(values):6.2f} ms"
        )
    print(
        f"  during the call: {info['fps_at_doctor']:.1f} frames/s at the doctor "
        f"{info['sizes']}, {info['oximeter_readings']} oximeter readings, "
        f"{info['views_painted']} self-view frames painted"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
