"""A real station's window (``station`` with no subcommand), on :class:`station.kiosk.Kiosk`.

The window shows first (:func:`station.ui.app.run`); the station starts behind it. What is
missing (a device, the enrollment, the camera) is said on screen and on the console, and the
station opens all the same. Unlike the demo, the doctor's link is never printed: it holds a
one-time token, and it shows in the window only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from station.ui import app
from station.ui.main_window import MainWindow
from station.ui.translate import words


async def _kiosk(window: MainWindow, closed: asyncio.Event) -> int:
    from station.kiosk import Kiosk

    async with Kiosk() as kiosk:
        workstation = kiosk.workstation()
        problems = list(kiosk.problems)
        sending = app.start_sending(workstation)
        if sending:
            problems.append(sending)
        try:
            await app.warm_index(workstation)
            window.attach(workstation)
            # Enrolled from the setup screen (a first start): calls work from then on.
            window.setup.enrolled.connect(
                lambda _url: window.spawn(kiosk.connect_service(workstation))
            )
            name = workstation.station.get("name") or "poste sans nom (Réglages du poste)"
            print(f"Station prête : {name}.", flush=True)
            for problem in problems:
                print(problem, flush=True)
            window.say(" ".join(words(problem) for problem in problems))
            await closed.wait()
            return 0
        finally:
            await app.stop_station(workstation, window)


def run_kiosk_app(ready: Callable[[MainWindow], None] | None = None) -> int:
    return app.run(_kiosk, ready)
