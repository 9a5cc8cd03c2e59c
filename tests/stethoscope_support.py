"""What the stethoscope tests share: the simulator's ALSA device exists on Linux only, and the
real driver must open it in a process of its own (PortAudio reads ALSA's settings once, when
it loads), so each test runs a child on the simulator and reads its one JSON line."""

from __future__ import annotations

import array
import asyncio
import json
import math
import os
import subprocess
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import pytest

from drivers.sim.stethoscope import StethoscopeSimulator

needs_alsa = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not Path("/usr/share/alsa/alsa.conf").exists(),
    reason="the simulator plays into an ALSA device (Linux)",
)


def run_on_simulator(
    child: Path,
    *args: str,
    cwd: Path,
    profile: str = "normal",
    fault: str | None = None,
    seed: int | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 180,
) -> tuple[dict[str, Any], str]:
    """Run ``child DEVICE *args`` with the simulator's ALSA settings; returns what it printed
    last (one JSON line) and the simulated device's name."""
    with StethoscopeSimulator(profile, fault=fault, seed=seed) as sim:
        done = subprocess.run(
            [sys.executable, str(child), sim.device, *args],
            env={**os.environ, **(env or {}), "ALSA_CONFIG_PATH": sim.alsa_config_path},
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        device = sim.device
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), device


def beat_period(samples: array.array[int], rate: int) -> float:
    """The heartbeat's period: the heart sounds' band (below 150 Hz), its envelope at 100 Hz,
    and the peak of the envelope's autocorrelation between 0.45 and 1.5 s."""
    a = math.exp(-2 * math.pi * 150 / rate)
    low, filtered = 0.0, []
    for x in samples:
        low = (1 - a) * x + a * low
        filtered.append(abs(low))
    step = rate // 100
    envelope = [sum(filtered[i : i + step]) / step for i in range(0, len(filtered), step)]
    mean = sum(envelope) / len(envelope)
    centred = [e - mean for e in envelope]
    best, best_lag = -math.inf, 0
    for lag in range(45, 150):
        pairs = len(centred) - lag
        score = sum(centred[i] * centred[i + lag] for i in range(pairs)) / pairs
        if score > best:
            best, best_lag = score, lag
    return best_lag / 100


def print_from_qt(scenario: Coroutine[Any, Any, Any]) -> None:
    """A Qt child's ``__main__``: run ``scenario`` on Qt's loop, print its result as JSON."""
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        result = loop.run_until_complete(scenario)
    print(json.dumps(result, ensure_ascii=False), flush=True)
