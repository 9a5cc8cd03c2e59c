"""aiortc's own failures, said as one line each where they arise, never as a traceback.

aiortc sends on its transports from tasks of its own (``asyncio.ensure_future``): a transport
that went away mid-call (a connection replaced, a link cut) makes such a task fail with a
``ConnectionError`` nobody awaits, and asyncio prints it with its whole traceback. What
matters is already handled where the station sends (:mod:`station.call.delivery` keeps each
message until its acknowledgement); the failure itself is logged once, in a line.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

log = logging.getLogger("station.call")

_LIBRARIES = ("/aiortc/", "/aioice/", "\\aiortc\\", "\\aioice\\")


def _origin(context: dict[str, Any]) -> str:
    """The qualified name of the coroutine whose task failed, if it is one of aiortc's."""
    task = context.get("future") or context.get("task")
    get_coro = getattr(task, "get_coro", None)
    coro = get_coro() if get_coro is not None else None
    code = getattr(coro, "cr_code", None)
    filename = getattr(code, "co_filename", "")
    if not any(part in filename for part in _LIBRARIES):
        return ""
    return str(getattr(coro, "__qualname__", "") or getattr(code, "co_name", "?"))


def quiet_call_errors(loop: asyncio.AbstractEventLoop) -> None:
    """Install on the app's loop: aiortc's failing tasks become one warning line each."""
    previous = loop.get_exception_handler()

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        error = context.get("exception")
        origin = _origin(context)
        if error is not None and origin and isinstance(error, ConnectionError | OSError):
            log.warning("call: %s in %s (%s)", type(error).__name__, origin, error)
            return
        if previous is not None:
            previous(loop, context)
        else:
            loop.default_exception_handler(context)

    loop.set_exception_handler(handler)
