"""Debian's Chromium for the doctor's side of the tests and benches: where it is, how it runs.

Playwright drives ``/usr/bin/chromium`` (never a browser it downloads); every test and bench
launches it through :func:`launch_options`, so a flag the call needs is added in one place.
"""

from __future__ import annotations

import shutil
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    # aiortc cannot resolve the .local names Chromium uses to hide host addresses
    "--disable-features=WebRtcHideLocalIpsWithMdns",
]
# The stethoscope's line plays without a click on the page.
AUTOPLAY = "--autoplay-policy=no-user-gesture-required"

needs_chromium = pytest.mark.skipif(
    shutil.which("chromium") is None,
    reason="Debian's chromium is not installed (.ci/run installs it)",
)


def launch_options(*extra_args: str) -> dict[str, Any]:
    """Keyword arguments for ``playwright.chromium.launch``."""
    return {"executable_path": CHROMIUM, "args": [*CHROMIUM_ARGS, *extra_args]}
