"""Simulated Beurer BM 58: answers the host's commands with the real bytes (see the driver)."""

from __future__ import annotations

from datetime import datetime, timedelta

from drivers.base import SerialSettings
from drivers.beurer_bm58 import (
    CMD_COUNT,
    CMD_NAME,
    CMD_RECORD,
    HANDSHAKE,
    HANDSHAKE_REPLY,
    NO_RECORD,
    BeurerBM58,
    BM58Record,
    encode_record,
)
from drivers.sim.profiles import PROFILE_NAMES, PROFILES
from drivers.sim.pty import Fault, PtySimulator


class BeurerBM58Simulator(PtySimulator):
    name = BeurerBM58.name
    settings: SerialSettings = BeurerBM58.serial_settings  # type: ignore[assignment]
    faults = frozenset(
        {
            Fault.GARBAGE,
            Fault.TRUNCATED,
            Fault.DEVICE_ERROR,
            Fault.SILENCE,
            Fault.UNPLUG,
            Fault.WRONG_BAUD,
            Fault.STALE_MEMORY,
        }
    )
    MEMORY = 60  # records the monitor keeps
    profiles = PROFILE_NAMES
    device_name = b"BM58"

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._pending = bytearray()
        self.records: list[BM58Record] = self._history()

    def _history(self) -> list[BM58Record]:
        """Two older readings, then the one just taken; stored newest first, as a guess the
        driver must not rely on (it sorts by time)."""
        now = datetime.now().replace(second=0, microsecond=0)
        patient = PROFILES[self.profile]
        records = []
        for days_ago in (0, 1, 7):
            p = patient.jitter(self.rng)
            records.append(
                BM58Record(p.systolic, p.diastolic, p.pulse, now - timedelta(days=days_ago))
            )
        records = [records[2], records[0], records[1]]  # memory order is not time order
        return records

    @property
    def latest(self) -> BM58Record:
        """The newest record; of two in the same minute, the later in memory (as the driver)."""
        return max(enumerate(self.records), key=lambda pair: (pair[1].time, pair[0]))[1]

    def describe(self) -> str:
        r = self.latest
        return (
            f"tensiomètre : {r.systolic}/{r.diastolic} mmHg, pouls {r.pulse}/min ({self.profile})"
        )

    def on_receive(self, data: bytes) -> None:
        self._pending += data
        while self._pending:
            cmd = self._pending[0]
            if cmd == CMD_RECORD:
                if len(self._pending) < 2:
                    return
                index = self._pending[1]
                del self._pending[:2]
                self._send_record(index)
                continue
            del self._pending[0]
            if cmd == HANDSHAKE:
                self._handshake()
            elif cmd == CMD_NAME:
                self.send(self.device_name)
            elif cmd == CMD_COUNT:
                if self.fault_now(Fault.DEVICE_ERROR):
                    self.fault_done()
                    self.send(b"\x00")
                else:
                    self.send(bytes([len(self.records)]))

    def _handshake(self) -> None:
        fault = self.fault_now(Fault.GARBAGE, Fault.SILENCE)
        if fault is Fault.GARBAGE:
            self.fault_done()
            self.send(bytes([0x00, *(self.rng.randrange(0x80, 0x100) for _ in range(7))]))
        elif fault is Fault.SILENCE:
            self.fault_done()
        else:
            # The assistant measured before the station reads the memory: a new record now,
            # unless the fault says nobody did (the memory holds the previous patient's).
            if self.fault is not Fault.STALE_MEMORY:
                self._measure_now()
            self.send(bytes([HANDSHAKE_REPLY]))

    def _measure_now(self) -> None:
        p = PROFILES[self.profile].jitter(self.rng)
        record = BM58Record(
            p.systolic, p.diastolic, p.pulse, datetime.now().replace(second=0, microsecond=0)
        )
        last = self.latest
        if (record.time, record.systolic, record.diastolic, record.pulse) == (
            last.time,
            last.systolic,
            last.diastolic,
            last.pulse,
        ):
            # Two people's readings alike to the beat within one minute: real but rare, and
            # the station would take the second for the first. Kept off the simulated days.
            record = BM58Record(record.systolic, record.diastolic, record.pulse + 1, record.time)
        self.records.append(record)  # the newest last: of two in one minute, the driver's pick
        if len(self.records) > self.MEMORY:
            self.records.remove(min(self.records, key=lambda r: r.time))

    def _send_record(self, index: int) -> None:
        if not 1 <= index <= len(self.records):
            self.send(bytes([NO_RECORD]))
            return
        frame = encode_record(self.records[index - 1])
        fault = self.fault_now(Fault.TRUNCATED, Fault.UNPLUG)
        if fault is Fault.TRUNCATED:
            self.fault_done()
            self.send(frame[:5])
        elif fault is Fault.UNPLUG:
            self.fault_done()
            self.send_then_unplug(frame)
        else:
            self.send(frame)
