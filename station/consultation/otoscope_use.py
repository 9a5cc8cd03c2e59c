"""When the otoscope is in use, so that its video line goes at its full rate only then.

In use: the doctor asked to see it (for ``SHOWN_FOR`` seconds), or an otoscope step waits for
the assistant (the checklist's examination, a doctor's request for a still). Otherwise its line
idles at a low rate (``station.call.media_lines.OTOSCOPE_IDLE_FPS``).
"""

from __future__ import annotations

from station.checklists.run import ChecklistRun

SHOWN_FOR = 120.0  # seconds the doctor's "show me the otoscope" keeps it at full rate


def otoscope_in_use(run: ChecklistRun, shown_at: float | None, now: float) -> bool:
    if shown_at is not None and now - shown_at < SHOWN_FOR:
        return True
    return any(s.device == "otoscope" and s.id not in run.answers for s in run.visible())
