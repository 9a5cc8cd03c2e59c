"""One error tree for every device driver.

Library errors (pyserial, PyAV, OS) are converted where they enter a driver
(`raise ... from err`), so callers only ever meet these types. Each error carries a
plain-words French message for the assistant (``message``) and a stable ``code`` that a
UI can map to its own translated text; ``str(exc)`` is the plain message.
"""

from __future__ import annotations


class DeviceError(Exception):
    """Base of every error a driver raises."""

    code: str = "device-error"
    default_message: str = "L’appareil a rencontré une erreur."

    def __init__(self, message: str | None = None, *, device: str | None = None) -> None:
        self.message = message or self.default_message
        self.device = device
        super().__init__(self.message)


class DeviceNotFound(DeviceError):
    code = "not-found"
    default_message = "Appareil introuvable : vérifiez qu’il est branché et allumé."


class DeviceDisconnected(DeviceError):
    code = "disconnected"
    default_message = (
        "L’appareil a été débranché ou la liaison a été coupée. "
        "Rebranchez-le puis recommencez la mesure."
    )


class DeviceTimeout(DeviceError):
    code = "timeout"
    default_message = (
        "L’appareil ne répond pas. Vérifiez qu’il est allumé et prêt, puis recommencez."
    )


class ProtocolError(DeviceError):
    """The device sent bytes that do not follow its protocol (garbage, bad checksum...)."""

    code = "protocol"
    default_message = (
        "La liaison avec l’appareil est perturbée (données illisibles). Recommencez la mesure ; "
        "si cela se reproduit, vérifiez le câble."
    )


class MeasurementError(DeviceError):
    """The device itself reported that it could not measure.

    ``device_code`` is the device's own error code or state, kept for the technician.
    """

    code = "measurement"
    default_message = "L’appareil n’a pas pu prendre la mesure. Recommencez."

    def __init__(
        self,
        message: str | None = None,
        *,
        device_code: int | str | None = None,
        device: str | None = None,
    ) -> None:
        super().__init__(message, device=device)
        self.device_code = device_code


class DriverUnavailable(DeviceError):
    """A driver is unknown, or its module (or a vendor SDK it needs) failed to import."""

    code = "driver-unavailable"
    default_message = "Le pilote de cet appareil n’est pas disponible sur ce poste."
