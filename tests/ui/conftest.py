"""The app under test: the real window on the demo environment (simulators on ptys, a local
signaling server, test cameras), offscreen, with Qt and asyncio on one qasync loop."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync
from PySide6.QtWidgets import QApplication

Scenario = Callable[[], Awaitable[Any]]


@pytest.fixture
def run_ui(qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run an async scenario on a qasync loop over the test's QApplication."""
    monkeypatch.setenv("STATION_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("STATION_LANG", "fr")

    def run(scenario: Scenario, timeout: float = 180) -> Any:
        loop = qasync.QEventLoop(qapp)
        asyncio.set_event_loop(loop)
        try:
            return loop.run_until_complete(asyncio.wait_for(scenario(), timeout))
        finally:
            loop.close()
            asyncio.set_event_loop(None)

    return run
