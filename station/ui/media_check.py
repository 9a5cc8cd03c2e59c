"""The setup screen's camera and microphone, each checked for real before it is kept: an image
from the camera, a second of sound from the microphone."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from station.ui.translate import words
from station.ui.widgets import accessible


class MediaCheckBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Caméra et micro"), parent)
        form = QFormLayout(self)
        self.camera = QLineEdit(objectName="check-camera-port")
        accessible(self.camera, self.tr("Caméra"), self.tr("ex. /dev/video0"))
        self.test_camera = QPushButton(self.tr("Tester la caméra"), objectName="check-camera")
        self.test_camera.clicked.connect(lambda: self._start(self._camera()))
        self.microphone = QLineEdit(objectName="check-microphone-source")
        accessible(self.microphone, self.tr("Micro"), self.tr("ex. alsa:default"))
        self.test_microphone = QPushButton(
            self.tr("Tester le micro"), objectName="check-microphone"
        )
        self.test_microphone.clicked.connect(lambda: self._start(self._microphone()))
        for label, field, button in (
            (self.tr("Caméra"), self.camera, self.test_camera),
            (self.tr("Micro"), self.microphone, self.test_microphone),
        ):
            row = QHBoxLayout()
            row.addWidget(field, 1)
            row.addWidget(button)
            form.addRow(label, row)
        self.state = QLabel(objectName="check-media-state", wordWrap=True)
        form.addRow(self.state)
        self.task: asyncio.Future[None] | None = None

    def load(self) -> None:
        from station.config import ConfigError, device_setting, load

        try:
            self.camera.setText(device_setting("camera").port or "")
            call = load().get("call", {})
            self.microphone.setText(
                str(call.get("microphone", "")) if isinstance(call, dict) else ""
            )
        except ConfigError as err:
            self.state.setText(str(err))

    def _start(self, check: object) -> None:
        if self.task is not None and not self.task.done():
            getattr(check, "close", lambda: None)()  # a coroutine never started
            return
        self.state.setText(self.tr("Vérification en cours…"))
        self.task = asyncio.ensure_future(check)  # type: ignore[arg-type]

    async def _camera(self) -> None:
        from station.config import ConfigError, save_device
        from station.devices.media_check import MediaCheckError, check_camera

        port = self.camera.text().strip()
        if not port:
            self.state.setText(self.tr("Indiquez la caméra à tester."))
            return
        try:
            width, height = await check_camera(port)
            save_device("camera", "uvc-camera", port)
        except MediaCheckError as err:
            self.state.setText(words(err.message))
            return
        except (ConfigError, OSError) as err:
            self.state.setText(str(err))
            return
        self.state.setText(
            self.tr("Caméra : image reçue ({width}×{height}), enregistrée.").format(
                width=width, height=height
            )
        )

    async def _microphone(self) -> None:
        from station.config import ConfigError, save_microphone
        from station.devices.media_check import MediaCheckError, check_microphone

        source = self.microphone.text().strip()
        if not source:
            self.state.setText(self.tr("Indiquez le micro à tester."))
            return
        try:
            level = await check_microphone(source)
            save_microphone(source)
        except MediaCheckError as err:
            self.state.setText(words(err.message))
            return
        except (ConfigError, OSError) as err:
            self.state.setText(str(err))
            return
        self.state.setText(
            self.tr("Micro : son reçu ({level} dB), enregistré.").format(level=round(level))
        )
