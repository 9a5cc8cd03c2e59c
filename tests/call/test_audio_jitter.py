"""The station's audio jitter buffer goes on through a lost packet (aiortc's waits for it
until the buffer wraps, then stays full: aiortc issue 543)."""

from __future__ import annotations

from aiortc import RTCPeerConnection
from aiortc.jitterbuffer import JitterBuffer
from aiortc.rtp import RtpPacket

from station.call.audio_jitter import LossTolerantJitterBuffer, tolerate_audio_loss


def _played(buffer: JitterBuffer, sequence: list[int]) -> list[int | None]:
    out: list[int | None] = []
    for number in sequence:
        packet = RtpPacket(sequence_number=number % 65536, timestamp=960 * number)
        packet._data = number.to_bytes(4, "big")
        _, frame = buffer.add(packet)
        out.append(int.from_bytes(frame.data, "big") if frame else None)
    return out


def test_a_lost_packet_is_skipped_and_the_delay_stays_four_packets() -> None:
    sequence = [*range(0, 8), *range(9, 30)]  # packet 8 lost
    stock = _played(JitterBuffer(capacity=16, prefetch=4), sequence)
    station = _played(LossTolerantJitterBuffer(capacity=16, prefetch=4), sequence)
    assert stock[8:22] == [None] * 14  # aiortc: 280 ms of nothing, then it stays behind
    assert station == [None] * 4 + [*range(0, 8), *range(9, 26)]


def test_losses_across_the_sequence_number_wrap() -> None:
    sequence = [n for n in range(65500, 65600) if n % 7]  # one in seven lost, through 65535
    played = [n for n in _played(LossTolerantJitterBuffer(16, prefetch=4), sequence) if n]
    assert played == [n for n in sequence if n % 7][: len(played)]
    assert len(played) == len(sequence) - 4  # only the prefetch is still inside


async def test_the_adapter_fits_this_aiortc() -> None:
    pc = RTCPeerConnection()
    try:
        transceiver = pc.addTransceiver("audio", direction="recvonly")
        tolerate_audio_loss(transceiver.receiver)
        assert isinstance(
            transceiver.receiver._RTCRtpReceiver__jitter_buffer, LossTolerantJitterBuffer
        )
    finally:
        await pc.close()
