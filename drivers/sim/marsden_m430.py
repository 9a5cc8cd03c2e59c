"""Simulated Marsden M-430: pushes a 217-byte reading every few seconds while a host listens."""

from __future__ import annotations

from datetime import datetime

from drivers.base import SerialSettings
from drivers.marsden_m430 import M430Reading, MarsdenM430, encode_block
from drivers.sim.profiles import PROFILE_NAMES, PROFILES
from drivers.sim.pty import Fault, PtySimulator


class MarsdenM430Simulator(PtySimulator):
    name = MarsdenM430.name
    settings: SerialSettings = MarsdenM430.serial_settings  # type: ignore[assignment]
    # No checksum and no documented error output on this scale.
    faults = frozenset(
        {Fault.GARBAGE, Fault.TRUNCATED, Fault.SILENCE, Fault.UNPLUG, Fault.WRONG_BAUD}
    )
    profiles = PROFILE_NAMES
    tick_interval = 1.5  # a weighing every 1.5 s while the host listens

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        patient = PROFILES[self.profile].jitter(self.rng)
        self.weight = patient.weight
        self.height = patient.height
        self.ticks = 0

    def describe(self) -> str:
        return f"balance : {self.weight:.1f} kg, taille {self.height:.0f} cm ({self.profile})"

    def reading(self) -> M430Reading:
        bmi = round(self.weight / (self.height / 100) ** 2, 1)
        now = datetime.now().replace(second=0, microsecond=0)
        return M430Reading(self.weight + 0.5, 0.5, self.weight, "kg", self.height, "cm", bmi, now)

    def on_tick(self) -> None:
        block = encode_block(self.reading())
        self.ticks += 1
        fault = self.fault_now()
        # Silence lasts three weighings (4.5 s), the other faults one.
        if fault is not None and (fault is not Fault.SILENCE or self.ticks >= 3):
            self.fault_done()
        if fault is Fault.GARBAGE:
            self.send(bytes(self.rng.randrange(256) for _ in range(len(block) * 2)))
        elif fault is Fault.TRUNCATED:
            self.send(block[:100])
        elif fault is Fault.SILENCE:
            return
        elif fault is Fault.UNPLUG:
            self.send_then_unplug(block)
        elif fault is Fault.WRONG_BAUD:  # the line garbles it; fault_done restored the baud
            self.baudrate = self.settings.baudrate * 2
            self.send(block)
            self.baudrate = self.settings.baudrate
        else:
            self.send(block)
