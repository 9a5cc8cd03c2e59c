"""Simulated Contec CMS50D+: 60 frames/s of 5 bytes, with a plethysmogram that beats."""

from __future__ import annotations

import math

from drivers.base import SerialSettings
from drivers.contec_cms50d import CMS50Frame, ContecCMS50D
from drivers.sim.profiles import PROFILE_NAMES, PROFILES
from drivers.sim.pty import Fault, PtySimulator

FRAME_RATE = 60
SEARCH_SECONDS = 0.3  # after the clip is put on, the device searches for a pulse
FAULT_SECONDS = 1.5


def pleth_at(t: float, pulse: int) -> int:
    """A plausible pulse wave (systolic upstroke, dicrotic notch), 0-127."""
    phase = (t * pulse / 60.0) % 1.0
    wave = math.exp(-((phase - 0.15) ** 2) / 0.006) + 0.35 * math.exp(-((phase - 0.45) ** 2) / 0.01)
    return max(0, min(127, int(20 + 90 * wave)))


class ContecCMS50DSimulator(PtySimulator):
    name = ContecCMS50D.name
    settings: SerialSettings = ContecCMS50D.serial_settings  # type: ignore[assignment]
    faults = frozenset(
        {
            Fault.GARBAGE,
            Fault.TRUNCATED,
            Fault.DEVICE_ERROR,
            Fault.SILENCE,
            Fault.UNPLUG,
            Fault.WRONG_BAUD,
        }
    )
    profiles = PROFILE_NAMES
    tick_interval = 1 / FRAME_RATE

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        patient = PROFILES[self.profile].jitter(self.rng)
        self.spo2 = patient.spo2
        self.pulse = patient.pulse
        self.finger_in_after = 0.0  # seconds after the host connects; set high for "finger out"
        self.tick = 0

    def describe(self) -> str:
        return f"oxymètre : SpO2 {self.spo2} %, pouls {self.pulse}/min ({self.profile})"

    def frame(self, t: float) -> CMS50Frame:
        finger_out = t < self.finger_in_after
        searching = not finger_out and t < self.finger_in_after + SEARCH_SECONDS
        probe_error = self.fault_now(Fault.DEVICE_ERROR) is not None
        valid = not (finger_out or searching or probe_error)
        return CMS50Frame(
            signal_strength=6 if valid else 0,
            finger_out=finger_out,
            spo2_dropping=False,
            beep=valid and (t * self.pulse / 60.0) % 1.0 < 1 / 60,
            pleth=pleth_at(t, self.pulse) if valid else 0,
            bar_graph=5 if valid else 0,
            probe_error=probe_error,
            searching=searching,
            pulse=self.pulse if valid else 255,
            spo2=self.spo2 if valid else 127,
        )

    def on_tick(self) -> None:
        t = self.tick / FRAME_RATE
        self.tick += 1
        if self.fault_left and t >= FAULT_SECONDS and self.fault is not Fault.SILENCE:
            self.fault_done()
        if self.fault_left and self.fault is Fault.SILENCE and t >= 2 * FAULT_SECONDS:
            self.fault_done()
        frame = self.frame(t).encode()
        fault = self.fault_now()
        if fault is Fault.GARBAGE:
            self.send(bytes(self.rng.randrange(256) for _ in range(len(frame))))
        elif fault is Fault.TRUNCATED:
            self.send(frame[:3] if self.tick % 2 else frame)
        elif fault is Fault.SILENCE:
            return
        elif fault is Fault.UNPLUG:
            self.fault_done()
            self.send_then_unplug(frame)
        else:  # normal, device error (in the frame), wrong baud (garbled by the line)
            self.send(frame)
