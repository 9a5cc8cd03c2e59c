"""A close that hangs: the station goes on without it, and a test says where it hangs."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import station.workstation
from tests.ui.conftest import _bounded
from tests.ui.fakes import offline_workstation


async def test_a_call_that_never_closes_does_not_hold_the_station(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(station.workstation, "CALL_CLOSE_SECONDS", 0.2)
    workstation = offline_workstation(tmp_path)
    never = asyncio.Event()
    workstation.call = SimpleNamespace(  # type: ignore[assignment]
        peer=SimpleNamespace(close=never.wait), room="r"
    )
    try:
        await asyncio.wait_for(workstation.end_call(), 30)
        assert workstation.call is None
    finally:
        workstation.store.close()


def test_a_scenario_stuck_while_cancelled_fails_with_its_stack(qasync_loop: Any) -> None:
    released = asyncio.Event()

    async def stuck_in_its_finally() -> None:
        try:
            await asyncio.sleep(3600)
        finally:
            await released.wait()  # a close that never returns

    asyncio.set_event_loop(qasync_loop)
    try:
        with pytest.raises(AssertionError, match="still running") as failure:
            _bounded(qasync_loop, stuck_in_its_finally(), 0.2, unwind=0.5)
        assert "stuck_in_its_finally" in str(failure.value)
        # What it left is released so nothing of this test wakes in the next.
        released.set()
        leftover = [t for t in asyncio.all_tasks(qasync_loop) if not t.done()]
        qasync_loop.run_until_complete(asyncio.wait(leftover, timeout=5))
    finally:
        asyncio.set_event_loop(None)
