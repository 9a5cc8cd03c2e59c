"""Simulated Nonin module in data format 7: 3 packets of 25 checksummed frames per second."""

from __future__ import annotations

from drivers.base import SerialSettings
from drivers.nonin_format7 import (
    ACK,
    FRAMES_PER_PACKET,
    SET_FORMAT_7,
    STATUS_GREEN_PERFUSION,
    STATUS_SENSOR_ALARM,
    STATUS_SYNC,
    NoninFormat7,
    encode_packet,
)
from drivers.sim.contec_cms50d import pleth_at
from drivers.sim.profiles import PROFILE_NAMES, PROFILES
from drivers.sim.pty import Fault, PtySimulator

PACKET_RATE = 3  # 75 samples/s in packets of 25
FAULT_SECONDS = 1.5
FIRMWARE = 0x31


class NoninFormat7Simulator(PtySimulator):
    name = NoninFormat7.name
    settings: SerialSettings = NoninFormat7.serial_settings  # type: ignore[assignment]
    faults = frozenset(Fault)
    profiles = PROFILE_NAMES
    tick_interval = 1 / PACKET_RATE

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        patient = PROFILES[self.profile].jitter(self.rng)
        self.spo2 = patient.spo2
        self.pulse = patient.pulse
        self.streaming = False  # until the host selects format 7
        self.packets = 0
        self._pending = bytearray()

    def describe(self) -> str:
        return f"oxymètre : SpO2 {self.spo2} %, pouls {self.pulse}/min ({self.profile})"

    def on_receive(self, data: bytes) -> None:
        self._pending += data
        if SET_FORMAT_7 in self._pending:
            self._pending.clear()
            if self.fault_now(Fault.SILENCE):
                self.fault_done()  # the module says nothing at all
                return
            self.send(bytes([ACK]))
            self.streaming = True
            self.packets = 0
        del self._pending[: -len(SET_FORMAT_7)]

    def packet(self, alarm: bool) -> bytes:
        t0 = self.packets / PACKET_RATE
        statuses, pleth, var = [], [], [0] * FRAMES_PER_PACKET
        hr = 511 if alarm else self.pulse
        var[0], var[1] = (hr >> 7) & 0x03, hr & 0x7F
        var[2] = var[8] = var[15] = var[16] = 127 if alarm else self.spo2
        var[3] = FIRMWARE
        var[13], var[14] = var[0], var[1]
        var[19], var[20] = var[0], var[1]
        for i in range(FRAMES_PER_PACKET):
            status = STATUS_SENSOR_ALARM if alarm else STATUS_GREEN_PERFUSION
            if i == 0:
                status |= STATUS_SYNC
            statuses.append(status)
            pleth.append(0 if alarm else pleth_at(t0 + i / 75, self.pulse) * 200)
        return encode_packet(statuses, pleth, var)

    def on_tick(self) -> None:
        if not self.streaming:
            return
        t = self.packets / PACKET_RATE
        self.packets += 1
        if self.fault_left and t >= FAULT_SECONDS:
            self.fault_done()
        fault = self.fault_now()
        packet = self.packet(alarm=fault is Fault.DEVICE_ERROR)
        if fault is Fault.GARBAGE:
            self.send(bytes(self.rng.randrange(256) for _ in range(len(packet))))
        elif fault is Fault.BAD_CHECKSUM:
            self.send(bytes(b ^ 0x21 if i % 5 == 4 else b for i, b in enumerate(packet)))
        elif fault is Fault.TRUNCATED:
            self.send(packet[: len(packet) - 7] if self.packets % 2 else packet)
        elif fault is Fault.UNPLUG:
            self.fault_done()
            self.send_then_unplug(packet)
        else:
            self.send(packet)
