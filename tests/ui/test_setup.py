"""Station setup: identity saved to the settings file; a device is saved only once a real
reading through its driver worked on that port."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from drivers.base import DeviceKind
from drivers.sim import simulator_class
from station.ui import scripted, user
from station.ui.main_window import MainWindow
from tests.ui.fakes import offline_workstation


def test_device_pairing_is_tested_before_it_is_saved(
    run_ui: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    config = tmp_path / "station.toml"
    monkeypatch.setenv("STATION_CONFIG", str(config))
    window = MainWindow(offline_workstation(tmp_path))
    qtbot.addWidget(window)
    window.show()
    window.show_setup()
    pairing = window.setup.pairings[DeviceKind.THERMOMETER]
    sim = simulator_class("welch-allyn-suretemp")(profile="fever")
    port = sim.start()

    async def scenario() -> dict[str, Any]:
        seen: dict[str, Any] = {}
        user.type_into(pairing.port, "/dev/nonexistent-station-port")
        user.click(pairing.test)
        await scripted.until(lambda: "⚠" in pairing.result.text(), 30, "error")
        seen["bad"] = (pairing.result.text(), pairing.save.isEnabled())
        user.type_into(pairing.port, port)
        user.click(pairing.test)
        await scripted.until(lambda: "✓" in pairing.result.text(), 60, "reading")
        seen["good"] = (pairing.result.text(), pairing.save.isEnabled())
        user.click(pairing.save)
        return seen

    try:
        seen = run_ui(scenario)
    finally:
        sim.stop()
    bad_text, bad_can_save = seen["bad"]
    assert "impossible d’ouvrir le port" in bad_text.lower() and not bad_can_save
    good_text, good_can_save = seen["good"]
    assert "°C" in good_text and good_can_save
    saved = tomllib.loads(config.read_text(encoding="utf-8"))
    assert saved["devices"]["thermometer"] == {"driver": "welch-allyn-suretemp", "port": port}


def test_station_identity_is_saved_and_reloaded(
    qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    config = tmp_path / "station.toml"
    config.write_text("schema = 1\n[retention]\ndays = 30\n", encoding="utf-8")
    monkeypatch.setenv("STATION_CONFIG", str(config))
    window = MainWindow(offline_workstation(tmp_path))
    qtbot.addWidget(window)
    window.show()
    window.show_setup()
    setup = window.setup
    user.type_into(setup.fields["name"], "Pharmacie du Port")
    user.click(user.button(window, "setup-save"))
    assert "adresse" in setup.message.text()  # the address is needed too
    user.type_into(setup.fields["address"], '3 quai "Est", 29200 Brest')
    user.type_into(setup.fields["ars_reference"], "ARS-BRE-2026-014")
    user.type_into(setup.fields["finess"], "290001234")
    user.choose(setup.place, "pharmacy")  # the kind of place: the act billed follows
    user.click(setup.features["wheelchair"])
    user.click(user.button(window, "setup-save"))
    saved = tomllib.loads(config.read_text(encoding="utf-8"))
    assert saved["station"]["finess"] == "290001234" and saved["station"]["place"] == "pharmacy"
    assert saved["station"]["address"] == '3 quai "Est", 29200 Brest'
    assert saved["station"]["accessibility"] == ["wheelchair"]
    assert saved["retention"] == {"days": 30}  # other settings kept
    window.workstation.store.close()  # the app closed, then started again
    again = MainWindow(offline_workstation(tmp_path))
    qtbot.addWidget(again)
    again.show_setup()
    assert again.setup.fields["ars_reference"].text() == "ARS-BRE-2026-014"
    assert again.setup.features["wheelchair"].isChecked()
    assert again.setup.place.currentData() == "pharmacy"


def test_a_driver_plugin_that_fails_to_import_never_stops_the_window(
    qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from drivers import registry

    monkeypatch.setenv("STATION_CONFIG", str(tmp_path / "station.toml"))
    broken = {**registry.BUILTIN, "vendor-sdk-missing": "vendor_sdk_that_is_not_here:Driver"}
    monkeypatch.setattr(registry, "_targets", lambda: broken)
    window = MainWindow(offline_workstation(tmp_path))
    qtbot.addWidget(window)
    window.show()
    user.click(window.signin.submit)  # nothing typed: refused, the window stays up
    window.show_setup()  # the setup screen lists the drivers: the broken one is left out
    choices = window.setup.pairings[DeviceKind.THERMOMETER].driver
    names = [choices.itemData(i) for i in range(choices.count())]
    assert names == ["welch-allyn-suretemp"]
    assert window.stack.currentWidget() is window.setup
