"""The app under test: the real window on the demo environment (simulators on ptys, a local
signaling server, test cameras), offscreen, with Qt and asyncio on one qasync loop."""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync
from PySide6.QtWidgets import QApplication

Scenario = Callable[[], Awaitable[Any]]


@pytest.fixture(scope="session")
def qasync_loop(qapp: QApplication) -> Any:
    """One qasync loop for the whole session, as in the app: a loop closed between tests
    leaves Qt timers behind that fire into it later (exceptions, then crashes). As in the app,
    closing the last window does not quit: the loop ends the app (a scenario that closes its
    window, as the station does when it stops, would stop the loop under the test)."""
    qapp.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(qapp)
    yield loop
    loop.close()


@pytest.fixture
def run_ui(qasync_loop: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run an async scenario on the qasync loop over the test's QApplication."""
    monkeypatch.setenv("STATION_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("STATION_LANG", "fr")

    def run(scenario: Scenario, timeout: float = 180) -> Any:
        asyncio.set_event_loop(qasync_loop)
        try:
            return _bounded(qasync_loop, scenario(), timeout)
        finally:
            # What a scenario left running (a call being opened, a reading) ends here, so
            # nothing of this test wakes up in the next one.
            leftovers = [t for t in asyncio.all_tasks(qasync_loop) if not t.done()]
            for task in leftovers:
                task.cancel()
            if leftovers:
                _stopped(qasync_loop, leftovers, "tasks left by the scenario")
            asyncio.set_event_loop(None)

    return run


# How long cancelled work may take to unwind before the test says which task hangs.
UNWIND_SECONDS = 60.0


def _bounded(
    loop: Any, scenario: Awaitable[Any], timeout: float, unwind: float = UNWIND_SECONDS
) -> Any:
    """The scenario's result, or a failure after ``timeout``. Unlike ``asyncio.wait_for``, a
    scenario whose cancellation never finishes (a close that hangs) fails the test with the
    stuck tasks' stacks instead of hanging the whole run."""
    task = loop.create_task(scenario)
    loop.run_until_complete(asyncio.wait({task}, timeout=timeout))
    if task.done():
        return task.result()
    task.cancel()
    _stopped(loop, [task], "the scenario, cancelled", unwind)
    raise TimeoutError(f"the scenario did not finish in {timeout:.0f} s")


def _stopped(
    loop: Any, tasks: list[asyncio.Task[Any]], what: str, unwind: float = UNWIND_SECONDS
) -> None:
    loop.run_until_complete(asyncio.wait(tasks, timeout=unwind))
    stuck = [t for t in tasks if not t.done()]
    if stuck:
        stacks = io.StringIO()
        for task in stuck:
            task.print_stack(file=stacks)
        still = f"{what}: still running {unwind:.0f} s after cancel"
        raise AssertionError(f"{still}\n{stacks.getvalue()}")
    for task in tasks:  # retrieve what they raised, so nothing is reported as never retrieved
        if not task.cancelled():
            task.exception()


@pytest.fixture(scope="session")
def cups() -> Any:
    """One real CUPS (cups-pdf queue) for every print test of the session: Qt's print support
    asks CUPS for its printers once per process, so a second cupsd on a new socket would
    never be seen. Each test counts its own jobs (``completed()`` before and after)."""
    import os

    from tests.print_server import print_server, unavailable

    if unavailable():
        pytest.skip(unavailable())
    with print_server() as server:
        before = os.environ.get("CUPS_SERVER")
        os.environ["CUPS_SERVER"] = str(server.socket)  # before Qt first asks for printers
        try:
            yield server
        finally:
            if before is None:
                os.environ.pop("CUPS_SERVER", None)
            else:
                os.environ["CUPS_SERVER"] = before
