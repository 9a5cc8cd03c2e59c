"""Signals: a handle disconnects; a failing listener never stops the others."""

from __future__ import annotations

import asyncio
import logging

import pytest

from station.signals import Connections, Signal


def test_a_disconnected_listener_hears_nothing_more() -> None:
    heard: list[int] = []
    signal: Signal[int] = Signal("test")
    handle = signal.connect(heard.append)
    signal.emit(1)
    handle.disconnect()
    handle.disconnect()  # twice is harmless
    signal.emit(2)
    assert heard == [1] and signal.listeners == 0 and not handle.connected


def test_a_listener_that_raises_is_logged_and_the_others_still_hear(
    caplog: pytest.LogCaptureFixture,
) -> None:
    heard: list[str] = []
    signal: Signal[str] = Signal("devices.changed")

    def broken(_: str) -> None:
        raise RuntimeError("Internal C++ object already deleted")

    signal.connect(broken)
    signal.connect(heard.append)
    with caplog.at_level(logging.ERROR, "station.signals"):
        signal.emit("reading")
    assert heard == ["reading"]
    assert "devices.changed" in caplog.text


def test_a_listener_may_disconnect_another_while_the_signal_runs() -> None:
    heard: list[str] = []
    signal: Signal[None] = Signal()
    links = Connections()

    def first(_: None) -> None:
        heard.append("first")
        links.disconnect_all()

    signal.connect(first)
    links.add(signal.connect(lambda _: heard.append("second")))
    signal.emit(None)
    assert heard == ["first"]


async def test_coroutine_listeners_are_handed_back_to_be_awaited_in_order() -> None:
    order: list[int] = []
    signal: Signal[int] = Signal()

    async def slow(value: int) -> None:
        await asyncio.sleep(0.01)
        order.append(value)

    signal.connect(slow)
    for value in (1, 2):
        for pending in signal.emit(value):
            await pending
    assert order == [1, 2]
