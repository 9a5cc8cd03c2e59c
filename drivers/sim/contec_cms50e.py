"""Simulated CMS50D+ 4.6 / CMS50E: streams 9-byte frames while the host keeps asking."""

from __future__ import annotations

import time

from drivers.base import SerialSettings
from drivers.contec_cms50e import START_LIVE, CMS50EFrame, ContecCMS50E
from drivers.sim.profiles import PROFILE_NAMES, PROFILES
from drivers.sim.pty import Fault, PtySimulator

FRAME_RATE = 60
LIVE_TIMEOUT = 5.0  # without a new start command, the device stops streaming
FAULT_SECONDS = 1.5


class ContecCMS50ESimulator(PtySimulator):
    name = ContecCMS50E.name
    settings: SerialSettings = ContecCMS50E.serial_settings  # type: ignore[assignment]
    # No device error code is documented publicly for this firmware.
    faults = frozenset(
        {Fault.GARBAGE, Fault.TRUNCATED, Fault.SILENCE, Fault.UNPLUG, Fault.WRONG_BAUD}
    )
    profiles = PROFILE_NAMES
    tick_interval = 1 / FRAME_RATE

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        patient = PROFILES[self.profile].jitter(self.rng)
        self.spo2, self.pulse = patient.spo2, patient.pulse
        self.live_until = 0.0
        self.tick = 0
        self._pending = bytearray()

    def describe(self) -> str:
        return f"oxymètre : SpO2 {self.spo2} %, pouls {self.pulse}/min ({self.profile})"

    def on_receive(self, data: bytes) -> None:
        self._pending += data
        if START_LIVE in self._pending:
            if self.fault_now(Fault.SILENCE):
                self.fault_done()  # the device ignores this start command
            else:
                self.live_until = time.monotonic() + LIVE_TIMEOUT
        del self._pending[: -len(START_LIVE)]

    def on_tick(self) -> None:
        if time.monotonic() > self.live_until:
            return
        t = self.tick / FRAME_RATE
        self.tick += 1
        if self.fault_left and t >= FAULT_SECONDS and self.fault is not Fault.SILENCE:
            self.fault_done()
        fault = self.fault_now()
        frame = CMS50EFrame(True, self.pulse, self.spo2).encode()
        if fault is Fault.GARBAGE:
            self.send(bytes(self.rng.randrange(256) for _ in frame))
        elif fault is Fault.TRUNCATED:
            self.send(frame[:4] if self.tick % 2 else frame)
        elif fault is Fault.UNPLUG:
            self.fault_done()
            self.send_then_unplug(frame)
        else:
            self.send(frame)
