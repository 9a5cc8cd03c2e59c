"""The serial drivers' frame codecs against the published (or derived) vectors."""

import struct
from datetime import datetime

import pytest

from drivers.beurer_bm58 import BM58Record, encode_record, parse_record
from drivers.contec_cms50d import CMS50Parser, decode_frame
from drivers.errors import ProtocolError
from drivers.marsden_m430 import BLOCK, M430Reading, encode_block, parse_block
from drivers.nonin_format7 import NoninParser, encode_frame, encode_packet
from drivers.welch_allyn_suretemp import (
    CMD_TEMPERATURE,
    TYPE_COMMAND,
    decode_packet,
    parse_temperature_record,
)
from drivers.welch_allyn_suretemp import (
    encode_packet as suretemp_packet,
)


def test_bm58_record_vector() -> None:
    record = parse_record(bytes.fromhex("AC5F374805110 81E10".replace(" ", "")))
    assert record == BM58Record(120, 80, 72, datetime(2016, 5, 17, 8, 30))
    assert encode_record(record) == bytes.fromhex("AC5F3748051108 1E10".replace(" ", ""))


@pytest.mark.parametrize("frame", ["AC5F37480511081E", "AD5F37480511081E10", "AC5F3748 0D11081E10"])
def test_bm58_bad_records(frame: str) -> None:
    with pytest.raises(ProtocolError):
        parse_record(bytes.fromhex(frame.replace(" ", "")))


SURETEMP_REQUEST = bytes.fromhex("030210941C010000 3A".replace(" ", ""))
SURETEMP_RESPONSE = bytes.fromhex(
    "030210941C021300 00000000 76AF9943 4E000000 000002 0000 0100 D4".replace(" ", "")
)


def test_suretemp_request_vector() -> None:
    assert suretemp_packet(CMD_TEMPERATURE, TYPE_COMMAND) == SURETEMP_REQUEST


def test_suretemp_response_vector() -> None:
    packet = decode_packet(SURETEMP_RESPONSE)
    assert packet.command == CMD_TEMPERATURE and packet.type == 0x02
    record = parse_temperature_record(packet.data)
    assert record.final_kelvin == 0  # no final reading yet
    assert record.probe_kelvin - 273.15 == pytest.approx(34.22, abs=0.01)
    assert record.samples == 0x4E
    assert (record.method, record.algorithm, record.state) == (0, 0, 2)  # predict, oral, ready
    assert record.active and record.probe_type == 0


def test_suretemp_bad_checksum_is_refused() -> None:
    bad = SURETEMP_RESPONSE[:-1] + bytes([SURETEMP_RESPONSE[-1] ^ 1])
    with pytest.raises(ProtocolError, match="somme de contrôle"):
        decode_packet(bad)


def test_suretemp_kelvin_to_celsius() -> None:
    data = bytearray(parse_temperature_record(SURETEMP_RESPONSE[8:-1]).encode())
    struct.pack_into("<f", data, 0, 310.15)
    assert parse_temperature_record(bytes(data)).final_celsius == pytest.approx(37.0)


def test_cms50d_frame_vector() -> None:
    frame = decode_frame(bytes.fromhex("8440054861"))
    assert (frame.spo2, frame.pulse, frame.pleth, frame.bar_graph, frame.signal_strength) == (
        97,
        72,
        64,
        5,
        4,
    )
    assert frame.encode() == bytes.fromhex("8440054861")


def test_cms50d_pulse_rate_bit_7() -> None:
    frame = decode_frame(bytes([0x84, 0x40, 0x45, 0x04, 0x5F]))
    assert frame.pulse == 132


def test_cms50d_resynchronises_after_a_cut_frame() -> None:
    parser = CMS50Parser()
    good = bytes.fromhex("8440054861")
    frames = parser.feed(b"\x12\x34" + good[:3] + good + good)
    assert [f.spo2 for f in frames] == [97, 97]
    assert parser.stats.dropped_bytes == 5


def test_cms50d_finger_out_and_probe_error_reach_the_sample() -> None:
    assert decode_frame(bytes([0x90, 0, 0, 0x7F, 0x7F])).to_sample().finger_out
    sample = decode_frame(bytes([0x80, 0, 0x10, 0x7F, 0x7F])).to_sample()
    assert sample.probe_error and sample.spo2 is None


def _nonin_packet(hr: int, spo2: int, status: int = 0x02) -> bytes:
    var = [0] * 25
    var[0], var[1], var[2] = (hr >> 7) & 0x03, hr & 0x7F, spo2
    statuses = [status | (0x01 if i == 0 else 0) for i in range(25)]
    return encode_packet(statuses, list(range(25)), var)


def test_nonin_frame_checksum() -> None:
    assert encode_frame(0x81, 0x0102, 0x05) == bytes([0x81, 0x01, 0x02, 0x05, 0x89])


def test_nonin_packet_values_including_9_bit_heart_rate() -> None:
    parser = NoninParser()
    (packet,) = parser.feed(_nonin_packet(hr=260, spo2=95))
    assert packet.heart_rate == 260 and packet.spo2 == 95
    assert packet.pleth == tuple(range(25))


def test_nonin_missing_values() -> None:
    (packet,) = NoninParser().feed(_nonin_packet(hr=511, spo2=127))
    assert packet.heart_rate is None and packet.spo2 is None


def test_nonin_bad_checksum_frame_drops_the_packet_and_resyncs() -> None:
    parser = NoninParser()
    corrupted = bytearray(_nonin_packet(70, 97))
    corrupted[4 * 5 + 4] ^= 0xFF
    packets = parser.feed(bytes(corrupted) + _nonin_packet(71, 98))
    assert [p.heart_rate for p in packets] == [71]
    assert parser.stats.bad_frames >= 1


def test_marsden_block_layout() -> None:
    reading = M430Reading(73.0, 0.5, 72.5, "kg", 170.0, "cm", 25.1, datetime(2024, 3, 5, 9, 41))
    block = encode_block(reading)
    assert len(block) == BLOCK == 217
    rows = [block[i * 31 : (i + 1) * 31] for i in range(7)]
    assert all(row.endswith(b"\r\n\n") for row in rows)
    assert rows[0].startswith(b"GROSS WEIGHT") and rows[0][18:25] == b"   73.0"
    assert rows[2][17:25] == b"    72.5" and rows[2][26:28] == b"kg"
    assert rows[5].startswith(b"05/03/2024   09:41")
    assert parse_block(block) == reading


def test_marsden_garbled_block_is_refused() -> None:
    block = bytearray(encode_block(M430Reading(73, 0.5, 72.5, "kg", None, "cm", None, None)))
    block[2 * 31 + 20] = ord("x")
    with pytest.raises(ProtocolError):
        parse_block(bytes(block))


def test_cms50e_frames_and_resync() -> None:
    from drivers.contec_cms50e import START_LIVE, CMS50EFrame, CMS50EParser

    assert bytes.fromhex("7D81A1808080808080") == START_LIVE
    frame = bytes.fromhex("018080C080C8E18080")  # finger in, pulse 72, SpO2 97
    parser = CMS50EParser()
    frames = parser.feed(b"\x05\x80" + frame[:4] + frame)
    assert frames == [CMS50EFrame(True, 72, 97)]
    assert parser.stats.dropped_bytes == 6
    assert CMS50EFrame(False, 0, 127).to_sample().finger_out
