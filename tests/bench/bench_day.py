"""A kiosk's day in one window: memory after each consultation (prints figures, asserts nothing).

    QT_QPA_PLATFORM=offscreen python tests/bench/bench_day.py [--count 30]

Plays ``--count`` standard consultations one after another through the real window (real
clicks and keys, the simulated devices, a scripted doctor over WebRTC), and prints the
process's resident memory back at the home screen after each one (once the app has returned
the heap's free pages, as it does between patients), then the last against the first. The
goal of the nurse's-day issue: after 30 consultations, at most 1.2× the memory after the first.
Resident memory is read from ``/proc/self/status`` (Linux); elsewhere the peak from
``resource`` is printed instead.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def rss_mb() -> float:
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=30)
    args = parser.parse_args()
    from station.linux_memory import limit_malloc_arenas

    print(f"malloc arenas limited: {limit_malloc_arenas()}")  # as station's main() does
    os.environ["STATION_DATA_DIR"] = tempfile.mkdtemp(prefix="station-bench-day-")

    import qasync
    from PySide6.QtWidgets import QApplication

    from station.demo_env import DemoEnvironment
    from station.ui import scripted
    from station.ui.demo import demo_workstation
    from station.ui.main_window import MainWindow
    from station.ui.style import stylesheet

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # as the app: the loop ends it, after the call
    app.setStyleSheet(stylesheet())
    figures: list[float] = []
    started = time.monotonic()

    def at_home() -> None:
        figures.append(rss_mb())
        elapsed = time.monotonic() - started
        print(
            f"consultation {len(figures):2d}: RSS {figures[-1]:6.1f} MB back home, "
            f"{elapsed:6.1f} s",
            flush=True,
        )

    async def day() -> None:
        async with DemoEnvironment() as env:
            window = MainWindow(demo_workstation(env))
            window.show()
            await scripted.play_day(window, args.count, at_home=at_home)
            await window.workstation.end_call()
            await window.workstation.otoscope.close()
            window.close()

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    loop.run_until_complete(day())
    if figures:
        print(
            f"RSS after the first: {figures[0]:.1f} MB; after the last ({len(figures)}): "
            f"{figures[-1]:.1f} MB; ratio {figures[-1] / figures[0]:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
