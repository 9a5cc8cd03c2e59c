"""A guided auscultation: one clip per site, kept in the record as it is captured.

The assistant places the chest piece where the screen shows and confirms; the clip is then
recorded from the stethoscope (the doctor may listen live meanwhile: the driver feeds both) and
every second of it is written to the record at once (``AuscultationPart``), so a crash or an
unplug mid-clip keeps what was captured. The outcome is said in words the assistant can act on.
"""

from __future__ import annotations

import logging
import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from drivers.errors import DeviceDisconnected, DeviceError
from station.consultation.consultation import Consultation
from station.records import events as ev
from station.records.auscultation_sites import REGIONS, Site, site
from station.signals import Signal

log = logging.getLogger("station.consultation")

CLIP_SECONDS = 15.0  # 10–20 s a site: several heart cycles and two or three breaths
PART_SECONDS = 1.0
GAIN_STEP_DB = 3
GAIN_RANGE_DB = (-12, 18)  # the assistant's volume: a quiet chest to a loud one


def gain_db(stethoscope: Any) -> int:
    """The stethoscope's gain as the assistant sets it, in dB (0: as the device gives it)."""
    return round(20 * math.log10(max(stethoscope.gain, 1e-3)))


def step_gain(stethoscope: Any, steps: int) -> int:
    """Louder (steps > 0) or quieter by ``GAIN_STEP_DB`` a step, within ``GAIN_RANGE_DB``;
    the next read has it (the live line too). Returns the new gain in dB."""
    low, high = GAIN_RANGE_DB
    wanted = max(low, min(high, gain_db(stethoscope) + steps * GAIN_STEP_DB))
    stethoscope.gain = 10 ** (wanted / 20)
    log.info("stethoscope gain %+d dB", wanted)
    return wanted


@dataclass(frozen=True)
class ClipOutcome:
    site: str
    seconds: float  # of sound kept in the record
    complete: bool
    fault: str = ""  # "silent", "clipping", or a device error's code
    words: str = ""  # for the assistant: what happened and what to do

    @property
    def usable(self) -> bool:
        return self.complete and not self.fault


def sites_left(consultation: Consultation, step_id: str) -> list[Site]:
    """The sites of an auscultation step without a usable clip yet, in the order to do them."""
    step = consultation.run.step(step_id)
    done = consultation.auscultated.get(step_id, {})
    return [s for s in REGIONS.get(step.region or "", ()) if s.code not in done]


class Auscultation:
    def __init__(
        self, consultation: Consultation, stethoscope: Any, seconds: float = CLIP_SECONDS
    ) -> None:
        self.consultation = consultation
        self.stethoscope = stethoscope
        self.seconds = seconds
        self.progress: Signal[float] = Signal("auscultation.progress")  # 0…1 of the clip

    async def record(self, site_code: str, step: str | None = None) -> ClipOutcome:
        """Record one site's clip; never raises for what the stethoscope does."""
        clip_id = uuid.uuid4().hex
        started = datetime.now(UTC).isoformat()
        written = {"parts": 0, "bytes": 0}

        def keep(pcm: bytes, last: bool, fault: str) -> None:
            self.consultation.record_auscultation_part(
                ev.AuscultationPart(
                    clip_id,
                    site_code,
                    written["parts"],
                    pcm,
                    self.stethoscope.rate,
                    started,
                    last=last,
                    step=step,
                    fault=fault,
                )
            )
            written["parts"] += 1
            written["bytes"] += len(pcm)
            seconds = written["bytes"] / 2 / self.stethoscope.rate
            self.progress.emit(min(1.0, seconds / self.seconds))

        label = site(site_code).label
        try:
            clip = await self.stethoscope.record(self.seconds, keep, PART_SECONDS)
        except DeviceError as err:
            kept = written["bytes"] / 2 / (self.stethoscope.rate or 1)
            if isinstance(err, DeviceDisconnected):
                fault = "lost"  # unplugged mid-clip: what came is in the record
            else:
                fault = str(err.device_code or "unavailable")
            log.info("auscultation %s: %s", site_code, fault)
            return ClipOutcome(site_code, kept, fault in ("silent", "clipping"), fault, err.message)
        log.info("auscultation %s: %.0f s", site_code, clip.seconds)
        return ClipOutcome(
            site_code,
            clip.seconds,
            True,
            "",
            f"{label} : enregistrement gardé ({clip.seconds:.0f} s).",
        )
