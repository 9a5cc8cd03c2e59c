"""A still's preview for the doctor: a JPEG small enough for one data-channel message.

The full-resolution PNG stays in the record (and the report); the doctor gets a view of it
right away, under the channel's 64 KiB message cap.
"""

from __future__ import annotations

import base64
import io

from av import VideoFrame
from PIL import Image

MAX_JPEG_BYTES = 44_000  # base64 grows it by 4/3: the message stays under 64 KiB


def jpeg_preview(frame: VideoFrame) -> tuple[str, int, int]:
    """Base64 JPEG of the frame, as large and as sharp as fits; returns (data, width, height)."""
    return _fitting(frame.to_image())


def png_preview(png: bytes) -> tuple[str, int, int]:
    """The same preview from a still as the record keeps it (a PNG)."""
    return _fitting(Image.open(io.BytesIO(png)).convert("RGB"))


def _fitting(full: Image.Image) -> tuple[str, int, int]:
    for width, quality in ((960, 80), (800, 70), (640, 65), (480, 60), (320, 50)):
        width = min(width, full.width)
        height = max(2, round(full.height * width / full.width) // 2 * 2)
        image = full.resize((width, height), Image.Resampling.BILINEAR)
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=quality, optimize=True)
        if out.tell() <= MAX_JPEG_BYTES:
            return base64.b64encode(out.getvalue()).decode("ascii"), width, height
    raise ValueError("the still cannot be made small enough to send")
