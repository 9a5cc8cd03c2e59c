from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from memory_keyring import MemoryKeyring


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets an empty in-memory keyring; nothing touches the machine's own."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


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
