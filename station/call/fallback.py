"""Audio-only fallback: on a network too poor for video, the video pauses and the voice goes on.

A consultation can go on by voice with the measurements on the data channel; a video that
freezes and chokes the sound cannot. The decision needs several poor samples in a row to
pause (a single burst of loss is not a bad network) and more good ones to resume. When the
video was what choked the link, the voice alone measures good, the video resumes and chokes
it again: each pause soon after a resume doubles the wait before the next resume.
"""

from __future__ import annotations

from station.call.quality import CallQuality

POOR_SAMPLES_TO_PAUSE = 3
GOOD_SAMPLES_TO_RESUME = 5
MAX_GOOD_SAMPLES_TO_RESUME = 60  # two minutes at one sample per 2 s
FLAP_SAMPLES = 15  # a pause this soon after a resume means the video was the trouble


class AudioOnlyFallback:
    def __init__(
        self,
        enabled: bool = True,
        poor_to_pause: int = POOR_SAMPLES_TO_PAUSE,
        good_to_resume: int = GOOD_SAMPLES_TO_RESUME,
    ) -> None:
        self.enabled = enabled
        self.poor_to_pause = poor_to_pause
        self.good_to_resume = good_to_resume
        self.audio_only = False
        self._streak = 0  # consecutive samples pointing towards the other mode
        self._wait = good_to_resume  # good samples needed now (grows when the video flaps)
        self._since_resume: int | None = None

    def update(self, quality: CallQuality) -> bool:
        """Take one quality sample; True when the mode changes (see ``audio_only``)."""
        if not self.enabled:
            return False
        level = quality.network_level  # never the frame rate: a busy machine lowers it
        if level == "unknown":
            return False
        if self._since_resume is not None:
            self._since_resume += 1
        if self.audio_only:
            towards_other = level == "good"
            needed = self._wait
        else:
            towards_other = level == "poor"
            needed = self.poor_to_pause
        self._streak = self._streak + 1 if towards_other else 0
        if self._streak < needed:
            return False
        self.audio_only = not self.audio_only
        self._streak = 0
        if self.audio_only:
            flapping = self._since_resume is not None and self._since_resume <= FLAP_SAMPLES
            self._wait = (
                min(self._wait * 2, MAX_GOOD_SAMPLES_TO_RESUME) if flapping else self.good_to_resume
            )
        else:
            self._since_resume = 0
        return True

    def reset(self) -> bool:
        """A fresh connection starts with video; True if that is a change."""
        changed = self.audio_only
        self.audio_only = False
        self._streak = 0
        self._since_resume = 0 if changed else self._since_resume
        return changed
