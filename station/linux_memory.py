"""Linux only: glibc's allocator kept in bounds (two arenas at start, free pages returned),
and what its heap holds (for the benchmarks and the memory tests).

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
from dataclasses import dataclass

M_ARENA_MAX = -8  # glibc's mallopt parameter
ARENAS = 2


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name)
    except OSError:
        return None


def limit_malloc_arenas() -> bool:
    """True when the limit was set (glibc on Linux)."""
    libc = _libc()
    if libc is None:
        return False
    try:
        return bool(libc.mallopt(M_ARENA_MAX, ARENAS))
    except AttributeError:  # not glibc (musl has no mallopt)
        return False


def release_free_memory() -> bool:
    """Give the C heap's free pages back to the system (glibc's ``malloc_trim``).

    A call's video buffers are freed when it ends, but glibc keeps the freed pages: measured
    with tests/bench/bench_day.py, 150 MB more resident after each consultation than after the
    trim, which brings it back to the first consultation's level. Called once a consultation
    is over, off the UI thread. True when it ran (glibc on Linux).
    """
    libc = _libc()
    if libc is None:
        return False
    try:
        libc.malloc_trim(0)  # its result only says whether pages were released
        return True
    except AttributeError:  # not glibc
        return False


class _MallInfo2(ctypes.Structure):
    """glibc's ``struct mallinfo2`` (2.33 and later)."""

    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


@dataclass(frozen=True)
class CHeap:
    in_use: int  # bytes handed out and not freed, mmapped blocks included
    free: int  # bytes freed and kept by the allocator


def c_heap() -> CHeap | None:
    """What glibc's heap holds, summed over every arena; None elsewhere.

    In use that grows is a leak; free that grows is freed memory kept (fragmentation).
    """
    libc = _libc()
    if libc is None:
        return None
    try:
        mallinfo2 = libc.mallinfo2
    except AttributeError:  # not glibc, or older than 2.33
        return None
    mallinfo2.restype = _MallInfo2
    info = mallinfo2()
    return CHeap(in_use=info.uordblks + info.hblkhd, free=info.fordblks)
