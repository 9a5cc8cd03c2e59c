"""Where the record lives: the platform's per-user data folder, or ``STATION_DATA_DIR``."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir


def data_dir() -> Path:
    override = os.environ.get("STATION_DATA_DIR")
    return Path(override) if override else Path(user_data_dir("station", appauthor=False))


def record_path() -> Path:
    return data_dir() / "record.sqlite3"


def demo_data_dir() -> Path:
    """The demo's own folder: its consultations never mix with real ones."""
    override = os.environ.get("STATION_DATA_DIR")
    return Path(override) if override else data_dir() / "demo"


def demo_record_path() -> Path:
    return demo_data_dir() / "record.sqlite3"
