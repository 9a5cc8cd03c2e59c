from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from memory_keyring import MemoryKeyring

# Hypothesis keeps its examples in memory: no .hypothesis folder in the working directory.
settings.register_profile("station", database=None)
settings.load_profile("station")

# Files a run may leave in the working directory: the caches of the tools themselves.
TOOL_CACHES = {".pytest_cache", ".ruff_cache", "__pycache__", ".venv"}


@pytest.fixture(autouse=True)
def nothing_written_in_the_working_directory() -> Iterator[None]:
    """No test, and no command a test runs, leaves a file where it was started from."""
    cwd = Path.cwd()
    before = set(os.listdir(cwd))
    yield
    appeared = set(os.listdir(cwd)) - before - TOOL_CACHES
    assert not appeared, f"written into the working directory {cwd}: {sorted(appeared)}"


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets an empty in-memory keyring; nothing touches the machine's own."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def service_registry_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A service a test starts (in process or as a command) keeps its registry there, never
    in the machine's data folder."""
    monkeypatch.setenv("STATION_SERVICE_DATABASE", f"sqlite:///{tmp_path / 'registry.sqlite3'}")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--station-port", help="run hardware tests on this serial port")
    parser.addoption("--station-driver", help="driver name for --station-port")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--station-port"):
        return
    skip = pytest.mark.skip(reason="needs a real device: --station-port=PORT --station-driver=NAME")
    for item in items:
        if "hardware" in item.keywords:
            item.add_marker(skip)
