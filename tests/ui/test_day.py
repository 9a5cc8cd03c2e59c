"""A kiosk's day in one window: consultations one after another, by real clicks and keys.

The second consultation's first reading used to raise RuntimeError (the first screen, deleted
by Qt, still listened to the devices) and left the device "mesure en cours…" for good.
"""

from __future__ import annotations

from typing import Any

from drivers.base import DeviceKind
from station.demo_env import DemoEnvironment
from station.devices.manager import DeviceState
from station.records.report_data import gather
from station.ui import scripted
from tests.ui.fakes import demo_window


def test_three_consultations_in_a_row_in_one_window(run_ui: Any, qtbot: Any) -> None:
    async def scenario() -> dict[str, Any]:
        async with DemoEnvironment() as env:
            window = demo_window(env, qtbot)
            devices = window.workstation.devices
            listeners: list[int] = []
            done = await scripted.play_day(
                window, 3, done=lambda _: listeners.append(devices.changed.listeners)
            )
            assert env.store is not None
            reports = {c: gather(c, env.store.events(c)) for c in done}
            types = {c: [e.type for e in env.store.events(c)] for c in done}
            states = {kind: slot.state for kind, slot in devices.slots.items()}
            await window.workstation.end_call()
            await window.workstation.otoscope.close()
            return {
                "done": done,
                "reports": reports,
                "types": types,
                "listeners": listeners,
                "states": states,
                "screen": window.stack.currentWidget() is window.home,
            }

    result = run_ui(scenario, timeout=400)
    assert len(set(result["done"])) == 3
    for number, consultation in enumerate(result["done"]):
        data = result["reports"][consultation]
        family = scripted.PATIENTS[number][0]
        assert data.patient.family_name == family
        kinds = [m.kind for m in data.measurements]
        assert kinds.count("blood-pressure") == 1, f"consultation {number + 1}: {kinds}"
        assert result["types"][consultation][-2:] == ["report.queued", "cda.made"]
        # What the doctor sent went into this patient's record, once.
        assert data.notes["advice"] == [scripted.DOCTOR_ADVICE]
    # Only the screen on show listens to the devices; the ones before were cut off.
    assert result["listeners"] == [0, 0, 0]
    assert all(state is DeviceState.READY for state in result["states"].values())
    assert result["screen"]
    assert DeviceKind.BLOOD_PRESSURE in result["states"]
