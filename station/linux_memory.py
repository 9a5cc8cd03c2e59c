"""Linux only: glibc's allocator kept in bounds (two arenas at start, free pages returned).

glibc gives each busy thread (video encoders, device readers, Qt) its own arena and returns
video-sized buffers to them in fragments, so a kiosk's resident memory climbed with each
consultation of the day. Measured with tests/bench/bench_day.py (docs/performance.md): after
12 consultations 603 MB with two arenas against 768 MB with glibc's default. Elsewhere (and
with another C library) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_ARENA_MAX = -8  # glibc's mallopt parameter
ARENAS = 2


def limit_malloc_arenas() -> bool:
    """True when the limit was set (glibc on Linux)."""
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
        return bool(libc.mallopt(M_ARENA_MAX, ARENAS))
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False


def release_free_memory() -> bool:
    """Give the C heap's free pages back to the system (glibc's ``malloc_trim``).

    A call's video buffers are freed when it ends, but glibc keeps the freed pages: measured
    with tests/bench/bench_day.py, 150 MB more resident after each consultation than after the
    trim, which brings it back to the first consultation's level. Called once a consultation
    is over, off the UI thread. True when it ran (glibc on Linux).
    """
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        ctypes.CDLL(name).malloc_trim(0)  # its result only says whether pages were released
        return True
    except (OSError, AttributeError):  # not glibc
        return False
