"""Hot-plug: a device plugged in later is found, one whose port goes away is said unplugged,
and said back when the port returns (the kiosk's watch looks every two seconds)."""

from __future__ import annotations

from pathlib import Path

from drivers import registry
from drivers.base import DeviceDriver, DeviceKind
from station.devices import hotplug
from station.devices.manager import UNPLUGGED, DeviceManager, DeviceState


def _driver(port: Path) -> DeviceDriver:
    driver = registry.get("welch-allyn-suretemp")(str(port))
    assert isinstance(driver, DeviceDriver)
    return driver


def test_a_device_plugged_in_later_is_found(tmp_path: Path) -> None:
    manager = DeviceManager({})
    heard: list[DeviceKind] = []
    manager.changed.connect(lambda slot: heard.append(slot.kind))
    hotplug.look_once(manager, [DeviceKind.THERMOMETER], lambda kind: None)
    assert manager.slots == {}
    port = tmp_path / "ttyUSB0"
    port.touch()
    hotplug.look_once(manager, [DeviceKind.THERMOMETER], lambda kind: _driver(port))
    assert DeviceKind.THERMOMETER in manager.slots and heard == [DeviceKind.THERMOMETER]


def test_an_unplugged_device_is_said_then_said_back(tmp_path: Path) -> None:
    port = tmp_path / "ttyUSB0"
    port.touch()
    manager = DeviceManager({DeviceKind.THERMOMETER: _driver(port)})
    slot = manager.slots[DeviceKind.THERMOMETER]
    port.unlink()
    hotplug.look_once(manager, [DeviceKind.THERMOMETER], lambda kind: None)
    assert slot.state is DeviceState.ERROR and slot.message == UNPLUGGED
    port.touch()
    hotplug.look_once(manager, [DeviceKind.THERMOMETER], lambda kind: None)
    assert slot.state is DeviceState.READY and slot.message == ""


def test_a_reading_under_way_is_left_alone(tmp_path: Path) -> None:
    port = tmp_path / "ttyUSB0"
    manager = DeviceManager({DeviceKind.THERMOMETER: _driver(port)})
    slot = manager.slots[DeviceKind.THERMOMETER]
    slot.state = DeviceState.MEASURING  # its own failure will say it
    hotplug.look_once(manager, [DeviceKind.THERMOMETER], lambda kind: None)
    assert slot.state is DeviceState.MEASURING
