"""Small widgets shared by the screens: accessible labels, video views, the QR code."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

if TYPE_CHECKING:  # PyAV and qrcode load with the first call, not before the window shows
    from av import VideoFrame

VIDEO_FPS = 10  # the assistant's views; the doctor gets the full rate


def accessible(widget: QWidget, name: str, description: str = "") -> QWidget:
    """Give a control the name a screen reader says (and its tooltip, for everyone)."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    widget.setToolTip(description or name)
    return widget


def heading(text: str, level: int = 1) -> QLabel:
    label = QLabel(text)
    label.setObjectName(f"heading{level}")
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def rgb_image(data: bytes | memoryview, width: int, height: int, stride: int) -> QImage:
    """A QImage that owns a copy of packed RGB rows (``stride`` bytes apart in ``data``).

    Never ``QImage(bytes, ...)``: that image borrows the buffer without holding it, and a
    freed buffer corrupts memory (seen here as "deallocating None" mid-call).
    """
    image = QImage(width, height, QImage.Format.Format_RGB888)
    target = image.bits()
    line = width * 3
    source = memoryview(data)
    if stride == line == image.bytesPerLine():
        target[: line * height] = source[: line * height]
        return image
    per_line = image.bytesPerLine()
    for row in range(height):
        target[row * per_line : row * per_line + line] = source[row * stride : row * stride + line]
    return image


def frame_to_image(frame: VideoFrame, width: int) -> QImage:
    """An RGB QImage of a frame scaled to ``width``, owning its pixels."""
    height = max(1, round(frame.height * width / frame.width)) // 2 * 2
    plane = frame.reformat(width=width, height=height, format="rgb24").planes[0]
    return rgb_image(memoryview(plane), width, height, plane.line_size)


class VideoView(QLabel):
    """Shows the latest frame a source offers, a few times a second, or a waiting message."""

    def __init__(
        self,
        source: Callable[[], VideoFrame | None],
        waiting_text: str,
        accessible_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(waiting_text, parent)
        self.source = source
        self.waiting_text = waiting_text
        self.frames_shown = 0
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setObjectName("video")
        self.setMinimumSize(160, 90)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        accessible(self, accessible_name)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(1000 // VIDEO_FPS)
        self._last: VideoFrame | None = None

    def refresh(self) -> None:
        frame = self.source()
        if frame is None:
            if self._last is not None or not self.text():
                self.clear()
                self.setText(self.waiting_text)
            self._last = None
            return
        if frame is self._last:
            return
        self._last = frame
        width = max(160, min(self.width(), 1280)) // 2 * 2
        pixmap = QPixmap.fromImage(frame_to_image(frame, width))
        self.setPixmap(
            pixmap.scaled(
                self.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.frames_shown += 1


def qr_pixmap(text: str, module: int = 6) -> QPixmap:
    """A QR code of ``text`` (black on white, with its quiet zone), ``module`` px per module."""
    import qrcode

    code = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    black = QColor("black").rgb()
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                image.setPixel(x, y, black)
    return QPixmap.fromImage(image.scaled(size * module, size * module))
