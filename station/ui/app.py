"""Starting the application: Qt and asyncio on one loop (qasync), the window first.

The window opens on its sign-in screen at once; the station (record, devices, call) then
starts behind it, built by a composition root — the demo's (:mod:`station.ui.demo`) or a real
station's — which attaches it to the window when it is up. Nothing heavy (aiortc, PyAV,
aiohttp, the record's cryptography) is imported before the window has shown.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import qasync
from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from station.call.library_errors import quiet_call_errors
from station.ui.i18n import install_translator
from station.ui.main_window import MainWindow
from station.ui.style import stylesheet

if TYPE_CHECKING:
    from station.workstation import Workstation

log = logging.getLogger("station.ui")

Main = Callable[[MainWindow, asyncio.Event], Awaitable[int]]


def _qt_messages(mode: QtMsgType, context: object, message: str) -> None:
    """Qt's own messages go to the log; the offscreen platform's chatter is dropped."""
    if "propagateSizeHints" in message:
        return
    level = logging.WARNING if mode != QtMsgType.QtDebugMsg else logging.DEBUG
    log.log(level, "%s", message)


def start_sending(workstation: Workstation) -> str:
    """Send queued reports in the background, if a destination is set; else say why not."""
    from station.config import ConfigError
    from station.credentials import CredentialsUnavailable
    from station.records.mssante import MssanteConfigError, configured_mssante
    from station.records.outbox import TransmissionConfigError, configured_endpoint

    try:
        workstation.start_sending(configured_endpoint(), mssante=configured_mssante())
    except (ConfigError, CredentialsUnavailable, TransmissionConfigError) as err:
        return f"Transmission des comptes rendus désactivée : {err}"
    except MssanteConfigError as err:
        return f"Transmission des comptes rendus désactivée : {err.message}"
    return ""


async def warm_index(workstation: Workstation) -> None:
    """The home screen's lists, built off the loop while the assistant signs in (0.5 s with
    5,000 consultations); every later refresh reads only what is new."""
    await asyncio.get_running_loop().run_in_executor(None, workstation.index.refresh)


async def stop_station(workstation: Workstation, window: MainWindow) -> None:
    """What every composition root does when the app ends: the outbox, the call, the otoscope
    stop; then the window closes."""
    await workstation.stop_sending()
    await workstation.end_call()
    if workstation.otoscope is not None:
        await workstation.otoscope.close()
    window.close()


def _closing(app: QApplication) -> asyncio.Event:
    """Set when the last window closes or the process is asked to stop (Ctrl+C, SIGTERM)."""
    closed = asyncio.Event()
    app.lastWindowClosed.connect(closed.set)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, closed.set)
    return closed


def run(main: Main, ready: Callable[[MainWindow], None] | None = None) -> int:
    """Show the window, then run ``main(window, closed)`` on the shared loop.

    ``ready`` is called on the loop's first turn after the window has shown (the benchmark's
    measuring point); ``main`` starts the station and attaches it.
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    qInstallMessageHandler(_qt_messages)
    app.setApplicationName("Station")
    app.setQuitOnLastWindowClosed(False)  # the loop ends the app, after closing the call
    install_translator(app)
    app.setStyleSheet(stylesheet())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    quiet_call_errors(loop)  # aiortc's failing tasks: one line each, no traceback
    window = MainWindow()
    window.show()

    async def started() -> int:
        closed = _closing(app)
        await asyncio.sleep(0)
        if ready is not None:
            ready(window)
        try:
            return await main(window, closed)
        finally:
            window.close()

    try:
        return loop.run_until_complete(started())
    finally:
        loop.close()
        asyncio.set_event_loop(None)
