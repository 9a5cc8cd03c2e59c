"""A still's preview for the doctor: a JPEG small enough for one data-channel message.

The full-resolution PNG stays in the record (and the report); the doctor gets a view of it
right away, under the channel's 64 KiB message cap.
"""

from __future__ import annotations

import base64
import io

from av import VideoFrame

MAX_JPEG_BYTES = 44_000  # base64 grows it by 4/3: the message stays under 64 KiB


def jpeg_preview(frame: VideoFrame) -> tuple[str, int, int]:
    """Base64 JPEG of the frame, as large and as sharp as fits; returns (data, width, height)."""
    for width, quality in ((960, 80), (800, 70), (640, 65), (480, 60), (320, 50)):
        height = max(2, round(frame.height * width / frame.width) // 2 * 2)
        image = frame.reformat(width=width, height=height, format="rgb24").to_image()
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=quality, optimize=True)
        if out.tell() <= MAX_JPEG_BYTES:
            return base64.b64encode(out.getvalue()).decode("ascii"), width, height
    raise ValueError("the still cannot be made small enough to send")
