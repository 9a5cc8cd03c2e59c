"""The consultation's pictures and sounds as FHIR Media: otoscope stills (PNG) and
stethoscope clips (lossless WAV, the site coded in SNOMED CT)."""

from __future__ import annotations

import base64
from typing import Any

from station.records.auscultation_clips import Clip
from station.records.auscultation_sites import SNOMED
from station.records.fhir_doctor import attachment_hash
from station.records.report_data import Still

MEDIA_TYPE = "http://terminology.hl7.org/CodeSystem/media-type"


def still_hash(png: bytes) -> str:
    """How a queued report names a still or a clip: its FHIR Attachment.hash."""
    return attachment_hash(png)


def still_media(still: Still, refs: dict[str, str]) -> dict[str, Any]:
    """A still from a video device (otoscope) as a Media: the PNG, named by its hash."""
    return {
        "resourceType": "Media",
        "status": "completed",
        "type": {"coding": [{"system": MEDIA_TYPE, "code": "image"}]},
        "subject": {"reference": refs["patient"]},
        "encounter": {"reference": refs["encounter"]},
        "createdDateTime": still.time.isoformat(),
        "content": {
            "contentType": "image/png",
            "title": still.caption or still.device,
            "size": len(still.png),
            "hash": still_hash(still.png),
            "data": base64.b64encode(still.png).decode("ascii"),
        },
    }


def auscultation_media(clip: Clip, refs: dict[str, str]) -> dict[str, Any]:
    """A stethoscope clip as a Media: lossless WAV, its site coded in SNOMED CT."""
    wav = clip.wav()
    where = clip.site
    body_site: dict[str, Any] = {"text": where.label}
    if where.snomed:
        body_site["coding"] = [
            {"system": SNOMED, "code": where.snomed, "display": where.snomed_display}
        ]
    media: dict[str, Any] = {
        "resourceType": "Media",
        # An interrupted clip (the station stopped mid-clip) is kept, and said so.
        "status": "completed" if clip.complete else "stopped",
        "type": {"coding": [{"system": MEDIA_TYPE, "code": "audio"}]},
        "subject": {"reference": refs["patient"]},
        "encounter": {"reference": refs["encounter"]},
        "bodySite": body_site,
        "createdPeriod": {"start": clip.started.isoformat(), "end": clip.ended.isoformat()},
        "duration": round(clip.seconds, 2),
        "content": {
            "contentType": "audio/wav",
            "title": f"Auscultation — {where.label}",
            "size": len(wav),
            "hash": still_hash(wav),
            "data": base64.b64encode(wav).decode("ascii"),
        },
    }
    if clip.remark:
        media["note"] = [{"text": clip.remark[0].upper() + clip.remark[1:]}]
    return media
