"""Byte-exact device simulators on pseudo-terminals (POSIX), with patient profiles and faults."""

from __future__ import annotations

import importlib

from drivers.sim.pty import Fault, PtySimulator

SIMULATORS: dict[str, str] = {
    "beurer-bm58": "drivers.sim.beurer_bm58:BeurerBM58Simulator",
    "welch-allyn-suretemp": "drivers.sim.welch_allyn_suretemp:SureTempSimulator",
    "contec-cms50d": "drivers.sim.contec_cms50d:ContecCMS50DSimulator",
    "contec-cms50e": "drivers.sim.contec_cms50e:ContecCMS50ESimulator",
    "nonin-format7": "drivers.sim.nonin_format7:NoninFormat7Simulator",
    "marsden-m430": "drivers.sim.marsden_m430:MarsdenM430Simulator",
}


def simulator_class(driver: str) -> type[PtySimulator]:
    try:
        target = SIMULATORS[driver]
    except KeyError:
        raise KeyError(f"no simulator for driver {driver!r}") from None
    module_name, _, attr = target.partition(":")
    cls: type[PtySimulator] = getattr(importlib.import_module(module_name), attr)
    return cls


__all__ = ["SIMULATORS", "Fault", "PtySimulator", "simulator_class"]
