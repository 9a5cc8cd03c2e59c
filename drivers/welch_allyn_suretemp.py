"""Welch Allyn SureTemp Plus OEM thermometer module.

Transport: serial, 9600 baud 8N1, full duplex; the host sends a command, the module always
answers.
Framing: ``03 02 10`` | command (2 bytes) | type (01 command, 02 good response) |
data size (u16 LE) | data | checksum, the two's complement of the byte sum (a whole packet
sums to 0 mod 256).
Commands used: ``94 1C`` temperature record, ``2A 12`` set method (00 predict, 01 monitor).
Temperature record (19 bytes): f32 LE final temperature in kelvin (0 = none yet); f32 probe
temperature in kelvin; u32 sample counter (173 ms/sample); method; algorithm (0 oral, 1 rectal,
2 paediatric axillary, 3 cal key, 4 adult axillary); state (0 idle, 1 not ready, 2 ready,
3 predicting, 6 final, 8/10 final over/under temperature, 12 monitor, 20 error); i16 error
code; active flag; probe type (0 oral/axillary, 1 cal key, 2 rectal, 3 none).
Source: Welch Allyn "SureTemp Plus module" user manual, pp. 30-63 (../shared/protocols/).
"""

from __future__ import annotations

import asyncio
import math
import struct
from dataclasses import dataclass

from drivers.base import Component, DeviceKind, Flag, Measurement, SerialSettings
from drivers.errors import DeviceTimeout, MeasurementError, ProtocolError
from drivers.loinc import BODY_TEMPERATURE, CELSIUS
from drivers.serial_driver import SerialDeviceDriver

HEADER = b"\x03\x02\x10"
TYPE_COMMAND = 0x01
TYPE_GOOD = 0x02
CMD_TEMPERATURE = b"\x94\x1c"
CMD_STATUS = b"\x94\x01"
CMD_SET_METHOD = b"\x2a\x12"
METHOD_PREDICT = 0
METHOD_MONITOR = 1
KELVIN_OFFSET = 273.15

STATE_IDLE, STATE_NOT_READY, STATE_READY, STATE_PREDICT = 0, 1, 2, 3
STATE_FINAL, STATE_FINAL_OVER, STATE_FINAL_UNDER = 6, 8, 10
STATE_MONITOR, STATE_ERROR = 12, 20
PROBE_NONE = 3

SITES = {0: "oral", 1: "rectal", 2: "axillary", 3: "calibration", 4: "axillary"}
RECORD = struct.Struct("<ffIBBBhBB")


def checksum(body: bytes) -> int:
    return (-sum(body)) & 0xFF


def encode_packet(command: bytes, packet_type: int, data: bytes = b"") -> bytes:
    body = HEADER + command + bytes([packet_type]) + struct.pack("<H", len(data)) + data
    return body + bytes([checksum(body)])


@dataclass(frozen=True, slots=True)
class Packet:
    command: bytes
    type: int
    data: bytes


def decode_packet(packet: bytes) -> Packet:
    """One whole packet; raises ProtocolError on bad framing, size or checksum."""
    if len(packet) < 9 or packet[:3] != HEADER:
        raise ProtocolError("Réponse du thermomètre illisible (en-tête inattendu).")
    (size,) = struct.unpack_from("<H", packet, 6)
    if len(packet) != 9 + size:
        raise ProtocolError("Réponse du thermomètre incomplète.")
    if sum(packet) & 0xFF:
        raise ProtocolError("Réponse du thermomètre altérée (somme de contrôle fausse).")
    return Packet(packet[3:5], packet[5], packet[8 : 8 + size])


@dataclass(frozen=True, slots=True)
class TemperatureRecord:
    final_kelvin: float
    probe_kelvin: float
    samples: int
    method: int
    algorithm: int
    state: int
    error: int
    active: bool
    probe_type: int

    @property
    def final_celsius(self) -> float:
        return round(self.final_kelvin - KELVIN_OFFSET, 2)

    def encode(self) -> bytes:
        return RECORD.pack(
            self.final_kelvin,
            self.probe_kelvin,
            self.samples,
            self.method,
            self.algorithm,
            self.state,
            self.error,
            int(self.active),
            self.probe_type,
        )


def parse_temperature_record(data: bytes) -> TemperatureRecord:
    if len(data) != RECORD.size:
        raise ProtocolError("Relevé de température de taille inattendue.")
    final, probe, samples, method, algorithm, state, error, active, probe_type = RECORD.unpack(data)
    if not (math.isfinite(final) and math.isfinite(probe)):
        raise ProtocolError("Relevé de température illisible (valeur impossible).")
    return TemperatureRecord(
        final, probe, samples, method, algorithm, state, error, bool(active), probe_type
    )


class SureTempPlus(SerialDeviceDriver):
    name = "welch-allyn-suretemp"
    kind = DeviceKind.THERMOMETER
    manufacturer = "Welch Allyn"
    model = "SureTemp Plus"
    serial_settings = SerialSettings(9600)
    measure_timeout = 60.0  # a predictive reading takes 4-15 s once the probe is in place
    reply_timeout = 1.0
    poll_interval = 0.2

    async def request(self, command: bytes, data: bytes = b"") -> bytes:
        """Send one command, return the data of its good response."""
        t = self.transport
        await t.reset_input()
        await t.write(encode_packet(command, TYPE_COMMAND, data))
        head = await t.read(8, self.reply_timeout)
        if not head:
            raise DeviceTimeout(
                "Le thermomètre ne répond pas : vérifiez son câble, puis recommencez.",
                device=self.name,
            )
        if len(head) < 8 or head[:3] != HEADER:
            raise ProtocolError(device=self.name)
        (size,) = struct.unpack_from("<H", head, 6)
        rest = await t.read(size + 1, self.reply_timeout)
        packet = decode_packet(head + rest)
        if packet.command != command:
            raise ProtocolError("Le thermomètre a répondu à une autre commande.", device=self.name)
        if packet.type != TYPE_GOOD:
            raise MeasurementError(
                "Le thermomètre a refusé la commande.", device_code=packet.type, device=self.name
            )
        return packet.data

    async def _measure(self) -> Measurement:
        await self.request(CMD_SET_METHOD, bytes([METHOD_PREDICT]))
        while True:
            record = parse_temperature_record(await self.request(CMD_TEMPERATURE))
            if record.state == STATE_ERROR:
                raise MeasurementError(
                    f"Le thermomètre signale une erreur (code {record.error}) : replacez la sonde "
                    "et recommencez la prise de température.",
                    device_code=record.error,
                    device=self.name,
                )
            if record.probe_type == PROBE_NONE:
                raise MeasurementError(
                    "Aucune sonde n’est branchée sur le thermomètre.",
                    device_code="probe-missing",
                    device=self.name,
                )
            if record.state in (STATE_FINAL, STATE_FINAL_OVER, STATE_FINAL_UNDER):
                return self._result(record)
            await asyncio.sleep(self.poll_interval)

    def _result(self, record: TemperatureRecord) -> Measurement:
        if record.final_kelvin <= 0:
            raise MeasurementError(
                "Le thermomètre n’a pas donné de température. Recommencez.",
                device_code=record.state,
                device=self.name,
            )
        flags: set[str] = set()
        if record.method == METHOD_PREDICT:
            flags.add(Flag.PREDICTED)
        if record.state in (STATE_FINAL_OVER, STATE_FINAL_UNDER):
            flags.add(Flag.OUT_OF_RANGE)
        return self.make_measurement(
            (Component("temperature", BODY_TEMPERATURE, record.final_celsius, CELSIUS),),
            flags=flags,
            site=SITES.get(record.algorithm),
        )
