from collections.abc import Iterator
from importlib.metadata import EntryPoint

import pytest

from drivers import registry
from drivers.base import DeviceKind
from drivers.errors import DriverUnavailable

BUILTIN = {
    "beurer-bm58": DeviceKind.BLOOD_PRESSURE,
    "welch-allyn-suretemp": DeviceKind.THERMOMETER,
    "contec-cms50d": DeviceKind.OXIMETER,
    "contec-cms50e": DeviceKind.OXIMETER,
    "nonin-format7": DeviceKind.OXIMETER,
    "marsden-m430": DeviceKind.SCALE,
    "uvc-camera": DeviceKind.CAMERA,
    "stethoscope-audio": DeviceKind.STETHOSCOPE,
}


@pytest.mark.parametrize(("name", "kind"), sorted(BUILTIN.items()))
def test_builtin_drivers_are_registered_under_their_names(name: str, kind: DeviceKind) -> None:
    cls = registry.get(name)
    assert cls.name == name and cls.kind == kind
    assert cls.__module__.splitlines()  # the module header names model, transport, source
    doc = __import__(cls.__module__, fromlist=["x"]).__doc__ or ""
    assert "Source" in doc and ("Transport" in doc or "transport" in doc)


def test_every_kind_has_a_default_driver() -> None:
    for kind in DeviceKind:
        assert registry.get(registry.DEFAULT_FOR_KIND[kind]).kind == kind


def test_unknown_driver_names_the_available_ones() -> None:
    with pytest.raises(DriverUnavailable) as caught:
        registry.get("no-such-driver")
    assert "beurer-bm58" in caught.value.message


@pytest.fixture(autouse=True)
def fresh_scan() -> Iterator[None]:
    """The registry scans entry points once per process: each test here scans its own."""
    registry._scanned.cache_clear()
    yield
    registry._scanned.cache_clear()


def test_entry_points_are_scanned_once(monkeypatch: pytest.MonkeyPatch) -> None:
    scans = []

    def counting(group: str) -> list[EntryPoint]:
        scans.append(group)
        return []

    monkeypatch.setattr(registry, "entry_points", counting)
    for _ in range(3):
        registry.get("beurer-bm58")
        registry.names()
    assert scans == ["station.drivers"]


def _fake_entry_points(*eps: EntryPoint):  # type: ignore[no-untyped-def]
    def entry_points(group: str) -> list[EntryPoint]:
        return [ep for ep in eps if ep.group == group]

    return entry_points


def test_third_party_driver_from_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    ep = EntryPoint("acme-thermo", "drivers.welch_allyn_suretemp:SureTempPlus", "station.drivers")
    monkeypatch.setattr(registry, "entry_points", _fake_entry_points(ep))
    assert "acme-thermo" in registry.names()
    assert registry.get("acme-thermo").kind == DeviceKind.THERMOMETER


def test_broken_plugin_is_unavailable_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    ep = EntryPoint("vendor-sdk", "vendor_sdk_not_installed:Driver", "station.drivers")
    monkeypatch.setattr(registry, "entry_points", _fake_entry_points(ep))
    with pytest.raises(DriverUnavailable):
        registry.get("vendor-sdk")
    # the other drivers of that kind still load
    assert registry.for_kind(DeviceKind.OXIMETER)


def test_plugin_cannot_shadow_a_builtin(monkeypatch: pytest.MonkeyPatch) -> None:
    ep = EntryPoint("beurer-bm58", "drivers.marsden_m430:MarsdenM430", "station.drivers")
    monkeypatch.setattr(registry, "entry_points", _fake_entry_points(ep))
    assert registry.get("beurer-bm58").kind == DeviceKind.BLOOD_PRESSURE
