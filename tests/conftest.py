from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
