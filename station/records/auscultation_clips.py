"""A consultation's stethoscope clips, put back together from the parts the record keeps.

Parts are joined in order per clip; a part seen twice (written again after a resume) counts
once. A clip whose last part never came (the app stopped mid-clip) is kept as interrupted,
with everything captured until then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from drivers.stethoscope import wav_file
from station.records import events as ev
from station.records.auscultation_sites import Site, site

FAULT_WORDS = {
    "silent": "sans son (stéthoscope mal posé ?)",
    "clipping": "son saturé",
}


@dataclass
class Clip:
    clip: str
    site_code: str
    started: datetime
    rate: int
    pcm: bytearray = field(default_factory=bytearray)
    complete: bool = False
    step: str | None = None
    parts: int = 0
    fault: str = ""  # "silent" or "clipping": recorded, kept, and to be done again
    length: int = 0  # bytes of sound captured (kept in ``pcm`` unless only counted)

    @property
    def site(self) -> Site:
        return site(self.site_code)

    @property
    def remark(self) -> str:
        """What the report says of the clip besides its site, time and length."""
        if not self.complete:
            return "enregistrement interrompu, gardé tel quel"
        return FAULT_WORDS.get(self.fault, self.fault)

    @property
    def seconds(self) -> float:
        return self.length / 2 / self.rate if self.rate else 0.0

    @property
    def ended(self) -> datetime:
        return self.started + timedelta(seconds=self.seconds)

    def wav(self) -> bytes:
        """The clip as a WAV file: lossless, mono, 16-bit, at the device's rate."""
        return wav_file(bytes(self.pcm), self.rate)


class Clips:
    """Collects parts as the record is read; ``clips`` in the order they began.

    ``keep_sound=False`` counts the sound without keeping it: what a consultation under way
    knows of its clips (the sound stays in the record until it is asked for)."""

    def __init__(self, *, keep_sound: bool = True) -> None:
        self._clips: dict[str, Clip] = {}
        self._keep_sound = keep_sound

    def add(self, part: ev.AuscultationPart) -> None:
        clip = self._clips.get(part.clip)
        if clip is None:
            started = datetime.fromisoformat(part.started)
            clip = self._clips[part.clip] = Clip(part.clip, part.site, started, part.rate)
            clip.step = part.step
        if part.part != clip.parts or part.rate != clip.rate:
            return  # written again (a resume) or out of place: the clip keeps what it had
        if self._keep_sound:
            clip.pcm += part.pcm
        clip.length += len(part.pcm)
        clip.parts += 1
        clip.complete = clip.complete or part.last
        clip.fault = part.fault or clip.fault

    @property
    def clips(self) -> list[Clip]:
        return list(self._clips.values())

    def get(self, clip: str) -> Clip | None:
        return self._clips.get(clip)
