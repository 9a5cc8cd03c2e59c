"""Python's garbage collector set for a node holding thousands of connections.

A full collection walks every live object: at 5,000 rooms about two million (each socket's
request, protocol, reader, writer, task), 0.3–0.6 s each time, during which no message is
relayed. With the default thresholds one ran every 2–3 s under load, and collections took a
sixth of the node's CPU (``tests/bench/bench_signaling.py``). The objects a node creates at
start (modules, schema, routes) never die: they are frozen out of collections. Full
collections wait for many more young ones (their first thresholds stay as they are, so young
garbage goes as fast as before); cycles that live long enough are still collected, later.
"""

from __future__ import annotations

import gc

FULL_AFTER = 1_000  # young (generation 1) collections before a full one is considered (was 10)


def tune_for_many_connections() -> None:
    """Call once the service is built, before it serves."""
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_AFTER)
