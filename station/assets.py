"""Where the project's assets are (schemas, doctor page, checklists): ``assets/`` beside the
packages in a source or editable install, or ``STATION_ASSETS``."""

from __future__ import annotations

import os
from pathlib import Path


def assets_dir() -> Path:
    override = os.environ.get("STATION_ASSETS")
    return Path(override) if override else Path(__file__).resolve().parents[1] / "assets"
