"""Files the station writes for a person (reports, exports): owner-only, clear errors.

A report holds a patient's health data: on a shared kiosk account nobody else may read it,
so every file is created with mode 0600 (on Windows the user's profile folder protects it).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


class ExportError(OSError):
    """A file could not be written; ``message`` says why in plain French."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def documents_folder() -> Path:
    """Where a file goes when nobody chose a folder: the user's documents, never the cwd."""
    return Path(platformdirs.user_documents_dir())


def write_private(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path``, readable and writable by its owner only."""
    if not path.parent.is_dir():
        raise ExportError(f"Le dossier {path.parent} n’existe pas : choisissez-en un autre.")
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
        os.chmod(path, 0o600)  # an existing file keeps its old mode through O_TRUNC
    except OSError as err:
        raise ExportError(f"Impossible d’écrire {path} ({err.strerror or err}).") from err
    return path
