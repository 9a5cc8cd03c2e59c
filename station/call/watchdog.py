"""The media watchdog of the station's call, and its clock for delivery and the call's state.

Each second: the call is judged again (:mod:`station.call.call_state`), messages the doctor
has not acknowledged for a while go again (:mod:`station.call.delivery`), and the doctor is
pinged on the data channel. No word from the doctor for ``SILENCE_LIMIT`` seconds (time the
event loop spent stalled does not count), with no RTP or RTCP from the doctor either, means
the media path is down (aiortc has no ICE restart): a fresh peer connection is offered in the
same room, and gets ``CONNECT_GRACE`` to come up before the next try. The RTP/RTCP check
matters on a loaded machine, where the data channel lags while video flows: re-offering then
only cost the doctor a fresh key frame and a stall.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Any

PING_PERIOD = 1.0
SILENCE_LIMIT = 4.0
CONNECT_GRACE = 8.0


def media_heard(report: Any, rtp_before: int, now: datetime) -> tuple[bool, int]:
    """From a peer connection's stats: did RTP arrive since ``rtp_before`` packets, or an
    RTCP receiver report within ``SILENCE_LIMIT``? Returns that, and the packets counted."""
    received = 0
    last_report: datetime | None = None  # the doctor's last RTCP receiver report
    for stats in report.values():
        if stats.type == "inbound-rtp":
            received += stats.packetsReceived or 0
        elif stats.type == "remote-inbound-rtp":
            last_report = max(last_report or stats.timestamp, stats.timestamp)
    recent = last_report is not None and (now - last_report).total_seconds() < SILENCE_LIMIT
    return received > rtp_before or recent, received


async def watch_media(peer: Any) -> None:
    """Forever (until cancelled): judge the call, resend what waits, ping the doctor, and
    offer again when the media path is silent."""
    pings = 0
    rtp_received = 0
    while True:
        await asyncio.sleep(PING_PERIOD)
        now = time.monotonic()
        peer.judge.tick(now, PING_PERIOD)
        peer.judge_now()
        peer.link.resend_due()
        if not peer.doctor_in_room or peer.pc is None:
            continue
        if peer.link.open:
            pings += 1
            peer.link.ping(pings)
            broken = peer.judge.silence(peer.facts, now) > SILENCE_LIMIT
        else:
            broken = True
        if not broken or now - peer._offered_at <= CONNECT_GRACE:
            continue
        try:
            report = await peer.pc.getStats()
        except Exception:  # a connection closing under us: judged by the pings alone
            report = {}
        heard, rtp_received = media_heard(report, rtp_received, datetime.now(UTC))
        if not heard:
            await peer.offer_again()
