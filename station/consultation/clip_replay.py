"""The recorded stethoscope clips, heard again by the doctor site by site.

The doctor's page is told of every clip (site, time, length, outcome) with the checklist; it
asks for one when the doctor wants to hear it (``clip-wanted``), and gets it as it is kept in
the record, lossless (WAV), in chunks the data channel carries, checked by its SHA-256. A clip
is sent only when asked: twelve lung sites are 17 MB, and most are heard live already.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from station.consultation.consultation import Consultation
from station.records import events as ev
from station.records.auscultation_clips import Clips

CHUNK_BYTES = 36_000  # of sound a message: 48,000 characters in base64, under the 64 KiB cap
CONTENT_TYPE = "audio/wav"


def clip_list(consultation: Consultation) -> list[dict[str, Any]]:
    """What the doctor's page lists of the clips, oldest first (no sound)."""
    return [
        {
            "clip": clip.clip,
            "site": clip.site_code,
            "label": clip.site.label,
            "time": clip.started.isoformat(),
            "seconds": round(clip.seconds, 1),
            "complete": clip.complete,
            "fault": clip.fault,
        }
        for clip in consultation.clips.clips
        if clip.length
    ]


def clip_wav(consultation: Consultation, clip_id: str) -> bytes | None:
    """The clip as the record keeps it, as a WAV file (None: no such clip here). Reads only
    its own parts from the record: call it off the event loop."""
    headers = consultation.clip_parts.get(clip_id)
    if not headers:
        return None
    clips = Clips()
    for header in headers:
        event = consultation.store.read(header)
        part = ev.decode(event)
        assert isinstance(part, ev.AuscultationPart)
        clips.add(part)
    clip = clips.get(clip_id)
    return clip.wav() if clip is not None else None


def clip_messages(clip_id: str, wav: bytes) -> list[dict[str, Any]]:
    """The WAV file in data-channel messages, in order; the page checks the whole by its hash."""
    digest = hashlib.sha256(wav).hexdigest()
    count = max(1, -(-len(wav) // CHUNK_BYTES))
    return [
        {
            "type": "clip",
            "clip": clip_id,
            "index": index,
            "count": count,
            "content_type": CONTENT_TYPE,
            "sha256": digest,
            "data_b64": base64.b64encode(
                wav[index * CHUNK_BYTES : (index + 1) * CHUNK_BYTES]
            ).decode("ascii"),
        }
        for index in range(count)
    ]
