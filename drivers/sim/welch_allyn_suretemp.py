"""Simulated SureTemp Plus module: checksummed packets, a predictive reading in a few polls."""

from __future__ import annotations

import struct

from drivers.base import SerialSettings
from drivers.sim.profiles import PROFILE_NAMES, PROFILES
from drivers.sim.pty import Fault, PtySimulator
from drivers.welch_allyn_suretemp import (
    CMD_SET_METHOD,
    CMD_TEMPERATURE,
    HEADER,
    KELVIN_OFFSET,
    STATE_ERROR,
    STATE_FINAL,
    STATE_PREDICT,
    STATE_READY,
    TYPE_COMMAND,
    TYPE_GOOD,
    SureTempPlus,
    TemperatureRecord,
    encode_packet,
)

PREDICT_POLLS = 3  # polls spent predicting before the final value (the real module: 4-15 s)
DEVICE_ERROR_CODE = 7


class SureTempSimulator(PtySimulator):
    name = SureTempPlus.name
    settings: SerialSettings = SureTempPlus.serial_settings  # type: ignore[assignment]
    faults = frozenset(Fault)
    profiles = PROFILE_NAMES

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._pending = bytearray()
        self.method = 0
        self.polls = 0
        self.samples = 0
        self.temperature = PROFILES[self.profile].jitter(self.rng).temperature

    def describe(self) -> str:
        return f"thermomètre : {self.temperature:.1f} °C ({self.profile})"

    def on_receive(self, data: bytes) -> None:
        self._pending += data
        while len(self._pending) >= 9:
            start = self._pending.find(HEADER)
            if start < 0:
                self._pending.clear()
                return
            del self._pending[:start]
            if len(self._pending) < 9:
                return
            (size,) = struct.unpack_from("<H", self._pending, 6)
            if len(self._pending) < 9 + size:
                return
            packet = bytes(self._pending[: 9 + size])
            del self._pending[: 9 + size]
            if sum(packet) & 0xFF or packet[5] != TYPE_COMMAND:
                continue  # the module ignores what it cannot read
            self._answer(packet[3:5], packet[8 : 8 + size])

    def _answer(self, command: bytes, data: bytes) -> None:
        if command == CMD_SET_METHOD and data:
            self.method = data[0]
            self.send(encode_packet(command, TYPE_GOOD))
        elif command == CMD_TEMPERATURE:
            self._send_record(command)
        else:
            self.send(encode_packet(command, 0x03))  # not a command this module knows

    def _record(self) -> TemperatureRecord:
        body_k = self.temperature + KELVIN_OFFSET
        self.samples += 6
        if self.fault_now(Fault.DEVICE_ERROR):
            self.fault_done()
            self.polls = 0
            return TemperatureRecord(
                0.0, 300.0, self.samples, self.method, 0, STATE_ERROR, DEVICE_ERROR_CODE, False, 0
            )
        self.polls += 1
        if self.polls == 1:
            return TemperatureRecord(
                0.0, 296.0, self.samples, self.method, 0, STATE_READY, 0, True, 0
            )
        if self.polls <= 1 + PREDICT_POLLS:
            probe = 296.0 + (body_k - 296.0) * self.polls / (2 + PREDICT_POLLS)
            return TemperatureRecord(
                0.0, probe, self.samples, self.method, 0, STATE_PREDICT, 0, True, 0
            )
        self.polls = 0  # the next poll starts the next reading
        return TemperatureRecord(
            body_k, body_k - 0.4, self.samples, self.method, 0, STATE_FINAL, 0, False, 0
        )

    def _send_record(self, command: bytes) -> None:
        packet = encode_packet(command, TYPE_GOOD, self._record().encode())
        fault = self.fault_now(
            Fault.GARBAGE, Fault.TRUNCATED, Fault.BAD_CHECKSUM, Fault.SILENCE, Fault.UNPLUG
        )
        if fault is not None:
            self.fault_done()
        if fault is Fault.GARBAGE:
            self.send(bytes(self.rng.randrange(0x20, 0x100) for _ in range(len(packet))))
        elif fault is Fault.TRUNCATED:
            self.send(packet[: len(packet) // 2])
        elif fault is Fault.BAD_CHECKSUM:
            self.send(packet[:-1] + bytes([packet[-1] ^ 0x5A]))
        elif fault is Fault.UNPLUG:
            self.send_then_unplug(packet)
        elif fault is None:
            self.send(packet)
