"""The one event loop (Qt + asyncio through qasync) must not corrupt the interpreter.

PySide6 6.12.0 under qasync on Python 3.11 lost a reference to None on each loop turn; a
call (thousands of turns a minute) then aborted the app within seconds. This checks the
installed Qt binding over a few thousand turns.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Any


def test_loop_turns_do_not_leak_references_to_none(run_ui: Any) -> None:
    async def scenario() -> int:
        before = sys.getrefcount(None)
        for _ in range(3000):
            await asyncio.sleep(0.0005)
        return sys.getrefcount(None) - before

    drift = run_ui(scenario)
    # A few hundred either way is ordinary churn; the bug lost one per turn (-3000 here).
    assert drift > -1000
